"""The polite frame around a question is taken off; the question's own words never are."""

from __future__ import annotations

import pytest

from khcn_qa.answer import analyze_question, compose_answer
from khcn_qa.answer.chatter import without_chatter
from khcn_qa.records import Chunk, DocumentMeta, Hit

HG = DocumentMeta(source="ha-giang-kh-2025.docx", doc_type="Kế hoạch", number="12/KH-SKHCN", date="2025-02-10", year=2025,
                  province="Hà Giang", issuer="Sở Khoa học và Công nghệ tỉnh Hà Giang",
                  title="Kế hoạch hoạt động khoa học và công nghệ năm 2025")


@pytest.mark.parametrize(("typed", "asked"), [
    ("Cho em hỏi, tỷ lệ chi cho KH&CN năm 2030 là bao nhiêu, để em ghi vào báo cáo ạ", "tỷ lệ chi cho KH&CN năm 2030 là bao nhiêu"),
    ("Em dang lap bang theo doi van ban: KH 88/KH-UBND de ngay may?", "KH 88/KH-UBND de ngay may?"),
    ("Anh ơi, ai chủ trì nhiệm vụ truy xuất nguồn gốc ạ?", "ai chủ trì nhiệm vụ truy xuất nguồn gốc?"),
    ("Xin hỏi: bao giờ hoàn thành đề án? Cảm ơn nhiều!", "bao giờ hoàn thành đề án?"),
])
def test_the_frame_comes_off(typed: str, asked: str) -> None:
    assert without_chatter(typed) == asked


@pytest.mark.parametrize("question", [
    "Kinh phí dùng để chi trả cho những việc gì?",  # "để chi trả" is content, not "để chị …"
    "Sở làm gì để nâng cao năng lực đổi mới sáng tạo?",
    "Kế hoạch có gửi Sở Tài chính không?",
    "cho em hỏi ạ",  # nothing would be left: kept as typed, and abstained on downstream
])
def test_the_question_itself_is_kept(question: str) -> None:
    assert without_chatter(question) == question


def test_a_framed_question_is_answered_as_surely_as_the_bare_one() -> None:
    """The frame's words ("em", "ghi", "báo cáo") are no topic a passage must cover."""
    text = Chunk(source=HG.source, ordinal=1, section=("I. MỤC TIÊU",),
                 text="- Phấn đấu đến năm 2030 tỷ lệ chi ngân sách địa phương cho khoa học và công nghệ đạt 2,5%.")
    hits = [Hit(chunk=text, meta=HG, score=0.9, rank=1, signals={})]
    bare = compose_answer("tỷ lệ chi ngân sách cho khoa học và công nghệ năm 2030 là bao nhiêu?", hits, abstain_below=0.0)
    framed = compose_answer("Cho em hỏi, tỷ lệ chi ngân sách cho khoa học và công nghệ năm 2030 là bao nhiêu, "
                            "để em ghi vào báo cáo tổng hợp ạ", hits, abstain_below=0.0)
    assert "2,5%" in framed.text and framed.confidence == pytest.approx(bare.confidence)
    assert "em" not in analyze_question("Cho em hỏi, ai chủ trì đề án, để em ghi vào sổ ạ").topic
