"""The one object the CLI, the app and the eval runner talk to.

CONTRACT (being implemented; signatures are fixed, bodies land progressively):

    a = Assistant.open("index")                 # builds from corpus/ if missing
    hits = a.search("…", top_k=10, mode="hybrid", filters={"province": "Tây Ninh"})
    ans = a.ask("ai chủ trì …?")                # -> records.Answer
    a.documents()                               # -> list[DocumentInfo]
    a.status()                                  # -> IndexStatus
    a.ingest([Path(...)], progress=cb)          # -> IngestReport
    a.remove("file.txt")                        # -> bool
    a.refresh()                                 # -> bool, True when it reloaded a newer index
    a.record_feedback(question, answer, rating=+1/-1, comment=None)
    a.feedback_rows()                           # -> list[dict]

Filters keys: "province", "doc_type", "year" (int), "source" (file name); a
value may be a single value or a list of accepted values.
Modes: "bm25" | "dense" | "hybrid".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from khcn_qa.records import Answer, DocumentMeta, Hit

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``progress(stage_message, done, total)`` during long operations."""


@dataclass(frozen=True)
class DocumentInfo:
    """One indexed document as the documents page lists it."""

    meta: DocumentMeta
    sha256: str
    chunks: int
    ingested_at: str


@dataclass(frozen=True)
class IndexStatus:
    """What the sidebar shows about the open index."""

    documents: int
    chunks: int
    model: str
    updated_at: str
    generation: str
    index_dir: str


@dataclass(frozen=True)
class IngestReport:
    """Outcome of one ingest call, per file; failures carry a Vietnamese reason."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    chunks: int = 0


class Assistant:
    """Search and answer over one index folder."""

    @classmethod
    def open(cls, index_dir: str | Path = "index", *, corpus_dir: str | Path | None = None) -> Assistant:
        """Open an index; build it from ``corpus_dir`` (default ``corpus/``) when missing."""
        raise NotImplementedError

    def search(
        self,
        query: str,
        top_k: int = 10,
        mode: str = "hybrid",
        filters: Mapping[str, object] | None = None,
    ) -> list[Hit]:
        """Return the best passages for ``query``."""
        raise NotImplementedError

    def ask(
        self,
        question: str,
        top_k: int = 8,
        mode: str = "hybrid",
        filters: Mapping[str, object] | None = None,
    ) -> Answer:
        """Answer ``question`` from the documents, with citations, or abstain."""
        raise NotImplementedError

    def documents(self) -> list[DocumentInfo]:
        """List indexed documents."""
        raise NotImplementedError

    def status(self) -> IndexStatus:
        """Summarise the open index."""
        raise NotImplementedError

    def ingest(self, paths: Sequence[Path], progress: ProgressCallback | None = None) -> IngestReport:
        """Add new, replace changed, skip unchanged files; atomically."""
        raise NotImplementedError

    def remove(self, source: str) -> bool:
        """Remove one document by file name."""
        raise NotImplementedError

    def refresh(self) -> bool:
        """Reload when another process published a newer index."""
        raise NotImplementedError
