import re
import unicodedata

from khcn_qa.records import Chunk, DocumentMeta, Hit
from khcn_qa.ui.render import (
    NO_NUMBER,
    answer_html,
    card_html,
    context_html,
    display_date,
    escape_text,
    highlight,
    query_words,
    word_mask,
)

TAGS = re.compile(r"<(?!/?(?:mark|span|div|br|sup|table|tr|th|td|p)\b)")


def marked(html_text: str, css: str) -> list[str]:
    return re.findall(rf'<span class="{css}">(.*?)</span>', html_text)


def make_hit(text: str, **meta) -> Hit:
    chunk = Chunk(source="a.txt", ordinal=3, text=text, section=("II. NỘI DUNG", "1. Nhiệm vụ"))
    return Hit(chunk=chunk, meta=DocumentMeta(source="a.txt", **meta), score=1.0)


def test_escape_text_neutralises_html_and_markdown():
    out = escape_text("<script>alert(1)</script> **x** [link](http://evil) `c` $x$\nhai")
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "**" not in out and "[link]" not in out and "`" not in out and "$" not in out
    assert "\n" not in out and out.endswith("<br>hai")


def test_highlight_escapes_script_inside_span():
    text = "Trước <script>alert(1)</script> sau"
    out = highlight(text, (0, len(text)), query_words("script"))
    assert "<script>" not in out
    assert "&lt;" in out and out.startswith('<mark class="kq-span">')
    assert not TAGS.search(out)


def test_query_words_drop_question_words_and_keep_accents():
    assert query_words("Ai chủ trì nhiệm vụ truy xuất nguồn gốc?") == (
        "chủ",
        "trì",
        "nhiệm",
        "vụ",
        "truy",
        "xuất",
        "nguồn",
        "gốc",
    )
    assert query_words("Chỉ tiêu TFP năm 2030 là bao nhiêu?") == ("chỉ", "tiêu", "tfp", "năm", "2030")
    assert query_words("ai chu tri, bao nhieu") == ("chu", "tri")


def test_unaccented_query_marks_accented_text():
    text = "Sở Khoa học và Công nghệ chủ trì truy xuất nguồn gốc sản phẩm."
    out = highlight(text, None, query_words("truy xuat nguon goc"))
    assert marked(out, "kq-q") == ["truy xuất nguồn gốc"]


def test_accented_query_marks_only_same_accents_and_whole_words():
    text = "Chi ngân sách; CHỈ TIÊU năm 2030; chỉ tiêuu; chi tieu"
    out = highlight(text, None, query_words("Chỉ tiêu năm 2030"))
    assert marked(out, "kq-q") == ["CHỈ TIÊU năm 2030", "chỉ"]


def test_tone_mark_style_and_nfd_text_still_match():
    text = unicodedata.normalize("NFD", "Ứng dụng hoà, nguồn gốc")
    out = highlight(text, None, query_words("hòa nguồn gốc"))
    spans = [unicodedata.normalize("NFC", m) for m in marked(out, "kq-q")]
    assert spans == ["hoà", "nguồn gốc"]
    mask = word_mask("Thuý", ["thúy"])
    assert all(mask)


def test_span_and_query_overlap_nest_properly():
    text = "Giao Sở KH&CN chủ trì thực hiện."
    start = text.index("Sở")
    end = text.index(" trì")
    out = highlight(text, (start, end), ("chủ", "trì"))
    assert out.startswith("Giao ")
    assert '<mark class="kq-span">Sở KH&amp;CN </mark>' in out
    assert '<mark class="kq-span"><span class="kq-q">chủ</span></mark><span class="kq-q"> trì</span>' in out
    assert out.endswith('<span class="kq-q"> trì</span> thực hiện.')


def test_out_of_range_span_is_clipped():
    out = highlight("abc", (1, 99), ())
    assert out == 'a<mark class="kq-span">bc</mark>'


def test_answer_html_styles_markers_and_escapes_rest():
    out = answer_html("Sở KH&CN <b>chủ trì</b> [1], phối hợp [2].")
    assert out.count('<sup class="kq-ref">') == 2
    assert "&lt;b&gt;" in out and "<b>" not in out
    assert "KH&amp;CN" in out


def test_card_html_shows_metadata_and_defaults():
    hit = make_hit("Nội dung <i>x</i>", title="Kế hoạch <b>2024</b>", province="Quảng Trị")
    out = card_html(hit, 2, None, ())
    assert "[2]" in out and "Kế hoạch &lt;b&gt;2024&lt;/b&gt;" in out
    assert NO_NUMBER in out and "Quảng Trị" in out
    assert "II. NỘI DUNG › 1. Nhiệm vụ" in out
    assert "<i>" not in out and "<b>" not in out


def test_iso_dates_shown_day_first():
    out = card_html(make_hit("x", date="2023-08-07"), 1)
    assert "Ngày: 07/08/2023" in out
    assert display_date("2022-02") == "02/2022"
    assert display_date("05/01/2024") == "05/01/2024"


def test_card_html_table_row_fields():
    chunk = Chunk(
        source="t.txt",
        ordinal=0,
        text="TT 1. Nội dung: Truy xuất <nguồn>; Chủ trì: Sở KH&CN",
        kind="table_row",
        fields={"Nội dung": "Truy xuất <nguồn>", "Chủ trì": "Sở KH&CN"},
        page=4,
    )
    hit = Hit(chunk=chunk, meta=DocumentMeta(source="t.txt", number="12/KH-SKHCN"), score=1)
    out = card_html(hit, None, None, ("truy",), nearest=True)
    assert "kq-near" in out and "12/KH-SKHCN" in out and "Trang 4" in out
    assert "<th>Chủ trì</th><td>Sở KH&amp;CN</td>" in out
    assert "kq-passage" not in out  # the row is shown once, as its table
    assert "&lt;nguồn&gt;" in out


def test_card_shows_a_partly_recovered_row_as_text_only():
    text = "TT 1. Xây dựng kế hoạch Ban Giám đốc Văn phòng Các phòng, đơn vị thuộc Sở Kế hoạch Tháng 01/2024"
    fields = {"Phân công chỉ đạo": "Ban Giám đốc", "Đơn vị chủ trì thực hiện": "Văn phòng"}
    chunk = Chunk(source="q.txt", ordinal=0, text=text, kind="table_row", fields=fields)
    out = card_html(Hit(chunk=chunk, meta=DocumentMeta(source="q.txt"), score=1), 1, (0, 5))
    assert out.count("Ban Giám đốc") == 1 and "kq-fields" not in out


def test_context_html_marks_focus_chunk():
    chunks = [Chunk(source="a.txt", ordinal=i, text=f"đoạn {i} <x>") for i in range(3)]
    out = context_html(chunks, "a.txt#1", ())
    assert out.count("<p") == 3 and '<p class="kq-focus">đoạn 1 &lt;x&gt;</p>' in out


def test_highlight_matches_whole_words_with_their_accents():
    def lit(text, question):
        return marked(highlight(text, None, query_words(question)), "kq-q")

    assert lit("Tổng giá trị sản xuất", "giá") == []
    assert lit("Nội dung xây dựng kế hoạch", "nội dung") == ["Nội dung"]
    assert lit("Giao Sở KH&ĐT và Sở KH chủ trì", "Sở KH") == ["Sở", "Sở KH"]
    assert lit("truy xuất nguồn gốc", "truy xuat nguon goc") == ["truy xuất nguồn gốc"]
