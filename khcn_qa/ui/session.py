"""Process-wide resources for the app: one Assistant and one feedback store per index.

``st.cache_resource`` keeps the embedding model and the index in memory for
the life of the Streamlit process, shared by every browser session. The
index opens without the model (BM25 answers at once); the app starts loading
the model in a background thread once its first page is drawn, and hybrid
answers start as soon as it is there.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from khcn_qa.errors import KhcnQaError
from khcn_qa.feedback import FeedbackStore, feedback_db_path

if TYPE_CHECKING:
    from khcn_qa.assistant import Assistant

WARMUP_QUERY = "kế hoạch khoa học và công nghệ"


@st.cache_resource(show_spinner="Đang nạp chỉ mục…")
def load_assistant(index_dir: str) -> Assistant:
    """Open the index once per process and warm BM25 (the app prefetches the model after drawing)."""
    from khcn_qa.assistant import Assistant

    assistant = Assistant.open(index_dir)
    assistant.search(WARMUP_QUERY, top_k=1, mode="bm25")
    return assistant


def app_index_dir(argv: list[str], default: Path) -> Path:
    """The folder after ``--index`` in the app's script arguments, else ``default``."""
    if "--index" in argv[:-1]:
        return Path(argv[argv.index("--index") + 1])
    return default


def assistant_or_stop(index_dir: str) -> Assistant:
    """The shared Assistant, or a clear Vietnamese error on the page and a stopped run."""
    try:
        return load_assistant(index_dir)
    except KhcnQaError as error:
        st.error(f"Không mở được chỉ mục «{index_dir}»: {error}")
        st.stop()
        raise  # unreachable: st.stop() ends the run


def feedback_store(assistant: Assistant) -> FeedbackStore:
    """The index's feedback store: the Assistant's own when it has one, else ``feedback.sqlite``."""
    store = getattr(assistant, "feedback_store", None)
    if isinstance(store, FeedbackStore):
        return store
    return _store_at(str(feedback_db_path(Path(assistant.status().index_dir))))


@st.cache_resource(show_spinner=False)
def _store_at(db_path: str) -> FeedbackStore:
    return FeedbackStore(Path(db_path))
