"""What an ingest starts from: the documents, vectors and records of the live generation."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from khcn_qa.errors import KhcnQaError
from khcn_qa.index import layout
from khcn_qa.index.manifest import Manifest
from khcn_qa.index.opening import open_generation
from khcn_qa.index.store import StoredDocument, read_store, read_tokens
from khcn_qa.records import Chunk


@dataclass
class Entry:
    """One document as it goes into a generation: row, chunks, vectors, BM25 tokens."""

    doc: StoredDocument
    chunks: list[Chunk]
    vectors: np.ndarray
    tokens: list[list[str]]


@dataclass
class IndexState:
    """The documents an ingest keeps or replaces, plus what survives every generation."""

    entries: dict[str, Entry] = field(default_factory=dict)
    removed: dict[str, str] = field(default_factory=dict)
    """Absolute path → identity of documents removed by staff (see ``index.documents``)."""
    warning: str | None = None
    """Set when the live generation was damaged and an earlier one was used."""
    manifest: Manifest | None = None
    """The manifest of the generation read (its vector space must match new vectors)."""

    def identity_of_origin(self, origin: str) -> str | None:
        """The identity of the indexed document read from ``origin``, if any."""
        return next((s for s, e in self.entries.items() if e.doc.origin == origin), None)

    def source_with_content(self, sha256: str) -> str | None:
        """The indexed document with exactly this content, if any."""
        return next((s for s, e in self.entries.items() if e.doc.sha256 == sha256), None)


def load_state(index_dir: Path, dim: int | None = None) -> IndexState:
    """Read the live generation (or the newest intact one) into memory.

    ``dim``, when given, must match the stored vectors; removal passes none,
    because it embeds nothing and keeps the recorded vector space.
    """
    opened = open_generation(index_dir, _read_generation)
    if opened is None:
        return IndexState()
    manifest, documents, chunks, vectors, tokens = opened.value
    if dim is not None and vectors.shape[1] != dim:
        raise KhcnQaError(
            f"Chỉ mục hiện có dùng vectơ {vectors.shape[1]} chiều, mô hình đang cấu hình là {dim} chiều; "
            "chạy lại với --rebuild."
        )
    by_source: dict[str, list[int]] = {}
    for i, chunk in enumerate(chunks):
        by_source.setdefault(chunk.source, []).append(i)
    state = IndexState(removed=dict(manifest.removed), warning=opened.warning, manifest=manifest)
    for doc in documents:
        ids = by_source.get(doc.meta.source, [])
        stored = StoredDocument(doc.meta, doc.sha256, doc.ingested_at, doc.n_chunks, manifest.origins.get(doc.meta.source))
        state.entries[doc.meta.source] = Entry(stored, [chunks[i] for i in ids], vectors[ids], [tokens[i] for i in ids])
    return state


def _read_generation(
    generation: layout.Generation,
) -> tuple[Manifest, list[StoredDocument], list[Chunk], np.ndarray, list[list[str]]]:
    manifest = Manifest.read(generation.manifest)
    documents, chunks = read_store(generation.chunks_db)
    vectors = np.load(generation.vectors, allow_pickle=False)
    tokens = read_tokens(generation.chunks_db)
    if len(vectors) != len(chunks) or len(tokens) != len(chunks):
        raise ValueError("vectors, tokens and chunks disagree")
    return manifest, documents, chunks, vectors, tokens
