"""When does a retrieved passage count as the right one, and an answer as correct?

Passages come back with markdown emphasis and inline tags from the converters,
mixed Unicode forms and two tone-mark styles, and line breaks in odd places;
the evidence strings in the question file are typed by a person. Both sides
go through :func:`khcn_qa.text.normalize.match_key` plus the clean-up below,
so a hit is decided by content, not by formatting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from khcn_qa.records import Hit
from khcn_qa.text.normalize import match_key

_MARKUP_RE = re.compile(r"\*\*|__|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_WHITESPACE_RE = re.compile(r"\s+")


def comparable(text: str) -> str:
    """Matching form: markup removed, ``match_key`` applied, all whitespace runs → one space,
    dates in one spelling.

    "07/08/2023", "07 / 8 /2023" and "ngày 07 tháng 8 năm 2023" state the same date, and
    "tháng 01/2024" the same month as "tháng 01 năm 2024"; the answer may write any of them.
    """
    stripped = _MARKUP_RE.sub("", text)
    key = _WHITESPACE_RE.sub(" ", match_key(stripped)).strip()
    key = _LONG_DATE_RE.sub(lambda m: f"{int(m.group(1))}/{int(m.group(2))}/{m.group(3)}", key)
    key = _DATE_RE.sub(lambda m: f"{int(m.group(1))}/{int(m.group(2))}/{m.group(3)}", key)
    return _MONTH_RE.sub(lambda m: f"{m.group(1)} {int(m.group(2))}/{m.group(3)}", key)


_DATE_RE = re.compile(r"(?<![\d/])(\d{1,2}) ?/ ?(\d{1,2}) ?/ ?(\d{4})(?!\d)")
_LONG_DATE_RE = re.compile(r"(?<!\d)(\d{1,2}) (?:tháng|thang) (\d{1,2}) (?:năm|nam) (\d{4})(?!\d)")
_MONTH_RE = re.compile(r"\b(tháng|thang) (\d{1,2})(?: ?/ ?| (?:năm|nam) )(\d{4})(?!\d)")


def contains_any(text: str, needles: Iterable[str]) -> bool:
    """True when any non-empty needle appears in ``text`` after normalising both."""
    haystack = comparable(text)
    for needle in needles:
        key = comparable(needle)
        if key and key in haystack:
            return True
    return False


def is_relevant(source: str, text: str, sources: Iterable[str], evidence: Iterable[str]) -> bool:
    """The hit rule: the passage comes from a listed source AND contains an evidence string.

    An empty ``sources`` list accepts any file and an empty ``evidence`` list
    accepts any passage of a listed file, so a question can pin down only the
    document; with both empty nothing is relevant (unanswerable questions).
    """
    sources = tuple(sources)
    evidence = tuple(evidence)
    if not sources and not evidence:
        return False
    if sources and source not in sources:
        return False
    return not evidence or contains_any(text, evidence)


def hit_is_relevant(hit: Hit, sources: Iterable[str], evidence: Iterable[str]) -> bool:
    """Apply :func:`is_relevant` to a search result."""
    return is_relevant(hit.source, hit.text, sources, evidence)


def relevance_flags(
    hits: Iterable[Hit], sources: Iterable[str], evidence: Iterable[str]
) -> list[bool]:
    """One relevance flag per hit, in rank order: the input of every ranking metric."""
    sources = tuple(sources)
    evidence = tuple(evidence)
    return [hit_is_relevant(hit, sources, evidence) for hit in hits]
