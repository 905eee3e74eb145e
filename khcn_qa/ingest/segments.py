"""Split a loaded document into prose runs and tables, in reading order.

Tables arrive four ways: as table blocks (DOCX/PDF), as TSV lines or
pipe-markdown lines inside a text file, and flattened one cell-line per
line. Each becomes a segment the chunker treats as rows; everything else is
prose. Not every table block holds data: Word templates lay the letter-head
(issuer | national motto, "Số:" | place and date) and the signature
("Nơi nhận" | signer) out in borderless two-column tables. Those become
``layout`` segments: their cells read as text, row by row, left to right.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from khcn_qa.ingest import patterns as pat
from khcn_qa.ingest.cleanup import Line, clean_inline, is_noise, logical_lines
from khcn_qa.ingest.tables import (
    TableAssembler,
    TableRow,
    flattened_header,
    looks_like_header,
    parse_flattened,
    split_tsv,
)
from khcn_qa.records import Block

RawLine = tuple[str, int | None, int | None]
LAYOUT_MAX_COLUMNS = 3
_PIPE_SPLIT_RE = re.compile(r"(?<!\\)\|")
_PIPE_RULE_RE = re.compile(r"^:?-+:?$")


@dataclass
class Segment:
    """Prose lines, the cells of a layout table, or the rows of one table."""

    kind: str  # "prose" | "layout" | "table"
    lines: list[RawLine] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    flattened: bool = False
    numbered: bool = True
    totals: list[TableRow] = field(default_factory=list)
    cells: list[list[RawLine]] = field(default_factory=list)

    def text_lines(self) -> Iterator[Line]:
        """The segment's text as logical lines; a wrapped line never joins across layout cells."""
        if self.kind == "prose":
            yield from logical_lines(self.lines)
        for cell in self.cells:
            yield from logical_lines(cell)


def _is_tsv_line(text: str) -> bool:
    return "\t" in text and not is_noise(text.replace("\t", " ")) and sum(1 for c in split_tsv(text) if c) >= 1


def _tsv_table(blocks: Sequence[Block], start: int) -> tuple[Segment, int] | None:
    header = split_tsv(blocks[start].text)
    if not looks_like_header(header):
        return None
    assembler = TableAssembler(header)
    index = start + 1
    while index < len(blocks) and blocks[index].kind == "text":
        text = blocks[index].text
        if text.strip() and not _is_tsv_line(text):
            break
        if text.strip():
            assembler.feed(split_tsv(text), blocks[index].page)
        index += 1
    return _table_segment(assembler), index


def _table_segment(assembler: TableAssembler) -> Segment:
    return Segment(
        "table", header=assembler.header, rows=assembler.rows, numbered=assembler.numbered, totals=assembler.totals
    )


def pipe_cells(text: str) -> list[str] | None:
    """Cells of a pipe-markdown line (``| a | b |``), or None when it is not one."""
    text = text.strip()
    if "|" not in text or "\t" in text:
        return None
    inner = text[1:] if text.startswith("|") else text
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in _PIPE_SPLIT_RE.split(inner)]


def _is_pipe_rule(cells: Sequence[str] | None) -> bool:
    return bool(cells) and all(_PIPE_RULE_RE.match(cell.replace(" ", "")) for cell in cells or ())


def _next_text(blocks: Sequence[Block], index: int) -> int:
    """Index of the next non-blank text block at or after ``index`` (converters add blank lines)."""
    while index < len(blocks) and blocks[index].kind == "text" and not blocks[index].text.strip():
        index += 1
    return index


def _pipe_table(blocks: Sequence[Block], start: int) -> tuple[Segment, int] | None:
    """A pipe-markdown table: header line, ``|---|---|`` rule, then one line per row."""
    header = pipe_cells(blocks[start].text)
    rule_at = _next_text(blocks, start + 1)
    if not header or rule_at >= len(blocks) or blocks[rule_at].kind != "text":
        return None
    rule = pipe_cells(blocks[rule_at].text)
    if not _is_pipe_rule(rule) or len(rule or ()) != len(header):
        return None
    assembler = TableAssembler([clean_inline(c) for c in header])
    index = rule_at + 1
    while (at := _next_text(blocks, index)) < len(blocks) and blocks[at].kind == "text":
        cells = pipe_cells(blocks[at].text)
        if cells is None or not blocks[at].text.lstrip().startswith("|"):
            break
        assembler.feed([clean_inline(c) for c in cells], blocks[at].page)
        index = at + 1
    return _table_segment(assembler), index


def is_layout_table(rows: Sequence[Sequence[str]]) -> bool:
    """A table laid out for looks, not data: letter-head or signature cells, or a single row.

    A single row cannot be a header with data under it, so its cells are read
    as text rather than dropped. Otherwise a narrow table (at most three
    columns) is layout when one of its cell lines is a letter-head or
    signature line (national motto, "Số:", place and date, "Nơi nhận", "KT.").
    """
    if len(rows) < 2:
        return True
    if max(len(row) for row in rows) > LAYOUT_MAX_COLUMNS:
        return False
    return any(pat.is_layout_line(line) for row in rows for cell in row for line in cell.split("\n"))


def _layout_segment(block: Block) -> Segment:
    """Each cell's paragraphs become one run of lines, row by row, left to right."""
    cells = [
        [(line, block.page, None) for line in cell.split("\n")] for row in block.rows for cell in row if cell.strip()
    ]
    return Segment("layout", cells=cells)


def _block_table(block: Block) -> Segment:
    header = [clean_inline(c) for c in block.rows[0]] if block.rows else []
    assembler = TableAssembler(header)
    for row in block.rows[1:]:
        assembler.feed([clean_inline(c) for c in row], block.page)
    return _table_segment(assembler)


def _flat_table(blocks: Sequence[Block], start: int) -> tuple[Segment, int] | None:
    texts = [b.text if b.kind == "text" else "" for b in blocks]
    header = flattened_header(texts, start)
    if header is None:
        return None
    end = start + 1
    while end < len(blocks) and blocks[end].kind == "text":
        text = clean_inline(blocks[end].text)
        if pat.is_appendix(text) or text.lower().startswith("nơi nhận"):
            break
        end += 1
    rows = parse_flattened(texts[start:end], header)
    if not rows:
        return None
    page = blocks[start].page
    for row in rows:
        row.page = row.page or page
    return Segment("table", header=header, rows=rows, flattened=True), end


def _table_at(blocks: Sequence[Block], index: int) -> tuple[Segment, int] | None:
    """The table (or layout table) starting at ``index`` and the index after it, if one does."""
    block = blocks[index]
    if block.kind == "table":
        if not block.rows:
            return None
        table = _layout_segment(block) if is_layout_table(block.rows) else _block_table(block)
        return table, index + 1
    found = _pipe_table(blocks, index) if block.text.lstrip().startswith("|") else None
    if found is None and "\t" in block.text:
        found = _tsv_table(blocks, index)
    if found is None and block.text.strip() in {"TT", "STT"}:
        found = _flat_table(blocks, index)
    return found


def segment_blocks(blocks: Sequence[Block]) -> list[Segment]:
    """Group blocks into prose and table segments."""
    segments: list[Segment] = []
    prose = Segment("prose")
    index = 0
    while index < len(blocks):
        block = blocks[index]
        found = _table_at(blocks, index)
        if found:
            if prose.lines:
                segments.append(prose)
                prose = Segment("prose")
            segments.append(found[0])
            index = found[1]
            continue
        if block.kind == "text":
            prose.lines.append((block.text.replace("\t", " "), block.page, block.heading_level))
        index += 1
    if prose.lines:
        segments.append(prose)
    return segments
