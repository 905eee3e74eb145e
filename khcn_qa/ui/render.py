"""Escaped HTML for answers and citation cards, built without Streamlit.

Document text is untrusted: a plan converted from a web page may carry
``<script>``, and Streamlit's markdown would turn ``**x**`` or ``[a](b)`` into
markup. Every string that reaches the page from a document passes through
:func:`escape_text`, and the only tags in the output are the ones built here,
so the highlights need no unsafe markdown of document text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from khcn_qa.records import Chunk, Hit
from khcn_qa.text.normalize import fold, has_diacritics, match_key

CSS = """
<style>
.kq-answer { font-size: 1.05rem; line-height: 1.6; }
.kq-ref { color: #b45309; font-weight: 600; }
.kq-card { border: 1px solid #d6d3d1; border-left: 4px solid #2563eb; border-radius: 6px;
  padding: 0.6rem 0.8rem; margin: 0.4rem 0; background: #fafaf9; color: #1c1917; }
.kq-card.kq-near { border-left-color: #a8a29e; }
.kq-card-title { font-weight: 600; }
.kq-marker { display: inline-block; min-width: 1.8rem; color: #2563eb; font-weight: 700; }
.kq-meta { font-size: 0.85rem; color: #57534e; margin: 0.15rem 0; }
.kq-passage { margin-top: 0.35rem; line-height: 1.55; }
.kq-passage mark.kq-span { background: #fde68a; color: inherit; padding: 0 1px; }
.kq-q { font-weight: 700; text-decoration: underline; text-decoration-color: #2563eb; }
.kq-fields { border-collapse: collapse; margin-top: 0.35rem; font-size: 0.9rem; }
.kq-fields th, .kq-fields td { border: 1px solid #e7e5e4; padding: 2px 6px;
  text-align: left; vertical-align: top; }
.kq-fields th { background: #f5f5f4; font-weight: 600; }
.kq-context p { margin: 0.2rem 0; }
/* Streamlit's "200MB per file" hint contradicts our limit, which the label states. */
[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
.kq-context .kq-focus { background: #eff6ff; border-left: 3px solid #2563eb; padding-left: 4px; }
</style>
"""
"""Styles for the classes below; the app injects them once per page."""

NO_NUMBER = "chưa có số"
NEAREST_LABEL = "Các đoạn gần nhất (không phải câu trả lời)"

# Question words that would mark half of every passage if highlighted (folded form).
# fmt: off
_STOPWORDS = frozenset({
    "ai", "gi", "nao", "la", "bao", "nhieu", "khi", "dau", "sao", "the", "cua", "va",
    "cac", "nhung", "mot", "co", "khong", "duoc", "cho", "o", "tai", "ve", "voi",
    "trong", "theo", "tu", "den", "thi", "ma", "nay", "do", "hay", "hoac", "de",
})
# fmt: on
_WORD_RE = re.compile(r"\w+")
# Words in document text; combining marks included so NFD text stays whole words.
_TEXT_WORD_RE = re.compile(r"[\w\u0300-\u036f]+")
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_MARKER_RE = re.compile(r"\[(\d+)\]")
# Characters Streamlit's markdown would act on (emphasis, links, code, LaTeX, tables).
_MARKDOWN_ENTITIES = str.maketrans(
    {
        "*": "&#42;",
        "_": "&#95;",
        "[": "&#91;",
        "]": "&#93;",
        "`": "&#96;",
        "$": "&#36;",
        "\\": "&#92;",
        "~": "&#126;",
        "|": "&#124;",
        "#": "&#35;",
    }
)


def escape_text(text: str) -> str:
    """Escape ``text`` for HTML *and* markdown, keeping line breaks as ``<br>``.

    The result is safe in ``st.html`` and in ``st.markdown(unsafe_allow_html=True)``:
    no raw newline remains, so markdown never leaves the surrounding HTML block.
    """
    escaped = html.escape(text, quote=True).translate(_MARKDOWN_ENTITIES)
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def query_words(query: str) -> tuple[str, ...]:
    """Content words of ``query`` worth marking in a passage, lower-cased, accents kept.

    Question words (``ai``, ``bao nhiêu``…) are dropped: marking them would
    light up half of every passage.
    """
    words: list[str] = []
    for raw in _WORD_RE.findall(match_key(query)):
        if fold(raw) in _STOPWORDS or (len(raw) < 2 and not raw.isdigit()) or raw in words:
            continue
        words.append(raw)
    return tuple(words)


@lru_cache(maxsize=65536)
def _token_keys(token: str) -> tuple[str, str]:
    return match_key(token), fold(token)


def word_mask(text: str, words: Iterable[str]) -> list[bool]:
    """Per character of ``text``: is it part of a word the query asked about?

    A query word typed without diacritics matches the word with any accents
    (``nguon`` → ``nguồn``); a word typed with them matches only that word
    (``chỉ`` marks ``chỉ`` but not ``chi``), whatever the case, tone-mark
    style or Unicode form of either side.
    """
    mask = [False] * len(text)
    accented = {match_key(w) for w in words if w and has_diacritics(w)}
    plain = {fold(w) for w in words if w and not has_diacritics(w)}
    if not accented and not plain:
        return mask
    for match in _TEXT_WORD_RE.finditer(text):
        key, folded = _token_keys(match.group())
        if key in accented or folded in plain:
            for position in range(match.start(), match.end()):
                mask[position] = True
    _bridge_spaces(text, mask)
    return mask


def _bridge_spaces(text: str, mask: list[bool]) -> None:
    """Mark single spaces between two marked words, so a phrase reads as one highlight."""
    for position in range(1, len(text) - 1):
        if text[position] == " " and mask[position - 1] and mask[position + 1]:
            mask[position] = True


def highlight(text: str, span: tuple[int, int] | None, words: Iterable[str] = ()) -> str:
    """Escaped HTML of ``text``: ``span`` in ``<mark>``, query words in ``<span class="kq-q">``.

    ``span`` holds character offsets into ``text`` (``Citation.span``); an
    out-of-range span is clipped rather than trusted.
    """
    in_query = word_mask(text, words)
    lo, hi = (max(0, span[0]), min(len(text), span[1])) if span else (0, 0)
    pieces: list[str] = []
    start = 0
    while start < len(text):
        state = (lo <= start < hi, in_query[start])
        end = start + 1
        while end < len(text) and (lo <= end < hi, in_query[end]) == state:
            end += 1
        piece = escape_text(text[start:end])
        if state[1]:
            piece = f'<span class="kq-q">{piece}</span>'
        if state[0]:
            piece = f'<mark class="kq-span">{piece}</mark>'
        pieces.append(piece)
        start = end
    return "".join(pieces)


def answer_html(text: str) -> str:
    """Escaped answer text with its ``[n]`` markers styled as references."""
    pieces: list[str] = []
    position = 0
    for match in _MARKER_RE.finditer(text):
        pieces.append(escape_text(text[position : match.start()]))
        pieces.append(f'<sup class="kq-ref">[{match.group(1)}]</sup>')
        position = match.end()
    pieces.append(escape_text(text[position:]))
    return f'<div class="kq-answer">{"".join(pieces)}</div>'


def display_date(date: str) -> str:
    """Vietnamese day/month/year (or month/year) for an ISO date; anything else unchanged."""
    match = _ISO_DATE_RE.match(date)
    if not match:
        return date
    year, month, day = match.groups()
    return f"{day}/{month}/{year}" if day else f"{month}/{year}"


SCAN_NOTE = "trích từ bản quét, có thể sai chính tả"
"""Shown on a citation read by OCR, so staff check the wording against the paper."""


def meta_line(hit: Hit) -> str:
    """Escaped one-line provenance: số ký hiệu, date, province and page."""
    meta = hit.meta
    parts = [f"Số ký hiệu: {meta.number or NO_NUMBER}"]
    if meta.date:
        parts.append(f"Ngày: {display_date(meta.date)}")
    elif meta.year:
        parts.append(f"Năm: {meta.year}")
    if meta.province:
        parts.append(f"Tỉnh: {meta.province}")
    if hit.page is not None:
        parts.append(f"Trang {hit.page}")
    if hit.from_scan:
        parts.append(SCAN_NOTE)
    return escape_text(" · ".join(parts))


def fields_html(fields: Mapping[str, str], words: Iterable[str] = ()) -> str:
    """A table row as an escaped two-column table: column name → value."""
    word_list = list(words)
    rows = "".join(
        f"<tr><th>{escape_text(name)}</th><td>{highlight(value, None, word_list)}</td></tr>"
        for name, value in fields.items()
    )
    return f'<table class="kq-fields">{rows}</table>'


def card_html(
    hit: Hit,
    marker: int | None,
    span: tuple[int, int] | None = None,
    words: Sequence[str] = (),
    *,
    nearest: bool = False,
) -> str:
    """A numbered citation card (or an unnumbered "nearest passage" card when abstaining)."""
    label = f'<span class="kq-marker">[{marker}]</span>' if marker is not None else ""
    parts = [
        f'<div class="kq-card-title">{label}{escape_text(hit.title)}</div>',
        f'<div class="kq-meta">{meta_line(hit)}</div>',
    ]
    if hit.section:
        parts.append(f'<div class="kq-meta">Mục: {escape_text(hit.section)}</div>')
    if hit.fields:
        parts.append(fields_html(hit.fields, words))
    parts.append(f'<div class="kq-passage">{highlight(hit.text, span, words)}</div>')
    css_class = "kq-card kq-near" if nearest else "kq-card"
    return f'<div class="{css_class}">{"".join(parts)}</div>'


def context_html(chunks: Sequence[Chunk], focus_id: str, words: Sequence[str] = ()) -> str:
    """The whole section around a cited passage, the cited chunk emphasised."""
    paragraphs = []
    for chunk in chunks:
        css = ' class="kq-focus"' if chunk.chunk_id == focus_id else ""
        paragraphs.append(f"<p{css}>{highlight(chunk.text, None, words)}</p>")
    return f'<div class="kq-context">{"".join(paragraphs)}</div>'
