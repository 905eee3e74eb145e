"""Format loaders: turn a file into a ``LoadedDocument`` of raw blocks.

Each loader only reads faithfully; re-joining wrapped lines, dropping noise
and finding headings by their numbering happen later, once, for all
formats. This module owns the checks every format shares (missing, empty,
oversized, unknown type, no text) so each failure reaches the user as one
Vietnamese ``DocumentError`` line and the other files still go in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from khcn_qa import config
from khcn_qa.errors import DocumentError
from khcn_qa.records import Block, LoadedDocument

Loader = Callable[[bytes, str], tuple[Block, ...]]

# Extension → the ``LoadedDocument.format`` it gets. Markdown keeps its own
# format name so the cleanup step knows to strip the markup.
FORMATS: dict[str, str] = {".txt": "txt", ".md": "md", ".docx": "docx", ".pdf": "pdf"}
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(FORMATS)

EMPTY_MESSAGE = "tệp rỗng"
NO_CONTENT_MESSAGE = "văn bản không có nội dung"

__all__ = ["FORMATS", "SUPPORTED_EXTENSIONS", "load_bytes", "load_document"]


def load_document(path: Path, source: str | None = None) -> LoadedDocument:
    """Load one file from disk; raise ``DocumentError`` with a Vietnamese reason.

    ``source`` is the document's identity in the index (default: the file name).
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
    return load_bytes(data, path.name, source)


def load_bytes(data: bytes, name: str, source: str | None = None) -> LoadedDocument:
    """Load a file's content given its name (for uploads that never touch disk).

    ``name`` decides the format by its extension and becomes ``source`` unless given.
    """
    source = source or Path(name).name
    extension = _check_extension(Path(name).suffix, source)
    _check_size(len(data), source)
    blocks = _loader_for(extension)(data, source)
    if not any(_has_text(block) for block in blocks):
        raise DocumentError(source, NO_CONTENT_MESSAGE)
    return LoadedDocument(
        source=source,
        format=FORMATS[extension],
        sha256=hashlib.sha256(data).hexdigest(),
        blocks=blocks,
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


def _loader_for(extension: str) -> Loader:
    """Import the loader lazily so reading a .txt never imports pdfminer."""
    if extension == ".docx":
        from khcn_qa.ingest.loaders.docx import load_docx_blocks

        return load_docx_blocks
    if extension == ".pdf":
        from khcn_qa.ingest.loaders.pdf import load_pdf_blocks

        return load_pdf_blocks
    from khcn_qa.ingest.loaders.text import load_text_blocks

    return load_text_blocks


def _has_text(block: Block) -> bool:
    if block.kind == "table":
        return any(cell.strip() for row in block.rows for cell in row)
    return bool(block.text.strip())
