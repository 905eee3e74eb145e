"""Cut elements and table rows into citable chunks that fit the embedding model.

A chunk is the smallest passage a person would accept as proof: one list
item (with its ``+`` sub-items), one paragraph, one table row. Tiny siblings
under the same heading are merged so a chunk carries enough context to be
retrieved; long ones are split with langchain's recursive splitter to a
token budget well under the model's 512, the section path repeated in each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from khcn_qa.ingest.structure import Element, short_label
from khcn_qa.ingest.tables import TableRow, flattened_fields
from khcn_qa.records import Chunk

TOKEN_BUDGET = 320
ROW_BUDGET = 440  # a task row stays whole when it fits the model's 512 tokens
MERGE_BELOW = 60
_TOKEN_RE = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def approx_tokens(text: str) -> int:
    """XLM-R pieces per text, estimated: Vietnamese syllables are ~1.3 pieces each."""
    return int(len(_TOKEN_RE.findall(text)) * 1.3) + 2


def _split(text: str, budget: int) -> list[str]:
    if approx_tokens(text) <= budget:
        return [text]
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=budget,
        chunk_overlap=budget // 8,
        length_function=approx_tokens,
        separators=["\n", ". ", "; ", ", ", " "],
        keep_separator="end",
    )
    return [piece.strip() for piece in splitter.split_text(text) if piece.strip()]


def _merge_small(elements: Iterable[Element]) -> Iterator[Element]:
    """Merge consecutive small elements of the same section and kind."""
    pending: Element | None = None
    for element in elements:
        if (
            pending
            and pending.section == element.section
            and pending.kind == element.kind
            and approx_tokens(pending.text) + approx_tokens(element.text) <= MERGE_BELOW * 2
            and min(approx_tokens(pending.text), approx_tokens(element.text)) < MERGE_BELOW
        ):
            pending = Element(f"{pending.text}\n{element.text}", pending.section, pending.unit, pending.page, pending.kind)
            continue
        if pending:
            yield pending
        pending = element
    if pending:
        yield pending


def element_chunks(source: str, elements: Iterable[Element], start: int, budget: int = TOKEN_BUDGET) -> list[Chunk]:
    """Chunks of prose elements, numbered from ``start``."""
    chunks: list[Chunk] = []
    for element in _merge_small(elements):
        for piece in _split(element.text, budget):
            chunks.append(
                Chunk(
                    source=source,
                    ordinal=start + len(chunks),
                    text=piece,
                    section=element.section,
                    unit=element.unit,
                    page=element.page,
                    kind="text",
                )
            )
    return chunks


_LEAD_KEYS = ("chu tri", "don vi thuc hien", "co quan thuc hien")


def row_text(row: TableRow, header: list[str], numbered: bool = True) -> str:
    """Text of a row that names its columns, so the passage reads on its own.

    The ``TT`` cell is left out (the chunk text starts with it); in a table
    without a numbering column the first column is content and stays.
    """
    if row.cells:
        skip = header[0] if header and numbered else None
        parts = [f"{name}: {value}" for name, value in row.cells.items() if value and name != skip]
        return "; ".join(parts)
    return " ".join(row.lines)


def _row_unit(fields: dict[str, str]) -> str | None:
    from khcn_qa.text.normalize import fold

    for name, value in fields.items():
        if value and any(key in fold(name) for key in _LEAD_KEYS):
            return value
    return None


def row_chunks(
    source: str,
    rows: Iterable[TableRow],
    header: list[str],
    section: tuple[str, ...],
    start: int,
    numbered: bool = True,
) -> list[Chunk]:
    """One chunk per table row (split only if a row exceeds the token budget).

    A row of a numbered table reads "TT 3. …"; a table without a numbering
    column (``numbered`` false) has positional row ids nobody wrote, so they
    are not shown.
    """
    chunks: list[Chunk] = []
    for row in rows:
        path = section + tuple(p for p in (row.group, row.parent) if p)
        path = tuple(short_label(p) for p in path)
        body = row_text(row, header, numbered)
        cells = row.cells or flattened_fields(body)
        fields = {name: value for name, value in cells.items() if value}
        for piece in _split(body, ROW_BUDGET):
            text = f"TT {row.row_id}. {piece}" if numbered else piece
            chunks.append(
                Chunk(
                    source=source,
                    ordinal=start + len(chunks),
                    text=text,
                    section=path,
                    unit=_row_unit(fields),
                    fields=fields,
                    page=row.page,
                    kind="table_row",
                    row_id=row.row_id,
                )
            )
    return chunks


def total_chunks(source: str, totals: Iterable[TableRow], section: tuple[str, ...], start: int) -> list[Chunk]:
    """One text chunk per total row: "Tổng cộng: Kinh phí (triệu đồng): 3.850".

    A total is a fact about the whole table, not a task, so it is prose under
    the table's section rather than a row with a number of its own.
    """
    chunks: list[Chunk] = []
    for total in totals:
        values = {name: value for name, value in total.cells.items() if value}
        parts = [f"{name}: {value}" for name, value in values.items() if value != total.row_id]
        text = f"{total.row_id}: {'; '.join(parts)}" if parts else total.row_id
        chunks.append(
            Chunk(source=source, ordinal=start + len(chunks), text=text, section=section, fields=values, page=total.page)
        )
    return chunks
