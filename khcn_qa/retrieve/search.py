"""Search one index generation: BM25, dense, or both fused, with metadata filters."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from khcn_qa.errors import KhcnQaError
from khcn_qa.index import layout
from khcn_qa.index.dense import load_dense, search_dense
from khcn_qa.index.lexical import LexicalIndex
from khcn_qa.index.manifest import Manifest
from khcn_qa.index.opening import open_generation
from khcn_qa.index.store import StoredDocument, read_store
from khcn_qa.records import Chunk, DocumentMeta, Hit
from khcn_qa.retrieve.fusion import rrf, weighted_minmax
from khcn_qa.text.normalize import fold

MODES = ("bm25", "dense", "hybrid")
FILTER_KEYS = ("province", "doc_type", "year", "source")
CANDIDATES = 100


@dataclass(frozen=True)
class FusionConfig:
    """How hybrid mode fuses: ``rrf`` or ``minmax`` with a dense weight (env-overridable)."""

    method: str = field(default_factory=lambda: os.environ.get("KHCN_QA_FUSION", "minmax"))
    dense_weight: float = field(default_factory=lambda: float(os.environ.get("KHCN_QA_DENSE_WEIGHT", "0.3")))


class Searcher:
    """Everything of one generation held in memory, queried many times."""

    def __init__(self, generation: layout.Generation, embedder: object, fusion: FusionConfig | None = None) -> None:
        self.generation = generation
        self.embedder = embedder
        self.fusion = fusion or FusionConfig()
        self.warning: str | None = None
        self.pointer = generation.name
        self.manifest = Manifest.read(generation.manifest)
        self.documents, self.chunks = read_store(generation.chunks_db)
        self.meta_by_source: dict[str, DocumentMeta] = {d.meta.source: d.meta for d in self.documents}
        self.vectors = np.load(generation.vectors, mmap_mode="r", allow_pickle=False)
        self.dense = load_dense(generation.dense)
        self.lexical = LexicalIndex.load(generation.bm25)
        positions = {d.meta.source: i for i, d in enumerate(self.documents)}
        self._doc_of_chunk = np.array([positions[c.source] for c in self.chunks], dtype=np.int32)
        self._by_source: dict[str, list[Chunk]] = {}
        for chunk in self.chunks:
            self._by_source.setdefault(chunk.source, []).append(chunk)

    def stored_documents(self) -> list[StoredDocument]:
        """Documents of this generation."""
        return list(self.documents)

    def _allowed(self, filters: Mapping[str, object] | None) -> np.ndarray | None:
        """Boolean mask over chunks for the filters, or None when unfiltered."""
        if not filters:
            return None
        keep_docs = np.ones(len(self.documents), dtype=bool)
        for key, wanted in filters.items():
            if wanted in (None, "", [], ()):
                continue
            if key not in FILTER_KEYS:
                raise KhcnQaError(f"Bộ lọc không hợp lệ: {key} (dùng {', '.join(FILTER_KEYS)})")
            values = wanted if isinstance(wanted, list | tuple | set) else [wanted]
            accepted = {fold(str(v)) for v in values}
            for i, doc in enumerate(self.documents):
                value = doc.meta.source if key == "source" else getattr(doc.meta, key)
                if value is None or fold(str(value)) not in accepted:
                    keep_docs[i] = False
        return keep_docs[self._doc_of_chunk]

    def _bm25(self, query: str, mask: np.ndarray | None) -> dict[int, float]:
        scores = self.lexical.scores(query, mask)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(CANDIDATES, len(scores))
        if k == 0:
            return {}
        top = np.argpartition(-scores, k - 1)[:k]
        return {int(i): float(scores[i]) for i in top if scores[i] > 0}

    def _dense(self, query_vector: np.ndarray, mask: np.ndarray | None) -> dict[int, float]:
        allowed = np.flatnonzero(mask) if mask is not None else None
        if allowed is not None and len(allowed) == 0:
            return {}
        scores, ids = search_dense(self.dense, query_vector, CANDIDATES, allowed)
        return {int(i): float(s) for i, s in zip(ids, scores, strict=True)}

    def search(self, query: str, top_k: int = 10, mode: str = "hybrid", filters: Mapping[str, object] | None = None) -> list[Hit]:
        """Rank chunks for ``query``; every hit carries its dense and BM25 evidence."""
        if mode not in MODES:
            raise KhcnQaError(f"Chế độ tìm kiếm không hợp lệ: {mode} (dùng {', '.join(MODES)})")
        if not query.strip() or not self.chunks:
            return []
        mask = self._allowed(filters)
        bm25 = self._bm25(query, mask) if mode in ("bm25", "hybrid") else {}
        # Pure BM25 mode never pays for the query embedding (~35 ms on two cores).
        query_vector = None if mode == "bm25" else self.embedder.embed_queries([query])[0]  # type: ignore[attr-defined]
        dense = self._dense(query_vector, mask) if query_vector is not None else {}
        if mode == "bm25":
            fused = bm25
        elif mode == "dense":
            fused = dense
        elif self.fusion.method == "minmax":
            fused = weighted_minmax(dense, bm25, self.fusion.dense_weight)
        else:
            fused = rrf({"dense": _ranking(dense), "bm25": _ranking(bm25)})
        ranked = sorted(fused, key=lambda i: (-fused[i], i))[:top_k]
        best_bm25 = max(bm25.values(), default=0.0)
        hits = []
        for rank, chunk_id in enumerate(ranked, start=1):
            signals = {
                "bm25": bm25.get(chunk_id, 0.0),
                "bm25_rel": bm25.get(chunk_id, 0.0) / best_bm25 if best_bm25 else 0.0,
                "fused": fused[chunk_id],
            }
            if query_vector is not None:
                cosine = dense.get(chunk_id)
                signals["dense"] = cosine if cosine is not None else float(np.dot(self.vectors[chunk_id], query_vector))
            chunk = self.chunks[chunk_id]
            hits.append(Hit(chunk, self.meta_by_source[chunk.source], fused[chunk_id], rank, signals))
        return hits

    def chunks_of(self, source: str) -> list[Chunk]:
        """One document's chunks in reading order."""
        return self._by_source.get(source, [])

    def section_context(self, chunk: Chunk) -> list[Chunk]:
        """All chunks of the same document under the same section, in order."""
        return [c for c in self.chunks_of(chunk.source) if c.section == chunk.section]


def _ranking(scores: Mapping[int, float]) -> list[int]:
    return sorted(scores, key=lambda i: (-scores[i], i))


def open_searcher(index_dir: Path, embedder: object) -> Searcher | None:
    """Open the live generation (or, when it is damaged, the newest intact one).

    Checks it was built with this embedder; ``searcher.warning`` says when an
    earlier generation stands in for a damaged live one.
    """
    opened = open_generation(index_dir, lambda generation: Searcher(generation, embedder))
    if opened is None:
        return None
    searcher = opened.value
    searcher.warning = opened.warning
    searcher.pointer = opened.pointer
    searcher.manifest.check_compatible(
        embedder.model_id, getattr(embedder, "fingerprint", None), index_dir  # type: ignore[attr-defined]
    )
    return searcher
