"""Numbered parts a question names ("mục II.11", "nhiệm vụ số 2 trong phụ lục") are found by structure.

The plan is invented (Bình Định, 2025), laid out unlike the seeds: body items
numbered 10-12 under a Roman heading, an appendix table numbered by STT. The
questions share few words with the parts they name, which is the point.
"""

from __future__ import annotations

import pytest

from khcn_qa.answer.parts import heading_number, numbered_part
from khcn_qa.assistant import Assistant
from khcn_qa.embedding.hashing import HashEmbedder
from khcn_qa.evaluation.metrics import answer_stated
from khcn_qa.index import builder
from khcn_qa.records import Chunk
from khcn_qa.text.normalize import fold

PLAN = """UBND TỈNH BÌNH ĐỊNH
SỞ KHOA HỌC VÀ CÔNG NGHỆ
Số: 15/KH-SKHCN
Bình Định, ngày 20 tháng 01 năm 2025

KẾ HOẠCH
Hoạt động khoa học và công nghệ năm 2025

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Triển khai đồng bộ các nhiệm vụ khoa học và công nghệ năm 2025 của Sở.
2. Yêu cầu
Xác định rõ nội dung công việc, thời hạn và trách nhiệm của từng phòng, đơn vị.
Các giải pháp, nhiệm vụ và nội dung công việc trong phụ lục do Văn phòng Sở đôn đốc; phần việc chậm tiến độ hoàn thành khi nào phải báo cáo Giám đốc, đơn vị nào chủ trì phải giải trình.

II. CÁC NHIỆM VỤ, GIẢI PHÁP
10. Phát triển thị trường khoa học và công nghệ
- Tổ chức chợ công nghệ và thiết bị vùng Nam Trung Bộ.
11. Nâng cao tiềm lực khoa học và công nghệ của tỉnh
- Đầu tư nâng cấp phòng thí nghiệm kiểm nghiệm thủy sản.
- Thu hút chuyên gia đầu ngành về làm việc tại các viện, trường.
12. Thông tin, thống kê khoa học và công nghệ
- Vận hành cổng thông tin khoa học và công nghệ của tỉnh.

PHỤ LỤC
NHIỆM VỤ CỤ THỂ NĂM 2025
STT\tNội dung công việc\tĐơn vị chủ trì\tThời gian hoàn thành
1\tXây dựng kế hoạch kiểm tra đo lường hàng đóng gói\tChi cục Tiêu chuẩn Đo lường Chất lượng\tQuý I/2025
2\tRà soát quy chế quản lý đề tài cấp tỉnh\tPhòng Quản lý khoa học\tQuý II/2025
3\tTổ chức Ngày hội khởi nghiệp đổi mới sáng tạo\tTrung tâm Ứng dụng tiến bộ khoa học và công nghệ\tTháng 9/2025

GIÁM ĐỐC
Trần Văn Minh
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    folder = tmp_path_factory.mktemp("parts")
    (folder / "docs").mkdir()
    (folder / "docs" / "binh-dinh-kh-2025.txt").write_text(PLAN, encoding="utf-8")
    embedder = HashEmbedder(dim=64)
    builder.ingest(folder / "index", [folder / "docs"], embedder)
    return Assistant(folder / "index", embedder)


@pytest.mark.parametrize(
    ("question", "path", "appendix"),
    [
        ("Mục II.11 đề ra những giải pháp gì?", ("ii", "11"), False),
        ("muc 4.2.1 giao So KH&CN xay dung nhung chuong trinh nao", ("4", "2", "1"), False),
        ("Nhiệm vụ số 14 trong phần nhiệm vụ, giải pháp gồm những nội dung gì?", ("14",), False),
        ("Nội dung công việc số 12 trong phụ lục bao gồm những mảng việc gì?", ("12",), True),
        ("Nhiệm vụ đổi mới công nghệ số (dòng 3.2) có sản phẩm là báo cáo không?", ("3", "2"), True),  # a row
    ],
)
def test_a_numbered_part_is_read_from_the_question(question: str, path: tuple[str, ...], appendix: bool) -> None:
    asked = numbered_part(fold(question))
    assert asked is not None and (asked.path, asked.in_appendix) == (path, appendix)


@pytest.mark.parametrize(
    "question",
    [
        "Chỉ tiêu nào được đặt mức 40% vào năm 2025?",  # a level, not a part
        "Phòng nào triển khai Chương trình hành động 71-CTr/TU?",  # a code
        "Nhiệm vụ nào thuộc mục III?",  # a Roman heading alone is too broad to move a passage
        "Nhiệm vụ năm 2025 gồm những gì?",
    ],
)
def test_levels_codes_and_years_name_no_part(question: str) -> None:
    assert numbered_part(fold(question)) is None


def test_heading_numbers_and_merged_levels() -> None:
    assert heading_number("II. CÁC NHIỆM VỤ, GIẢI PHÁP") == ("ii",)
    assert heading_number("2.1 Mục tiêu đến năm 2025") == ("2", "1")
    assert heading_number("Nơi nhận") == ()
    nested = Chunk(source="x.txt", ordinal=3, text="…", section=("2. Mục tiêu cụ thể", "2.1 Mục tiêu đến năm 2025"))
    asked = numbered_part(fold("Mục 2.1 đặt ra những mục tiêu gì?"))
    assert asked is not None and asked.holds(nested)


@pytest.mark.parametrize(
    ("question", "expected", "not_expected"),
    [
        ("Mục II.11 đề ra những giải pháp gì?", "phòng thí nghiệm kiểm nghiệm thủy sản", "chợ công nghệ"),
        ("Nhiệm vụ số 12 trong phần nhiệm vụ, giải pháp gồm những việc gì?", "cổng thông tin", "chuyên gia"),
        ("nhiem vu so 2 trong phu luc do don vi nao chu tri", "Phòng Quản lý khoa học", "Chi cục"),
        ("Nội dung công việc số 3 trong phụ lục hoàn thành khi nào?", "Tháng 9/2025", "Quý II/2025"),
    ],
)
def test_the_named_part_answers(plan: Assistant, question: str, expected: str, not_expected: str) -> None:
    answer = plan.ask(question, mode="bm25", abstain_below=0.0)
    assert answer_stated(answer.text, [expected]), answer.text
    assert not_expected.lower() not in answer.text.lower(), answer.text

