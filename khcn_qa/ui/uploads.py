"""Uploaded files → corpus folder → ``Assistant.ingest``, without Streamlit.

The page hands over ``(name, bytes)`` pairs; this module checks size and
type, writes accepted files into the corpus folder, ingests them, and puts
back the previous corpus file (or deletes the new one) for every file the
ingest rejected, so the corpus folder never keeps a file the index refused.
"""

from __future__ import annotations

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


def check_upload(name: str, size: int, max_bytes: int = LIMITS.max_file_bytes) -> str | None:
    """Return why an upload is refused (in Vietnamese), or ``None`` when it is acceptable."""
    clean = Path(name).name
    if not clean or clean.startswith("."):
        return "tên tệp không hợp lệ"
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
    """Save acceptable uploads into ``corpus_dir`` and ingest them in one call."""
    rejected: dict[str, str] = {}
    saved: list[Path] = []
    previous: dict[str, bytes | None] = {}
    corpus_dir = Path(corpus_dir)
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        reason = check_upload(name, len(data), max_bytes)
        if reason:
            rejected[name] = reason
            continue
        target = corpus_dir / Path(name).name
        previous[target.name] = target.read_bytes() if target.exists() else None
        target.write_bytes(data)
        saved.append(target)
    if not saved:
        return UploadOutcome(report=None, rejected=rejected)
    report = assistant.ingest(saved, progress=progress)
    for failed_name in report.failed:
        _restore(corpus_dir / Path(failed_name).name, previous.get(Path(failed_name).name))
    return UploadOutcome(report=report, rejected=rejected)


def _restore(target: Path, old: bytes | None) -> None:
    if old is None:
        target.unlink(missing_ok=True)
    else:
        target.write_bytes(old)


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
        for name, reason in report.failed.items():
            lines.append(("error", f"{name}: không nạp được — {reason}"))
    for name, reason in outcome.rejected.items():
        lines.append(("error", f"{name}: không nhận — {reason}"))
    return lines
