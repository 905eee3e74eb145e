"""Render Word's automatic list numbers, which python-docx does not expose.

In DOCX plans "1. Văn phòng Sở" is often a numbered-list paragraph whose
text is only "Văn phòng Sở"; without the number the structure parser cannot
see the section. This is a deliberately small renderer: one counter per
(numId, level), deeper levels reset when a shallower one advances, start
values and start overrides honoured, common formats (decimal, letters,
Roman) drawn, bullets shown as "- ". It ignores numbering continued across
different numIds of one abstract list and legal-style restarts, which can
make a rare number differ from what Word shows; the text itself is never
lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PLACEHOLDER_RE = re.compile(r"%([1-9])")
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class ListNumberer:
    """Counts numbered paragraphs in document order and renders their prefix."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    """numId → level → definition (abstract definition plus overrides)."""
    _counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_document(cls, document: Any) -> ListNumberer:
        """Read the numbering part of a python-docx document (empty if it has none)."""
        from docx.opc.constants import RELATIONSHIP_TYPE

        try:
            part = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING)
            return cls(levels=_read_numbering(part.element))
        except (KeyError, ValueError):
            # No numbering part, or one with non-numeric ids: number nothing.
            return cls()

    def render(self, numbering: tuple[str, int] | None) -> str:
        """Advance the counter for ``(numId, level)`` and return its prefix.

        Returns "" when the paragraph is not numbered or its definition is
        missing, so an odd numbering part never costs the paragraph's text.
        """
        if numbering is None:
            return ""
        num_id, ilvl = numbering
        definitions = self.levels.get(num_id, {})
        level = definitions.get(ilvl)
        if level is None:
            return ""
        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [key for key in counters if key > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return "- "
        if level.fmt == "none":
            return ""

        def substitute(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            other = definitions.get(index)
            if other is None:
                return ""
            return _format_number(counters.get(index, other.start), other.fmt)

        rendered = _PLACEHOLDER_RE.sub(substitute, level.text).strip()
        return f"{rendered} " if rendered else ""


def _read_numbering(root: Any) -> dict[str, dict[int, _Level]]:
    """Map each numId to its level definitions, overrides applied."""
    abstracts: dict[str, dict[int, _Level]] = {}
    for abstract in root.iterfind(f"{_W}abstractNum"):
        abstract_id = abstract.get(f"{_W}abstractNumId", "")
        abstracts[abstract_id] = {
            int(lvl.get(f"{_W}ilvl", "0")): _read_level(lvl)
            for lvl in abstract.iterfind(f"{_W}lvl")
        }
    result: dict[str, dict[int, _Level]] = {}
    for num in root.iterfind(f"{_W}num"):
        ref = num.find(f"{_W}abstractNumId")
        levels = dict(abstracts.get(ref.get(f"{_W}val", "") if ref is not None else "", {}))
        for override in num.iterfind(f"{_W}lvlOverride"):
            ilvl = int(override.get(f"{_W}ilvl", "0"))
            replacement = override.find(f"{_W}lvl")
            if replacement is not None:
                levels[ilvl] = _read_level(replacement)
            start = _val(override.find(f"{_W}startOverride"))
            if start.isdigit() and ilvl in levels:
                old = levels[ilvl]
                levels[ilvl] = _Level(fmt=old.fmt, text=old.text, start=int(start))
        result[num.get(f"{_W}numId", "")] = levels
    return result


def _read_level(lvl: Any) -> _Level:
    start = _val(lvl.find(f"{_W}start"))
    return _Level(
        fmt=_val(lvl.find(f"{_W}numFmt")) or "decimal",
        text=_val(lvl.find(f"{_W}lvlText")),
        start=int(start) if start.isdigit() else 1,
    )


def _val(node: Any) -> str:
    return node.get(f"{_W}val", "") if node is not None else ""


def _format_number(number: int, fmt: str) -> str:
    """Draw ``number`` in a Word ``numFmt``; unknown formats fall back to decimal."""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = _letters(number)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(number)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero" and number < 10:
        return f"0{number}"
    return str(number)


def _letters(number: int) -> str:
    """Word's letter numbering: a…z, then aa, bb… (repeats, not base 26)."""
    if number < 1:
        return str(number)
    letter = chr(ord("a") + (number - 1) % 26)
    return letter * ((number - 1) // 26 + 1)


def _roman(number: int) -> str:
    if number < 1:
        return str(number)
    parts: list[str] = []
    for value, numeral in _ROMAN:
        count, number = divmod(number, value)
        parts.append(numeral * count)
    return "".join(parts)
