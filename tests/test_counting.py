"""Counting a document's parts: the number no sentence writes.

Invented layouts (a Bình Định plan with Roman-numbered parts and a Cà Mau
appendix table whose columns are named differently from the seeds), so the
groups are found by structure, not by one document's headings.
"""

from __future__ import annotations

from collections.abc import Sequence

from khcn_qa.answer import check_citations, compose_answer
from khcn_qa.answer.counting import groups_of
from khcn_qa.evaluation.metrics import answer_stated
from khcn_qa.records import Chunk, Citation, DocumentMeta, Hit

BD = DocumentMeta(source="binh-dinh-kh-2025.docx", doc_type="Kế hoạch", number="15/KH-SKHCN", year=2025,
                  province="Bình Định", issuer="Sở Khoa học và Công nghệ tỉnh Bình Định")

_TASKS = ("II. NHIỆM VỤ TRỌNG TÂM",)
_UNITS = ("III. TRÁCH NHIỆM THỰC HIỆN",)
_TABLE = ("PHỤ LỤC", "I. Danh mục nhiệm vụ năm 2025")


def _chunks() -> list[Chunk]:
    rows: list[Chunk] = []
    ordinal = 0

    def add(text: str, section: tuple[str, ...], **extra: object) -> None:
        nonlocal ordinal
        ordinal += 1
        rows.append(Chunk(source=BD.source, ordinal=ordinal, text=text, section=section, **extra))  # type: ignore[arg-type]

    add("Kế hoạch hoạt động khoa học và công nghệ năm 2025.", ())
    add("Các nhiệm vụ trọng tâm năm 2025 như sau:", _TASKS)  # the part's lead-in: not one of its items
    for n, title in enumerate(["Hoàn thiện cơ chế quản lý đề tài", "Phát triển thị trường công nghệ",
                               "Nâng cao năng lực đo lường", "Đẩy mạnh chuyển đổi số"], start=1):
        heading = f"{n}. {title}"
        add(f"{heading}\nTriển khai các nội dung theo kế hoạch.", (*_TASKS, heading))
        if n == 2:
            add("Tổ chức chợ công nghệ và thiết bị.", (*_TASKS, heading))  # one item over two passages
    for n, unit in enumerate(["Văn phòng Sở", "Phòng Quản lý khoa học", "Trung tâm Ứng dụng tiến bộ KH&CN"], start=1):
        add("Tổ chức thực hiện các nhiệm vụ được giao.", (*_UNITS, f"{n}. {unit}"), unit=unit)
    for n, (task, leader) in enumerate([("Xây dựng quy chế quỹ", "Giám đốc"), ("Hội thảo đổi mới sáng tạo", "PGĐ Trần Thị Lan"),
                                        ("Kiểm tra đo lường xăng dầu", "PGĐ Trần Thị Lan"), ("Số hóa hồ sơ", "Giám đốc")], start=1):
        add(f"STT {n}. {task}", _TABLE, kind="table_row", row_id=f"r{n}",
            fields={"Nội dung công việc": task, "Lãnh đạo chỉ đạo": leader, "Đơn vị thực hiện": "Văn phòng Sở"})
    return rows


CHUNKS = _chunks()


def _chunks_of(source: str) -> Sequence[Chunk]:
    return CHUNKS if source == BD.source else []


def _ask(question: str) -> str:
    # What search would return: the plan's title and one appendix row (which names PGĐ Trần Thị Lan).
    found = [Hit(CHUNKS[0], BD, 0.9, 1, {}), Hit(CHUNKS[-2], BD, 0.8, 2, {})]
    answer = compose_answer(question, found, abstain_below=0.0, chunks_of=_chunks_of)
    assert check_citations(answer.text, answer.citations) == [], answer.text
    return answer.text


def test_groups_are_headings_with_their_items() -> None:
    groups = {g.path: g for g in groups_of(CHUNKS)}
    assert len(groups[_TASKS].parts) == 4  # the lead-in is not an item, a two-passage item counts once
    assert len(groups[_UNITS].parts) == 3
    assert len(groups[_TABLE].parts) == 4 and groups[_TABLE].rows


def test_a_part_named_by_its_words_or_number_is_counted() -> None:
    answer = _ask("Phần nhiệm vụ trọng tâm của kế hoạch có mấy mục?")
    assert answer_stated(answer, ["4"]) and "Đếm được 4" in answer, answer
    assert "Đếm được 4" in _ask("Mục II của kế hoạch Bình Định gồm bao nhiêu nhiệm vụ?")
    assert "Đếm được 3" in _ask("trach nhiem thuc hien giao cho may phong, don vi?")


def test_rows_are_counted_by_the_leader_the_question_names() -> None:
    assert "Đếm được 2" in _ask("PGĐ Trần Thị Lan chỉ đạo mấy nhiệm vụ?")
    answer = _ask("Giám đốc trực tiếp chỉ đạo bao nhiêu nhiệm vụ trong phụ lục?")
    assert "Đếm được 2" in answer and "Xây dựng quy chế quỹ" in answer and "Hội thảo" not in answer, answer


def test_what_is_not_a_part_is_not_counted() -> None:
    """"bao nhiêu tỷ đồng", "mấy điểm": amounts no structure counts; the reader abstains."""
    for question in ("Kinh phí thực hiện nhiệm vụ trọng tâm là bao nhiêu tỷ đồng?", "Chỉ số PII đạt mấy điểm?"):
        assert "Đếm được" not in _ask(question), question


def test_a_count_must_match_the_parts_it_cites() -> None:
    one = Hit(CHUNKS[2], BD, 0.9, 1, {})
    two = Hit(CHUNKS[3], BD, 0.9, 1, {})
    cited = (Citation(1, one, None), Citation(2, two, None))
    assert check_citations("Đếm được 2 mục trong “II”: Hoàn thiện cơ chế; Phát triển thị trường [1][2].", cited) == []
    assert check_citations("Đếm được 3 mục trong “II”: Hoàn thiện cơ chế; Phát triển thị trường [1][2].", cited)
