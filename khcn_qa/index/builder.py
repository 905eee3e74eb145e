"""Ingest and removal: build the next generation from the current one plus changes.

Unchanged documents keep their chunks, vectors and tokens; only new or
changed files are parsed and embedded. Everything is written into a private
folder and published in one step (see :mod:`khcn_qa.index.layout`), under a
lock, so a failed or killed ingest never leaves a half-written index and
never loses documents that were already in.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from khcn_qa.config import LIMITS
from khcn_qa.errors import DocumentError, KhcnQaError
from khcn_qa.index import layout
from khcn_qa.index.dense import build_dense, save_dense
from khcn_qa.index.lexical import LexicalIndex, annotation, lexical_text
from khcn_qa.index.manifest import Manifest
from khcn_qa.index.store import StoredDocument, read_store, read_tokens, write_store
from khcn_qa.records import Chunk, ParsedDocument
from khcn_qa.text.tokenize import lexical_tokens

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    """Per-file outcome of one ingest; failures carry a Vietnamese reason."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    chunks: int = 0


@dataclass
class _Entry:
    doc: StoredDocument
    chunks: list[Chunk]
    vectors: np.ndarray
    tokens: list[list[str]]


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to ingest: given files as they are, folders searched for supported types."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in LIMITS.extensions))
        else:
            found.append(path)
    return found


def passage_text(chunk: Chunk, title: str | None) -> str:
    """What the embedding model sees: document title, section path, then the passage."""
    return "\n".join(p for p in (chunk.section_path, chunk.text, annotation(chunk)) if p)


def _load_entries(index_dir: Path, dim: int) -> dict[str, _Entry]:
    generation = layout.current_generation(index_dir)
    if generation is None:
        return {}
    documents, chunks = read_store(generation.chunks_db)
    vectors = np.load(generation.vectors, allow_pickle=False)
    tokens = read_tokens(generation.chunks_db)
    if vectors.shape[1] != dim:
        raise KhcnQaError(
            f"Chỉ mục hiện có dùng vectơ {vectors.shape[1]} chiều, mô hình đang cấu hình là {dim} chiều; "
            "chạy lại với --rebuild."
        )
    entries: dict[str, _Entry] = {}
    for doc in documents:
        ids = [i for i, c in enumerate(chunks) if c.source == doc.meta.source]
        entries[doc.meta.source] = _Entry(doc, [chunks[i] for i in ids], vectors[ids], [tokens[i] for i in ids])
    return entries


def _parse(path: Path, progress: Progress | None = None) -> ParsedDocument:
    from khcn_qa.ingest.loaders import load_document
    from khcn_qa.ingest.parse import parse_document

    def on_page(done: int, total: int) -> None:
        if progress:
            progress(f"OCR {path.name}, trang", done, total)

    return parse_document(load_document(path, progress=on_page))


def _new_entry(parsed: ParsedDocument, embedder: object, progress: Progress | None) -> _Entry:
    title = parsed.meta.title
    texts = [passage_text(c, title) for c in parsed.chunks]
    name = parsed.meta.source

    def on_batch(done: int, total: int) -> None:
        if progress:
            progress(f"Nhúng {name}", done, total)

    vectors = embedder.embed_passages(texts, progress=on_batch)  # type: ignore[attr-defined]
    tokens = [lexical_tokens(lexical_text(c, parsed.meta)) for c in parsed.chunks]
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
    doc = StoredDocument(parsed.meta, parsed.sha256, stamp, len(parsed.chunks))
    return _Entry(doc, list(parsed.chunks), np.asarray(vectors, dtype=np.float32), tokens)


def _write_generation(index_dir: Path, entries: Sequence[_Entry], embedder: object) -> None:
    tmp = layout.new_generation_dir(index_dir)
    try:
        chunks = [c for e in entries for c in e.chunks]
        dim = int(embedder.dim)  # type: ignore[attr-defined]
        vectors = np.concatenate([e.vectors for e in entries]) if entries else np.zeros((0, dim), np.float32)
        tokens = [t for e in entries for t in e.tokens]
        generation = layout.Generation(tmp)
        write_store(generation.chunks_db, [e.doc for e in entries], chunks, tokens)
        np.save(generation.vectors, vectors, allow_pickle=False)
        dense = build_dense(vectors)
        save_dense(dense, generation.dense)
        LexicalIndex.build(tokens).save(generation.bm25)
        Manifest(
            model_id=embedder.model_id,  # type: ignore[attr-defined]
            model_fingerprint=embedder.fingerprint,  # type: ignore[attr-defined]
            dim=dim,
            documents={e.doc.meta.source: e.doc.sha256 for e in entries},
            chunks=len(chunks),
            created_at=time.strftime("%Y-%m-%dT%H:%M:%S"),
            dense_kind=type(dense).__name__,
        ).write(generation.manifest)
        layout.publish(index_dir, tmp)
    except BaseException:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
        raise


def ingest(
    index_dir: Path,
    paths: Sequence[Path],
    embedder: object,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Add new files, replace changed ones, skip unchanged; publish atomically."""
    report = IngestReport()
    files = expand_paths(paths)
    with layout.writer_lock(index_dir):
        entries = {} if rebuild else _load_entries(index_dir, int(embedder.dim))  # type: ignore[attr-defined]
        for number, path in enumerate(files, start=1):
            if progress:
                progress(f"Đọc {path.name}", number - 1, len(files))
            try:
                parsed = _parse(path, progress)
            except DocumentError as error:
                report.failed[path.name] = error.reason
                continue
            existing = entries.get(parsed.meta.source)
            if existing and existing.doc.sha256 == parsed.sha256:
                report.skipped.append(parsed.meta.source)
                continue
            entries[parsed.meta.source] = _new_entry(parsed, embedder, progress)
            (report.replaced if existing else report.added).append(parsed.meta.source)
        if report.added or report.replaced or rebuild:
            if progress:
                progress("Ghi chỉ mục", len(files), len(files))
            _write_generation(index_dir, list(entries.values()), embedder)
        report.chunks = sum(len(e.chunks) for e in entries.values())
    return report


def remove(index_dir: Path, sources: Sequence[str], embedder: object) -> IngestReport:
    """Remove documents by file name; unknown names are reported as failures."""
    report = IngestReport()
    with layout.writer_lock(index_dir):
        entries = _load_entries(index_dir, int(embedder.dim))  # type: ignore[attr-defined]
        for source in sources:
            name = Path(source).name
            if entries.pop(name, None) is None:
                report.failed[name] = "không có trong chỉ mục"
            else:
                report.removed.append(name)
        if report.removed:
            _write_generation(index_dir, list(entries.values()), embedder)
        report.chunks = sum(len(e.chunks) for e in entries.values())
    return report
