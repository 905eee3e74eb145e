"""The tutorial RAG the assistant is measured against.

What most guides build: the raw text of each file cut into fixed 1,000-character
windows with 200 characters of overlap, every window embedded with the same
model the index uses, dense inner-product search only — no structure parsing,
no table rows, no BM25, no diacritic handling. Comparing against it shows what
the document-aware pipeline buys. The embeddings live in memory for one
evaluation run only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from khcn_qa.errors import KhcnQaError
from khcn_qa.records import Answer, Chunk, DocumentMeta, Hit

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
BASELINE_MODE = "baseline"

Composer = Callable[[str, list[Hit]], Answer]


class Embedder(Protocol):
    """The part of ``khcn_qa.embedding`` the baseline needs."""

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 matrix, one row per passage."""
        ...

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 matrix, one row per query."""
        ...


def raw_text(path: Path) -> str:
    """The file's text as a tutorial would get it: loader blocks joined by newlines.

    Uses the package loader so DOCX/PDF read the same as at ingest; table
    blocks become tab-separated lines. Falls back to reading UTF-8 when the
    loader module is not available.
    """
    try:
        from khcn_qa.ingest.loaders import load_document
    except ImportError:
        return path.read_text(encoding="utf-8", errors="replace")
    document = load_document(path)
    lines: list[str] = []
    for block in document.blocks:
        if block.kind == "table" and block.rows:
            lines.extend("\t".join(row) for row in block.rows)
        else:
            lines.append(block.text)
    return "\n".join(lines)


def split_fixed(text: str, size: int = CHUNK_SIZE, overlap: int = CHUNK_OVERLAP) -> list[str]:
    """Cut text the tutorial way: ``RecursiveCharacterTextSplitter(size, overlap)``."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=size, chunk_overlap=overlap)
    return [piece for piece in splitter.split_text(text) if piece.strip()]


def build_chunks(paths: Iterable[Path]) -> list[Chunk]:
    """Fixed-size chunks of every file, ordinals counted per file."""
    chunks: list[Chunk] = []
    for path in paths:
        for ordinal, piece in enumerate(split_fixed(raw_text(path))):
            chunks.append(Chunk(source=path.name, ordinal=ordinal, text=piece))
    return chunks


def load_default_embedder() -> Embedder:
    """The index's embedding model, or a one-line error saying why baseline cannot run."""
    try:
        from khcn_qa.embedding import load_embedder
    except ImportError as exc:
        raise KhcnQaError(f"Không chạy được baseline: thiếu mô-đun nhúng ({exc})") from exc
    return load_embedder()


def load_default_composer() -> Composer | None:
    """The answer composer the Assistant uses; ``None`` skips baseline answer metrics."""
    try:
        from khcn_qa.answer import compose_answer
    except ImportError:
        return None
    return compose_answer


@dataclass
class BaselineSystem:
    """Dense search over fixed-size chunks, shaped like ``Assistant.search``/``ask``."""

    chunks: list[Chunk]
    embedder: Embedder
    composer: Composer | None = None
    matrix: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.chunks:
            raise KhcnQaError("Không chạy được baseline: không có đoạn văn bản nào trong kho")
        vectors = self.embedder.embed_passages([c.text for c in self.chunks])
        self.matrix = np.asarray(vectors, dtype=np.float32)

    @classmethod
    def from_files(
        cls, paths: Sequence[Path], embedder: Embedder, composer: Composer | None = None
    ) -> BaselineSystem:
        """Chunk and embed ``paths`` once for the whole run."""
        return cls(build_chunks(paths), embedder, composer)

    def search(
        self,
        query: str,
        top_k: int = 10,
        mode: str = BASELINE_MODE,
        filters: Mapping[str, object] | None = None,
    ) -> list[Hit]:
        """Exact inner-product top-k; ``mode`` and ``filters`` exist for signature parity only."""
        query_vec = np.asarray(self.embedder.embed_queries([query]), dtype=np.float32)[0]
        scores = self.matrix @ query_vec
        k = min(top_k, len(self.chunks))
        order = np.argsort(-scores, kind="stable")[:k]
        return [
            Hit(
                chunk=self.chunks[i],
                meta=DocumentMeta(source=self.chunks[i].source),
                score=float(scores[i]),
                rank=rank,
                signals={"dense": float(scores[i])},
            )
            for rank, i in enumerate(order, start=1)
        ]

    def ask(
        self,
        question: str,
        top_k: int = 8,
        mode: str = BASELINE_MODE,
        filters: Mapping[str, object] | None = None,
    ) -> Answer | None:
        """Compose an answer from the baseline's hits; ``None`` without a composer."""
        if self.composer is None:
            return None
        return self.composer(question, self.search(question, top_k=top_k))


def corpus_files(sources: Iterable[str], corpus_dir: Path) -> tuple[list[Path], list[str]]:
    """Resolve indexed file names in ``corpus_dir``; returns found paths and missing names."""
    found: list[Path] = []
    missing: list[str] = []
    for name in sorted(set(sources)):
        path = corpus_dir / name
        if path.is_file():
            found.append(path)
        else:
            missing.append(name)
    return found, missing
