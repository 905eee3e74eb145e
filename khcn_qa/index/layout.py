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
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from khcn_qa.errors import IndexDamaged, IndexError_

CURRENT = "CURRENT"
GRACE_S = 60.0
"""How long a superseded generation stays after its successor went live."""
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
    name = current_name(index_dir)
    if name is None:
        return None
    generation = Generation(index_dir / name)
    if not generation.is_valid():
        raise IndexDamaged(f"thiếu tệp trong {generation.name}")
    return generation


def current_name(index_dir: Path) -> str | None:
    """Cheap version check: the CURRENT pointer's content."""
    try:
        return (index_dir / CURRENT).read_text(encoding="utf-8").strip() or None
    except (FileNotFoundError, NotADirectoryError):
        return None


def earlier_generations(index_dir: Path, name: str) -> list[Generation]:
    """Generations older than ``name``, newest first: the candidates to fall back on."""
    older = [p for p in index_dir.glob("gen-*") if p.is_dir() and p.name < name]
    return [Generation(p) for p in sorted(older, reverse=True)]


def new_generation_dir(index_dir: Path) -> Path:
    """A private temporary folder for a generation being built."""
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / f".tmp-gen-{uuid.uuid4().hex[:8]}"
    path.mkdir()
    return path


def _generation_name(previous: str | None) -> str:
    """A name that sorts after every earlier generation (microseconds, then a random tail)."""
    now = time.time()
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    name = f"gen-{stamp}-{int(now * 1e6) % 1_000_000:06d}-{uuid.uuid4().hex[:6]}"
    if previous is not None and name <= previous:  # clock went back: keep the order anyway
        name = f"{previous}-{uuid.uuid4().hex[:6]}"
    return name


def publish(index_dir: Path, tmp_dir: Path, grace_s: float | None = None) -> Generation:
    """Make a fully written generation live; earlier ones go once no reader can need them."""
    previous = current_name(index_dir)
    final = index_dir / _generation_name(previous)
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
    collect_garbage(index_dir, live=final.name, previous=previous, grace_s=GRACE_S if grace_s is None else grace_s)
    return Generation(final)


def collect_garbage(index_dir: Path, live: str, previous: str | None, grace_s: float = GRACE_S) -> None:
    """Delete generations no reader can still need, and abandoned temp folders.

    Kept: the live generation and the one it replaced (a reader may have
    read CURRENT just before the switch, and it is the fallback when the live
    one is damaged). Deleted at once: folders newer than the previous live
    one that CURRENT never pointed to (an ingest crashed between renaming
    its folder and switching CURRENT). Deleted only after ``grace_s``:
    generations older than the previous one, which a slow reader may still
    be opening if the previous one went live moments ago.
    """
    settled = previous is None or _age_s(index_dir / previous) > grace_s
    for folder in sorted(p for p in index_dir.glob("gen-*") if p.is_dir()):
        if folder.name in (live, previous):
            continue
        never_published = previous is not None and previous < folder.name
        if never_published or settled:
            shutil.rmtree(folder, ignore_errors=True)
    for tmp in index_dir.glob(".tmp-gen-*"):
        shutil.rmtree(tmp, ignore_errors=True)
    for tmp in index_dir.glob(f".{CURRENT}.*"):
        tmp.unlink(missing_ok=True)


def _age_s(folder: Path) -> float:
    """Seconds since a generation went live (renaming a folder sets its ctime)."""
    try:
        return time.time() - folder.stat().st_ctime
    except OSError:
        return float("inf")


@contextmanager
def writer_lock(
    index_dir: Path, timeout_s: float = 600.0, notify: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Serialise writers: a second ingest waits for the first instead of interleaving.

    The holder writes who it is into the lock file, so a waiting ingest can
    say whom it waits for instead of sitting silent for minutes.
    """
    from khcn_qa.index.writing import writing_errors

    with writing_errors(index_dir):
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = (index_dir / LOCK).open("a+", encoding="utf-8")
    with handle:
        _acquire(handle, index_dir, timeout_s, notify)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(_holder_line())
            handle.flush()
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _acquire(handle: TextIO, index_dir: Path, timeout_s: float, notify: Callable[[str], None] | None) -> None:
    deadline = time.monotonic() + timeout_s
    told = False
    while True:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = lock_holder(index_dir)
            if notify and not told:
                notify(f"Đang chờ {holder} cập nhật xong chỉ mục {index_dir} (tối đa {timeout_s:.0f} giây)…")
                told = True
            if time.monotonic() > deadline:
                raise IndexError_(f"Chỉ mục {index_dir} đang được cập nhật bởi {holder}; thử lại sau.") from None
            time.sleep(0.2)


def _holder_line() -> str:
    command = " ".join(Path(a).name if i == 0 else a for i, a in enumerate(sys.argv))[:200]
    return f"tiến trình {os.getpid()} ({command or 'python'}, từ {time.strftime('%H:%M:%S')})"


def lock_holder(index_dir: Path) -> str:
    """Who holds the writer lock, as its holder described itself."""
    try:
        text = (index_dir / LOCK).read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "tiến trình khác"
