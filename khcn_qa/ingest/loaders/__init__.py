"""Format loaders: turn a file into a ``LoadedDocument`` of raw blocks.

Each loader only reads faithfully; re-joining wrapped lines, dropping noise
and finding headings by their numbering happen later, once, for all
formats. This module owns the checks every format shares (missing, empty,
oversized, unknown type, no text) so each failure reaches the user as one
Vietnamese ``DocumentError`` line and the other files still go in.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
from collections.abc import Callable
from pathlib import Path

from khcn_qa import config
from khcn_qa.errors import DocumentError
from khcn_qa.records import Block, LoadedDocument

Loader = Callable[[bytes, str], tuple[Block, ...]]
PageProgress = Callable[[int, int], None]
"""``progress(pages_done, pages_total)`` for loaders that read page by page (OCR)."""

# Extension → the ``LoadedDocument.format`` it gets. Markdown keeps its own
# format name so the cleanup step knows to strip the markup.
FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".docx": "docx",
    ".pdf": "pdf",
    ".doc": "doc",
    ".odt": "odt",
    ".rtf": "rtf",
    ".xlsx": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
}
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(FORMATS)

# Extension → (module, function), imported on first use so reading a .txt
# never imports pdfminer, Tesseract's wrapper or the spreadsheet reader.
_LOADERS: dict[str, tuple[str, str]] = {
    ".txt": ("text", "load_text_blocks"),
    ".md": ("text", "load_text_blocks"),
    ".docx": ("docx", "load_docx_blocks"),
    ".pdf": ("pdf", "load_pdf_blocks"),
    ".doc": ("office", "load_office_blocks"),
    ".odt": ("office", "load_office_blocks"),
    ".rtf": ("office", "load_office_blocks"),
    ".xlsx": ("spreadsheet", "load_spreadsheet_blocks"),
    ".xls": ("spreadsheet", "load_spreadsheet_blocks"),
    ".ods": ("spreadsheet", "load_spreadsheet_blocks"),
}
_PAGED = frozenset({".pdf"})  # loaders that take a page-progress callback

EMPTY_MESSAGE = "tệp rỗng"
NO_CONTENT_MESSAGE = "văn bản không có nội dung"

__all__ = ["FORMATS", "SUPPORTED_EXTENSIONS", "load_bytes", "load_document"]


def load_document(
    path: Path, source: str | None = None, progress: PageProgress | None = None
) -> LoadedDocument:
    """Load one file from disk; raise ``DocumentError`` with a Vietnamese reason.

    ``source`` is the document's identity in the index (default: the file name);
    ``progress`` hears about each scanned page a PDF needs OCR for.
    """
    path = Path(path)
    source = source or path.name
    if not path.is_file():
        raise DocumentError(source, "không tìm thấy tệp (hoặc đó là một thư mục)")
    _check_extension(path.suffix, source)
    try:
        size = path.stat().st_size
        _check_size(size, source)
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(source, f"không đọc được tệp ({exc.strerror or exc})") from exc
    return load_bytes(data, path.name, source, progress)


def load_bytes(
    data: bytes, name: str, source: str | None = None, progress: PageProgress | None = None
) -> LoadedDocument:
    """Load a file's content given its name (for uploads that never touch disk).

    ``name`` decides the format by its extension and becomes ``source`` unless given;
    ``progress`` hears about each scanned page a PDF needs OCR for.
    """
    source = source or Path(name).name
    extension = _check_extension(Path(name).suffix, source)
    _check_size(len(data), source)
    blocks = _loader_for(extension, progress)(data, source)
    if not any(_has_text(block) for block in blocks):
        raise DocumentError(source, NO_CONTENT_MESSAGE)
    return LoadedDocument(
        source=source,
        format=FORMATS[extension],
        sha256=hashlib.sha256(data).hexdigest(),
        blocks=blocks,
        ocr_pages=tuple(sorted({b.page for b in blocks if b.ocr and b.page is not None})),
    )


def _check_extension(suffix: str, source: str) -> str:
    extension = suffix.lower()
    if extension not in FORMATS:
        shown = f"'{suffix}'" if suffix else "không có phần mở rộng"
        supported = ", ".join(SUPPORTED_EXTENSIONS)
        raise DocumentError(source, f"định dạng {shown} không được hỗ trợ (hỗ trợ: {supported})")
    return extension


def _check_size(size: int, source: str) -> None:
    if size == 0:
        raise DocumentError(source, EMPTY_MESSAGE)
    limit = config.LIMITS.max_file_bytes
    if size > limit:
        raise DocumentError(
            source,
            f"tệp quá lớn ({_human_size(size)}, giới hạn {_human_size(limit)}) — "
            "hãy tách văn bản thành nhiều tệp nhỏ hơn",
        )


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} byte"


def _loader_for(extension: str, progress: PageProgress | None = None) -> Loader:
    """Import the loader lazily; hand the page-progress callback to those that use it."""
    module_name, function_name = _LOADERS[extension]
    module = importlib.import_module(f"khcn_qa.ingest.loaders.{module_name}")
    loader = getattr(module, function_name)
    if extension in _PAGED and progress is not None:
        return functools.partial(loader, progress=progress)
    return loader


def _has_text(block: Block) -> bool:
    if block.kind == "table":
        return any(cell.strip() for row in block.rows for cell in row)
    return bool(block.text.strip())
