"""Build the scanned and mixed PDFs the OCR tests and the accuracy benchmark read.

A "scan" is Vietnamese text rendered with DejaVu Sans (shipped with
matplotlib) onto a white 300-dpi A4 image, with a ruled table, a red round
stamp and an ink signature, then saved as an image-only PDF page: exactly
what a scanner hands a Sở, and with a known ground truth (``SCAN_LINES``).
"""

from __future__ import annotations

import io
import math
import random
from pathlib import Path

DPI = 300
PAGE_SIZE = (2480, 3508)  # A4 at 300 dpi
MARGIN = 220
FONT_PX = 46  # about 11 pt at 300 dpi
LINE_PX = 78

SCAN_LINES: tuple[str, ...] = (
    "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH QUẢNG BÌNH",
    "KẾ HOẠCH",
    "Ứng dụng tiến bộ khoa học và công nghệ năm 2025",
    "I. MỤC TIÊU",
    "1. Mục tiêu chung",
    "Đẩy mạnh ứng dụng khoa học và công nghệ vào sản xuất nông nghiệp,",
    "nâng cao năng suất lúa và chất lượng đặc sản của địa phương.",
    "2. Chỉ tiêu cụ thể",
    "a) Xây dựng 12 mô hình trình diễn giống lúa chịu mặn tại huyện Lệ Thủy.",
    "b) Tỷ lệ doanh nghiệp đổi mới công nghệ đạt 18% vào cuối năm 2025.",
    "II. NHIỆM VỤ TRỌNG TÂM",
)
TABLE_ROWS: tuple[tuple[str, ...], ...] = (
    ("TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời gian"),
    ("1", "Nhân giống nấm linh chi đỏ", "Trung tâm Ứng dụng", "Quý II/2025"),
    ("2", "Truy xuất nguồn gốc nông sản", "Phòng Quản lý công nghệ", "Quý IV/2025"),
)
TABLE_COLUMNS = (150, 900, 700, 430)
CLOSING_LINES: tuple[str, ...] = ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Hùng")

MIXED_TEXT_LINES: tuple[str, ...] = (
    "UBND TỈNH QUẢNG BÌNH",
    "BÁO CÁO",
    "Kết quả hoạt động khoa học và công nghệ quý I năm 2025",
    "1. Tình hình chung",
    "Trong quý I, Sở đã thẩm định 7 đề tài cấp tỉnh về chuyển đổi số.",
)


def font_path(bold: bool = False) -> Path:
    """DejaVu Sans from matplotlib's data folder (present wherever matplotlib is)."""
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name


def truth_text() -> str:
    """Every word printed on the scan, in reading order, one line each (the OCR ground truth)."""
    table = [" ".join(row) for row in TABLE_ROWS]
    return "\n".join([*SCAN_LINES, *table, *CLOSING_LINES])


def render_scan(stamp: bool = True) -> object:
    """The scanned page as a PIL image: text, ruled table, stamp and signature."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", PAGE_SIZE, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path()), FONT_PX)
    y = MARGIN
    for line in SCAN_LINES:
        draw.text((MARGIN, y), line, font=font, fill=(20, 20, 20))
        y += LINE_PX
    y = _draw_table(draw, font, y + 30)
    x = PAGE_SIZE[0] - MARGIN - 800
    for index, line in enumerate(CLOSING_LINES):
        draw.text((x, y + 80 + index * LINE_PX + (220 if index == 2 else 0)), line, font=font, fill=(20, 20, 20))
    if stamp:
        _draw_signature(draw, x + 60, y + 80 + 2 * LINE_PX + 20)
        _draw_stamp(draw, x - 160, y + 60)
    return _as_scanned(image)


def _as_scanned(image: object) -> object:
    """What the scanner adds: a slight skew, soft edges and paper noise."""
    import numpy as np
    from PIL import Image, ImageFilter

    image = image.rotate(0.4, resample=Image.Resampling.BICUBIC, fillcolor="white")
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    pixels = np.asarray(image).astype(np.int16)
    noise = np.random.default_rng(11).normal(0, 10, pixels.shape[:2])[..., None]
    return Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))


def char_accuracy(truth: str, read: str) -> float:
    """1 − (character edit distance / characters of the truth), whitespace collapsed, NFC.

    Diacritics count: "Hùng" read as "Hung" is one error. Lines are compared
    as one text so a line split or merge costs only the space.
    """
    import unicodedata

    a = " ".join(unicodedata.normalize("NFC", truth).split())
    b = " ".join(unicodedata.normalize("NFC", read).split())
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return 1 - previous[-1] / max(len(a), 1)


def _draw_table(draw: object, font: object, top: int) -> int:
    row_height = 2 * LINE_PX
    width = sum(TABLE_COLUMNS)
    bottom = top + row_height * len(TABLE_ROWS)
    for index in range(len(TABLE_ROWS) + 1):
        draw.line([(MARGIN, top + index * row_height), (MARGIN + width, top + index * row_height)], fill="black", width=4)
    x = MARGIN
    for column in (0, *TABLE_COLUMNS):
        x += column
        draw.line([(x, top), (x, bottom)], fill="black", width=4)
    for r, row in enumerate(TABLE_ROWS):
        x = MARGIN
        for column, cell in zip(TABLE_COLUMNS, row, strict=True):
            draw.text((x + 20, top + r * row_height + 50), cell, font=font, fill=(20, 20, 20))
            x += column
    return bottom


def _draw_stamp(draw: object, x: int, y: int) -> None:
    """A red round seal with text around it, over the signature area."""
    from PIL import ImageFont

    red = (210, 30, 40)
    radius = 230
    cx, cy = x + radius, y + radius
    draw.ellipse([x, y, x + 2 * radius, y + 2 * radius], outline=red, width=12)
    draw.ellipse([x + 40, y + 40, x + 2 * radius - 40, y + 2 * radius - 40], outline=red, width=5)
    small = ImageFont.truetype(str(font_path(bold=True)), 34)
    for index, char in enumerate("SỞ KHOA HỌC VÀ CÔNG NGHỆ * QUẢNG BÌNH *"):
        angle = math.pi + index * (2 * math.pi / 38)
        draw.text((cx + 180 * math.cos(angle) - 12, cy + 180 * math.sin(angle) - 18), char, font=small, fill=red)
    draw.regular_polygon((cx, cy, 60), 5, fill=red)


def _draw_signature(draw: object, x: int, y: int) -> None:
    """A looping ink scribble: what a signature looks like to OCR."""
    rng = random.Random(7)
    points = [(x + i * 14, y + 60 + int(50 * math.sin(i / 2.5)) + rng.randint(-12, 12)) for i in range(36)]
    draw.line(points, fill=(25, 40, 120), width=7)
    draw.line([(x - 20, y + 120), (x + 480, y + 90)], fill=(25, 40, 120), width=5)


def image_pdf_bytes(images: list[object]) -> bytes:
    """Image-only PDF, one image per A4 page (no text layer at all)."""
    buffer = io.BytesIO()
    first, *rest = images
    first.save(buffer, "PDF", resolution=DPI, save_all=True, append_images=rest)
    return buffer.getvalue()


def mixed_pdf_bytes(scan: object) -> bytes:
    """Page 1 with a real text layer, page 2 the scanned image."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(font_path()))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    for line in MIXED_TEXT_LINES:
        pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.image(scan, x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


def write_scan_pdfs(folder: Path) -> tuple[Path, Path]:
    """Write ``ban-quet.pdf`` (one scanned page) and ``hon-hop.pdf`` (text page + scan)."""
    scan = render_scan()
    scanned = folder / "ban-quet.pdf"
    scanned.write_bytes(image_pdf_bytes([scan]))
    mixed = folder / "hon-hop.pdf"
    mixed.write_bytes(mixed_pdf_bytes(scan))
    return scanned, mixed
