"""How the CLI prints: the ingest report, the document table, cut passages, warnings."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from khcn_qa.errors import IndexError_
from khcn_qa.text.shorten import cut

if TYPE_CHECKING:
    from khcn_qa.assistant import DocumentInfo
    from khcn_qa.index.builder import IngestReport

__all__ = ["cut", "document_table", "print_ingest_report", "print_warning", "require_index"]
LIST_COLUMNS = ("Tệp", "Loại", "Số ký hiệu", "Ngày", "Tỉnh", "Số đoạn")


def require_index(index_dir: Path) -> Path:
    """The index folder, or a one-line error when it holds no index (only ``ingest`` creates one)."""
    from khcn_qa.index import layout

    if layout.current_name(index_dir) is None:
        raise IndexError_(
            f"Không có chỉ mục ở {index_dir}; kiểm tra --index, hoặc tạo bằng "
            f"`khcn-qa ingest <thư mục văn bản> --index {index_dir}`."
        )
    return index_dir


def print_warning(warning: str | None) -> None:
    """One line on stderr when the index opened is not the live one."""
    if warning:
        click.echo(f"Cảnh báo: {warning}", err=True)


def print_ingest_report(report: IngestReport) -> bool:
    """Print what happened to every file and a summary line; True when any file failed."""
    print_warning(report.warning)
    for name in report.added:
        click.echo(f"Thêm mới: {name}")
    for name in report.replaced:
        old, new = report.replaced_paths.get(name, (name, name))
        click.echo(f"Thay thế: {name} (bản cũ từ {old}, bản mới từ {new})")
    for name in report.skipped:
        click.echo(f"Không đổi: {name}")
    for name, twin in report.duplicates.items():
        click.echo(f"Trùng nội dung: {name} giống hệt {twin} đã có, không nạp lần nữa")
    for name in report.skipped_removed:
        click.echo(f"Bỏ qua: {name} đã bị gỡ trước đây (nạp riêng tệp này để đưa lại)")
    for note in report.notes:
        click.echo(note)
    for name, reason in report.failed.items():
        click.echo(f"Lỗi: {name}: {reason}", err=True)
    summary = (
        f"Tổng kết: {len(report.added)} thêm mới, {len(report.replaced)} thay thế, "
        f"{len(report.skipped)} không đổi, {len(report.duplicates)} trùng, {len(report.failed)} lỗi; "
        f"chỉ mục có {report.chunks} đoạn."
    )
    click.echo(summary, err=bool(report.failed))
    return bool(report.failed)


def _width(text: str) -> int:
    """Display width (combining marks take no column)."""
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def document_table(documents: Sequence[DocumentInfo]) -> list[str]:
    """Aligned rows with a header: file, type, number, date (dd/mm/yyyy), province, passages."""
    from khcn_qa.ui.dates import display_date

    rows = [list(LIST_COLUMNS)]
    for d in documents:
        date = display_date(d.meta.date) if d.meta.date else str(d.meta.year or "?")
        rows.append(
            [d.meta.source, d.meta.doc_type or "?", d.meta.number or "chưa có số", date,
             d.meta.province or "?", str(d.chunks)]
        )  # fmt: skip
    widths = [max(_width(row[i]) for row in rows) for i in range(len(LIST_COLUMNS))]
    return [
        "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]
