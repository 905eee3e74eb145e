"""Sidebar: page choice, search filters, passage count, retrieval mode, index status."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import streamlit as st

from khcn_qa.ui.dates import display_time
from khcn_qa.ui.render import escape_text

if TYPE_CHECKING:
    from khcn_qa.assistant import Assistant, DocumentInfo, IndexStatus

PAGE_CHAT = "Hỏi đáp"
PAGE_DOCUMENTS = "Văn bản"
MODES = {
    "hybrid": "Kết hợp (từ khóa + ngữ nghĩa)",
    "bm25": "Chỉ từ khóa (BM25)",
    "dense": "Chỉ ngữ nghĩa (vector)",
}
DEFAULT_TOP_K = 8


@dataclass(frozen=True)
class SearchSettings:
    """What the chat passes to ``Assistant.ask`` besides the question."""

    top_k: int = DEFAULT_TOP_K
    mode: str = "hybrid"
    filters: dict[str, object] = field(default_factory=dict)


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _multiselect(
    label: str, key: str, options: Sequence[object], format_func: Callable[[object], str] = str
) -> list:
    """A multiselect whose remembered choice drops options that left the index."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    return st.multiselect(label, options, key=key, format_func=format_func, placeholder="Tất cả")


def _filters(documents: Sequence[DocumentInfo]) -> dict[str, object]:
    metas = [d.meta for d in documents]
    titles = {m.source: _short(m.title or m.source) for m in metas}
    chosen = {
        "province": _multiselect(
            "Tỉnh", "filter_province", sorted({m.province for m in metas if m.province})
        ),
        "doc_type": _multiselect(
            "Loại văn bản", "filter_doc_type", sorted({m.doc_type for m in metas if m.doc_type})
        ),
        "year": _multiselect(
            "Năm", "filter_year", sorted({m.year for m in metas if m.year}, reverse=True)
        ),
        "source": _multiselect(
            "Văn bản", "filter_source", sorted(titles), lambda s: titles.get(str(s), str(s))
        ),
    }
    return {key: values for key, values in chosen.items() if values}


def status_html(status: IndexStatus) -> str:
    """Escaped summary of the open index for the sidebar."""
    lines = [
        f"{status.documents} văn bản · {status.chunks} đoạn",
        f"Mô hình: {status.model}",
        f"Cập nhật: {display_time(status.updated_at)}",
    ]
    items = "".join(f"<div>{escape_text(line)}</div>" for line in lines)
    return f'<div class="kq-meta">{items}</div>'


def render_sidebar(assistant: Assistant) -> tuple[str, SearchSettings]:
    """Draw the sidebar; return the chosen page and the search settings."""
    with st.sidebar:
        st.title("Trợ lý KH&CN")
        page = st.radio("Trang", [PAGE_CHAT, PAGE_DOCUMENTS], key="page", horizontal=True)
        st.subheader("Bộ lọc")
        filters = _filters(assistant.documents())
        top_k = st.slider("Số đoạn trích tối đa", 1, 20, DEFAULT_TOP_K, key="top_k")
        with st.expander("Nâng cao"):
            mode = st.radio("Cách tìm kiếm", list(MODES), format_func=MODES.__getitem__, key="mode")
        st.subheader("Chỉ mục")
        status = assistant.status()
        if status.warning:
            st.warning(status.warning)
        st.html(status_html(status))
    return page, SearchSettings(top_k=top_k, mode=mode, filters=filters)
