"""DOCX loader: body paragraphs and tables in document order.

python-docx gives paragraphs and tables as separate lists; plans interleave
them ("4. Nhiệm vụ" then the table of tasks), so the body XML is walked
directly. Two things python-docx leaves out are put back because the
structure parser needs them: the heading level (from the style name, its
base styles or the outline level) and the automatic list number Word draws
("1.", "a)", "- "), which in these plans is often the only visible numbering
of a section. Headers, footers, comments and text boxes are skipped.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from khcn_qa.errors import DocumentError
from khcn_qa.ingest.loaders.numbering import ListNumberer
from khcn_qa.records import Block

CORRUPT_MESSAGE = "tệp DOCX bị hỏng hoặc không đúng định dạng"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# English built-in names (stored in the XML whatever the UI language), plus the
# Vietnamese UI names ("Đầu đề 1") that copied or custom styles sometimes carry.
_HEADING_STYLE_RE = re.compile(
    r"^(?:heading|tiêu đề|đầu đề|đề mục|muc|mục)\s*([1-9])$", re.IGNORECASE
)
_TITLE_STYLES = frozenset({"title", "tiêu đề"})
_BODY_OUTLINE_LEVEL = 9  # w:outlineLvl 9 means "body text"


def load_docx_blocks(data: bytes, source: str) -> tuple[Block, ...]:
    """Read a DOCX file's body into text and table blocks, in reading order."""
    document = _open(data, source)
    numberer = ListNumberer.from_document(document)
    blocks: list[Block] = []
    for element in _iter_body_elements(document.element.body):
        if element.tag == f"{_W}p":
            blocks.append(_paragraph_block(element, document, numberer))
        else:
            table = _table_block(element, document)
            if table is not None:
                blocks.append(table)
    return tuple(blocks)


def _open(data: bytes, source: str) -> Any:
    """Open the package, turning python-docx's many failure types into one error.

    A damaged file can fail as a bad zip, a missing part (KeyError), a wrong
    content type (ValueError) or malformed XML, depending on where the damage
    is; for the user all of them mean the same thing.
    """
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # any failure: see docstring
        raise DocumentError(source, CORRUPT_MESSAGE) from exc


def _iter_body_elements(parent: Any) -> Iterator[Any]:
    """Yield ``w:p`` and ``w:tbl`` children, descending into content controls."""
    for child in parent.iterchildren():
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _iter_body_elements(content)


def _paragraph_block(element: Any, document: Any, numberer: ListNumberer) -> Block:
    from docx.text.paragraph import Paragraph

    paragraph = Paragraph(element, document)
    styles = list(_style_chain(paragraph.style))
    text = paragraph.text
    prefix = numberer.render(_numbering_of(element, styles))
    if prefix and text.strip():
        text = prefix + text
    return Block(kind="text", text=text, heading_level=_heading_level(element, styles))


def _style_chain(style: Any) -> Iterator[Any]:
    """Yield the style and its base styles, nearest first (cycle-safe)."""
    seen: set[int] = set()
    while style is not None and id(style) not in seen:
        seen.add(id(style))
        yield style
        style = style.base_style


def _heading_level(element: Any, styles: list[Any]) -> int | None:
    """Heading level 1–9, or ``None`` for body text.

    The paragraph's own outline level wins, then each style up the chain by
    name or outline level, because Vietnamese templates often base a custom
    style ("Muc 1") on a built-in heading.
    """
    level = _outline_level(element.find(f"{_W}pPr"))
    if level is not None:
        return level or None
    for style in styles:
        name = unicodedata.normalize("NFC", style.name or "").strip()
        match = _HEADING_STYLE_RE.match(name)
        if match:
            return int(match.group(1))
        if name.lower() in _TITLE_STYLES:
            return 1
        level = _outline_level(style.element.find(f"{_W}pPr"))
        if level is not None:
            return level or None
    return None


def _outline_level(ppr: Any) -> int | None:
    """1–9 for a heading outline level, 0 for explicit body text, None if unset."""
    if ppr is None:
        return None
    node = ppr.find(f"{_W}outlineLvl")
    if node is None:
        return None
    try:
        value = int(node.get(f"{_W}val", ""))
    except ValueError:
        return None
    return 0 if value >= _BODY_OUTLINE_LEVEL else value + 1


def _numbering_of(element: Any, styles: list[Any]) -> tuple[str, int] | None:
    """The paragraph's (numId, ilvl): its own ``w:numPr``, else its style's."""
    candidates = [element.find(f"{_W}pPr")] + [s.element.find(f"{_W}pPr") for s in styles]
    for ppr in candidates:
        numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if numpr is None:
            continue
        num_id = numpr.find(f"{_W}numId")
        ilvl = numpr.find(f"{_W}ilvl")
        if num_id is None:
            continue
        value = num_id.get(f"{_W}val", "0")
        level_text = ilvl.get(f"{_W}val", "0") if ilvl is not None else "0"
        if value == "0":  # numId 0 explicitly switches numbering off
            return None
        return value, int(level_text) if level_text.isdigit() else 0
    return None


def _table_block(element: Any, document: Any) -> Block | None:
    """One table block; merged cells keep their text once, in the first position.

    A horizontal span (gridSpan) fills the positions after the first with "";
    a vertical continuation (vMerge without "restart") is "" as well, so a
    cell's text is never counted twice by the chunker.
    """
    from docx.table import Table, _Cell

    table = Table(element, document)
    rows: list[list[str]] = []
    for row in table.rows:
        cells = [""] * row.grid_cols_before
        for tc in row._tr.tc_lst:
            span = max(1, tc.grid_span)
            text = "" if tc.vMerge == "continue" else _Cell(tc, table).text
            cells.extend([text] + [""] * (span - 1))
        cells.extend([""] * row.grid_cols_after)
        rows.append(cells)
    if not rows:
        return None
    width = max(len(cells) for cells in rows)
    padded = tuple(tuple(cells + [""] * (width - len(cells))) for cells in rows)
    return Block(kind="table", rows=padded)
