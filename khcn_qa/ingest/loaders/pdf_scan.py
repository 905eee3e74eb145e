"""Scanned pages of a PDF: rasterise them with pypdfium2 and OCR them one by one.

Only the pages without a text layer come here (a PDF often mixes a typed
first page with scanned signed pages), so pages that have text keep it
exactly. Each page reports progress as it finishes, because a 20-page scan
takes minutes and the person waiting should see it move.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from khcn_qa.errors import DocumentError
from khcn_qa.ingest.loaders.ocr import OcrError, ocr_page
from khcn_qa.records import Block

PageProgress = Callable[[int, int], None]
"""Called as ``progress(pages_done, pages_total)`` while scanned pages are read."""

DPI = 300  # Tesseract's models are trained on text about 20–30 px high
DEFAULT_PAGE_TIMEOUT_S = 120.0


def page_timeout_s() -> float:
    """Seconds one page may take in Tesseract: ``$KHCN_QA_OCR_TIMEOUT`` or 120."""
    try:
        return float(os.environ.get("KHCN_QA_OCR_TIMEOUT", DEFAULT_PAGE_TIMEOUT_S))
    except ValueError:
        return DEFAULT_PAGE_TIMEOUT_S


def ocr_pdf_pages(
    data: bytes, pages: Sequence[int], source: str, progress: PageProgress | None = None
) -> dict[int, list[Block]]:
    """OCR blocks of the given 1-based pages; any OCR failure is one ``DocumentError``."""
    import pypdfium2

    timeout = page_timeout_s()
    result: dict[int, list[Block]] = {}
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise DocumentError(source, "tệp PDF bị hỏng hoặc không đúng định dạng") from exc
    try:
        for done, number in enumerate(pages):
            if progress:
                progress(done, len(pages))
            page = document[number - 1]
            try:
                image = page.render(scale=DPI / 72, grayscale=False).to_pil()
            finally:
                page.close()
            try:
                result[number] = ocr_page(image, number, DPI, timeout)
            except OcrError as exc:
                raise DocumentError(source, str(exc)) from exc
        if progress:
            progress(len(pages), len(pages))
    finally:
        document.close()
    return result
