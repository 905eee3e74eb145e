"""Document metadata read from the text itself, never from the file name.

File names are whatever the uploader chose; the header block (issuing body,
"Số: …/KH-…", "Tây Ninh, ngày … tháng … năm …"), the title under the document
type, the appendix line "(Kèm theo Kế hoạch số 2502/KH-UBND ngày …)" and the
name under the signature are what the document says about itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from khcn_qa.ingest import patterns as pat
from khcn_qa.ingest.cleanup import Line
from khcn_qa.records import DocumentMeta
from khcn_qa.text.normalize import fold

DOC_TYPES = (
    "KẾ HOẠCH", "BÁO CÁO", "QUYẾT ĐỊNH", "CÔNG VĂN", "TỜ TRÌNH", "THÔNG BÁO",
    "CHƯƠNG TRÌNH", "ĐỀ ÁN", "NGHỊ QUYẾT", "CHỈ THỊ", "HƯỚNG DẪN", "QUY CHẾ",
)  # fmt: skip
PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
    "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái", "Hồ Chí Minh",
)  # fmt: skip
_NUMBER_RE = re.compile(r"Số\s*:?\s*(\d+)\s*/\s*([A-ZĐ][A-ZĐ0-9&\-]*)")
_EMPTY_NUMBER_RE = re.compile(r"Số\s*:?\s*/\s*([A-ZĐ][A-ZĐ0-9&\-]*)")
_ATTACHED_RE = re.compile(
    r"\((?:Kèm theo|Đính kèm|Ban hành kèm theo)\s+(\w[\w ]{0,80}?)\s+số\s*(\d*)\s*/\s*([A-ZĐ][A-ZĐ0-9&\-]*)"
    r"\s*ngày\s*(\d{0,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
    r"(?:\s*của\s+([^)]{1,200}))?",
    re.I,
)
# Bounded repeats only: an unbounded place name made parse time quadratic in line
# length on long runs of capitalised words (390 KB took over a minute).
_PLACE_DATE_RE = re.compile(
    r"(?P<place>[A-ZĐ][\wÀ-ỹ ]{0,40}?),\s{0,5}ngày\s*(?P<d>\d{0,2})\s*tháng\s*(?P<m>\d{0,2})\s*năm\s*(?P<y>\d{4})"
)
_NAME_RE = re.compile(r"^(?:[A-ZĐ][a-zà-ỹđ]+\s){1,4}[A-ZĐ][a-zà-ỹđ]+$")
_SIGN_TITLES = ("GIÁM ĐỐC", "CHỦ TỊCH", "TRƯỞNG", "CHI CỤC TRƯỞNG", "VIỆN TRƯỞNG")
_SUFFIX_ISSUER = {"UBND": "Ủy ban nhân dân tỉnh", "KHCN": "Sở Khoa học và Công nghệ", "SKHCN": "Sở Khoa học và Công nghệ"}


def _sentence_case(text: str) -> str:
    if pat.is_caps_heading(text):
        lowered = text.lower()
        return lowered[:1].upper() + lowered[1:]
    return text


def _find_type(lines: Sequence[Line]) -> tuple[str | None, int]:
    for index, line in enumerate(lines[:40]):
        upper = line.text.upper().strip()
        for doc_type in DOC_TYPES:
            if upper == doc_type or (upper.startswith(doc_type + " ") and pat.is_caps_heading(line.text)):
                return doc_type.capitalize(), index
    return None, -1


def _title(lines: Sequence[Line], type_index: int, doc_type: str | None) -> str | None:
    if type_index < 0:
        return None
    first = lines[type_index].text.strip()
    parts = [first[len(doc_type or "") :].strip()] if len(first) > len(doc_type or "") else []
    for line in lines[type_index + 1 : type_index + 4]:
        text = line.text.strip()
        if text.startswith("Căn cứ") or pat.structural_marker(text):
            break
        if len(" ".join(parts)) > 40 and not pat.is_caps_heading(text):
            break
        parts.append(text)
        if len(text) > 60 and not pat.is_caps_heading(text):
            break
    body = " ".join(_sentence_case(p) for p in parts if p).strip()
    title = f"{doc_type} {body[:1].lower()}{body[1:]}" if body else doc_type
    if title and len(title) > 220:
        title = title[:220].rsplit(" ", 1)[0].rstrip(",;") + "…"
    return title


def _province(text: str) -> str | None:
    folded = fold(text)
    counts = {name: folded.count(fold(name)) for name in PROVINCES}
    match = _PLACE_DATE_RE.search(text)
    if match:
        place = fold(match.group("place"))
        for name in PROVINCES:
            if place.endswith(fold(name)):
                return name
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else None


def _signer(lines: Sequence[Line]) -> str | None:
    for index, line in enumerate(lines):
        text = line.text.strip().strip("*").strip()
        if any(title in text.upper() for title in _SIGN_TITLES) and pat.is_caps_heading(text + " X"):
            for follower in lines[index + 1 : index + 6]:
                candidate = follower.text.strip().strip("*").strip()
                if _NAME_RE.match(candidate):
                    return candidate
    return None


def extract_metadata(source: str, lines: Sequence[Line]) -> DocumentMeta:
    """Read type, number, date, issuer, province, title and signer from the lines."""
    full = "\n".join(line.text for line in lines)
    doc_type, type_index = _find_type(lines)
    number = date = issuer = None
    year: int | None = None
    head = "\n".join(line.text for line in lines[:15])
    if match := _NUMBER_RE.search(head):
        number = f"{match.group(1)}/{match.group(2)}"
    elif match := _EMPTY_NUMBER_RE.search(head):
        number = f"/{match.group(1)}"  # "Số: /KH-KHCN": a draft or scan whose number was left blank keeps its symbol
    suffix = (_NUMBER_RE.search(head) or _EMPTY_NUMBER_RE.search(head))
    if match := _PLACE_DATE_RE.search(head):
        day, month, year = match.group("d"), match.group("m"), int(match.group("y"))
        date = f"{year}-{int(month):02d}" if month else str(year)
        date = f"{date}-{int(day):02d}" if day and month else date
    if match := _ATTACHED_RE.search(full):
        if match.group(2) and not number:
            number = f"{match.group(2)}/{match.group(3)}"
        year = int(match.group(6))
        date = f"{year}-{int(match.group(5)):02d}"
        date = f"{date}-{int(match.group(4)):02d}" if match.group(4) else date
        issuer = match.group(7).strip() if match.group(7) else None
    if year is None and (found := re.search(r"năm (20\d\d)", full[:2000])):
        year = int(found.group(1))
    province = _province(full)
    if issuer is None:
        code = (suffix.group(suffix.lastindex or 1) if suffix else "") or (number or "")
        tail = code.rsplit("-", 1)[-1]
        issuer = _SUFFIX_ISSUER.get(tail)
        if issuer is None and "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in head.upper():
            issuer = "Sở Khoa học và Công nghệ"
        if issuer and province and "tỉnh" not in issuer:
            issuer = f"{issuer} tỉnh {province}"
        elif issuer and province:
            issuer = f"{issuer} {province}"
    return DocumentMeta(
        source=source,
        doc_type=doc_type,
        number=number,
        date=date,
        year=year,
        issuer=issuer,
        province=province,
        title=_title(lines, type_index, doc_type),
        signer=_signer(lines),
    )
