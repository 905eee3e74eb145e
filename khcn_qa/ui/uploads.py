"""Uploaded files → the index's documents folder → ``Assistant.ingest``, without Streamlit.

The page hands over ``(name, bytes)`` pairs; this module checks name, size
and type, writes accepted files into the documents folder the index owns
(so they survive a rebuild and ``remove`` deletes them), ingests them, and
puts back the previous file (or deletes the new one) for every file the
ingest rejected. Every file of a batch ends indexed or reported: a name the
file system refuses is reported, and an ingest that fails or is stopped
puts the whole folder back as it was.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from khcn_qa.config import LIMITS

if TYPE_CHECKING:
    from khcn_qa.assistant import IngestReport, ProgressCallback


class Ingests(Protocol):
    """The part of ``Assistant`` an upload needs."""

    def ingest(
        self, paths: Sequence[Path], progress: ProgressCallback | None = None
    ) -> IngestReport:
        """Add, replace or skip the given files (see ``Assistant.ingest``)."""
        ...


@dataclass(frozen=True)
class UploadOutcome:
    """What happened to each uploaded file: ingest report plus files refused before ingest."""

    report: IngestReport | None
    rejected: dict[str, str] = field(default_factory=dict)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


MAX_NAME_BYTES = 255


def clean_name(name: str) -> str:
    """The bare, NFC-normalised file name an upload is stored under."""
    return unicodedata.normalize("NFC", Path(name.replace("\\", "/")).name)


def check_upload(name: str, size: int, max_bytes: int = LIMITS.max_file_bytes) -> str | None:
    """Return why an upload is refused (in Vietnamese), or ``None`` when it is acceptable."""
    clean = clean_name(name)
    if not clean or clean.startswith("."):
        return "tên tệp không hợp lệ"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in clean):
        return "tên tệp chứa ký tự điều khiển; hãy đổi tên tệp"
    if len(clean.encode("utf-8")) > MAX_NAME_BYTES:
        return f"tên tệp quá dài ({len(clean.encode('utf-8'))} byte, tối đa {MAX_NAME_BYTES}); hãy đặt tên ngắn hơn"
    suffix = Path(clean).suffix.lower()
    if suffix not in LIMITS.extensions:
        allowed = ", ".join(LIMITS.extensions)
        return f"định dạng {suffix or '(không có đuôi)'} không được hỗ trợ; chỉ nhận {allowed}"
    if size > max_bytes:
        return (
            f"tệp quá lớn ({_megabytes(size)}), giới hạn là {_megabytes(max_bytes)}; "
            "hãy tách văn bản thành nhiều tệp nhỏ hơn"
        )
    if size == 0:
        return "tệp rỗng"
    return None


def save_and_ingest(
    assistant: Ingests,
    files: Sequence[tuple[str, bytes]],
    corpus_dir: Path,
    progress: ProgressCallback | None = None,
    max_bytes: int = LIMITS.max_file_bytes,
) -> UploadOutcome:
    """Save acceptable uploads into ``corpus_dir`` (the index's documents folder) and ingest them."""
    rejected: dict[str, str] = {}
    saved: list[Path] = []
    previous: dict[str, bytes | None] = {}
    corpus_dir = Path(corpus_dir)
    try:
        corpus_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return UploadOutcome(None, {name: _write_reason(corpus_dir, error) for name, _ in files})
    for name, data in files:
        reason = check_upload(name, len(data), max_bytes) or _save(corpus_dir, clean_name(name), data, previous)
        if reason:
            rejected[name] = reason
            continue
        saved.append(corpus_dir / clean_name(name))
    if not saved:
        return UploadOutcome(report=None, rejected=rejected)
    try:
        report = assistant.ingest(saved, progress=progress)
    except BaseException:  # an error or a Stop: nothing of this batch stays half-done
        for target in saved:
            _restore(target, previous.get(target.name))
        raise
    for name in [*report.failed, *report.duplicates]:
        _restore(corpus_dir / Path(name).name, previous.get(Path(name).name))
    return UploadOutcome(report=report, rejected=rejected)


def _save(folder: Path, name: str, data: bytes, previous: dict[str, bytes | None]) -> str | None:
    """Write one upload, remembering what it replaces; the reason when it cannot be written."""
    if name in previous:
        return "trùng tên với một tệp khác trong lần tải này"
    target = folder / name
    try:
        old = target.read_bytes() if target.exists() else None
    except (OSError, ValueError) as error:
        return _write_reason(folder, error)
    try:
        target.write_bytes(data)
    except (OSError, ValueError) as error:
        _restore(target, old)
        return _write_reason(folder, error)
    previous[name] = old
    return None


def _write_reason(folder: Path, error: Exception) -> str:
    from khcn_qa.index.writing import write_failure

    clear = write_failure(folder, error) if isinstance(error, OSError) else None
    return str(clear) if clear else f"không lưu được tệp ({getattr(error, 'strerror', None) or error})"


def _restore(target: Path, old: bytes | None) -> None:
    try:
        if old is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(old)
    except OSError:
        pass  # best effort: the index itself is unchanged either way


def describe(outcome: UploadOutcome) -> list[tuple[str, str]]:
    """Plain-words lines for the page: ``(level, message)`` with level success/info/error."""
    lines: list[tuple[str, str]] = []
    report = outcome.report
    if report is not None:
        for name in report.added:
            lines.append(("success", f"{name}: đã thêm vào chỉ mục."))
        for name in report.replaced:
            lines.append(("success", f"{name}: đã thay bằng phiên bản mới."))
        for name in report.skipped:
            lines.append(("info", f"{name}: không đổi so với bản đã có, bỏ qua."))
        for name, twin in report.duplicates.items():
            lines.append(("info", f"{name}: trùng nội dung với {twin} đã có, không nạp lần nữa."))
        for name, reason in report.failed.items():
            lines.append(("error", f"{name}: không nạp được — {reason}"))
        for note in report.notes:
            lines.append(("info", note))
    for name, reason in outcome.rejected.items():
        lines.append(("error", f"{name}: không nhận — {reason}"))
    return lines
