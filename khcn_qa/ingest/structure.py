"""Recover the administrative hierarchy of a document as a stream of elements.

Vietnamese plans nest Roman numerals, numbers, decimals, letters and bullets
in whatever order the drafter chose, so depth is not fixed per marker kind:
a marker kind already open closes everything below it, a new kind nests
under the current one. Headings that name an organisational unit are
remembered, because in these plans the heading is who does the work.

Front matter (letter-head, title, "Căn cứ" preamble) ends at the first
numbered line or bullet, or at the first heading after the lead-in sentence
("… như sau:"). An appendix is the root of everything under it until the
next appendix or the signature block, so its title and sub-headings nest
under ``PHỤ LỤC`` instead of replacing it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from khcn_qa.ingest import patterns as pat
from khcn_qa.ingest.cleanup import Line

LABEL_CHARS = 90
CLOSING = "Nơi nhận"
_HEADING_MAX = 140
_LEAD_IN_WORDS = 5  # "Kính gửi:" is an address line, "… như sau:" a lead-in sentence


@dataclass(frozen=True)
class Element:
    """A paragraph or list item with the section path and unit above it."""

    text: str
    section: tuple[str, ...]
    unit: str | None
    page: int | None
    kind: str  # "front", "para", "item", "closing"


@dataclass
class _Node:
    kind: str
    label: str
    unit: str | None


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """Section label for a heading: cut long numbered paragraphs at a word boundary."""
    text = text.strip()
    if len(text) <= limit:
        return text.rstrip(":")
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _unit_of(rest: str) -> str | None:
    rest = rest.strip().rstrip(":").strip()
    if pat.names_unit(rest) and len(rest) <= 100 and not rest.endswith("."):
        return rest
    return None


class StructureWalker:
    """Walks logical lines, keeping the open headings, and yields elements."""

    def __init__(self) -> None:
        self.stack: list[_Node] = []
        self.in_body = False
        self.closing = False
        self._item: list[str] = []
        self._item_page: int | None = None
        self._item_kind = "item"
        self._lead_in = False

    @property
    def section(self) -> tuple[str, ...]:
        """The current heading path."""
        return tuple(node.label for node in self.stack)

    @property
    def unit(self) -> str | None:
        """The innermost open heading that names a unit."""
        for node in reversed(self.stack):
            if node.unit:
                return node.unit
        return None

    def open_section(self, kind: str, label: str, unit: str | None = None) -> None:
        """Open a heading: a kind already on the stack closes it and all below."""
        kind = "top" if kind == "roman" else kind
        kinds = [node.kind for node in self.stack]
        if kind in kinds:
            del self.stack[kinds.index(kind) :]
        self.stack.append(_Node(kind, short_label(label), unit))

    def reset(self, label: str) -> None:
        """Start a top-level part (ALL-CAPS heading, ``Nơi nhận``); inside an appendix, under it."""
        root = self.stack[:1] if self.stack and self.stack[0].kind == "appendix" else []
        self.stack = [*root, _Node("top", short_label(label), None)]

    def open_appendix(self, label: str) -> None:
        """``PHỤ LỤC`` restarts the path and stays its root (see the module docstring)."""
        self.stack = [_Node("appendix", short_label(label), None)]

    def flush(self) -> Iterator[Element]:
        """Emit the pending list item or paragraph."""
        if self._item:
            yield Element("\n".join(self._item), self.section, self.unit, self._item_page, self._item_kind)
        self._item = []

    def _start(self, text: str, page: int | None, kind: str) -> Iterator[Element]:
        yield from self.flush()
        self._item, self._item_page, self._item_kind = [text], page, kind

    def feed(self, line: Line) -> Iterator[Element]:
        """Consume one logical line."""
        text = line.text
        if self.closing and not pat.is_appendix(text):
            yield from self._closing_line(text, line.page)
            return
        if pat.is_appendix(text):
            yield from self.flush()
            self.closing, self.in_body = False, True
            self.open_appendix(text)
            return
        if text.lower().startswith("nơi nhận"):
            yield from self.flush()
            self.closing = True
            self.stack = [_Node("top", CLOSING, None)]
            yield from self._start(text, line.page, "closing")
            return
        marker = pat.structural_marker(text)
        if marker and marker.kind in {"bullet", "plus"}:
            yield from self._bullet(text, marker.kind, line.page)
            return
        if marker:
            yield from self._numbered(text, marker, line.page)
            return
        if pat.is_caps_heading(text) or (line.heading_level and len(text) <= _HEADING_MAX):
            yield from self.flush()
            # "QUYẾT ĐỊNH:" / "QUYẾT NGHỊ:" introduce the articles; they title nothing.
            self.in_body = self.in_body or (self._lead_in and not text.rstrip().endswith(":"))
            if self.in_body:
                self.reset(text)
            else:
                yield from self._start(text, line.page, "front")
            return
        if not self.in_body:
            self._lead_in = text.rstrip().endswith(":") and len(text.split()) >= _LEAD_IN_WORDS
        kind = "para" if self.in_body else "front"
        yield from self._start(text, line.page, kind)

    def _bullet(self, text: str, kind: str, page: int | None) -> Iterator[Element]:
        self.in_body = True
        if kind == "plus" and self._item and self._item_kind == "item":
            self._item.append(text)
            return
        yield from self._start(text, page, "item")

    def _numbered(self, text: str, marker: pat.Marker, page: int | None) -> Iterator[Element]:
        yield from self.flush()
        self.in_body = True
        # "Điều 1." alone on its line heads the paragraph that follows it.
        short = not marker.rest or (len(text) <= _HEADING_MAX and not text.rstrip().endswith((".", ";")))
        self.open_section(marker.kind, text, _unit_of(marker.rest) if short else None)
        if not short:
            yield from self._start(text, page, "item")

    def _closing_line(self, text: str, page: int | None) -> Iterator[Element]:
        if self._item and self._item_kind == "closing":
            self._item.append(text)
        else:
            yield from self._start(text, page, "closing")


def walk(lines: Sequence[Line], walker: StructureWalker | None = None) -> Iterator[Element]:
    """Yield the elements of a run of logical lines."""
    walker = walker or StructureWalker()
    for line in lines:
        yield from walker.feed(line)
    yield from walker.flush()
