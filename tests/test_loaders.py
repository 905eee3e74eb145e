"""Format loaders: decoding, DOCX structure, PDF pages/tables, refusals.

Every fixture is built in tmp_path from code, so no binary file is committed
and each test states exactly what the input holds.
"""

from __future__ import annotations

import codecs
import io
import random
import unicodedata
import zipfile
from pathlib import Path

import pytest

from khcn_qa import config
from khcn_qa.errors import DocumentError
from khcn_qa.ingest.loaders import SUPPORTED_EXTENSIONS, load_bytes, load_document
from khcn_qa.records import Block

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SENTENCE = "Sở Khoa học và Công nghệ chủ trì nhiệm vụ truy xuất nguồn gốc"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def texts(blocks: tuple[Block, ...]) -> list[str]:
    return [b.text for b in blocks if b.kind == "text"]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------- text


def test_utf8_lines_blank_lines_and_tabs_kept(tmp_path):
    body = f"KẾ HOẠCH\n\n{SENTENCE}\nTT\tNội dung\tĐơn vị\n1\tXây dựng\tSở KH&CN\n"
    doc = load_document(write(tmp_path, "a.txt", body.encode("utf-8")))
    assert doc.source == "a.txt"
    assert doc.format == "txt"
    assert texts(doc.blocks) == [
        "KẾ HOẠCH",
        "",
        SENTENCE,
        "TT\tNội dung\tĐơn vị",
        "1\tXây dựng\tSở KH&CN",
    ]
    assert all(b.page is None for b in doc.blocks)


def test_sha256_is_of_file_bytes(tmp_path):
    import hashlib

    data = SENTENCE.encode("utf-8")
    doc = load_document(write(tmp_path, "a.txt", data))
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


def test_utf8_bom_is_not_in_text(tmp_path):
    doc = load_document(write(tmp_path, "a.txt", codecs.BOM_UTF8 + SENTENCE.encode("utf-8")))
    assert texts(doc.blocks) == [SENTENCE]


def test_crlf_line_endings(tmp_path):
    doc = load_document(write(tmp_path, "a.txt", "Dòng 1\r\nDòng 2\r\n".encode()))
    assert texts(doc.blocks) == ["Dòng 1", "Dòng 2"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(tmp_path, encoding):
    data = f"{SENTENCE}\nTT\tĐơn vị\n".encode(encoding)
    if encoding == "utf-16-le":
        assert not data.startswith(codecs.BOM_UTF16_LE)
    doc = load_document(write(tmp_path, "a.txt", data))
    assert texts(doc.blocks) == [SENTENCE, "TT\tĐơn vị"]


def test_utf16_le_with_explicit_bom(tmp_path):
    data = codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le")
    doc = load_document(write(tmp_path, "a.txt", data))
    assert texts(doc.blocks) == [SENTENCE]


TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters precomposed, tones combining.

    Python's codec has no "ở" but has "ơ" and a combining hook, so each letter
    that fails is split into its tone-less letter plus the tone mark.
    """
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
            tones = "".join(c for c in decomposed if c in TONES)
            out += (base + tones).encode("cp1258")
    return bytes(out)


def test_windows_1258_vietnamese(tmp_path):
    lines = [SENTENCE, "Ủy ban nhân dân tỉnh Tây Ninh", "Đơn vị\tThời gian thực hiện"]
    data = _cp1258("\n".join(lines) + "\n")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the fixture really is not UTF-8
    doc = load_document(write(tmp_path, "cp.txt", data))
    assert [nfc(t) for t in texts(doc.blocks)] == lines


def test_form_feed_numbers_pages(tmp_path):
    body = "Trang một\n\fTrang hai\ndòng nữa\n\fTrang ba\n"
    doc = load_document(write(tmp_path, "a.txt", body.encode()))
    assert [(b.text, b.page) for b in doc.blocks] == [
        ("Trang một", 1),
        ("Trang hai", 2),
        ("dòng nữa", 2),
        ("Trang ba", 3),
    ]


def test_markdown_keeps_markup(tmp_path):
    doc = load_document(write(tmp_path, "a.md", "## **KẾ HOẠCH**\n- mục\n".encode()))
    assert doc.format == "md"
    assert texts(doc.blocks) == ["## **KẾ HOẠCH**", "- mục"]


def test_binary_file_refused(tmp_path):
    data = random.Random(0).randbytes(4096)
    with pytest.raises(DocumentError, match="nhị phân"):
        load_document(write(tmp_path, "x.txt", data))


def test_control_characters_without_nul_refused(tmp_path):
    data = bytes(range(1, 32)) * 20 + "chữ".encode()
    with pytest.raises(DocumentError, match="nhị phân"):
        load_document(write(tmp_path, "x.txt", data))


def test_empty_file_refused(tmp_path):
    with pytest.raises(DocumentError, match="tệp rỗng") as info:
        load_document(write(tmp_path, "rong.txt", b""))
    assert info.value.source == "rong.txt"


def test_whitespace_only_refused(tmp_path):
    with pytest.raises(DocumentError, match="không có nội dung"):
        load_document(write(tmp_path, "trang.txt", b" \n\t\n\n  \n"))


def test_unknown_extension_lists_supported(tmp_path):
    with pytest.raises(DocumentError) as info:
        load_document(write(tmp_path, "bang.key", b"abc"))
    for extension in SUPPORTED_EXTENSIONS:
        assert extension in info.value.reason
    assert ".key" in info.value.reason


def test_extension_is_case_insensitive(tmp_path):
    assert load_document(write(tmp_path, "A.TXT", b"abc")).format == "txt"


def test_missing_file_refused(tmp_path):
    with pytest.raises(DocumentError, match="không tìm thấy"):
        load_document(tmp_path / "khong-co.txt")


def test_oversize_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "LIMITS", config.Limits(max_file_bytes=10))
    with pytest.raises(DocumentError, match="quá lớn"):
        load_document(write(tmp_path, "lon.txt", b"x" * 11))
    assert load_document(write(tmp_path, "vua.txt", b"x" * 10)).blocks


def test_load_bytes_uses_name_for_format_and_source():
    doc = load_bytes(SENTENCE.encode(), "uploads/ke-hoach.md")
    assert (doc.source, doc.format) == ("ke-hoach.md", "md")


# --------------------------------------------------------------------- docx


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH NĂM 2024", style="Title")
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU", style="Heading 1")
    document.add_paragraph("Đoạn mở đầu.")
    document.add_paragraph("1. Mục đích", style="Heading 2")
    document.add_paragraph(SENTENCE)
    table = document.add_table(rows=3, cols=3)
    header = ["TT", "Nội dung", "Đơn vị chủ trì"]
    for col, value in enumerate(header):
        table.cell(0, col).text = value
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Nhiệm vụ chung"
    table.cell(1, 2).text = "Văn phòng Sở"
    for col, value in enumerate(["2", "Truy xuất nguồn gốc", "Phòng QLKH"]):
        table.cell(2, col).text = value
    document.add_paragraph("Văn phòng Sở", style="List Number")
    document.add_paragraph("Phòng Quản lý khoa học", style="List Number")
    document.add_paragraph("Đoạn cuối.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def docx_doc(tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "ke-hoach.docx"
    path.write_bytes(_docx_bytes())
    return load_document(path)


def test_docx_headings_and_order(docx_doc):
    assert docx_doc.format == "docx"
    kinds = [(b.kind, b.text if b.kind == "text" else None) for b in docx_doc.blocks]
    assert kinds[:5] == [
        ("text", "KẾ HOẠCH NĂM 2024"),
        ("text", "I. MỤC ĐÍCH, YÊU CẦU"),
        ("text", "Đoạn mở đầu."),
        ("text", "1. Mục đích"),
        ("text", SENTENCE),
    ]
    assert kinds[5] == ("table", None)
    assert kinds[-1] == ("text", "Đoạn cuối.")
    levels = [b.heading_level for b in docx_doc.blocks[:5]]
    assert levels == [1, 1, None, 2, None]


def test_docx_table_merged_cell_once(docx_doc):
    (table,) = [b for b in docx_doc.blocks if b.kind == "table"]
    assert table.rows[0] == ("TT", "Nội dung", "Đơn vị chủ trì")
    assert table.rows[1] == ("Nhiệm vụ chung", "", "Văn phòng Sở")
    assert table.rows[2] == ("2", "Truy xuất nguồn gốc", "Phòng QLKH")


def test_docx_list_number_rendered(docx_doc):
    items = [t for t in texts(docx_doc.blocks) if "Văn phòng Sở" in t or "Phòng Quản lý" in t]
    assert items == ["1. Văn phòng Sở", "2. Phòng Quản lý khoa học"]


def test_docx_bullet_and_explicit_numbering_off(tmp_path):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("Gạch đầu dòng", style="List Bullet")
    paragraph = document.add_paragraph("Không đánh số", style="List Number")
    numpr = OxmlElement("w:numPr")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "0")
    numpr.append(num_id)
    paragraph._p.get_or_add_pPr().append(numpr)
    path = tmp_path / "b.docx"
    document.save(path)
    assert texts(load_document(path).blocks) == ["- Gạch đầu dòng", "Không đánh số"]


def test_docx_vertical_merge_continuation_is_empty(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Đơn vị", "Nhiệm vụ"
    merged = table.cell(1, 0).merge(table.cell(2, 0))
    merged.text = "Sở KH&CN"
    table.cell(1, 1).text, table.cell(2, 1).text = "Nhiệm vụ A", "Nhiệm vụ B"
    path = tmp_path / "v.docx"
    document.save(path)
    (block,) = load_document(path).blocks
    assert block.rows == (("Đơn vị", "Nhiệm vụ"), ("Sở KH&CN", "Nhiệm vụ A"), ("", "Nhiệm vụ B"))


def test_docx_vietnamese_style_name_and_outline_level(tmp_path):
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.styles.add_style("Tiêu đề 2", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Mục theo kiểu tiếng Việt", style="Tiêu đề 2")
    paragraph = document.add_paragraph("Mục theo outline level")
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "2")
    paragraph._p.get_or_add_pPr().append(outline)
    path = tmp_path / "vi.docx"
    document.save(path)
    assert [b.heading_level for b in load_document(path).blocks] == [2, 3]


def test_docx_random_bytes_refused(tmp_path):
    data = random.Random(1).randbytes(2048)
    with pytest.raises(DocumentError, match="DOCX bị hỏng"):
        load_document(write(tmp_path, "hong.docx", data))


def test_docx_zip_without_document_part_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "không phải DOCX")
    with pytest.raises(DocumentError, match="DOCX bị hỏng"):
        load_document(write(tmp_path, "zip.docx", buffer.getvalue()))


# ---------------------------------------------------------------------- pdf


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


LONG_CELL = (
    "Ứng dụng công nghệ thông tin trong quản lý nhà nước về khoa học và công nghệ trên địa bàn tỉnh"
)


def _pdf_with_table() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(_font_dir() / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(_font_dir() / "DejaVuSans-Bold.ttf"))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.cell(text="KẾ HOẠCH HOẠT ĐỘNG KHOA HỌC VÀ CÔNG NGHỆ", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.cell(text=SENTENCE, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.cell(text="II. NHIỆM VỤ CỤ THỂ", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    with pdf.table(col_widths=(15, 95, 60)) as table:
        for data_row in (
            ("TT", "Nội dung", "Đơn vị chủ trì"),
            ("1", "Truy xuất nguồn gốc sản phẩm", "Sở Khoa học và Công nghệ"),
            ("2", "Đổi mới sáng tạo", "Sở Công Thương"),
            ("3", LONG_CELL, "Sở Thông tin và Truyền thông"),
        ):
            row = table.row()
            for value in data_row:
                row.cell(value)
    pdf.ln(4)
    pdf.cell(text="Đoạn sau bảng.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def pdf_doc(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "ke-hoach.pdf"
    path.write_bytes(_pdf_with_table())
    return load_document(path)


def test_pdf_pages_and_vietnamese_text(pdf_doc):
    assert pdf_doc.format == "pdf"
    by_page = {(nfc(b.text), b.page) for b in pdf_doc.blocks if b.kind == "text" and b.text.strip()}
    assert ("KẾ HOẠCH HOẠT ĐỘNG KHOA HỌC VÀ CÔNG NGHỆ", 1) in by_page
    assert (SENTENCE, 1) in by_page
    assert ("II. NHIỆM VỤ CỤ THỂ", 2) in by_page
    assert all(b.page in (1, 2) for b in pdf_doc.blocks)


def test_pdf_gap_becomes_blank_line(pdf_doc):
    page1 = [b.text for b in pdf_doc.blocks if b.page == 1]
    assert page1[1] == ""  # the 8 mm gap after the heading


def test_pdf_table_block_in_reading_order(pdf_doc):
    page2 = [b for b in pdf_doc.blocks if b.page == 2 and (b.kind == "table" or b.text)]
    assert [b.kind for b in page2] == ["text", "table", "text"]
    table = page2[1]
    assert [nfc(c) for c in table.rows[0]] == ["TT", "Nội dung", "Đơn vị chủ trì"]
    assert [nfc(c) for c in table.rows[1]] == [
        "1",
        "Truy xuất nguồn gốc sản phẩm",
        "Sở Khoa học và Công nghệ",
    ]
    assert nfc(table.rows[3][1]) == LONG_CELL  # wrapped cell lines joined by a space
    assert nfc(page2[2].text) == "Đoạn sau bảng."
    # Table text is not repeated as loose lines.
    assert not any("Đổi mới" in b.text for b in pdf_doc.blocks if b.kind == "text")


def test_pdf_without_text_layer_or_readable_scan_refused(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    with pytest.raises(DocumentError, match="OCR không đọc được chữ nào"):
        load_document(write(tmp_path, "scan.pdf", bytes(pdf.output())))


def test_pdf_corrupt_refused(tmp_path):
    with pytest.raises(DocumentError, match="PDF bị hỏng"):
        load_document(write(tmp_path, "hong.pdf", b"%PDF-1.4\n" + b"rac " * 200))


def test_pdf_encrypted_refused(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(_font_dir() / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.cell(text=SENTENCE)
    pdf.set_encryption(owner_password="chu", user_password="mat-khau")
    with pytest.raises(DocumentError, match="mã hoá"):
        load_document(write(tmp_path, "khoa.pdf", bytes(pdf.output())))


# ------------------------------------------------------------------- corpus


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_corpus_loads(path):
    doc = load_document(path)
    assert doc.blocks
    assert any(b.text.strip() for b in doc.blocks)
    assert all(b.kind == "text" for b in doc.blocks)


def test_seed_corpus_present_and_tabs_kept():
    assert len(sorted(CORPUS.glob("*.txt"))) >= 5
    doc = load_document(CORPUS / "tay-ninh-ubnd-ke-hoach-thuc-hien-nq08-2023.txt")
    assert sum("\t" in b.text for b in doc.blocks) >= 10
