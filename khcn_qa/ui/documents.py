"""The documents page: what is indexed, upload new files, remove one with confirmation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from khcn_qa.config import LIMITS, default_corpus_dir
from khcn_qa.errors import KhcnQaError
from khcn_qa.ui.render import display_date
from khcn_qa.ui.uploads import UploadOutcome, describe, save_and_ingest

if TYPE_CHECKING:
    from khcn_qa.assistant import Assistant, DocumentInfo

UPLOAD_TYPES = [ext.lstrip(".") for ext in LIMITS.extensions]
_LEVELS = {"success": st.success, "info": st.info, "error": st.error}


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
            "Cơ quan ban hành": d.meta.issuer or "",
            "Người ký": d.meta.signer or "",
            "Số đoạn": d.chunks,
            "Nạp lúc": d.ingested_at,
        }
        for d in documents
    ]


def _markdown_safe(text: str) -> str:
    """Backslash-escape markdown punctuation in a file name shown in an alert."""
    return "".join("\\" + ch if ch in "\\`*_{}[]()#+-.!|<>$~:" else ch for ch in text)


def _run_upload(assistant: Assistant, uploads: list) -> UploadOutcome:
    bar = st.progress(0.0, text="Đang chuẩn bị…")

    def progress(stage: str, done: int, total: int) -> None:
        fraction = min(max(done / total, 0.0), 1.0) if total else 0.0
        bar.progress(fraction, text=f"{stage} ({done}/{total})")

    files = [(upload.name, upload.getvalue()) for upload in uploads]
    outcome = save_and_ingest(assistant, files, default_corpus_dir(), progress)
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
    choice = st.selectbox(
        "Văn bản cần xóa", sources, index=None, placeholder="Chọn tệp…", key="remove_choice"
    )
    if st.button("Xóa khỏi chỉ mục", disabled=choice is None):
        st.session_state["confirm_remove"] = choice
    pending = st.session_state.get("confirm_remove")
    if not pending:
        return
    st.warning(
        f"Xóa {_markdown_safe(pending)} khỏi chỉ mục? Câu trả lời sẽ không còn dựa trên văn bản này."
    )
    confirm, cancel = st.columns(2)
    if confirm.button("Xác nhận xóa", type="primary"):
        removed = assistant.remove(pending)
        st.session_state.pop("confirm_remove", None)
        st.session_state.pop("remove_choice", None)
        st.session_state["upload_lines"] = [
            ("success", f"{pending}: đã xóa khỏi chỉ mục.")
            if removed
            else ("error", f"{pending}: không có trong chỉ mục.")
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
        st.dataframe(document_rows(documents), hide_index=True)
    else:
        st.info("Chỉ mục chưa có văn bản nào. Hãy tải văn bản lên bên dưới.")
    _upload_section(assistant)
    _remove_section(assistant, documents)
