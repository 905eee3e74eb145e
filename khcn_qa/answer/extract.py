"""One candidate claim per retrieved passage, built from its strongest evidence.

Order of trust: a table cell in the column the question asks about, then the
unit heading the passage (in these plans "4. Chi cục …" means the Chi cục does
the bullets below), then a number/date/organisation found in the sentence that
best matches the question, then the sentence itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from khcn_qa.answer.cite import display_date, find_span, supports
from khcn_qa.answer.intent import QuestionAnalysis
from khcn_qa.answer.patterns import (
    date_value,
    field_value,
    lead_from_text,
    number_value,
    unit_of,
)
from khcn_qa.answer.scoring import (
    TopicModel,
    best_sentences,
    context_text,
    folded_tokens,
    join_broken_codes,
    passage_text,
)
from khcn_qa.records import DocumentMeta, Hit
from khcn_qa.text.normalize import fold, normalize_text

OPEN_INTENTS = frozenset({"about", "generic"})
VALUE_QUALITY = {"field": 1.0, "meta": 1.0, "unit": 0.9, "pattern": 0.75, "sentence": 0.35}
NO_TOPIC_COVERAGE = 0.6
"""Coverage assumed when a question has no topic words ("Ai ký?"): neither proof nor disproof."""
QUOTE_LIMIT = 260
_PERCENT_CUES = ("ty le", "ti le", "ty trong", "phan tram", "%", "muc")
_DOC_TYPES = {"ke_hoach": "Kế hoạch", "bao_cao": "Báo cáo", "phu_luc": "Phụ lục", "quyet_dinh": "Quyết định"}


class Found(NamedTuple):
    """What one evidence rule produced for a passage."""

    text: str
    kind: str
    value: str | None
    span: tuple[int, int] | None
    quality: float | None = None


@dataclass(frozen=True)
class Claim:
    """A sentence the answer may say about one passage, before its marker is added."""

    hit: Hit
    text: str
    kind: str
    value: str | None
    span: tuple[int, int] | None
    coverage: float
    strength: float
    quality: float
    """How directly the claim answers the intent (a cell beats a quoted sentence)."""
    framed: bool = False


def doc_label(meta: DocumentMeta) -> str:
    """How an answer names a document: "Kế hoạch 2502/KH-UBND (2023)" or type, year and issuer."""
    kind = _DOC_TYPES.get(meta.doc_type or "", meta.doc_type or "Văn bản")
    kind = kind[:1].upper() + kind[1:]
    number = meta.number if meta.number and meta.number[:1].isdigit() else None
    if number:
        return f"{kind} {number}" + (f" ({meta.year})" if meta.year else "")
    label = kind + (f" năm {meta.year}" if meta.year else "")
    if meta.issuer:
        label += f" của {meta.issuer}"
        if meta.province and fold(meta.province) not in fold(meta.issuer):
            label += f" tỉnh {meta.province}"
    elif meta.province:
        label += f" tỉnh {meta.province}"
    elif not meta.year:
        label += f" ({meta.title or meta.source})"
    return label


def quote(text: str, span: tuple[int, int], focus: str | None = None) -> str:
    """The sentence at ``span`` on one line, cut around ``focus`` when it is long."""
    sentence = " ".join(normalize_text(join_broken_codes(text[span[0] : span[1]])).split())
    sentence = sentence.replace("<i>", "").replace("</i>", "").replace("**", "")
    if len(sentence) <= QUOTE_LIMIT:
        return sentence
    where = fold(sentence).find(fold(focus)) if focus else 0
    start = max(0, where - QUOTE_LIMIT // 3) if where > 0 else 0
    start = sentence.rfind(" ", 0, start) + 1 if start else 0
    end = sentence.find(" ", start + QUOTE_LIMIT)
    end = len(sentence) if end < 0 else end
    return ("…" if start else "") + sentence[start:end] + ("…" if end < len(sentence) else "")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _value_claim(hit: Hit, intent: str, sentences: list[tuple[tuple[int, int], float]],
                 analysis: QuestionAnalysis) -> Found | None:
    """(text, kind, value, span) from a cell, the unit or a pattern; ``None`` when nothing fits."""
    top_span = sentences[0][0] if sentences else None
    fields = hit.fields
    cell = field_value(fields, intent) if fields else None
    if cell and supports(hit, cell):
        span = find_span(hit.text, cell) or top_span
        templates = {"who_lead": "{v} chủ trì", "who_coordinate": "Cơ quan phối hợp: {v}",
                     "when": "Thời gian thực hiện: {v}", "product": "Sản phẩm: {v}"}
        if intent in templates:
            return Found(templates[intent].format(v=cell), "field", cell, span)
    if intent == "who_lead":
        unit = unit_of(hit.chunk)
        if unit and supports(hit, unit):
            return Found(f"{unit} thực hiện", "unit", unit, top_span)
        for span, _ in sentences:
            org = lead_from_text(hit.text[span[0] : span[1]])
            if org and supports(hit, org):
                return Found(f"{org} chủ trì", "pattern", org, span)
    if intent in ("when", "how_many"):
        prefer_pct = any(c in analysis.folded for c in _PERCENT_CUES)
        for span, _ in sentences:
            sentence = hit.text[span[0] : span[1]]
            if intent == "when":
                value, quality = date_value(sentence) or (None, None)
            else:
                value = number_value(sentence, analysis.topic, analysis.numbers, prefer_pct)
                quality = None
            if value and supports(hit, value):
                text = f"{_cap(value)} — “{quote(hit.text, span, value)}”"
                return Found(text, "pattern", value, span, quality)
    if intent == "who_coordinate":
        for span, _ in sentences:
            if "phoi hop" in fold(hit.text[span[0] : span[1]]):
                return Found(f"“{quote(hit.text, span, 'phối hợp')}”", "pattern", None, span, 0.6)
    return None


_ISSUED_RE = r"\s*(?:của\s+[^,.;]{0,60}?\s*)?ngày\s*(\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2} tháng \d{1,2} năm \d{4})"


def _code_pattern(code: str) -> str:
    """A regex for a document code that tolerates spaces around ``/`` and ``-``."""
    parts = re.split(r"([/-])", code)
    return "".join(r"\s*" + re.escape(p) + r"\s*" if p in "/-" else re.escape(p) for p in parts)


def cited_document_date(hit: Hit, question: str) -> Found | None:
    """Issue date of a document the question names by its code ("Nghị quyết 14-NQ/TU … ngày nào?").

    Plans cite other documents as "<code> ngày dd/mm/yyyy"; when the question
    names a code that is not the indexed document's own number, that date is
    the answer, not the plan's own metadata.
    """
    from khcn_qa.text.tokenize import codes

    own = (hit.meta.number or "").replace(" ", "").lower()
    for code in codes(question):
        if "/" not in code or code == own or re.fullmatch(r"[\d/]+", code):
            continue
        match = re.search(_code_pattern(code) + _ISSUED_RE, hit.text, re.I)
        if match:
            date = re.sub(r"\s+", "", match.group(1)) if "/" in match.group(1) else match.group(1)
            label = re.sub(r"\s+", " ", hit.text[match.start() : match.start(1)])
            label = re.sub(r"\s*(?:của .*)?ngày\s*$", "", label).strip()
            return Found(f"{label} ban hành ngày {date}", "pattern", date, match.span(), 1.0)
    return None


def _meta_claim(hit: Hit, intent: str) -> Found | None:
    meta = hit.meta
    if intent == "signer" and meta.signer:
        return Found(
            f"người ký là {meta.signer}", "meta", meta.signer, find_span(hit.text, meta.signer)
        )
    if intent != "doc_info":
        return None
    parts: list[str] = []
    number = meta.number if meta.number and meta.number[:1].isdigit() else None
    if number:
        parts.append(f"số hiệu {number}")
    if meta.date:
        parts.append(f"ngày ban hành {display_date(meta.date)}")
    if meta.issuer:
        parts.append(f"cơ quan ban hành {meta.issuer}")
    if not parts:
        return None
    return Found("; ".join(parts), "meta", number or meta.issuer, None)


def _open_claim(hit: Hit, sentences: list[tuple[tuple[int, int], float]]) -> Found | None:
    """For "about"/"generic" questions and as the fallback: a row summary or the best sentences."""
    content = field_value(hit.fields, "content") if hit.fields else None
    if content and supports(hit, content):
        extras = [(label, field_value(hit.fields, key)) for label, key in
                  (("chủ trì", "who_lead"), ("thời gian", "when"), ("sản phẩm", "product"))]
        tail = "; ".join(f"{label}: {value}" for label, value in extras if value)
        text = f"“{content}”" + (f" — {tail}" if tail else "")
        return Found(text, "field", content, find_span(hit.text, content))
    if not sentences:
        return None
    (span, score), rest = sentences[0], sentences[1:]
    text = quote(hit.text, span)
    if rest and rest[0][1] > 0 and rest[0][1] >= 0.6 * score and len(text) < QUOTE_LIMIT // 2:
        second = rest[0][0]
        ordered = sorted([span, second])
        text = " ".join(quote(hit.text, s) for s in ordered)
        span = (ordered[0][0], ordered[1][1])
    return Found(text, "sentence", None, span)


def extract_claim(
    analysis: QuestionAnalysis, model: TopicModel, hit: Hit, relevance: float
) -> Claim | None:
    """The best claim this passage supports for the question, with its strength.

    ``relevance`` is the retriever's opinion (score relative to the top hit);
    strength mixes it with topic coverage, the best sentence's score and how
    direct the evidence is, so a cell in the right row beats a vague sentence.
    """
    sentences = best_sentences(model, analysis, hit, limit=3)
    intent = analysis.intent
    found = cited_document_date(hit, analysis.question) if intent in ("doc_info", "when") else None
    if found is None and intent in ("signer", "doc_info"):
        found = _meta_claim(hit, intent)
    if found is None and intent not in OPEN_INTENTS:
        found = _value_claim(hit, intent, sentences, analysis)
    if found is None:
        found = _open_claim(hit, sentences)
    if found is None:
        return None
    text, kind, value, span, quality = found
    kind_quality = 0.8 if kind == "sentence" and intent in OPEN_INTENTS else VALUE_QUALITY[kind]
    kind_quality = kind_quality if quality is None else quality
    coverage = model.coverage(folded_tokens(passage_text(hit)))
    coverage = NO_TOPIC_COVERAGE if coverage is None else coverage
    if kind == "sentence" and span is not None:
        # A quoted sentence is the whole answer: it must cover the topic itself.
        scoped = hit.text[span[0] : span[1]] + " \n " + context_text(hit, title=False)
        own = model.coverage(folded_tokens(scoped))
        coverage = coverage if own is None else (coverage + own) / 2
    best_sentence = max(0.0, min(1.3, sentences[0][1])) if sentences else 0.0
    strength = 0.4 * coverage + 0.25 * best_sentence + 0.15 * relevance + 0.2 * kind_quality
    if analysis.years and hit.meta.year and str(hit.meta.year) in analysis.years:
        strength += 0.05
    framed = intent in ("signer", "doc_info")
    if intent == "signer" and span is not None and hit.fields.get("Người ký") == value:
        strength += 0.3  # the signature block itself is the proof to cite
    return Claim(hit, text, kind, value, span, coverage, strength, kind_quality, framed)
