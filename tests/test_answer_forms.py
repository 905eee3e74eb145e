"""The question forms and failures that issue #9 quotes, pinned end to end on the seed index.

Each answer must *state* the value (outside any quote), cite the passage
holding it, and pass the citation check; near-misses must abstain and say why.
"""

from __future__ import annotations

import pytest

from khcn_qa import Assistant
from khcn_qa.answer import ABSTAIN_TEXT, check_citations
from khcn_qa.evaluation.metrics import answer_stated

NQ08 = "tay-ninh-ubnd-ke-hoach-thuc-hien-nq08-2023.txt"
TN2022 = "tay-ninh-skhcn-ke-hoach-2022.txt"
TN2024 = "tay-ninh-skhcn-ke-hoach-2024.txt"
QT2024 = "quang-tri-skhcn-ke-hoach-2024.txt"
NT2022 = "ninh-thuan-skhcn-bao-cao-thang-01-2022.txt"


@pytest.fixture(scope="module")
def assistant(seed_index) -> Assistant:
    return Assistant.open(seed_index)


STATED = [
    # The answer is the unit heading above the item, not the item restated.
    ("Bộ phận nào chuẩn bị các nội dung phục vụ kiểm toán năm 2022?", "Văn phòng Sở", TN2022),
    # The number attached to the noun asked about, in a sentence with several numbers.
    ("Tháng 01/2022 Ninh Thuận kiểm định bao nhiêu phương tiện đo?", "163 phương tiện đo", NT2022),
    ("Tháng 01/2022 Ninh Thuận kiểm định phương tiện đo của bao nhiêu cơ sở?", "50 cơ sở", NT2022),
    ("Đơn vị nào thuộc Sở tổ chức thực hiện cuộc thi khởi nghiệp đổi mới sáng tạo?", "Phòng Quản lý công nghệ", QT2024),
    ("Việc áp dụng ISO 9001:2015 ở Tây Ninh do ai đảm nhận?", "Chi cục Tiêu chuẩn Đo lường Chất lượng", TN2022),
    ("Đề án vùng sản xuất nông nghiệp ứng dụng công nghệ cao được phê duyệt theo quyết định nào?", "94/QĐ-UBND", NQ08),
    ("Ai được giao quản lý hệ thống truy xuất nguồn gốc?", "Chi cục tiêu chuẩn đo lường Chất lượng", NQ08),
    ("Ngày Khoa học và Công nghệ Việt Nam là ngày nào?", "18/5", TN2024),
    ("chi tieu TFP nam 2030 la bao nhieu", "45%", NQ08),
    # A cited document's date, its code typed without "đ" and without accents.
    ("quyet dinh 3399/QD-UBND giao du toan thu chi ngan sach nam 2022 ky ngay nao?", "10/12/2021", TN2022),
    # "những X nào" is answered by the whole list the sentence spells out.
    ("Quyết định 1364/QĐ-UBND phê duyệt đề án cải thiện những chỉ số nào?", "PAR INDEX", TN2024),
    # The document that replaces the one the question names, not the named one itself.
    ("Sở KH&CN Quảng Trị đề xuất văn bản nào thay thế Quyết định số 52/2016/QĐ-UBND?",
     "Quy định quản lý nhà nước về hoạt động sở hữu công nghiệp", QT2024),
    ("các phòng thuộc Sở KH&CN Quảng Trị báo cáo định kỳ mấy tháng một lần", "6 tháng", QT2024),
    ("pgd nao phu trach chi dao nhiem vu tang cuong ky luat, ky cuong hanh chinh", "Nguyễn Hữu Thắng", QT2024),
    # A plan's "Mục đích" part answers "nhằm mục đích gì" though it shares few words with the question.
    ("Kế hoạch KH&CN 2024 của Sở KH&CN Tây Ninh nhằm mục đích gì?", "Nâng cao trách nhiệm", TN2024),
    # Whether a report goes to a unit is read from its "Nơi nhận" list.
    ("Báo cáo tháng 1 của Ninh Thuận có gửi Cục Thống kê không?", "Có", NT2022),
]


def test_plural_question_names_every_unit_without_claiming_a_role(assistant):
    answer = assistant.ask("Giấy phép tiến hành công việc bức xạ được cấp cho những đơn vị nào trong tháng 01/2022?")
    assert answer_stated(answer.text, ["Trung tâm y tế huyện Ninh Hải"])
    assert answer_stated(answer.text, ["Phòng khám đa khoa Trí Đức"])
    assert "chủ trì" not in answer.text  # they receive the licence; nobody asked who leads


def test_replaced_document_is_not_the_answer(assistant):
    answer = assistant.ask("Sở KH&CN Quảng Trị tham mưu văn bản gì để thay thế Quyết định 11/2016/QĐ-UBND?")
    assert answer_stated(answer.text, ["Quy chế quản lý các nhiệm vụ KHCN cấp tỉnh"])
    assert "11/2016" not in answer.text


@pytest.mark.parametrize(("question", "value", "source"), STATED)
def test_answer_states_the_value_first(assistant, question, value, source):
    answer = assistant.ask(question)
    assert not answer.abstained, answer.text
    assert answer_stated(answer.text, [value]), answer.text
    assert answer.citations[0].hit.source == source
    assert check_citations(answer.text, answer.citations) == []


@pytest.mark.parametrize(
    ("question", "verdict", "value"),
    [
        ("Sở Y tế có chủ trì nhiệm vụ truy xuất nguồn gốc không?", "Không", "Chi cục tiêu chuẩn đo lường"),
        ("Chi cục Tiêu chuẩn Đo lường Chất lượng có thực hiện nhiệm vụ truy xuất nguồn gốc không?", "Có", "Chi cục"),
        # An asserted figure is compared with the one stated.
        ("Chỉ tiêu phương tiện đo được kiểm định, hiệu chuẩn đến năm 2025 có đạt 50.000 phương tiện đo không?", "Không", "39.000"),
        ("Mục tiêu đến năm 2025 có hình thành 09 vùng nông nghiệp ứng dụng công nghệ cao không?", "Có", "09 vùng"),
        # The passage denies the claim ("chưa có kết quả chính thức").
        ("Các đợt kiểm tra hàng đóng gói sẵn tháng 01/2022 ở Ninh Thuận đã có kết quả chính thức không?", "Không", "kiểm tra"),
        # The office itself is asserted in a role another unit holds.
        ("Việc triển khai Kế hoạch 2383/KH-UBND về doanh nghiệp công nghệ số có do Sở KH&CN chủ trì không?", "Không", ""),
    ],
)
def test_yes_no_opens_with_the_verdict_and_says_the_fact(assistant, question, verdict, value):
    answer = assistant.ask(question)
    assert answer.text.startswith(verdict + ",")
    assert value.lower() in answer.text.lower()


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Ai là Thủ tướng Chính phủ?", None),
        ("Giá vàng hôm nay bao nhiêu?", "ngoài nội dung"),
        ("Ai chủ trì nhiệm vụ truy xuất nguồn gốc của tỉnh Long An?", "Long An"),
        ("Mục tiêu đóng góp của TFP năm 2035 là bao nhiêu?", "2035"),
        ("Ông Trần Văn Minh phụ trách lĩnh vực nào ở Sở KH&CN Quảng Trị?", "Trần Văn Minh"),
        ("Tổng kinh phí thực hiện Kế hoạch 2502/KH-UBND là bao nhiêu tỷ đồng?", None),
        # A plan of a year the documents do not include.
        ("Kế hoạch năm 2021 của Sở KH&CN Tây Ninh giao Thanh tra Sở nhiệm vụ gì?", "năm 2021"),
        # Khánh Hòa absorbed Ninh Thuận in 2025; in January 2022 it was another province.
        ("Báo cáo tháng 01/2022 của Sở KH&CN Khánh Hòa do ai ký?", "Khánh Hòa"),
        # The plan names the Giám đốc's post, never the person; a PGĐ's name is not the answer.
        ("Giám đốc Sở KH&CN Quảng Trị tên là gì?", None),
        ("Số điện thoại của Sở KH&CN Tây Ninh là gì?", "ngoài nội dung"),
        ("Trung tâm KH&CN Tây Ninh hiện có bao nhiêu viên chức?", None),
    ],
)
def test_near_misses_abstain_and_say_why(assistant, question, reason):
    answer = assistant.ask(question)
    assert answer.abstained and answer.citations == ()
    assert answer.text.startswith(ABSTAIN_TEXT)
    if reason:
        assert reason in answer.text


@pytest.mark.parametrize("question", ["?", "...", "   "])
def test_empty_questions_abstain(assistant, question):
    answer = assistant.ask(question)
    assert answer.abstained and answer.citations == ()


def test_open_answer_is_whole_sentences_without_stray_punctuation(assistant):
    answer = assistant.ask("Mục đích của Kế hoạch thực hiện Nghị quyết 08-NQ/TU là gì?")
    assert not answer.abstained
    assert "”" not in answer.text and "“" not in answer.text
    assert not any(bad in answer.text for bad in (".” [", "..", " ,", ";."))
    body = answer.text.split(" [")[0]
    assert body[-1].isalnum() or body[-1] in ")%"
