"""Errors a user can act on, each carrying a one-line Vietnamese message.

The CLI and the app print ``str(error)`` and never a traceback, so every
message says what was found and what to do about it.
"""

from __future__ import annotations


class KhcnQaError(Exception):
    """Base class: anything the CLI turns into one clear line and exit code 1."""


class DocumentError(KhcnQaError):
    """A single input file cannot be ingested; other files still go in."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class IndexError_(KhcnQaError):
    """The index folder is missing, locked, or built for another model/version."""


class ModelError(KhcnQaError):
    """The embedding model cannot be built or loaded."""


class IndexDamaged(IndexError_):
    """A generation's files are missing, truncated or do not match their checksums."""
