"""Proof that each [n] marker cites a passage containing what its claim says.

Values are compared after :func:`match_key` (NFC, one tone style, lower
case), but spans must index the *original* passage text, which may be NFD,
contain ``<i>`` tags from a converter, or break lines mid-name. So matching
runs on a folded copy that remembers, for every character, where it came
from; a folded hit is then confirmed by comparing the original substring
with the value under ``match_key``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from khcn_qa.answer.scoring import DOUBLE_QUOTES, strip_markup
from khcn_qa.records import Citation, Hit
from khcn_qa.text.normalize import has_diacritics, match_key, strip_diacritics

MARKER_RE = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_MARKUP_AT = re.compile(r"</?[a-zA-Z]{1,6}>|\*\*|__")
_CHAR_MAP = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                           "\u2212": "-", "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_NUMBER_RE = re.compile(r"\d[\w./&%,:-]*")
_WORD_RE = re.compile(r"[^\W\d_]+(?:&[^\W\d_]+)*")
_FRAME_PREFIX_RE = re.compile(r"^[\s.;,:\-–—]*Theo\s[^:\[\]]{1,200}:\s*")
_SENTENCE_START_BEFORE = set('.:!?"“—–-;')
_COUNT_FRAME_RE = re.compile(r"^\s*Đếm được\s+(\d+)\s[^:\[\]]{1,300}:\s*")


@lru_cache(maxsize=4096)
def _fold_cluster(cluster: str) -> str:
    """One character with its combining marks, folded (cached: texts reuse few characters)."""
    return strip_diacritics(cluster).lower().translate(_CHAR_MAP)


@lru_cache(maxsize=2048)
def _fold_map(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """Fold ``text`` keeping start/end offsets of every output character.

    Whitespace runs collapse to one space and markup is dropped, so a value
    matches across PDF line breaks and ``<i>`` tags; a line break right after
    a dash inside a code disappears, as :func:`join_broken_codes` does, and so
    does a space after a digit's dash ("497- KL/TU") and around a slash ("2502 /KH-UBND"). Double quotes are
    dropped: a name the document quotes is stated without them.
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    last_space = True
    while i < n:
        markup = _MARKUP_AT.match(text, i)
        if markup:
            i = markup.end()
            continue
        if text[i] in DOUBLE_QUOTES:
            i += 1
            continue
        if text[i].isspace() and len(out) >= 2 and out[-1] == "-" and out[-2].isalnum():
            k = i
            while k < n and text[k].isspace():
                k += 1
            # "939/KH-\n\nUBND": a code broken by the PDF line; "497- KL/TU": a code's stray space.
            if "\n" in text[i:k] or out[-2].isdigit():
                i = k
                continue
        if text[i].isspace() and out:
            k = i
            while k < n and text[k].isspace():
                k += 1
            if out[-1] == "/" or (k < n and text[k] == "/" and out[-1].isalnum()):
                i = k  # "2502 /KH-UBND", "07 / 8 /2023": spaces around a slash are the converter's
                continue
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        for ch in _fold_cluster(text[i:j]):
            if ch.isspace():
                if last_space:
                    continue
                ch = " "
            last_space = ch == " "
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return "".join(out), tuple(starts), tuple(ends)


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    unquoted = "".join(" " if ch in DOUBLE_QUOTES else ch for ch in strip_markup(text))
    spaced = re.sub(r"\s+", " ", match_key(unquoted))
    return re.sub(r"(?<=\d)- ", "-", re.sub(r"\s*/\s*", "/", spaced)).strip()  # as _fold_map reads codes


def find_span(text: str, value: str) -> tuple[int, int] | None:
    """Offsets of ``value`` in ``text`` (original characters), or ``None``.

    An accented value must match exactly under ``match_key`` ("Chi cục" is
    not "Chi cực"); an unaccented one (numbers, a user's spelling) may match
    the folded text.
    """
    folded_value, _, _ = _fold_map(value.strip())
    folded_value = folded_value.strip()
    if not folded_value:
        return None
    folded, starts, ends = _fold_map(text)
    exact = has_diacritics(value)
    wanted = _key(value)
    size = len(folded_value)
    at = folded.find(folded_value)
    while at >= 0:  # str.find, not a regex: a fresh pattern per value missed re's cache every time
        end = at + size
        if not _is_word_char(folded, at - 1) and not _is_word_char(folded, end):
            span = (starts[at], ends[end - 1])
            if not exact or _key(text[span[0] : span[1]]) == wanted:
                return span
        at = folded.find(folded_value, at + 1)
    return None


def _is_word_char(folded: str, at: int) -> bool:
    """True when ``folded[at]`` exists and is an ASCII letter or digit (a word goes on there)."""
    return 0 <= at < len(folded) and (folded[at].isdigit() or "a" <= folded[at] <= "z")


def display_date(date: str | None) -> str | None:
    """``2023-08-15`` → ``15/08/2023`` (ISO dates from metadata read badly in Vietnamese)."""
    if not date:
        return None
    parts = date.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"tháng {parts[1]}/{parts[0]}"
    return date


def evidence_texts(hit: Hit) -> list[str]:
    """What a marker may vouch for: passage, headings, unit, table cells, document metadata."""
    meta = hit.meta
    parts: list[str | None] = [hit.text, *hit.chunk.section, hit.chunk.unit, *hit.fields.values()]
    parts += [meta.number, meta.date, display_date(meta.date), str(meta.year) if meta.year else None]
    parts.append(meta.issuer)
    parts += [meta.signer, meta.title, meta.doc_type, meta.province]
    return [p for p in parts if p]


def supports(hit: Hit, value: str) -> bool:
    """True when ``value`` appears in the passage or its recorded context."""
    return any(find_span(text, value) is not None for text in evidence_texts(hit))


def key_values(claim: str) -> list[str]:
    """Numbers, dates, codes and capitalised names a claim asserts.

    A leading "Theo <document>:" frame is skipped (it names the source, the
    marker already identifies it), and so is a capitalised word that only
    starts a sentence. A capitalised word is checked with the word after it,
    which is how Vietnamese names survive folding ("Chi cục", "Võ Đức"),
    except when that word opens the answer's own role wording ("Văn phòng
    Sở thực hiện", "… chủ trì").
    """
    claim = _FRAME_PREFIX_RE.sub("", claim)
    claim = _COUNT_FRAME_RE.sub("", claim)  # the count is checked against its markers (count_problem)
    values: list[str] = []
    for match in _NUMBER_RE.finditer(claim):
        token = match.group(0).rstrip(".,:;/-&")
        if token:
            values.append(token)
    # Letters inside a code ("08-NQ/TU") belong to the code, checked whole above.
    masked = _NUMBER_RE.sub(lambda m: " " * len(m.group(0)), claim)
    words = list(_WORD_RE.finditer(masked))
    for idx, word in enumerate(words):
        text = word.group(0)
        if not text[0].isupper():
            continue
        before = masked[: word.start()].rstrip()
        if not before or before[-1] in _SENTENCE_START_BEFORE:
            continue
        value, end = text, word.end()
        if idx + 1 < len(words):
            nxt = words[idx + 1]
            if masked[word.end() : nxt.start()].isspace() and not _starts_role_phrase(claim[nxt.start() :]):
                value, end = claim[word.start() : nxt.end()], nxt.end()
        if claim[end:].lstrip().startswith(":"):
            continue  # the answer's own label ("Thời gian:", "Sản phẩm:"), not a claimed name
        values.append(value)
    return list(dict.fromkeys(values))


def _starts_role_phrase(text: str) -> bool:
    from khcn_qa.lexicon import lexicon

    head = match_key(text[:40])
    cues = lexicon().role_cues
    return any(head.startswith(c) for role in ("lead", "coordinate", "direct") for c in cues[role])


def count_problem(claim: str, markers: Sequence[int]) -> str | None:
    """Why a counted claim ("Đếm được 7 phòng, đơn vị …:") is wrong, or ``None``.

    A count is computed from the document's structure, so no passage contains
    its number; what vouches for it is one marker per part counted.
    """
    match = _COUNT_FRAME_RE.match(_FRAME_PREFIX_RE.sub("", claim))
    if match is None or int(match.group(1)) == len(set(markers)):
        return None
    return f"đếm {match.group(1)} phần nhưng trích {len(set(markers))} đoạn"


def split_claims(answer_text: str) -> list[tuple[str, tuple[int, ...]]]:
    """Pieces of the answer, each with the markers that close it."""
    claims: list[tuple[str, tuple[int, ...]]] = []
    prev = 0
    for match in MARKER_RE.finditer(answer_text):
        markers = tuple(int(m) for m in re.split(r"\s*,\s*", match.group(1)))
        claim = answer_text[prev : match.start()]
        prev = match.end()
        if claims and not re.search(r"\w", claim):
            text, old = claims[-1]
            claims[-1] = (text, old + markers)
        else:
            claims.append((claim, markers))
    return claims


def unsupported(claim: str, hits: Iterable[Hit]) -> list[str]:
    """Key values of ``claim`` that none of ``hits`` contains."""
    pool = list(hits)
    return [v for v in key_values(claim) if not any(supports(h, v) for h in pool)]


def check_citations(answer_text: str, citations: Sequence[Citation]) -> list[str]:
    """Problems with the answer's markers; an empty list means every claim is backed.

    Reported: a marker with no citation, a value missing from every passage
    its markers cite, a span outside its passage.
    """
    by_marker = {c.marker: c for c in citations}
    problems: list[str] = []
    for claim, markers in split_claims(answer_text):
        for marker in markers:
            if marker not in by_marker:
                problems.append(f"[{marker}] không có trích dẫn tương ứng")
        hits = [by_marker[m].hit for m in markers if m in by_marker]
        if not hits:
            continue
        label = "".join(f"[{m}]" for m in markers)
        if (miscount := count_problem(claim, markers)) is not None:
            problems.append(f"{label} {miscount}")
        for value in unsupported(claim, hits):
            problems.append(f"{label} trích đoạn không chứa “{value}”")
    for citation in citations:
        span = citation.span
        if span and not (0 <= span[0] < span[1] <= len(citation.hit.text)):
            problems.append(f"[{citation.marker}] có vị trí trích dẫn ngoài đoạn văn")
    return problems
