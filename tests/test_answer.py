"""Answer stage: intent, extraction, citation checks, abstention and the optional LLM mode.

Passages are copied from the seed corpus (corpus/*.txt) so the patterns meet
real layout: PDF line breaks, ``<i>`` tags in cells, Quảng Trị's column names.
"""

from __future__ import annotations

import json
import socket
import threading
import unicodedata
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from khcn_qa.answer import (
    ABSTAIN_TEXT,
    DEFAULT_ABSTAIN_THRESHOLD,
    analyze_question,
    check_citations,
    classify_intent,
    compose_answer,
    find_span,
)
from khcn_qa.answer.llm import chat_url
from khcn_qa.answer.reader import ExtractiveReader
from khcn_qa.records import Chunk, Citation, DocumentMeta, Hit

# --- documents -------------------------------------------------------------

NQ08 = DocumentMeta(
    source="tay-ninh-ubnd-ke-hoach-thuc-hien-nq08-2023.txt",
    doc_type="Kế hoạch",
    number="2502/KH-UBND",
    date="2023-08-15",
    year=2023,
    issuer="Ủy ban nhân dân tỉnh Tây Ninh",
    province="Tây Ninh",
    title=(
        "Kế hoạch thực hiện Nghị quyết số 08-NQ/TU ngày 31/3/2023 của Tỉnh ủy Tây Ninh về Phát "
        "triển khoa học, công nghệ và đổi mới sáng tạo trên địa bàn tỉnh giai đoạn 2023-2030"
    ),
    signer="Võ Đức Trọng",
)
TN2022 = DocumentMeta(
    source="tay-ninh-skhcn-ke-hoach-2022.txt",
    doc_type="Kế hoạch",
    number=None,
    date="2022-02",
    year=2022,
    issuer="Sở Khoa học và Công nghệ tỉnh Tây Ninh",
    province="Tây Ninh",
    title="Kế hoạch triển khai nhiệm vụ khoa học và công nghệ năm 2022",
)
QT2024 = DocumentMeta(
    source="quang-tri-skhcn-ke-hoach-2024.txt",
    doc_type="Kế hoạch",
    year=2024,
    issuer="Sở Khoa học và Công nghệ tỉnh Quảng Trị",
    province="Quảng Trị",
    title="Kế hoạch thực hiện Chương trình hành động của UBND tỉnh năm 2024",
    signer="Nguyễn Hữu Thắng",
)

# --- passages --------------------------------------------------------------

ROW28_TEXT = (
    "28\tTriển khai Kế hoạch số 939/KH-UBND ngày 11/5/2020 của UBND tỉnh về triển khai, áp dụng "
    "và quản lý hệ thống truy xuất nguồn gốc trên địa bàn tỉnh Tây Ninh giai đoạn 2020-2025 và "
    "định hướng đến năm 2030\tSở Khoa học và Công nghệ (<i>Chi cục tiêu chuẩn đo lường Chất "
    "lượng</i>)\tCác sở, ban, ngành tỉnh; UBND huyện, thị xã, thành, các Hội, hiệp hội, liên minh "
    "HTX,....\tHằng năm\tBáo cáo"
)
ROW28 = Chunk(
    source=NQ08.source,
    ordinal=120,
    text=ROW28_TEXT,
    section=("PHỤ LỤC", "IV Chủ động đẩy mạnh hợp tác về khoa học, công nghệ và đổi mới sáng tạo"),
    fields={
        "TT": "28",
        "Nội dung nhiệm vụ": (
            "Triển khai Kế hoạch số 939/KH-UBND ngày 11/5/2020 của UBND tỉnh về triển khai, áp dụng "
            "và quản lý hệ thống truy xuất nguồn gốc trên địa bàn tỉnh Tây Ninh giai đoạn 2020-2025 "
            "và định hướng đến năm 2030"
        ),
        "Cơ quan chủ trì": "Sở Khoa học và Công nghệ (Chi cục tiêu chuẩn đo lường Chất lượng)",
        "Cơ quan phối hợp": (
            "Các sở, ban, ngành tỉnh; UBND huyện, thị xã, thành, các Hội, hiệp hội, liên minh HTX,...."
        ),
        "Thời gian thực hiện": "Hằng năm",
        "Sản phẩm": "Báo cáo",
    },
    kind="table_row",
    row_id="28",
)
CHICUC_TEXT = (
    "- Tham mưu UBND tỉnh trình HĐND tỉnh ban hành Nghị quyết “Quy \n\nđịnh nội dung và mức chi hỗ "
    "trợ doanh nghiệp tham gia Chương trình quốc gia \n\nhỗ trợ doanh nghiệp nâng cao năng suất và "
    "chất lượng sản phẩm, hàng hóa trên \n\nđịa bàn tỉnh Tây Ninh giai đoạn 2021-2025 và định hướng "
    "đến năm 2030”. \n\n- Tiếp tục triển khai: Kế hoạch xây dựng và áp dụng hệ thống quản lý chất \n\n"
    "lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015 vào hoạt động của các \n\ncơ quan, tổ chức "
    "thuộc hệ thống hành chính nhà nước trên địa bàn tỉnh theo \n\nQuyết định số 545/QĐ-UBND ngày "
    "05/3/2019 và Quyết định số 2274/QĐ-\n\nUBND ngày 18/10/2019 của UBND tỉnh Tây Ninh; Kế hoạch số "
    "939/KH-\n\nUBND ngày 11/5/2020 của UBND tỉnh về triển khai, áp dụng và quản lý hệ \n\nthống "
    "truy xuất nguồn gốc trên địa bàn tỉnh Tây Ninh giai đoạn 2020-2025 và \n\nđịnh hướng đến năm "
    "2030; Kế hoạch số 2828/KH-UBND ngày 13/11/2020 của \n\nUBND tỉnh về thực hiện Quyết định số "
    "996/QĐ-TTg ngày 10/8/2018 của \n\nThủ tướng Chính phủ về phê duyệt Đề án “Tăng cường, đổi mới "
    "hoạt động \n\nđo lường hỗ trợ doanh nghiệp Việt Nam nâng cao năng lực cạnh tranh và hội \n\n"
    "nhập quốc tế giai đoạn đến năm 2025, định hướng đến năm 2030”. \n\n- Tổ chức triển khai hoạt "
    "động Khối Thi đua các phòng, đơn vị năm 2022."
)
CHICUC = Chunk(
    source=TN2022.source,
    ordinal=31,
    text=CHICUC_TEXT,
    section=("5. Chi cục Tiêu chuẩn Đo lường Chất lượng",),
    unit="Chi cục Tiêu chuẩn Đo lường Chất lượng",
)
TRUNGTAM = Chunk(
    source=TN2022.source,
    ordinal=32,
    text=(
        "- Đẩy mạnh ứng dụng và chuyển giao các tiến bộ KH&CN, các kết quả \n\nnghiên cứu vào sản "
        "xuất đời sống. \n\n- Xây dựng kế hoạch triển khai có hiệu quả Trại Thực nghiệm Khoa học \n\n"
        "và Công nghệ (hoàn thành trong tháng 02/2022). Trong đó:"
    ),
    section=("6. Trung tâm Khoa học và Công nghệ",),
    unit="Trung tâm Khoa học và Công nghệ",
)
TFP_2025 = Chunk(
    source=NQ08.source,
    ordinal=9,
    text=(
        "- Đóng góp của KH,CN&ĐMST vào tăng trưởng kinh tế thể hiện qua đóng góp của năng suất nhân "
        "tố tổng hợp (TFP) vào tăng trưởng kinh tế đạt mức 40%.\n\n- Phần đầu đạt 1,5% tổng chi "
        "ngân sách của địa phương vào năm 2025, tăng dần mức đầu tư từ ngân sách nhà nước cho các "
        "hoạt động KH,CN&ĐMST.\n\n- Hình thành 09 vùng nông nghiệp ứng dụng công nghệ cao."
    ),
    section=("II. MỤC TIÊU", "2. Mục tiêu cụ thể", "2.1 Mục tiêu đến năm 2025"),
)
TFP_2030 = Chunk(
    source=NQ08.source,
    ordinal=10,
    text=(
        "- Đóng góp của KH,CN&ĐMST vào tăng trưởng kinh tế thể hiện qua đóng góp của năng suất nhân "
        "tố tổng hợp (TFP) vào tăng trưởng kinh tế ở mức 45%.\n\n- Phần đầu đạt 2% tổng chi ngân "
        "sách của địa phương vào năm 2030 cho các hoạt động KH,CN&ĐMST.\n\n- Hình thành 20 vùng "
        "nông nghiệp ứng dụng công nghệ cao."
    ),
    section=("II. MỤC TIÊU", "2. Mục tiêu cụ thể", "2.2 Mục tiêu đến năm 2030"),
)
QT_ROW = Chunk(
    source=QT2024.source,
    ordinal=58,
    text=(
        "2 Đánh giá kết quả triển \n\nkhai thực hiện Kế hoạch  \n\nBan Giám \n\nđốc \n\nVăn phòng "
        "Các phòng, \n\nđơn vị thuộc \n\nSở \n\nBáo cáo Định kỳ 6 \n\ntháng (trước \n\nngày 20/5) và "
        "\n\nnăm (trước \n\nngày  \n\n20/11/2022)."
    ),
    section=("PHỤ LỤC", "I Chỉ đạo, điều hành triển khai Kế hoạch"),
    fields={
        "TT": "2",
        "NỘI DUNG CÔNG VIỆC": "Đánh giá kết quả triển khai thực hiện Kế hoạch",
        "PHÂN CÔNG CHỈ ĐẠO": "Ban Giám đốc",
        "Đ.VỊ CHỦ TRÌ THỰC HIỆN": "Văn phòng",
        "Đ.VỊ PHỐI HỢP THỰC HIỆN": "Các phòng, đơn vị thuộc Sở",
        "MỤC TIÊU/KẾT QUẢ ĐẠT ĐƯỢC": "Báo cáo",
        "THỜI GIAN THỰC HIỆN": "Định kỳ 6 tháng (trước ngày 20/5) và năm (trước ngày 20/11/2022).",
    },
    kind="table_row",
    row_id="2",
)
NQ08_SIGNATURE = Chunk(
    source=NQ08.source,
    ordinal=80,
    text="TM. ỦY BAN NHÂN DÂN\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nVõ Đức Trọng",
    section=("Nơi nhận",),
)


def hit(chunk: Chunk, meta: DocumentMeta, score: float, rank: int = 1, **signals: float) -> Hit:
    return Hit(chunk=chunk, meta=meta, score=score, rank=rank, signals=signals)


def cited_text(citation: Citation) -> str:
    assert citation.span is not None
    start, end = citation.span
    return citation.hit.text[start:end]


# --- intent ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Ai chủ trì nhiệm vụ truy xuất nguồn gốc?", "who_lead"),
        ("ai chu tri nhiem vu truy xuat nguon goc", "who_lead"),
        ("Đơn vị nào thực hiện kế hoạch truy xuất nguồn gốc?", "who_lead"),
        ("co quan nao phu trach de an vung nong nghiep cong nghe cao", "who_lead"),
        ("Cơ quan nào phối hợp triển khai Kế hoạch 939?", "who_coordinate"),
        ("don vi phoi hop thuc hien nhiem vu 28", "who_coordinate"),
        ("Khi nào hoàn thành kế hoạch Trại Thực nghiệm?", "when"),
        ("thoi han bao cao danh gia ket qua trien khai ke hoach", "when"),
        ("Mục tiêu TFP đến năm 2030 là bao nhiêu?", "how_many"),
        ("ty le dong gop cua TFP nam 2030", "how_many"),
        ("Có mấy vùng nông nghiệp ứng dụng công nghệ cao?", "how_many"),
        ("Sản phẩm của nhiệm vụ truy xuất nguồn gốc là gì?", "product"),
        ("ket qua dau ra cua nhiem vu 28", "product"),
        ("Ai ký Kế hoạch thực hiện Nghị quyết 08?", "signer"),
        ("nguoi ky bao cao thang 01 nam 2022", "signer"),
        ("Số hiệu của kế hoạch thực hiện Nghị quyết 08 là gì?", "doc_info"),
        ("ngay ban hanh ke hoach khcn 2024 cua quang tri", "doc_info"),
        ("Nội dung của Kế hoạch số 939/KH-UBND là gì?", "about"),
        ("muc dich cua ke hoach thuc hien nghi quyet 08", "about"),
        ("Hệ thống truy xuất nguồn gốc tỉnh Tây Ninh", "about"),
        ("ung dung AI trong nong nghiep", "about"),
    ],
)
def test_intent_accented_and_unaccented(question: str, intent: str) -> None:
    assert classify_intent(question) == intent


def test_ambiguous_cue_needs_its_accent_when_the_user_typed_accents() -> None:
    # "máy" (machine) folds to "may" like "mấy" (how many); with accents typed it is not a count.
    assert classify_intent("Trang bị máy móc cho phòng thí nghiệm") == "about"
    assert classify_intent("co may vung nong nghiep cong nghe cao") == "how_many"


def test_topic_words_drop_intent_cues_and_stop_words() -> None:
    analysis = analyze_question("ai chu tri nhiem vu truy xuat nguon goc")
    assert analysis.topic == ("nhiem", "vu", "truy", "xuat", "nguon", "goc")
    accented = analyze_question("Ai chủ trì nhiệm vụ truy xuất nguồn gốc?")
    assert accented.topic == analysis.topic
    assert ("truy", "xuat") in accented.topic_bigrams
    assert analyze_question("Mục tiêu TFP đến năm 2030 là bao nhiêu?").years == ("2030",)


# --- extraction ------------------------------------------------------------


def test_who_lead_from_table_row() -> None:
    hits = [hit(ROW28, NQ08, 0.9, 1), hit(TFP_2030, NQ08, 0.5, 2)]
    answer = compose_answer("ai chu tri nhiem vu truy xuat nguon goc", hits)
    assert not answer.abstained
    assert answer.intent == "who_lead"
    assert answer.text == (
        "Sở Khoa học và Công nghệ (Chi cục tiêu chuẩn đo lường Chất lượng) chủ trì thực hiện [1]."
    )
    (citation,) = answer.citations
    assert citation.hit.chunk is ROW28
    # The span indexes the original text, <i> tags included.
    assert cited_text(citation).startswith("Sở Khoa học và Công nghệ (<i>Chi cục")
    assert check_citations(answer.text, answer.citations) == []


def test_who_lead_from_unit_heading() -> None:
    hits = [hit(CHICUC, TN2022, 0.8, 1), hit(TRUNGTAM, TN2022, 0.6, 2)]
    answer = compose_answer("Đơn vị nào thực hiện kế hoạch truy xuất nguồn gốc?", hits)
    assert answer.text == "Chi cục Tiêu chuẩn Đo lường Chất lượng thực hiện [1]."
    (citation,) = answer.citations
    assert citation.hit.chunk is CHICUC
    assert "truy xuất nguồn gốc" in " ".join(cited_text(citation).split())


def test_when_from_quang_tri_row_with_other_column_names() -> None:
    hits = [hit(QT_ROW, QT2024, 0.7, 1), hit(TFP_2025, NQ08, 0.4, 2)]
    answer = compose_answer("Khi nao phai bao cao danh gia ket qua trien khai thuc hien ke hoach?", hits)
    assert answer.intent == "when"
    assert answer.text.startswith("Thời gian: Định kỳ 6 tháng (trước ngày 20/5)")
    assert answer.citations[0].hit.chunk is QT_ROW
    assert check_citations(answer.text, answer.citations) == []


def test_quang_tri_lead_column_is_not_the_supervising_column() -> None:
    answer = compose_answer("Ai chủ trì đánh giá kết quả triển khai Kế hoạch?", [hit(QT_ROW, QT2024, 0.7)])
    assert answer.text == "Văn phòng chủ trì thực hiện [1]."


def test_when_from_a_deadline_in_prose() -> None:
    hits = [hit(TRUNGTAM, TN2022, 0.8, 1), hit(CHICUC, TN2022, 0.5, 2)]
    answer = compose_answer("Khi nào hoàn thành kế hoạch triển khai Trại Thực nghiệm?", hits)
    assert answer.text == "Thời gian: hoàn thành trong tháng 02/2022 [1]."
    assert answer.citations[0].hit.chunk is TRUNGTAM
    assert check_citations(answer.text, answer.citations) == []


@pytest.mark.parametrize(
    "question",
    [
        "Mục tiêu đóng góp của TFP vào tăng trưởng kinh tế đến năm 2030 là bao nhiêu?",
        "dong gop cua TFP vao tang truong kinh te den nam 2030 la bao nhieu",
    ],
)
def test_how_many_picks_the_2030_target_not_the_2025_one(question: str) -> None:
    # The retriever ranks the 2025 bullets first; the year in the question must win.
    hits = [hit(TFP_2025, NQ08, 0.92, 1), hit(TFP_2030, NQ08, 0.90, 2)]
    answer = compose_answer(question, hits)
    assert answer.intent == "how_many"
    assert answer.text.startswith("45%")
    assert "40%" not in answer.text
    assert answer.citations[0].hit.chunk is TFP_2030
    assert cited_text(answer.citations[0]).endswith("ở mức 45%.")


def test_product_from_table_row() -> None:
    hits = [hit(ROW28, NQ08, 0.9, 1), hit(CHICUC, TN2022, 0.7, 2)]
    answer = compose_answer("San pham cua nhiem vu truy xuat nguon goc la gi?", hits)
    assert answer.intent == "product"
    assert answer.text == "Sản phẩm: Báo cáo [1]."


def test_signer_from_document_metadata() -> None:
    hits = [hit(NQ08_SIGNATURE, NQ08, 0.6, 1), hit(QT_ROW, QT2024, 0.5, 2)]
    answer = compose_answer("Ai ký Kế hoạch thực hiện Nghị quyết 08?", hits)
    assert answer.intent == "signer"
    assert answer.text.startswith("Theo Kế hoạch 2502/KH-UBND (2023): người ký là Võ Đức Trọng")
    assert cited_text(answer.citations[0]) == "Võ Đức Trọng"
    # A signer question names one document even when several match equally.
    vague = compose_answer("Ai ký?", [hit(TFP_2030, NQ08, 0.5), hit(QT_ROW, QT2024, 0.5)])
    assert not vague.abstained and len(vague.citations) == 1


def test_doc_info_from_document_metadata() -> None:
    answer = compose_answer("So hieu cua ke hoach thuc hien nghi quyet 08", [hit(TFP_2030, NQ08, 0.8)])
    assert answer.text == (
        "Theo Kế hoạch 2502/KH-UBND (2023): số hiệu 2502/KH-UBND; ngày ban hành 15/08/2023; "
        "cơ quan ban hành Ủy ban nhân dân tỉnh Tây Ninh [1]."
    )


def test_cross_document_answer_names_both_documents() -> None:
    hits = [
        hit(ROW28, NQ08, 0.031, 1, dense=0.87, bm25=14.0),
        hit(CHICUC, TN2022, 0.030, 2, dense=0.86, bm25=12.0),
        hit(TFP_2030, NQ08, 0.016, 3, dense=0.81, bm25=1.0),
    ]
    answer = compose_answer("ai chu tri trien khai he thong truy xuat nguon goc", hits)
    assert answer.text == (
        "Theo Kế hoạch 2502/KH-UBND (2023): Sở Khoa học và Công nghệ (Chi cục tiêu chuẩn đo lường "
        "Chất lượng) chủ trì thực hiện [1]. Theo Kế hoạch năm 2022 của Sở Khoa học và Công nghệ tỉnh Tây "
        "Ninh: Chi cục Tiêu chuẩn Đo lường Chất lượng thực hiện [2]."
    )
    assert [c.hit.source for c in answer.citations] == [NQ08.source, TN2022.source]
    assert check_citations(answer.text, answer.citations) == []


def test_weakly_related_document_is_not_merged() -> None:
    hits = [hit(ROW28, NQ08, 0.031, 1), hit(TRUNGTAM, TN2022, 0.030, 2)]
    answer = compose_answer("ai chu tri trien khai he thong truy xuat nguon goc", hits)
    assert [c.marker for c in answer.citations] == [1]


def test_question_naming_a_province_keeps_other_provinces_out() -> None:
    # The same bullet filed under a Quảng Trị document matches the topic just as well.
    hits = [hit(ROW28, NQ08, 0.031, 1), hit(CHICUC, QT2024, 0.030, 2)]
    both = compose_answer("ai chu tri trien khai he thong truy xuat nguon goc", hits)
    assert [c.marker for c in both.citations] == [1, 2]
    named = compose_answer("ai chu tri trien khai he thong truy xuat nguon goc o Tay Ninh", hits)
    assert [c.hit.meta.province for c in named.citations] == ["Tây Ninh"]


# --- abstention and confidence ----------------------------------------------


def test_abstains_on_weak_evidence_and_keeps_nearest() -> None:
    hits = [
        hit(ROW28, NQ08, 0.02, 1, dense=0.81, bm25=2.0),
        hit(TFP_2030, NQ08, 0.01, 2, dense=0.80, bm25=1.5),
    ]
    question = "Ai chủ trì dự án điện hạt nhân?"
    answer = compose_answer(question, hits)
    assert answer.abstained
    assert answer.text == ABSTAIN_TEXT
    assert answer.citations == ()
    assert answer.nearest == tuple(hits)
    assert answer.confidence < DEFAULT_ABSTAIN_THRESHOLD
    # The threshold is what decides: with none, the same evidence yields an answer.
    assert not compose_answer(question, hits, abstain_below=0.0).abstained


def test_no_hits_abstains() -> None:
    answer = compose_answer("ai chu tri nhiem vu truy xuat nguon goc", [])
    assert answer.abstained and answer.confidence == 0.0 and answer.nearest == ()


def test_confidence_rises_with_topic_coverage() -> None:
    # The same row answers a question about its own task better than one about another task.
    on_topic = compose_answer("ai chu tri nhiem vu truy xuat nguon goc", [hit(ROW28, NQ08, 0.9)])
    off_topic = compose_answer(
        "ai chu tri nhiem vu ho tro doanh nghiep khoi nghiep", [hit(ROW28, NQ08, 0.9)], abstain_below=0
    )
    assert 0.0 <= off_topic.confidence < on_topic.confidence <= 1.0
    assert on_topic.confidence > DEFAULT_ABSTAIN_THRESHOLD
    assert not on_topic.abstained


# --- citation checks -------------------------------------------------------


def test_check_citations_catches_a_wrong_marker() -> None:
    citations = (
        Citation(1, hit(TFP_2030, NQ08, 0.9)),
        Citation(2, hit(QT_ROW, QT2024, 0.5)),
    )
    good = "Mục tiêu đến năm 2030 ở mức 45% [1]. Văn phòng chủ trì [2]."
    assert check_citations(good, citations) == []
    wrong = (
        "Mục tiêu đến năm 2030 ở mức 45% [1]. Sở Khoa học và Công nghệ (Chi cục tiêu chuẩn đo lường "
        "Chất lượng) chủ trì [2]."
    )
    problems = check_citations(wrong, citations)
    assert problems and all(p.startswith("[2]") for p in problems)
    assert any("Chi cục" in p for p in problems)
    swapped = "Mục tiêu đến năm 2030 ở mức 45% [2]."
    assert any("45%" in p for p in check_citations(swapped, citations))
    assert check_citations("Văn phòng chủ trì [3].", citations) == ["[3] không có trích dẫn tương ứng"]


def test_find_span_uses_original_offsets() -> None:
    text = unicodedata.normalize("NFD", "5.  Chi cục Tiêu chuẩn\n\nĐo lường  Chất lượng thực hiện")
    span = find_span(text, "Chi cục Tiêu chuẩn Đo lường Chất lượng")
    assert span is not None
    assert unicodedata.normalize("NFC", text[span[0] : span[1]]).startswith("Chi cục")
    assert unicodedata.normalize("NFC", text[span[1] :]).strip() == "thực hiện"
    assert find_span(text, "Chi cực Tiêu chuẩn") is None  # another word, not a spelling variant
    assert find_span("đạt mức 45%.", "45%") == (8, 11)
    assert find_span("đạt mức 145%.", "45%") is None


# --- LLM mode --------------------------------------------------------------


class _FakeChat:
    """A tiny OpenAI-compatible server returning a canned reply and recording requests."""

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.requests: list[dict[str, object]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                fake.requests.append({"path": self.path, "json": json.loads(body)})
                data = json.dumps(
                    {"choices": [{"message": {"role": "assistant", "content": fake.reply}}]}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def fake_chat() -> Iterator[_FakeChat]:
    chat = _FakeChat("")
    chat.thread.start()
    yield chat
    chat.server.shutdown()
    chat.server.server_close()


LLM_QUESTION = "Ai chủ trì nhiệm vụ truy xuất nguồn gốc?"


def llm_hits() -> list[Hit]:
    return [hit(ROW28, NQ08, 0.9, 1), hit(TFP_2030, NQ08, 0.4, 2)]


def test_llm_good_reply_keeps_markers(fake_chat: _FakeChat) -> None:
    fake_chat.reply = (
        "Nhiệm vụ triển khai hệ thống truy xuất nguồn gốc do Sở Khoa học và Công nghệ (Chi cục tiêu "
        "chuẩn đo lường Chất lượng) chủ trì [1]."
    )
    answer = compose_answer(LLM_QUESTION, llm_hits(), llm_url=fake_chat.url + "/v1")
    assert answer.text == fake_chat.reply
    assert answer.citations[0].hit.chunk is ROW28
    request = fake_chat.requests[0]
    assert request["path"] == "/v1/chat/completions"
    messages = request["json"]["messages"]  # type: ignore[index]
    assert "[1]" in messages[1]["content"] and "truy xuất nguồn gốc" in messages[1]["content"]
    assert check_citations(answer.text, answer.citations) == []


def test_llm_wrong_marker_is_dropped(fake_chat: _FakeChat) -> None:
    # The second sentence's 45% is in passage 2, not in passage 1 that it cites.
    fake_chat.reply = (
        "Nhiệm vụ này do Sở Khoa học và Công nghệ (Chi cục tiêu chuẩn đo lường Chất lượng) chủ trì "
        "[1]. Mục tiêu đóng góp của TFP là 45% [1]."
    )
    answer = compose_answer(LLM_QUESTION, llm_hits(), llm_url=fake_chat.url)
    assert answer.text == (
        "Nhiệm vụ này do Sở Khoa học và Công nghệ (Chi cục tiêu chuẩn đo lường Chất lượng) chủ trì [1]."
    )
    assert [c.marker for c in answer.citations] == [1]


def test_llm_reply_with_only_wrong_markers_falls_back_to_extraction(fake_chat: _FakeChat) -> None:
    fake_chat.reply = "Chi cục Quản lý Thị trường chủ trì nhiệm vụ này [2]."
    answer = compose_answer(LLM_QUESTION, llm_hits(), llm_url=fake_chat.url)
    assert len(fake_chat.requests) == 1
    assert answer.text == compose_answer(LLM_QUESTION, llm_hits()).text
    assert "Quản lý Thị trường" not in answer.text


def test_llm_server_down_falls_back_to_extraction() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    answer = compose_answer(LLM_QUESTION, llm_hits(), llm_url=f"http://127.0.0.1:{port}")
    assert answer.text == compose_answer(LLM_QUESTION, llm_hits()).text
    assert not answer.abstained


def test_chat_url_accepts_base_v1_or_full_url() -> None:
    assert chat_url("http://h:8000") == "http://h:8000/v1/chat/completions"
    assert chat_url("http://h:8000/v1/") == "http://h:8000/v1/chat/completions"
    assert chat_url("http://h/v1/chat/completions") == "http://h/v1/chat/completions"


# --- readers behind one protocol, scope, duplicates ---------------------------


class _ScriptedReader:
    """A reader that proposes a fixed statement: stands in for any reader implementation."""

    name = "scripted"

    def __init__(self, text: str, chunk: Chunk, meta: DocumentMeta) -> None:
        self.text, self.chunk, self.meta = text, chunk, meta
        self.calls = 0

    def read(self, analysis, hits):
        from khcn_qa.answer.reader import Draft, Statement

        self.calls += 1
        target = next(h for h in hits if h.chunk is self.chunk)
        return Draft((Statement(self.text, target, None, None, 1.0, 1.0, 1.0),), "org")


def test_every_reader_goes_through_the_same_citation_check() -> None:
    hits = [hit(ROW28, NQ08, 0.9, 1), hit(TFP_2030, NQ08, 0.4, 2)]
    wrong = _ScriptedReader("Chi cục Quản lý Thị trường chủ trì", ROW28, NQ08)
    answer = compose_answer(LLM_QUESTION, hits, readers=[wrong, ExtractiveReader()])
    assert wrong.calls == 1
    assert "Quản lý Thị trường" not in answer.text  # unsupported: the next reader answers
    assert "Chi cục tiêu chuẩn đo lường Chất lượng" in answer.text
    right = _ScriptedReader("Sở Khoa học và Công nghệ chủ trì", ROW28, NQ08)
    assert compose_answer(LLM_QUESTION, hits, readers=[right]).text == "Sở Khoa học và Công nghệ chủ trì [1]."


def test_the_same_passage_text_is_cited_once() -> None:
    copy = Chunk(source="ban-sao.txt", ordinal=3, text=ROW28.text, section=ROW28.section,
                 fields=ROW28.fields, kind="table_row", row_id="28")
    meta = DocumentMeta(source="ban-sao.txt", doc_type="Kế hoạch", year=2023, province="Tây Ninh")
    answer = compose_answer(LLM_QUESTION, [hit(ROW28, NQ08, 0.9, 1), hit(copy, meta, 0.9, 2)])
    assert [c.marker for c in answer.citations] == [1]


def test_province_named_by_its_merged_name_stays_in_scope() -> None:
    # Ninh Thuận belongs to Khánh Hòa since 2025; Quảng Bình is another (old) province than Quảng Trị.
    nt = DocumentMeta(source="nt.txt", doc_type="Báo cáo", date="2022-01", year=2022, province="Ninh Thuận")
    chunk = Chunk(source="nt.txt", ordinal=1, text="Đã kiểm định 163 phương tiện đo của 50 cơ sở.")
    merged = compose_answer("Khánh Hòa kiểm định bao nhiêu phương tiện đo?", [hit(chunk, nt, 0.9)])
    assert merged.text.startswith("163 phương tiện đo")
    other = compose_answer("Quảng Bình kiểm định bao nhiêu phương tiện đo?", [hit(chunk, nt, 0.9)])
    assert other.abstained and "Quảng Bình" in other.text


def test_a_report_answers_only_for_its_own_month() -> None:
    nt = DocumentMeta(source="nt.txt", doc_type="Báo cáo", date="2022-01", year=2022, province="Ninh Thuận",
                      title="Báo cáo kết quả hoạt động tháng 01 năm 2022")
    chunk = Chunk(source="nt.txt", ordinal=1, text="Đã kiểm định 163 phương tiện đo của 50 cơ sở.")
    assert not compose_answer("Tháng 01/2022 kiểm định bao nhiêu phương tiện đo?", [hit(chunk, nt, 0.9)]).abstained
    feb = compose_answer("Tháng 02/2022 kiểm định bao nhiêu phương tiện đo?", [hit(chunk, nt, 0.9)])
    assert feb.abstained and "02/2022" in feb.text


def test_a_number_that_counts_something_else_is_not_the_answer() -> None:
    nt = DocumentMeta(source="nt.txt", doc_type="Báo cáo", year=2022, province="Ninh Thuận")
    chunk = Chunk(source="nt.txt", ordinal=1, text="Đã kiểm định 163 phương tiện đo của 50 cơ sở.")
    right = compose_answer("Kiểm định phương tiện đo của bao nhiêu cơ sở?", [hit(chunk, nt, 0.9)])
    assert right.text.startswith("50 cơ sở")
    weak = compose_answer("Cấp bao nhiêu giấy chứng nhận đăng ký?", [hit(chunk, nt, 0.9)], abstain_below=0)
    assert weak.confidence < right.confidence


def test_plural_question_gathers_the_groups_of_a_table() -> None:
    """"gồm những lĩnh vực nào": each group heads its own rows; the answer names every group."""
    kh = DocumentMeta(source="kh.docx", doc_type="Kế hoạch", year=2025, province="Gia Lai")
    rows = [
        Chunk(source="kh.docx", ordinal=i, text=f"{i}. {task}", section=("DANH MỤC NHIỆM VỤ", group), kind="table_row")
        for i, (group, task) in enumerate(
            [
                ("I. Lĩnh vực trồng trọt", "Ứng dụng giống lúa chịu hạn trong danh mục nhiệm vụ"),
                ("II. Lĩnh vực chăn nuôi", "Nuôi bò thịt chất lượng cao trong danh mục nhiệm vụ"),
                ("III. Lĩnh vực thủy sản", "Nuôi cá nước lạnh trong danh mục nhiệm vụ"),
            ],
            start=1,
        )
    ]
    answer = compose_answer(
        "Danh mục nhiệm vụ gồm những lĩnh vực nào?", [hit(row, kh, 0.9, rank=i) for i, row in enumerate(rows, 1)]
    )
    assert not answer.abstained, answer.text
    for group in ("trồng trọt", "chăn nuôi", "thủy sản"):
        assert group in answer.text
    assert check_citations(answer.text, answer.citations) == []


def test_successor_name_counts_only_after_the_merger() -> None:
    nt = DocumentMeta(source="nt.txt", doc_type="Báo cáo", date="2022-01", year=2022, province="Ninh Thuận")
    chunk = Chunk(source="nt.txt", ordinal=1, text="Tháng 01/2022 đã kiểm định 163 phương tiện đo của 50 cơ sở.")
    then = compose_answer("Tháng 01/2022 Khánh Hòa kiểm định bao nhiêu phương tiện đo?", [hit(chunk, nt, 0.9)])
    assert then.abstained and "Khánh Hòa" in then.text
    assert not compose_answer("Khánh Hòa kiểm định bao nhiêu phương tiện đo?", [hit(chunk, nt, 0.9)]).abstained


def test_yes_no_reads_the_claim_not_the_codes() -> None:
    from khcn_qa.answer import yes_no
    from khcn_qa.answer.question import analyze_question

    coded = analyze_question("Kế hoạch thực hiện Nghị quyết 08-NQ/TU có khuyến khích đầu tư công – tư không?")
    assert yes_no.underlying_type(coded) != "number"  # "08" belongs to the code
    figure = analyze_question("Mục tiêu đến năm 2025 có hình thành 09 vùng nông nghiệp không?")
    assert yes_no.underlying_type(figure) == "number"
    dated = analyze_question("Các phòng có gửi báo cáo 6 tháng về Văn phòng Sở trước ngày 30/6 không?")
    assert yes_no.underlying_type(dated) == "time"
    assert "30" not in yes_no.for_reading(dated).topic  # the date is checked against the passage, not searched for
    assert yes_no.verdict(dated, "time", "trước ngày 20/5", 0.8) is False
