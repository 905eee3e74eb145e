"""Where things live in an index folder, and how a new generation is published.

::

    index/
      CURRENT              name of the live generation (replaced atomically)
      .lock                held by the one ingest allowed at a time
      feedback.sqlite      staff feedback, outlives generations
      gen-<time>-<id>/     one complete, immutable index
        manifest.json  chunks.sqlite  vectors.npy  dense.faiss  bm25/

Readers resolve CURRENT once and then only touch that generation's folder,
which is never modified after publication. A writer builds a new folder
under a temporary name and publishes it by renaming and replacing CURRENT;
a writer killed at any point leaves CURRENT pointing at a complete index.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from khcn_qa.errors import IndexError_

CURRENT = "CURRENT"
LOCK = ".lock"
FEEDBACK_DB = "feedback.sqlite"


@dataclass(frozen=True)
class Generation:
    """One published index folder and the files inside it."""

    path: Path

    @property
    def name(self) -> str:
        """Folder name, also the version staff sessions compare to detect updates."""
        return self.path.name

    @property
    def manifest(self) -> Path:
        """manifest.json: model, versions, documents and their hashes."""
        return self.path / "manifest.json"

    @property
    def chunks_db(self) -> Path:
        """SQLite chunk and document store."""
        return self.path / "chunks.sqlite"

    @property
    def vectors(self) -> Path:
        """Float32 matrix aligned with chunk ids, kept so re-ingest skips re-embedding."""
        return self.path / "vectors.npy"

    @property
    def dense(self) -> Path:
        """FAISS index file."""
        return self.path / "dense.faiss"

    @property
    def bm25(self) -> Path:
        """bm25s folder (npy + json, no pickles)."""
        return self.path / "bm25"

    def is_valid(self) -> bool:
        """All files present: a generation is published only when this holds."""
        return all(p.exists() for p in (self.manifest, self.chunks_db, self.vectors, self.dense, self.bm25))


def current_generation(index_dir: Path) -> Generation | None:
    """The live generation, or None when the folder holds no index yet."""
    pointer = index_dir / CURRENT
    if not pointer.exists():
        return None
    generation = Generation(index_dir / pointer.read_text(encoding="utf-8").strip())
    if not generation.is_valid():
        raise IndexError_(
            f"Chỉ mục {index_dir} bị hỏng (thiếu tệp trong {generation.name}); "
            f"chạy `khcn-qa ingest corpus --index {index_dir} --rebuild` để tạo lại."
        )
    return generation


def current_name(index_dir: Path) -> str | None:
    """Cheap version check: the CURRENT pointer's content."""
    try:
        return (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def new_generation_dir(index_dir: Path) -> Path:
    """A private temporary folder for a generation being built."""
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / f".tmp-gen-{uuid.uuid4().hex[:8]}"
    path.mkdir()
    return path


def publish(index_dir: Path, tmp_dir: Path) -> Generation:
    """Make a fully written generation live; the previous one stays until next time."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    final = index_dir / f"gen-{stamp}-{uuid.uuid4().hex[:6]}"
    for path in tmp_dir.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    os.rename(tmp_dir, final)
    pointer_tmp = index_dir / f".{CURRENT}.{uuid.uuid4().hex[:6]}"
    pointer_tmp.write_text(final.name, encoding="utf-8")
    with pointer_tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(pointer_tmp, index_dir / CURRENT)
    _collect_garbage(index_dir, keep={final.name})
    return Generation(final)


def _collect_garbage(index_dir: Path, keep: set[str]) -> None:
    """Delete old generations and abandoned temp folders, keeping the newest previous one.

    The previous generation is kept because a reader may have resolved
    CURRENT just before the switch and not yet opened its files.
    """
    generations = sorted(p for p in index_dir.glob("gen-*") if p.is_dir() and p.name not in keep)
    for old in generations[:-1]:
        shutil.rmtree(old, ignore_errors=True)
    for tmp in index_dir.glob(".tmp-gen-*"):
        shutil.rmtree(tmp, ignore_errors=True)
    for tmp in index_dir.glob(f".{CURRENT}.*"):
        tmp.unlink(missing_ok=True)


@contextmanager
def writer_lock(index_dir: Path, timeout_s: float = 600.0) -> Iterator[None]:
    """Serialise writers: a second ingest waits for the first instead of interleaving."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / LOCK).open("a+") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise IndexError_(f"Chỉ mục {index_dir} đang được cập nhật bởi tiến trình khác; thử lại sau.") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
