"""Recognisers for the numbering and heading conventions of Vietnamese admin documents.

Kept in one module so the line joiner, the structure parser and the table
parsers agree on what a marker is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
_ROMAN_RE = re.compile(r"^(?P<m>(?:X{0,1})(?:IX|IV|V?I{0,3}))[.)]\s+(?P<rest>\S.*)$")
_DECIMAL_RE = re.compile(r"^(?P<m>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?P<rest>\S.*)$")
_NUMBER_RE = re.compile(r"^(?P<m>\d{1,2})[.)]\s+(?P<rest>\S.*)$")
_LETTER_RE = re.compile(r"^(?P<m>[a-zđ])[)]\s+(?P<rest>\S.*)$")
_BULLET_RE = re.compile(r"^(?P<m>[-+•*–◦▪])\s*(?P<rest>\S.*)$")
_APPENDIX_RE = re.compile(r"^PH[ỤU] L[ỤU]C(?:\s+[0-9IVX]+)?\b", re.I)
_BOILERPLATE_RE = re.compile(
    r"^(?:[Nn]ơi nhận|KT\.|TM\.|Căn cứ|GIÁM ĐỐC|PHÓ GIÁM ĐỐC|CHỦ TỊCH|PHÓ CHỦ TỊCH|Số:|Số\s*/)"
)
_UNIT_RE = re.compile(
    r"^(?:Văn phòng|Phòng|Thanh tra|Chi cục|Trung tâm|Sở|UBND|Ủy ban|Uỷ ban|Ban|Trại|Viện|Đài|Hội)\b"
)


@dataclass(frozen=True)
class Marker:
    """A numbering marker at the start of a line and its kind (which fixes its depth)."""

    kind: str
    marker: str
    rest: str


def structural_marker(text: str) -> Marker | None:
    """Classify the leading marker of a line: roman, decimal, number, letter or bullet."""
    text = text.strip()
    match = _ROMAN_RE.match(text)
    if match and match.group("m"):
        return Marker("roman", match.group("m"), match.group("rest"))
    match = _DECIMAL_RE.match(text)
    if match:
        depth = match.group("m").count(".") + 1
        return Marker(f"decimal{depth}", match.group("m"), match.group("rest"))
    match = _NUMBER_RE.match(text)
    if match:
        return Marker("number", match.group("m"), match.group("rest"))
    match = _LETTER_RE.match(text)
    if match:
        return Marker("letter", match.group("m"), match.group("rest"))
    match = _BULLET_RE.match(text)
    if match:
        kind = "plus" if match.group("m") == "+" else "bullet"
        return Marker(kind, match.group("m"), match.group("rest"))
    return None


def is_caps_heading(text: str) -> bool:
    """ALL-CAPS lines of a few words are headings (``LƯU Ý``, ``II. NỘI DUNG THỰC HIỆN``)."""
    letters = [c for c in text if c.isalpha()]
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if len(letters) < 4 or len(words) < 2 or len(text) > 160:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) >= 0.85


def is_appendix(text: str) -> bool:
    """``PHỤ LỤC`` opens an appendix, which restarts the section path."""
    return bool(_APPENDIX_RE.match(text.strip()))


def is_boilerplate_start(text: str) -> bool:
    """Signature block and recipient list lines, which end the body."""
    return bool(_BOILERPLATE_RE.match(text.strip()))


def names_unit(text: str) -> bool:
    """A heading that names an organisational unit (it answers "who does it")."""
    return bool(_UNIT_RE.match(text.strip()))


def is_roman(token: str) -> bool:
    """True for ``I`` … ``XV`` as used for table group rows."""
    return token.strip().rstrip(".") in ROMAN
