"""Does a passage speak about what the question names? Province, year, month, document, person.

A near-miss question ("… của tỉnh Long An", "… năm 2026", "… theo Quyết định
123/QĐ-UBND", "ông Nguyễn Văn A …") shares nearly every word with a passage
that answers a different question. Ranking cannot tell them apart; these
checks can, and a passage that fails one is not used to answer. When no
passage passes, the answer abstains and says which constraint failed.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from khcn_qa.answer.patterns import largest_share
from khcn_qa.answer.question import QuestionAnalysis, quarters_in
from khcn_qa.answer.scoring import context_text
from khcn_qa.answer.yes_no import claimed_code, closing_time, code_in, signed_by, underlying_type
from khcn_qa.lexicon import lexicon
from khcn_qa.records import Hit
from khcn_qa.text.normalize import fold

_RANGE_RE = re.compile(r"(20\d\d)\s*-\s*(20\d\d)")


def _scope_text(hit: Hit) -> str:
    meta = hit.meta
    parts = [hit.text, context_text(hit), *hit.fields.values(), meta.number or "", meta.date or "", meta.title or ""]
    parts.append(str(meta.year or ""))
    return " \n ".join(parts)


def _covers_year(year: str, text: str) -> bool:
    if re.search(rf"(?<!\d){year}(?!\d)", text):
        return True
    return any(int(a) <= int(year) <= int(b) for a, b in _RANGE_RE.findall(text))


MERGER_YEAR = 2025
"""Provinces merged in 2025; before that the successor's name meant another province."""


def _province_ok(named: str, hit: Hit, folded_text: str, analysis: QuestionAnalysis) -> bool:
    """A question naming P fits a document of D when P is D, D's successor since 2025, or in the text.

    The successor's name counts only for a question not set before the
    merger: "Khánh Hòa, tháng 01/2022" was another province than Ninh Thuận.
    """
    own = hit.meta.province
    if own is None or fold(named) in folded_text:
        return True
    if named == own:
        return True
    asked_years = {int(y) for y in analysis.years} | {int(y) for _, y in analysis.months}
    if asked_years and max(asked_years) < MERGER_YEAR:
        return False
    return named == lexicon().province_successor(own)


_DOC_YEAR_RE = r"\b({kinds})\b(?:\s+[\w&,/.-]+){{0,10}}?\s+(?:nam\s+)?(20\d\d(?:\s*(?:,|va)\s*(?:nam\s+)?20\d\d)*)\b"


@cache
def _doc_year_re() -> re.Pattern[str]:
    kinds = "|".join(re.escape(k) for k in lexicon().folded_kinds)
    return re.compile(_DOC_YEAR_RE.format(kinds=kinds))


@lru_cache(maxsize=256)
def _asked_document_year(analysis: QuestionAnalysis) -> tuple[str, tuple[str, ...]] | None:
    """("ke hoach", ("2023",)) for "Kế hoạch hoạt động KH&CN năm 2023 của Sở …": documents named by year.

    Cached: every retrieved passage's scope check asks it of the same question.
    """
    match = _doc_year_re().search(analysis.folded)
    if not match or re.match(r"\s+(?:so\s+)?\d+[/-]", analysis.folded[match.end(1) :]):
        return None  # "Kế hoạch số 1341/KH-UBND năm 2020": the code names it, the year only dates it
    if re.match(r"\s*-\s*20\d\d", analysis.folded[match.end(2) :]):
        return None  # "Kế hoạch cải thiện PCI 2021-2025" names a period, not the plan of 2021
    before = re.sub(r"\s*nam\s*$", "", analysis.folded[: match.start(2)])
    if re.search(r"\b(?:den|giai doan|tu|truoc|sau)$", before.rstrip()):
        return None  # "kế hoạch … đến năm 2030" names a horizon, not the plan's year
    return match.group(1), tuple(re.findall(r"20\d\d", match.group(2)))


NAMED_CONTEXT = 10
"""Words after a document's name in which a passage must go on with the question's own words."""


def _document_year_ok(analysis: QuestionAnalysis, hit: Hit) -> bool:
    """A question about "the 2023 plan" is not answered by the 2022 or 2024 plan."""
    asked = _asked_document_year(analysis)
    if asked is None or not hit.meta.year:
        return True
    kind, years = asked
    if fold(lexicon().document_kind_label(hit.meta.doc_type)) != kind:
        return True
    if str(hit.meta.year) in years:
        return True
    numbered = re.search(rf"\b{re.escape(kind)}\s+(?:so\s+)?(\d+)\b", analysis.folded)
    if numbered and re.search(rf"\b{re.escape(kind)}\s+(?:so\s+)?{numbered.group(1)}\s*/", " ".join(fold(hit.text).split())):
        return True  # "Kế hoạch số 4088 năm 2019 …" names a plan the passage cites by that number
    # "Kế hoạch hoạt động KH&CN năm 2025 được xây dựng theo hướng dẫn nào?" is answered by the 2024
    # plan's own line "+ Kế hoạch hoạt động KH&CN năm 2025 theo hướng dẫn của Bộ KH&CN", which goes
    # on with the question's other words; the line does not say when that plan is issued or what it assigns.
    folded = fold(hit.text)
    for named in re.finditer(rf"\b{re.escape(kind)}(?:\s+[\w&,]+){{0,8}}?\s+nam\s+(?:{'|'.join(years)})\b", folded):
        name_words = set(re.findall(r"[a-z0-9]+", named.group(0)))
        after = set(re.findall(r"[a-z0-9]+", folded[named.end() :])[:NAMED_CONTEXT])
        if len({w for w in analysis.topic if w not in name_words and w in after}) >= 2:
            return True
    return False


_HEADING_MONTH_RE = re.compile(r"\bthang\s*0?(\d{1,2})\s*(?:/|nam)\s*(\d{4})")


def _month_ok(month: int, year: str, hit: Hit, text: str) -> bool:
    # A report's sections are dated ("I. Kết quả tháng 01 năm 2022", "II. Phương hướng tháng 02"):
    # the passage's own section decides, whatever months the title names.
    dated = [(int(m), y) for heading in hit.chunk.section for m, y in _HEADING_MONTH_RE.findall(fold(heading))]
    if dated:
        return (month, year) in dated
    if hit.meta.date and hit.meta.date.startswith(f"{year}-{month:02d}"):
        return True
    pattern = rf"tháng\s*0?{month}\s*(?:/|năm)\s*{year}"
    if re.search(pattern, text, re.I):
        return True
    # A report "tháng 01/2022" answers only for that month; other documents by year alone.
    is_report = fold(hit.meta.doc_type or "") in ("bao cao", "bao_cao")
    return not is_report and _covers_year(year, text) and not re.search(r"thang\s*\d", fold(hit.meta.title or ""))


def _several_documents(analysis: QuestionAnalysis) -> bool:
    """True for "Kế hoạch 2024 của Quảng Trị và báo cáo tháng 01/2022 của Ninh Thuận cùng …":
    each document named sets its own scope, and a passage need only fit one of them.
    """
    return len(analysis.provinces) >= 2 or bool(re.search(r"\b(?:ca|deu|cung)\b", analysis.folded)) and (
        len(analysis.months) + len({y for y in analysis.years if not any(y == my for _, my in analysis.months)}) >= 2
    )


_HORIZON_RE = re.compile(r"\b(?:den|toi)\s+nam\s+(20\d\d)\b")


def _time_mismatch(analysis: QuestionAnalysis, hit: Hit, text: str, folded: str) -> str | None:
    """Month, quarter, the year of a named plan or report, and any year the question sets."""
    if _several_documents(analysis):
        fits = [_month_ok(m, y, hit, text) for m, y in analysis.months] + [
            _covers_year(y, text) for y in analysis.years if not any(y == my for _, my in analysis.months)
        ]
        return None if any(fits) or not fits else "các văn bản tìm được không khớp thời gian câu hỏi nêu"
    for month, year in analysis.months:
        if not _month_ok(month, year, hit, text):
            return f"các văn bản tìm được không có số liệu tháng {month:02d}/{year}"
    stated = set(quarters_in(folded))
    closing = closing_time(analysis) if analysis.answer_type == "yes_no" else ""
    claimed_quarters = set(quarters_in(closing))
    for quarter in analysis.quarters:
        if quarter in claimed_quarters:
            continue  # "… trong Quý IV/2023 đúng không?" checks the quarter; "Quý III" answers "Không"
        if stated and quarter not in stated:
            return f"các văn bản tìm được không có số liệu quý {quarter.upper()}"
    claimed = set(re.findall(r"\d{4}", closing))
    asked_document = _asked_document_year(analysis)
    # "… ban hành năm 2019 đúng không?" claims the year: the answer may be "Không".
    if asked_document and not set(asked_document[1]) <= claimed and not _document_year_ok(analysis, hit):
        kind, years = asked_document
        label = next((k for k in lexicon().document_kinds if fold(k) == kind), kind)
        return f"các văn bản đã nạp không có {label} năm {', '.join(years)}"
    horizon = _HORIZON_RE.search(analysis.folded)
    if horizon and analysis.answer_type != "yes_no":
        # "… mục tiêu đến năm 2025?" is not answered under "2.2 Mục tiêu đến năm 2030".
        set_for = [y for heading in hit.chunk.section for y in _HORIZON_RE.findall(fold(heading))]
        if set_for and horizon.group(1) not in set_for:
            return f"các văn bản tìm được nêu mục tiêu đến năm {', '.join(set_for)}, không phải năm {horizon.group(1)}"
    for year in analysis.years:
        if year in claimed:
            continue  # "… giai đoạn 2021-2025 phải không?" checks the period; it does not scope the question
        if any(y == year for _, y in analysis.months):
            continue
        in_range = any(year in pair for pair in _RANGE_RE.findall(analysis.folded))  # "2022-2025" names a period
        # "QĐ 207/QĐ-SKHCN năm 2018 …": the year dates a document the question names, as the passage's date does.
        cites = analysis.answer_type in ("doc_ref", "doc_info", "yes_no") or bool(analysis.codes)
        if not _covers_year(year, text) or not (in_range or _annual_speaks_of(hit, year, cites)):
            return f"các văn bản tìm được không nói về năm {year}"
    return None


_CITED_DATE_RE = re.compile(r"(?<![\d/])\d{1,2}\s*/\s*\d{1,2}\s*/\s*(20\d\d)(?!\d)|(?<![\d/])\d+/(20\d\d)/[^\W\d_]")
"""A date or code of a cited document ("ngày 18/2/2021", "163/2021/NQ-HĐND"): when it was issued, not what the passage speaks of."""


def _annual_speaks_of(hit: Hit, year: str, cited_count: bool = False) -> bool:
    """A plan or report of one year answers for another year only where the passage itself names it.

    The 2022 plan's "Hàng năm" row does not say what happens in 2026, and its
    "giai đoạn 2021-2025" programme does not make it a plan for 2021; a document
    of a period ("giai đoạn 2023-2030") covers every year of it. The date of a
    document it cites ("theo Kế hoạch số 14/KH-SKHCN ngày 18/2/2021") is not
    what the 2024 plan says about 2021, unless the question asks for documents.
    """
    own = hit.meta.year
    if not own or str(own) == year or any(int(a) <= int(year) <= int(b) for a, b in _RANGE_RE.findall(hit.meta.title or "")):
        return True
    said = " ".join([hit.text, *hit.chunk.section])
    if not cited_count:
        said = _CITED_DATE_RE.sub(" ", said)
    return re.search(rf"(?<!\d){year}(?!\d)", said) is not None


def claimed_persons(analysis: QuestionAnalysis) -> tuple[str, ...]:
    """People a yes/no question asserts something of: checked against the passages, not scope."""
    if analysis.persons and analysis.answer_type == "yes_no" and underlying_type(analysis) == "person":
        return analysis.persons
    return ()


def _named_mismatch(analysis: QuestionAnalysis, hit: Hit, folded: str) -> str | None:
    """Document codes, people and off-domain topics the question names but the passage does not."""
    claim = claimed_code(analysis)  # "… để thực hiện QĐ 696/QĐ-TTg phải không?" is checked, not scope
    for code in analysis.codes:
        if code != claim and not code_in(code, folded):  # "2667/QD-BKHCN" is typed for "2667/QĐ-BKH&CN"
            return f"không tìm thấy văn bản {code.upper()} trong các văn bản đã nạp"
    for person in () if claimed_persons(analysis) else analysis.persons:  # "… do PGĐ X chỉ đạo phải không?": X is checked, not scope
        if fold(person) not in folded and fold(person) not in fold(hit.meta.signer or ""):
            return f"các văn bản đã nạp không nhắc đến {person}"
    claimed_post = signed_by(analysis) if analysis.answer_type == "yes_no" else ""
    for phrase in analysis.off_domain:
        if fold(phrase) in claimed_post:
            continue  # "… là do Thủ tướng Chính phủ ký phải không?": the post claimed to sign, no other topic
        if phrase not in folded:
            return "câu hỏi nằm ngoài nội dung các văn bản khoa học và công nghệ đã nạp"
    return None


def mismatch(analysis: QuestionAnalysis, hit: Hit) -> str | None:
    """Why ``hit`` cannot answer the question's scope, in Vietnamese; ``None`` when it can."""
    text = _scope_text(hit)
    folded = fold(text)
    if analysis.provinces and not any(_province_ok(p, hit, folded, analysis) for p in analysis.provinces):
        return f"các văn bản tìm được không nói về tỉnh {', '.join(analysis.provinces)}"
    return _time_mismatch(analysis, hit, text, folded) or _named_mismatch(analysis, hit, folded) or _unranked(analysis, folded)


_SUPERLATIVE_RE = re.compile(r"\b(?:nhieu|cao|lon|thap|dong|manh)\s+nhat\b")


def _unranked(analysis: QuestionAnalysis, folded: str) -> str | None:
    """"Lĩnh vực nào được bố trí kinh phí nhiều nhất?": only a passage that ranks says so.

    Comparing figures across passages is beyond the extractive reader; answering
    with the best-matching value would assert a ranking nobody wrote. ("ít nhất"
    and "chậm nhất" mean "at least" and "no later than": they rank nothing.)
    """
    asked = _SUPERLATIVE_RE.search(analysis.folded)
    if asked and asked.group(0) not in folded and not (asked.group(0) == "nhieu nhat" and any(largest_share(folded))):
        # A breakdown ("06 nhiệm vụ về …; 03 nhiệm vụ về …") ranks its own shares.
        return f"các văn bản tìm được không xếp hạng để nói cái nào {asked.group(0).replace('nhieu', 'nhiều').replace(' nhat', ' nhất')}"
    return None
