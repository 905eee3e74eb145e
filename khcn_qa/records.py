"""Plain records passed between the pipeline stages.

ingest → chunk → index → retrieve → answer each hand the next stage one of
these frozen dataclasses, so no framework object (a python-docx paragraph, a
FAISS index, a Streamlit widget) leaks across a module border.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

SECTION_SEPARATOR = " › "


@dataclass(frozen=True)
class Block:
    """One unit a loader read from a file, before any structure is inferred.

    Loaders stay format-specific and dumb: a text line, a DOCX paragraph or a
    PDF line becomes a ``text`` block; a real table (DOCX/PDF) becomes one
    ``table`` block whose first row is its header. TSV lines inside a text file
    stay text blocks: recognising them is the structure parser's job, because
    PDF-to-text converters produce them too.
    """

    kind: Literal["text", "table"]
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    page: int | None = None
    heading_level: int | None = None
    ocr: bool = False
    """True when the text was read by OCR from a scanned page (may hold misreadings)."""


@dataclass(frozen=True)
class LoadedDocument:
    """A file as its loader read it: blocks in reading order plus provenance."""

    source: str
    format: str
    sha256: str
    blocks: tuple[Block, ...]
    ocr_pages: tuple[int, ...] = ()
    """Pages whose text was read by OCR from a scan."""


@dataclass(frozen=True)
class DocumentMeta:
    """What a citation needs to say about a document, read from its text."""

    source: str
    doc_type: str | None = None
    number: str | None = None
    date: str | None = None
    year: int | None = None
    issuer: str | None = None
    province: str | None = None
    title: str | None = None
    signer: str | None = None
    ocr_pages: tuple[int, ...] = ()
    """Pages read by OCR from a scan: their passages may hold misreadings."""

    def __post_init__(self) -> None:
        # Read back from JSON the pages are a list; keep the record hashable.
        object.__setattr__(self, "ocr_pages", tuple(self.ocr_pages))

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict (used by the chunk store and ``--json``)."""
        return {
            "source": self.source,
            "doc_type": self.doc_type,
            "number": self.number,
            "date": self.date,
            "year": self.year,
            "issuer": self.issuer,
            "province": self.province,
            "title": self.title,
            "signer": self.signer,
            "ocr_pages": list(self.ocr_pages),
        }


@dataclass(frozen=True)
class Chunk:
    """One citable passage: a paragraph group, a list item or a table row.

    ``text`` is what a person reads in a citation; ``section`` is the heading
    path above it; ``unit`` the organisational unit that heads it (in these
    plans the heading *is* the answer to "who does it"); ``fields`` the
    column → value dict of a table row.
    """

    source: str
    ordinal: int
    text: str
    section: tuple[str, ...] = ()
    unit: str | None = None
    fields: Mapping[str, str] = field(default_factory=dict)
    page: int | None = None
    kind: Literal["text", "table_row"] = "text"
    row_id: str | None = None

    @property
    def chunk_id(self) -> str:
        """Stable id within one index generation: ``source#ordinal``."""
        return f"{self.source}#{self.ordinal}"

    @property
    def section_path(self) -> str:
        """Section path joined for display, e.g. ``II. NỘI DUNG › 4. Hoạt động…``."""
        return SECTION_SEPARATOR.join(self.section)


@dataclass(frozen=True)
class ParsedDocument:
    """A document after ingest: its metadata and its chunks."""

    meta: DocumentMeta
    sha256: str
    chunks: tuple[Chunk, ...]


@dataclass(frozen=True)
class Hit:
    """One search result: the chunk, its document's metadata and a score."""

    chunk: Chunk
    meta: DocumentMeta
    score: float
    rank: int = 0
    signals: Mapping[str, float] = field(default_factory=dict)
    """Raw per-retriever evidence: ``dense`` (cosine), ``bm25`` (raw score), ``fused``."""

    @property
    def source(self) -> str:
        """File name of the document the passage comes from."""
        return self.chunk.source

    @property
    def title(self) -> str:
        """Document title, falling back to the file name."""
        return self.meta.title or self.chunk.source

    @property
    def section(self) -> str:
        """Section path joined for display."""
        return self.chunk.section_path

    @property
    def text(self) -> str:
        """The passage as a person reads it."""
        return self.chunk.text

    @property
    def fields(self) -> Mapping[str, str]:
        """Column → value of a table row (empty for prose)."""
        return self.chunk.fields

    @property
    def page(self) -> int | None:
        """Page number where the loader knew it (PDF)."""
        return self.chunk.page

    @property
    def unit(self) -> str | None:
        """Organisational unit heading the passage, if any."""
        return self.chunk.unit

    @property
    def from_scan(self) -> bool:
        """True when the passage was read by OCR from a scanned page."""
        return self.chunk.page is not None and self.chunk.page in self.meta.ocr_pages

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict for ``--json`` output and the eval reports."""
        return {
            "chunk_id": self.chunk.chunk_id,
            "source": self.source,
            "title": self.title,
            "number": self.meta.number,
            "date": self.meta.date,
            "province": self.meta.province,
            "doc_type": self.meta.doc_type,
            "section": self.section,
            "unit": self.unit,
            "fields": dict(self.fields),
            "page": self.page,
            "from_scan": self.from_scan,
            "row_id": self.chunk.row_id,
            "text": self.text,
            "score": round(float(self.score), 6),
            "signals": {k: round(float(v), 6) for k, v in self.signals.items()},
        }


@dataclass(frozen=True)
class Citation:
    """A cited passage with the span of it that supports the answer."""

    marker: int
    hit: Hit
    span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict: the hit plus marker and supporting span."""
        data = self.hit.to_dict()
        data["marker"] = self.marker
        data["span"] = list(self.span) if self.span else None
        data["supporting_text"] = self.hit.text[self.span[0] : self.span[1]] if self.span else None
        return data


@dataclass(frozen=True)
class Answer:
    """What ``Assistant.ask`` returns: answer text with [n] markers and proofs."""

    question: str
    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    confidence: float
    intent: str = "generic"
    nearest: tuple[Hit, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Return the JSON shape of ``khcn-qa ask --json``."""
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "confidence": round(float(self.confidence), 4),
            "intent": self.intent,
            "citations": [c.to_dict() for c in self.citations],
            "nearest": [h.to_dict() for h in self.nearest],
        }
