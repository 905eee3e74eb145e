"""Recover the administrative hierarchy of a document as a stream of elements.

Vietnamese plans nest Roman numerals, numbers, decimals, letters and bullets
in whatever order the drafter chose, so depth is not fixed per marker kind:
a marker kind already open closes everything below it, a new kind nests
under the current one. Headings that name an organisational unit are
remembered, because in these plans the heading is who does the work.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from khcn_qa.ingest import patterns as pat
from khcn_qa.ingest.cleanup import Line

LABEL_CHARS = 90
CLOSING = "Nơi nhận"
_HEADING_MAX = 140


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
        """Start a top-level part (ALL-CAPS heading, ``PHỤ LỤC``, ``Nơi nhận``)."""
        self.stack = [_Node("top", short_label(label), None)]

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
            self.reset(text)
            return
        if text.lower().startswith("nơi nhận"):
            yield from self.flush()
            self.closing = True
            self.reset(CLOSING)
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
            if self.in_body:
                self.reset(text)
            else:
                yield from self._start(text, line.page, "front")
            return
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
        short = len(text) <= _HEADING_MAX and not text.rstrip().endswith((".", ";"))
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
