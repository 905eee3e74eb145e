"""Held-out layouts: documents unlike the five seeds, parsed, indexed and asked.

The documents come from ``tests/layout_fixtures.py`` (an invented 2025 set of
tỉnh Hà Giang: a DOCX QUYẾT ĐỊNH with Điều/khoản/điểm and a task table, a
Markdown BÁO CÁO numbered Phần I / 1.1. with a pipe table, a TXT THÔNG BÁO
with a TSV table, a DOCX CÔNG VĂN whose header and signature are layout
tables). They are built once per module into a private index with the real
embedding model.

Part (i), ingest: table rows become chunks that carry their column names,
numbering (Phần, Điều, khoản, điểm, 1.1.) reaches the section paths, total
rows and layout tables are not task rows, metadata is read from the text.

Part (ii), answers (``-m layout_answers``): every question of
``tests/data/layout_questions.jsonl`` is asked; an unanswerable one must be
refused, an answerable one must STATE one of its expected values outside
any quoted passage (text between “ ” or between " " is removed before
matching), and a yes/no answer must begin with "Có" or "Không". These
questions were written from the documents alone, not from the answer code.
"""

from __future__ import annotations

import json
import re
import unicodedata
import warnings
from pathlib import Path

import pytest
from layout_fixtures import BC_MD, CV_DOCX, QD_DOCX, SOURCES, TB_TXT, write_layout_documents

QUESTIONS_FILE = Path(__file__).resolve().parent / "data" / "layout_questions.jsonl"
MARKER = "layout_answers"


def pytest_configure(config):
    """Register the ``layout_answers`` marker (runs where this module is loaded as a plugin)."""
    config.addinivalue_line("markers", f"{MARKER}: answers to the held-out layout questions")


# pyproject.toml is not edited for this fixture, and pytest runs hooks only
# from conftest files and plugins, so on a plain ``pytest tests/test_layouts.py``
# the hook above is not called; the mark is therefore fetched once with the
# unknown-mark warning silenced. ``-m layout_answers`` / ``-m "not
# layout_answers"`` select by it either way.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", pytest.PytestUnknownMarkWarning)
    layout_answers = getattr(pytest.mark, MARKER)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------- fixture


@pytest.fixture(scope="module")
def layout_index(tmp_path_factory: pytest.TempPathFactory):
    """The held-out documents and an Assistant over an index built from them alone."""
    from khcn_qa import Assistant

    base = tmp_path_factory.mktemp("layouts")
    folder = base / "corpus"
    paths = write_layout_documents(folder)
    assert sorted(p.name for p in paths) == sorted(SOURCES)
    assistant = Assistant.open(base / "index", corpus_dir=folder)
    return assistant


@pytest.fixture(scope="module")
def a(layout_index):
    return layout_index


def hits_of(a, query: str, source: str, top_k: int = 40) -> list:
    """BM25 hits of one document (deterministic; no dependence on the dense model)."""
    return a.search(query, top_k=top_k, mode="bm25", filters={"source": source})


def row_hit(a, query: str, source: str, row_id: str):
    for hit in hits_of(a, query, source):
        if hit.chunk.kind == "table_row" and hit.chunk.row_id == row_id:
            return hit
    pytest.fail(f"no table-row chunk {row_id} of {source} among the hits for {query!r}")


def text_hit(a, query: str, source: str, needle: str):
    for hit in hits_of(a, query, source):
        if needle in hit.text:
            return hit
    pytest.fail(f"no chunk of {source} holding {needle!r} among the hits for {query!r}")


def meta_of(a, source: str):
    (info,) = [d for d in a.documents() if d.meta.source == source]
    return info.meta


# ------------------------------------------------------------ (i) documents and metadata


def test_every_layout_document_is_indexed(a):
    assert sorted(d.meta.source for d in a.documents()) == sorted(SOURCES)
    assert all(d.chunks > 0 for d in a.documents())


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            QD_DOCX,
            {
                "doc_type": "Quyết định",
                "number": "1234/QĐ-UBND",
                "date": "2025-03-15",
                "year": 2025,
                "province": "Hà Giang",
                "signer": "Lục Minh Khôi",
            },
        ),
        (
            BC_MD,
            {
                "doc_type": "Báo cáo",
                "number": "86/BC-SKHCN",
                "date": "2025-04-02",
                "year": 2025,
                "province": "Hà Giang",
                "signer": "Đỗ Thanh Tùng",
            },
        ),
        (
            TB_TXT,
            {
                "doc_type": "Thông báo",
                "number": "112/TB-SKHCN",
                "date": "2025-04-10",
                "year": 2025,
                "province": "Hà Giang",
                "signer": "Nguyễn Thị Thu Hà",
            },
        ),
        (
            CV_DOCX,
            {"number": "415/SKHCN-VP", "date": "2025-06-05", "year": 2025, "province": "Hà Giang"},
        ),
    ],
    ids=["quyet-dinh", "bao-cao", "thong-bao", "cong-van"],
)
def test_metadata_read_from_the_text(a, source, expected):
    meta = meta_of(a, source)
    assert {key: getattr(meta, key) for key in expected} == expected


def test_titles_come_from_the_trich_yeu_line(a):
    assert meta_of(a, QD_DOCX).title.startswith("Quyết định về việc ban hành Kế hoạch ứng dụng")
    assert meta_of(a, BC_MD).title == (
        "Báo cáo kết quả hoạt động khoa học và công nghệ quý I năm 2025 và nhiệm vụ trọng tâm quý II năm 2025"
    )
    assert meta_of(a, TB_TXT).title.startswith("Thông báo về việc đề xuất đặt hàng nhiệm vụ")


def test_signer_of_a_signature_laid_out_as_a_table(a):
    assert meta_of(a, CV_DOCX).signer == "Nguyễn Thị Thu Hà"
    hit = text_hit(a, "Nơi nhận Như trên Lưu VT VP", CV_DOCX, "Nơi nhận")
    assert hit.fields.get("Người ký") == "Nguyễn Thị Thu Hà"


def test_header_layout_table_is_not_a_task_row(a):
    hit = text_hit(a, "Số 415/SKHCN-VP Hà Giang ngày 05 tháng 6 năm 2025", CV_DOCX, "415/SKHCN-VP")
    assert hit.chunk.kind == "text"
    assert not any("CỘNG HÒA" in name for name in hit.fields)


@pytest.mark.parametrize(
    ("source", "signer"),
    [(QD_DOCX, "Lục Minh Khôi"), (BC_MD, "Đỗ Thanh Tùng"), (TB_TXT, "Nguyễn Thị Thu Hà")],
    ids=["quyet-dinh", "bao-cao", "thong-bao"],
)
def test_signature_block_is_one_closing_chunk_with_the_signer(a, source, signer):
    hit = text_hit(a, f"Nơi nhận Lưu VT {signer}", source, "Nơi nhận:")
    assert hit.section == "Nơi nhận"
    assert hit.fields.get("Người ký") == signer
    assert signer in hit.text


# ------------------------------------------------------------ (i) DOCX task table

QD_ROW_1 = {
    "STT": "1",
    "Nội dung công việc": "Xây dựng mô hình trồng chè Shan tuyết theo tiêu chuẩn VietGAP tại huyện Vị Xuyên",
    "Đơn vị thực hiện": "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
    "Đơn vị phối hợp": "UBND huyện Vị Xuyên; Hợp tác xã chè Cao Bồ",
    "Thời gian hoàn thành": "Tháng 11/2025",
    "Kết quả dự kiến": "Mô hình 20 ha chè được cấp chứng nhận VietGAP",
    "Kinh phí (triệu đồng)": "650",
}


def test_docx_task_row_is_one_chunk_carrying_its_column_names(a):
    hit = row_hit(a, "mô hình trồng chè Shan tuyết VietGAP Vị Xuyên", QD_DOCX, "1")
    assert dict(hit.fields) == QD_ROW_1
    for name, value in QD_ROW_1.items():
        if name != "STT":
            assert f"{name}: {value}" in hit.text
    assert hit.text.startswith("TT 1. Nội dung công việc: Xây dựng mô hình trồng chè Shan tuyết")
    # "Đơn vị thực hiện" is the lead column, so it is the unit that answers "who".
    assert hit.unit == "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ"


def test_docx_task_rows_all_present_under_their_group_rows(a):
    rows = {
        hit.chunk.row_id: hit
        for hit in hits_of(
            a, "Nội dung công việc Đơn vị thực hiện Đơn vị phối hợp Kinh phí", QD_DOCX
        )
        if hit.chunk.kind == "table_row"
    }
    assert sorted(rows) == [str(i) for i in range(1, 8)]
    groups = {
        "1": "I. Lĩnh vực trồng trọt",
        "3": "I. Lĩnh vực trồng trọt",
        "4": "II. Lĩnh vực chăn nuôi và thủy sản",
        "6": "III. Truy xuất nguồn gốc và sở hữu trí tuệ",
    }
    for row_id, group in groups.items():
        assert rows[row_id].section.endswith(group), rows[row_id].section
    assert rows["4"].fields["Kinh phí (triệu đồng)"] == "390"
    assert rows["5"].fields["Đơn vị thực hiện"] == "Trung tâm Dịch vụ nông nghiệp tỉnh"
    assert rows["6"].fields["Thời gian hoàn thành"] == "Tháng 12/2025"
    assert rows["2"].fields["Đơn vị phối hợp"] == "Sở Khoa học và Công nghệ; UBND huyện Bắc Quang"


def test_appendix_line_gives_the_decision_number_and_date(a):
    hit = text_hit(a, "Kèm theo Quyết định số 1234/QĐ-UBND ngày 15/3/2025", QD_DOCX, "Kèm theo")
    assert "DANH MỤC NHIỆM VỤ" in hit.section


def test_total_row_is_not_merged_into_the_last_task(a):
    hit = row_hit(a, "nhãn hiệu chứng nhận Thịt bò vàng Hà Giang", QD_DOCX, "7")
    assert hit.fields["Kinh phí (triệu đồng)"] == "350"
    assert "Tổng cộng" not in hit.fields["Nội dung công việc"]


def test_appendix_rows_keep_phu_luc_in_their_path(a):
    hit = row_hit(a, "mô hình trồng chè Shan tuyết VietGAP Vị Xuyên", QD_DOCX, "1")
    assert hit.chunk.section[0] == "PHỤ LỤC"


# ------------------------------------------------------------ (i) Điều / khoản / điểm


def test_clauses_and_points_of_a_decision_are_in_the_section_path(a):
    hit = text_hit(
        a, "Chủ trì hướng dẫn đôn đốc các đơn vị triển khai", QD_DOCX, "a) Chủ trì, hướng dẫn"
    )
    assert "1. Sở Khoa học và Công nghệ" in hit.section
    assert hit.unit == "Sở Khoa học và Công nghệ"
    hit = text_hit(a, "Cân đối bố trí đủ 3.850 triệu đồng", QD_DOCX, "a) Cân đối")
    assert "2. Sở Tài chính" in hit.section
    assert hit.unit == "Sở Tài chính"


def test_articles_open_sections(a):
    hit = text_hit(
        a, "Chủ trì hướng dẫn đôn đốc các đơn vị triển khai", QD_DOCX, "a) Chủ trì, hướng dẫn"
    )
    assert hit.section.startswith("Điều 2"), hit.section
    hit = text_hit(a, "Ban hành kèm theo Quyết định này Kế hoạch", QD_DOCX, "Điều 1.")
    assert "Điều 2." not in hit.text
    assert hit.section.startswith("Điều 1")


def test_article_3_is_not_under_the_last_clause_of_article_2(a):
    hit = text_hit(a, "Quyết định này có hiệu lực kể từ ngày ký", QD_DOCX, "Điều 3.")
    assert "4. Ủy ban nhân dân" not in hit.section
    assert hit.unit is None


# ------------------------------------------------------------ (i) Markdown report


def test_report_decimal_numbering_reaches_the_section_path(a):
    hit = text_hit(
        a, "thẩm định 12 nhiệm vụ tổng kinh phí 4.560 triệu đồng", BC_MD, "4.560 triệu đồng"
    )
    assert hit.section == (
        "Phần I. KẾT QUẢ THỰC HIỆN QUÝ I NĂM 2025 › 1. Quản lý nhiệm vụ khoa học và công nghệ "
        "› 1.1. Công tác xác định, thẩm định nhiệm vụ"
    )
    hit = text_hit(a, "nghiệm thu 5 nhiệm vụ khá trở lên 80%", BC_MD, "chiếm 80%")
    assert hit.section.endswith("1.2. Công tác kiểm tra, nghiệm thu nhiệm vụ")


def test_report_plus_items_stay_with_their_dash_item(a):
    hit = text_hit(a, "Phê duyệt danh mục 05 nhiệm vụ đặt hàng", BC_MD, "- Phê duyệt danh mục")
    assert "+ 02 nhiệm vụ lĩnh vực nông nghiệp, lâm nghiệp;" in hit.text
    assert "+ 01 nhiệm vụ lĩnh vực y dược." in hit.text


def test_report_later_parts_open_sections(a):
    hit = text_hit(a, "Đồng chí Vàng Seo Dũng Chánh Văn phòng Sở", BC_MD, "Vàng Seo Dũng")
    assert hit.section.startswith("Phần II. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2025 › 3.")
    hit = text_hit(a, "bổ sung 1,5 biên chế", BC_MD, "1,5 biên chế")
    assert hit.section == "Phần III. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ"


def test_report_first_part_opens_a_section(a):
    hit = text_hit(
        a, "thẩm định 12 nhiệm vụ tổng kinh phí 4.560 triệu đồng", BC_MD, "4.560 triệu đồng"
    )
    assert hit.section.startswith("Phần I. KẾT QUẢ THỰC HIỆN QUÝ I NĂM 2025")


def test_report_pipe_table_rows_carry_their_column_names(a):
    hits = [
        h
        for h in hits_of(a, "Đầu tư phát triển khoa học và công nghệ 6.200 868 14,0", BC_MD)
        if h.chunk.kind == "table_row"
    ]
    row = next(
        h
        for h in hits
        if h.fields.get("Nguồn kinh phí") == "Đầu tư phát triển khoa học và công nghệ"
    )
    assert row.fields["Đã giải ngân quý I (triệu đồng)"] == "868"
    assert row.fields["Tỷ lệ (%)"] == "14,0"


def test_topic_headings_are_not_units(a):
    hit = text_hit(a, "17 tổ chức cá nhân lập hồ sơ đăng ký nhãn hiệu", BC_MD, "143 sản phẩm")
    assert hit.unit is None
    hit = text_hit(a, "kiểm tra 48 cơ sở kinh doanh xăng dầu", BC_MD, "48 cơ sở")
    assert hit.unit is None


# ------------------------------------------------------------ (i) TSV notice

TB_ROW_1 = {
    "TT": "1",
    "Tên nhiệm vụ": "Nghiên cứu phục tráng giống lúa nếp cẩm bản địa tại huyện Hoàng Su Phì",
    "Cơ quan chủ trì": "Viện Khoa học Nông lâm nghiệp miền núi phía Bắc",
    "Cơ quan phối hợp": "UBND huyện Hoàng Su Phì; Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
    "Thời hạn": "36 tháng (2026-2028)",
    "Sản phẩm": "02 tấn hạt giống nguyên chủng; quy trình canh tác được công nhận",
}


def test_tsv_row_is_one_chunk_carrying_its_column_names(a):
    hit = row_hit(a, "phục tráng giống lúa nếp cẩm Hoàng Su Phì", TB_TXT, "1")
    assert dict(hit.fields) == TB_ROW_1
    assert "Cơ quan chủ trì: Viện Khoa học Nông lâm nghiệp miền núi phía Bắc" in hit.text
    assert "Thời hạn: 36 tháng (2026-2028)" in hit.text
    assert hit.unit == TB_ROW_1["Cơ quan chủ trì"]
    assert (
        hit.section == "1. Danh mục nhiệm vụ dự kiến đặt hàng › I. Lĩnh vực nông nghiệp, lâm nghiệp"
    )


def test_tsv_rows_all_present_with_groups_and_continuation(a):
    rows = {
        hit.chunk.row_id: hit
        for hit in hits_of(
            a, "Tên nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời hạn Sản phẩm", TB_TXT
        )
        if hit.chunk.kind == "table_row"
    }
    assert sorted(rows) == ["1", "2", "3", "4", "5"]
    assert rows["3"].fields["Sản phẩm"] == "Bộ tư liệu số hóa 200 hiện vật và 01 phim tài liệu"
    assert rows["3"].section.endswith("II. Lĩnh vực khoa học xã hội và nhân văn")
    assert rows["5"].section.endswith("III. Lĩnh vực y dược")
    assert rows["5"].fields["Cơ quan chủ trì"] == "Bệnh viện Đa khoa tỉnh Hà Giang"
    assert rows["4"].fields["Cơ quan phối hợp"] == "Sở Khoa học và Công nghệ; Viễn thông Hà Giang"


def test_notice_points_after_the_table_keep_their_clause(a):
    hit = text_hit(
        a,
        "Thời hạn nộp hồ sơ trước 17 giờ 00 ngày 30 tháng 5 năm 2025",
        TB_TXT,
        "b) Thời hạn nộp hồ sơ",
    )
    assert hit.section.startswith("2. Hồ sơ và thời hạn nộp hồ sơ")
    assert hit.chunk.kind == "text"


# ------------------------------------------------------------ (ii) answers


def _load_questions() -> list[dict]:
    with QUESTIONS_FILE.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


QUESTIONS = _load_questions()
_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"")


def outside_quotes(text: str) -> str:
    """The answer text without any quoted passage (“…” or "…")."""
    return _QUOTED_RE.sub(" ", nfc(text))


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text)).casefold().strip()


def test_question_file_is_well_formed():
    forms = {
        "ai",
        "x_nao",
        "bao_nhieu",
        "may",
        "khi_nao",
        "bao_gio",
        "la_gi",
        "gom_nhung_gi",
        "co_khong",
        "ngay_nao",
        "other",
    }
    ids = [q["id"] for q in QUESTIONS]
    assert len(ids) == len(set(ids)) >= 30
    for q in QUESTIONS:
        assert q["source"] in SOURCES, q["id"]
        assert q["form"] in forms, q["id"]
        assert nfc(q["question"]) == q["question"], q["id"]
        assert bool(q["answers"]) != q["unanswerable"], q["id"]
        if q["form"] == "x_nao":
            assert q.get("head"), q["id"]
        if q["form"] == "co_khong" and not q["unanswerable"]:
            assert q["answers"] in (["Có"], ["Không"]), q["id"]
    assert sum(not q["diacritics"] for q in QUESTIONS) >= 6
    assert sum(q["unanswerable"] for q in QUESTIONS) >= 6
    assert sum(q["form"] == "co_khong" for q in QUESTIONS) >= 3


@layout_answers
@pytest.mark.parametrize("q", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_layout_answer(a, q):
    ans = a.ask(q["question"])
    shown = f"{q['id']} {q['question']!r} -> abstained={ans.abstained} text={ans.text!r}"
    if q["unanswerable"]:
        assert ans.abstained, shown
        return
    assert not ans.abstained, shown
    if q["form"] == "co_khong":
        assert _key(ans.text).startswith(_key(q["answers"][0])), shown
        return
    stated = _key(outside_quotes(ans.text))
    assert any(_key(value) in stated for value in q["answers"]), (
        f"{shown}; expected one of {q['answers']}"
    )
