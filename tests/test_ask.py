"""End-to-end answers on the seed corpus: value and cited document checked for each kind."""

from __future__ import annotations

import pytest

from khcn_qa import Assistant
from khcn_qa.answer import check_citations
from khcn_qa.text.normalize import match_key

NQ08 = "tay-ninh-ubnd-ke-hoach-thuc-hien-nq08-2023.txt"
TN2022 = "tay-ninh-skhcn-ke-hoach-2022.txt"
QT2024 = "quang-tri-skhcn-ke-hoach-2024.txt"
NT2022 = "ninh-thuan-skhcn-bao-cao-thang-01-2022.txt"


@pytest.fixture(scope="module")
def assistant(seed_index) -> Assistant:
    return Assistant.open(seed_index)


CASES = [
    ("Ai chủ trì nhiệm vụ truy xuất nguồn gốc?", "Chi cục tiêu chuẩn đo lường Chất lượng", NQ08),
    ("ai chu tri nhiem vu truy xuat nguon goc", "Chi cục tiêu chuẩn đo lường Chất lượng", NQ08),
    ("Cơ quan nào phối hợp xây dựng chính sách hỗ trợ chương trình OCOP?", "các chủ thể OCOP", NQ08),
    ("Chỉ tiêu TFP năm 2030 là bao nhiêu?", "45%", NQ08),
    ("chi tieu TFP nam 2025 la bao nhieu", "40%", NQ08),
    ("Sản phẩm của nhiệm vụ phân bổ kinh phí thực hiện nhiệm vụ khoa học và công nghệ là gì?", "Quyết định UBND tỉnh", NQ08),
    ("Đơn vị nào chủ trì xây dựng, nâng cấp cơ sở vật chất, trang thiết bị kỹ thuật KH&CN ở Quảng Trị?", "Phòng Kế hoạch – Tài chính", QT2024),
    ("Ai ký báo cáo tháng 01 năm 2022 của Sở KH&CN Ninh Thuận?", "Nguyễn Tấn Quang", NT2022),
    ("Tháng 01/2022 Ninh Thuận kiểm định bao nhiêu phương tiện đo?", "163", NT2022),
]


@pytest.mark.parametrize(("question", "value", "source"), CASES)
def test_answer_value_and_cited_document(assistant, question, value, source):
    answer = assistant.ask(question)
    assert not answer.abstained, answer.text
    assert match_key(value) in match_key(answer.text)
    assert answer.citations[0].hit.source == source
    assert "[1]" in answer.text
    assert check_citations(answer.text, answer.citations) == []


def test_cross_document_answer_names_both_plans(assistant):
    answer = assistant.ask("Đơn vị nào chủ trì triển khai hệ thống truy xuất nguồn gốc?")
    cited = [c.hit.source for c in answer.citations]
    assert NQ08 in cited and TN2022 in cited
    assert "[1]" in answer.text and "[2]" in answer.text and "2022" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Giá vé máy bay từ Hà Nội đi Paris tháng sau là bao nhiêu?",
        "Sở KH&CN Bình Thuận có bao nhiêu nhiệm vụ KH&CN cấp tỉnh năm 2022?",
        "chi tieu TFP cua Tay Ninh nam 2035 la bao nhieu",
    ],
)
def test_unanswerable_questions_abstain_with_nearest_passages(assistant, question):
    answer = assistant.ask(question)
    assert answer.abstained and answer.citations == ()
    assert answer.text.startswith("Không tìm thấy thông tin này trong các văn bản đã nạp.")
    assert answer.nearest


def test_json_shape(assistant):
    data = assistant.ask("Chỉ tiêu TFP năm 2030 là bao nhiêu?").to_dict()
    assert set(data) >= {"answer", "abstained", "citations"}
    citation = data["citations"][0]
    assert {"source", "title", "number", "date", "section", "fields", "page", "text", "span"} <= set(citation)
    assert "45%" in citation["supporting_text"]


def test_date_of_a_document_the_plan_cites(assistant):
    answer = assistant.ask("Kế hoạch 5008/KH-UBND về phát triển thị trường khoa học và công nghệ ban hành ngày nào?")
    assert "30/12/2021" in answer.text
    assert "07/08/2023" not in answer.text  # not the citing plan's own date
    assert answer.citations[0].hit.source in {NQ08, TN2022}
