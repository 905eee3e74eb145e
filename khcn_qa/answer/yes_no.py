"""Yes/no questions ("Sở Y tế có chủ trì nhiệm vụ X không?"): find the fact, then compare.

A yes/no question asserts a value of some type: an organisation in a role,
a time, a number. The reader finds the real value the usual way, with the
asserted words taken out of the topic, and the answer opens with "Có" or
"Không" followed by the value the documents state. A bare claim with no
typed value is confirmed only when a passage covers all of it; the absence
of a fact is never asserted, so such a question abstains instead of "Không".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from functools import cache

from khcn_qa.answer.question import (
    QuestionAnalysis,
    claim_start,
    post_named,
    quarters_in,
    token_starts,
)
from khcn_qa.lexicon import lexicon
from khcn_qa.records import Hit
from khcn_qa.text.normalize import fold, has_diacritics, match_key

CONFIRM_COVERAGE = 0.35
"""Share of an open claim's topic weight the best passage must cover before its sentence
confirms it; below that the reader cannot tell and abstains. 0.5 left claims such as
"Kế hoạch 2024 có đặt ra việc sắp xếp, kiện toàn bộ máy … không?" unanswered, where the
passage ("Xây dựng Đề án kiện toàn cơ cấu, tổ chức bộ máy Sở") covers 0.37; on dev, 0.35
confirmed three such claims and wrongly confirmed none."""
_YEAR = re.compile(r"(?:19|20)\d\d")
_NEGATION = re.compile(r"\b(?:chua|khong)\s+(?:co|duoc|dat|hoan thanh|thuc hien|ghi)\b|\bchua\b")
_FIGURE_VERBS = r"\b(?:dat|la|phai la|hinh thanh|tren|it nhat|toi thieu|khoang|tang|giam)\s+"
_TIME_ASSERTION_RE = re.compile(r"\b(?:truoc|sau|trong|den)?\s*(?:ngay|thang|quy)\s+[\d/ivx]+")
_DOCUMENT_BEFORE_RE = re.compile(
    r"\b(?:nq|qd|kh|tt|nd|bc|ct|cv|so|ke hoach|quyet dinh|nghi quyet|thong tu|chi thi|cong van|bao cao|nghi dinh|dieu|khoan|phu luc"
    r"|dong|muc|tieu muc|stt|diem|chuong)\s+$"  # "(dòng 3.2)", "mục 4.1" place the claim; they count nothing
)
_TIME_CUES = ("truoc ngay", "thoi gian", "thoi han", "hoan thanh", "nam", "thang", "quy", "hang nam")


@cache
def _asserted_org_re(accented: bool) -> re.Pattern[str]:
    form = match_key if accented else fold
    prefixes = sorted({form(p) for p in lexicon().organisation_prefixes}, key=len, reverse=True)
    cues = lexicon().role_cues
    verbs = "|".join(re.escape(form(v)) for v in ("có", "là", "được", "cùng", "tham gia", "đứng ra", *cues["lead"], *cues["coordinate"]))
    return re.compile(rf"(?<![\w/-])((?:{'|'.join(re.escape(p) for p in prefixes)})(?![\w])(?:\s+(?:[\w&]+|[-–])){{0,9}}?)(?=\s+(?:{verbs})(?!\w))")


# Folded, "tại" (at) is also the "tài" of "Tài chính", "Tài nguyên": those go on naming the unit.
_SCOPE_AFTER_UNIT_RE = re.compile(
    r"\s+(?:trong|nam|thang|quy|giai doan|theo|tai(?!\s+(?:chinh|nguyen|san|lieu|tro)\b)|den|tu"
    r"|(?:de|nham)(?!\s+(?:an|tai|xuat|cuong|nghi)\b))\b"
)
"""Where a unit's name ends: "Sở trong tháng 01/2022", "các đơn vị để thực hiện" ("để" folded is also the "đề" of "đề án")."""
_VERBS_NOT_UNITS = frozenset({"to chuc", "ban hanh", "bo sung", "hoi dap"})
""""Tổ chức thực hiện", "ban hành": verbs that open with a unit prefix ("Tổ", "Ban") but name no unit."""


def _ends_a_compound(text: str, start: int) -> bool:
    """True when the word at ``start`` closes a compound with the word before it: "đảm bảo" is no "Báo"."""
    before = text[:start].split()
    first = text[start:].split()[:1]
    return bool(before and first) and fold(f"{before[-1]} {first[0]}") in lexicon().not_organisations_after


_OWNER_CLAIM_RE = re.compile(r"\b(?:viec|nhiem vu|trach nhiem)\s+cua\s+(.+?)\s*,?\s*(?:(?:co\s+)?(?:dung|phai)\s+)?(?:khong|chua)\W*$")


def claims_owner(analysis: QuestionAnalysis) -> bool:
    """"… là việc của Sở KH&CN phải không?": the claim is whose task it is (a role, though no role verb)."""
    return _OWNER_CLAIM_RE.search(analysis.folded) is not None


_SENT_CLAIM_RE = re.compile(r"\b(?:gui|nop|trinh)\s+(?:(?:toi|den|ve|len|cho)\s+)?(.+?)\s*(?:(?:dung|phai)\s+)?(?:khong|chua)\W*$")


def claimed_recipient(analysis: QuestionAnalysis) -> str:
    """The unit a yes/no question says a document or report goes to, folded, or "".

    "Kế hoạch … có gửi UBND tỉnh để báo cáo không?" is checked against the
    document's "Nơi nhận" list.
    """
    sent = _SENT_CLAIM_RE.search(analysis.folded)
    unit = re.split(r"\s+(?:de|nham|va|truoc|sau|trong)\s", sent.group(1))[0] if sent else ""
    return unit if unit and _asserted_org_re(False).match(unit + " co") else ""


def asserted_org(analysis: QuestionAnalysis) -> str:
    """The organisation the question asserts something about (folded), or ``""``.

    Matched in the form the user typed ("số" and "sở" differ only by accent),
    with document codes ("1234/QĐ-UBND") masked out.
    """
    accented = has_diacritics(analysis.question)
    text = match_key(analysis.question) if accented else analysis.folded
    text = re.sub(r"\S*\d[/-]\S*", lambda m: " " * len(m.group(0)), text)
    found = list(_asserted_org_re(accented).finditer(text))
    # "Thỏa thuận với Đại học X có Sở Y tham gia không?": the unit before the relation verb is the
    # claim; one followed only by "có" names the subject the claim is about.
    found = [m for m in found if fold(m.group(1)) not in _VERBS_NOT_UNITS and not _ends_a_compound(text, m.start(1))
             and not fold(m.group(1)).startswith(lexicon().not_organisations)]  # "viên chức" is no "Viện"
    claim = claim_start(analysis.folded)
    if claim:  # "… mà Sở phối hợp có phải do UBND thành phố chủ trì không?": the claim follows the frame
        found = [m for m in found if m.start(1) >= claim] or found
    related = [m for m in found if not re.match(r"\s+(?:co|có|la|là)\b", text[m.end(1) :])]
    match = (related or found or [None])[0]
    org = fold(match.group(1)) if match else ""
    org = _SCOPE_AFTER_UNIT_RE.split(org, maxsplit=1)[0]  # "Sở trong tháng 01/2022": the unit is "Sở"
    unit = claimed_recipient(analysis)
    if unit:
        org = unit  # "… có gửi Cục Thống kê (để báo cáo) không?": the unit it goes to is the claim
    owner = _OWNER_CLAIM_RE.search(analysis.folded)
    if owner and _asserted_org_re(False).match(owner.group(1) + " co"):
        org = owner.group(1)  # "… là việc của Sở KH&CN phải không?": whose work it is, is the claim
    return org if len(org.split()) >= 2 else ""  # "các phòng có …" names no unit


_RELATION_RE = re.compile(
    r"\b(?:hop tac|tham gia|la cua|viec cua|nhiem vu cua|trach nhiem cua|thuoc|duoc giao|giao cho|ban hanh|ky ket|nam trong|cung voi|gui|nop|trinh)\b"
)


def _claims_relation(analysis: QuestionAnalysis) -> bool:
    """True when the question puts a unit in a role or relation (chủ trì, phối hợp, hợp tác, thuộc …)."""
    return analysis.role_stated or bool(_RELATION_RE.search(analysis.folded))


def _is_issuer(org: str) -> bool:
    """E.g. "Sở KH&CN (tỉnh X) có …": the issuing office itself, whose units do the work."""
    words = [w for w in org.split() if w not in ("tinh", "cua")]
    return bool(words) and words[0] in ("so", "ubnd") and (len(words) == 1 or words[1] in ("khcn", "kh&cn", "khoa", "tinh"))


def _role_follows(analysis: QuestionAnalysis, org: str) -> bool:
    """E.g. "… có do Sở KH&CN chủ trì không?": a role is claimed for the office itself."""
    cues = lexicon().role_cues
    verbs = "|".join(re.escape(fold(v)) for v in (*cues["lead"], *cues["coordinate"]))
    return bool(re.search(rf"{re.escape(org)}\s+(?:{verbs})\b", analysis.folded))


def matches_asserted(analysis: QuestionAnalysis, value: str) -> bool:
    """True when ``value`` is the unit or person a yes/no question asserts (so "Có" can be proven)."""
    if underlying_type(analysis) == "person":
        return any(fold(name) in fold(value) for name in analysis.persons)
    org = asserted_org(analysis)
    return bool(org) and same_org(org, value)


_CLOSING_TIME_RE = re.compile(
    r"((?:(?:truoc|sau|han|den)\s+(?:ngay\s+)?|ngay\s+)\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?"
    r"|(?:giai doan|thoi ky|tu nam|nam)\s+\d{4}\s*-\s*\d{4}"
    r"|(?:den|toi|vao|trong)\s+nam\s+\d{4}"
    r"|(?:(?<=ban hanh )|(?<=ra doi )|(?<=[^h] ky )|(?<=thong qua )|(?<=phat hanh ))nam\s+\d{4}"  # "… ra đời năm 2019 đúng không?": the year of issue
    r"|(?:(?:trong|truoc|den|vao)\s+)?thang\s+\d{1,2}\s*/\s*\d{4}"
    r"|(?:(?:trong|truoc|den|vao)\s+)?quy\s+(?:iv|iii|ii|i|[1-4])(?:\s*/\s*\d{4}|\s+nam\s+\d{4})?"
    r"|(?:hang|moi|dinh ky)\s+(?:\d+\s+)?(?:nam|quy|thang|tuan))"  # "… được thực hiện hằng quý, phải không?"
    r"\s*,?\s*(?:(?:co\s+)?(?:dung|phai)\s+)?(?:khong|chua)\W*$"
)
_SCOPE_YEAR_RE = re.compile(r"^trong\s+nam\s+\d{4}$")
_DEADLINE_CUES = ("truoc", "han", "hoan thanh", "thoi gian", "thoi han", "tien do", "ket thuc", "bat dau", "ban hanh", "ky", "ra doi", "thong qua", "phat hanh")


def closing_time(analysis: QuestionAnalysis) -> str:
    """A date or period that closes the question, the claim it checks: "… ban hành ngày 13/01/2022 không?".

    A time at the end, right before "không", is what is asserted; a month or year
    earlier in the question ("Tháng 01/2022 Sở có … không?") is only its scope.
    """
    match = _CLOSING_TIME_RE.search(analysis.folded)
    if not match:
        return ""
    claimed = match.group(1)
    if _SCOPE_YEAR_RE.match(claimed) and not any(re.search(rf"\b{cue}\b", analysis.folded) for cue in _DEADLINE_CUES):
        return ""  # "Sở có dự kiến kiện toàn bộ máy trong năm 2024 không?": the year scopes an existence claim
    return claimed


_HORIZON_RE = re.compile(r"^(?:den|toi)\s+nam\s+\d{4}$|^giai doan\s+\d{4}\s*-\s*\d{4}$")


def horizon_in_name(analysis: QuestionAnalysis, texts: Sequence[str]) -> str:
    """The sentence naming the document the question names with the period it claims; "" if none.

    "Kế hoạch 3690/KH-UBND hỗ trợ khởi nghiệp … đến năm 2025 không?" is answered by the
    passage citing "Kế hoạch số 3690/KH-UBND … về hỗ trợ khởi nghiệp … đến năm 2025", not by
    the time column of the row that carries it out.
    """
    claimed = closing_time(analysis)
    if not analysis.codes or not _HORIZON_RE.match(claimed):
        return ""
    period = re.sub(r"\s*-\s*", "-", claimed)
    for text in texts:
        for sentence in re.split(r"(?<=[.;])\s+|\n+", text):
            folded = re.sub(r"\s*([/-])\s*", r"\1", " ".join(fold(sentence).split()))
            at = max((folded.find(code) for code in analysis.codes), default=-1)
            if at >= 0 and period in folded[at : at + 240]:
                plain = " ".join(sentence.split()).lstrip("-+• ")
                end = re.search(r"\s*-\s*".join(re.escape(part) for part in period.split("-")).replace(r"\ ", r"\s+"), fold(plain))
                return plain[: end.end()] if end else plain  # the name ends with its period; a flattened row goes on
    return ""


def underlying_type(analysis: QuestionAnalysis) -> str:
    """What kind of value the question asserts: ``org``, ``person``, ``time``, ``number`` or ``open``."""
    if signed_by(analysis):
        return "signer"  # "Báo cáo … do Giám đốc Sở trực tiếp ký phải không?": the signer's post is the claim
    figure = asserted_number(analysis)
    if figure is not None and re.search(_FIGURE_VERBS + figure[0].rstrip("%"), analysis.folded):
        return "number"  # "… có đạt 50.000 phương tiện đo không": the figure is the claim
    if claimed_product(analysis):
        return "product"  # "… (TT 32) có sản phẩm là Báo cáo không?": the row's product is the claim
    closing = closing_time(analysis)
    org = asserted_org(analysis)
    if closing and org and _claims_relation(analysis) and _dates_a_reference(analysis, closing):
        closing = ""  # "Phòng X có được giao thực hiện Kế hoạch 5883/KH-UBND ngày 22/12/2020 không?"
    if closing and not (closing.startswith(("thang", "trong thang")) and figure is not None):
        return "time"  # "… tổ chức 05 lớp … trong tháng 01/2022 không?": the month scopes the figure claimed
    if analysis.persons and _claims_relation(analysis):
        return "person"  # "… do PGĐ Nguyễn Hữu Thắng chỉ đạo phải không?": the named person is the claim
    if org and claimed_recipient(analysis) == org:
        return "org"  # "… có gửi UBND tỉnh không?": the recipient, checked against "Nơi nhận", issuer or not
    if org and claims_owner(analysis):
        return "org"  # "… là việc của Sở KH&CN phải không?": whose task it is, an issuer's or not
    if org and _claims_relation(analysis) and (not _is_issuer(org) or _role_follows(analysis, org)):
        return "org"  # a unit in a relation; "Trại Thực nghiệm có sản phẩm … không?" claims none
    # Years and months in a yes/no question are its scope; only a deadline cue asserts a time.
    if any(cue in analysis.folded for cue in _TIME_CUES[:4]) and analysis.numbers:
        return "time"
    if figure is not None:  # a figure standing on its own word ("09 vùng"), not inside "NQ08"
        return "number"
    return "open"


_REFERENCE_BEFORE_RE = re.compile(r"\d+\s*/\s*[a-z&.]+(?:\s*-\s*[a-z&.]+)*\s*$")


def _dates_a_reference(analysis: QuestionAnalysis, closing: str) -> bool:
    """True when the closing date is the issue date of the document code just before it.

    "… thực hiện Kế hoạch số 5883/KH-UBND ngày 22/12/2020 không?" names the plan in full; the
    claim is the unit's role, and the date only says which plan.
    """
    at = analysis.folded.rfind(closing)
    return closing.startswith("ngay") and at > 0 and _REFERENCE_BEFORE_RE.search(analysis.folded[:at]) is not None


_PRODUCT_CLAIM_RE = re.compile(r"\bsan pham\b.*\bla\s+(.{2,80}?)\s*,?\s*(?:(?:co\s+)?(?:dung|phai)\s+)?khong\W*$")


def claimed_product(analysis: QuestionAnalysis) -> str:
    """The product a question claims a task yields, folded: "… sản phẩm là Quyết định UBND tỉnh phải không?"."""
    match = _PRODUCT_CLAIM_RE.search(analysis.folded)
    return match.group(1).strip() if match else ""


def _content_words(text: str) -> set[str]:
    """Folded words that carry meaning, abbreviations spelled out ("UBND" is "uy ban nhan dan")."""
    return set(re.findall(r"[a-z0-9]+", expanded(fold(text)))) - lexicon().stop_words


def asserted_number(analysis: QuestionAnalysis) -> tuple[str, tuple[str, ...]] | None:
    """The figure a question asserts and the noun it counts: "có đạt 50.000 phương tiện đo không"."""
    return next(asserted_figures(analysis), None)


def figures_hold(analysis: QuestionAnalysis, evidence: Sequence[str]) -> bool:
    """True unless a figure the claim asserts is missing from the passage that answers it.

    "Có phải 03 lớp tập huấn … cho 80 doanh nghiệp không?" checks both figures: the passage
    that says "03 lớp … cho 100 doanh nghiệp" confirms the first and refutes the claim.
    """
    folded = [re.sub(r"(?<=\d)[.,](?=\d{3}\b)", "", fold(text)) for text in evidence]
    for number, noun in asserted_figures(analysis):
        digits = re.sub(r"[.,](?=\d{3}\b)", "", number.rstrip("%"))
        if not digits.isdigit():
            continue
        # The figure with its own noun: "80 đối tượng" does not say "80 doanh nghiệp".
        counted = rf"(?:\s+[a-z]+){{0,2}}\s+{re.escape(noun[0])}\b" if noun else ""
        wanted = re.compile(rf"(?<![\d])0*{int(digits)}(?![\d]){counted}")
        if not any(wanted.search(text) for text in folded):
            return False
    return True


def asserted_figures(analysis: QuestionAnalysis) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Every figure a question asserts, with the noun it counts, in order."""
    for match in re.finditer(r"(?<![\w/.,-])(\d[\d.,]*)(?![\w/-])(\s*%)?((?:\s+[a-z]+){0,3})", analysis.folded):
        number = match.group(1).rstrip(".,")
        before = analysis.folded[: match.start()]
        if _YEAR.fullmatch(number) or re.search(r"(?:thang|quy|ngay|nam)\s+$", before):
            continue
        if _DOCUMENT_BEFORE_RE.search(before) or re.search(rf"\b[A-ZĐ][^\W\d_]*\s+{re.escape(number)}\b", analysis.question):
            continue  # "NQ 08", "Kế hoạch 2502", "Quatest 3" name something; they count nothing
        noun = tuple(w for w in match.group(3).split() if w not in ("khong", "phai", "la", "dung"))
        yield number + ("%" if match.group(2) else ""), noun


def for_reading(analysis: QuestionAnalysis) -> QuestionAnalysis:
    """The question as the reader should search it: the asserted organisation is not topic.

    An asserted figure stays topic and counts as the noun asked about, but
    is not "the question's own number" that a figure question skips: the
    passage stating it is the one that answers "Có".
    """
    kind = underlying_type(analysis)
    if kind == "number" and (figure := asserted_number(analysis)) is not None:
        return dataclasses.replace(analysis, count_noun=figure[1], numbers=analysis.years)
    if kind == "time":
        # "… trước ngày 30/6 không?": the asserted date is what is checked, not what to look for.
        claimed = " ".join([*_TIME_ASSERTION_RE.findall(analysis.folded), closing_time(analysis)])
        asserted = {m.group(0) for m in re.finditer(r"\d+", claimed)}
        sequence = tuple(None if word in asserted else word for word in analysis.topic_sequence)
        closing = closing_time(analysis)
        head = _claimed_kind(closing) if closing else analysis.head  # the kind of time claimed
        return dataclasses.replace(analysis, topic_sequence=sequence, head=head)
    if kind == "person":
        return _without(analysis, [fold(name) for name in analysis.persons])
    if kind == "open" and (subject := _document_subject(analysis)):
        return _without(analysis, [subject])
    org = asserted_org(analysis)
    if not org or (_is_issuer(org) and not _role_follows(analysis, org) and not claims_owner(analysis)):
        return analysis
    return _without(analysis, [org])


def _document_subject(analysis: QuestionAnalysis) -> str:
    """"Kế hoạch năm 2024 của Sở có đặt ra X không?": the words naming the document, before "có".

    The document is where the claim is looked for (its year and province are scope), not
    part of the claim: the passage that says X rarely repeats "kế hoạch năm 2024".
    """
    kinds = "|".join(re.escape(fold(k)) for k in sorted(lexicon().document_kinds, key=len, reverse=True))
    match = re.match(rf"\W*((?:{kinds})\b.{{0,80}}?)\s+co\s+(?!phai\b|dung\b)", analysis.folded)
    return match.group(1) if match else ""


_RECURRING_RE = re.compile(r"\b(?:hang|moi|dinh ky)\s+(?:(\d+)\s+)?(nam|quy|thang|tuan)\b")


def _recurrences(text: str) -> set[tuple[str, int]]:
    """How often a folded text says something happens: "hằng quý" → ("quy", 1), "định kỳ 6 tháng" → ("thang", 6)."""
    return {(m.group(2), int(m.group(1) or 1)) for m in _RECURRING_RE.finditer(text)}


def recurrence_stated(analysis: QuestionAnalysis, texts: Sequence[str]) -> str:
    """The sentence of the passage that states the recurrence the question claims, or "".

    "Hằng tháng, Hằng quý" holds "hằng quý" though its time value was cut at the
    comma; "báo cáo định kỳ hằng năm … trước ngày 05/12" holds "mỗi năm" though the
    time value found is the deadline.
    """
    from khcn_qa.answer.scoring import split_sentences

    claimed = _recurrences(closing_time(analysis))
    if not claimed:
        return ""
    for text in texts:
        for start, end in split_sentences(text):
            if claimed <= _recurrences(fold(text[start:end])):
                return text[start:end].strip()
    return ""


def _claimed_kind(closing: str) -> str:
    """The head noun of the time a question claims: a period, a quarter, a month or a day
    ("" for a recurrence, which any time column may state: "Hàng năm", "Cả năm").
    """
    if _RECURRING_RE.fullmatch(closing):
        return ""
    if "-" in closing:
        return "giai doan"
    if re.search(r"\bquy\b", closing):
        return "quy"
    if re.match(r"(?:den|toi|vao|trong)\s+nam\b", closing):
        return "nam"  # "… đến năm 2025 không?": a year or horizon, not a day
    if re.search(r"\bthang\b", closing):
        return "thang"
    return "ngay"


def _without(analysis: QuestionAnalysis, phrases: list[str]) -> QuestionAnalysis:
    """The analysis with the words of ``phrases`` (the asserted unit or person) taken out of the topic."""
    spans = [(at, at + len(phrase)) for phrase in phrases if (at := analysis.folded.find(phrase)) >= 0]
    sequence = []
    for word, at in zip(analysis.topic_sequence, token_starts(analysis.folded), strict=False):
        sequence.append(None if any(start <= at < end for start, end in spans) else word)
    return dataclasses.replace(analysis, topic_sequence=tuple(sequence))


def expanded(folded: str) -> str:
    """Abbreviations spelled out ("so kh&cn" → "so khoa hoc cong nghe"), so both spellings compare."""
    for short, words in lexicon().abbreviations.items():  # already folded: "kh&cn" → ("khoa", "hoc", "cong", "nghe")
        folded = re.sub(rf"(?<![\w&]){re.escape(short)}(?![\w&])", " ".join(words), folded)
    return folded


def _without_province(folded: str) -> str:
    """"thanh tra so quang tri" → "thanh tra so": a province after the unit is scope, not its name."""
    for name in lexicon().provinces:
        key = fold(name)
        if folded.endswith(" " + key) and len(folded.split()) > len(key.split()) + 1:
            return folded[: -len(key) - 1]
    return folded


_SUB_UNIT_RE = re.compile(r"^((?:phong|van phong|thanh tra|chi cuc|trung tam|trai|tram)\b.*?)\s+so\b.*$")


def _own_unit(folded: str) -> str:
    """"phong ke hoach – tai chinh so" → "phong ke hoach – tai chinh": a sub-unit named with
    the Sở it belongs to ("Thanh tra Sở KHCN", "Phòng … Sở Quảng Trị") is the sub-unit.
    """
    match = _SUB_UNIT_RE.match(folded)
    return match.group(1) if match and len(match.group(1).split()) >= 2 else folded


def same_org(asserted: str, stated: str) -> bool:
    """True when ``stated`` names the folded unit ``asserted`` (abbreviations spelled out on both sides)."""
    asserted, stated = expanded(_own_unit(_without_province(asserted))), expanded(fold(stated))
    wanted = [w for w in re.findall(r"[\w&]+", asserted) if w not in ("tinh", "cua", "va")]
    have = set(re.findall(r"[\w&]+", fold(stated))) | set(re.findall(r"\w+|&", fold(stated)))  # "Sở y tế," ends in a comma
    if not wanted:
        return False
    return sum(1 for w in wanted if w in have) / len(wanted) >= 0.8


_SIGNED_RE = re.compile(r"(?<!\w)ký(?!\w)")
_SIGNED_FOLDED_RE = re.compile(r"\bky\b(?!\s+(?:cuong|luat|niem|hop|han|nang|thuat|thi|bao cao|tiep theo))")
""""ky" typed without accents may be "kỷ cương", "kỳ họp", "kỹ thuật": only a signing "ky" counts."""


def signed_by(analysis: QuestionAnalysis) -> str:
    """The post a yes/no question says signed the document ("do Giám đốc Sở ký", "người ký là PGĐ"),
    folded; "" when it claims no signer (or claims a date: "… ký ngày 10/11/2023 không?").
    """
    accented = has_diacritics(analysis.question)
    signed = _SIGNED_RE.search(match_key(analysis.question)) if accented else _SIGNED_FOLDED_RE.search(analysis.folded)
    if not signed or closing_time(analysis):
        return ""
    return post_named(analysis.folded, short=True)


def _signer_post(value: str) -> str:
    """The post of whoever signed: after "KT." the last title is the signer's own ("KT. Giám đốc,
    Phó giám đốc" was signed by the Phó giám đốc).
    """
    titles = [re.sub(r"^(?:kt|tm|tl|q)\.?\s*", "", t.strip()) for t in re.split(r"[,()]", fold(value)) if t.strip()]
    roles = sorted((fold(r) for r in lexicon().person_roles), key=len, reverse=True)
    posts = [t for t in titles if any(t.endswith(r) for r in roles)]
    if posts:
        return posts[-1]
    # "Bộ trưởng Bộ KH&CN": the post, then whose; the question names the post alone ("do Thủ tướng ký").
    led = [next(r for r in roles if t.startswith(r + " ")) for t in titles if any(t.startswith(r + " ") for r in roles)]
    return led[-1] if led else ""


def verdict(analysis: QuestionAnalysis, kind: str, value: str | None, coverage: float) -> bool | None:
    """True (Có), False (Không) or None (cannot tell: abstain)."""
    if kind == "product" and value:
        claimed = _content_words(claimed_product(analysis))
        return bool(claimed) and claimed <= _content_words(value)
    if kind == "signer" and value:
        post = _signer_post(value)
        return (post == signed_by(analysis)) if post else None
    if kind == "org" and value:
        return same_org(asserted_org(analysis), value)
    if kind == "person" and value:
        return any(fold(name) in fold(value) for name in analysis.persons)
    if kind == "time" and value:
        stated = re.sub(r"\s+", "", fold(value))
        closing = closing_time(analysis)
        if _RECURRING_RE.fullmatch(closing):
            # "hằng quý" against "Hàng năm": how often, in the unit and count stated ("Hằng tháng, Hằng quý" holds both).
            said = _recurrences(fold(value))
            return _recurrences(closing) <= said if said else None
        claimed_quarters = quarters_in(closing)
        if claimed_quarters:  # "… trong Quý IV/2023 không?" against "Quý III/2023"
            said = quarters_in(fold(value))
            if not said:
                return None
            years = re.findall(r"\d{4}", closing)
            return said[0] == claimed_quarters[0] and all(y in stated for y in years)
        if closing:  # the whole date or period must be the one stated: "2021-2025" is not "2020-2025"
            parts = [str(int(n)) for n in re.findall(r"\d+", closing)]
            return [str(int(n)) for n in re.findall(r"\d+", stated)][: len(parts)] == parts or _contains_run(stated, parts)
        asked = [n for n in analysis.numbers if len(n) >= 2]
        return any(n in stated for n in asked) if asked else None
    if kind == "number" and value:
        stated = re.search(r"\d[\d.,]*", value)
        digits = re.sub(r"\D", "", stated.group(0)) if stated else ""
        return any(re.sub(r"\D", "", n) == digits for n in analysis.numbers)
    if coverage < CONFIRM_COVERAGE:
        return None
    return not (value and _NEGATION.search(fold(value)))


_DAY_MONTH_RE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/\d{4})?(?![\d/])")


def _days(text: str) -> set[tuple[int, int]]:
    return {(int(d), int(m)) for d, m in _DAY_MONTH_RE.findall(text)}


def dates_contradicted(analysis: QuestionAnalysis, text: str) -> bool:
    """True when the claim names a day ("… ngày KH&CN vào 18/6 …") and ``text`` dates it otherwise (18/5)."""
    claimed = _days(" ".join(analysis.numbers))
    stated = _days(fold(text))
    return bool(claimed) and bool(stated) and not claimed & stated


def _contains_run(stated: str, parts: list[str]) -> bool:
    """True when the numbers ``parts`` occur one after another among the numbers of ``stated``."""
    numbers = [str(int(n)) for n in re.findall(r"\d+", stated)]
    return any(numbers[i : i + len(parts)] == parts for i in range(len(numbers)))


_PREDICATE_RE = re.compile(r"\b(?:da|co|duoc|da duoc|da co)\s+((?:[a-z0-9]+\s+){1,5}?[a-z0-9]+)\s+(?:chua|khong)\s*\W*$")


def predicate(analysis: QuestionAnalysis) -> str:
    """The claim a bare yes/no question checks: "đã có kết quả chính thức không" → "ket qua chinh thuc"."""
    match = _PREDICATE_RE.search(analysis.folded)
    if not match:
        return ""
    words = match.group(1).split()
    while words and words[0] in ("co", "duoc", "da"):
        words = words[1:]
    return " ".join(words) if len(words) >= 2 else ""


def stated_negated(analysis: QuestionAnalysis, text: str) -> bool | None:
    """Whether ``text`` denies the question's claim ("chưa có kết quả chính thức"): None when it does not say."""
    claim = predicate(analysis)
    if not claim:
        return None
    folded = " ".join(fold(text).split())
    at = folded.find(claim)
    if at < 0:
        return None
    return bool(re.search(r"\b(?:chua|khong|chua co|khong co|chua duoc|khong duoc)\s+(?:\w+\s+){0,1}$", folded[max(0, at - 20) : at]))


# "không ngừng nâng cao" (ever more), "không chỉ" (not only): "không" that denies nothing.
_NOT_A_DENIAL = ("khong ngung", "khong chi", "khong it", "khong the thieu", "khong ngoai", "khong phan biet")
_DENIERS = ("khong", "chua")
_SWAP_MARKERS = (("thay", "cho"), ("thay", "vi"))


def _runs(sequence: Sequence[str | None]) -> list[tuple[str, ...]]:
    """The question's runs of two or more consecutive topic words (stop words cut them)."""
    runs, current = [], []
    for word in [*sequence, None]:
        if word is None:
            if len(current) >= 2:
                runs.append(tuple(current))
            current = []
        else:
            current.append(word)
    return runs


def _longest_shared_run(runs: list[tuple[str, ...]], words: list[str]) -> tuple[int, int]:
    """(start, length) in ``words`` of the longest stretch that some question run also holds."""
    best = (0, 0)
    for run in runs:
        for size in range(len(run), max(best[1], 1), -1):
            for offset in range(len(run) - size + 1):
                piece = list(run[offset : offset + size])
                at = next((i for i in range(len(words) - size + 1) if words[i : i + size] == piece), None)
                if at is not None:
                    best = (at, size)
                    break
            if best[1] == size:
                break
    return best


def _denied_at(words: list[str], at: int) -> bool:
    """True when "không"/"chưa" stands within four words before ``at`` and denies (not "không ngừng")."""
    for i in range(max(0, at - 4), at):
        if words[i] in _DENIERS and " ".join(words[i : i + 2]) not in _NOT_A_DENIAL and " ".join(words[i : i + 3]) not in _NOT_A_DENIAL:
            return True
    return False


def _swapped(asked: list[str], stated: list[str]) -> bool:
    """"A thay cho B" asked where the passage says "B thay cho A": the claim turned round."""
    for marker in _SWAP_MARKERS:
        ask_at = next((i for i in range(len(asked) - 1) if tuple(asked[i : i + 2]) == marker), None)
        say_at = next((i for i in range(len(stated) - 1) if tuple(stated[i : i + 2]) == marker), None)
        if ask_at is None or say_at is None:
            continue
        ask_before, ask_after = set(asked[max(0, ask_at - 4) : ask_at]), set(asked[ask_at + 2 : ask_at + 6])
        say_before, say_after = set(stated[max(0, say_at - 4) : say_at]), set(stated[say_at + 2 : say_at + 6])
        crossed = len(ask_before & say_after) + len(ask_after & say_before)
        straight = len(ask_before & say_before) + len(ask_after & say_after)
        if crossed >= 2 and crossed > straight:
            return True
    return False


_PREDICATE_VERBS = frozenset({"co", "la", "duoc", "da", "se", "phai"})
"""Words only the question adds that open another predicate: what follows is a second claim."""
CONTINUED_RUN = 4
"""Words the claim and the sentence must share, in order, before a different ending contradicts it."""
CONTINUATION_WINDOW = 8
"""Words after the shared stretch where the claim's own ending may still be found (said a little later)."""


def _continued_otherwise(analysis: QuestionAnalysis, words: list[str], at: int, size: int) -> bool:
    """"… dựa vào công nghệ truyền thống phải không?" against "… dựa vào công nghệ mới …": the
    sentence repeats the claim word for word, then goes on otherwise, and none of the claim's
    own last words is in what follows (a passage that only inserts a word, "quản lý nhà nước về
    hoạt động sở hữu công nghiệp", still says it).

    Only the claim's content words right after the shared stretch count, up to the closing
    "phải không"; a claim that simply stops there agrees with a sentence that says more.
    """
    tokens, sequence = analysis.tokens, analysis.topic_sequence
    shared = words[at : at + size]
    start = next((i for i in range(len(tokens) - size + 1) if list(tokens[i : i + size]) == shared), None)
    if start is None or len(sequence) != len(tokens):
        return False
    asked_end, said_end = start + size, at + size
    while asked_end < len(tokens) and said_end < len(words):
        if tokens[asked_end] == words[said_end]:
            asked_end, said_end = asked_end + 1, said_end + 1  # on through stop words ("… của tỉnh dựa vào …")
        elif sequence[asked_end] is None:
            if tokens[asked_end] in _PREDICATE_VERBS:
                return False  # "… vào hoạt động của ngành có sản phẩm là báo cáo": a new predicate starts
            asked_end += 1  # a word only the question adds ("Chi cục … Ninh Thuận trực thuộc …")
        else:
            break
    if said_end >= len(words) or said_end == at + size:
        return False
    ending: list[str] = []
    for word, topic in zip(tokens[asked_end:], sequence[asked_end:], strict=True):
        if topic is None:
            break
        ending.append(word)
    if len(ending) < 2 or not all(w.isalpha() and w not in _abbreviation_pieces() for w in ending):
        return False  # a code, a number or "KH&CN" may be written otherwise ("số 03/2019", "khoa học và công nghệ")
    following = set(words[said_end : said_end + CONTINUATION_WINDOW])
    return not following & set(ending) and words[said_end] not in _DENIERS


@cache
def _abbreviation_pieces() -> frozenset[str]:
    """Folded words of the lexicon's abbreviations ("kh", "cn", "ubnd"): the documents may spell them out."""
    return frozenset(w for short in lexicon().abbreviations for w in re.findall(r"[a-z0-9]+", fold(short)))


_PARENT_RE = re.compile(r"\b(?:truc thuoc|thuoc quyen quan ly cua|chiu trach nhiem (?:truoc|voi))\s+(.{3,80}?)(?=\s+(?:theo|trong|tai|nam|tu|ve|phai|dung|co phai|khong|chua)\b|[,.;:()?]|$)")


def _other_parent(analysis: QuestionAnalysis, folded_sentence: str) -> bool:
    """"Chi cục … trực thuộc UBND tỉnh phải không?" against "… Chi cục … trực thuộc Sở KH&CN":
    the sentence names the unit it belongs to, and that is another one. So for whom one answers
    to: "chịu trách nhiệm với Ban Thường vụ Tỉnh ủy" against "… trước Lãnh đạo UBND tỉnh".
    """
    asked = _PARENT_RE.search(analysis.folded)
    stated = [m.group(1) for m in _PARENT_RE.finditer(folded_sentence)]
    return bool(asked and stated) and not any(same_org(asked.group(1), unit) for unit in stated)


_BODIES = frozenset({"ubnd", "hdnd"})
"""People's bodies (folded abbreviations; the lexicon spells them out) a claim may swap."""
BODY_CONTEXT = 3
"""Words the claim and the sentence must share on each side of the body they name."""


def _other_body(folded_question: str, folded_sentence: str) -> bool:
    """"… đã được HĐND tỉnh phê duyệt chủ trương đầu tư, có phải không?" against "… đã được UBND
    tỉnh phê duyệt chủ trương đầu tư": the same words around another People's body.
    """
    def words(text: str) -> list[str]:
        for short in _BODIES:
            text = re.sub(rf"\b{' '.join(lexicon().abbreviations[short])}\b", short, text)
        return re.findall(r"[a-z0-9]+", text)

    asked, said = words(folded_question), words(folded_sentence)
    for i, word in enumerate(asked):
        if word not in _BODIES:
            continue
        before, after = asked[max(0, i - 2) : i], asked[i + 1 : i + 1 + BODY_CONTEXT]
        for j, other in enumerate(said):
            if other in _BODIES and other != word and said[max(0, j - 2) : j] == before and said[j + 1 : j + 1 + BODY_CONTEXT] == after:
                return True
    return False


def claim_denied(analysis: QuestionAnalysis, sentence: str) -> bool:
    """True when the sentence holding the claim's words says the opposite in its own words.

    "… có ban hành thêm thủ tục, quy định mới không?" against "… không để phát
    sinh thủ tục, quy định mới …": the longest stretch of the question's words
    the sentence repeats follows a denial. "… nhập khẩu thay cho trong nước?"
    against "… trong nước thay cho nhập khẩu": the same words, turned round.
    """
    words = re.findall(r"[a-z0-9]+", fold(sentence))
    asked = re.findall(r"[a-z0-9]+", analysis.folded)
    if _swapped(asked, words):
        return True
    at, size = _longest_shared_run(_runs(analysis.topic_sequence), words)
    if size >= CONTINUED_RUN and _continued_otherwise(analysis, words, at, size):
        return True
    if _other_parent(analysis, fold(sentence)) or _other_body(analysis.folded, fold(sentence)):
        return True
    if size < 2 or not _denied_at(words, at):
        return False
    asked_at, asked_size = _longest_shared_run([tuple(words[at : at + size])], asked)
    return not (asked_size and _denied_at(asked, asked_at))  # "… không để phát sinh … đúng không?" agrees


_ISSUER_NAMED_RE = re.compile(
    r"\b(?:cua|do)\s+((?:ubnd|uy ban|so|bo|hdnd|hoi dong|thu tuong|chinh phu|tinh uy|tong cuc|ban)\b[^,?]*?)"
    r"\s*(?:\bban hanh\b|\bky\b|(?:\b(?:dung|phai)\s+)?\bkhong\b)"
)
_ISSUED_CLAIM_RE = re.compile(r"\bban hanh\b|\bla\s+(?:[a-z]+\s+){0,2}cua\b")


def issuer_claim(analysis: QuestionAnalysis) -> tuple[str, bool] | None:
    """(code, verdict) when the question claims who issued a coded document, which its code says.

    "Quyết định số 21/QĐ-UBND … có phải do Sở KH&CN ban hành không?": the code's last
    part names the issuer (UBND), whatever the passages write around it. ``None``
    when the question claims no issuer, names a post (the Chairman signs for the
    People's Committee) or the code's issuer is not one the lexicon knows.
    """
    if len(analysis.codes) != 1 or not _ISSUED_CLAIM_RE.search(analysis.folded):
        return None
    masked = re.sub(r"\S*\d[/-]\S*", lambda m: " " * len(m.group(0)), analysis.folded)
    claimed = list(_ISSUER_NAMED_RE.finditer(masked))
    asserted = " ".join(claimed[-1].group(1).split()) if claimed else ""
    if not asserted or post_named(asserted, short=True):
        return None
    if closing_time(analysis) or re.search(r"\b(?:ngay|thang|nam)\s+\d", analysis.folded[claimed[-1].end(1) :]):
        return None  # "… của UBND tỉnh ban hành ngày 13/01/2022 không?" claims the date; the issuer is scope
    code = analysis.codes[0]
    issuer = lexicon().code_issuers.get(fold(re.split(r"[-/]", code)[-1]))
    if issuer is None:
        return None
    return code, same_org(asserted, issuer)


def unit_holds(analysis: QuestionAnalysis, hit: Hit) -> bool:
    """False when the question puts a unit in a role and the passage's own unit is another one.

    A time claim ("… giai đoạn 2016-2021 không?") may also claim who does the
    work; the unit heading the passage answers that part. No unit stated, or no
    unit heading above the passage: nothing to contradict.
    """
    asserted = asserted_org(analysis) if analysis.role_stated else ""
    unit = hit.chunk.unit or ""
    if not asserted or not unit or _is_issuer(asserted):
        return True
    # The unit must be the doer ("Chi cục X được giao …"), not the work's object ("triển khai Trại X …").
    cues = "|".join(re.escape(fold(c)) for c in lexicon().role_cues["lead"])
    if not re.search(rf"{re.escape(asserted)}\s+(?:(?:co|la)\s+)?(?:{cues})\b", analysis.folded):
        return True
    return same_org(asserted, unit)


_IMPLEMENTS_RE = re.compile(r"\b(?:thuc hien|trien khai|theo|can cu|ban hanh kem|kem theo|cu the hoa)\b")


def claimed_code(analysis: QuestionAnalysis) -> str:
    """The document a yes/no question claims another one carries out; "" when it claims none.

    "Kế hoạch 2828/KH-UBND … là để thực hiện Quyết định 696/QĐ-TTg phải không?": the
    last code, after a verb of carrying out, is the claim; the codes before it are
    the documents asked about. A claimed code the documents never cite is a "Không",
    not a question about an unknown document.
    """
    if analysis.answer_type != "yes_no" or len(analysis.codes) < 2:
        return ""
    last = analysis.codes[-1]
    at = analysis.folded.find(fold(last).split("/")[0])
    before = analysis.folded[max(0, at - 60) : at] if at >= 0 else ""
    return last if _IMPLEMENTS_RE.search(before) else ""


def code_in(code: str, text: str) -> bool:
    """True when ``text`` cites ``code`` (spacing, "&" and accents aside: "2667/QD-BKHCN")."""
    return re.sub(r"[\s&]+", "", fold(code)) in re.sub(r"[\s&]+", "", fold(text))


_SECTION_CLAIM_RE = re.compile(
    r"\b(?:nam trong|thuoc|o|duoc neu (?:o|tai|trong))\s+(?:muc|chuong)\s+(.{4,120}?)"
    r"(?:\s+(?:cua|trong)\s+(?:bao cao|ke hoach|van ban|phu luc)\b.*)?\s*,?\s*(?:(?:co\s+)?(?:dung|phai)\s+)?khong\W*$"
)


def claimed_section(analysis: QuestionAnalysis) -> str:
    """The heading a yes/no question says its item sits under ("… có nằm trong mục Quản lý an toàn
    bức xạ của báo cáo không?"), folded; "" when it claims no section. "phần việc của Thanh tra",
    "phần tuyên truyền của …" name someone's share of the work, not a heading: only "mục"/"chương" do.
    """
    match = _SECTION_CLAIM_RE.search(analysis.folded)
    return match.group(1).strip() if match else ""


def under_section(claimed: str, hit: Hit) -> bool:
    """Whether one of the passage's headings is the claimed one: most of its words, in any order."""
    wanted = _content_words(claimed) - {"so"}
    if not wanted:
        return False
    return any(len(wanted & _content_words(fold(heading))) >= 0.7 * len(wanted) for heading in hit.chunk.section)


def statement(answer: bool, text: str) -> str:
    """E.g. "Có, <statement>" / "Không, <statement>": the verdict first, then what the documents say."""
    return f"{'Có' if answer else 'Không'}, {text}"
