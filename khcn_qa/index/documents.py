"""The documents folder an index owns: where uploaded files are kept.

Uploads used to be written into ``corpus/``, so removing one from the index
left the file there and the next ``ingest corpus --rebuild`` brought it
back. Now the index is the record of what is in: uploaded files live in
``<index>/documents/``, a rebuild reads that folder too, and ``remove``
deletes the stored copy. A removed document that came from a folder the
index does not own (``corpus/``) is recorded in the manifest instead, and
folder ingests skip it until someone ingests that file by name again.
"""

from __future__ import annotations

from pathlib import Path

from khcn_qa.index.identity import display_path, origin_of

DOCUMENTS = "documents"


def documents_dir(index_dir: Path) -> Path:
    """``<index>/documents``: uploaded files, kept for rebuilds."""
    return Path(index_dir) / DOCUMENTS


def stored_copy(index_dir: Path, origin: str | None) -> Path | None:
    """The file in the index's documents folder a document was read from, if it was."""
    if not origin:
        return None
    folder = Path(origin_of(documents_dir(index_dir)))
    path = Path(origin)
    return path if path.parent == folder else None


def removal_effect(index_dir: Path, source: str, origin: str | None, *, done: bool = False) -> str:
    """What removing a document does, in the words the confirmation (and, done, the report) use."""
    verb = "đã được" if done else "sẽ được"
    copy = stored_copy(index_dir, origin)
    if copy is not None:
        return f"{source} {verb} gỡ khỏi chỉ mục và bản lưu {display_path(copy)} {verb} xóa."
    if origin:
        keep = "vẫn giữ nguyên" if done else "sẽ giữ nguyên"
        return (
            f"{source} {verb} gỡ khỏi chỉ mục; tệp gốc {display_path(Path(origin))} {keep} "
            "và các lần nạp lại thư mục (kể cả --rebuild) bỏ qua nó cho đến khi nạp riêng tệp đó."
        )
    return f"{source} {verb} gỡ khỏi chỉ mục."
