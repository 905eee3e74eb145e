"""Open the live generation safely: retry across a publish, fall back past damage.

Two things can go wrong between reading ``CURRENT`` and holding a
generation in memory:

- a writer publishes meanwhile and an old folder is cleaned up (only after
  a grace period, see :func:`khcn_qa.index.layout.collect_garbage`, but a
  reader may be slower still): the pointer has moved, so open the new one;
- the generation's files are damaged (truncated copy, disk error, a hand
  edit): its checksums no longer match, so open the newest intact earlier
  generation and say so, instead of crashing every question with a
  traceback from SQLite, numpy or FAISS.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from khcn_qa.errors import IndexDamaged
from khcn_qa.index import layout
from khcn_qa.index.integrity import damaged_files
from khcn_qa.index.manifest import Manifest

T = TypeVar("T")
ATTEMPTS = 5
# What reading a truncated or garbage file raises in SQLite, numpy, FAISS and bm25s.
OPEN_ERRORS = (OSError, sqlite3.Error, ValueError, RuntimeError, KeyError, EOFError, IndexDamaged)


@dataclass(frozen=True)
class Opened(Generic[T]):
    """What was opened, from which generation, and a warning when it is not the live one."""

    value: T
    generation: layout.Generation
    warning: str | None = None
    pointer: str = ""
    """What CURRENT named when this was opened (differs from the generation after a fallback)."""


def verify(generation: layout.Generation) -> Manifest:
    """Read the manifest and check every file against its recorded checksum."""
    if not generation.is_valid():
        raise IndexDamaged(f"thiếu tệp trong {generation.name}")
    manifest = Manifest.read(generation.manifest)
    damaged = damaged_files(generation.path, manifest.files)
    if damaged:
        raise IndexDamaged(f"{', '.join(damaged)} trong {generation.name} không khớp tổng kiểm")
    return manifest


def rebuild_hint(index_dir: Path) -> str:
    """The command that rebuilds an index from scratch."""
    return f"chạy `khcn-qa ingest corpus --index {index_dir} --rebuild` để tạo lại"


def open_generation(index_dir: Path, open_one: Callable[[layout.Generation], T]) -> Opened[T] | None:
    """Open the live generation with ``open_one``; None when the folder holds no index."""
    damage = ""
    name = None
    for _ in range(ATTEMPTS):
        name = layout.current_name(index_dir)
        if name is None:
            return None
        generation = layout.Generation(index_dir / name)
        try:
            verify(generation)
            return Opened(open_one(generation), generation, pointer=name)
        except OPEN_ERRORS as error:
            if layout.current_name(index_dir) != name:
                continue  # a writer published meanwhile: open the new generation
            damage = describe(error)
            break
    return _fall_back(index_dir, name or "", damage, open_one)


def _fall_back(index_dir: Path, name: str, damage: str, open_one: Callable[[layout.Generation], T]) -> Opened[T]:
    for older in layout.earlier_generations(index_dir, name):
        try:
            verify(older)
            value = open_one(older)
        except OPEN_ERRORS:
            continue
        warning = (
            f"Chỉ mục hiện tại ({name}) bị hỏng: {damage}; đang dùng bản trước ({older.name}), "
            f"thiếu các thay đổi sau đó — {rebuild_hint(index_dir)}."
        )
        return Opened(value, older, warning, pointer=name)
    raise IndexDamaged(
        f"Chỉ mục {index_dir} bị hỏng ({damage}) và không còn bản trước nào nguyên vẹn; {rebuild_hint(index_dir)}."
    )


def describe(error: BaseException) -> str:
    """A short reason for the one-line message (no library traceback)."""
    if isinstance(error, IndexDamaged):
        return str(error)
    if isinstance(error, FileNotFoundError):
        return f"thiếu tệp {Path(error.filename or '?').name}"
    if isinstance(error, sqlite3.Error | json.JSONDecodeError):
        return f"tệp dữ liệu không đọc được ({type(error).__name__})"
    return f"tệp không đọc được ({type(error).__name__})"
