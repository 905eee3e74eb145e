"""The Streamlit app driven headless with AppTest over the hash-embedded seed index.

Expected answers come from an ``Assistant`` opened on the same index in the
test process: these tests check that the page shows what the backend
returned (answer, cards, abstention, filters, uploads, escaping), not the
quality of the answers, which the eval suite measures.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import docx
from streamlit.testing.v1 import AppTest

from khcn_qa.embedding.hashing import HASH_MODEL
from khcn_qa.feedback import FeedbackStore
from khcn_qa.ui.render import LANG_SCRIPT, NEAREST_LABEL, answer_html

APP = Path(__file__).resolve().parent.parent / "app.py"
SEED_QUESTION = "Ai chủ trì nhiệm vụ truy xuất nguồn gốc?"
UNANSWERABLE = "Giá vé máy bay từ Hà Nội đi Paris tháng sau là bao nhiêu?"
_assistants: dict[Path, object] = {}


def backend(index: Path):
    """An Assistant in the test process on the same index, for expected values."""
    from khcn_qa import Assistant
    from khcn_qa.embedding import load_embedder

    if index not in _assistants:
        _assistants[index] = Assistant.open(index, embedder=load_embedder(HASH_MODEL))
    return _assistants[index]


def start(monkeypatch, index: Path, corpus: Path | None = None, *, fake: bool = True) -> AppTest:
    monkeypatch.setenv("KHCN_QA_INDEX", str(index))
    if fake:
        monkeypatch.setenv("KHCN_QA_EMBED_MODEL", HASH_MODEL)  # the page, not the model, is under test
    if corpus is not None:
        monkeypatch.setenv("KHCN_QA_CORPUS", str(corpus))
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def html_blocks(at: AppTest) -> list[str]:
    return [element.value for element in at.get("html")]


def cards(at: AppTest) -> list[str]:
    """Citation cards, and the compact nearest-passage cards inside their collapsed block."""
    found = []
    for block in html_blocks(at):
        if block.startswith('<div class="kq-card'):
            found.append(block)
        elif block.startswith('<div class="kq-nearest">'):
            marker = '<div class="kq-card kq-near">'
            found.extend(marker + part for part in block.split(marker)[1:])
    return found


def test_seed_question_shows_answer_and_citation_cards(monkeypatch, fake_seed_index):
    expected = backend(fake_seed_index).ask(SEED_QUESTION, top_k=8)
    assert not expected.abstained
    at = ask(start(monkeypatch, fake_seed_index), SEED_QUESTION)
    blocks = html_blocks(at)
    assert answer_html(expected.text) in blocks
    shown = cards(at)
    assert len(shown) == len(expected.citations)
    for card, citation in zip(shown, expected.citations, strict=True):
        assert f"[{citation.marker}]" in card
        assert html.escape(citation.hit.title) in card
        assert html.escape(citation.hit.meta.number or "chưa có số") in card
        if citation.span:
            assert '<mark class="kq-span">' in card
    assert all(exp.label == "Xem toàn văn mục" for exp in at.expander[: len(shown)])
    assert [b.label for b in at.button if b.key and b.key.startswith("rate-")] == ["Hữu ích", "Chưa đúng"]


def test_example_button_asks_its_question(monkeypatch, fake_seed_index):
    at = start(monkeypatch, fake_seed_index)
    assert at.button(key="example-0").label == SEED_QUESTION
    at.button(key="example-0").click().run()
    assert not at.exception
    assert "<div>" + html.escape(SEED_QUESTION) + "</div>" in html_blocks(at)
    assert cards(at)
    assert not [b for b in at.button if b.key and b.key.startswith("example-")]


def test_unanswerable_question_abstains_with_labelled_nearest(monkeypatch, fake_seed_index):
    expected = backend(fake_seed_index).ask(UNANSWERABLE, top_k=8)
    assert expected.abstained
    at = ask(start(monkeypatch, fake_seed_index), UNANSWERABLE)
    assert answer_html(expected.text) in html_blocks(at)
    assert len(cards(at)) == min(3, len(expected.nearest))  # compact: the nearest 2-3 only
    if expected.nearest:
        (box,) = [e for e in at.expander if e.label.startswith(NEAREST_LABEL)]
        (block,) = [b for b in html_blocks(at) if b.startswith('<div class="kq-nearest">')]
        assert block.count('<div class="kq-card kq-near">') == min(3, len(expected.nearest))
        assert "kq-marker" not in block and len(block) < 3 * 2500


def test_province_filter_changes_results(monkeypatch, seed_index):
    # Real model: which provinces the unfiltered hybrid answer cites depends on real vectors.
    question = "Đơn vị nào phụ trách áp dụng ISO 9001:2015 trong cơ quan hành chính?"  # answered from both provinces
    at = ask(start(monkeypatch, seed_index, fake=False), question)
    unfiltered = cards(at)
    provinces = at.multiselect(key="filter_province").options
    assert "Quảng Trị" in provinces and "Tây Ninh" in provinces
    at.multiselect(key="filter_province").set_value(["Quảng Trị"]).run()
    at = ask(at, question)
    filtered = cards(at)[len(unfiltered) :]
    assert filtered and filtered != unfiltered
    assert all("Tỉnh: Quảng Trị" in card for card in filtered)
    assert any("Tỉnh: Tây Ninh" in card for card in unfiltered)


def build_docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_upload_docx_is_ingested_and_answerable(monkeypatch, fresh_fake_index_copy, tmp_path):
    corpus = tmp_path / "corpus"
    at = start(monkeypatch, fresh_fake_index_copy, corpus)
    at.radio(key="page").set_value("Văn bản").run()
    before = len(at.dataframe[0].value)
    content = build_docx(
        [
            "UBND TỈNH TÂY NINH",
            "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            "KẾ HOẠCH",
            "Thử nghiệm hệ thống quan trắc độ mặn bằng cảm biến năm 2025",
            "1. Phòng Quản lý Công nghệ chủ trì lắp đặt 12 trạm quan trắc độ mặn tại huyện "
            "Châu Thành, hoàn thành trong quý III năm 2025.",
        ]
    )
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    at.file_uploader[0].set_value(("quan-trac-do-man.docx", content, mime)).run()
    next(b for b in at.button if b.label == "Nạp vào chỉ mục").click().run()
    assert not at.exception, at.exception
    assert (fresh_fake_index_copy / "documents" / "quan-trac-do-man.docx").read_bytes() == content
    assert not (corpus / "quan-trac-do-man.docx").exists()  # uploads belong to the index
    assert any("quan-trac-do-man" in s.value.replace("\\", "") for s in at.success)
    assert len(at.dataframe[0].value) == before + 1
    at.radio(key="page").set_value("Hỏi đáp").run()
    at = ask(at, "Ai chủ trì lắp đặt trạm quan trắc độ mặn?")
    assert any("quan-trac-do-man.docx" in card or "quan trắc độ mặn" in card for card in cards(at))


def test_document_markup_is_shown_as_text(monkeypatch, fresh_fake_index_copy, tmp_path):
    source = tmp_path / "canh-bao-ma-doc.txt"
    source.write_text(
        "KẾ HOẠCH\nKiểm tra an toàn thông tin năm 2025\n"
        "1. Trung tâm Tin học chủ trì kiểm tra mã độc <script>alert(1)</script> trên cổng "
        "thông tin, xem [liên kết](http://example.com) và **chữ đậm**.\n",
        encoding="utf-8",
    )
    report = backend(fresh_fake_index_copy).ingest([source])
    assert report.added == ["canh-bao-ma-doc.txt"]
    at = ask(start(monkeypatch, fresh_fake_index_copy), "Ai chủ trì kiểm tra mã độc trên cổng thông tin?")
    rendered = [b for b in html_blocks(at) if b != LANG_SCRIPT] + [m.value for m in at.markdown]
    assert any("&lt;script&gt;" in block for block in rendered)
    assert not any("<script>" in block for block in rendered)
    assert not any('href="http://example.com"' in block for block in rendered)


def test_feedback_is_stored_with_comment(monkeypatch, fresh_fake_index_copy):
    at = ask(start(monkeypatch, fresh_fake_index_copy), SEED_QUESTION)
    down = next(b for b in at.button if b.key and b.key.startswith("rate-") and b.key.endswith("-down"))
    assert down.label == "Chưa đúng"
    down.click().run()
    message_id = down.key.removeprefix("rate-").removesuffix("-down")
    at.text_input(key=f"comment-{message_id}").input("thiếu đơn vị phối hợp").run()
    at.button(key=f"comment-{message_id}-send").click().run()
    assert not at.exception, at.exception
    (row,) = FeedbackStore(fresh_fake_index_copy / "feedback.sqlite").rows()
    assert row["question"] == SEED_QUESTION and row["rating"] == -1
    assert row["comment"] == "thiếu đơn vị phối hợp" and row["citations"]


def test_sidebar_shows_index_status(monkeypatch, fake_seed_index):
    status = backend(fake_seed_index).status()
    at = start(monkeypatch, fake_seed_index)
    assert any(f"{status.documents} văn bản · {status.chunks} đoạn" in b for b in html_blocks(at))
    assert len(at.radio(key="mode").options) == 3


def test_bm25_answers_while_the_model_loads(monkeypatch, fake_seed_index):
    from khcn_qa.assistant import Assistant
    from khcn_qa.ui.chat import MODEL_LOADING_NOTE

    monkeypatch.setattr(Assistant, "dense_ready", lambda self, wait_s=0.0: False)
    at = ask(start(monkeypatch, fake_seed_index), SEED_QUESTION)
    assert MODEL_LOADING_NOTE in [c.value for c in at.caption]
    expected = backend(fake_seed_index).ask(SEED_QUESTION, top_k=8, mode="bm25")
    assert answer_html(expected.text) in html_blocks(at)
    monkeypatch.setattr(Assistant, "dense_ready", lambda self, wait_s=0.0: True)
    at = ask(at, UNANSWERABLE)  # the same page, no reload: the chosen mode again
    assert [c.value for c in at.caption].count(MODEL_LOADING_NOTE) == 1
