"""Split a loaded document into prose runs and tables, in reading order.

Tables arrive three ways: as table blocks (DOCX/PDF), as TSV lines inside a
text file, and flattened one cell-line per line. Each becomes a segment the
chunker treats as rows; everything else is prose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from khcn_qa.ingest import patterns as pat
from khcn_qa.ingest.cleanup import clean_inline, is_noise
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


@dataclass
class Segment:
    """Either prose lines or the rows of one table."""

    kind: str  # "prose" | "table"
    lines: list[RawLine] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    flattened: bool = False


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
    segment = Segment("table", header=assembler.header, rows=assembler.rows)
    return segment, index


def _block_table(block: Block) -> Segment:
    header = [clean_inline(c) for c in block.rows[0]] if block.rows else []
    assembler = TableAssembler(header)
    for row in block.rows[1:]:
        assembler.feed([clean_inline(c) for c in row], block.page)
    return Segment("table", header=assembler.header, rows=assembler.rows)


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


def segment_blocks(blocks: Sequence[Block]) -> list[Segment]:
    """Group blocks into prose and table segments."""
    segments: list[Segment] = []
    prose = Segment("prose")
    index = 0
    while index < len(blocks):
        block = blocks[index]
        found: tuple[Segment, int] | None = None
        if block.kind == "table":
            found = (_block_table(block), index + 1) if block.rows else None
        elif "\t" in block.text:
            found = _tsv_table(blocks, index)
        elif block.text.strip() in {"TT", "STT"}:
            found = _flat_table(blocks, index)
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
