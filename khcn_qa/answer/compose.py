"""Retrieved passages → a short cited Vietnamese answer, or an honest abstention.

Extraction is the default (no language model is needed offline); the
optional generative mode only replaces the wording, and only when every
sentence it keeps passes the same citation check.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence

from khcn_qa.answer.cite import check_citations
from khcn_qa.answer.extract import OPEN_INTENTS, Claim, doc_label, extract_claim, quote
from khcn_qa.answer.intent import QuestionAnalysis, analyze_question
from khcn_qa.answer.llm import generate_answer
from khcn_qa.answer.scoring import TopicModel, split_sentences
from khcn_qa.records import Answer, Citation, Hit
from khcn_qa.text.normalize import fold

logger = logging.getLogger(__name__)

ABSTAIN_TEXT = "Không tìm thấy thông tin này trong các văn bản đã nạp."
DEFAULT_ABSTAIN_THRESHOLD = 0.30
"""Answers with lower :func:`confidence` abstain; to be calibrated on unanswerable questions."""
CANDIDATE_HITS = 8
NEAREST_HITS = 5
MERGE_RATIO = 0.85
MERGE_MIN_COVERAGE = 0.5
MAX_SOURCES = 3
DENSE_FLOOR, DENSE_SPAN = 0.80, 0.08
BM25_HALF = 6.0
COVERAGE_FULL = 0.75
SINGLE_SOURCE_INTENTS = frozenset({"signer", "doc_info"})


def _clip(value: float) -> float:
    return max(0.0, min(1.0, value))


def confidence(claim: Claim) -> float:
    """Confidence in [0, 1], monotone in every signal so one threshold can separate.

    ``base`` is a weighted mean of topic coverage (0.5), dense cosine rescaled
    from 0.80–0.88 (0.2), bm25 squashed as b/(b+6) (0.15) and how direct the
    value is (0.15); missing signals drop out of the mean. ``base`` is then
    scaled by min(1, coverage/0.75)^1.5, because e5 cosines alone barely
    separate a related passage from an unrelated one, and a table row always
    "has" a leader even when it is about something else.
    """
    parts: list[tuple[float, float]] = [(0.5, claim.coverage), (0.15, claim.quality)]
    dense = claim.hit.signals.get("dense")
    if dense is not None:
        parts.append((0.2, _clip((float(dense) - DENSE_FLOOR) / DENSE_SPAN)))
    bm25 = claim.hit.signals.get("bm25")
    if bm25 is not None and float(bm25) >= 0:
        parts.append((0.15, float(bm25) / (float(bm25) + BM25_HALF)))
    base = sum(w * v for w, v in parts) / sum(w for w, _ in parts)
    gate = min(1.0, claim.coverage / COVERAGE_FULL) ** 1.5
    return round(_clip(base * gate), 4)


_RANGE_RE = re.compile(r"(20\d\d)\s*-\s*(20\d\d)")
SCOPE_PENALTY = 0.4


def _covers_year(year: str, text: str) -> bool:
    if year in text:
        return True
    return any(int(a) <= int(year) <= int(b) for a, b in _RANGE_RE.findall(text))


def scope_factor(analysis: QuestionAnalysis, claim: Claim) -> float:
    """Penalty for an answer from outside the question's scope (another province or year).

    "Sở KH&CN Đồng Nai …" answered from a Quảng Trị plan, or "TFP năm 2035"
    from a 2030 target, is a confident-looking wrong answer; the question's
    explicit province and year must agree with the cited document.
    """
    from khcn_qa.ingest.metadata import PROVINCES

    meta = claim.hit.meta
    factor = 1.0
    named = [p for p in PROVINCES if re.search(rf"(?<!\w){re.escape(fold(p))}(?!\w)", analysis.folded)]
    if named and meta.province and meta.province not in named:
        factor *= SCOPE_PENALTY
    scope = " ".join([claim.hit.text, claim.hit.section, meta.title or "", str(meta.year or "")])
    if analysis.years and not any(_covers_year(y, scope) for y in analysis.years):
        factor *= SCOPE_PENALTY
    return factor


def _answer_confidence(analysis: QuestionAnalysis, claims: Sequence[Claim]) -> float:
    """Confidence of the best claim's value: the strongest passage that states the same value.

    The passage chosen to cite (e.g. a signature block) need not be the one
    that best matches the question's words; agreement elsewhere counts.
    """
    best = claims[0]
    same = [c for c in claims if c is best or (best.value and c.value and fold(c.value) == fold(best.value))]
    return round(max(confidence(c) * scope_factor(analysis, c) for c in same), 4)


def _relevances(hits: Sequence[Hit]) -> list[float]:
    """Retriever opinion per hit in [0, 1]: score / top score, or by rank when scores are unusable."""
    scores = [float(h.score) for h in hits]
    top = max(scores, default=0.0)
    if top > 0 and min(scores) >= 0:
        return [s / top for s in scores]
    return [1.0 / (1.0 + 0.15 * i) for i in range(len(hits))]


def _claims(analysis: QuestionAnalysis, hits: Sequence[Hit]) -> list[Claim]:
    model = TopicModel.build(analysis, hits)
    claims = []
    for hit, relevance in zip(hits, _relevances(hits), strict=True):
        claim = extract_claim(analysis, model, hit, relevance)
        if claim is not None:
            claims.append(claim)
    claims.sort(key=lambda c: -c.strength)
    return claims


def _named_provinces(analysis: QuestionAnalysis, claims: Sequence[Claim]) -> set[str]:
    """Provinces of the retrieved documents that the question names ("… của Quảng Trị")."""
    names = {c.hit.meta.province for c in claims if c.hit.meta.province}
    return {p for p in names if re.search(rf"(?<!\w){re.escape(fold(p))}(?!\w)", analysis.folded)}


def _select(claims: list[Claim], analysis: QuestionAnalysis) -> list[Claim]:
    """The best claim plus strong ones from other documents (one per document).

    When the question names a province, documents of other provinces are
    not merged in however well they match the rest of the question.
    """
    intent = analysis.intent
    provinces = _named_provinces(analysis, claims)
    best = claims[0]
    chosen = [best]
    limit = 2 if intent in OPEN_INTENTS else MAX_SOURCES
    if intent in SINGLE_SOURCE_INTENTS:
        limit = 1  # a question about "the" document's signer names one document
    for claim in claims[1:]:
        if len(chosen) >= limit:
            break
        if any(c.hit.source == claim.hit.source for c in chosen):
            continue
        if provinces and claim.hit.meta.province not in provinces:
            continue
        strong = claim.strength >= MERGE_RATIO * best.strength and claim.coverage >= MERGE_MIN_COVERAGE
        direct = intent in OPEN_INTENTS or claim.quality >= 0.75
        if strong and direct:
            chosen.append(claim)
    return chosen


def _render(claims: Sequence[Claim]) -> tuple[str, tuple[Citation, ...]]:
    multi = len(claims) > 1
    pieces: list[str] = []
    citations: list[Citation] = []
    for marker, claim in enumerate(claims, start=1):
        body = claim.text.rstrip(" .;,")
        if multi or claim.framed:
            body = f"Theo {doc_label(claim.hit.meta)}: {body}"
        else:
            body = body[:1].upper() + body[1:]
        pieces.append(f"{body} [{marker}].")
        citations.append(Citation(marker=marker, hit=claim.hit, span=claim.span))
    return " ".join(pieces), tuple(citations)


def _as_quote(claim: Claim) -> Claim | None:
    """The claim's passage quoted verbatim: the fallback that always cites correctly."""
    spans = [claim.span] if claim.span else split_sentences(claim.hit.text)[:1]
    if not spans:
        return None
    text = quote(claim.hit.text, spans[0])
    return dataclasses.replace(claim, text=f"“{text}”", kind="sentence", value=None, span=spans[0])


def _verified(claims: Sequence[Claim]) -> list[Claim]:
    """Keep claims whose citation check passes, quoting the passage instead of a failed value."""
    kept: list[Claim] = []
    for claim in claims:
        for candidate in (claim, _as_quote(claim)):
            if candidate is None:
                continue
            text, citations = _render([candidate])
            problems = check_citations(text, citations)
            if not problems:
                kept.append(candidate)
                break
            logger.debug("dropping claim %r: %s", candidate.text, problems)
    return kept


def _abstain(question: str, intent: str, conf: float, hits: Sequence[Hit]) -> Answer:
    return Answer(
        question=question,
        text=ABSTAIN_TEXT,
        citations=(),
        abstained=True,
        confidence=conf,
        intent=intent,
        nearest=tuple(hits[:NEAREST_HITS]),
    )


def compose_answer(
    question: str,
    hits: Sequence[Hit],
    *,
    llm_url: str | None = None,
    abstain_below: float | None = None,
) -> Answer:
    """Answer ``question`` from ``hits`` with [n] markers, or abstain when evidence is weak.

    Every returned answer passes :func:`check_citations`; with ``llm_url`` a
    generated answer is used only if it passes too, else extraction stands.
    """
    threshold = DEFAULT_ABSTAIN_THRESHOLD if abstain_below is None else abstain_below
    analysis = analyze_question(question)
    pool = list(hits)[:CANDIDATE_HITS]
    claims = _claims(analysis, pool) if pool else []
    if not claims:
        return _abstain(question, analysis.intent, 0.0, hits)
    conf = _answer_confidence(analysis, claims)
    if conf < threshold:
        return _abstain(question, analysis.intent, conf, hits)
    if llm_url:
        generated = generate_answer(question, pool, llm_url)
        if generated is not None and not check_citations(*generated):
            text, citations = generated
            return Answer(question, text, citations, False, conf, analysis.intent)
    chosen = _verified(_select(claims, analysis))
    if not chosen:
        return _abstain(question, analysis.intent, conf, hits)
    text, citations = _render(chosen)
    if check_citations(text, citations):
        text, citations = _render(chosen[:1])
    return Answer(question, text, citations, False, conf, analysis.intent)
