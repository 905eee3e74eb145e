"""Question grammar: answer type from the question word or the head noun of "X nào", anywhere."""

from __future__ import annotations

import pytest

from khcn_qa.answer.question import analyze_question
from khcn_qa.answer.types import answer_type, registered
from khcn_qa.lexicon import lexicon


@pytest.mark.parametrize(
    ("question", "kind", "head"),
    [
        ("Bộ phận nào chuẩn bị các nội dung phục vụ kiểm toán năm 2022?", "org", "bo phan"),
        ("Đơn vị nào thuộc Sở tổ chức thực hiện cuộc thi khởi nghiệp?", "org", "don vi"),
        ("phong nao lo tiep cong dan", "org", "phong"),
        ("Đề án này được phê duyệt theo quyết định nào?", "doc_ref", "quyet dinh"),
        ("Kế hoạch căn cứ văn bản nào của Bộ?", "doc_ref", "van ban"),
        ("Nhiệm vụ này thuộc nhóm hoạt động nào?", "name", "nhom hoat dong"),
        ("Hội thảo được tổ chức qua hình thức nào?", "name", "hinh thuc"),
        ("Mô hình được nhân rộng ở huyện nào?", "place", "huyen"),
        ("Đề án thực hiện trong giai đoạn nào?", "time", "giai doan"),
        ("Ngày Khoa học và Công nghệ Việt Nam là ngày nào?", "time", "ngay"),
        ("chuong trinh nay ket thuc nam nao", "time", "nam"),
    ],
)
def test_head_noun_of_x_nao_names_the_answer_type(question: str, kind: str, head: str) -> None:
    analysis = analyze_question(question)
    assert (analysis.answer_type, analysis.qword, analysis.head) == (kind, "x_nao", head)


@pytest.mark.parametrize(
    "question",
    [
        "Ai chủ trì nhiệm vụ truy xuất nguồn gốc?",
        "Nhiệm vụ truy xuất nguồn gốc do ai chủ trì?",
        "Việc triển khai truy xuất nguồn gốc do ai đảm nhận?",
        "nhiem vu truy xuat nguon goc giao cho ai",
    ],
)
def test_question_word_anywhere_asks_the_same(question: str) -> None:
    analysis = analyze_question(question)
    assert analysis.answer_type == "org" and analysis.role == "lead"
    assert {"truy", "xuat", "nguon", "goc"} <= set(analysis.topic)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Tháng 01/2022 Ninh Thuận kiểm định bao nhiêu phương tiện đo?", "number"),
        ("Có mấy vùng nông nghiệp công nghệ cao?", "number"),
        ("Kết luận 497-KL/TU ban hành tháng mấy?", "doc_info"),
        ("Khi nào hoàn thành?", "time"),
        ("bao gio trien khai", "time"),
        ("Các phòng báo cáo định kỳ bao lâu một lần?", "duration"),
        ("Trụ sở Sở ở đâu?", "place"),
        ("Vì sao phải cải cách thủ tục?", "reason"),
        ("Mục đích của kế hoạch là gì?", "open"),
        ("Kế hoạch gồm những nội dung gì?", "open"),
        ("Ông Nguyễn Văn An phụ trách gì?", "open"),
        ("Sở Y tế có chủ trì nhiệm vụ này không?", "yes_no"),
        ("so y te co chu tri nhiem vu nay khong", "yes_no"),
        ("Ai ký kế hoạch?", "signer"),
        ("Ai là Giám đốc Sở Khoa học và Công nghệ?", "person"),
        ("Ai phân công chỉ đạo nhiệm vụ này?", "person"),
        ("Kinh phí thực hiện là bao nhiêu?", "number"),
        ("Sản phẩm của nhiệm vụ do Chi cục chủ trì là gì?", "product"),
        ("Nghị quyết được thông qua tại kỳ họp thứ mấy?", "number"),
    ],
)
def test_question_words_and_leading_nouns(question: str, kind: str) -> None:
    assert analyze_question(question).answer_type == kind


def test_count_noun_is_what_bao_nhieu_counts() -> None:
    analysis = analyze_question("Tháng 01/2022 Ninh Thuận kiểm định bao nhiêu phương tiện đo?")
    assert analysis.count_noun == ("phuong", "tien", "do")
    assert analysis.months == ((1, "2022"),)
    assert analysis.provinces == ("Ninh Thuận",)


def test_accents_typed_keep_accented_cues_apart() -> None:
    # "phương tiện đo" folds to contain "tien do" (tiến độ, a time cue): not with accents typed.
    assert analyze_question("Số phương tiện đo được kiểm định là bao nhiêu?").answer_type == "number"
    # "đề án" keeps "đề" (folded it is the stop word "để").
    assert "de" in analyze_question("Đề án này theo quyết định nào?").topic
    # "kết quả đầu ra" is not "đâu" (where) once folded.
    assert analyze_question("ket qua dau ra cua nhiem vu 28").answer_type == "product"


def test_scope_constraints_are_read() -> None:
    analysis = analyze_question("Ông Trần Văn Minh phụ trách gì ở Sở KH&CN Long An năm 2026?")
    assert analysis.persons == ("Trần Văn Minh",)
    assert analysis.provinces == ("Long An",)
    assert analysis.years == ("2026",)
    coded = analyze_question("Nghị quyết 16/2021/NQ-HĐND quy định gì?")
    assert coded.codes == ("16/2021/nq-hđnd",) and coded.years == ()
    assert analyze_question("Ai là Thủ tướng Chính phủ?").off_domain == ("thu tuong",)
    assert analyze_question("???").empty


def test_every_answer_type_the_grammar_yields_has_a_table_entry() -> None:
    lex = lexicon()
    kinds = set(lex.question_words.values()) | set(lex.head_nouns.values()) | set(lex.leading_nouns.values())
    kinds |= {kind for kind, _ in lex.topic_cues}
    assert kinds - {"yes_no"} <= set(registered())
    with pytest.raises(ValueError, match="known:"):
        answer_type("colour")


def test_merged_provinces_are_aliases() -> None:
    lex = lexicon()
    assert lex.province_successor("Ninh Thuận") == "Khánh Hòa"
    assert lex.province_successor("Quảng Bình") == "Quảng Trị"
    assert lex.province_successor("Hà Nội") == "Hà Nội"
    assert len(set(lex.provinces.values())) == 34
