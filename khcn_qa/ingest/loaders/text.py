"""Plain-text and Markdown loader: decode the bytes, one block per line.

Vietnamese plan documents reach us as UTF-8 (with or without BOM), UTF-16
from Windows "Unicode" saves, and Windows-1258 from old office PCs. Generic
detectors guess cp1258 poorly (it looks like cp1252 with a few extra marks),
so explicit checks run first and charset-normalizer is only the fallback.
Nothing is cleaned here: blank lines, tabs (TSV tables) and Markdown markup
all survive for the structure parser.
"""

from __future__ import annotations

import codecs
import unicodedata

from khcn_qa.errors import DocumentError
from khcn_qa.records import Block

BINARY_MESSAGE = "tệp nhị phân hoặc không đọc được mã ký tự"

# Control characters a text file may legitimately hold: tab, newlines, form
# feed (page break from PDF-to-text converters) and vertical tab.
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_MAX_CONTROL_RATIO = 0.02
# Share of NUL bytes in one byte column (odd or even offsets) above which a
# BOM-less file is taken as UTF-16: ASCII letters, digits and spaces each put
# a NUL there, and even Vietnamese prose is mostly ASCII.
_UTF16_NUL_RATIO = 0.2
# Vietnamese-only letters and the marks cp1258 stores as separate characters.
_VIET_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
_VIET_LETTERS = frozenset("đĐ")
_MIN_VIET_RATIO = 0.03

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def load_text_blocks(data: bytes, source: str) -> tuple[Block, ...]:
    """Decode ``data`` and return one text block per line, in file order."""
    return split_lines(decode_bytes(data, source))


def decode_bytes(data: bytes, source: str) -> str:
    """Return the text of ``data``, or raise ``DocumentError`` for binary input.

    Order matters: a BOM is certain, strict UTF-8 almost certain (random
    legacy bytes rarely form valid UTF-8), NUL-heavy data is UTF-16; only then
    is the encoding guessed.
    """
    text = _decode_with_bom(data)
    if text is None and b"\x00" not in data:
        text = _try_decode(data, "utf-8")
    if text is None and b"\x00" in data:
        text = _decode_utf16_without_bom(data)
        if text is None:
            raise DocumentError(source, BINARY_MESSAGE)
    if text is None:
        text = _guess_legacy(data)
    if text is None or _looks_binary(text):
        raise DocumentError(source, BINARY_MESSAGE)
    return text


def split_lines(text: str) -> tuple[Block, ...]:
    """Split decoded text into line blocks, numbering pages at form feeds.

    Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line (``str.splitlines`` would
    also split on form feeds and Unicode separators, losing page breaks).
    Pages stay ``None`` unless the text contains a form feed; then the text
    before the first one is page 1 and each form feed starts the next page.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline ending the last line does not open a new one
    if "\f" not in text:
        return tuple(Block(kind="text", text=line) for line in lines)
    blocks: list[Block] = []
    page = 1
    for line in lines:
        parts = line.split("\f")
        for index, part in enumerate(parts):
            if index > 0:
                page += 1
            # A form feed only separates pages; the empty piece it leaves
            # beside it is not a blank line of the document.
            if part or len(parts) == 1:
                blocks.append(Block(kind="text", text=part, page=page))
    return tuple(blocks)


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _try_decode(data, encoding)
    return None


def _decode_utf16_without_bom(data: bytes) -> str | None:
    """Decode BOM-less UTF-16 when NULs cluster in one byte column."""
    if len(data) % 2:
        return None
    pairs = len(data) // 2
    nul_odd = data[1::2].count(0) / pairs  # ASCII in little-endian: "a\x00"
    nul_even = data[0::2].count(0) / pairs  # ASCII in big-endian: "\x00a"
    if nul_odd >= _UTF16_NUL_RATIO and nul_odd > nul_even:
        return _try_decode(data, "utf-16-le")
    if nul_even >= _UTF16_NUL_RATIO and nul_even > nul_odd:
        return _try_decode(data, "utf-16-be")
    return None


def _guess_legacy(data: bytes) -> str | None:
    """Pick a single-byte encoding: cp1258 when it reads as Vietnamese.

    charset-normalizer tends to answer cp1252 or cp1250 for Vietnamese files,
    which turns every combining tone mark into a stray symbol, so cp1258 wins
    whenever its reading is plausible Vietnamese.
    """
    vietnamese = _try_decode(data, "cp1258")
    if vietnamese is not None and _is_plausible_vietnamese(vietnamese):
        return vietnamese
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    return str(best)


def _is_plausible_vietnamese(text: str) -> bool:
    """True when the text has Vietnamese marks, each sitting on a letter."""
    decomposed = unicodedata.normalize("NFD", text)
    letters = 0
    viet = 0
    previous = ""
    for char in decomposed:
        if char in _VIET_MARKS:
            if not (previous.isalpha() or previous in _VIET_MARKS):
                return False  # a tone mark after a digit or space: wrong code page
            viet += 1
        elif char.isalpha():
            letters += 1
            viet += char in _VIET_LETTERS
        previous = char
    return letters > 0 and viet / letters >= _MIN_VIET_RATIO


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    if not text:
        return False
    controls = sum(
        1 for char in text if char not in _ALLOWED_CONTROLS and unicodedata.category(char) == "Cc"
    )
    return controls / len(text) > _MAX_CONTROL_RATIO
