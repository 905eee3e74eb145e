"""Layout noise removal and re-joining of hard-wrapped lines.

PDF/DOCX converters leave markdown markers, inline HTML, lone page numbers,
digital-signature stamps and lines broken at the page width. This module
turns a loader's text blocks into logical lines (one paragraph, list item or
heading each) without touching the wording, so display text stays faithful.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from khcn_qa.ingest import patterns as pat


@dataclass(frozen=True)
class Line:
    """One logical line of a document after cleanup."""

    text: str
    page: int | None = None
    heading_level: int | None = None


_MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+")
_EMPHASIS_RE = re.compile(r"(\*{1,3}|_{2,3})(?=\S)|(?<=\S)(\*{1,3}|_{2,3})")
_INLINE_TAG_RE = re.compile(r"</?(?:i|b|u|em|strong|sup|sub|span|p|br|font)(?:\s[^<>]*)?/?>", re.I)
_SIGNATURE_RE = re.compile(
    r"^\s*(?:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:?\d{2}|Z)?|Not specified|Signature Not Verified)\s*$",
    re.I,
)
_PAGE_NUMBER_RE = re.compile(r"^\s*(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?\s*$", re.I)
_SPACES_RE = re.compile(r"[ \t\u00a0]+")
_TERMINAL = (".", ";", ":", "!", "?", "./.", "…")
_SENTENCE_END = (".", "!", "?", "./.", "…")


def clean_inline(text: str) -> str:
    """Drop markdown emphasis and formatting tags, NFC, collapse spaces; keep wording."""
    text = unicodedata.normalize("NFC", text)
    text = _INLINE_TAG_RE.sub("", text)
    text = _EMPHASIS_RE.sub("", text)
    text = text.replace("\u200b", "").replace("\ufeff", "")
    return _SPACES_RE.sub(" ", text).strip()


def is_noise(text: str) -> bool:
    """Signature stamps and lone page numbers carry no content for any question."""
    return bool(_SIGNATURE_RE.match(text) or _PAGE_NUMBER_RE.match(text))


def strip_markdown_heading(raw: str) -> tuple[str, int | None]:
    """Return the line without ``##`` and the heading level those markers gave."""
    match = _MD_HEADING_RE.match(raw)
    if not match:
        return raw, None
    return raw[match.end() :], len(match.group(1))


def starts_new_line(text: str) -> bool:
    """True for lines that never continue the previous one: markers, headings, caps."""
    return bool(pat.structural_marker(text)) or pat.is_caps_heading(text) or pat.is_boilerplate_start(text)


def _continues(previous: str, last_physical: str, current: str) -> bool:
    """Decide whether ``current`` is the wrapped tail of ``previous``.

    A wrapped line follows a line that does not end a sentence and does not
    itself start like a list item or heading; it usually starts in lower case,
    but page-width wraps also split before capitalised names ("Quảng | Trị"),
    so a full-width unfinished physical line is joined regardless of case. A
    dash followed by lower case after a full line is a wrapped "kinh tế - xã
    hội", not a bullet.
    """
    if not previous or pat.is_caps_heading(previous):
        return False
    full_width = len(last_physical) >= 55
    if current.startswith("- ") and current[2:3].islower() and full_width:
        return not previous.rstrip().endswith(_TERMINAL)
    if starts_new_line(current):
        return False
    first = current.lstrip()[:1]
    if first.islower() and not previous.rstrip().endswith(_SENTENCE_END):
        return True
    if previous.rstrip().endswith(_TERMINAL):
        return False
    return first in ",;)”" or full_width


def logical_lines(raw_lines: Iterable[tuple[str, int | None, int | None]]) -> Iterator[Line]:
    """Turn raw ``(text, page, heading_level)`` lines into cleaned logical lines.

    Blank lines are not paragraph breaks here: hard-wrapped conversions put a
    blank line after every physical line, so only the join rule decides.
    """
    pending: Line | None = None
    last_physical = ""
    for raw, page, level in raw_lines:
        body, md_level = strip_markdown_heading(raw)
        text = clean_inline(body)
        if not text or is_noise(text):
            continue
        heading_level = level or md_level
        joinable = pending and heading_level is None and pending.heading_level is None
        if pending and joinable and _continues(pending.text, last_physical, text):
            pending = Line(f"{pending.text} {text}", pending.page, None)
            last_physical = text
            continue
        if pending:
            yield pending
        pending = Line(text, page, heading_level)
        last_physical = text
    if pending:
        yield pending
