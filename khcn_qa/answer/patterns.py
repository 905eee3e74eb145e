"""Typed values in passage text: organisations, people, document references, dates, numbers, places.

Every finder returns values with their offsets in the text it was given,
so a reader can tell how close a value sits to the question's topic words.
Organisation prefixes, column keywords and document kinds come from the
lexicon; column names differ between provinces ("Cơ quan chủ trì",
"Đ.VỊ CHỦ TRÌ THỰC HIỆN", "Đơn vị thực hiện"), so columns are matched by
folded keywords, never by exact header text. All patterns are linear: no
nested quantifiers over unbounded text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from typing import NamedTuple

from khcn_qa.answer.scoring import DOUBLE_QUOTES, join_broken_codes, strip_markup
from khcn_qa.lexicon import lexicon
from khcn_qa.records import Chunk
from khcn_qa.text.normalize import fold, normalize_text


class Match(NamedTuple):
    """A value found in a text and where it starts."""

    value: str
    start: int
    quality: float = 1.0


def clean_value(value: str) -> str:
    """Display form of a cell or match: no markup, one space, no trailing separators."""
    text = " ".join(join_broken_codes(strip_markup(value)).split()).strip(" ;,:-")
    return text.rstrip(". ").rstrip(" ;,:")


@lru_cache(maxsize=16384)
def plain(text: str) -> str:
    """The text readers search: NFC, one tone style, codes re-joined, markup removed.

    Offsets into ``plain(text)`` are close to, not equal to, offsets in the
    original; readers use them only for distances, never for citation spans.
    """
    return normalize_text(join_broken_codes(strip_markup(text)))


_LOWER_CASE_PREFIXES = frozenset({"Phòng", "Sở", "Trường", "Viện", "Trung tâm", "Chi cục", "Văn phòng"})
"""Unit words staff also write in lower case mid-sentence ("phối hợp phòng Quản lý …"); short
words like "bộ", "ban", "hội" are left out: "tiến bộ KH&CN", "ban Giám khảo" name no unit."""


def _prefix_pattern(prefix: str) -> str:
    """E.g. "Liên hiệp" also matches "Liên Hiệp": only the first letter's case is fixed."""
    words = prefix.split()
    rest = "".join(rf"\s+[{w[0].upper()}{w[0].lower()}]{re.escape(w[1:])}" for w in words[1:])
    first = words[0]
    if prefix in _LOWER_CASE_PREFIXES:
        # Mid-sentence "phối hợp phòng Quản lý chuyên ngành": lower case, then a capitalised name.
        lower = r"(?<!cơ )" + re.escape(first[:1].lower() + first[1:]) + rest + r"(?=\s+[A-ZĐÀ-Ỹ])"  # not "cơ sở"
        return rf"(?:{re.escape(first) + rest}|{lower})"
    return re.escape(first) + rest


@cache
def _org_start() -> str:
    prefixes = sorted(lexicon().organisation_prefixes, key=len, reverse=True)
    return "(?:" + "|".join(_prefix_pattern(p) for p in prefixes) + r")\b"


_ORG_STOP = (
    r"chủ trì|phối hợp|thực hiện|phụ trách|chịu|tham mưu|triển khai|với|có|là|được|tổ chức|"
    r"hướng dẫn|theo|tại|trong|để|năm|hằng|xây dựng|đề xuất|ban hành|về|nhằm|cho|trước|chậm nhất|và các|và những|tổng hợp|xin ý kiến|gửi|thành(?!\s+phố)|kết hợp|gắn với|định kỳ|đúng quy|"
    r"phê duyệt|quyết định|kiểm tra|bố trí|phân bổ"
)


@cache
def _org_re() -> re.Pattern[str]:
    return re.compile(  # not inside a code: "03/2022/QĐ-UBND ngày …" names no "UBND ngày …"
        rf"(?<![-/\w])({_org_start()}(?:[^,;.:()\n]|\.(?=[A-ZĐ])|(?<=[Nn]ghiên cứu),(?=\s+[^\W\d_])){{0,90}}?(?:\s*\([^()\n]{{1,80}}\)(?:\s+[A-ZĐ][^\W\d_]*){{0,3}})?)"
        rf"(?=(?<![Nn]ghiên cứu),|[;:)\n]|\.(?![A-ZĐ])|(?<=\))\s+(?=(?:và|của|tại|để|nhằm|về|hoặc)\s)|\s+(?:{_ORG_STOP})\b|\s+và\s+{_org_start()}"
        rf"|\s+(?:Các|Những)\s|\s+(?:Tháng|Năm|Ngày|Quý|Cả năm)\b|$)"
    )  # "Trung tâm Khoa học và Công nghệ (KH&CN) Tây Ninh" goes on after its parenthesis; a lower-case
    # "và …" after one ends it: "Đồn Biên phòng Ninh Điền (huyện Châu Thành) và xã …". In a flattened
    # row the next cell ("Các phòng, đơn vị …", "Tháng 01/2024") starts after the name. A dot inside
    # an abbreviation ("Đại học Quốc gia TP.HCM") does not end it.


@cache
def _lead_res() -> tuple[re.Pattern[str], ...]:
    org = rf"({_org_start()}[^,;.:()\n]{{0,90}}?(?:\s*\([^()\n]{{1,80}}\))?)"
    return (
        re.compile(rf"{org}\s+(?:chủ trì|phụ trách|chịu trách nhiệm|là cơ quan thường trực|làm đầu mối)"),
        re.compile(rf"(?:[Cc]hủ trì|[Đđ]ơn vị chủ trì|[Cc]ơ quan chủ trì|[Đđ]ơn vị thực hiện)\s*:\s*{org}"),
        re.compile(rf"(?:[Gg]iao|[Gg]iao cho|[Đđ]ề nghị|[Yy]êu cầu|do)\s+{org}\s+(?:thực hiện|tham mưu|triển khai|chủ trì|tổ chức|xây dựng|hướng dẫn)"),
        re.compile(rf"^\s*{org}\s*:"),
        re.compile(rf"{org}\s+(?:thực hiện|tham mưu|triển khai|tổ chức|xây dựng|hướng dẫn|theo dõi)"),
    )


@cache
def _coordinate_res() -> tuple[re.Pattern[str], ...]:
    org = rf"({_org_start()}[^;.:()\n]{{0,160}}?)"
    return (
        re.compile(rf"[Pp]hối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+{org}(?=\s+(?:thực hiện|triển khai|tổ chức|để|trong|xây dựng|hướng dẫn|đề xuất|tham mưu|nghiên cứu|rà soát|ban hành)\b|[;.:\n]|$)"),
        re.compile(rf"(?:[Cc]ơ quan|[Đđ]ơn vị)\s+phối hợp\s*:\s*{org}(?=[;.\n]|$)"),
        re.compile(rf"{org}\s+phối hợp"),
        re.compile(rf"giữa\s+{_org_start()}[^;.:()\n]{{0,60}}?\s+(?:với|và)\s+{org}(?=[;.:\n]|\s+(?:về|trong|nhằm|để)\b|$)"),
    )


_PERSON_RE = re.compile(
    r"(?:đồng chí|Đồng chí|đ/c|Đ/c|ông|Ông|bà|Bà|PGĐ|GĐ|Giám đốc|Phó Giám đốc|TS\.|ThS\.)\s+"
    r"([A-ZĐ][^\W\d_]+(?:\s+[A-ZĐ][^\W\d_]+){1,3})"
)
DOC_KINDS = (
    "Quyết định|Nghị quyết|Kế hoạch|Thông tư|Chỉ thị|Công văn|Nghị định|Chương trình hành động|"
    "Chương trình|Luật|Thông báo|Hướng dẫn|Đề án|Báo cáo|Văn bản|Tiêu chuẩn|TCVN|Kết luận"
)
DOC_REF_RE = re.compile(
    rf"(?P<kind>{DOC_KINDS})\s+(?:số\s+)?(?P<code>\d+(?:\s*[/-]\s*[\dA-ZĐa-zđ&]+)+)"
    r"(?P<date>\s+ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\s+ngày\s+\d{1,2} tháng \d{1,2} năm \d{4})?"
    r"(?P<of>\s+của\s+[^,;.()\n\"“”]{3,60}?(?=[,;.()\n\"“”]|\s+(?:về|quy định|phê duyệt|ban hành|thực hiện|triển khai|định hướng)\b|$))?",
    re.I,
)
_PLACE_RE = re.compile(
    r"(?i:huyện|thị xã|thành phố|xã|phường|thị trấn|tỉnh|TP\.?)\s+"
    r"[A-ZĐ][^\W\d_]+(?:\s+[A-ZĐ][^\W\d_]+){0,3}"
    r"(?:(?:\s+[^\W\d_]+)?\s?[-–]\s?[A-ZĐ][^\W\d_]+(?:\s+[A-ZĐ][^\W\d_]+|\s+[a-zđ][^\W\d_]*(?=\s+[^\W\d_]+\s))?)?"
)
"""A place written with its kind: "huyện Châu Thành", "thành phố Phan Rang-Tháp Chàm" (joined
names keep both halves, however the conversion capitalised them)."""
_QUOTED_RE = re.compile(r"[“\"]([^”\"\n]{6,180})[”\"]")
_QUALIFIER = r"(?:(?:trên|dưới|tối thiểu|tối đa|ít nhất|khoảng|hơn|gần|đạt|đạt từ|từ)\s+)?"
_PERCENT_RE = re.compile(rf"{_QUALIFIER}\d+(?:[.,]\d+)?(?:\s*-\s*\d+(?:[.,]\d+)?)?\s*%")
_COUNT_STOP = r"và|của|trong|vào|đến|năm|ngày|tháng|với|tổng|cho|được|đã|tại|theo|là|trên|thuộc|gồm|đạt|so|về"
# Up to eight syllables: "09 vùng nông nghiệp ứng dụng công nghệ cao", "05 nhiệm vụ cấp quốc gia"
# are nouns of many syllables; the stop words end a count's noun well before that.
_COUNT_RE = re.compile(
    rf"{_QUALIFIER}(\d+(?:[.,]\d+)*)((?:\s+(?!(?:{_COUNT_STOP})\b)[^\W\d_]+(?:&[^\W\d_]+)?){{1,8}})"
)
_MONEY_RE = re.compile(r"\d+(?:[.,]\d+)*\s*(?:triệu|tỷ|nghìn|ngàn)?\s*đồng", re.I)
# (pattern, quality): a stated deadline answers "khi nào" better than a bare year.
_DATE_RES: tuple[tuple[re.Pattern[str], float, str], ...] = (
    # "dịp trước, trong và sau Tết Nguyên đán Nhâm Dần năm 2022": a time named by its occasion.
    (re.compile(r"(?:nhân\s+)?dịp\s+(?:(?:trước|trong|sau)(?:,\s*|\s+và\s+|\s+))*(?:Tết|lễ|ngày|kỷ niệm|Quốc khánh)[^,;.()\n*]{2,60}?"
                r"(?=\s*[,;.()\n*]|\s+(?:theo|của|tại|trên|để|nhằm)\s|$)", re.I), 0.8, "ngay"),
    (re.compile(r"(?:hoàn thành\s+)?(?:trước|chậm nhất|trong|hạn chót|xong trước)\s+(?:ngày|tháng|quý)\s+"
                r"[\dIVX]+(?:/\d+)*(?:\s+tháng\s+\d{1,2})?(?:\s+năm\s+\d{4})?", re.I), 0.85, "deadline"),
    (re.compile(r"(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.I), 0.75, "ngay"),
    (re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])"), 0.7, "ngay"),
    (re.compile(r"tháng\s+\d{1,2}(?:\s*/\s*\d{4}|\s+năm\s+\d{4})?", re.I), 0.75, "thang"),
    (re.compile(r"quý\s+[IV1-4]+(?:\s*/\s*\d{4}|\s+năm\s+\d{4})?", re.I), 0.75, "quy"),
    (re.compile(r"(?:hằng|hàng)\s+(?:năm|tháng|quý|tuần)|cả năm|thường xuyên|định kỳ(?:\s+(?:(?:hằng|hàng)\s+)?(?:năm|tháng|quý|tuần)|\s+\d+\s+(?:tháng|năm|ngày|tuần))?", re.I), 0.7, "recurring"),
    (re.compile(r"(?:giai đoạn|từ năm|năm)\s+\d{4}\s*-\s*\d{4}|từ năm\s+\d{4}\s+đến(?:\s+năm)?\s+\d{4}", re.I), 0.6, "giai doan"),
    (re.compile(r"(?:ngay\s+)?(?:từ\s+)?(?:đầu|cuối|giữa)\s+năm\s+\d{4}|(?:năm\s+)?\d{4}\s+và\s+(?:các\s+)?năm\s+tiếp\s+theo", re.I), 0.6, "nam"),
    (re.compile(r"(?:từ\s+|đến\s+|trong\s+|sau\s+)?năm\s+\d{4}", re.I), 0.5, "nam"),
)
_DURATION_RE = re.compile(r"(?:trong\s+(?:vòng\s+)?|kéo dài\s+|định kỳ\s+)?\d+\s+(?:ngày|tháng|năm|tuần|quý)(?:\s+tuổi|\s+một lần|\s+/\s*lần)?", re.I)
_DOC_REF_BEFORE = re.compile(
    r"(?:số\s+\d[^\s,;]*(?:\s+[A-ZĐ][^\s,;]*)?|\d+[/-][A-ZĐa-zđ0-9][^\s,;]*)\s+(?:ngày\s+)?$", re.I
)
_YEAR_ONLY = re.compile(r"(?:19|20)\d\d")
_NUMBERING = re.compile(r"^\s*(?:PHẦN\s+[IVX]+|Phần\s+[IVX]+|Điều\s+\d+|[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.):]?\s+")


def field_for(fields: Mapping[str, str], role: str) -> tuple[str, str] | None:
    """(column, cell) of a table row whose column plays ``role`` (lead, time, product …)."""
    rule = lexicon().columns.get(role)
    if rule is None:
        return None
    for column, value in fields.items():
        if rule.matches(column):
            cleaned = clean_value(value)
            if cleaned:
                return column, cleaned
    return None


def unit_of(chunk: Chunk) -> str | None:
    """The organisational unit doing the passage's items (the heading in these plans)."""
    from khcn_qa.ingest.patterns import names_unit

    if chunk.unit:
        return _unit_opening(clean_value(chunk.unit), 12)
    for heading in reversed(chunk.section):
        normal = _NUMBERING.sub("", normalize_text(heading))
        if names_unit(normal) and len(normal) < 90:
            return _unit_opening(clean_value(normal), 8)
    return None


_UNIT_HEAD_RE = re.compile(r"^(?:Thủ trưởng|Chủ tịch|Giám đốc|Lãnh đạo|Người đứng đầu)\s+(?:các\s+)?(\S.*)$")


def heads_of_units(chunk: Chunk) -> str | None:
    """The heads of units the nearest heading charges ("Thủ trưởng các sở, ban, ngành tỉnh"), if any."""
    for heading in reversed(chunk.section):
        if headed := _heads_of_units(_NUMBERING.sub("", normalize_text(heading))):
            return headed
    return None


def _heads_of_units(heading: str) -> str | None:
    """"1. Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch UBND các huyện …": the heads of the units
    a heading charges (its first clause), who answer "ai có trách nhiệm …" for the items under it.
    """
    match = _UNIT_HEAD_RE.match(heading)
    if not match:
        return None
    prefixes = (*(p + " " for p in lexicon().folded_prefixes), "so,", "ban,", "nganh")
    if not fold(match.group(1)).startswith(prefixes):
        return None
    first = clean_value(re.split(r"[;:…]", heading)[0])
    return first if 2 <= len(first.split()) <= 12 else None


def _unit_opening(text: str, words: int) -> str | None:
    """``text`` when it is a unit's name; the unit opening it when it is a sentence: "1. Văn phòng Sở
    tham mưu, giúp lãnh đạo Sở theo dõi …" was read as a heading, and its unit is "Văn phòng Sở".
    """
    if len(text.split()) <= words:
        return text
    first = next(organisations(text), None)
    return first.value if first is not None and first.start == 0 else None


def heading_name(heading: str) -> str:
    """A section heading without its numbering ("3. Hoạt động …" → "Hoạt động …")."""
    return clean_value(_NUMBERING.sub("", normalize_text(heading)).rstrip("…"))


def is_organisation(value: str) -> bool:
    """An organisation, not a noun phrase that starts like one ("Tổ chức đoàn …", "Báo cáo …"),
    nor half of a two-part name ("Sở Kế hoạch" cut from "Sở Kế hoạch và Đầu tư" by a cell break).
    """
    folded = " ".join(fold(value).split())
    return len(folded.split()) >= 2 and not _cut_in_half(folded) and not any(
        folded == word or folded.startswith(word + " ") for word in lexicon().not_organisations
    )


def _cut_in_half(folded: str) -> bool:
    words = tuple(re.findall(r"[a-z0-9&]+", folded))
    return any(len(words) < len(full) and full[: len(words)] == words for full in _department_words())


@cache
def _department_words() -> tuple[tuple[str, ...], ...]:
    """The lexicon's two-part department names as word tuples (split once, checked for every unit)."""
    return tuple(tuple(re.findall(r"[a-z0-9&]+", name)) for name in lexicon().department_names)


def opens_with_unit(text: str) -> bool:
    """True when ``text`` starts with an organisation prefix ("Sở …", "Trung tâm …", "phòng Quản lý …")."""
    return bool(re.match(_org_start(), text.lstrip()))


def organisations(text: str) -> Iterator[Match]:
    """Every organisation named in ``text``, and one named by its acronym ("tổ chức NEDO Nhật Bản")."""
    named: list[tuple[int, int]] = []
    for match in _org_re().finditer(text):
        value = clean_value(match.group(1))
        if is_organisation(value) and not _second_syllable(text, match.start(1), value):
            named.append(match.span(1))
            yield Match(value, match.start(1))
    prefixes = lexicon().folded_prefixes
    for match in _ACRONYM_ORG_RE.finditer(text):
        inside = any(s <= match.start(1) < e for s, e in named)  # "Công ty TNHH Phòng khám …" is named already
        if not inside and fold(match.group(1).split()[0]) not in prefixes:
            yield Match(match.group(1), match.start(1), 0.8)


def _second_syllable(text: str, start: int, value: str) -> bool:
    """True when the unit word at ``start`` ends a compound instead ("thị trường", "cơ sở")."""
    before = re.search(r"(\w+)\s+$", text[max(0, start - 12) : start])
    return before is not None and fold(f"{before.group(1)} {value.split()[0]}") in lexicon().compounds_ending_in_a_unit


def with_post(sentence: str, value: str) -> str:
    """``value`` with the post written right before it ("Chủ tịch UBND tỉnh", "Giám đốc Sở …").

    "Ai giao dự toán …?" is answered by the person's office, not the body it heads:
    "… của Chủ tịch UBND tỉnh" is not "… của UBND tỉnh".
    """
    at = sentence.find(value)
    if at <= 0:
        return value
    match = _post_before_re().search(sentence[max(0, at - 40) : at])  # spaces only: a tab is another cell
    return f"{match.group(1)} {value}" if match else value


def starts_with_post(value: str) -> bool:
    """True for "Chủ tịch UBND tỉnh …": a person's office, which takes no role verb after it."""
    return bool(re.match(rf"{_posts()}\s", value))


@cache
def _posts() -> str:
    """The posts of ``lexicon().person_roles`` as written before a unit ("Chủ tịch", "Phó Giám đốc")."""
    roles = sorted(lexicon().person_roles, key=len, reverse=True)
    return "(?:" + "|".join(_prefix_pattern(r[:1].upper() + r[1:]) for r in roles) + ")"


@cache
def _post_before_re() -> re.Pattern[str]:
    return re.compile(rf"(?:^|\s)({_posts()}) +$")


_ACRONYM_ORG_RE = re.compile(
    r"\b(?:[Tt]ổ chức|[Cc]ơ quan|[Qq]uỹ|[Cc]ông ty|[Tt]ập đoàn)\s+([A-ZĐ][A-ZĐ0-9]{2,}(?:\s+[A-ZĐ][^\W\d_]+){0,2})(?![\w&])"
)
"""A foreign or national body written as its acronym: the usual prefixes ("Sở", "Trung tâm") do not open it."""


def organisation_list(text: str) -> Iterator[Match]:
    """Two or more organisations named one after another ("cho Trung tâm … và Công ty …"), verbatim.

    The parties of an agreement ("giữa Sở KH&CN, Làng Công nghệ sinh thái và Trường …")
    are a list even where one of them opens with no unit word.
    """
    for match in _PARTIES_RE.finditer(text):
        parties = clean_value(match.group(1))
        if re.search(r",|\svà\s", parties) and re.match(_org_start(), parties):
            yield Match(parties, match.start(1), 0.95)
    found = list(organisations(text))
    run: list[Match] = []
    for match in [*found, None]:
        if match is not None and run:
            gap = text[run[-1].start + len(run[-1].value) : match.start]
            if re.fullmatch(r"\s*(?:,|và|,\s*và)?\s*", gap):
                run.append(match)
                continue
        if len(run) >= 2:
            end = run[-1].start + len(run[-1].value)
            yield Match(text[run[0].start : end], run[0].start, 0.95)
        run = [match] if match is not None else []


_PARTIES_RE = re.compile(r"\bgiữa\s+((?:[^;.:\n]|\.(?=[A-ZĐ])){5,200}?)(?=\s+(?:về|trong|nhằm|để)\b|[;:\n]|\.(?![A-ZĐ])|$)")


def leaders(text: str) -> Iterator[Match]:
    """Organisations named as doing or leading the work ("Sở Tài chính chủ trì", "giao Sở …")."""
    for rank, regex in enumerate(_lead_res()):
        for match in regex.finditer(text):
            value = clean_value(match.group(1))
            if is_organisation(value):
                yield Match(value, match.start(1), 0.85 - 0.05 * rank)


def coordinators(text: str) -> Iterator[Match]:
    """Organisations named as coordinating ("phối hợp với Sở …", "giữa Sở … với Tỉnh đoàn …")."""
    for rank, regex in enumerate(_coordinate_res()):
        for match in regex.finditer(text):
            value = clean_value(match.group(1))
            if is_organisation(value):
                yield Match(value, match.start(1), 0.85 - 0.1 * rank)


_ROLE_SUBJECT_RE = re.compile(
    r"^[\s\-–•+*]*((?:Người đứng đầu|Thủ trưởng|Lãnh đạo)(?:\s+[^\s.;:()]+){1,8}?)"
    r"(?=\s+(?:chịu|có trách nhiệm|phải|trực tiếp|chủ trì|chỉ đạo|thực hiện|tổ chức|quán triệt|căn cứ)\b)"
)


def role_subjects(text: str) -> Iterator[Match]:
    """Whoever a sentence opens with by post, not by name: "Người đứng đầu các cấp, các ngành
    chịu trách nhiệm trực tiếp chỉ đạo …" answers "ai chỉ đạo …" with the post it charges.
    """
    match = _ROLE_SUBJECT_RE.match(text)
    if match:
        yield Match(clean_value(match.group(1)), match.start(1), 0.85)


def people(text: str) -> Iterator[Match]:
    """People named with a title ("đồng chí …", "PGĐ Đào Ngọc Hoàng"), not "Giám đốc Sở …"."""
    org = re.compile(_org_start())
    for match in _PERSON_RE.finditer(text):
        if org.match(match.group(1)):
            continue
        value = match.group(0)
        words = match.group(1).split()
        # A flattened row runs the name into the next cell: "PGĐ Đào Ngọc Hoàng Phòng Quản lý …".
        while len(words) > 2 and org.match(" ".join(words[-1:]) + text[match.end() : match.end() + 12]):
            value = value[: value.rfind(words.pop())].rstrip()
        yield Match(clean_value(value), match.start())


def document_refs(text: str) -> Iterator[Match]:
    """References to other documents: kind, number, date and issuer where written."""
    for match in DOC_REF_RE.finditer(text):
        value = clean_value(re.sub(r"\s*([/-])\s*", r"\1", match.group(0)))
        yield Match(value, match.start())


_NAMED_DOC_RE = re.compile(
    r"(?:[Bb]an hành|[Xx]ây dựng|[Tt]rình|[Ss]ửa đổi|[Bb]ổ sung|\svà)\s+"
    r"((?:Quy chế|Quy định|Nghị quyết|Kế hoạch|Đề án|Chương trình|Danh mục|Quyết định|Chỉ thị|Hướng dẫn)"
    r"(?!\s+(?:số\s+)?\d)\s+[^;.()\n\d]{6,160}?)"
    r"(?=\s+(?:thay thế|trên địa bàn|theo|nhằm|để|của)\b|[;.()\n]|$)"
)


_STANDARD_RE = re.compile(r"(?<![\w])(?:TCVN\s+)?ISO(?:/IEC)?\s+\d{3,5}(?:\s*:\s*\d{4})?(?![\w:])")


def standards(text: str) -> Iterator[Match]:
    """Standards cited by code ("TCVN ISO 9001:2015", "ISO/IEC 17025"), which carry no "số"."""
    for match in _STANDARD_RE.finditer(text):
        yield Match(" ".join(match.group(0).split()), match.start(), 0.9)


def named_documents(text: str) -> Iterator[Match]:
    """Documents named without a number, as plans propose them ("ban hành Quy định quản lý …")."""
    for match in _NAMED_DOC_RE.finditer(text):
        yield Match(unquoted(clean_value(match.group(1))), match.start(1), 0.75)


def unquoted(value: str) -> str:
    """A name stated without the document's quotation marks (the answer says it, it does not quote it)."""
    return " ".join("".join(" " if ch in DOUBLE_QUOTES else ch for ch in value).split())


_NOT_A_NAME = frozenset({"quy dinh", "quy che", "quy hoach", "quy trinh", "ke hoach", "nghi quyet", "chi thi", "de an", "chuong trinh"})


def places(text: str) -> Iterator[Match]:
    """Administrative places ("huyện Châu Thành", "thành phố Tây Ninh")."""
    for match in _PLACE_RE.finditer(text):
        following = fold(text[match.end() : match.end() + 12]).split()[:1]
        last = fold(match.group(0).split()[-1])
        if following and f"{last} {following[0]}" in _NOT_A_NAME:
            continue  # "UBND tỉnh Quy định …": a capital that opens a document's name, not a place
        yield Match(clean_value(match.group(0)), match.start())


_SITE_RE = re.compile(
    r"(?<!\w)(?:Trạm|Trại|Vườn|Nhà máy|Làng|Điểm|Khu)\s+[^.;:()\n]{3,80}?\s(?<!\svà\s)(?<!\scủa\s)"
    r"([A-ZĐ][^\W\d_]+(?:\s+[A-ZĐ][^\W\d_]+){1,3})(?!\s*[A-ZĐ(])"
)


def sites(text: str) -> Iterator[Match]:
    """The place a site's name ends with: "Trạm Nghiên cứu, Ứng dụng khoa học và công nghệ
    Bắc Hướng Hóa" sits in Bắc Hướng Hóa, a district named without "huyện".
    """
    for match in _SITE_RE.finditer(text):
        before = text[: match.start(1)].split()
        if before and before[-1][:1].islower():
            yield Match(clean_value(match.group(1)), match.start(1), 0.8)


_CITY_NAMES = ("TP. Hồ Chí Minh", "TP.HCM", "TP. HCM", "TP HCM", "Thành phố Hồ Chí Minh", "Hà Nội", "Đà Nẵng", "Hải Phòng", "Huế")


@cache
def _seat_re() -> re.Pattern[str]:
    names = sorted({*_CITY_NAMES, *lexicon().provinces}, key=len, reverse=True)
    towns = "|".join(re.escape(n) for n in names)
    return re.compile(
        rf"(?<!\w)(?:[Tt]rường|Đại học|Học viện|Viện|Trung tâm|Công ty|Bệnh viện)\s+[^.;:()\n]{{2,60}}?\s({towns})(?!\w)"
    )


def seats(text: str) -> Iterator[Match]:
    """The city a unit's name ends with: "Trường Đại học Nông Lâm TP.HCM" is in TP.HCM.

    Universities, institutes and centres carry their seat in their name; asked
    "… đóng ở đâu?", that is the only place the documents give.
    """
    for match in _seat_re().finditer(text):
        yield Match(match.group(1), match.start(1), 0.9)


_LOCATED_RE = re.compile(
    r"(?<!\w)(?:tại|ở|thuộc|trên địa bàn|trong(?=\s+(?:các|những)\s+(?:trường|cơ sở|bệnh viện|khu|xã|huyện|làng|trạm|trại)\b))"
    r"\s+([^,;.:()\n]{3,90}?(?:\s*\([^()\n]{1,20}\)[^,;.:()\n]{0,30})?)"
    r"(?=\s+(?:về|để|nhằm|và|trong|với|theo|do|cho|từ|đến)\s|[,;.:(\n]|$)"
)


def locations(text: str) -> Iterator[Match]:
    """What follows "tại", "ở", "thuộc": where something happens or sits ("tại nước ngoài",
    "thuộc Trung tâm KH&CN Tây Ninh"), when no district or province is named.
    """
    for match in _LOCATED_RE.finditer(text):
        value = clean_value(match.group(1))
        unit = next(organisations(text[match.start(1) :]), None)
        if unit is not None and unit.start == 0:
            value = unit.value  # "thuộc Trung tâm Khoa học và Công nghệ (KH&CN) Tây Ninh": the whole name
        if len(value.split()) <= 12:
            yield Match(value, match.start(1), 0.75)


_LAW_RE = re.compile(r"(?<!\w)Luật\s+(?!số\b)([^\W\d_]+(?:\s+[^\W\d_]+){0,7}?)(?=\s+(?:và(?!\s+[A-ZĐ])|số|năm|ngày|hiện hành|được|đã|của)\b|[,;.()\n]|$)")


def laws(text: str) -> Iterator[Match]:
    """Laws cited by name, which carry no number in plans ("theo quy định của Luật ngân sách nhà nước")."""
    for match in _LAW_RE.finditer(text):
        yield Match(clean_value(match.group(0)), match.start(), 0.85)


def filed_at(text: str) -> str:
    """Where a document's copies are filed, from its "Lưu: VT, VP." line ("VT, VP"); "" if none."""
    match = re.search(r"(?im)^\W*Lưu\s*:\s*(.+?)\s*\.?\s*$", text)
    return match.group(1).strip() if match else ""


def recipients(text: str) -> Iterator[Match]:
    """Units a report, file or request is sent to ("gửi Sở Kế hoạch và Đầu tư và Văn phòng UBND tỉnh",
    "đề nghị Bộ Khoa học và Công nghệ phê duyệt …").
    """
    # "báo cáo lãnh đạo Sở (qua Văn phòng)": the unit a request goes through is where it is sent.
    for opener in re.finditer(r"(?<!\w)(?:(gửi|nộp|đề nghị)(?:\s+về|\s+đến|\s+lên|\s+cho)?|báo cáo|về|lên|(?:thông\s+)?qua)\s+", text, re.I):
        units = list(organisation_list(text[opener.end() :])) or list(organisations(text[opener.end() :]))
        if units and units[0].start == 0:
            # What a file is sent to ("gửi Sở …") beats where that unit reports on ("báo cáo UBND tỉnh").
            yield Match(units[0].value, opener.end(), 0.85 if opener.group(1) else 0.7)


_SOURCE_RE = re.compile(r"(?<!\w)từ\s*:?\s+(?!năm\b|ngày\b|tháng\b|\d)([^;.()\n]{3,160}?)(?=[;.()\n]|\s+(?:để|nhằm|theo)\s|$)")


def sources(text: str) -> Iterator[Match]:
    """Where something comes from ("vốn vay từ các tổ chức tín dụng", "bảo đảm từ: A, B và C").

    Every "từ" opens a source, also one inside another's list ("từ: A, vốn vay từ B").
    """
    for opener in re.finditer(r"(?<!\w)từ(?!\w)", text):
        match = _SOURCE_RE.match(text, opener.start())
        if match:
            yield Match(clean_value(match.group(1)), match.start(1), 0.8)


_DESTINATION_RE = re.compile(r"(?<!\w)vào\s+(?!năm\b|ngày\b|tháng\b|dịp\b|\d)([^,;.()\n]{3,100}?)(?=[,;.()\n]|\s+(?:để|nhằm|theo|của)\s|$)")


_SHORT_ITEMS_RE = re.compile(r"(?:,\s*(?!(?:để|nhằm|góp|tạo|giúp|và|theo)\b)[^\W\d_]+(?:\s+[^\W\d_]+){0,2})+(?=\s*(?:[;.()\n]|$))")


def destinations(text: str) -> Iterator[Match]:
    """Where something is brought ("đưa kết quả … vào thực tiễn sản xuất và đời sống"); a list of
    short items that closes the sentence stays whole ("vào các ngành, lĩnh vực.").
    """
    for match in _DESTINATION_RE.finditer(text):
        more = _SHORT_ITEMS_RE.match(text, match.end(1))
        end = more.end() if more else match.end(1)
        yield Match(clean_value(text[match.start(1) : end]), match.start(1), 0.8)


def quoted_names(text: str) -> Iterator[Match]:
    """Names written in quotes (programmes, contests, models)."""
    for match in _QUOTED_RE.finditer(text):
        yield Match(clean_value(match.group(1)), match.start(1))


def dates(text: str) -> Iterator[Match]:
    """Deadlines, dates, months, periods and years, with how directly each answers "khi nào".

    A date right after a document number ("Kế hoạch số 939/KH-UBND ngày
    11/5/2020") dates that document, not the task, and is skipped.
    """
    taken: list[tuple[int, int]] = []
    for regex, quality, kind in _DATE_RES:
        for match in regex.finditer(text):
            if any(s <= match.start() < e for s, e in taken) or _DOC_REF_BEFORE.search(text[: match.start()]):
                continue
            taken.append(match.span())
            yield Match(clean_value(match.group(0)), match.start(), quality if kind else quality)


def date_kind(value: str) -> str:
    """Which head noun a date value answers: ``ngay``, ``thang``, ``quy``, ``nam``, ``giai doan``."""
    for regex, _, kind in _DATE_RES:
        if regex.fullmatch(value) or regex.match(value):
            return kind
    return ""


def durations(text: str) -> Iterator[Match]:
    """Lengths of time ("trong 06 tháng", "định kỳ 6 tháng một lần")."""
    for match in _DURATION_RE.finditer(text):
        yield Match(clean_value(match.group(0)), match.start())


def quantities(text: str, *, percent_first: bool, money_first: bool) -> Iterator[Match]:
    """Numbers with what they count, percentages and sums of money; not years or codes."""
    regexes = ((_PERCENT_RE, 0.9 if percent_first else 0.6), (_MONEY_RE, 0.9 if money_first else 0.6), (_COUNT_RE, 0.7))
    for regex, quality in regexes:
        for match in regex.finditer(text):
            digits = re.search(r"\d+(?:[.,]\d+)*", match.group(0))
            if digits is None:
                continue
            after = text[match.end() : match.end() + 1]
            if regex is _COUNT_RE and (_YEAR_ONLY.fullmatch(digits.group(0)) or after == "/"):
                continue
            before = text[max(0, match.start() - 12) : match.start()]
            if re.search(r"(?:năm|số|đoạn|khóa|khoá|lần thứ|ngày|tháng|Điều|điều|khoản)\s*$", before):
                continue
            yield Match(clean_value(match.group(0)), match.start(), quality)


_SHARE_RE = re.compile(
    r"(?<![\d/.,])(\d+)\s+([^\W\d_]+(?:\s+[^\W\d_]+)?)\s+(?:về\s+)?([^;:()\n]{3,120}?)(?=\s*(?:[;.()\n]|,\s*\d|\s+và\s+\d)|$)"
)


def largest_share(text: str) -> Iterator[Match]:
    """What the largest of a breakdown counts: "06 nhiệm vụ về áp dụng hệ thống quản lý chất lượng;
    03 nhiệm vụ về đổi mới công nghệ và 02 nhiệm vụ hỗ trợ …" answers "nhóm nào nhiều nhất" with
    "áp dụng hệ thống quản lý chất lượng". A breakdown is two or more counts of the same noun.
    """
    groups: dict[str, list[re.Match[str]]] = {}
    for match in _SHARE_RE.finditer(text):
        groups.setdefault(fold(match.group(2)), []).append(match)
    for shares in groups.values():
        counts = [int(m.group(1)) for m in shares]
        if len(counts) >= 3 and max(counts) == sum(counts) - max(counts):
            at = counts.index(max(counts))  # "11 nhiệm vụ … (06 …; 03 …; 02 …)": the total is no share
            shares, counts = shares[:at] + shares[at + 1 :], counts[:at] + counts[at + 1 :]
        if len(shares) >= 2 and counts.count(max(counts)) == 1:
            top = shares[counts.index(max(counts))]
            yield Match(clean_value(top.group(3)), top.start(3), 1.0)


NUMBER_WORDS = "một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười"
_ORDINAL_RE = re.compile(rf"(?:[^\W\d_]+\s+){{0,2}}thứ\s+(?:\d+|nhất|tư|{NUMBER_WORDS})(?!\w)", re.I)


def worded_counts(text: str, noun: str) -> Iterator[Match]:
    """A count written in words before the folded ``noun``: "thỏa thuận ba bên" for "mấy bên"."""
    for match in re.finditer(rf"(?<!\w)(?:{NUMBER_WORDS})\s+(?=(\w+))", text, re.I):
        if fold(match.group(1)) == noun and not (noun == "nam" or fold(match.group(0)).startswith("nam")):
            yield Match(clean_value(text[match.start() : match.end() + len(match.group(1))]), match.start(), 0.9)


def ordinals(text: str, noun: str = "") -> Iterator[Match]:
    """Ordinals with their noun ("kỳ họp thứ 10", "lần thứ 4", "lần thứ tư").

    With the folded ``noun`` the question puts before "thứ mấy" ("ky hop", "lan"), the ordinal
    starts at that noun: "Cách mạng công nghiệp lần thứ tư" answers "lần thứ mấy" with "lần thứ tư".
    """
    for match in _ORDINAL_RE.finditer(text):
        value = clean_value(match.group(0))
        if noun:
            at = fold(value).rfind(noun + " thu ")
            if at < 0:
                continue
            value = value[at:]
        yield Match(value, match.start(), 0.9)


def numbered(text: str, noun: str) -> Iterator[Match]:
    """"<noun> <number>" as written ("Hội nghị trung ương 6", "kỳ họp thứ 10", "ISO 9001:2015"), for a folded ``noun``."""
    folded = fold(text)
    for match in re.finditer(rf"(?<![a-z0-9]){re.escape(noun)}\s+(?:thu\s+)?(\d+(?::\d{{4}})?|[ivx]+)\b", folded):
        yield Match(clean_value(text[match.start() : match.end()]), match.start(), 0.95)


_HEADER_UNIT_RE = re.compile(r"\(([^()]*(?:đồng|%|người|ha|tấn|km)[^()]*)\)", re.I)


def numeric_cells(fields: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """(column, value with its unit) for table cells that hold a number ("868 triệu đồng", "18,0%")."""
    for column, value in fields.items():
        cell = clean_value(value)
        if not re.fullmatch(r"[\d.,\s%]+", cell) or not re.search(r"\d", cell):
            continue
        unit = _HEADER_UNIT_RE.search(column)
        suffix = unit.group(1).strip() if unit else ""
        if suffix == "%":
            yield column, cell.rstrip("%") + "%"
        else:
            yield column, f"{cell} {suffix}".strip()


_LIST_OPENER = re.compile(r"\s*(?::|\(|\b(?:bao gom|gom co|gom|nhu|sau day|la)\b\s*:?)\s*")
_LIST_END = re.compile(r"[.;\n\"“”]|\s(?:nham|de|gop phan|tren dia ban|nhu sau|cua tinh|cua so|giai doan)\s")
_LIST_SPLIT = re.compile(r",\s*|;\s*|\s+(?:va|hoac)\s+")


def enumerations(sentence: str, head: str = "") -> Iterator[Match]:
    """Lists a sentence spells out: "các lĩnh vực: A, B và C", "sản phẩm (A; B, C)", "gồm A, B, C".

    With a head noun the list must follow it (within a few words, after a
    colon, "gồm", "như" or a parenthesis, or right after it); without one,
    any such opener starts a list. Two items at least, each a short phrase.
    """
    folded = fold(sentence)
    if head and (repeated := _head_repeated_list(sentence, folded, head)) is not None:
        yield repeated
        return
    starts: list[tuple[int, float]] = []
    if head:
        for match in re.finditer(rf"(?<![a-z0-9]){re.escape(head)}(?![a-z0-9])", folded):
            window = folded[match.end() : match.end() + 120]
            opener = _LIST_OPENER.search(window)
            before = len(window[: opener.start()].split()) if opener else 0
            # "Nguồn kinh phí thực hiện các nhiệm vụ … được bảo đảm từ: A, B": a colon opens the list
            # however long the phrase that leads up to it.
            if opener and (before <= 8 or (opener.group(0).strip() == ":" and before <= 16)):
                starts.append((match.end() + opener.end(), 0.95 if opener.group(0).strip() != "la" else 0.85))
            else:
                starts.append((match.end(), 0.8))
    else:
        starts += [(m.end(), 0.85) for m in _LIST_OPENER.finditer(folded) if m.group(0).strip() not in ("la", "")]
    for start, quality in starts:
        closing = folded.find(")", start) if folded[max(0, start - 2) : start].strip().endswith("(") else -1
        end_match = _LIST_END.search(folded, start)
        end = closing if closing >= 0 else (end_match.start() if end_match else len(folded))
        body = sentence[start:end]
        items = [i for i in _LIST_SPLIT.split(fold(body)) if i.strip()]
        opening = " ".join(re.findall(r"[a-z0-9]+", items[0])) + " " if items else ""
        if any(opening.startswith(q + " ") for q in lexicon().qualifiers):
            continue  # "các lĩnh vực quan trọng, thiết yếu …" describes the noun, it names no item
        # The last item may carry the sentence's tail ("… và nguồn vốn hợp pháp khác theo quy định của pháp luật").
        if len(items) >= 2 and all(1 <= len(i.split()) <= 12 for i in items[:-1]) and 1 <= len(items[-1].split()) <= 16:
            yield Match(clean_value(body), start, quality)


def _head_repeated_list(sentence: str, folded: str, head: str) -> Match | None:
    """"như: Công tác xây dựng pháp luật; công tác rà soát …; công tác phổ biến …": a list whose
    items each open with the head noun asked, said whole (not one item per "công tác").
    """
    found = re.search(rf"(?<![a-z0-9]){re.escape(head)}\s", folded)
    if found is None:
        return None
    start = found.start()
    pieces, at = [], start
    for part in re.split(r"(;)", folded[start:]):
        if part == ";":
            at += 1
            continue
        if not part.strip().startswith(head + " "):
            break
        pieces.append((at, at + len(part)))
        at += len(part)
    if len(pieces) < 3:
        return None
    body = sentence[pieces[0][0] : pieces[-1][1]]
    return Match(clean_value(body.rstrip(" .…")), start, 0.95)


def spelled_by_initials(text: str, acronym: str) -> list[str]:
    """Runs of words in ``text`` whose initials spell ``acronym`` ("Chương trình hành động" for CTHĐ).

    Only for acronyms of three or more letters, which rarely spell anything by
    chance; "và" may join the words without a letter of its own.
    """
    letters = [ch for ch in fold(acronym) if ch.isalpha()]
    if len(letters) < 3 or not acronym.isupper():
        return []
    words = re.findall(r"[^\W\d_]+", text)
    folded = [fold(w) for w in words]
    found = []
    for start in range(len(words)):
        end, lettered = start, 0
        while end < len(words) and lettered < len(letters):  # "và" joins words without a letter of its own
            lettered += end == start or folded[end] != "va"
            end += 1
        run = range(start, end)
        initials = [folded[i][:1] for i in run if folded[i] != "va" or i == start]
        if initials == letters and folded[end - 1] != "va" and not any(words[i].isupper() and len(words[i]) > 1 for i in run):
            found.append(" ".join(words[start:end]))
    return found
