"""OCR of one scanned page with Tesseract's Vietnamese model, into line blocks.

pytesseract runs the ``tesseract`` program (Debian ``tesseract-ocr`` and
``tesseract-ocr-vie``) on the cleaned page from :mod:`scan_image` and returns
every word with its box and confidence. Words are regrouped into lines in
reading order; a line inside a ruled table becomes a TSV line (one cell per
column of the grid) so the same table recovery as for text files builds its
rows; a line that is mostly low-confidence marks or symbols (what is left of
a signature or seal) is dropped instead of becoming a garbage chunk. Blocks
carry ``ocr=True`` so citations can say the passage was read from a scan.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from khcn_qa.ingest.loaders.scan_image import PreparedPage, TableGrid, prepare_page
from khcn_qa.records import Block

LANGUAGE = "vie"
# One uniform block: keeps a table row on one line instead of reading the
# table column by column, and the page header's two columns side by side.
TESSERACT_CONFIG = "--psm 6"
NICE = 10  # OCR yields the CPU to the chat of other users

MISSING_TESSERACT = (
    "trang quét cần OCR nhưng máy chưa cài Tesseract (gói tesseract-ocr và tesseract-ocr-vie)"
)
MISSING_VIETNAMESE = "trang quét cần OCR nhưng Tesseract chưa có mô hình tiếng Việt (gói tesseract-ocr-vie)"

_MIN_WORD_CONF = 20.0
_MIN_LINE_CONF = 55.0
_MIN_LETTER_SHARE = 0.6
_PARAGRAPH_GAP = 0.8  # as in the PDF loader: a gap above this share of a line height


class OcrError(Exception):
    """OCR could not run or did not finish; the message is the Vietnamese reason."""


@dataclass(frozen=True)
class Word:
    """One word Tesseract read, with its box in pixels and its confidence (0–100)."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float

    @property
    def center_x(self) -> float:
        """Horizontal centre, used to put the word in its table column."""
        return self.left + self.width / 2


def ocr_page(image: Any, page: int, dpi: int, timeout_s: float) -> list[Block]:
    """Blocks of one scanned page image (PIL), numbered ``page``; raises ``OcrError``."""
    prepared = prepare_page(image, dpi)
    lines = [line for line in _lines(_read_words(prepared, timeout_s, page)) if _is_text(line)]
    return _blocks(lines, prepared, page)


def _read_words(prepared: PreparedPage, timeout_s: float, page: int) -> list[tuple[tuple[int, ...], Word]]:
    """Run Tesseract once and return ``(line key, word)`` pairs in its order."""
    import shutil

    import pytesseract

    # ``nice`` runs the program, so a missing one would read as nice's error.
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise OcrError(MISSING_TESSERACT)
    try:
        data = pytesseract.image_to_data(
            prepared.image,
            lang=LANGUAGE,
            config=TESSERACT_CONFIG,
            nice=NICE,
            timeout=timeout_s,
            output_type=pytesseract.Output.DICT,
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrError(MISSING_TESSERACT) from exc
    except pytesseract.TesseractError as exc:
        if LANGUAGE in str(exc.message):
            raise OcrError(MISSING_VIETNAMESE) from exc
        raise OcrError(f"Tesseract báo lỗi ở trang {page}: {str(exc.message).strip()[:120]}") from exc
    except RuntimeError as exc:  # pytesseract's timeout
        raise OcrError(f"OCR trang {page} quá {timeout_s:.0f} giây — đã dừng") from exc
    words: list[tuple[tuple[int, ...], Word]] = []
    for index, text in enumerate(data["text"]):
        text = unicodedata.normalize("NFC", text or "").strip()
        conf = float(data["conf"][index])
        if not text or conf < _MIN_WORD_CONF:
            continue
        key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
        box = (data["left"][index], data["top"][index], data["width"][index], data["height"][index])
        words.append((key, Word(text, *box, conf)))
    return words


def _lines(words: list[tuple[tuple[int, ...], Word]]) -> list[list[Word]]:
    """Words grouped by Tesseract's line, lines sorted top to bottom, words left to right."""
    grouped: dict[tuple[int, ...], list[Word]] = {}
    for key, word in words:
        grouped.setdefault(key, []).append(word)
    lines = [sorted(line, key=lambda w: w.left) for line in grouped.values()]
    return sorted(lines, key=lambda line: min(w.top for w in line))


def _is_text(line: list[Word]) -> bool:
    """True unless the line looks like a seal or signature read as letters.

    Real text reads with high confidence and is mostly letters and digits;
    scribbles come out as short runs of symbols at low confidence.
    """
    chars = "".join(w.text for w in line)
    letters = sum(1 for c in chars if c.isalnum())
    mean_conf = sum(w.conf * len(w.text) for w in line) / max(len(chars), 1)
    return bool(chars) and letters / len(chars) >= _MIN_LETTER_SHARE and mean_conf >= _MIN_LINE_CONF


def _blocks(lines: list[list[Word]], prepared: PreparedPage, page: int) -> list[Block]:
    blocks: list[Block] = []
    previous_bottom: int | None = None
    for line in lines:
        top = min(w.top for w in line)
        bottom = max(w.top + w.height for w in line)
        height = max(bottom - top, 1)
        if previous_bottom is not None and top - previous_bottom > _PARAGRAPH_GAP * height:
            blocks.append(Block(kind="text", text="", page=page, ocr=True))
        blocks.append(Block(kind="text", text=_line_text(line, prepared.tables), page=page, ocr=True))
        previous_bottom = bottom
    return blocks


def _line_text(line: list[Word], tables: tuple[TableGrid, ...]) -> str:
    """Words joined by spaces, or by tabs between the cells of a ruled table."""
    middle = (min(w.top for w in line) + max(w.top + w.height for w in line)) / 2
    grid = next((t for t in tables if t.top <= middle <= t.bottom), None)
    if grid is None:
        return " ".join(w.text for w in line)
    cells = [""] * (len(grid.columns) - 1)
    outside: list[str] = []
    for word in line:
        column = grid.cell_of(word.center_x)
        if column is None:
            outside.append(word.text)
        else:
            cells[column] = f"{cells[column]} {word.text}".strip()
    return "\t".join(cells) + (" " + " ".join(outside) if outside else "")
