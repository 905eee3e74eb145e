"""Retrieved passages → a short cited Vietnamese answer, or an honest abstention.

The composer owns what both readers share: scope checks before reading
(another province, a year, a document or a person the passages do not
match), the citation check of every statement, the confidence and the
abstention threshold. Extraction is the default (no language model is
needed offline); an LLM reader, when configured, is tried first and its
answer is kept only if every statement passes the same citation check.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from khcn_qa.answer.calibration import FALLBACK_THRESHOLD
from khcn_qa.answer.cite import check_citations
from khcn_qa.answer.question import QuestionAnalysis, analyze_question
from khcn_qa.answer.reader import Draft, ExtractiveReader, Reader, Statement
from khcn_qa.answer.scope import claimed_persons, mismatch
from khcn_qa.lexicon import lexicon
from khcn_qa.records import Answer, Chunk, Citation, DocumentMeta, Hit
from khcn_qa.text.normalize import fold

logger = logging.getLogger(__name__)

ABSTAIN_TEXT = "Không tìm thấy thông tin này trong các văn bản đã nạp."
EMPTY_TEXT = "Câu hỏi chưa có nội dung để tìm; xin nhập câu hỏi bằng lời, ví dụ “Ai chủ trì nhiệm vụ …?”."
DEFAULT_ABSTAIN_THRESHOLD = FALLBACK_THRESHOLD
"""Used only when the caller passes no calibrated threshold (see :mod:`khcn_qa.answer.calibration`)."""
CANDIDATE_HITS = 8
NEAREST_HITS = 3
COVERAGE_FULL = 0.75
QUALITY_FULL = 0.25
"""Below this type fit (e.g. "10 doanh nghiệp" for "bao nhiêu viên chức") confidence falls with it."""
FRAMED_TYPES = frozenset({"signer", "doc_info"})


def _clip(value: float) -> float:
    return max(0.0, min(1.0, value))


def confidence(statement: Statement) -> float:
    """Confidence in [0, 1], monotone in coverage and type fit so one threshold can separate.

    ``base`` weighs how much of the question's topic the cited passage covers
    (0.6) against how directly the value answers the asked type (0.4); it is
    then scaled by min(1, coverage/0.75)^1.5, because a table row always
    "has" a leader even when it is about something else, and by
    min(1, quality/0.25): a value of the wrong kind (a number counting
    another noun) is no answer however well its passage matches. No embedding
    cosine enters: its range depends on the model, and topic coverage
    separates better on these documents.
    """
    base = 0.6 * statement.coverage + 0.4 * _clip(statement.quality)
    gate = min(1.0, statement.coverage / COVERAGE_FULL) ** 1.5
    fit = min(1.0, _clip(statement.quality) / QUALITY_FULL)
    return round(_clip(base * gate * fit), 4)


def doc_label(meta: DocumentMeta) -> str:
    """How an answer names a document: "Kế hoạch 2502/KH-UBND (2023)" or type, year and issuer."""
    kind = lexicon().document_kind_label(meta.doc_type)
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


def render(statements: Sequence[Statement], answer_type: str) -> tuple[str, tuple[Citation, ...]]:
    """Answer text with [n] markers (one per cited passage) and the matching citations."""
    multi = len({s.hit.source for s in statements}) > 1
    markers: dict[str, int] = {}
    citations: list[Citation] = []
    pieces: list[str] = []
    for statement in statements:
        labels = []
        for hit in (statement.hit, *statement.also):
            if hit.chunk.chunk_id not in markers:
                markers[hit.chunk.chunk_id] = len(markers) + 1
                span = statement.span if hit is statement.hit else None
                citations.append(Citation(markers[hit.chunk.chunk_id], hit, span))
            labels.append(f"[{markers[hit.chunk.chunk_id]}]")
        body = statement.text.rstrip(" .;,")
        if statement.framed or multi or answer_type in FRAMED_TYPES:
            body = f"Theo {doc_label(statement.hit.meta)}: {body}"
        pieces.append(f"{body} {''.join(labels)}.")
    return " ".join(pieces), tuple(citations)


def _verified(draft: Draft) -> list[Statement]:
    """Statements whose every value is in the passage their marker cites."""
    kept = []
    for statement in draft.statements:
        text, citations = render([statement], draft.answer_type)
        problems = check_citations(text, citations)
        if problems:
            logger.debug("dropping statement %r: %s", statement.text, problems)
        else:
            kept.append(statement)
    return kept


def _abstain(analysis: QuestionAnalysis, conf: float, hits: Sequence[Hit], reason: str | None = None) -> Answer:
    text = ABSTAIN_TEXT if reason is None else f"{ABSTAIN_TEXT} Lý do: {reason}."
    return Answer(analysis.question, text, (), True, conf, analysis.intent, tuple(hits[:NEAREST_HITS]))


def _in_scope(analysis: QuestionAnalysis, hits: Sequence[Hit]) -> tuple[list[Hit], str | None]:
    """Hits within the question's scope, and why none is when none is.

    The reason given is that of a passage from the province asked about when
    there is one: "no 2021 plan" says more than "not about Tây Ninh".
    """
    kept, reasons = [], []
    for hit in hits:
        reason = mismatch(analysis, hit)
        if reason is None:
            kept.append(hit)
        else:
            reasons.append((hit.meta.province not in analysis.provinces, reason))
    if kept or not reasons:
        return kept, None
    return kept, min(reasons, key=lambda item: item[0])[1]


def compose_answer(
    question: str,
    hits: Sequence[Hit],
    *,
    llm_url: str | None = None,
    abstain_below: float | None = None,
    readers: Sequence[Reader] | None = None,
    chunks_of: Callable[[str], Sequence[Chunk]] | None = None,
    mentions: Callable[[str], bool] | None = None,
) -> Answer:
    """Answer ``question`` from ``hits`` with [n] markers, or abstain when evidence is weak.

    ``readers`` are tried in order (default: the LLM reader when ``llm_url``
    is set, then the extractive reader, then, given ``chunks_of`` (a
    document's chunks), the counting reader); the first draft that passes
    the citation check and the threshold is the answer. ``mentions`` tells
    whether any indexed passage names a phrase: a claim about a person the
    documents never name ("Bà X chỉ đạo … phải không?") can be neither
    confirmed nor denied.
    """
    threshold = DEFAULT_ABSTAIN_THRESHOLD if abstain_below is None else abstain_below
    analysis = analyze_question(question)
    if analysis.empty:
        return Answer(question, EMPTY_TEXT, (), True, 0.0, analysis.intent, ())
    unknown = next((p for p in claimed_persons(analysis) if mentions is not None and not mentions(p)), None)
    if unknown is not None:
        return _abstain(analysis, 0.0, hits, f"các văn bản đã nạp không nhắc đến {unknown}")
    pool, reason = _in_scope(analysis, list(hits)[:CANDIDATE_HITS])
    if not pool:
        return _abstain(analysis, 0.0, hits, reason)
    if readers is None:
        from khcn_qa.answer.llm import LLMReader

        chosen: list[Reader] = [LLMReader(llm_url)] if llm_url else []
        chosen.append(ExtractiveReader())
        if chunks_of is not None:
            from khcn_qa.answer.counting import CountingReader

            chosen.append(CountingReader(chunks_of))
        readers = chosen
    best_conf = 0.0
    for reader in readers:
        draft = reader.read(analysis, pool)
        if draft is None:
            continue
        statements = _verified(draft)
        if not statements:
            continue
        conf = max(confidence(s) for s in statements)
        best_conf = max(best_conf, conf)
        if conf < threshold:
            continue
        text, citations = render(statements, draft.answer_type)
        return Answer(question, text, citations, False, conf, analysis.intent)
    return _abstain(analysis, best_conf, hits)


