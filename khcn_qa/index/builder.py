"""Ingest and removal: build the next generation from the current one plus changes.

Unchanged documents keep their chunks, vectors and tokens; only new or
changed files are parsed and embedded. Everything is written into a private
folder and published in one step (see :mod:`khcn_qa.index.layout`), under a
lock, so a failed or killed ingest never leaves a half-written index and
never loses documents that were already in.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from khcn_qa.embedding.protocol import Embedder, prepare_passages
from khcn_qa.errors import KhcnQaError
from khcn_qa.index import layout
from khcn_qa.index.dense import build_dense, save_dense
from khcn_qa.index.documents import documents_dir, removal_effect, stored_copy
from khcn_qa.index.identity import SourceFile, display_path
from khcn_qa.index.identity import expand_paths as _expand
from khcn_qa.index.integrity import generation_digests
from khcn_qa.index.lexical import LexicalIndex, annotation, lexical_text
from khcn_qa.index.manifest import Manifest
from khcn_qa.index.planning import Plan, estimate, plan_ingest
from khcn_qa.index.state import Entry, IndexState, load_state
from khcn_qa.index.store import StoredDocument, write_store
from khcn_qa.index.writing import writing_errors
from khcn_qa.records import Chunk, ParsedDocument
from khcn_qa.text.tokenize import lexical_tokens

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
Notify = Callable[[str], None]
_Entry = Entry  # the benchmark builds entries directly
LONG_EMBEDDING_S = 30.0


@dataclass
class IngestReport:
    """Per-file outcome of one ingest; failures carry a Vietnamese reason."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    chunks: int = 0
    duplicates: dict[str, str] = field(default_factory=dict)
    """Identity → the indexed document with the same content (not indexed twice)."""
    skipped_removed: list[str] = field(default_factory=list)
    """Files in an ingested folder that staff removed earlier."""
    replaced_paths: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Identity → (path the old version came from, path of the new one)."""
    notes: list[str] = field(default_factory=list)
    warning: str | None = None
    embedded: int = 0
    embed_seconds: float = 0.0

    @property
    def chunks_per_second(self) -> float:
        """Embedding throughput of this ingest (0 when nothing was embedded)."""
        return self.embedded / self.embed_seconds if self.embed_seconds > 0 else 0.0

    @property
    def files_seen(self) -> int:
        """Files the ingest looked at, whatever happened to them."""
        return len(self.added) + len(self.replaced) + len(self.skipped) + len(self.failed) + len(
            self.duplicates
        ) + len(self.skipped_removed)


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


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to ingest: given files as they are, folders searched for supported types."""
    return [file.path for file in _expand(paths)]


def passage_text(chunk: Chunk, title: str | None) -> str:
    """What the embedding model sees: section path, then the passage (title left out, see README)."""
    return "\n".join(p for p in (chunk.section_path, chunk.text, annotation(chunk)) if p)


def _check_same_space(previous: Manifest, embedder: Embedder, index_dir: Path) -> None:
    """New vectors must live in the space of the kept ones, or the index would mix two models."""
    previous.check_compatible(embedder.model_id, embedder.fingerprint, index_dir, embedder.precision)
    if previous.dim != int(embedder.dim):
        raise KhcnQaError(
            f"Chỉ mục hiện có dùng vectơ {previous.dim} chiều, mô hình đang cấu hình là {embedder.dim} "
            "chiều; chạy lại với --rebuild."
        )


def _embed_documents(
    todo: Sequence[tuple[SourceFile, ParsedDocument]], embedder: Embedder, progress: Progress | None,
    report: IngestReport,
) -> list[Entry]:
    """Embed every new chunk in one call: sorted by length and batched across documents."""
    texts = [passage_text(c, parsed.meta.title) for _, parsed in todo for c in parsed.chunks]
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
    for file, parsed in todo:
        count = len(parsed.chunks)
        tokens = [lexical_tokens(lexical_text(c, parsed.meta)) for c in parsed.chunks]
        doc = StoredDocument(parsed.meta, parsed.sha256, stamp, count, file.origin)
        entries.append(Entry(doc, list(parsed.chunks), vectors[start : start + count], tokens))
        start += count
    return entries


def _write_generation(
    index_dir: Path, entries: Sequence[Entry], space: VectorSpace, removed: dict[str, str] | None = None
) -> None:
    with writing_errors(index_dir):
        tmp = layout.new_generation_dir(index_dir)
        try:
            _write_files(tmp, entries, space, removed or {})
            layout.publish(index_dir, tmp)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def _write_files(tmp: Path, entries: Sequence[Entry], space: VectorSpace, removed: dict[str, str]) -> None:
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
        origins={e.doc.meta.source: e.doc.origin for e in entries if e.doc.origin},
        removed=dict(removed),
        files=generation_digests(tmp),
        engine=space.engine,
        precision=space.precision,
    ).write(generation.manifest)


def _files_for(index_dir: Path, paths: Sequence[Path], rebuild: bool) -> list[SourceFile]:
    """The files named, plus on a rebuild the uploads the index keeps in its documents folder."""
    folder = documents_dir(index_dir)
    if rebuild and folder.is_dir():
        return _expand([folder, *paths])
    return _expand(paths)


def _apply(
    plan: Plan, state: IndexState, report: IngestReport, embedder: Embedder, progress: Progress | None,
    previous: Manifest | None, index_dir: Path,
) -> None:
    if not plan.todo:
        return
    if previous is not None:
        _check_same_space(previous, embedder, index_dir)
    for (file, _), entry in zip(plan.todo, _embed_documents(plan.todo, embedder, progress, report), strict=True):
        existing = state.entries.get(file.identity)
        state.entries[file.identity] = entry
        state.removed.pop(file.origin, None)
        if existing:
            report.replaced.append(file.identity)
            old = display_path(Path(existing.doc.origin)) if existing.doc.origin else file.identity
            report.replaced_paths[file.identity] = (old, display_path(file.path))
        else:
            report.added.append(file.identity)


def _copy_plan(plan: Plan, report: IngestReport) -> None:
    report.skipped.extend(plan.skipped)
    report.failed.update(plan.failed)
    report.duplicates.update(plan.duplicates)
    report.skipped_removed.extend(plan.skipped_removed)
    report.notes.extend(plan.notes)


def ingest(
    index_dir: Path,
    paths: Sequence[Path],
    embedder: Embedder,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    notify: Notify | None = None,
) -> IngestReport:
    """Add new files, replace changed ones, skip unchanged; publish atomically.

    Files are parsed first, then all new chunks are embedded together (the
    model is loaded only when there is something to embed or to rebuild).
    """
    report = IngestReport()
    with layout.writer_lock(index_dir, notify=notify):
        state = load_state(index_dir)
        report.warning = state.warning
        previous = None if rebuild else state.manifest
        if rebuild:
            state.entries = {}
        files = _files_for(index_dir, paths, rebuild)
        if progress:
            progress("Đọc văn bản", 0, len(files))
        plan = plan_ingest(files, state, progress, on_first_todo=lambda: _prepare_in_background(embedder))
        _copy_plan(plan, report)
        seconds = plan.passages / max(0.1, _speed())
        if notify and seconds >= LONG_EMBEDDING_S:
            notify(f"Cần nhúng {plan.passages} đoạn mới, ước tính {estimate(plan.passages)}; Ctrl+C để hủy.")
        _apply(plan, state, report, embedder, progress, previous, index_dir)
        if report.added or report.replaced or rebuild:
            if progress:
                progress("Ghi chỉ mục", len(files), len(files))
            _write_generation(index_dir, list(state.entries.values()), VectorSpace.of(embedder), state.removed)
        report.chunks = sum(len(e.chunks) for e in state.entries.values())
    return report


def _prepare_in_background(embedder: Embedder) -> None:
    """Load the model and open its sessions while the other files are parsed.

    A failure is only logged: the embedding that follows meets it again and
    reports it where the user sees it.
    """

    def run() -> None:
        try:
            prepare_passages(embedder)
        except Exception:
            log.warning("preparing the embedder in the background failed", exc_info=True)

    threading.Thread(target=run, name="khcn-qa-prepare", daemon=True).start()


def _speed() -> float:
    from khcn_qa.config import LIMITS

    return LIMITS.passages_per_second


def find_source(entries: dict[str, Entry], name: str) -> str | None:
    """The identity ``name`` refers to: exact (NFC), else the one document with that file name."""
    wanted = unicodedata.normalize("NFC", name)
    if wanted in entries:
        return wanted
    base = Path(wanted).name
    matches = [s for s in entries if Path(s).name == base]
    return matches[0] if len(matches) == 1 else None


def remove(index_dir: Path, sources: Sequence[str], embedder: Embedder | None = None) -> IngestReport:
    """Remove documents for good: drop them, delete stored uploads, remember the rest.

    Nothing is embedded: the next generation keeps the vector space recorded
    in the current manifest, so no model is loaded (``embedder`` is ignored).
    """
    report = IngestReport()
    with layout.writer_lock(index_dir):
        state = load_state(index_dir)
        copies: list[Path] = []
        for source in sources:
            identity = find_source(state.entries, source)
            if identity is None:
                report.failed[source] = "không có trong chỉ mục"
                continue
            entry = state.entries.pop(identity)
            report.notes.append(removal_effect(index_dir, identity, entry.doc.origin, done=True))
            if entry.doc.origin:
                state.removed[entry.doc.origin] = identity
            copy = stored_copy(index_dir, entry.doc.origin)
            if copy is not None:
                copies.append(copy)
            report.removed.append(identity)
        if report.removed and state.manifest is not None:
            _write_generation(index_dir, list(state.entries.values()), VectorSpace.of_manifest(state.manifest), state.removed)
        for copy in copies:
            copy.unlink(missing_ok=True)
        report.chunks = sum(len(e.chunks) for e in state.entries.values())
    return report
