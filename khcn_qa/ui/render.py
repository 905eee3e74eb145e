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

from khcn_qa.records import Chunk, Hit
from khcn_qa.text.normalize import fold, match_key
from khcn_qa.text.shorten import cut
from khcn_qa.ui.dates import display_date
from khcn_qa.ui.wordmatch import word_mask as whole_word_mask

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
/* Streamlit's uploader button says "Upload"; staff read Vietnamese. */
[data-testid="stFileUploaderDropzone"] button > * { display: none; }
[data-testid="stFileUploaderDropzone"] button::after { content: "Chọn tệp"; }
.kq-context .kq-focus { background: #eff6ff; border-left: 3px solid #2563eb; padding-left: 4px; }
</style>
"""
"""Styles for the classes below; the app injects them once per page."""

LANG_SCRIPT = "<script>document.documentElement.lang = 'vi';</script>"
"""Streamlit's page says lang="en"; screen readers would read Vietnamese with English rules."""

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


def word_mask(text: str, words: Iterable[str]) -> list[bool]:
    """Per character of ``text``: is it part of a whole word the query asked about?

    See :mod:`khcn_qa.ui.wordmatch`: whole pyvi words and codes, accents
    matched exactly when the question was typed with them.
    """
    mask = whole_word_mask(text, words)
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


def fields_html(
    fields: Mapping[str, str], words: Iterable[str] = (), spans: Mapping[str, tuple[int, int]] | None = None
) -> str:
    """A table row as an escaped two-column table: column name → value (``spans`` per column)."""
    word_list = list(words)
    spans = spans or {}
    rows = "".join(
        f"<tr><th>{escape_text(name)}</th><td>{highlight(value, spans.get(name), word_list)}</td></tr>"
        for name, value in fields.items()
    )
    return f'<table class="kq-fields">{rows}</table>'


_LEFTOVER_RE = re.compile(r"[\W_]+")


def fields_cover_text(fields: Mapping[str, str], text: str) -> bool:
    """True when the passage text is just its fields spelled out ("TT 1. Cột: giá trị; …").

    Then the card shows the field table alone; otherwise (a flattened row whose
    columns were only partly recovered, a signature block) the text alone, so
    a row is never shown twice.
    """
    if not fields:
        return False
    rest = text
    for name, value in fields.items():
        rest = rest.replace(value, " ", 1) if value else rest
        rest = rest.replace(name, " ", 1)
    return len(_LEFTOVER_RE.sub("", rest.replace("TT", ""))) <= 3


def _cell_spans(fields: Mapping[str, str], text: str, span: tuple[int, int] | None) -> dict[str, tuple[int, int]]:
    """The part of each cell that the citation's span (offsets into ``text``) covers."""
    if not span:
        return {}
    spans: dict[str, tuple[int, int]] = {}
    for name, value in fields.items():
        start = text.find(value) if value else -1
        if start < 0:
            continue
        lo, hi = max(span[0], start), min(span[1], start + len(value))
        if lo < hi:
            spans[name] = (lo - start, hi - start)
    return spans


def card_html(
    hit: Hit,
    marker: int | None,
    span: tuple[int, int] | None = None,
    words: Sequence[str] = (),
    *,
    nearest: bool = False,
    max_chars: int | None = None,
) -> str:
    """A numbered citation card (or an unnumbered "nearest passage" card when abstaining).

    ``max_chars`` makes a compact card: the text cut at a word with "…", no field table.
    """
    label = f'<span class="kq-marker">[{marker}]</span>' if marker is not None else ""
    parts = [
        f'<div class="kq-card-title">{label}{escape_text(hit.title)}</div>',
        f'<div class="kq-meta">{meta_line(hit)}</div>',
    ]
    if hit.section:
        parts.append(f'<div class="kq-meta">Mục: {escape_text(hit.section)}</div>')
    if max_chars is not None:
        parts.append(f'<div class="kq-passage">{highlight(cut(hit.text, max_chars), None, words)}</div>')
    elif fields_cover_text(hit.fields, hit.text):
        parts.append(fields_html(hit.fields, words, _cell_spans(hit.fields, hit.text, span)))
    else:
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
