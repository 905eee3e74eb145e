"""Unicode and spelling normalisation for matching Vietnamese text.

Documents converted from PDF/DOCX mix NFC and NFD, two tone-mark placements
(``hoà``/``hòa``, ``thuý``/``thúy``), odd dashes and non-breaking spaces; a
user types without diacritics. Every comparison in the package goes through
these functions so a document and a query meet in the same form.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

NORMALIZATION_VERSION = "2"

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_DASH_RE = re.compile(r"[\u2010-\u2015\u2212]")
_QUOTE_MAP = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
# Open syllables ending in oa / oe / uy (not after q): the old style puts the tone
# on the last vowel (hoà, thuý), the style we normalise to on the first (hòa, thúy).
_OLD_STYLE_RE = re.compile(r"(?<![qQ\w])(\w*?)([oOuU])([aAeEyY][\u0300\u0301\u0303\u0309\u0323])(?!\w)")


def _move_tone(match: re.Match[str]) -> str:
    prefix, first, second = match.group(1), match.group(2), match.group(3)
    if prefix.lower().endswith("q"):
        return match.group(0)
    pair = (first + second[0]).lower()
    if pair not in {"oa", "oe", "uy"}:
        return match.group(0)
    tone = second[1]
    return prefix + first + tone + second[0]


# After "q" the "u" is part of the consonant, so the tone belongs on the vowel after it:
# "Qũy" (a common typing slip) is "Quỹ", "qủa" is "quả".
_QU_TONE_RE = re.compile(r"(?<!\w)([qQ][uU])([\u0300\u0301\u0303\u0309\u0323])([aeioyAEIOY][\u0302\u0306\u031b]?)")


def unify_tone_marks(text: str) -> str:
    """Rewrite old-style tone placement (hoà, thuý) to one style (hòa, thúy), and "qũy" to "quỹ"."""
    decomposed = unicodedata.normalize("NFD", text)
    # Only tones sit between the pair's letters after NFD; other marks (breve,
    # circumflex, horn) never occur on the o/u/a/e/y pairs we rewrite.
    rewritten = _OLD_STYLE_RE.sub(_move_tone, decomposed)
    rewritten = _QU_TONE_RE.sub(r"\1\3\2", rewritten)
    return unicodedata.normalize("NFC", rewritten)


@lru_cache(maxsize=32768)
def normalize_text(text: str) -> str:
    """Canonical form for display-safe matching: NFC, one tone style, plain dashes and spaces.

    Case is kept so the result can still be shown; use :func:`match_key` for
    case-insensitive comparison. Cached: answering one question normalises the
    same passages and sentences dozens of times.
    """
    text = unicodedata.normalize("NFC", text)
    if not text.isascii():  # tone marks and typographic dashes/spaces are never ASCII
        text = unify_tone_marks(text)
    text = _DASH_RE.sub("-", text).translate(_QUOTE_MAP)
    text = _SPACE_RE.sub(" ", text)
    return text.strip()


@lru_cache(maxsize=16384)
def match_key(text: str) -> str:
    """Lower-cased normalised text: what "appears in the passage" checks compare."""
    return normalize_text(text).lower()


class _StripTable(dict[int, str]):
    """``str.translate`` table filled on first sight of each character: NFD, marks dropped."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        self[code] = kept = kept.replace("đ", "d").replace("Đ", "D")
        return kept


_STRIP = _StripTable()


def strip_diacritics(text: str) -> str:
    """Fold to ASCII-like letters (``đ`` → ``d``): the view unaccented queries match.

    Character by character through a cached table (the same result as
    decomposing the whole text, since a mark only ever belongs to the letter
    before it); a decomposed input is composed first so its marks go too.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text.translate(_STRIP)


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Lower-cased, diacritic-free normalised text."""
    return strip_diacritics(match_key(text))


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese mark (used to route unaccented queries)."""
    return fold(text) != match_key(text)


_WORDED_RANGE_RE = re.compile(
    r"(?<![\w/.-])((?:giai đoạn|giai doan|thời kỳ|thoi ky)\s+(?:từ\s+|tu\s+)?)((?:19|20)\d\d)\s+(?:đến|den|tới|toi)\s+((?:19|20)\d\d)(?![\w/.-])", re.I
)
_SHORT_RANGE_RE = re.compile(
    r"(?<![\w/.-])((?:giai đoạn|giai doan|từ|tu|năm|nam|thời kỳ|thoi ky)\s+|\(\s*)(\d{2})\s*-\s*(\d{2})(?![\w/.-])", re.I
)


def spelled_out_years(question: str) -> str:
    """"giai đoạn 22-25", "(21-25)" written out as "2022-2025", "(2021-2025)".

    Staff shorten year ranges; documents never do, so the short form matches no
    passage and no year scope. Only a range after "giai đoạn/từ/năm/thời kỳ" or in
    brackets, rising and within this century's plans, is read so: "08-NQ" or a row
    range "dòng 22-25" is left alone.
    """
    def spell(match: re.Match[str]) -> str:
        first, last = int(match.group(2)), int(match.group(3))
        if not (10 <= first < last <= 60):
            return match.group(0)
        return f"{match.group(1)}20{match.group(2)}-20{match.group(3)}"

    question = _WORDED_RANGE_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}-{m.group(3)}", question)  # "thời kỳ 2021 đến 2025"
    return _SHORT_RANGE_RE.sub(spell, question)
