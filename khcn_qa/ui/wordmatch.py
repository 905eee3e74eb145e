"""Which characters of a passage are words the question asked about.

Whole words, as a Vietnamese reader sees them: a word is a pyvi compound
(``giá trị``, ``nội dung``) or a code joined by ``&``/``/`` (``KH&ĐT``), and it
lights up only when the whole of it appears, in order, among the question's
words. So the question word ``giá`` does not light the ``giá`` of ``giá trị``,
and ``Sở KH`` does not light inside ``Sở KH&ĐT``. A question typed with
diacritics matches accents exactly (``nội dung`` never lights ``dựng``); one
typed entirely without them matches any accents (``nguon`` → ``nguồn``).
Case, tone-mark style and Unicode form never matter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from khcn_qa.text.normalize import fold, has_diacritics, match_key

# A unit: letters/digits with their combining marks, joined across & and / (codes).
_UNIT_RE = re.compile(r"[\w\u0300-\u036f]+(?:[&/][\w\u0300-\u036f]+)*")
_SPACES_ONLY = re.compile(r"[ \t\u00a0]+")


def text_words(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """Whole words of ``text``: ``(start, end, syllables)`` with character offsets."""
    units = [(m.start(), m.end(), m.group()) for m in _UNIT_RE.finditer(text)]
    words: list[tuple[int, int, tuple[str, ...]]] = []
    run: list[tuple[int, int, str]] = []
    for unit in units:
        joined = bool(run) and _SPACES_ONLY.fullmatch(text[run[-1][1] : unit[0]]) is not None
        if run and (not joined or _is_code(unit[2]) or _is_code(run[-1][2])):
            words.extend(_segment(run))
            run = []
        run.append(unit)
    words.extend(_segment(run))
    return words


def _is_code(unit: str) -> bool:
    return "&" in unit or "/" in unit


def _segment(run: list[tuple[int, int, str]]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Group a run of space-separated syllables into pyvi compounds."""
    if not run:
        return []
    sizes = _compound_sizes(tuple(match_key(unit) for _, _, unit in run))
    words = []
    position = 0
    for size in sizes:
        part = run[position : position + size]
        words.append((part[0][0], part[-1][1], tuple(unit for _, _, unit in part)))
        position += size
    return words


@lru_cache(maxsize=8192)
def _compound_sizes(syllables: tuple[str, ...]) -> tuple[int, ...]:
    """How many syllables each pyvi word of the run has (all 1 when pyvi disagrees)."""
    if len(syllables) == 1 or any(_is_code(s) for s in syllables):
        return (1,) * len(syllables)
    from khcn_qa.text.segmenter import segmenter

    tokens = segmenter().tokenize(" ".join(syllables)).split()
    pieces = [token.split("_") for token in tokens]
    if [s for piece in pieces for s in piece] != list(syllables):
        return (1,) * len(syllables)
    return tuple(len(piece) for piece in pieces)


def _contains(query: Sequence[str], word: Sequence[str]) -> bool:
    size = len(word)
    return any(list(query[i : i + size]) == list(word) for i in range(len(query) - size + 1))


def word_mask(text: str, words: Iterable[str]) -> list[bool]:
    """Per character of ``text``: is it part of a whole word the question asked about?"""
    mask = [False] * len(text)
    query_words = [w for w in words if w]
    if not query_words:
        return mask
    key: Callable[[str], str] = match_key if any(has_diacritics(w) for w in query_words) else fold
    query = [key(s) for w in query_words for s in w.split()]
    for start, end, syllables in text_words(text):
        if _contains(query, [key(s) for s in syllables]):
            for position in range(start, end):
                mask[position] = True
    return mask
