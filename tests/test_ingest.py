"""Pins the parse of each seed document, plus DOCX/PDF built here and text-rule units."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from khcn_qa.ingest.cleanup import logical_lines
from khcn_qa.ingest.loaders import load_document
from khcn_qa.ingest.parse import parse_document
from khcn_qa.records import ParsedDocument
from khcn_qa.text.normalize import fold, match_key, normalize_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
NQ08 = "tay-ninh-ubnd-ke-hoach-thuc-hien-nq08-2023.txt"
TN2022 = "tay-ninh-skhcn-ke-hoach-2022.txt"
TN2024 = "tay-ninh-skhcn-ke-hoach-2024.txt"
QT2024 = "quang-tri-skhcn-ke-hoach-2024.txt"
NT2022 = "ninh-thuan-skhcn-bao-cao-thang-01-2022.txt"


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParsedDocument]:
    return {p.name: parse_document(load_document(p)) for p in sorted(CORPUS.glob("*.txt"))}


def rows(doc: ParsedDocument, row_id: str) -> list:
    return [c for c in doc.chunks if c.kind == "table_row" and c.row_id == row_id]


def test_nq08_row_28_is_one_chunk_with_its_fields(parsed):
    (row,) = rows(parsed[NQ08], "28")
    assert row.fields["Cơ quan chủ trì"] == "Sở Khoa học và Công nghệ (Chi cục tiêu chuẩn đo lường Chất lượng)"
    assert row.unit == row.fields["Cơ quan chủ trì"]
    content = row.fields["Nội dung nhiệm vụ"]
    assert content.startswith("Triển khai Kế hoạch số 939/KH-UBND ngày 11/5/2020")
    assert content.endswith("giai đoạn 2020-2025 và định hướng đến năm 2030")
    assert "Cơ quan phối hợp: Các sở, ban, ngành tỉnh" in row.text
    assert row.section[0] == "PHỤ LỤC" and row.section[1].startswith("IV. Chủ động đẩy mạnh hợp tác")


def test_nq08_every_task_row_once_with_page_break_continuations_merged(parsed):
    doc = parsed[NQ08]
    ids = [c.row_id for c in doc.chunks if c.kind == "table_row"]
    expected = [str(i) for i in range(1, 33)] + ["3.1", "3.2"]
    assert sorted(ids) == sorted(expected)
    (row27,) = rows(doc, "27")
    assert row27.fields["Nội dung nhiệm vụ"].endswith("giai đoạn 2021-2025 và định hướng đến năm 2030")
    (row26,) = rows(doc, "26")
    assert row26.fields == {
        "TT": "26",
        "Nội dung nhiệm vụ": "Tham mưu UBND tỉnh phân bổ nguồn kinh phí thực hiện các nhiệm vụ khoa học và công nghệ theo quy định",
        "Cơ quan chủ trì": "Sở Tài chính",
        "Cơ quan phối hợp": "Các đơn vị liên quan",
        "Thời gian thực hiện": "Hàng năm",
        "Sản phẩm": "Quyết định UBND tỉnh",
    }
    (row31,) = rows(doc, "3.1")
    assert row31.section[-1].startswith("3. Đẩy mạnh công tác phối hợp")


def test_no_chunk_is_a_header_row_signature_stamp_or_markup(parsed):
    for doc in parsed.values():
        for chunk in doc.chunks:
            assert "2022-02-18T08" not in chunk.text
            assert "Not specified" not in chunk.text
            assert "**" not in chunk.text and "<i>" not in chunk.text and "##" not in chunk.text
            assert not re.fullmatch(r"TT\s*(Nội dung nhiệm vụ.*)?", chunk.text.strip())
            assert "NỘI DUNG CÔNG VIỆC PHÂN CÔNG" not in chunk.text.replace("\n", " ")


def test_tay_ninh_2022_traceability_item_under_its_unit(parsed):
    items = [c for c in parsed[TN2022].chunks if "truy xuất nguồn gốc" in c.text]
    assert items and all(c.unit == "Chi cục Tiêu chuẩn Đo lường Chất lượng" for c in items)
    assert items[0].section == ("5. Chi cục Tiêu chuẩn Đo lường Chất lượng",)
    units = {c.unit for c in parsed[TN2022].chunks if c.unit}
    assert {"Văn phòng Sở", "Phòng Quản lý Khoa học", "Thanh tra Sở", "Trung tâm Khoa học và Công nghệ"} <= units


def test_hard_wrapped_lines_are_rejoined(parsed):
    texts = [c.text for c in parsed[TN2022].chunks]
    assert any("Nghị quyết số 37/NQ-HĐND ngày 09/12/2021 của Hội đồng nhân dân tỉnh" in t for t in texts)
    quang_tri = " ".join(c.text for c in parsed[QT2024].chunks)
    assert "trên địa bàn tỉnh Quảng Trị. Tổ chức triển khai" in quang_tri


def test_tay_ninh_2024_section_path(parsed):
    paths = {c.section_path for c in parsed[TN2024].chunks}
    assert "II. NỘI DUNG THỰC HIỆN › 4. Hoạt động tiêu chuẩn đo lường chất lượng" in paths


def test_roman_heading_closes_a_caps_heading(parsed):
    paths = [c.section for c in parsed[NT2022].chunks]
    assert any(p[:1] == ("II. PHƯƠNG HƯỚNG NHIỆM VỤ TRỌNG TÂM THÁNG 02 NĂM 2022",) for p in paths)


def test_quang_tri_flattened_appendix_one_chunk_per_task(parsed):
    table = [c for c in parsed[QT2024].chunks if c.kind == "table_row"]
    groups = [(c.section[1][:3], c.row_id) for c in table]
    assert groups == [("I. ", "1"), ("I. ", "2")] + [("II.", str(i)) for i in range(1, 14)]
    for chunk in table:
        assert chunk.text.startswith(f"TT {chunk.row_id}. ")
        assert "PHÂN CÔNG" not in chunk.text and "MỤC TIÊU/KẾT QUẢ" not in chunk.text
    six = table[7]
    assert six.row_id == "6" and six.unit == "Chi cục TCĐLCL"
    assert six.fields["Phân công chỉ đạo"] == "PGĐ Nguyễn Hữu Thắng"
    assert "TCVN ISO 9001:2015" in six.text and "Cả năm" in six.text
    four = table[5]
    assert "dựng, công bố tiêu chuẩn chất lượng" in four.text  # the half after the page break
    assert "Nghị quyết Quy định một số chính sách hỗ trợ" in four.text


EXPECTED_META = {
    NQ08: dict(doc_type="Kế hoạch", number="2502/KH-UBND", date="2023-08-07", year=2023, province="Tây Ninh",
               signer="Võ Đức Trọng", issuer="UBND tỉnh Tây Ninh"),
    TN2022: dict(doc_type="Kế hoạch", number="/KH-KHCN", date="2022-02", year=2022, province="Tây Ninh", signer=None,
                 title="Kế hoạch triển khai nhiệm vụ khoa học và công nghệ năm 2022"),
    TN2024: dict(doc_type="Kế hoạch", number="/KH-KHCN", date="2024-01", year=2024, province="Tây Ninh",
                 title="Kế hoạch hoạt động khoa học và công nghệ năm 2024"),
    QT2024: dict(doc_type="Kế hoạch", number=None, date="2024-01", year=2024, province="Quảng Trị",
                 signer="Nguyễn Hữu Thắng"),
    NT2022: dict(doc_type="Báo cáo", number="/BC-SKHCN", date="2022-01", year=2022, province="Ninh Thuận",
                 signer="Nguyễn Tấn Quang"),
}  # fmt: skip


@pytest.mark.parametrize("source", sorted(EXPECTED_META))
def test_metadata_from_text(parsed, source):
    meta = parsed[source].meta
    for key, value in EXPECTED_META[source].items():
        assert getattr(meta, key) == value, key
    assert meta.title and meta.title.startswith(meta.doc_type)
    assert meta.issuer


def test_chunks_fit_the_model_budget(parsed):
    from khcn_qa.ingest.chunker import ROW_BUDGET, approx_tokens

    for doc in parsed.values():
        assert all(approx_tokens(c.text) <= ROW_BUDGET for c in doc.chunks)


def test_tone_mark_styles_and_unicode_forms_compare_equal():
    import unicodedata

    assert normalize_text("hoà thuận, thuý, khoá") == normalize_text("hòa thuận, thúy, khóa")
    assert normalize_text(unicodedata.normalize("NFD", "Quảng Trị")) == "Quảng Trị"
    assert normalize_text("quý  2 – 2024") == "quý 2 - 2024"
    # After "q" the tone sits on the vowel after "u": a typed "Qũy", "qủa" is "Quỹ", "quả".
    assert normalize_text("Qũy Phát triển, qủa") == "Quỹ Phát triển, quả"
    assert normalize_text("quyết định quốc gia") == "quyết định quốc gia"
    assert fold("Đo lường Chất lượng") == "do luong chat luong"
    assert match_key("Sở KH&CN") == "sở kh&cn"


def test_cleanup_rules():
    raw = [
        ("## **I. MỤC TIÊU**", None, None),
        ("Tham mưu UBND tỉnh ban hành quy định về quản lý nhiệm vụ khoa học và", None, None),
        ("", None, None),
        ("công nghệ cấp tỉnh.", None, None),
        ("  12  ", None, None),
        ("\t\t2022-02-18T08:43:33+0000", None, None),
        ("\tNot specified", None, None),
        ("Văn bản <i>gốc</i>", None, None),
        ("- Mục một", None, None),
    ]
    lines = [line.text for line in logical_lines(raw)]
    assert lines == [
        "I. MỤC TIÊU",
        "Tham mưu UBND tỉnh ban hành quy định về quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh.",
        "Văn bản gốc",
        "- Mục một",
    ]


def test_unit_headings_need_a_name_after_the_organisation_word():
    from khcn_qa.ingest.patterns import names_unit

    units = ["Thanh tra Sở", "Thanh tra tỉnh", "UBND các huyện", "Ủy ban nhân dân tỉnh", "Sở KH&CN", "Cục Thống kê"]
    topics = ["Thanh tra", "Thanh tra, kiểm tra", "Sở hữu công nghiệp", "Ban hành văn bản", "Tổ chức thực hiện", "Hội nghị"]
    assert all(names_unit(u) for u in units)
    assert not any(names_unit(t) for t in topics)


def test_word_markers_open_parts_chapters_and_articles():
    from khcn_qa.ingest.patterns import structural_marker

    assert [structural_marker(t).kind for t in ("Phần II - KẾT QUẢ", "CHƯƠNG III", "Điều 12.", "Điều 4: Hiệu lực")] == [
        "part",
        "chapter",
        "article",
        "article",
    ]
    # a wrapped cross reference is text, not a heading
    assert structural_marker("Điều 5 của Luật này") is None and structural_marker("Phần lớn đơn vị") is None


def _parse_text(tmp_path, name: str, text: str) -> ParsedDocument:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_document(load_document(path))


def test_total_row_and_pipe_table_without_a_number_column(tmp_path):
    text = (
        "1. Kinh phí\n"
        "| Hạng mục | Năm 2024 | Năm 2025 |\n|:---|---:|---:|\n"
        "| Thiết bị | 100 | 120 |\n| Đào tạo | 40 | 50 |\n| Cộng | 140 | 170 |\n"
        "Nội dung sau bảng.\n"
    )
    doc = _parse_text(tmp_path, "bang.md", text)
    rows_ = [c for c in doc.chunks if c.kind == "table_row"]
    assert [r.fields["Hạng mục"] for r in rows_] == ["Thiết bị", "Đào tạo"]
    assert rows_[1].text == "Hạng mục: Đào tạo; Năm 2024: 40; Năm 2025: 50"
    (total,) = [c for c in doc.chunks if c.text.startswith("Cộng")]
    assert total.kind == "text" and total.fields["Năm 2025"] == "170" and total.section == ("1. Kinh phí",)
    assert doc.chunks[-1].text == "Nội dung sau bảng."


def test_appendix_title_nests_under_the_appendix_and_lead_in_opens_the_body(tmp_path):
    text = (
        "KẾ HOẠCH\nSở Khoa học và Công nghệ triển khai các nội dung như sau:\n"
        "KẾT QUẢ THỰC HIỆN\nĐã hoàn thành các nhiệm vụ được giao trong năm.\n"
        "PHỤ LỤC II\nDANH MỤC NHIỆM VỤ NĂM 2025\nNội dung của phụ lục.\n"
    )
    doc = _parse_text(tmp_path, "pl.txt", text)
    sections = {c.text: c.section for c in doc.chunks}
    assert sections["Đã hoàn thành các nhiệm vụ được giao trong năm."] == ("KẾT QUẢ THỰC HIỆN",)
    assert sections["Nội dung của phụ lục."] == ("PHỤ LỤC II", "DANH MỤC NHIỆM VỤ NĂM 2025")


def test_docx_one_row_table_is_text_not_dropped(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("1. Nội dung chính của văn bản thử nghiệm.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Ghi chú bên trái", "Ghi chú bên phải"
    path = tmp_path / "mot-dong.docx"
    document.save(path)
    texts = [c.text for c in parse_document(load_document(path)).chunks]
    assert any("Ghi chú bên trái" in t for t in texts) and any("Ghi chú bên phải" in t for t in texts)


def test_docx_headings_numbered_items_and_table(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("KẾ HOẠCH THỬ NGHIỆM", level=1)
    document.add_paragraph("Số: 12/KH-SKHCN")
    document.add_paragraph("Hà Nội, ngày 05 tháng 3 năm 2025")
    document.add_paragraph("I. MỤC TIÊU")
    document.add_paragraph("1. Phòng Quản lý Khoa học")
    document.add_paragraph("- Xây dựng cơ sở dữ liệu nhiệm vụ khoa học và công nghệ.")
    table = document.add_table(rows=3, cols=3)
    for i, cell in enumerate(("TT", "Nội dung", "Đơn vị chủ trì")):
        table.rows[0].cells[i].text = cell
    for i, cell in enumerate(("1", "Kiểm định phương tiện đo", "Chi cục TCĐLCL")):
        table.rows[1].cells[i].text = cell
    for i, cell in enumerate(("2", "Hỗ trợ doanh nghiệp", "Trung tâm KH&CN")):
        table.rows[2].cells[i].text = cell
    path = tmp_path / "ke-hoach.docx"
    document.save(path)
    doc = parse_document(load_document(path))
    assert doc.meta.number == "12/KH-SKHCN" and doc.meta.date == "2025-03-05" and doc.meta.province == "Hà Nội"
    item = next(c for c in doc.chunks if "cơ sở dữ liệu" in c.text)
    assert item.section == ("I. MỤC TIÊU", "1. Phòng Quản lý Khoa học") and item.unit == "Phòng Quản lý Khoa học"
    row = next(c for c in doc.chunks if c.row_id == "1")
    assert row.fields["Đơn vị chủ trì"] == "Chi cục TCĐLCL" and row.unit == "Chi cục TCĐLCL"
    assert row.section[:1] == ("I. MỤC TIÊU",)


def test_pdf_pages_are_kept_for_citations(tmp_path):
    import matplotlib
    from fpdf import FPDF

    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(font))
    pdf.set_font("dejavu", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 8, "BÁO CÁO\nKết quả hoạt động khoa học năm 2025\nI. KẾT QUẢ\n1. Văn phòng Sở\n- Ban hành 05 văn bản chỉ đạo.")
    pdf.add_page()
    pdf.multi_cell(0, 8, "2. Thanh tra Sở\n- Thanh tra 12 cơ sở kinh doanh xăng dầu.")
    path = tmp_path / "bao-cao.pdf"
    pdf.output(str(path))
    doc = parse_document(load_document(path))
    inspected = next(c for c in doc.chunks if "xăng dầu" in c.text)
    assert inspected.page == 2 and inspected.unit == "Thanh tra Sở"
    first = next(c for c in doc.chunks if "05 văn bản" in c.text)
    assert first.page == 1 and first.section == ("I. KẾT QUẢ", "1. Văn phòng Sở")
    assert doc.meta.doc_type == "Báo cáo"
