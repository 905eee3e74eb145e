"""PDF loader: per page, ruled tables as table blocks and the other text as lines.

pdfplumber finds ruled tables; their characters are taken out of the page
text so a cell is not read twice, and blocks are ordered by their top edge
so "text above, table, text below" stays in reading order. A visible
vertical gap between lines becomes an empty text block, the same paragraph
hint a blank line gives in a text file. Pages without a text layer (scans)
are rendered and OCR'd by :mod:`pdf_scan`; pages that have one keep it.
"""

from __future__ import annotations

import io
from typing import Any

from khcn_qa.errors import DocumentError
from khcn_qa.ingest.loaders.pdf_scan import PageProgress, ocr_pdf_pages
from khcn_qa.records import Block

SCANNED_MESSAGE = "PDF là ảnh quét nhưng OCR không đọc được chữ nào (ảnh quá mờ hoặc không có chữ)"
ENCRYPTED_MESSAGE = "PDF được mã hoá (cần mật khẩu) — hãy mở khoá rồi nạp lại"
CORRUPT_MESSAGE = "tệp PDF bị hỏng hoặc không đúng định dạng"

# A gap between two lines larger than this share of the line height reads as
# a paragraph break (normal leading is about 0.2–0.5 of the line height).
_PARAGRAPH_GAP = 0.8
# A page with fewer printed characters than this is a scan (a scanner may
# stamp a page number or file name as text on an image page).
_MIN_TEXT_CHARS = 20


def load_pdf_blocks(data: bytes, source: str, progress: PageProgress | None = None) -> tuple[Block, ...]:
    """Read every page of a PDF into blocks carrying 1-based page numbers.

    ``progress`` is told about each scanned page as OCR finishes it.
    """
    import pdfplumber

    pages: list[list[Block] | None] = []  # None: a scanned page, OCR'd below
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                pages.append(_page_blocks(page, number) if _has_text_layer(page) else _scan_or_blank(page))
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer fails in many ways on bad files
        message = ENCRYPTED_MESSAGE if _is_encryption_error(exc) else CORRUPT_MESSAGE
        raise DocumentError(source, message) from exc
    scanned = [number for number, blocks in enumerate(pages, start=1) if blocks is None]
    read = ocr_pdf_pages(data, scanned, source, progress) if scanned else {}
    blocks = [b for number, page in enumerate(pages, start=1) for b in (read[number] if page is None else page)]
    if scanned and not any(b.text.strip() or b.rows for b in blocks):
        raise DocumentError(source, SCANNED_MESSAGE)
    return tuple(blocks)


def _has_text_layer(page: Any) -> bool:
    return sum(1 for char in page.chars if not char["text"].isspace()) >= _MIN_TEXT_CHARS


def _scan_or_blank(page: Any) -> list[Block] | None:
    """``None`` (OCR it) for a page with an image or drawing; no blocks for an empty page."""
    return None if page.images or page.rects or page.curves or page.chars else []


def _page_blocks(page: Any, number: int) -> list[Block]:
    """Blocks of one page, tables and text lines merged by vertical position."""
    page = page.dedupe_chars()
    tables = [(table.bbox, rows) for table in page.find_tables() if _is_real(rows := _rows(table))]
    bboxes = [bbox for bbox, _ in tables]

    def outside_tables(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in bboxes)

    text_page = page.filter(outside_tables) if bboxes else page
    placed: list[tuple[float, Block]] = [
        (bbox[1], Block(kind="table", rows=rows, page=number)) for bbox, rows in tables
    ]
    placed.extend(_line_blocks(text_page.extract_text_lines(return_chars=False), number))
    placed.sort(key=lambda item: item[0])  # stable: a gap marker stays before its line
    return [block for _, block in placed]


def _rows(table: Any) -> tuple[tuple[str, ...], ...]:
    """Cell texts with ``None`` (spanned or missing cells) as "" and wraps undone."""
    return tuple(
        tuple(" ".join((cell or "").split("\n")).strip() for cell in row) for row in table.extract()
    )


def _is_real(rows: tuple[tuple[str, ...], ...]) -> bool:
    """A table needs two cells and some text; a framed box or empty grid is not one.

    A single ruled box around a paragraph is detected as a 1×1 table; keeping
    its text as ordinary lines reads it the way a person does.
    """
    cells = sum(len(row) for row in rows)
    return cells >= 2 and any(cell for row in rows for cell in row)


def _line_blocks(lines: list[dict[str, Any]], number: int) -> list[tuple[float, Block]]:
    placed: list[tuple[float, Block]] = []
    previous_bottom: float | None = None
    for line in lines:
        top, bottom = float(line["top"]), float(line["bottom"])
        height = max(bottom - top, 1.0)
        if previous_bottom is not None and top - previous_bottom > _PARAGRAPH_GAP * height:
            placed.append((top, Block(kind="text", text="", page=number)))
        placed.append((top, Block(kind="text", text=line["text"], page=number)))
        previous_bottom = bottom
    return placed


def _is_encryption_error(exc: BaseException) -> bool:
    """True if pdfminer's password/encryption error is anywhere in the chain.

    pdfplumber wraps pdfminer's exceptions (``PdfminerException``), so the
    original type is looked for in causes and in the wrapper's arguments.
    """
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        name = type(current).__name__
        if "Password" in name or "Encrypt" in name:
            return True
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return False
