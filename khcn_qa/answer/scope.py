"""Does a passage speak about what the question names? Province, year, month, document, person.

A near-miss question ("… của tỉnh Long An", "… năm 2026", "… theo Quyết định
123/QĐ-UBND", "ông Nguyễn Văn A …") shares nearly every word with a passage
that answers a different question. Ranking cannot tell them apart; these
checks can, and a passage that fails one is not used to answer. When no
passage passes, the answer abstains and says which constraint failed.
"""

from __future__ import annotations

import re

from khcn_qa.answer.question import QuestionAnalysis
from khcn_qa.answer.scoring import context_text
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


def _province_ok(named: str, hit: Hit, folded_text: str) -> bool:
    """A question naming P fits a document of D when P is D, D's successor since 2025, or in the text."""
    own = hit.meta.province
    if own is None or fold(named) in folded_text:
        return True
    successor = lexicon().province_successor(own)
    return named == own or named == successor


def _month_ok(month: int, year: str, hit: Hit, text: str) -> bool:
    if hit.meta.date and hit.meta.date.startswith(f"{year}-{month:02d}"):
        return True
    pattern = rf"tháng\s*0?{month}\s*(?:/|năm)\s*{year}"
    if re.search(pattern, text, re.I):
        return True
    # A report "tháng 01/2022" answers only for that month; other documents by year alone.
    is_report = fold(hit.meta.doc_type or "") in ("bao cao", "bao_cao")
    return not is_report and _covers_year(year, text) and not re.search(r"thang\s*\d", fold(hit.meta.title or ""))


def mismatch(analysis: QuestionAnalysis, hit: Hit) -> str | None:
    """Why ``hit`` cannot answer the question's scope, in Vietnamese; ``None`` when it can."""
    text = _scope_text(hit)
    folded = fold(text)
    if analysis.provinces and not any(_province_ok(p, hit, folded) for p in analysis.provinces):
        return f"các văn bản tìm được không nói về tỉnh {', '.join(analysis.provinces)}"
    for month, year in analysis.months:
        if not _month_ok(month, year, hit, text):
            return f"các văn bản tìm được không có số liệu tháng {month:02d}/{year}"
    for year in analysis.years:
        if not _covers_year(year, text) and not any(y == year for _, y in analysis.months):
            return f"các văn bản tìm được không nói về năm {year}"
    compact = re.sub(r"\s+", "", folded)
    for code in analysis.codes:
        if fold(code) not in compact:
            return f"không tìm thấy văn bản {code.upper()} trong các văn bản đã nạp"
    for person in analysis.persons:
        if fold(person) not in folded and fold(person) not in fold(hit.meta.signer or ""):
            return f"các văn bản đã nạp không nhắc đến {person}"
    for phrase in analysis.off_domain:
        if phrase not in folded:
            return "câu hỏi nằm ngoài nội dung các văn bản khoa học và công nghệ đã nạp"
    return None
