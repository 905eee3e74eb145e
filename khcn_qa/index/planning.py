"""Decide, file by file, what an ingest does before anything is embedded.

Each file is read and parsed first, so the ingest can say up front how
many passages it will embed and how long that takes, refuse what is beyond
its limits, and report every decision: added, replaced (only the same file
again), unchanged, a duplicate of an indexed document, a name clash
resolved by path, or a document staff removed earlier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from khcn_qa.config import LIMITS
from khcn_qa.errors import DocumentError
from khcn_qa.index.identity import SourceFile, display_path
from khcn_qa.index.state import IndexState
from khcn_qa.records import ParsedDocument

Progress = Callable[[str, int, int], None]
"""``progress(stage_message, done, total)``, as the builder reports it."""

TEXT_SUFFIXES = (".txt", ".md")


@dataclass
class Plan:
    """Parsed documents to embed, in order, and the decisions about the rest."""

    todo: list[tuple[SourceFile, ParsedDocument]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    duplicates: dict[str, str] = field(default_factory=dict)
    skipped_removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passages(self) -> int:
        """How many passages the ingest will embed."""
        return sum(len(parsed.chunks) for _, parsed in self.todo)


def estimate(passages: int) -> str:
    """Embedding time for ``passages`` in words (measured speed, two cores)."""
    seconds = passages / LIMITS.passages_per_second
    if seconds < 90:
        return f"khoảng {max(1, round(seconds))} giây"
    if seconds < 5400:
        return f"khoảng {round(seconds / 60)} phút"
    return f"khoảng {seconds / 3600:.1f} giờ".replace(".", ",")


def parse_file(file: SourceFile, progress: Progress | None = None) -> ParsedDocument:
    """Read and parse one file under its identity; refuse what one ingest cannot embed.

    ``progress`` hears about each scanned page the file needs OCR for.
    """
    from khcn_qa.ingest.loaders import load_document
    from khcn_qa.ingest.parse import parse_document

    def on_page(done: int, total: int) -> None:
        if progress:
            progress(f"OCR {file.path.name}, trang", done, total)

    _check_text_size(file)
    parsed = parse_document(load_document(file.path, file.identity, progress=on_page))
    count = len(parsed.chunks)
    if count > LIMITS.max_passages_per_file:
        raise DocumentError(
            file.identity,
            f"có {count} đoạn, vượt giới hạn {LIMITS.max_passages_per_file} đoạn mỗi tệp "
            f"(nhúng sẽ mất {estimate(count)}); hãy tách thành nhiều tệp nhỏ hơn",
        )
    return parsed


def _check_text_size(file: SourceFile) -> None:
    """Refuse a huge text file before parsing it: it would exceed the passage limit anyway."""
    if file.path.suffix.lower() not in TEXT_SUFFIXES:
        return
    try:
        size = file.path.stat().st_size
    except OSError:
        return  # the loader reports the missing file
    if size > LIMITS.max_text_bytes:
        limit_mb = LIMITS.max_text_bytes // (1024 * 1024)
        raise DocumentError(
            file.identity,
            f"tệp văn bản {size / (1024 * 1024):.1f} MB vượt giới hạn {limit_mb} MB "
            f"(khoảng {LIMITS.max_passages_per_file} đoạn); hãy tách thành nhiều tệp nhỏ hơn",
        )


def plan_ingest(
    files: list[SourceFile], state: IndexState, progress: Progress | None = None,
    on_first_todo: Callable[[], None] | None = None,
) -> Plan:
    """Parse every file and decide what happens to it; ``state`` is not modified.

    ``on_first_todo`` is called once, as soon as one document is sure to be
    embedded: the caller can get the model ready while the rest are parsed.
    """
    plan = Plan()
    taken: dict[str, str] = {}  # identity → origin, for this ingest
    contents: dict[str, str] = {}  # sha256 → identity, for this ingest
    for file in files:
        if not file.explicit and file.origin in state.removed:
            plan.skipped_removed.append(file.identity)
            continue
        file = _resolve_identity(file, state, taken, plan)
        taken[file.identity] = file.origin
        try:
            parsed = parse_file(file, progress)
        except DocumentError as error:
            plan.failed[file.identity] = error.reason
            continue
        existing = state.entries.get(file.identity)
        if existing and existing.doc.sha256 == parsed.sha256:
            plan.skipped.append(file.identity)
            continue
        twin = contents.get(parsed.sha256) or state.source_with_content(parsed.sha256)
        if twin and twin != file.identity:
            plan.duplicates[file.identity] = twin
            continue
        if not _within_budget(file, parsed, plan):
            continue
        contents[parsed.sha256] = file.identity
        plan.todo.append((file, parsed))
        if on_first_todo is not None and len(plan.todo) == 1:
            on_first_todo()
    return plan


def _within_budget(file: SourceFile, parsed: ParsedDocument, plan: Plan) -> bool:
    limit = LIMITS.max_passages_per_ingest
    if plan.passages + len(parsed.chunks) <= limit:
        return True
    plan.failed[file.identity] = (
        f"vượt giới hạn {limit} đoạn mỗi lần nạp (lần nạp này đã có {plan.passages} đoạn); "
        "hãy nạp tệp này ở lần sau"
    )
    return False


def _resolve_identity(file: SourceFile, state: IndexState, taken: dict[str, str], plan: Plan) -> SourceFile:
    """Keep the identity unless it belongs to another file; then use the file's path."""
    from dataclasses import replace

    known = state.identity_of_origin(file.origin)
    if known is not None:
        return replace(file, identity=known)
    owner = state.entries.get(file.identity)
    other_origin = owner.doc.origin if owner else taken.get(file.identity)
    if other_origin is None or other_origin == file.origin:
        return file
    new_identity = display_path(file.path)
    if new_identity in state.entries or new_identity in taken:
        new_identity = file.origin
    plan.notes.append(
        f"Trùng tên: {file.identity} đã có trong chỉ mục (nạp từ {display_path(Path(other_origin))}); "
        f"tệp {display_path(file.path)} được nạp với tên {new_identity}."
    )
    return replace(file, identity=new_identity)
