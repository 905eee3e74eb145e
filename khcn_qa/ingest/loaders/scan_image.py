"""Prepare a scanned page for OCR: keep black ink, find and erase table rules.

Two things on a Vietnamese administrative scan make Tesseract print garbage:
the red seal (and a blue or violet signature) over the signer's name, and
the ruled grid of the task table, whose lines it reads as ``|`` and ``—`` or
which make it drop a whole column. Coloured ink is removed by taking the
brightest colour channel of each pixel (black text is dark in all three;
red or blue ink is bright in at least one). Long straight runs of dark
pixels are table rules: they are erased, and the vertical ones are kept as
column boundaries so each OCR'd word can be put back into its cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

# A pixel darker than this (0–255, after colour removal) is ink.
INK_THRESHOLD = 150
# Rules are at least this long, in inches: far longer than any letter stroke.
_H_RULE_INCHES = 0.7
_V_RULE_INCHES = 0.35
_SAME_RULE_PX = 12  # runs this close on the other axis belong to one rule


@dataclass(frozen=True)
class VerticalRule:
    """A vertical table line: its x position and the rows it spans."""

    x: int
    top: int
    bottom: int


@dataclass(frozen=True)
class TableGrid:
    """The column boundaries of one ruled table and the band of the page it covers."""

    columns: tuple[int, ...]
    top: int
    bottom: int

    def cell_of(self, x_center: float) -> int | None:
        """Column index of a word whose centre is at ``x_center``; None outside the table."""
        if not self.columns[0] <= x_center <= self.columns[-1]:
            return None
        return sum(1 for x in self.columns[1:-1] if x < x_center)


@dataclass(frozen=True)
class PreparedPage:
    """A black-and-white page ready for Tesseract, plus the tables found on it."""

    image: Any  # PIL.Image.Image, mode "L"
    tables: tuple[TableGrid, ...]


def prepare_page(image: Any, dpi: int) -> PreparedPage:
    """Drop coloured ink, binarise, erase table rules and return the grids they formed."""
    from PIL import Image

    pixels = np.asarray(image.convert("RGB"))
    ink = pixels.max(axis=2) < INK_THRESHOLD
    h_runs = _long_runs(ink, int(_H_RULE_INCHES * dpi))
    v_runs = _long_runs(ink.T, int(_V_RULE_INCHES * dpi))
    for row, start, end in h_runs:
        ink[max(row - 1, 0) : row + 2, start:end] = False
    for column, start, end in v_runs:
        ink[start:end, max(column - 1, 0) : column + 2] = False
    grids = _tables(_vertical_rules(v_runs))
    clean = Image.fromarray(np.where(ink, 0, 255).astype(np.uint8), mode="L")
    return PreparedPage(clean, grids)


def _long_runs(mask: np.ndarray, min_length: int) -> list[tuple[int, int, int]]:
    """``(row, start, end)`` of every run of True at least ``min_length`` long, row by row."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    edges = np.diff(padded, axis=1)
    start_rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)  # row-major order pairs each start with its end
    long = (ends - starts) >= min_length
    return [(int(r), int(s), int(e)) for r, s, e in zip(start_rows[long], starts[long], ends[long], strict=True)]


def _vertical_rules(runs: list[tuple[int, int, int]]) -> list[VerticalRule]:
    """Merge the pixel columns of each thick vertical line into one rule."""
    rules: list[VerticalRule] = []
    for column, top, bottom in sorted(runs):
        for index, rule in enumerate(rules):
            overlaps = top <= rule.bottom + _SAME_RULE_PX and bottom >= rule.top - _SAME_RULE_PX
            if abs(column - rule.x) <= _SAME_RULE_PX and overlaps:
                rules[index] = VerticalRule(rule.x, min(rule.top, top), max(rule.bottom, bottom))
                break
        else:
            rules.append(VerticalRule(column, top, bottom))
    return rules


def _tables(rules: list[VerticalRule]) -> tuple[TableGrid, ...]:
    """Group rules whose vertical spans overlap into tables; three rules make two columns."""
    groups: list[list[VerticalRule]] = []
    for rule in sorted(rules, key=lambda r: r.top):
        for group in groups:
            if rule.top <= max(r.bottom for r in group) and rule.bottom >= min(r.top for r in group):
                group.append(rule)
                break
        else:
            groups.append([rule])
    grids: list[TableGrid] = []
    for group in groups:
        xs = sorted({r.x for r in group})
        if len(xs) >= 3:
            grids.append(TableGrid(tuple(xs), min(r.top for r in group), max(r.bottom for r in group)))
    return tuple(grids)
