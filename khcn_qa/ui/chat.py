"""The chat page: history, example questions, answers with citation cards, feedback.

History lives in ``st.session_state["messages"]`` as plain dicts holding the
``Answer`` record itself, so a rerun redraws every card without asking again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from khcn_qa.errors import KhcnQaError
from khcn_qa.records import Hit
from khcn_qa.ui import render
from khcn_qa.ui.session import feedback_store

if TYPE_CHECKING:
    from khcn_qa.assistant import Assistant
    from khcn_qa.ui.sidebar import SearchSettings

EXAMPLE_QUESTIONS = (
    "Ai chủ trì nhiệm vụ truy xuất nguồn gốc?",
    "Chỉ tiêu TFP năm 2030 là bao nhiêu?",
    "Khi nào hoàn thành kế hoạch đào tạo viên chức Trung tâm KH&CN?",
    "Ai ký kế hoạch năm 2024 của Sở KH&CN Quảng Trị?",
)
CHAT_PLACEHOLDER = "Đặt câu hỏi về các kế hoạch KH&CN…"
MODEL_LOADING_NOTE = (
    "Mô hình ngữ nghĩa đang được nạp: câu này được trả lời bằng tìm kiếm từ khóa (BM25); "
    "các câu sau sẽ dùng chế độ đã chọn."
)
MODEL_WAIT_S = 1.0  # a question asked just as the model finishes loading waits for it
MODEL_PREFETCH_DELAY_S = 2.0
"""Seconds after the first page run before the model starts loading: the browser draws the page first."""
CONTEXT_LABEL = "Xem toàn văn mục"
RATINGS = {1: "Hữu ích", -1: "Chưa đúng"}
RATING_HELP = {1: "Câu trả lời đúng và có ích", -1: "Câu trả lời sai hoặc thiếu"}
NEAREST_SHOWN = 3
NEAREST_CHARS = 220


def _messages() -> list[dict[str, Any]]:
    return st.session_state.setdefault("messages", [])


def _queue_question(question: str) -> None:
    st.session_state["pending_question"] = question


def _render_examples() -> None:
    st.markdown("#### Hỏi thử một câu")
    columns = st.columns(2)
    for index, question in enumerate(EXAMPLE_QUESTIONS):
        columns[index % 2].button(
            question,
            key=f"example-{index}",
            on_click=_queue_question,
            args=(question,),
            use_container_width=True,
        )


def _context_html(assistant: Assistant, hit: Hit, words: tuple[str, ...]) -> str:
    """The section around the passage when the backend knows it, else the passage alone."""
    section_context = getattr(assistant, "section_context", None)
    chunks = []
    if callable(section_context):
        try:
            chunks = list(section_context(hit.chunk.chunk_id))
        except (LookupError, KhcnQaError):
            chunks = []
    if chunks:
        return render.context_html(chunks, hit.chunk.chunk_id, words)
    return f'<div class="kq-passage">{render.highlight(hit.text, None, words)}</div>'


def _render_card(
    assistant: Assistant,
    message: dict[str, Any],
    hit: Hit,
    marker: int | None,
    span: tuple[int, int] | None,
) -> None:
    words = render.query_words(message["question"])
    st.html(render.card_html(hit, marker, span, words, nearest=marker is None))
    # Kept with the message: after a refresh the section still reads as when it was cited.
    contexts = message.setdefault("contexts", {})
    chunk_id = hit.chunk.chunk_id
    if chunk_id not in contexts:
        contexts[chunk_id] = _context_html(assistant, hit, words)
    with st.expander(CONTEXT_LABEL):
        st.html(contexts[chunk_id])


def _record_rating(assistant: Assistant, message: dict[str, Any], rating: int) -> None:
    store = feedback_store(assistant)
    if message.get("feedback_id"):
        store.update(message["feedback_id"], rating=rating)
    else:
        message["feedback_id"] = store.add(message["question"], message["answer"], rating)
    message["rating"] = rating
    st.toast("Đã ghi nhận đánh giá. Cảm ơn anh/chị!")


def _record_comment(assistant: Assistant, message: dict[str, Any], key: str) -> None:
    comment = (st.session_state.get(key) or "").strip()
    if not comment:
        return
    if not message.get("feedback_id"):
        st.session_state[f"{key}-hint"] = True
        return
    feedback_store(assistant).update(message["feedback_id"], comment=comment)
    st.session_state[f"{key}-hint"] = False
    st.toast("Đã lưu nhận xét.")


def _render_feedback(assistant: Assistant, message: dict[str, Any]) -> None:
    """Two labelled buttons, no emoji: screen readers read the words, every font shows them."""
    comment_key = f"comment-{message['id']}"
    columns = st.columns([1, 1, 5])
    for column, (rating, label) in zip(columns, RATINGS.items(), strict=False):
        column.button(
            label,
            key=f"rate-{message['id']}-{'up' if rating > 0 else 'down'}",
            on_click=_record_rating,
            args=(assistant, message, rating),
            type="primary" if message.get("rating") == rating else "secondary",
            help=RATING_HELP[rating],
        )
    with st.expander("Thêm nhận xét"):
        st.text_input("Nhận xét (không bắt buộc)", key=comment_key)
        st.button(
            "Gửi nhận xét",
            key=f"{comment_key}-send",
            on_click=_record_comment,
            args=(assistant, message, comment_key),
        )
        if st.session_state.get(f"{comment_key}-hint"):
            st.warning(f"Hãy chọn «{RATINGS[1]}» hoặc «{RATINGS[-1]}» trước khi gửi nhận xét.")


def _render_nearest(assistant: Assistant, message: dict[str, Any]) -> None:
    """The few nearest passages, compact and collapsed: they are not the answer."""
    nearest = message["answer"].nearest[:NEAREST_SHOWN]
    if not nearest:
        return
    words = render.query_words(message["question"])
    cards = "".join(render.card_html(h, None, None, words, nearest=True, max_chars=NEAREST_CHARS) for h in nearest)
    with st.expander(f"{render.NEAREST_LABEL} ({len(nearest)})", expanded=False):
        st.html(f'<div class="kq-nearest">{cards}</div>')


def render_answer(assistant: Assistant, message: dict[str, Any]) -> None:
    """Draw one assistant turn: answer, cited (or nearest) passages, feedback."""
    answer = message["answer"]
    if message.get("note"):
        st.caption(message["note"])
    st.html(render.answer_html(answer.text))
    if answer.abstained:
        _render_nearest(assistant, message)
    else:
        for citation in answer.citations:
            _render_card(assistant, message, citation.hit, citation.marker, citation.span)
    _render_feedback(assistant, message)


def _show_user(text: str) -> None:
    with st.chat_message("user"):
        st.html(f"<div>{render.escape_text(text)}</div>")


def _mode_now(assistant: Assistant, mode: str) -> str:
    """The chosen mode, or BM25 while the embedding model is still loading."""
    dense_ready = getattr(assistant, "dense_ready", None)
    if mode == "bm25" or not callable(dense_ready) or dense_ready(MODEL_WAIT_S):
        return mode
    return "bm25"


def _ask(assistant: Assistant, question: str, settings: SearchSettings) -> None:
    """Ask a new question under the current settings and draw the turn."""
    messages = _messages()
    _show_user(question)
    messages.append({"role": "user", "text": question})
    with st.chat_message("assistant"):
        try:
            with st.spinner("Đang tìm trong các văn bản…"):
                if assistant.refresh():
                    st.toast("Chỉ mục vừa được cập nhật, câu trả lời dùng dữ liệu mới.")
                mode = _mode_now(assistant, settings.mode)
                answer = assistant.ask(
                    question,
                    top_k=settings.top_k,
                    mode=mode,
                    filters=settings.filters or None,
                )
        except KhcnQaError as error:
            st.error(f"Không trả lời được: {error}")
            return
        message = {
            "role": "assistant",
            "id": len(messages),
            "question": question,
            "answer": answer,
            "feedback_id": None,
            "note": MODEL_LOADING_NOTE if mode != settings.mode else None,
        }
        messages.append(message)
        render_answer(assistant, message)


def render_chat(assistant: Assistant, settings: SearchSettings) -> None:
    """Draw the chat page; handle a typed question or a clicked example."""
    typed = st.chat_input(CHAT_PLACEHOLDER)
    question = (typed or st.session_state.pop("pending_question", None) or "").strip()
    messages = _messages()
    if not messages and not question:
        st.markdown(
            "Trợ lý trả lời từ các văn bản kế hoạch KH&CN đã nạp, kèm trích dẫn đoạn gốc. "
            "Khi không tìm thấy căn cứ, trợ lý sẽ nói rõ thay vì đoán."
        )
        _render_examples()
    for message in messages:
        if message["role"] == "user":
            _show_user(message["text"])
        else:
            with st.chat_message("assistant"):
                render_answer(assistant, message)
    if question:
        _ask(assistant, question, settings)
