"""Parts of a document the question names by what they are, not by their words (round 9).

The plans are invented (Gia Lai, 2025 and 2026), laid out unlike the seeds: a
preamble of "Căn cứ" lines before the title's parts, a "Mục đích" part, and in
the 2025 plan a line about the next year's plan; beside it a report whose words
("ban hành … văn bản gồm") suit a grounds question better than the preamble does. The questions share few words
with the parts that answer them, or share them with the wrong part.
"""

from __future__ import annotations

import pytest

from khcn_qa.assistant import _GROUNDS_ASKED_RE, Assistant, _states_grounds
from khcn_qa.embedding.hashing import HashEmbedder
from khcn_qa.evaluation.metrics import answer_stated
from khcn_qa.index import builder
from khcn_qa.text.normalize import fold

PLAN_2025 = """UBND TỈNH GIA LAI
SỞ KHOA HỌC VÀ CÔNG NGHỆ
Số: 09/KH-SKHCN
Gia Lai, ngày 14 tháng 01 năm 2025

KẾ HOẠCH
Triển khai nhiệm vụ khoa học và công nghệ năm 2025

Căn cứ Nghị quyết số 27-NQ/TU ngày 05/12/2024 của Tỉnh ủy Gia Lai về phương hướng, nhiệm vụ năm 2025;
Căn cứ Quyết định số 730/QĐ-UBND ngày 20/12/2024 của UBND tỉnh giao dự toán ngân sách năm 2025;
Sở Khoa học và Công nghệ ban hành Kế hoạch triển khai nhiệm vụ năm 2025 như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Đưa khoa học và công nghệ thành động lực chính cho tăng trưởng cà phê và hồ tiêu của tỉnh.
2. Yêu cầu
Các phòng bám sát nhiệm vụ được giao.

II. NHIỆM VỤ CỤ THỂ
1. Phòng Kế hoạch - Tài chính
- Quản lý kinh phí sự nghiệp khoa học đúng mục đích, tiết kiệm, hiệu quả.
2. Văn phòng Sở
- Xây dựng Kế hoạch hoạt động khoa học và công nghệ năm 2026 theo hướng dẫn của Bộ Khoa học và Công nghệ.
- Tổng hợp báo cáo quý gửi UBND tỉnh.

GIÁM ĐỐC
Lê Văn Hòa
"""


REPORT_2025 = """UBND TỈNH GIA LAI
SỞ KHOA HỌC VÀ CÔNG NGHỆ
Số: 31/BC-SKHCN
Gia Lai, ngày 28 tháng 02 năm 2025

BÁO CÁO
Kết quả hoạt động khoa học và công nghệ tháng 02 năm 2025

I. KẾT QUẢ THỰC HIỆN
1. Công tác tham mưu văn bản
- Đã tham mưu ban hành 03 văn bản gồm: Quyết định số 112/QĐ-UBND ngày 10/02/2025; Kế hoạch số 45/KH-UBND ngày 12/02/2025 về ban hành kế hoạch chuyển đổi số; Công văn số 88/UBND-KT ngày 20/02/2025.

GIÁM ĐỐC
Lê Văn Hòa
"""


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    folder = tmp_path_factory.mktemp("document-parts")
    (folder / "docs").mkdir()
    (folder / "docs" / "gia-lai-kh-2025.txt").write_text(PLAN_2025, encoding="utf-8")
    (folder / "docs" / "gia-lai-bc-thang-02-2025.txt").write_text(REPORT_2025, encoding="utf-8")
    embedder = HashEmbedder(dim=64)
    builder.ingest(folder / "index", [folder / "docs"], embedder)
    return Assistant(folder / "index", embedder)


def test_grounds_of_a_task_are_not_the_documents_preamble() -> None:
    """"Căn cứ để lập danh mục đề tài" asks what a task rests on, said in the task's own passage."""
    assert not _GROUNDS_ASKED_RE.search(fold("Căn cứ để lập danh mục đề tài là gì?"))
    assert _GROUNDS_ASKED_RE.search(fold("Kế hoạch năm 2025 được ban hành dựa trên những căn cứ nào?"))


@pytest.mark.parametrize(
    "question",
    [
        "Những căn cứ để Sở ban hành kế hoạch triển khai nhiệm vụ năm 2025 gồm những văn bản gì?",
        "Can cu ban hanh ke hoach KH&CN 2025 cua So Gia Lai gom nhung van ban gi",
    ],
)
def test_a_documents_grounds_are_its_preamble(plans: Assistant, question: str) -> None:
    assert _GROUNDS_ASKED_RE.search(fold(question))
    preamble = [c for c in plans.searcher.chunks_of("gia-lai-kh-2025.txt") if _states_grounds(c)]
    assert preamble and all("Căn cứ" in c.text for c in preamble)
    answer = plans.ask(question, abstain_below=0.0)
    assert not answer.abstained and answer_stated(answer.text, ["27-NQ/TU", "730/QĐ-UBND"]), answer.text


def test_the_purpose_of_the_plan_is_its_own_part(plans: Assistant) -> None:
    """"Mục đích của Kế hoạch …" is the "1. Mục đích" part, not a task that spends "đúng mục đích"."""
    answer = plans.ask("Mục đích của Kế hoạch năm 2025 của Sở KH&CN Gia Lai là gì?", abstain_below=0.0)
    assert answer_stated(answer.text, ["động lực chính cho tăng trưởng cà phê"]), answer.text
    assert not answer_stated(answer.text, ["tiết kiệm"]), answer.text


def test_a_plan_named_in_another_plans_line(plans: Assistant) -> None:
    """The 2025 plan's line about the 2026 plan says how that plan is made, not when it is issued."""
    made = plans.ask("Kế hoạch hoạt động KH&CN năm 2026 được xây dựng theo hướng dẫn của cơ quan nào?", abstain_below=0.0)
    assert not made.abstained and answer_stated(made.text, ["Bộ Khoa học và Công nghệ"]), made.text
    issued = plans.ask("Kế hoạch hoạt động KH&CN năm 2026 của Sở được ban hành ngày nào?", abstain_below=0.0)
    assert issued.abstained, issued.text
