"""Checksums of a generation's files, so a damaged index is noticed on open.

Every file of a generation is hashed when it is written and the digests go
into its manifest. Opening a generation re-hashes them (SHA-256 runs at
about 1 GB/s here, so even a 100k-chunk index costs a fraction of its
1.6 s open) and refuses one whose bytes changed: a truncated ``vectors.npy``
or a garbage ``chunks.sqlite`` would otherwise surface as a 40-line
traceback from numpy or SQLite in the middle of a question.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

_BLOCK = 1024 * 1024


def file_digest(path: Path) -> str:
    """SHA-256 of one file, read in 1 MB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def generation_digests(folder: Path, skip: str = "manifest.json") -> dict[str, str]:
    """Digest of every file under ``folder`` by its relative posix path (the manifest excluded)."""
    return {
        path.relative_to(folder).as_posix(): file_digest(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != skip
    }


def damaged_files(folder: Path, expected: dict[str, str]) -> list[str]:
    """Files that are missing or whose bytes differ from the digests recorded at build time."""
    damaged = []
    for name, digest in expected.items():
        path = folder / name
        try:
            if file_digest(path) != digest:
                damaged.append(name)
        except OSError:
            damaged.append(name)
    return damaged
