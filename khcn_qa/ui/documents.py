"""The documents page: what is indexed, upload new files, remove one with confirmation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from khcn_qa.config import LIMITS
from khcn_qa.errors import KhcnQaError
from khcn_qa.ui.dates import display_date, display_time
from khcn_qa.ui.uploads import UploadOutcome, describe, save_and_ingest

if TYPE_CHECKING:
    from khcn_qa.assistant import Assistant, DocumentInfo

UPLOAD_TYPES = [ext.lstrip(".") for ext in LIMITS.extensions]
_LEVELS = {"success": st.success, "info": st.info, "error": st.error}


# Column → width in pixels. The first eight fit the ~1,050 px the main area has
# in a 1400 px window next to the sidebar; issuer and time scroll into view.
COLUMN_WIDTHS: dict[str, int] = {
    "Tệp": 190, "Tiêu đề": 220, "Số ký hiệu": 105, "Loại": 80, "Ngày": 90, "Tỉnh": 85,
    "Người ký": 140, "Số đoạn": 70, "Cơ quan ban hành": 200, "Nạp lúc": 130,
}  # fmt: skip


def document_rows(documents: list[DocumentInfo]) -> list[dict[str, object]]:
    """One table row per document, Vietnamese column names, for ``st.dataframe``."""
    return [
        {
            "Tệp": d.meta.source,
            "Tiêu đề": d.meta.title or "",
            "Số ký hiệu": d.meta.number or "chưa có số",
            "Loại": d.meta.doc_type or "",
            "Ngày": display_date(d.meta.date) if d.meta.date else str(d.meta.year or ""),
            "Tỉnh": d.meta.province or "",
            "Người ký": d.meta.signer or "",
            "Số đoạn": d.chunks,
            "Cơ quan ban hành": d.meta.issuer or "",
            "Nạp lúc": display_time(d.ingested_at),
        }
        for d in documents
    ]


def _column_config() -> dict[str, Any]:
    return {name: st.column_config.Column(name, width=width) for name, width in COLUMN_WIDTHS.items()}


def _markdown_safe(text: str) -> str:
    """Backslash-escape markdown punctuation in a file name shown in an alert."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>$~:" else ch for ch in text)


def _run_upload(assistant: Assistant, uploads: list) -> UploadOutcome:
    bar = st.progress(0.0, text="Đang chuẩn bị…")

    def progress(stage: str, done: int, total: int) -> None:
        fraction = min(max(done / total, 0.0), 1.0) if total else 0.0
        bar.progress(fraction, text=f"{stage} ({done}/{total})")

    files = [(upload.name, upload.getvalue()) for upload in uploads]
    outcome = save_and_ingest(assistant, files, assistant.documents_dir, progress)
    bar.progress(1.0, text="Xong.")
    return outcome


def _upload_section(assistant: Assistant) -> None:
    st.subheader("Thêm văn bản")
    limit_mb = LIMITS.max_file_bytes // (1024 * 1024)
    generation = st.session_state.setdefault("uploader_generation", 0)
    uploads = st.file_uploader(
        f"Chọn tệp ({', '.join(UPLOAD_TYPES)}; tối đa {limit_mb} MB mỗi tệp)",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=f"uploader-{generation}",
    )
    if uploads and st.button("Nạp vào chỉ mục", type="primary"):
        try:
            outcome = _run_upload(assistant, uploads)
        except KhcnQaError as error:
            st.error(f"Không nạp được: {error}")
            return
        st.session_state["upload_lines"] = describe(outcome)
        st.session_state["uploader_generation"] = generation + 1
        st.rerun()
    for level, line in st.session_state.get("upload_lines", []):
        _LEVELS[level](_markdown_safe(line))


def _remove_section(assistant: Assistant, documents: list[DocumentInfo]) -> None:
    st.subheader("Xóa văn bản")
    sources = [d.meta.source for d in documents]
    # A new key after each removal: the old widget would still show the removed file.
    generation = st.session_state.setdefault("remove_generation", 0)
    choice = st.selectbox(
        "Văn bản cần xóa", sources, index=None, placeholder="Chọn tệp…", key=f"remove_choice-{generation}"
    )
    if st.button("Xóa khỏi chỉ mục", disabled=choice is None):
        st.session_state["confirm_remove"] = choice
    pending = st.session_state.get("confirm_remove")
    if not pending:
        return
    effect = assistant.removal_effect(pending)
    st.warning(f"Xóa văn bản? {_markdown_safe(effect)} Câu trả lời sẽ không còn dựa trên văn bản này.")
    confirm, cancel = st.columns(2)
    if confirm.button("Xác nhận xóa", type="primary"):
        removed = assistant.remove(pending)
        st.session_state.pop("confirm_remove", None)
        st.session_state["remove_generation"] = generation + 1
        done = effect.replace("sẽ được", "đã được").replace("sẽ giữ", "vẫn giữ")
        st.session_state["upload_lines"] = [
            ("success", done) if removed else ("error", f"{pending}: không có trong chỉ mục.")
        ]
        st.rerun()
    if cancel.button("Hủy"):
        st.session_state.pop("confirm_remove", None)
        st.rerun()


def render_documents(assistant: Assistant) -> None:
    """Draw the documents page."""
    st.header("Văn bản trong chỉ mục")
    documents = assistant.documents()
    if documents:
        st.dataframe(document_rows(documents), hide_index=True, column_config=_column_config())
    else:
        st.info("Chỉ mục chưa có văn bản nào. Hãy tải văn bản lên bên dưới.")
    _upload_section(assistant)
    _remove_section(assistant, documents)
