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
from khcn_qa.embedding.protocol import Embedder
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
    embedded: int = 0
    embed_seconds: float = 0.0

    @property
    def chunks_per_second(self) -> float:
        """Embedding throughput of this ingest (0 when nothing was embedded)."""
        return self.embedded / self.embed_seconds if self.embed_seconds > 0 else 0.0


@dataclass(frozen=True)
class VectorSpace:
    """What the vectors of a generation were made with; written into its manifest."""

    model_id: str
    fingerprint: str
    dim: int
    engine: str
    precision: str

    @classmethod
    def of(cls, embedder: Embedder) -> VectorSpace:
        """The space of an embedder (loads a lazy one)."""
        return cls(embedder.model_id, embedder.fingerprint, int(embedder.dim), embedder.engine, embedder.precision)

    @classmethod
    def of_manifest(cls, manifest: Manifest) -> VectorSpace:
        """The space an existing generation was built in."""
        return cls(manifest.model_id, manifest.model_fingerprint, manifest.dim, manifest.engine, manifest.precision)


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


def _load_entries(index_dir: Path) -> dict[str, _Entry]:
    generation = layout.current_generation(index_dir)
    if generation is None:
        return {}
    documents, chunks = read_store(generation.chunks_db)
    vectors = np.load(generation.vectors, allow_pickle=False)
    tokens = read_tokens(generation.chunks_db)
    rows_of: dict[str, list[int]] = {}
    for i, chunk in enumerate(chunks):
        rows_of.setdefault(chunk.source, []).append(i)
    entries: dict[str, _Entry] = {}
    for doc in documents:
        ids = rows_of.get(doc.meta.source, [])
        entries[doc.meta.source] = _Entry(doc, [chunks[i] for i in ids], vectors[ids], [tokens[i] for i in ids])
    return entries


def _current_manifest(index_dir: Path) -> Manifest | None:
    generation = layout.current_generation(index_dir)
    return Manifest.read(generation.manifest) if generation is not None else None


def _check_same_space(previous: Manifest, embedder: Embedder, index_dir: Path) -> None:
    """New vectors must live in the space of the kept ones, or the index would mix two models."""
    previous.check_compatible(embedder.model_id, embedder.fingerprint, index_dir, embedder.precision)
    if previous.dim != int(embedder.dim):
        raise KhcnQaError(
            f"Chỉ mục hiện có dùng vectơ {previous.dim} chiều, mô hình đang cấu hình là {embedder.dim} "
            "chiều; chạy lại với --rebuild."
        )


def _parse(path: Path) -> ParsedDocument:
    from khcn_qa.ingest.loaders import load_document
    from khcn_qa.ingest.parse import parse_document

    return parse_document(load_document(path))


def _embed_documents(
    parsed_docs: Sequence[ParsedDocument], embedder: Embedder, progress: Progress | None, report: IngestReport
) -> list[_Entry]:
    """Embed every new chunk in one call: sorted by length and batched across documents."""
    texts = [passage_text(c, d.meta.title) for d in parsed_docs for c in d.chunks]
    started = time.perf_counter()

    def on_batch(done: int, total: int) -> None:
        if progress:
            rate = done / max(time.perf_counter() - started, 1e-6)
            progress(f"Nhúng {total} đoạn ({rate:.0f} đoạn/s)", done, total)

    vectors = np.asarray(embedder.embed_passages(texts, progress=on_batch), dtype=np.float32)
    report.embedded += len(texts)
    report.embed_seconds += time.perf_counter() - started
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
    entries, start = [], 0
    for parsed in parsed_docs:
        count = len(parsed.chunks)
        tokens = [lexical_tokens(lexical_text(c, parsed.meta)) for c in parsed.chunks]
        doc = StoredDocument(parsed.meta, parsed.sha256, stamp, count)
        entries.append(_Entry(doc, list(parsed.chunks), vectors[start : start + count], tokens))
        start += count
    return entries


def _write_generation(index_dir: Path, entries: Sequence[_Entry], space: VectorSpace) -> None:
    tmp = layout.new_generation_dir(index_dir)
    try:
        chunks = [c for e in entries for c in e.chunks]
        dim = space.dim
        vectors = np.concatenate([e.vectors for e in entries]) if entries else np.zeros((0, dim), np.float32)
        tokens = [t for e in entries for t in e.tokens]
        generation = layout.Generation(tmp)
        write_store(generation.chunks_db, [e.doc for e in entries], chunks, tokens)
        np.save(generation.vectors, vectors, allow_pickle=False)
        dense = build_dense(vectors)
        save_dense(dense, generation.dense)
        LexicalIndex.build(tokens).save(generation.bm25)
        Manifest(
            model_id=space.model_id,
            model_fingerprint=space.fingerprint,
            dim=dim,
            documents={e.doc.meta.source: e.doc.sha256 for e in entries},
            chunks=len(chunks),
            created_at=time.strftime("%Y-%m-%dT%H:%M:%S"),
            dense_kind=type(dense).__name__,
            engine=space.engine,
            precision=space.precision,
        ).write(generation.manifest)
        layout.publish(index_dir, tmp)
    except BaseException:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
        raise


def ingest(
    index_dir: Path,
    paths: Sequence[Path],
    embedder: Embedder,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Add new files, replace changed ones, skip unchanged; publish atomically.

    Files are parsed first, then all new chunks are embedded together (the
    model is loaded only when there is something to embed or to rebuild).
    """
    report = IngestReport()
    files = expand_paths(paths)
    with layout.writer_lock(index_dir):
        previous = None if rebuild else _current_manifest(index_dir)
        entries = {} if rebuild else _load_entries(index_dir)
        pending: dict[str, ParsedDocument] = {}
        for number, path in enumerate(files, start=1):
            if progress:
                progress(f"Đọc {path.name}", number - 1, len(files))
            try:
                parsed = _parse(path)
            except DocumentError as error:
                report.failed[path.name] = error.reason
                continue
            source = parsed.meta.source
            existing_sha = pending[source].sha256 if source in pending else (
                entries[source].doc.sha256 if source in entries else None
            )
            if existing_sha == parsed.sha256:
                report.skipped.append(source)
                continue
            if source not in pending:
                (report.replaced if source in entries else report.added).append(source)
            pending[source] = parsed
        if pending:
            if previous is not None:
                _check_same_space(previous, embedder, index_dir)
            for entry in _embed_documents(list(pending.values()), embedder, progress, report):
                entries[entry.doc.meta.source] = entry
        if report.added or report.replaced or rebuild:
            if progress:
                progress("Ghi chỉ mục", len(files), len(files))
            _write_generation(index_dir, list(entries.values()), VectorSpace.of(embedder))
        report.chunks = sum(len(e.chunks) for e in entries.values())
    return report


def remove(index_dir: Path, sources: Sequence[str], embedder: Embedder | None = None) -> IngestReport:
    """Remove documents by file name; unknown names are reported as failures.

    Nothing is embedded: the next generation keeps the vector space recorded
    in the current manifest, so no model is loaded (``embedder`` is ignored).
    """
    report = IngestReport()
    with layout.writer_lock(index_dir):
        previous = _current_manifest(index_dir)
        entries = _load_entries(index_dir)
        for source in sources:
            name = Path(source).name
            if entries.pop(name, None) is None:
                report.failed[name] = "không có trong chỉ mục"
            else:
                report.removed.append(name)
        if report.removed and previous is not None:
            _write_generation(index_dir, list(entries.values()), VectorSpace.of_manifest(previous))
        report.chunks = sum(len(e.chunks) for e in entries.values())
    return report
