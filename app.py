"""Streamlit app for staff of Sở KH&CN: ask questions, read cited passages, manage documents.

Run with ``khcn-qa serve`` (or ``streamlit run app.py [-- --index DIR]``); the
index folder is the ``--index`` script argument, else ``$KHCN_QA_INDEX``
(default ``index/``). Everything below is
layout: the widgets live in ``khcn_qa.ui``, the work in ``khcn_qa.Assistant``.
"""

from __future__ import annotations

import sys

import streamlit as st

from khcn_qa.config import settings as read_settings
from khcn_qa.ui.chat import MODEL_PREFETCH_DELAY_S, render_chat
from khcn_qa.ui.documents import render_documents
from khcn_qa.ui.render import CSS, LANG_SCRIPT
from khcn_qa.ui.session import app_index_dir, assistant_or_stop
from khcn_qa.ui.sidebar import PAGE_DOCUMENTS, render_sidebar

st.set_page_config(page_title="Trợ lý hỏi đáp KH&CN", page_icon=":material/description:", layout="wide")
st.html(CSS)
st.html(LANG_SCRIPT, unsafe_allow_javascript=True)

assistant = assistant_or_stop(str(app_index_dir(sys.argv[1:], read_settings().index_dir)))
page, settings = render_sidebar(assistant)

if page == PAGE_DOCUMENTS:
    render_documents(assistant)
else:
    render_chat(assistant, settings)

# The model loads only once the page is drawn: on two cores, loading it during the first run
# (or while the browser draws the page) held the chat box back by seconds, and BM25 answers
# until it is there anyway.
assistant.prefetch_model(delay_s=MODEL_PREFETCH_DELAY_S)
