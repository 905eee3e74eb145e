"""Benchmark: ingest throughput, query latency per mode, memory, and growth to 10k/100k chunks.

Run with ``make bench`` (or ``python benchmarks/benchmark.py [--sizes 10000,100000]``).
Figures go to stdout as a Markdown table and to ``benchmarks/results.json``;
the README quotes them. Synthetic corpora are built from the real chunks:
texts, tokens and metadata are copied, vectors are the real vectors plus
small noise (re-normalised), so BM25 statistics and vector geometry stay
realistic without embedding 100k passages on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from khcn_qa.embedding import load_embedder  # noqa: E402
from khcn_qa.index import builder, layout  # noqa: E402
from khcn_qa.index.store import StoredDocument, read_store, read_tokens  # noqa: E402
from khcn_qa.retrieve.search import Searcher  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))]


def rss_mb() -> float:
    """Peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def questions() -> list[str]:
    path = ROOT / "eval" / "questions.jsonl"
    return [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def time_queries(searcher: Searcher, qs: list[str], modes: tuple[str, ...]) -> dict[str, dict[str, float]]:
    result = {}
    for mode in modes:
        searcher.search(qs[0], top_k=10, mode=mode)  # warm
        times = []
        for q in qs:
            start = time.perf_counter()
            searcher.search(q, top_k=10, mode=mode)
            times.append((time.perf_counter() - start) * 1000)
        result[mode] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 95), 1)}
    return result


def time_embedding(embedder: object, qs: list[str]) -> float:
    times = []
    for q in qs[:50]:
        start = time.perf_counter()
        embedder.embed_queries([q])  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def synthetic(index_dir: Path, seed_index: Path, size: int, embedder: object) -> float:
    """Write a generation of ``size`` chunks cloned from the seed index; return seconds."""
    generation = layout.current_generation(seed_index)
    assert generation is not None
    documents, chunks = read_store(generation.chunks_db)
    vectors = np.load(generation.vectors)
    tokens = read_tokens(generation.chunks_db)
    rng = np.random.default_rng(0)
    by_source = {d.meta.source: [i for i, c in enumerate(chunks) if c.source == d.meta.source] for d in documents}
    entries = []
    total, copy = 0, 0
    while total < size:
        for doc in documents:
            ids = by_source[doc.meta.source][: size - total]
            if not ids:
                break
            name = f"copy{copy:05d}-{doc.meta.source}"
            noisy = vectors[ids] + rng.normal(0, 0.02, size=(len(ids), vectors.shape[1])).astype(np.float32)
            noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
            meta = type(doc.meta)(**{**doc.meta.to_dict(), "source": name})
            cloned = [type(chunks[i])(**{**chunks[i].__dict__, "source": name}) for i in ids]
            entries.append(builder._Entry(StoredDocument(meta, doc.sha256, doc.ingested_at, len(ids)), cloned, noisy, [tokens[i] for i in ids]))
            total += len(ids)
        copy += 1
    start = time.perf_counter()
    builder._write_generation(index_dir, entries, embedder)
    return time.perf_counter() - start


def flat_vs_hnsw(generation: layout.Generation, embedder: object, qs: list[str]) -> dict[str, float]:
    """Dense-only latency and recall@10 of HNSW against exact search on the same vectors.

    This is the measurement behind ``HNSW_THRESHOLD``: HNSW is used only where
    exact search would cost more than the whole query budget.
    """
    from khcn_qa.index.dense import build_dense, search_dense

    vectors = np.load(generation.vectors)
    # Synthetic copies of one chunk are interchangeable, so recall counts
    # distinct passages (by text), not copy ids.
    _, chunks = read_store(generation.chunks_db)
    text_of = [c.text for c in chunks]
    flat = build_dense(vectors, threshold=len(vectors) + 1)
    start = time.perf_counter()
    hnsw = build_dense(vectors, threshold=0)
    build_s = time.perf_counter() - start
    query_vectors = embedder.embed_queries(qs)  # type: ignore[attr-defined]
    flat_ms, hnsw_ms, recall = [], [], []
    for vector in query_vectors:
        t0 = time.perf_counter()
        _, exact = search_dense(flat, vector, 10)
        t1 = time.perf_counter()
        _, approx = search_dense(hnsw, vector, 10)
        t2 = time.perf_counter()
        flat_ms.append((t1 - t0) * 1000)
        hnsw_ms.append((t2 - t1) * 1000)
        wanted = {text_of[i] for i in exact}
        recall.append(len(wanted & {text_of[i] for i in approx}) / max(1, len(wanted)))
    return {
        "flat_p50_ms": round(statistics.median(flat_ms), 2),
        "hnsw_p50_ms": round(statistics.median(hnsw_ms), 2),
        "hnsw_recall@10_distinct_passages": round(float(np.mean(recall)), 3),
        "hnsw_build_s": round(build_s, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000", help="synthetic corpus sizes (chunks)")
    args = parser.parse_args()
    results: dict[str, object] = {}
    qs = questions()

    start = time.perf_counter()
    embedder = load_embedder()
    results["model_load_s"] = round(time.perf_counter() - start, 2)
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "seed"
        start = time.perf_counter()
        report = builder.ingest(seed, [ROOT / "corpus"], embedder)
        elapsed = time.perf_counter() - start
        results["ingest_seed"] = {
            "chunks": report.chunks,
            "seconds": round(elapsed, 2),
            "chunks_per_s": round(report.chunks / elapsed, 1),
            "chunks_per_s_incl_model_load": round(report.chunks / (elapsed + results["model_load_s"]), 1),
        }
        results["query_embedding_p50_ms"] = time_embedding(embedder, qs)
        searcher = Searcher(layout.current_generation(seed), embedder)
        results["seed"] = {"queries": len(qs), **time_queries(searcher, qs, ("bm25", "dense", "hybrid"))}
        results["seed"]["peak_rss_mb"] = round(rss_mb(), 0)
        for size in (int(s) for s in args.sizes.split(",") if s):
            folder = Path(tmp) / f"syn{size}"
            build_s = synthetic(folder, seed, size, embedder)
            before = rss_mb()
            start = time.perf_counter()
            big = Searcher(layout.current_generation(folder), embedder)
            open_s = time.perf_counter() - start
            timing = time_queries(big, qs, ("bm25", "dense", "hybrid"))
            results[f"synthetic_{size}"] = {
                "write_index_s": round(build_s, 1), "open_s": round(open_s, 2), **timing,
                "peak_rss_mb": round(max(before, rss_mb()), 0),
                "dense_only": flat_vs_hnsw(big.generation, embedder, qs),
            }  # fmt: skip
            del big
    out = ROOT / "benchmarks" / "results.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))
    print("\n| corpus | bm25 p50/p95 ms | dense p50/p95 ms | hybrid p50/p95 ms | peak RSS MB |")
    print("|---|---|---|---|---|")
    for key in ["seed"] + [k for k in results if k.startswith("synthetic_")]:
        row = results[key]
        cells = [f"{row[m]['p50_ms']} / {row[m]['p95_ms']}" for m in ("bm25", "dense", "hybrid")]
        print(f"| {key} | {' | '.join(cells)} | {row['peak_rss_mb']} |")


if __name__ == "__main__":
    main()
