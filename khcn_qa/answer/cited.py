"""Yes/no claims about a document another one cites: its date and what it is about.

"Thông tư 16/2023/TT-BKH&CN … hướng dẫn về định mức kinh tế - kỹ thuật, đúng không?" and
"Văn bản 2480 … ký hồi tháng 10/2017 đúng không?" are judged by the citation itself: "Thông tư
số 16/2023/TT-BKH&CN ngày 09/8/2023 của Bộ KH&CN hướng dẫn về vị trí việc làm …" writes the
date right after the code and the subject after "về". The sentence around the citation is
about something else (the task that carries the document out), so the ordinary reader, which
looks for the claim's words anywhere in the passage, cannot tell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from khcn_qa.answer import patterns as pat
from khcn_qa.answer.question import QuestionAnalysis
from khcn_qa.answer.scoring import split_sentences
from khcn_qa.lexicon import lexicon
from khcn_qa.records import Hit
from khcn_qa.text.normalize import fold

SUBJECT_HOLDS = 0.6
"""Share of the claimed subject's words the citation must write after its code for "Có"."""
SUBJECT_FAILS = 0.25
"""At or below this share (of a description long enough to judge) the citation says "Không"."""
MIN_DESCRIPTION_WORDS = 4

_OPENING_RE = re.compile(r"^(?:co phai(?:\s+la)?|phai chang|co dung la|co dung)\s+")
_SUBJECT_RE = re.compile(
    r"\b(?:ve viec|ve|huong dan(?:\s+ve)?|quy dinh(?:\s+ve)?)\s+(.{3,160}?)\s*,?\s*(?:(?:co\s+)?(?:dung|phai)\s+)?(?:khong|chua)\W*$"
)
_DAY_RE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
_MONTH_RE = re.compile(r"\bthang\s+(\d{1,2})\s*(?:/|\s+nam\s+)\s*(\d{4})")
_YEAR_RE = re.compile(r"\bnam\s+(\d{4})")
_ISSUED_RE = re.compile(r"(?:(?<!dang )\bky|\bban hanh|\bra doi|\bphat hanh|\bthong qua|\bngay)\b(?:\s+(?:hoi|vao|tu|trong))*\s+(?=\d|thang|nam|ngay)")
"""An issue verb right before the date it claims: "ký hồi tháng 10/2017", not "đăng ký … tới năm 2030"."""
_PREDICATE_RE = re.compile(r"\b(?:duoc|do|la|thuoc|co phai)\s")
"""What opens another predicate: the claim is there, and the words before it only name the document."""
_PERIOD_RE = re.compile(r"(?<!\d)(\d{4})\s*-\s*(\d{4})(?!\d)")
_LONE_YEAR_RE = re.compile(r"(?<![\d/-])(\d{4})(?![\d/-])")
_ISSUE_WORDS = frozenset({"ky", "ban", "hanh", "ra", "doi", "phat", "thong", "qua", "ngay", "thang", "nam", "hoi", "vao", "tu"})


@dataclass(frozen=True)
class CitedClaim:
    """What a question claims of one cited document: the words of its subject and its date."""

    reference: str
    """The folded code ("10/ct-ubnd") or the bare number ("2480") that names the document."""
    subject: frozenset[str]
    date: tuple[str | None, str | None, str] | None
    """(day, month, year) claimed, the parts not written left ``None``."""
    periods: frozenset[tuple[str, str]] = frozenset()
    years: frozenset[str] = frozenset()
    """Periods and years the subject names ("… giai đoạn 2021-2025", "… tới năm 2030"): part of the claim."""


@cache
def _kind_words() -> frozenset[str]:
    """Folded words that name a kind of document, written out or abbreviated ("thong tu", "qd")."""
    lex = lexicon()
    return frozenset(w for k in lex.folded_kinds for w in k.split()) | {fold(a) for a in lex.document_abbreviations} | {"van", "ban"}


def cited_claim(analysis: QuestionAnalysis, numbers: Sequence[str]) -> CitedClaim | None:
    """The claim when a yes/no question is about one document it opens with, else ``None``.

    Only a question whose subject is the document ("Chỉ thị 10/CT-UBND … là chỉ thị về …
    không?") qualifies: "Phòng X có được giao thực hiện Kế hoạch 45/KH-UBND ngày … không?"
    claims the unit's role, and the date there only says which plan.
    """
    refs = [fold(c) for c in analysis.codes] or list(numbers)
    if analysis.answer_type != "yes_no" or len(refs) != 1:
        return None
    folded = analysis.folded
    token = refs[0].split("/")[0]
    found = re.search(rf"(?<![\d/]){re.escape(token)}(?:\s*[/-]\s*[a-z0-9&.-]+)*", folded)
    if found is None:
        return None
    before = _OPENING_RE.sub("", folded[: found.start()]).split()
    if not before or len(before) > 3 or not set(before) & _kind_words():
        return None
    after = folded[found.end() :]
    issued = _ISSUED_RE.search(after)
    date = _claimed_date(after[issued.end() :]) if issued else None
    if issued:
        after = after[: issued.start()] + " " + _without_date(after[issued.end() :])
        if _PREDICATE_RE.search(after[issued.start() :]):
            date = None  # "… 14/KH-SKHCN ngày 18/2/2021 là văn bản của UBND tỉnh …?": the date says which plan
    subject = _SUBJECT_RE.search(after)
    if subject and _PREDICATE_RE.search(subject.group(1)):
        subject = None  # "… về chế độ báo cáo là của Bộ Tài chính …?": "về …" says which one, the claim follows
    words: frozenset[str] = frozenset()
    periods: set[tuple[str, str]] = set()
    years: set[str] = set()
    if subject:
        text = subject.group(1)
        periods = set(_PERIOD_RE.findall(text))
        years = set(_LONE_YEAR_RE.findall(_PERIOD_RE.sub(" ", text)))
        words = frozenset(re.findall(r"[a-z0-9&]+", text)) - lexicon().stop_words - _ISSUE_WORDS - _kind_words()
        words = frozenset(w for w in words if not w.isdigit())
    if not words and date is None:
        return None
    return CitedClaim(refs[0], words, date, frozenset(periods), frozenset(years))


def _claimed_date(text: str) -> tuple[str | None, str | None, str] | None:
    """The date right at the start of ``text`` (after its issue verb): a day, a month or a year."""
    text = re.sub(r"^ngay\s+", "", text)[:24]
    if day := _DAY_RE.match(text):
        return str(int(day.group(1))), str(int(day.group(2))), day.group(3)
    if month := _MONTH_RE.match(text):
        return None, str(int(month.group(1))), month.group(2)
    if year := (_YEAR_RE.match(text) or re.match(r"(\d{4})\b", text)):
        return None, None, year.group(1)
    return None


def _without_date(text: str) -> str:
    """``text`` less the date it opens with, so the claimed subject goes on without it."""
    text = re.sub(r"^ngay\s+", "", text)
    for pattern in (_DAY_RE, _MONTH_RE, _YEAR_RE):
        if found := pattern.match(text):
            return text[found.end() :]
    return text


@dataclass(frozen=True)
class CitedVerdict:
    """The verdict one citation gives, with the sentence that carries it."""

    answer: bool
    hit: Hit
    span: tuple[int, int]
    code: str


def judge(claim: CitedClaim, hits: Sequence[Hit]) -> CitedVerdict | None:
    """The first citation of the document among ``hits`` that settles the claim; ``None`` when none does."""
    for hit in hits:
        for match in pat.DOC_REF_RE.finditer(hit.text):
            code = re.sub(r"\s+", "", fold(match.group("code")))
            if code != claim.reference and not code.startswith(claim.reference + "/"):
                continue
            answer = _verdict(claim, match, _description(hit.text, match))
            if answer is not None:
                span = next(((a, b) for a, b in split_sentences(hit.text) if a <= match.start() < b), match.span())
                return CitedVerdict(answer, hit, span, match.group(0))
    return None


def _description(text: str, match: re.Match[str]) -> str:
    """What the citation writes after its code: up to the end of its sentence or the next citation."""
    end = next((b for a, b in split_sentences(text) if a <= match.start() < b), len(text))
    following = pat.DOC_REF_RE.search(text, match.end(), end)
    return text[match.end() : following.start() if following else end]


def _verdict(claim: CitedClaim, match: re.Match[str], description: str) -> bool | None:
    verdicts = []
    if claim.date is not None and match.group("date"):
        written = _DAY_RE.search(match.group("date"))
        if written:
            day, month, year = str(int(written.group(1))), str(int(written.group(2))), written.group(3)
            verdicts.append(all(c is None or c == w for c, w in zip(claim.date, (day, month, year), strict=True)))
    if claim.subject:
        told = set(re.findall(r"[a-z0-9&]+", fold(description))) - lexicon().stop_words
        share = len(claim.subject & told) / len(claim.subject)
        if share >= SUBJECT_HOLDS:
            verdicts.append(True)
        elif share <= SUBJECT_FAILS and len(told) >= MIN_DESCRIPTION_WORDS:
            verdicts.append(False)
    if claim.periods or claim.years:
        # "… giai đoạn 2021-2025, đúng không?": the period is part of the claim; a description
        # that names none (cut before it) cannot confirm it.
        periods = set(_PERIOD_RE.findall(description))
        years = set(_LONE_YEAR_RE.findall(_PERIOD_RE.sub(" ", _DAY_RE.sub(" ", description)))) | {y for p in periods for y in p}
        if not periods and not years:
            return None
        verdicts.append(claim.periods <= periods and claim.years <= years)
    return all(verdicts) if verdicts else None
