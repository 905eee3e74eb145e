"""Held-out documents whose layout differs from the five seed documents.

Every document is invented (a fictional set of 2025 documents of tỉnh Hà
Giang: units, people, numbers and tasks are made up) and written from code,
so no binary file is committed and each test can see exactly what the input
holds. The layouts the seeds do not have:

* a DOCX ``QUYẾT ĐỊNH`` of the UBND tỉnh: "Căn cứ" preamble, articles
  ``Điều 1.`` … ``Điều 3.`` with clauses ``1.`` and points ``a)``, a
  ``TM. / KT. / PHÓ CHỦ TỊCH`` signature, and a python-docx task table with
  columns no seed uses (``Nội dung công việc``, ``Đơn vị thực hiện``,
  ``Thời gian hoàn thành``, ``Kết quả dự kiến``, ``Kinh phí (triệu đồng)``),
  group rows and a ``Tổng cộng`` row;
* a Markdown ``BÁO CÁO`` of the Sở KH&CN numbered ``Phần I`` / ``1.`` /
  ``1.1.`` with ``-`` and ``+`` bullets, sentences holding several numbers,
  percentages, dates, named ``đồng chí`` and a pipe-markdown table;
* a TXT ``THÔNG BÁO`` with a TSV task table (``TT``, ``Tên nhiệm vụ``,
  ``Cơ quan chủ trì``, ``Cơ quan phối hợp``, ``Thời hạn``, ``Sản phẩm``), a
  group row per field and a row continued on the next line;
* a DOCX ``CÔNG VĂN`` whose header (issuer | national motto, số | date) and
  signature (Nơi nhận | signer) are two-column borderless tables, the way
  most Word templates of provincial agencies lay them out.

``write_layout_documents(folder)`` writes them all and returns their paths.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

QD_DOCX = "ha-giang-ubnd-quyet-dinh-1234-2025.docx"
BC_MD = "ha-giang-skhcn-bao-cao-quy-1-2025.md"
TB_TXT = "ha-giang-skhcn-thong-bao-de-xuat-nhiem-vu-2026.txt"
CV_DOCX = "ha-giang-skhcn-cong-van-bao-cao-6-thang-2025.docx"

SOURCES = (QD_DOCX, BC_MD, TB_TXT, CV_DOCX)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ----------------------------------------------------------------- a. QUYẾT ĐỊNH (DOCX)

QD_HEADER = [
    ("ỦY BAN NHÂN DÂN", "center", True),
    ("TỈNH HÀ GIANG", "center", True),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "center", True),
    ("Độc lập - Tự do - Hạnh phúc", "center", True),
    ("Số: 1234/QĐ-UBND", "left", False),
    ("Hà Giang, ngày 15 tháng 3 năm 2025", "right", False),
    ("QUYẾT ĐỊNH", "center", True),
    (
        "Về việc ban hành Kế hoạch ứng dụng và chuyển giao tiến bộ khoa học và công nghệ "
        "phục vụ phát triển nông nghiệp hàng hóa tỉnh Hà Giang năm 2025",
        "center",
        True,
    ),
    ("ỦY BAN NHÂN DÂN TỈNH HÀ GIANG", "center", True),
]

QD_PREAMBLE = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung "
    "một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
    "Căn cứ Luật Khoa học và Công nghệ ngày 18 tháng 6 năm 2013;",
    "Căn cứ Nghị quyết số 27/NQ-HĐND ngày 10 tháng 12 năm 2024 của Hội đồng nhân dân tỉnh về "
    "dự toán ngân sách địa phương năm 2025;",
    "Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 45/TTr-SKHCN ngày "
    "05 tháng 3 năm 2025.",
]

# (bold lead, rest of paragraph); bold lead "" means plain paragraph.
QD_BODY = [
    ("QUYẾT ĐỊNH:", ""),
    (
        "Điều 1.",
        " Ban hành kèm theo Quyết định này Kế hoạch ứng dụng và chuyển giao tiến bộ khoa học và "
        "công nghệ phục vụ phát triển nông nghiệp hàng hóa tỉnh Hà Giang năm 2025, gồm 07 nhiệm vụ "
        "thuộc 03 lĩnh vực (chi tiết tại Phụ lục kèm theo). Tổng kinh phí thực hiện Kế hoạch là "
        "3.850 triệu đồng từ nguồn sự nghiệp khoa học và công nghệ năm 2025 của tỉnh.",
    ),
    ("Điều 2.", " Tổ chức thực hiện"),
    ("", "1. Sở Khoa học và Công nghệ:"),
    (
        "",
        "a) Chủ trì, hướng dẫn, đôn đốc các đơn vị triển khai các nội dung của Kế hoạch; tổng hợp, "
        "báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện trước ngày 15 tháng 12 năm 2025.",
    ),
    (
        "",
        "b) Thẩm định nội dung, dự toán của từng nhiệm vụ; tổ chức kiểm tra, đánh giá kết quả "
        "thực hiện các mô hình trước khi nghiệm thu.",
    ),
    ("", "2. Sở Tài chính:"),
    (
        "",
        "a) Cân đối, bố trí đủ 3.850 triệu đồng kinh phí thực hiện Kế hoạch trong dự toán chi sự "
        "nghiệp khoa học và công nghệ năm 2025.",
    ),
    (
        "",
        "b) Hướng dẫn các đơn vị thực hiện thanh toán, quyết toán kinh phí theo quy định.",
    ),
    ("", "3. Sở Nông nghiệp và Môi trường:"),
    (
        "",
        "a) Chỉ đạo các đơn vị trực thuộc phối hợp với Trung tâm Ứng dụng tiến bộ khoa học và công "
        "nghệ lựa chọn hộ, hợp tác xã tham gia mô hình.",
    ),
    (
        "",
        "b) Hỗ trợ nhân rộng các mô hình hiệu quả sau khi kết thúc nhiệm vụ.",
    ),
    ("", "4. Ủy ban nhân dân các huyện, thành phố:"),
    (
        "",
        "a) Bố trí quỹ đất, lựa chọn địa điểm xây dựng mô hình trên địa bàn.",
    ),
    (
        "",
        "b) Giao phòng chuyên môn theo dõi, báo cáo kết quả thực hiện định kỳ 6 tháng.",
    ),
    (
        "Điều 3.",
        " Quyết định này có hiệu lực kể từ ngày ký.",
    ),
    (
        "",
        "Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Khoa học và Công nghệ, Tài chính, "
        "Nông nghiệp và Môi trường; Chủ tịch Ủy ban nhân dân các huyện, thành phố và Thủ trưởng "
        "các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
    ),
]

QD_RECIPIENTS = [
    "Nơi nhận:",
    "- Như Điều 3;",
    "- Bộ Khoa học và Công nghệ;",
    "- TTr Tỉnh ủy, TTr HĐND tỉnh;",
    "- Chủ tịch, các PCT UBND tỉnh;",
    "- Lưu: VT, KGVX.",
]

QD_SIGNATURE = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Lục Minh Khôi"]

QD_APPENDIX_HEAD = [
    ("PHỤ LỤC", True),
    ("DANH MỤC NHIỆM VỤ ỨNG DỤNG VÀ CHUYỂN GIAO TIẾN BỘ KHOA HỌC VÀ CÔNG NGHỆ NĂM 2025", True),
    ("(Kèm theo Quyết định số 1234/QĐ-UBND ngày 15/3/2025 của UBND tỉnh Hà Giang)", False),
]

QD_TABLE_HEADER = (
    "STT",
    "Nội dung công việc",
    "Đơn vị thực hiện",
    "Đơn vị phối hợp",
    "Thời gian hoàn thành",
    "Kết quả dự kiến",
    "Kinh phí (triệu đồng)",
)

QD_TABLE_ROWS = [
    ("I", "Lĩnh vực trồng trọt", "", "", "", "", ""),
    (
        "1",
        "Xây dựng mô hình trồng chè Shan tuyết theo tiêu chuẩn VietGAP tại huyện Vị Xuyên",
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
        "UBND huyện Vị Xuyên; Hợp tác xã chè Cao Bồ",
        "Tháng 11/2025",
        "Mô hình 20 ha chè được cấp chứng nhận VietGAP",
        "650",
    ),
    (
        "2",
        "Ứng dụng công nghệ vi ghép đỉnh sinh trưởng nhân giống cam sành sạch bệnh",
        "Trung tâm Giống cây trồng và vật nuôi tỉnh",
        "Sở Khoa học và Công nghệ; UBND huyện Bắc Quang",
        "Quý III/2025",
        "5.000 cây giống cam sành sạch bệnh",
        "480",
    ),
    (
        "3",
        "Chuyển giao quy trình trồng và sơ chế dược liệu đẳng sâm dưới tán rừng",
        "Sở Nông nghiệp và Môi trường",
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ; UBND huyện Quản Bạ",
        "Tháng 10/2025",
        "Quy trình kỹ thuật được chuyển giao cho 03 hợp tác xã",
        "720",
    ),
    ("II", "Lĩnh vực chăn nuôi và thủy sản", "", "", "", "", ""),
    (
        "4",
        "Ứng dụng chế phẩm sinh học làm đệm lót xử lý chất thải chăn nuôi bò vàng",
        "Chi cục Chăn nuôi và Thú y",
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ; UBND huyện Đồng Văn",
        "Tháng 9/2025",
        "30 hộ chăn nuôi áp dụng đệm lót sinh học",
        "390",
    ),
    (
        "5",
        "Xây dựng mô hình nuôi cá lồng trên hồ thủy điện Nậm Mu",
        "Trung tâm Dịch vụ nông nghiệp tỉnh",
        "UBND huyện Bắc Quang; Công ty Thủy điện Nậm Mu",
        "Tháng 12/2025",
        "40 lồng nuôi, năng suất 2,5 tấn/lồng/năm",
        "700",
    ),
    ("III", "Truy xuất nguồn gốc và sở hữu trí tuệ", "", "", "", "", ""),
    (
        "6",
        "Triển khai hệ thống truy xuất nguồn gốc cho sản phẩm mật ong bạc hà Mèo Vạc",
        "Chi cục Tiêu chuẩn Đo lường Chất lượng",
        "Sở Công Thương; UBND huyện Mèo Vạc",
        "Tháng 12/2025",
        "100% lô sản phẩm mật ong bạc hà được gắn tem truy xuất nguồn gốc",
        "560",
    ),
    (
        "7",
        "Quản lý và phát triển nhãn hiệu chứng nhận Thịt bò vàng Hà Giang",
        "Phòng Quản lý chuyên ngành, Sở Khoa học và Công nghệ",
        "Hội Chăn nuôi tỉnh; UBND các huyện vùng cao núi đá",
        "Tháng 8/2025",
        "Quy chế quản lý và bộ tiêu chí sử dụng nhãn hiệu chứng nhận",
        "350",
    ),
    ("", "Tổng cộng", "", "", "", "", "3.850"),
]


def _paragraph(document, text: str, align: str = "left", bold: bool = False, lead: str = ""):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.add_paragraph()
    if lead:
        paragraph.add_run(nfc(lead)).bold = True
    if text:
        paragraph.add_run(nfc(text)).bold = bold
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    return paragraph


def _fill_table(table, rows) -> None:
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = nfc(value)
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def write_decision_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for text, align, bold in QD_HEADER:
        _paragraph(document, text, align, bold)
    for text in QD_PREAMBLE:
        _paragraph(document, text).runs[0].italic = True
    for lead, rest in QD_BODY:
        if lead:
            _paragraph(document, rest, lead=lead)
        else:
            _paragraph(document, rest)
    for text in QD_RECIPIENTS:
        _paragraph(document, text, bold=text == "Nơi nhận:")
    for text in QD_SIGNATURE:
        _paragraph(document, text, "center", True)
    document.add_page_break()
    for text, bold in QD_APPENDIX_HEAD:
        _paragraph(document, text, "center", bold)
    table = document.add_table(rows=1 + len(QD_TABLE_ROWS), cols=len(QD_TABLE_HEADER))
    table.style = "Table Grid"
    _fill_table(table, [QD_TABLE_HEADER, *QD_TABLE_ROWS])
    document.save(path)
    return path


# ----------------------------------------------------------------- b. BÁO CÁO (Markdown)

BC_TEXT = """\
UBND TỈNH HÀ GIANG
**SỞ KHOA HỌC VÀ CÔNG NGHỆ**

Số: 86/BC-SKHCN

*Hà Giang, ngày 02 tháng 4 năm 2025*

# BÁO CÁO

## Kết quả hoạt động khoa học và công nghệ quý I năm 2025 và nhiệm vụ trọng tâm quý II năm 2025

Thực hiện Quyết định số 1234/QĐ-UBND ngày 15/3/2025 của UBND tỉnh và chương trình công tác năm 2025, Sở Khoa học và Công nghệ tỉnh Hà Giang báo cáo kết quả hoạt động quý I năm 2025 và nhiệm vụ trọng tâm quý II năm 2025 như sau:

## Phần I. KẾT QUẢ THỰC HIỆN QUÝ I NĂM 2025

### 1. Quản lý nhiệm vụ khoa học và công nghệ

#### 1.1. Công tác xác định, thẩm định nhiệm vụ

Trong quý I, Sở đã thẩm định 12 nhiệm vụ với tổng kinh phí 4.560 triệu đồng, trong đó 3 nhiệm vụ cấp tỉnh với kinh phí 2.940 triệu đồng và 9 nhiệm vụ cấp cơ sở với kinh phí 1.620 triệu đồng.

- Tổ chức 04 hội đồng tư vấn tuyển chọn, giao trực tiếp tổ chức, cá nhân chủ trì nhiệm vụ cấp tỉnh; 100% hồ sơ được xử lý đúng hạn.
- Phê duyệt danh mục 05 nhiệm vụ đặt hàng thực hiện từ năm 2026, trong đó:
+ 02 nhiệm vụ lĩnh vực nông nghiệp, lâm nghiệp;
+ 02 nhiệm vụ lĩnh vực khoa học xã hội và nhân văn;
+ 01 nhiệm vụ lĩnh vực y dược.

#### 1.2. Công tác kiểm tra, nghiệm thu nhiệm vụ

Đã tổ chức nghiệm thu 5 nhiệm vụ, trong đó 4 nhiệm vụ đạt loại khá trở lên (chiếm 80%) và 1 nhiệm vụ đạt yêu cầu; kiểm tra tiến độ 7 nhiệm vụ đang triển khai, 2 nhiệm vụ được gia hạn đến ngày 30/9/2025.

### 2. Tiêu chuẩn đo lường chất lượng và sở hữu trí tuệ

#### 2.1. Sở hữu trí tuệ

Hướng dẫn 17 tổ chức, cá nhân lập hồ sơ đăng ký nhãn hiệu; 06 sản phẩm OCOP được hỗ trợ xây dựng tem truy xuất nguồn gốc, nâng tổng số sản phẩm có tem truy xuất trên địa bàn tỉnh lên 143 sản phẩm.

#### 2.2. Thanh tra, kiểm tra

Phối hợp với Sở Công Thương kiểm tra 48 cơ sở kinh doanh xăng dầu, phát hiện 3 cơ sở vi phạm về đo lường, xử phạt vi phạm hành chính tổng số tiền 27,5 triệu đồng.

### 3. Kinh phí khoa học và công nghệ

Đến ngày 31/3/2025, tổng kinh phí đã giải ngân là 4.198 triệu đồng, đạt 17,0% dự toán năm, cụ thể:

| Nguồn kinh phí | Dự toán năm 2025 (triệu đồng) | Đã giải ngân quý I (triệu đồng) | Tỷ lệ (%) |
|---|---|---|---|
| Sự nghiệp khoa học và công nghệ | 18.500 | 3.330 | 18,0 |
| Đầu tư phát triển khoa học và công nghệ | 6.200 | 868 | 14,0 |
| Tổng cộng | 24.700 | 4.198 | 17,0 |

## Phần II. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2025

1. Hoàn thiện hồ sơ đặt hàng 05 nhiệm vụ cấp tỉnh thực hiện từ năm 2026, trình UBND tỉnh phê duyệt trước ngày 30/6/2025; giao đồng chí Nguyễn Thị Thu Hà, Phó Giám đốc Sở, chỉ đạo Phòng Quản lý khoa học thực hiện.
2. Đôn đốc các đơn vị triển khai 07 nhiệm vụ theo Quyết định số 1234/QĐ-UBND, bảo đảm giải ngân tối thiểu 45% dự toán trước ngày 30/6/2025.
3. Đồng chí Vàng Seo Dũng, Chánh Văn phòng Sở, chịu trách nhiệm tổng hợp báo cáo kết quả 6 tháng đầu năm 2025, gửi UBND tỉnh trước ngày 20/6/2025.

## Phần III. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ

- Một số nhiệm vụ ở các huyện vùng cao triển khai chậm do thời tiết rét đậm kéo dài trong tháng 01 và tháng 02.
- Kiến nghị UBND tỉnh bổ sung 1,5 biên chế cho Trung tâm Ứng dụng tiến bộ khoa học và công nghệ.

Nơi nhận:
- UBND tỉnh (b/c);
- Bộ Khoa học và Công nghệ (b/c);
- Lưu: VT, VP.

**GIÁM ĐỐC**

**Đỗ Thanh Tùng**
"""


def write_report_md(path: Path) -> Path:
    path.write_text(nfc(BC_TEXT), encoding="utf-8")
    return path


# ----------------------------------------------------------------- c. THÔNG BÁO (TXT + TSV)

TB_HEAD = """\
UBND TỈNH HÀ GIANG
SỞ KHOA HỌC VÀ CÔNG NGHỆ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 112/TB-SKHCN
Hà Giang, ngày 10 tháng 4 năm 2025

THÔNG BÁO
Về việc đề xuất đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh thực hiện từ năm 2026

Căn cứ Quyết định số 1234/QĐ-UBND ngày 15/3/2025 của UBND tỉnh Hà Giang;
Căn cứ kết quả họp Hội đồng tư vấn xác định nhiệm vụ ngày 28/3/2025.

Sở Khoa học và Công nghệ tỉnh Hà Giang thông báo danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh dự kiến đặt hàng thực hiện từ năm 2026 và việc nộp hồ sơ đăng ký chủ trì như sau:

1. Danh mục nhiệm vụ dự kiến đặt hàng
"""

TB_TABLE = [
    ("TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Sản phẩm"),
    ("I", "Lĩnh vực nông nghiệp, lâm nghiệp", "", "", "", ""),
    (
        "1",
        "Nghiên cứu phục tráng giống lúa nếp cẩm bản địa tại huyện Hoàng Su Phì",
        "Viện Khoa học Nông lâm nghiệp miền núi phía Bắc",
        "UBND huyện Hoàng Su Phì; Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
        "36 tháng (2026-2028)",
        "02 tấn hạt giống nguyên chủng; quy trình canh tác được công nhận",
    ),
    (
        "2",
        "Xây dựng chuỗi giá trị dược liệu tam thất gắn với bảo tồn nguồn gen",
        "Trường Đại học Nông Lâm - Đại học Thái Nguyên",
        "Sở Nông nghiệp và Môi trường; Công ty Cổ phần Dược liệu Cao Nguyên",
        "30 tháng (2026-2028)",
        "Vùng nguyên liệu 15 ha; 3 sản phẩm từ tam thất được công bố chất lượng",
    ),
    ("II", "Lĩnh vực khoa học xã hội và nhân văn", "", "", "", ""),
    (
        "3",
        "Bảo tồn và phát huy giá trị di sản văn hóa của người Lô Lô trên Cao nguyên đá Đồng Văn",
        "Viện Nghiên cứu Văn hóa",
        "Sở Văn hóa, Thể thao và Du lịch; UBND huyện Mèo Vạc",
        "24 tháng (2026-2027)",
        "Bộ tư liệu số hóa 200 hiện vật",
    ),
    # continuation of row 3 on the next line (page break in the source)
    ("", "", "", "", "", "và 01 phim tài liệu"),
    (
        "4",
        "Ứng dụng chuyển đổi số trong quản lý du lịch cộng đồng",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Khoa học và Công nghệ; Viễn thông Hà Giang",
        "18 tháng (2026-2027)",
        "Nền tảng số quản lý 25 điểm du lịch cộng đồng",
    ),
    ("III", "Lĩnh vực y dược", "", "", "", ""),
    (
        "5",
        "Sàng lọc bệnh tan máu bẩm sinh cho phụ nữ mang thai tại các huyện vùng cao",
        "Bệnh viện Đa khoa tỉnh Hà Giang",
        "Trung tâm Kiểm soát bệnh tật tỉnh; Trường Cao đẳng Y tế Hà Giang",
        "24 tháng (2026-2027)",
        "Quy trình sàng lọc; 3.000 phụ nữ mang thai được sàng lọc",
    ),
]

TB_TAIL = """\

2. Hồ sơ và thời hạn nộp hồ sơ
a) Hồ sơ đăng ký chủ trì nhiệm vụ gồm: đơn đăng ký, thuyết minh nhiệm vụ, tóm tắt hoạt động khoa học và công nghệ của tổ chức đăng ký, lý lịch khoa học của chủ nhiệm nhiệm vụ.
b) Thời hạn nộp hồ sơ: trước 17 giờ 00 ngày 30 tháng 5 năm 2025 (theo dấu bưu điện hoặc ngày nhận trực tiếp).
c) Nơi nhận hồ sơ: Phòng Quản lý khoa học, Sở Khoa học và Công nghệ tỉnh Hà Giang, số 08 đường Nguyễn Trãi, phường Nguyễn Trãi, thành phố Hà Giang.
3. Tổ chức tuyển chọn
Hội đồng tư vấn tuyển chọn tổ chức, cá nhân chủ trì nhiệm vụ dự kiến họp trong tháng 6/2025; kết quả được công bố trên Cổng thông tin điện tử của Sở.
4. Thông tin liên hệ
Chi tiết xin liên hệ bà Lý Thị Mai, chuyên viên Phòng Quản lý khoa học, điện thoại 0219 3868 246.

Nơi nhận:
- UBND tỉnh (b/c);
- Các sở, ban, ngành; UBND các huyện, thành phố;
- Các viện, trường, doanh nghiệp KH&CN;
- Lưu: VT, QLKH.

KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC

Nguyễn Thị Thu Hà
"""


def write_notice_txt(path: Path) -> Path:
    table = "\n".join("\t".join(row) for row in TB_TABLE)
    path.write_text(nfc(TB_HEAD + table + "\n" + TB_TAIL), encoding="utf-8")
    return path


# ----------------------------------------------------------------- d. CÔNG VĂN (DOCX, tables)

CV_HEADER_TABLE = [
    (
        "UBND TỈNH HÀ GIANG\nSỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
    ),
    (
        "Số: 415/SKHCN-VP\nV/v báo cáo kết quả thực hiện nhiệm vụ khoa học và công nghệ 6 tháng đầu năm 2025",
        "Hà Giang, ngày 05 tháng 6 năm 2025",
    ),
]

CV_BODY = [
    "Kính gửi:",
    "- Trung tâm Ứng dụng tiến bộ khoa học và công nghệ;",
    "- Chi cục Tiêu chuẩn Đo lường Chất lượng;",
    "- Các tổ chức chủ trì nhiệm vụ khoa học và công nghệ cấp tỉnh.",
    "Thực hiện Quyết định số 1234/QĐ-UBND ngày 15/3/2025 của UBND tỉnh, để có cơ sở tổng hợp báo cáo "
    "UBND tỉnh, Sở Khoa học và Công nghệ đề nghị các đơn vị thực hiện một số nội dung sau:",
    "1. Báo cáo tiến độ, khối lượng công việc đã hoàn thành và kinh phí đã sử dụng của từng nhiệm vụ "
    "đến hết ngày 15/6/2025, kèm theo hình ảnh minh chứng tại hiện trường.",
    "2. Báo cáo gửi về Văn phòng Sở bằng văn bản và qua hệ thống quản lý văn bản điều hành trước ngày "
    "18 tháng 6 năm 2025 để tổng hợp.",
    "3. Đơn vị chậm báo cáo sẽ bị xem xét khi đánh giá, xếp loại thi đua năm 2025.",
    "Mọi vướng mắc đề nghị liên hệ ông Hầu Mí Chư, chuyên viên Văn phòng Sở, điện thoại 0915 246 810.",
    "Sở Khoa học và Công nghệ đề nghị các đơn vị quan tâm, thực hiện./.",
]

CV_SIGNATURE_TABLE = [
    (
        "Nơi nhận:\n- Như trên;\n- Giám đốc Sở (b/c);\n- Lưu: VT, VP.",
        "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n\nNguyễn Thị Thu Hà",
    ),
]


def _borderless_table(document, rows) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            lines = nfc(value).split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)


def write_letter_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    _borderless_table(document, CV_HEADER_TABLE)
    for text in CV_BODY:
        _paragraph(document, text)
    _borderless_table(document, CV_SIGNATURE_TABLE)
    document.save(path)
    return path


# ----------------------------------------------------------------- all


def write_layout_documents(folder: Path) -> list[Path]:
    """Write the held-out documents into ``folder`` and return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_decision_docx(folder / QD_DOCX),
        write_report_md(folder / BC_MD),
        write_notice_txt(folder / TB_TXT),
        write_letter_docx(folder / CV_DOCX),
    ]
