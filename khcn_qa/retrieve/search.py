"""Search one index generation: BM25, dense, or both fused, with metadata filters."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from khcn_qa.config import FusionMethod, SearchMode, Settings
from khcn_qa.embedding.lazy import is_ready
from khcn_qa.embedding.protocol import Embedder
from khcn_qa.errors import KhcnQaError
from khcn_qa.index import layout
from khcn_qa.index.dense import load_dense, search_dense
from khcn_qa.index.lexical import LexicalIndex
from khcn_qa.index.manifest import Manifest
from khcn_qa.index.opening import open_generation
from khcn_qa.index.store import read_store
from khcn_qa.records import Chunk, DocumentMeta, Hit
from khcn_qa.retrieve.fusion import rrf, weighted_minmax
from khcn_qa.text.normalize import fold

MODES = tuple(m.value for m in SearchMode)
FILTER_KEYS = ("province", "doc_type", "year", "source")
CANDIDATES = 100
# numpy reads every .npy header with ast.literal_eval, i.e. compile(); on CPython 3.11.7 two threads
# compiling at once can raise "SystemError: AST constructor recursion depth mismatch" (fixed in
# 3.11.8). Opening a generation takes milliseconds, so opening one at a time costs nothing.
_LOAD_LOCK = threading.Lock()


@dataclass(frozen=True)
class FusionConfig:
    """How hybrid mode fuses: ``rrf`` or ``minmax`` with a dense weight."""

    method: FusionMethod = FusionMethod.MINMAX
    dense_weight: float = 0.3

    @classmethod
    def from_settings(cls, settings: Settings) -> FusionConfig:
        """The fusion the settings ask for."""
        return cls(settings.fusion, settings.dense_weight)


class Searcher:
    """Everything of one generation held in memory, queried many times."""

    def __init__(
        self, generation: layout.Generation, embedder: Embedder, fusion: FusionConfig | None = None
    ) -> None:
        self.generation = generation
        self.embedder = embedder
        self.fusion = fusion or FusionConfig()
        self.warning: str | None = None
        self.pointer = generation.name
        self.manifest = Manifest.read(generation.manifest)
        self._vectors_checked = False
        self.documents, self.chunks = read_store(generation.chunks_db)
        self.meta_by_source: dict[str, DocumentMeta] = {d.meta.source: d.meta for d in self.documents}
        with _LOAD_LOCK:
            self.vectors = np.load(generation.vectors, mmap_mode="r", allow_pickle=False)
            self.dense = load_dense(generation.dense)
            self.lexical = LexicalIndex.load(generation.bm25)
        positions = {d.meta.source: i for i, d in enumerate(self.documents)}
        self._doc_of_chunk = np.array([positions[c.source] for c in self.chunks], dtype=np.int32)
        self._by_source: dict[str, list[Chunk]] = {}
        for chunk in self.chunks:
            self._by_source.setdefault(chunk.source, []).append(chunk)

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

    def check_vectors(self) -> None:
        """Refuse an embedder whose vectors live in another space (once; loads a lazy model)."""
        if not self._vectors_checked:
            self.manifest.check_vectors(self.embedder.fingerprint, self.embedder.precision, self.generation.path.parent)
            self._vectors_checked = True

    def _query_vector(self, query: str) -> np.ndarray:
        self.check_vectors()
        return np.asarray(self.embedder.embed_queries([query])[0], dtype=np.float32)

    def search(
        self,
        query: str,
        top_k: int = 10,
        mode: str | SearchMode = SearchMode.HYBRID,
        filters: Mapping[str, object] | None = None,
    ) -> list[Hit]:
        """Rank chunks for ``query``; every hit carries its dense and BM25 evidence."""
        mode = parse_mode(mode)
        if not query.strip() or not self.chunks:
            return []
        mask = self._allowed(filters)
        bm25 = self._bm25(query, mask) if mode is not SearchMode.DENSE else {}
        # Pure BM25 mode never pays for the query embedding (nor for loading the model).
        query_vector = None if mode is SearchMode.BM25 else self._query_vector(query)
        dense = self._dense(query_vector, mask) if query_vector is not None else {}
        if mode is SearchMode.BM25:
            fused = bm25
        elif mode is SearchMode.DENSE:
            fused = dense
        elif self.fusion.method is FusionMethod.MINMAX:
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


def parse_mode(mode: str | SearchMode) -> SearchMode:
    """A search mode by name; an unknown one is refused with the valid names."""
    try:
        return SearchMode.from_str(mode)
    except KhcnQaError:
        raise KhcnQaError(f"Chế độ tìm kiếm không hợp lệ: {mode} (dùng {', '.join(MODES)})") from None


def open_searcher(index_dir: Path, embedder: Embedder, fusion: FusionConfig | None = None) -> Searcher | None:
    """Open the live generation (or, when it is damaged, the newest intact one).

    The model name is checked now; weights and numerics as soon as the model
    is loaded (now if it is, else at the first dense query), so opening an
    index never loads a model. ``searcher.warning`` says when an earlier
    generation stands in for a damaged live one.
    """
    opened = open_generation(index_dir, lambda generation: Searcher(generation, embedder, fusion))
    if opened is None:
        return None
    searcher = opened.value
    searcher.warning = opened.warning
    searcher.pointer = opened.pointer
    searcher.manifest.check_model(embedder.model_id, index_dir)
    if is_ready(embedder):
        searcher.check_vectors()
    return searcher
