"""Which files an ingest reads and the identity each document gets in the index.

A document is keyed by its *identity*, the name citations show and
``remove`` takes. Two different files must never share one, or one would
silently replace the other. The rules:

- a file named on the command line, or at the top level of an ingested
  folder, is known by its bare file name (``tay-ninh-skhcn-ke-hoach-2022.txt``:
  the eval's questions and staff name documents this way);
- a file in a subfolder is known by its path relative to the ingested
  folder (``2023/plan.txt``);
- when two files of one ingest would still share a name, each is known by
  the path it was given (``a/plan.txt``, ``b/plan.txt``);
- names are NFC-normalised, so one name typed in NFC and NFD is one name.

The index also records where each document was read from (its *origin*), so
that a same-named file from another folder is added under its path instead of
replacing the indexed one (see :mod:`khcn_qa.index.builder`).
"""

from __future__ import annotations

import os
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from khcn_qa.config import LIMITS


@dataclass(frozen=True)
class SourceFile:
    """One file an ingest will read, the identity it gets and how it was named."""

    path: Path
    identity: str
    explicit: bool
    """Named on the command line (or uploaded) rather than found by searching a folder."""

    @property
    def origin(self) -> str:
        """Absolute path, recorded in the manifest to tell same-named files apart."""
        return origin_of(self.path)


def nfc(text: str) -> str:
    """One spelling for names that are compared (NFC)."""
    return unicodedata.normalize("NFC", text)


def origin_of(path: Path) -> str:
    """The absolute, NFC-normalised path of a file."""
    return nfc(str(Path(os.path.abspath(path))))


def display_path(path: Path) -> str:
    """A path as a person typed it: relative to the working folder when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return nfc(absolute.relative_to(Path.cwd()).as_posix())
    except ValueError:
        return nfc(absolute.as_posix())


def expand_paths(paths: Iterable[Path]) -> list[SourceFile]:
    """Files to ingest with their identities: given files as they are, folders searched."""
    found: dict[str, SourceFile] = {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if _wanted(p)):
                _add(found, SourceFile(file, nfc(file.relative_to(path).as_posix()), explicit=False))
        else:
            _add(found, SourceFile(path, nfc(path.name), explicit=True))
    return _separate_clashes(list(found.values()))


def _wanted(path: Path) -> bool:
    return path.is_file() and not path.name.startswith(".") and path.suffix.lower() in LIMITS.extensions


def _add(found: dict[str, SourceFile], file: SourceFile) -> None:
    """Keep one entry per file on disk; naming it explicitly wins over finding it."""
    key = file.origin
    previous = found.get(key)
    if previous is None:
        found[key] = file
    elif file.explicit and not previous.explicit:
        found[key] = replace(previous, explicit=True)


def _separate_clashes(files: list[SourceFile]) -> list[SourceFile]:
    """Give each of several files sharing an identity the path it was given."""
    groups: dict[str, list[int]] = defaultdict(list)
    for number, file in enumerate(files):
        groups[file.identity].append(number)
    result = list(files)
    for numbers in groups.values():
        if len(numbers) > 1:
            for number in numbers:
                result[number] = replace(files[number], identity=display_path(files[number].path))
    return result
