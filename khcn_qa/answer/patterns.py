"""Where an intent's value sits: table columns, unit headings, numbers and dates in prose.

Column names differ between provinces ("Cơ quan chủ trì", "Đơn vị chủ trì",
"Đ.VỊ CHỦ TRÌ THỰC HIỆN"), so columns are recognised by folded keywords,
never by exact name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from khcn_qa.answer.scoring import folded_tokens, join_broken_codes, strip_markup
from khcn_qa.records import Chunk
from khcn_qa.text.normalize import fold, normalize_text

# (required folded keywords — any of, forbidden keywords) per intent.
_COLUMN_RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "who_lead": (("chu tri", "phu trach", "don vi thuc hien", "co quan thuc hien", "d.vi thuc hien"),
                 ("phoi hop", "chi dao", "thoi gian")),
    "who_coordinate": (("phoi hop",), ()),
    "when": (("thoi gian", "thoi han", "tien do", "thoi diem"), ()),
    "product": (("san pham", "ket qua", "dau ra"), ("noi dung",)),
    "content": (("noi dung", "ten nhiem vu", "nhiem vu", "cong viec"), ("san pham", "ket qua")),
}
_ORG_START = (
    r"(?:Sở|Chi cục|Phòng|Trung tâm|UBND|Ủy ban|Uỷ ban|Văn phòng|Ban|Thanh tra|Liên hiệp|Đài|Báo|"
    r"Trường|Bộ|Cục|Viện|Hội|Tỉnh ủy|Tỉnh đoàn|HĐND|Hội đồng|Các sở|Các Sở|Công an)"
)
_ORG = rf"({_ORG_START}[^,;.:()\n]{{0,90}}?(?:\([^()\n]{{1,80}}\))?)"
_LEAD_RES = (
    re.compile(rf"{_ORG}\s+(?:chủ trì|phụ trách|chịu trách nhiệm)"),
    re.compile(rf"(?:[Cc]hủ trì|[Đđ]ơn vị chủ trì|[Cc]ơ quan chủ trì)\s*:\s*{_ORG}"),
    re.compile(rf"(?:giao|[Gg]iao cho|do)\s+{_ORG}\s+(?:thực hiện|tham mưu|triển khai)"),
)
_QUALIFIER = r"(?:(?:trên|dưới|tối thiểu|tối đa|ít nhất|khoảng|hơn|gần)\s+)?"
_PERCENT_RE = re.compile(rf"{_QUALIFIER}\d+(?:[.,]\d+)?(?:\s*-\s*\d+(?:[.,]\d+)?)?\s*%")
_COUNT_RE = re.compile(rf"{_QUALIFIER}(\d+(?:[.,]\d+)*)((?:\s+(?!và\b|của\b|trong\b|vào\b|đến\b|năm\b)[^\W\d_]+){{1,3}})")
# (pattern, quality): a stated deadline answers "khi nào" better than a bare year.
_DATE_RES: tuple[tuple[re.Pattern[str], float], ...] = (
    (
        re.compile(
            r"(?:hoàn thành\s+)?(?:trước|chậm nhất|trong|hạn chót)\s+(?:ngày|tháng|quý)\s+"
            r"[\dIVX]+(?:/\d+)*(?:\s+năm\s+\d{4})?",
            re.I,
        ),
        0.85,
    ),
    (re.compile(r"(?:ngày\s+)?\d{1,2}/\d{1,2}/\d{4}"), 0.75),
    (re.compile(r"tháng\s+\d{1,2}(?:/\d{4}|\s+năm\s+\d{4})?", re.I), 0.75),
    (re.compile(r"quý\s+[IV1-4]+(?:/\d{4}|\s+năm\s+\d{4})?", re.I), 0.75),
    (re.compile(r"(?:hằng|hàng)\s+(?:năm|tháng|quý|tuần)|cả năm|định kỳ[^,;.]{0,40}", re.I), 0.7),
    (re.compile(r"giai đoạn\s+\d{4}\s*-\s*\d{4}", re.I), 0.55),
    (re.compile(r"(?:từ\s+|đến\s+)?năm\s+\d{4}", re.I), 0.5),
)
_DOC_REF_BEFORE = re.compile(r"số\s+\d[^\s,;]*(?:\s+[A-ZĐ][^\s,;]*)?\s+(?:ngày\s+)?$", re.I)
_YEAR_ONLY = re.compile(r"(?:19|20)\d\d")
_UNIT_HEADING = re.compile(rf"^\s*(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s*{_ORG_START}\b")
_NUMBERING = re.compile(r"^\s*(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s*")


def clean_value(value: str) -> str:
    """Display form of a cell or match: no markup, one space, no trailing separators."""
    text = " ".join(join_broken_codes(strip_markup(value)).split()).strip(" ;,:-")
    return text.rstrip(". ").rstrip(" ;,:")


def field_value(fields: Mapping[str, str], intent: str) -> str | None:
    """The cell answering ``intent`` in a table row, matched by folded column keywords."""
    rule = _COLUMN_RULES.get(intent)
    if rule is None:
        return None
    wanted, forbidden = rule
    for column, value in fields.items():
        name = " ".join(fold(column).split())
        if any(w in name for w in wanted) and not any(f in name for f in forbidden):
            cleaned = clean_value(value)
            if cleaned:
                return cleaned
    return None


def unit_of(chunk: Chunk) -> str | None:
    """The organisational unit doing the passage's items.

    The chunker's ``unit`` is preferred; failing that, the nearest heading
    that reads like a unit ("5. Chi cục Tiêu chuẩn Đo lường Chất lượng").
    """
    if chunk.unit:
        return clean_value(chunk.unit)
    for heading in reversed(chunk.section):
        normal = normalize_text(heading)
        if _UNIT_HEADING.match(normal) and len(normal) < 90:
            return clean_value(_NUMBERING.sub("", normal))
    return None


def lead_from_text(sentence: str) -> str | None:
    """An organisation named as leader in prose ("… Sở Tài chính chủ trì …")."""
    normal = normalize_text(join_broken_codes(strip_markup(sentence)))
    for regex in _LEAD_RES:
        match = regex.search(normal)
        if match:
            return clean_value(match.group(1))
    return None


def _topic_overlap(window: str, topic: Sequence[str]) -> int:
    words = set(folded_tokens(window))
    return sum(1 for t in topic if t in words)


def number_value(
    sentence: str, topic: Sequence[str], exclude: Sequence[str], prefer_percent: bool
) -> str | None:
    """The quantity a sentence states, skipping years, dates, document numbers and numbers from the question."""
    normal = normalize_text(join_broken_codes(strip_markup(sentence)))
    candidates: list[tuple[float, int, str]] = []
    for regex, bonus in ((_PERCENT_RE, 1.0 if prefer_percent else 0.5), (_COUNT_RE, 0.0)):
        for match in regex.finditer(normal):
            digits = re.search(r"\d+(?:[.,]\d+)*", match.group(0))
            if digits is None or digits.group(0) in exclude:
                continue
            after = normal[match.end() : match.end() + 1]
            if regex is _COUNT_RE and (_YEAR_ONLY.fullmatch(digits.group(0)) or after == "/"):
                continue
            before = normal[max(0, match.start() - 12) : match.start()]
            if re.search(r"(?:năm|số|đoạn|khóa|khoá|lần thứ|ngày)\s*$", before, re.I):
                continue
            window = normal[max(0, match.start() - 80) : match.start()]
            score = _topic_overlap(window, topic) + bonus
            candidates.append((score, -match.start(), clean_value(match.group(0))))
    if not candidates:
        return None
    return max(candidates)[2]


def date_value(sentence: str) -> tuple[str, float] | None:
    """The deadline or period a sentence states, most specific pattern first, with its quality.

    A date right after a document number ("Kế hoạch số 939/KH-UBND ngày
    11/5/2020") dates that document, not the task, and is skipped.
    """
    normal = normalize_text(join_broken_codes(strip_markup(sentence)))
    for regex, quality in _DATE_RES:
        for match in regex.finditer(normal):
            if _DOC_REF_BEFORE.search(normal[: match.start()]):
                continue
            value = clean_value(match.group(0))
            if value:
                return value, quality
    return None
