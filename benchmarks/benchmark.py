"""Benchmark: ingest throughput, query and ask latency per mode and engine, CLI start-up, growth.

Run with ``make bench`` (or ``python benchmarks/benchmark.py [--sizes 10000,100000]
[--engines onnx,torch]``). ONNX Runtime and PyTorch run side by side in one
process, their timing rounds interleaved so machine load hits both alike.
Figures go to stdout as a Markdown table and to ``benchmarks/results.json``;
the README quotes them. Synthetic corpora are built from the real chunks:
texts, tokens and metadata are copied, vectors are the real vectors plus
small noise (re-normalised), so BM25 statistics and vector geometry stay
realistic without embedding 100k passages on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from khcn_qa import Assistant  # noqa: E402
from khcn_qa.embedding import load_embedder  # noqa: E402
from khcn_qa.embedding.protocol import Embedder  # noqa: E402
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


def questions(limit: int) -> list[str]:
    """An evenly spaced, fixed sample of the eval questions.

    The eval set grew past 1,300 questions; timing every one of them through
    five probes, two engines and two synthetic corpora took over 20 minutes
    without changing a percentile. Every k-th question keeps all splits and
    forms in proportion and gives the same sample on every run.
    """
    path = ROOT / "eval" / "questions.jsonl"
    every = [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit <= 0 or limit >= len(every):
        return every
    step = len(every) / limit
    return [every[int(i * step)] for i in range(limit)]


def summary(times: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 95), 1)}


def timed(call: object, items: list[str]) -> list[float]:
    times = []
    for item in items:
        start = time.perf_counter()
        call(item)  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return times


def time_queries(searcher: Searcher, qs: list[str], modes: tuple[str, ...]) -> dict[str, dict[str, float]]:
    result = {}
    for mode in modes:
        searcher.search(qs[0], top_k=10, mode=mode)  # warm
        result[mode] = summary(timed(lambda q, m=mode: searcher.search(q, top_k=10, mode=m), qs))
    return result


def side_by_side(assistants: dict[str, Assistant], qs: list[str], rounds: int = 2) -> dict[str, dict[str, object]]:
    """Query embedding, search and ask per engine; rounds alternate engines so load is shared."""
    probes = {
        "query_embedding": lambda a: lambda q: a.embedder.embed_queries([q]),
        "search_hybrid": lambda a: lambda q: a.search(q, top_k=10),
        "search_bm25": lambda a: lambda q: a.search(q, top_k=10, mode="bm25"),
        "ask_hybrid": lambda a: lambda q: a.ask(q),
        "ask_bm25": lambda a: lambda q: a.ask(q, mode="bm25"),
    }
    times: dict[str, dict[str, list[float]]] = {e: {p: [] for p in probes} for e in assistants}
    for assistant in assistants.values():
        assistant.ask(qs[0])  # warm every path
    for _ in range(rounds):
        for name, probe in probes.items():
            for engine, assistant in assistants.items():
                times[engine][name] += timed(probe(assistant), qs)
    return {e: {p: summary(t) for p, t in by_probe.items()} for e, by_probe in times.items()}


def cli_wall(index: Path, runs: int = 3) -> dict[str, float]:
    """Median wall seconds of ``khcn-qa`` commands from a fresh interpreter (start-up included)."""
    question = "ai chủ trì nhiệm vụ truy xuất nguồn gốc?"
    commands = {
        "list": ["list"],
        "search_bm25": ["search", "939/KH-UBND", "--mode", "bm25"],
        "ask_bm25": ["ask", question, "--mode", "bm25"],
        "ask_hybrid": ["ask", question],
        "help": ["--help"],
    }
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = {}
    for name, args in commands.items():
        walls = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "khcn_qa", *args, "--index", str(index)] if name != "help"
                           else [sys.executable, "-m", "khcn_qa", *args],
                           check=True, capture_output=True, env=env, cwd=ROOT)  # fmt: skip
            walls.append(time.perf_counter() - start)
        result[name] = round(statistics.median(walls), 2)
    return result


def ingest_seed(folder: Path, embedder: Embedder, load_s: float) -> dict[str, float]:
    start = time.perf_counter()
    report = builder.ingest(folder, [ROOT / "corpus"], embedder)
    elapsed = time.perf_counter() - start
    return {
        "chunks": report.chunks,
        "seconds": round(elapsed, 2),
        "embed_chunks_per_s": round(report.chunks_per_second, 1),
        "chunks_per_s": round(report.chunks / elapsed, 1),
        "chunks_per_s_incl_model_load": round(report.chunks / (elapsed + load_s), 1),
    }


def synthetic(index_dir: Path, seed_index: Path, size: int, embedder: Embedder) -> float:
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
    builder._write_generation(index_dir, entries, builder.VectorSpace.of(embedder))
    return time.perf_counter() - start


def flat_vs_hnsw(generation: layout.Generation, embedder: Embedder, qs: list[str]) -> dict[str, float]:
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
    query_vectors = embedder.embed_queries(qs)
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
    parser.add_argument("--engines", default="onnx,torch", help="embedding engines side by side")
    parser.add_argument("--questions", type=int, default=300, help="eval questions timed (evenly spaced; 0 = all)")
    args = parser.parse_args()
    results: dict[str, object] = {}
    qs = questions(args.questions)
    engines = [e for e in args.engines.split(",") if e]
    with tempfile.TemporaryDirectory() as tmp:
        assistants, embedders = {}, {}
        for engine in engines:
            start = time.perf_counter()
            embedders[engine] = load_embedder(engine=engine)
            load_s = time.perf_counter() - start
            seed = Path(tmp) / f"seed-{engine}"
            results[f"ingest_seed_{engine}"] = {"model_load_s": round(load_s, 2), **ingest_seed(seed, embedders[engine], load_s)}
            assistants[engine] = Assistant(seed, embedders[engine])
        results["engines"] = side_by_side(assistants, qs)
        seed = Path(tmp) / f"seed-{engines[0]}"
        embedder = embedders[engines[0]]
        searcher = Searcher(layout.current_generation(seed), embedder)
        results["seed"] = {"engine": engines[0], "queries": len(qs), **time_queries(searcher, qs, ("bm25", "dense", "hybrid"))}
        results["seed"]["peak_rss_mb"] = round(rss_mb(), 0)
        results["cli_wall_s"] = cli_wall(seed)
        for size in (int(s) for s in args.sizes.split(",") if s):
            folder = Path(tmp) / f"syn{size}"
            build_s = synthetic(folder, seed, size, embedder)
            before = rss_mb()
            start = time.perf_counter()
            big = Searcher(layout.current_generation(folder), embedder)
            open_s = time.perf_counter() - start
            timing = time_queries(big, qs, ("bm25", "dense", "hybrid"))
            big_assistant = Assistant(folder, embedder)
            ask_ms = summary(timed(lambda q, a=big_assistant: a.ask(q), qs))
            results[f"synthetic_{size}"] = {
                "write_index_s": round(build_s, 1), "open_s": round(open_s, 2), **timing, "ask_hybrid": ask_ms,
                "peak_rss_mb": round(max(before, rss_mb()), 0),
                "dense_only": flat_vs_hnsw(big.generation, embedder, qs),
            }  # fmt: skip
            del big, big_assistant
    out = ROOT / "benchmarks" / "results.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))
    print_tables(results, engines)


def print_tables(results: dict[str, object], engines: list[str]) -> None:
    """The README's tables, in Markdown."""
    side = results["engines"]
    print("\n| p50 / p95 ms (seed) | " + " | ".join(engines) + " |")
    print("|---|" + "---|" * len(engines))
    for probe in next(iter(side.values())):  # type: ignore[attr-defined]
        cells = [f"{side[e][probe]['p50_ms']} / {side[e][probe]['p95_ms']}" for e in engines]  # type: ignore[index]
        print(f"| {probe} | {' | '.join(cells)} |")
    print("\n| corpus | bm25 p50/p95 ms | dense p50/p95 ms | hybrid p50/p95 ms | peak RSS MB |")
    print("|---|---|---|---|---|")
    for key in ["seed"] + [k for k in results if k.startswith("synthetic_")]:
        row = results[key]
        cells = [f"{row[m]['p50_ms']} / {row[m]['p95_ms']}" for m in ("bm25", "dense", "hybrid")]  # type: ignore[index]
        print(f"| {key} | {' | '.join(cells)} | {row['peak_rss_mb']} |")  # type: ignore[index]


if __name__ == "__main__":
    main()
