"""Spreadsheets (.xlsx, .xls, .ods): task tables read with python-calamine.

Task appendices kept in Excel rarely start at A1 with one header row: a
merged title sits above, the header often spans two rows ("Thời gian thực
hiện" over "Bắt đầu" | "Kết thúc"), a column-number row ("(1) (2) (3)")
may follow, and a lead unit is merged down over the rows it leads. Merged
cells are filled first, so each row carries every value it shows on
screen; the header is the first row that reads like one, joined with the
row below when merged cells span the two; everything above it becomes text
(the title). The rows then go out as one table block, which the shared
table recovery turns into one chunk per task row, named by its columns.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from khcn_qa.errors import DocumentError
from khcn_qa.ingest.tables import looks_like_header
from khcn_qa.records import Block

CORRUPT_MESSAGE = "tệp bảng tính bị hỏng, có mật khẩu hoặc không đúng định dạng"

Grid = list[list[str]]
Merge = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col))

_HEADER_SEARCH_ROWS = 30
_COLUMN_NUMBER_RE = re.compile(r"^\(?\d{1,2}\)?$")
_ROMAN_GROUP_RE = re.compile(r"^(?P<n>[IVX]{1,4})[.)]?\s+(?P<rest>\S.*)$")


def load_spreadsheet_blocks(data: bytes, source: str) -> tuple[Block, ...]:
    """Read every sheet: title lines as text, the task table as one table block."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [(name, workbook.get_sheet_by_name(name)) for name in workbook.sheet_names]
        grids = [(name, _grid(sheet)) for name, sheet in sheets]
    except Exception as exc:  # calamine raises its own and zip/xml errors alike
        raise DocumentError(source, CORRUPT_MESSAGE) from exc
    filled = [(name, grid) for name, grid in grids if any(any(row) for row in grid)]
    blocks: list[Block] = []
    for name, grid in filled:
        if len(filled) > 1:
            blocks.append(Block(kind="text", text=name, heading_level=1))
        blocks.extend(sheet_blocks(grid))
    return tuple(blocks)


def _grid(sheet: Any) -> Grid:
    """Cell texts from A1, merged cells filled with their value."""
    rows = [[cell_text(value) for value in row] for row in sheet.to_python(skip_empty_area=False)]
    width = max((len(row) for row in rows), default=0)
    grid = [row + [""] * (width - len(row)) for row in rows]
    return fill_merged(grid, list(sheet.merged_cell_ranges or []))


def cell_text(value: object) -> str:
    """A cell as the sheet shows it: whole numbers without ``.0``, dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.6g}".replace(".", ",")
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time() else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def fill_merged(grid: Grid, merges: Sequence[Merge]) -> Grid:
    """Copy each merged range's value into every cell it covers."""
    filled = [list(row) for row in grid]
    for (top, left), (bottom, right) in merges:
        if top >= len(filled) or left >= len(filled[top]):
            continue
        value = filled[top][left]
        for r in range(top, min(bottom, len(filled) - 1) + 1):
            for c in range(left, min(right, len(filled[r]) - 1) + 1):
                filled[r][c] = value
    return filled


def sheet_blocks(grid: Grid) -> list[Block]:
    """Title lines, then the table; a sheet without a header becomes TSV text lines."""
    header_at = _header_row(grid)
    if header_at is None:
        return [Block(kind="text", text="\t".join(row)) for row in grid if any(row)]
    titles = [" ".join(_distinct(row)) for row in grid[:header_at] if any(row)]
    blocks = [Block(kind="text", text=title, heading_level=1) for title in titles]
    header, first_data = _header(grid, header_at)
    body = [row for row in grid[first_data:] if any(row)]
    if body and _is_column_numbers(body[0]):
        body = body[1:]
    blocks.extend(_tables(header, body))
    return blocks


def _distinct(row: Sequence[str]) -> list[str]:
    """Non-empty values of a row, each once, in order (a filled merge repeats one)."""
    seen: list[str] = []
    for value in row:
        if value and value not in seen:
            seen.append(value)
    return seen


def _header_row(grid: Grid) -> int | None:
    for index, row in enumerate(grid[:_HEADER_SEARCH_ROWS]):
        if len(_distinct(row)) >= 3 and looks_like_header(_distinct(row)):
            return index
    return None


def _header(grid: Grid, at: int) -> tuple[list[str], int]:
    """Column names and the first data row; a second header row is joined in.

    The row below is a second header row when merged cells tie the two (a
    header cell filled down into it, or one spread over several columns of
    the first row), it repeats or leaves empty the first cell, and it holds
    only words: data rows start with a task number.
    """
    top = grid[at]
    below = grid[at + 1] if at + 1 < len(grid) else []
    merged = any(b and b == t for b, t in zip(below, top, strict=False)) or any(
        a and a == b for a, b in zip(top, top[1:], strict=False)
    )
    second = (
        merged
        and below[0] in ("", top[0])
        and any(b and b != t for b, t in zip(below, top, strict=False))
        and not any(re.fullmatch(r"[\d.,\s]+", b) for b in below if b)
    )
    if not second:
        return list(top), at + 1
    names = [t if not b or b == t else (f"{t} ({b})" if t else b) for t, b in zip(top, below, strict=False)]
    return names, at + 2


def _is_column_numbers(row: Sequence[str]) -> bool:
    """The "(1) (2) (3)" or "1 2 3" row printed under many Vietnamese table headers."""
    values = [v for v in row if v]
    if len(values) < 3 or not all(_COLUMN_NUMBER_RE.match(v) for v in values):
        return False
    numbers = [int(v.strip("()")) for v in values]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _tables(header: list[str], body: Grid) -> list[Block]:
    """Table blocks; a full-width group row ("Nhiệm vụ chuyển tiếp") splits the table.

    A group row numbered with a Roman numeral stays inside the table, where
    the table assembler makes it the group of the rows below; an unnumbered
    one becomes a text line between two tables so it heads the rows after it.
    """
    width = len(header)
    keep = [c for c in range(width) if header[c] or any(c < len(row) and row[c] for row in body)]
    header = [header[c] for c in keep]
    blocks: list[Block] = []
    rows: list[tuple[str, ...]] = []
    for raw in body:
        row = [raw[c] if c < len(raw) else "" for c in keep]
        values = _distinct(row)
        if len(values) == 1 and len(header) > 2 and row.count(values[0]) > 1:
            group = _ROMAN_GROUP_RE.match(values[0])
            if group:
                rows.append(tuple([group["n"], group["rest"]] + [""] * (len(header) - 2)))
                continue
            if rows:
                blocks.append(Block(kind="table", rows=(tuple(header), *rows)))
                rows = []
            blocks.append(Block(kind="text", text=values[0]))
            continue
        rows.append(tuple(row))
    if rows:
        blocks.append(Block(kind="table", rows=(tuple(header), *rows)))
    return blocks
