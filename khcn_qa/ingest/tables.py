"""Recover table rows from the two table shapes converters produce.

1. Real tables (DOCX/PDF blocks, TSV or pipe-markdown lines in a text
   file): a header row, repeated at every page break; rows split across
   pages continue with an empty first cell; group rows (``I``, ``II`` …)
   title the rows below them; a total row (``Tổng cộng``) sums the table and
   is kept apart, never merged into the last task.
2. Tables flattened one cell-line per text line (PDF-to-text of a ruled
   table): columns are lost, the header is repeated on every page as a run of
   ALL-CAPS fragments. We recover one row per numbered task, whole, and
   never a row that starts mid-cell, by requiring row numbers in sequence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from khcn_qa.ingest import patterns as pat
from khcn_qa.ingest.cleanup import clean_inline
from khcn_qa.text.normalize import fold


@dataclass
class TableRow:
    """One task row: its number, column → value cells, and the group row above it."""

    row_id: str
    cells: dict[str, str]
    group: str | None = None
    parent: str | None = None
    page: int | None = None
    lines: list[str] = field(default_factory=list)


def split_tsv(line: str) -> list[str]:
    """Cells of one TSV line, cleaned of markup and spacing."""
    return [clean_inline(cell) for cell in line.split("\t")]


def looks_like_header(cells: Sequence[str]) -> bool:
    """A header has ≥ 3 filled cells, mostly words, no task number in front."""
    filled = [c for c in cells if c]
    if len(filled) < 3:
        return False
    first = fold(filled[0])
    wordy = sum(1 for c in filled if not re.fullmatch(r"[\d.\s]+", c))
    return wordy == len(filled) and (first in {"tt", "stt", "so tt"} or not re.match(r"^\d", first))


_NUMBER_COLUMNS = frozenset({"", "tt", "stt", "so tt", "so thu tu", "so", "#", "no"})
_TOTAL_LABELS = frozenset(
    {"tong", "cong", "tong cong", "tong so", "tong kinh phi", "tong cong kinh phi", "cong kinh phi", "tong toan bo"}
)


def is_number_column(name: str) -> bool:
    """The ``TT``/``STT`` column that numbers the rows (its value is the row's id, not content)."""
    return " ".join(fold(name).rstrip(".").split()) in _NUMBER_COLUMNS


def is_total_label(cell: str) -> bool:
    """``Tổng cộng``, ``Cộng``, ``Tổng số (I+II)``: a cell that labels the sum of the rows above."""
    label = fold(cell.split("(", 1)[0]).strip().rstrip(":").strip()
    return " ".join(label.split()) in _TOTAL_LABELS


def _row_number(cell: str) -> str | None:
    cell = cell.strip().rstrip(".")
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,2}){0,2}", cell) or pat.is_roman(cell):
        return cell
    return None


class TableAssembler:
    """Feeds raw rows in order; yields task rows once the table is complete.

    The header is taken once; identical rows later (page-break repeats) are
    dropped; a roman-numbered row becomes the group of the rows under it; a
    total row goes to ``totals``. In a table with a ``TT`` column a row
    without a number continues the previous row cell by cell; in a table
    without one (a pipe table of budget lines) only a row whose first cell
    is empty does, and every other row is a row of its own.
    """

    def __init__(self, header: Sequence[str]) -> None:
        self.header = [h or f"Cột {i + 1}" for i, h in enumerate(header)]
        self._header_key = [fold(h) for h in header]
        self.numbered = not header or is_number_column(header[0])
        self.rows: list[TableRow] = []
        self.totals: list[TableRow] = []
        self._group: str | None = None
        self._last_was_group = False
        self._parents: dict[str, str] = {}

    def feed(self, cells: Sequence[str], page: int | None = None) -> None:
        """Add one raw row (already split into cells)."""
        cells = list(cells) + [""] * (len(self.header) - len(cells))
        if [fold(c) for c in cells[: len(self.header)]] == self._header_key or not any(cells):
            return
        number = _row_number(cells[0]) if self.numbered else None
        label = next((c for c in cells[:2] if c), "")
        if number is None and is_total_label(label):
            self._last_was_group = False
            self.totals.append(TableRow(label, dict(zip(self.header, cells, strict=False)), page=page))
            return
        if number is None and self._last_was_group and self._group:
            self._group = f"{self._group} {' '.join(c for c in cells if c)}"
            return
        if number is None and self.rows and (self.numbered or not cells[0]):
            self._continue(cells)
            return
        self._last_was_group = number is not None and pat.is_roman(number) and not any(cells[2:])
        if self._last_was_group:
            self._group = f"{number}. {cells[1]}".strip()
            return
        row_id = number or str(len(self.rows) + 1)
        values = {h: c for h, c in zip(self.header, cells, strict=False)}
        parent = self._parents.get(row_id.rsplit(".", 1)[0]) if "." in row_id else None
        row = TableRow(row_id, values, self._group, parent, page)
        content = cells[1] if len(cells) > 1 else ""
        self._parents[row_id] = f"{row_id}. {content}"
        self.rows.append(row)

    def _continue(self, cells: Sequence[str]) -> None:
        last = self.rows[-1]
        for name, value in zip(self.header, cells, strict=False):
            if value:
                joined = f"{last.cells.get(name, '')} {value}".strip()
                last.cells[name] = joined


_FLAT_ROW_RE = re.compile(r"^(?P<n>\d{1,2})(?:\s+(?P<rest>\S.*))?$")
_FLAT_GROUP_RE = re.compile(r"^(?P<n>(?:IX|IV|V?I{1,3}|V|X))\s+(?P<rest>\S.*)$")


def flattened_header(lines: Sequence[str], start: int) -> list[str] | None:
    """The run of header fragments starting at a lone ``TT`` line, if this is one."""
    if fold(lines[start].strip()) not in {"tt", "stt"}:
        return None
    header: list[str] = []
    for text in lines[start + 1 : start + 30]:
        text = text.strip()
        if not text:
            continue
        if _FLAT_GROUP_RE.match(text) or _FLAT_ROW_RE.match(text):
            break
        if not pat.is_caps_heading(text + " X"):
            return None
        header.append(text)
    return header if len(header) >= 3 else None


def parse_flattened(lines: Sequence[str], header: Sequence[str]) -> list[TableRow]:
    """Rows of a flattened table: each numbered task with all its cell lines, in order.

    A row starts at a line holding just the next task number (optionally
    followed by text); the header run is skipped wherever it repeats.
    """
    header_keys = {fold(h.strip()) for h in header} | {"tt", "stt"}
    rows: list[TableRow] = []
    group: str | None = None
    expected = 1
    for raw in lines:
        text = clean_inline(raw)
        if not text or fold(text) in header_keys:
            continue
        group_match = _FLAT_GROUP_RE.match(text)
        if group_match and (not rows or rows[-1].row_id != "group"):
            group = f"{group_match.group('n')}. {group_match.group('rest')}"
            expected = 1
            continue
        row_match = _FLAT_ROW_RE.match(text)
        if row_match and int(row_match.group("n")) == expected:
            expected += 1
            rest = row_match.group("rest")
            rows.append(TableRow(row_match.group("n"), {}, group, lines=[rest] if rest else []))
            continue
        if rows:
            rows[-1].lines.append(text)
    return rows


_UNIT_START = r"(?= (?:Văn phòng|Phòng|Chi cục|Thanh tra|Trung tâm))"
_DIRECTOR_RE = re.compile(r"(Ban Giám đốc|PGĐ(?: [A-ZĐ][a-zà-ỹđ]+){1,4}?" + _UNIT_START + r"|Giám đốc)")
_LEAD_UNIT_RE = re.compile(
    r"(Văn phòng|Thanh tra|Chi cục \S+|Trung tâm(?: \S+){1,8}?|Phòng(?: \S+){1,7}?)"
    r"(?= (?:Các |Phòng |Chi cục |Văn phòng |Trung tâm ))"
)


def flattened_fields(text: str) -> dict[str, str]:
    """Best-effort columns of a flattened row: who directs it and which unit leads it.

    Column order is fixed (content, direction, lead unit, partners, result,
    time), so the lead unit is the first unit name after the director.
    """
    director = _DIRECTOR_RE.search(text)
    if not director:
        return {}
    fields = {"Phân công chỉ đạo": director.group(1)}
    lead = _LEAD_UNIT_RE.match(text, director.end() + 1)
    if lead:
        fields["Đơn vị chủ trì thực hiện"] = lead.group(1)
    return fields
