"""Recognisers for the numbering and heading conventions of Vietnamese admin documents.

Kept in one module so the line joiner, the structure parser and the table
parsers agree on what a marker is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from khcn_qa.lexicon import lexicon
from khcn_qa.text.normalize import fold

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
# Legal documents number their parts, chapters and articles with a word in
# front ("Phần I.", "Chương II", "Điều 3."). The numeral must be followed by
# a stop or the end of the line, so a wrapped line that starts with a cross
# reference ("Điều 3 của Quyết định này …") is not taken as a heading.
_WORD_MARKER_RE = re.compile(
    r"^(?P<kind>Phần|PHẦN|Chương|CHƯƠNG|Điều|ĐIỀU)\s+(?P<m>[IVXLC]{1,6}|\d{1,3})"
    r"(?:\s*[.:]|\s+[-–]|$)(?P<rest>.*)",  # no trailing "$": nothing to backtrack over
    re.S,
)
_WORD_MARKER_KINDS = {"phần": "part", "chương": "chapter", "điều": "article"}

# Words an organisational unit's name starts with. They double as ordinary
# nouns ("Sở hữu trí tuệ", "Ban hành", "Tổ chức", "Thanh tra, kiểm tra"), so
# a unit needs a name after the word (see ``names_unit``). Longest first.
ORGANISATION_WORDS: tuple[str, ...] = tuple(
    sorted((w for w in lexicon().organisation_prefixes if not w.islower()), key=len, reverse=True)
)
# Lower-case words that may follow an organisation word and still name a unit:
# the level or place it serves ("UBND tỉnh", "Thanh tra tỉnh", "Ủy ban nhân dân các huyện").
_UNIT_QUALIFIERS = ("nhân dân", "tỉnh", "huyện", "thành phố", "thị xã", "thị trấn", "xã", "phường", "quận", "các")
# Letter-head and signature lines: the text Word templates lay out in borderless tables.
_LAYOUT_FOLDED_STARTS = ("noi nhan", "kinh gui", "v/v", "cong hoa xa hoi chu nghia", "doc lap - tu do")
_LAYOUT_LINE_RE = re.compile(r"^(?:Số\s*:|KT\.|TM\.|Q\.\s|(?:PHÓ )?(?:GIÁM ĐỐC|CHỦ TỊCH)$)")
_PLACE_DATE_LINE_RE = re.compile(r"^[^\W\d_][^,]{1,40},\s*ngày\s*\d{0,2}\s*tháng\b")


@dataclass(frozen=True)
class Marker:
    """A numbering marker at the start of a line and its kind (which fixes its depth)."""

    kind: str
    marker: str
    rest: str


def structural_marker(text: str) -> Marker | None:
    """Classify the leading marker of a line: part/chapter/article, roman, decimal, number, letter or bullet."""
    text = text.strip()
    word = _word_marker(text)
    if word:
        return word
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


def _word_marker(text: str) -> Marker | None:
    """``Phần I.``, ``Chương II``, ``Điều 3.``: an article takes an arabic number only."""
    match = _WORD_MARKER_RE.match(text)
    if not match:
        return None
    kind = _WORD_MARKER_KINDS[match.group("kind").lower()]
    numeral = match.group("m")
    if kind == "article" and not numeral.isdigit():
        return None
    return Marker(kind, f"{match.group('kind')} {numeral}", match.group("rest").strip())


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
    """A heading that names an organisational unit (it answers "who does it").

    It starts with an organisation word followed by a name: a capitalised word
    or abbreviation ("Sở Tài chính", "Thanh tra Sở", "Chi cục TCĐLCL") or the
    level it serves ("UBND tỉnh", "Ủy ban nhân dân các huyện"). A topic
    heading has no name after the word: "Sở hữu trí tuệ", "Ban hành văn bản",
    "Thanh tra, kiểm tra", or "Thanh tra" alone.
    """
    text = text.strip()
    word = next((w for w in ORGANISATION_WORDS if text.startswith(w + " ")), None)
    if word is None:
        return False
    name = text[len(word) + 1 :].lstrip()
    if not name or not name[0].isalpha():
        return False
    if name[0].isupper():
        return True
    return any(name == q or name.startswith(q + " ") or name.startswith(q + ",") for q in _UNIT_QUALIFIERS)


def is_layout_line(text: str) -> bool:
    """A letter-head or signature line: issuer, national motto, "Số:", place and date, "Nơi nhận", signer title."""
    text = text.strip().strip("*").strip()
    if not text:
        return False
    folded = " ".join(fold(text).split())
    return (
        folded.startswith(_LAYOUT_FOLDED_STARTS)
        or bool(_LAYOUT_LINE_RE.match(text))
        or bool(_PLACE_DATE_LINE_RE.match(text))
    )


def is_roman(token: str) -> bool:
    """True for ``I`` … ``XV`` as used for table group rows."""
    return token.strip().rstrip(".") in ROMAN
