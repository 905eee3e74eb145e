"""Readers turn retrieved passages into cited statements; one small protocol, two readers.

The extractive reader (the offline default) ranks typed candidates from every
passage by type fit, closeness to the question's topic words and the
passage's rank, and states the best value first. The optional LLM reader
(:mod:`khcn_qa.answer.llm`) writes the wording itself. Both hand back a
:class:`Draft`; the composer checks its citations and decides on abstention
the same way for both.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from khcn_qa.answer import cited, yes_no
from khcn_qa.answer import patterns as pat
from khcn_qa.answer.candidates import (
    Candidate,
    Passage,
    code_pattern,
    names_code_asked,
    numbers_named,
    of_the_kind_asked,
)
from khcn_qa.answer.cite import check_citations, evidence_texts, find_span
from khcn_qa.answer.question import QuestionAnalysis, with_compounds
from khcn_qa.answer.scoring import (
    TopicModel,
    context_text,
    folded_tokens,
    passage_text,
    split_sentences,
)
from khcn_qa.answer.types import AnswerType, answer_type
from khcn_qa.answer.yes_no import CONFIRM_COVERAGE
from khcn_qa.lexicon import lexicon
from khcn_qa.records import Chunk, Citation, Hit
from khcn_qa.text.normalize import fold

NO_TOPIC_COVERAGE = 0.6
"""Coverage assumed when a question has no topic words ("Ai ký?"): neither proof nor disproof."""
QUOTE_LIMIT = 220
MERGE_RATIO = 0.85
MERGE_MIN_COVERAGE = 0.5
MAX_SOURCES = 3
SINGLE_SOURCE = frozenset({"signer", "doc_info"})
SECTION_YEAR_MISS = 0.15
"""Strength a passage loses when its section is about another year than the one asked."""
DUTY_FIT = 0.25
"""Strength a passage gains when the unit asked about heads its work ("Sở Tài chính có nhiệm vụ gì?")."""
KIND_MISS = 0.15
"""Strength a unit loses when the question names another kind of unit and some passage offers one."""
NAMED_IN_QUESTION = 0.3
"""Strength a unit loses when the question itself names it (it asks about another)."""
COUNT_FIT = 0.15
"""Strength a value gains when its sentence states the count the question states ("11 nhiệm vụ")."""
EXCLUDED_SHARE = 0.6
"""A value this much made of the words after "ngoài" is what the question sets aside."""


@dataclass(frozen=True)
class Statement:
    """One sentence of an answer before its marker: what it says and the passage that proves it."""

    text: str
    hit: Hit
    span: tuple[int, int] | None
    value: str | None
    strength: float
    coverage: float
    quality: float
    also: tuple[Hit, ...] = ()
    """Further passages the statement cites (an LLM sentence may cite several)."""
    framed: bool = False
    """Say which document it comes from ("Theo Kế hoạch …:") even when it is the only one."""


@dataclass(frozen=True)
class Draft:
    """What a reader proposes: statements in order (one per cited document)."""

    statements: tuple[Statement, ...]
    answer_type: str


class Reader(Protocol):
    """Anything that can read passages for a question (extractive, LLM …)."""

    name: str

    def read(self, analysis: QuestionAnalysis, hits: Sequence[Hit]) -> Draft | None:
        """Statements answering the question from ``hits``, or ``None`` when it cannot."""
        ...


def relevances(hits: Sequence[Hit]) -> list[float]:
    """Retriever opinion per hit in [0, 1]: score / top score, or by rank when scores are unusable."""
    scores = [float(h.score) for h in hits]
    top = max(scores, default=0.0)
    if top > 0 and min(scores) >= 0:
        return [s / top for s in scores]
    return [1.0 / (1.0 + 0.15 * i) for i in range(len(hits))]


def quote(sentence: str, focus: str | None = None, limit: int = QUOTE_LIMIT) -> str:
    """A sentence cut to ``limit`` characters at word boundaries around ``focus``, with "…"."""
    sentence = " ".join(sentence.split()).strip(" ;,")
    if len(sentence) <= limit:
        return sentence
    where = fold(sentence).find(fold(focus)) if focus else 0
    start = max(0, where - limit // 3) if where > 0 else 0
    start = sentence.rfind(" ", 0, start) + 1 if start else 0
    end = sentence.find(" ", start + limit)
    end = len(sentence) if end < 0 else end
    return ("…" if start else "") + sentence[start:end].strip(" ;,") + ("…" if end < len(sentence) else "")


def _coverage(model: TopicModel, hit: Hit, candidate: Candidate, defines: str = "") -> float:
    tokens = folded_tokens(passage_text(hit))
    if defines and candidate.value in pat.spelled_by_initials(candidate.value, defines):
        tokens = (*tokens, *folded_tokens(defines))  # words that spell the acronym stand for it
    whole = model.coverage(tokens)
    if whole is None:
        return NO_TOPIC_COVERAGE
    if candidate.origin == "sentence" and candidate.span is not None:
        # A sentence that is the whole answer must cover the topic itself.
        own = model.coverage(folded_tokens(candidate.value + " \n " + context_text(hit, title=False)))
        return whole if own is None else (whole + own) / 2
    return whole


def backed(statement: Statement) -> bool:
    """True when every value the statement asserts is in the passage it cites."""
    citation = Citation(1, statement.hit, statement.span)
    return not check_citations(f"{statement.text} [1].", (citation,))


_DOCUMENT_QUOTES = re.compile(r'["“]([^"“”\n]{1,300})["”]')


def _render(spec: AnswerType, candidate: Candidate, analysis: QuestionAnalysis) -> str:
    # A name the document quotes is stated plainly: the answer's own quotes mark its support.
    text = _DOCUMENT_QUOTES.sub(r"\1", spec.template(candidate, analysis)).rstrip(" .;,:")
    sentence = candidate.sentence
    if spec.quote and sentence and fold(candidate.value) != fold(sentence) and len(sentence) > len(candidate.value) + 12:
        text += f" — “{quote(sentence, candidate.value)}”"
    return text


_YEAR_RE = re.compile(r"(?<!\d)(20\d\d)(?:\s*-\s*(20\d\d))?(?!\d)")


def _section_of_another_year(hit: Hit, years: Sequence[str]) -> bool:
    """True when the headings above the passage name years and none is (or spans) a year asked.

    "Đến năm 2030 … bao nhiêu vùng?" is answered under "2.2 Mục tiêu đến năm 2030",
    not under "2.1 Mục tiêu đến năm 2025", though both lists read alike.
    """
    named = [m for heading in hit.chunk.section for m in _YEAR_RE.finditer(heading)]
    if not named:
        return False
    asked = [int(y) for y in years]
    return not any(int(m.group(1)) <= year <= int(m.group(2) or m.group(1)) for m in named for year in asked)


def heads_the_work(chunk: Chunk, analysis: QuestionAnalysis) -> bool:
    """True when the unit the passage's work belongs to (its heading or lead cell) is the one asked.

    "Sở Tài chính có nhiệm vụ gì?" is answered under "4.2.6 Sở Tài chính" or by the row
    whose lead column says "Sở Tài chính", not by the passage that names the plan best.
    """
    lead = pat.field_for(chunk.fields, "lead")
    units = [u for u in (pat.unit_of(chunk), lead[1] if lead else None) if u]
    asked = f" {_unit_words(analysis.question)} "
    # The whole name, in order: "Sở Kế hoạch và Đầu tư" is not named by "Kế hoạch … NQ/TU".
    return any(len(words.split()) >= 2 and f" {words} " in asked for words in map(_unit_words, units))


def named_in(question_folded: str, unit: str) -> bool:
    """True when the question itself names ``unit`` ("… phối hợp với Phòng Kế hoạch - Tài chính …"),
    abbreviations spelled out on both sides ("Sở KH&CN" is "Sở Khoa học và Công nghệ").
    """
    def words(text: str) -> str:
        return " ".join(w for w in _unit_words(text).split() if w != "cac")

    wanted, asked = words(unit), f" {words(question_folded)} "
    if len(wanted.split()) < 2:
        return False
    # As a unit, not as work: "phối hợp *với* Phòng X", "Trung tâm X hợp tác …" at the start; "công
    # tác thanh tra" names the work of "Thanh tra", not the unit.
    return re.search(rf"(?:^ |\b(?:voi|cung|cua|thuoc|giua|ngoai) ){re.escape(wanted)} ", asked) is not None


def _unit_words(text: str) -> str:
    """Folded words of a unit name, abbreviations spelled out, without "và" and the province."""
    words = re.findall(r"[a-z0-9]+", yes_no.expanded(fold(text)))
    return " ".join(w for w in words if w != "va")


_ITEM_SPLIT_RE = re.compile(r"\s*(?:,|;|\bvà\b)\s*")


def _covered(item: str, aside: set[str]) -> bool:
    words = set(re.findall(r"[a-z0-9&]+", fold(item))) - lexicon().stop_words
    return bool(words) and (aside <= words or len(words & aside) >= EXCLUDED_SHARE * len(words))


def _without_set_aside(candidate: Candidate, excluded: Sequence[str], hit: Hit) -> Candidate | None:
    """The candidate less what "Ngoài X, … còn … nào?" sets aside; ``None`` when nothing is left.

    A list value ("các Sở, ngành, UBND cấp huyện và tổ chức đầu mối …") keeps the items the
    question does not name; a single value named after "ngoài" is no answer at all.
    """
    aside = set(excluded)
    items = [i for i in _ITEM_SPLIT_RE.split(candidate.value) if i.strip()]
    kept = [i for i in items if not _covered(i, aside)]
    if len(kept) == len(items):
        return candidate
    if not kept:
        return None
    value = ", ".join(kept)
    return dataclasses.replace(candidate, value=value, span=find_span(hit.text, kept[0]) or candidate.span)


def _documents_named(analysis: QuestionAnalysis, hits: Sequence[Hit]) -> set[str]:
    """Sources among the hits whose own number is the code the question names first."""
    wanted = analysis.codes[:1]
    return {h.source for h in hits if wanted and (h.meta.number or "").replace(" ", "").lower() == wanted[0]}


def _only_the_code_asked(value: str, analysis: QuestionAnalysis) -> bool:
    """True for a value that is only the reference the question itself names, with its date and issuer."""
    cleaned = pat.clean_value(value)
    refs = [m.value for m in pat.document_refs(cleaned)]
    return names_code_asked(cleaned, analysis) and any(len(ref) >= 0.85 * len(cleaned) for ref in refs)


def _strength(
    analysis: QuestionAnalysis, hit: Hit, relevance: float, candidate: Candidate, coverage: float,
    prefer: Callable[[str], bool] | None,
) -> float:
    """How well a candidate answers: topic coverage first, then closeness, retrieval and type fit."""
    closeness = max(0.0, min(1.0, candidate.closeness))
    strength = 0.45 * coverage + 0.2 * closeness + 0.15 * relevance + 0.2 * candidate.quality
    if analysis.years and hit.meta.year and str(hit.meta.year) in analysis.years:
        strength += 0.15  # the document of the year asked beats one whose range covers it
    if analysis.years and _section_of_another_year(hit, analysis.years):
        strength -= SECTION_YEAR_MISS
    if prefer is not None and prefer(candidate.value):
        # "… có Sở NN&PTNT tham gia không?" claims no role: naming it at all proves "Có".
        strength += 0.1 if analysis.role_stated or yes_no.claims_owner(analysis) else 0.4
    if analysis.duty and heads_the_work(hit.chunk, analysis):
        strength += DUTY_FIT
    if analysis.counted and states_count(candidate.sentence or hit.text, analysis.counted):
        strength += COUNT_FIT
    return strength


def _counts_as_asked(statements: Sequence[Statement], analysis: QuestionAnalysis) -> bool:
    return bool(analysis.counted) and any(states_count(s.hit.text, analysis.counted) for s in statements)


def states_count(text: str, counted: tuple[str, str]) -> bool:
    """True when ``text`` counts the noun as the question does: "04 Kế hoạch" states "4 kế hoạch"."""
    return _count_re(*counted).search(fold(text)) is not None


@lru_cache(maxsize=256)
def _count_re(number: str, noun: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\d/.,])0*{number}\s+{re.escape(noun)}\b")  # once per question, not per candidate


_FALLS_BACK_TO_SENTENCE = frozenset({"product", "name", "expansion", "doc_ref", "place"})
"""Types whose value may be written without the form their finders look for ("đề nghị Bộ phê
duyệt Kế hoạch ứng phó sự cố …" names a plan without a number): the matching sentence answers."""


def _yes_no_draft(analysis: QuestionAnalysis, kind: str, best: Statement) -> Draft | None:
    """"Có, …" or "Không, …" from the best statement of the claim's kind; None when it cannot tell."""
    answer = yes_no.verdict(analysis, kind, best.value, best.coverage)
    named = yes_no.horizon_in_name(analysis, evidence_texts(best.hit)) if kind == "time" and not answer else ""
    if named:
        answer, best = True, dataclasses.replace(best, text=named)
    said = yes_no.recurrence_stated(analysis, evidence_texts(best.hit)) if kind == "time" and not answer else ""
    if said and (answer is False or best.coverage >= CONFIRM_COVERAGE):
        # "Hằng tháng, Hằng quý": the row says it, beside another recurrence; or beside a
        # deadline ("báo cáo định kỳ hằng năm … trước ngày 05/12"), the time value found.
        answer, best = True, dataclasses.replace(best, text=said.rstrip(".;"))
    if kind == "number" and answer and not yes_no.figures_hold(analysis, evidence_texts(best.hit)):
        answer = False  # one figure of the claim matches, another does not
    if kind == "open" and answer is not None:
        denied = yes_no.stated_negated(analysis, best.hit.text)  # "… chưa có kết quả chính thức"
        answer = answer if denied is None else not denied
        if answer and yes_no.claim_denied(analysis, best.text):
            answer = False  # "không để phát sinh thủ tục mới" denies "ban hành thêm thủ tục mới"
        if answer and yes_no.dates_contradicted(analysis, best.text):
            answer = False  # "… ngày KH&CN vào 18/6 …" against "… ngày khoa học và công nghệ 18/5/2022"
    if answer and kind == "time" and not yes_no.unit_holds(analysis, best.hit):
        answer = False  # "Có phải Chi cục X được giao … giai đoạn 2016-2021 không?": right period, other unit
    if (section := yes_no.claimed_section(analysis)) and answer is not None:
        answer = yes_no.under_section(section, best.hit)  # "… có nằm trong mục X không?": the heading decides
    claim = yes_no.claimed_code(analysis)
    if claim and not yes_no.code_in(claim, " ".join(evidence_texts(best.hit))):
        answer = False  # the passage says which document it carries out, and it is another one
    if answer is None:
        return None
    return Draft((dataclasses.replace(best, text=yes_no.statement(answer, best.text)),), "yes_no")


class ExtractiveReader:
    """The offline reader: typed candidates ranked across passages, value stated first."""

    name = "extractive"

    def read(self, analysis: QuestionAnalysis, hits: Sequence[Hit]) -> Draft | None:
        """Best statement per document, strongest first; ``None`` when no passage offers the type."""
        if not hits:
            return None
        asks_yes_no = analysis.answer_type == "yes_no"
        issued = yes_no.issuer_claim(analysis) if asks_yes_no else None
        if issued is not None and (by_code := _issuer_statement(hits, *issued)) is not None:
            return Draft((by_code,), "yes_no")
        claim = cited.cited_claim(analysis, numbers_named(analysis.folded)) if asks_yes_no and issued is None else None
        if claim is not None and (told := cited.judge(claim, hits)) is not None:
            sentence = quote(pat.plain(told.hit.text[told.span[0] : told.span[1]]), told.code)
            return Draft((Statement(yes_no.statement(told.answer, sentence), told.hit, told.span, told.code, 1.0, 1.0, 1.0),), "yes_no")
        reading = yes_no.for_reading(analysis) if asks_yes_no else analysis
        spec = answer_type(yes_no.underlying_type(analysis) if asks_yes_no else analysis.answer_type)
        reading = with_compounds(reading, [h.text for h in hits])
        model = TopicModel.build(reading, hits)
        # A passage naming the asserted unit in the asked role proves "Có"; one naming another, "Không".
        prefer = (lambda value: yes_no.matches_asserted(analysis, value)) if asks_yes_no and spec.name in ("org", "person") else None
        ranked = self._rank(reading, spec, model, hits, prefer)
        if not ranked and spec.name == "signer" and not asks_yes_no and (parties := _parties_of_cited(analysis, hits)):
            # "Ai đứng ký văn bản phối hợp số 69/KHPH-…?" of a cited agreement: no signature block of its
            # own here, but the citation names its parties ("… giữa Liên hiệp các Hội … và Sở …"). A
            # report "của UBND tỉnh" names no one who signed it.
            return Draft((parties,), "org")
        if not ranked and spec.name in _FALLS_BACK_TO_SENTENCE and analysis.head not in ("ten", "ten goi"):
            spec = answer_type("open")  # a row's content is its product; an unnamed thing is its sentence
            ranked = self._rank(reading, spec, model, hits)
        if analysis.counted and spec.name in _FALLS_BACK_TO_SENTENCE and not _counts_as_asked(ranked[:1], analysis):
            # "4 kế hoạch … gồm những kế hoạch gì?": the list the count announces, though its items
            # carry no number; a coded plan elsewhere is another plan.
            listed = self._rank(reading, answer_type("open"), model, hits)
            if _counts_as_asked(listed[:1], analysis):
                spec, ranked = answer_type("open"), listed
        if not ranked:
            return None
        chosen = self._select(analysis, ranked)
        if not asks_yes_no:
            return Draft(tuple(chosen), spec.name)
        return _yes_no_draft(analysis, spec.name, chosen[0])

    def _rank(
        self,
        analysis: QuestionAnalysis,
        spec: AnswerType,
        model: TopicModel,
        hits: Sequence[Hit],
        prefer: Callable[[str], bool] | None = None,
    ) -> list[Statement]:
        statements: list[Statement] = []
        asks_another = spec.name == "org" and analysis.answer_type == "org" and not analysis.recipients
        for hit, relevance in zip(hits, relevances(hits), strict=True):
            passage = Passage.build(hit, analysis, model)
            found = spec.extract(passage)
            if not found:
                continue
            scored = []
            for candidate in found:
                if analysis.excluded:
                    kept = _without_set_aside(candidate, analysis.excluded, hit)
                    if kept is None:
                        continue
                    candidate = kept
                if analysis.codes and spec.name in ("open", "name", "product") and _only_the_code_asked(candidate.value, analysis):
                    continue  # "Quyết định 1928/QĐ-UBND có nội dung gì?" is not answered by citing it back
                coverage = _coverage(model, hit, candidate, analysis.defines)
                strength = _strength(analysis, hit, relevance, candidate, coverage, prefer)
                if asks_another and named_in(analysis.folded, candidate.value):
                    strength -= NAMED_IN_QUESTION  # "Đơn vị nào phối hợp với Phòng X …?": not Phòng X
                scored.append((strength, coverage, candidate))
            scored.sort(key=lambda item: -item[0])
            for strength, coverage, candidate in scored:
                text = _render(spec, candidate, analysis)
                statement = Statement(text, hit, candidate.span, candidate.value, strength, coverage, candidate.quality)
                if backed(statement):  # an unprovable wording must not hide the passage's next value
                    statements.append(statement)
                    break
        if spec.name == "org" and any(of_the_kind_asked(s.value or "", analysis.head) for s in statements):
            # "… hợp tác với trường nào?": the one passage naming a "Trường …" beats units of other kinds.
            statements = [
                s if of_the_kind_asked(s.value or "", analysis.head) else dataclasses.replace(s, strength=s.strength - KIND_MISS)
                for s in statements
            ]
        owners = _documents_named(analysis, hits) if spec.name in ("signer", "doc_info") else set()
        if owners and any(s.hit.source in owners for s in statements):
            # "Ai ký Quyết định 1234/QĐ-UBND?" with that decision indexed: its own signature answers,
            # not another document's citation of it.
            statements = [s for s in statements if s.hit.source in owners]
        statements.sort(key=lambda s: -s.strength)
        return statements

    def _select(self, analysis: QuestionAnalysis, ranked: list[Statement]) -> list[Statement]:
        """The best statement plus strong ones from other documents (one per document)."""
        best = ranked[0]
        if analysis.plural and analysis.answer_type in ("name", "product"):
            best = _gathered(best, ranked)
            ranked = [best, *ranked[1:]]
        if analysis.answer_type in ("open", "reason"):
            siblings = _siblings(best, ranked)
            if len(siblings) > 1:
                return siblings
        chosen = [best]
        limit = 1 if analysis.answer_type in SINGLE_SOURCE | {"yes_no"} else MAX_SOURCES
        if analysis.answer_type in ("open", "reason"):
            limit = 2
        for statement in ranked[1:]:
            if len(chosen) >= limit:
                break
            if any(c.hit.source == statement.hit.source for c in chosen):
                continue
            if analysis.provinces and statement.hit.meta.province not in analysis.provinces:
                continue
            strong = statement.strength >= MERGE_RATIO * best.strength and statement.coverage >= MERGE_MIN_COVERAGE
            if any(fold(c.hit.text) == fold(statement.hit.text) for c in chosen):
                continue  # the same passage indexed twice (a copied file) is cited once
            direct = statement.quality >= 0.75 or analysis.answer_type in ("open", "reason")
            if strong and direct:
                chosen.append(statement)
        return chosen


def _parties_of_cited(analysis: QuestionAnalysis, hits: Sequence[Hit]) -> Statement | None:
    """The parties a passage names for the question's one cited agreement ("… giữa A và B"), less
    the one the question sets aside ("Ngoài Sở …, ai là bên còn lại …?"); ``None`` when none is cited so.
    """
    if len(analysis.codes) != 1:
        return None
    wanted = re.compile(code_pattern(analysis.codes[0]) + r"[^.;\n]{0,40}?\bgiữa\s+([^.;\n]+)", re.IGNORECASE)
    for hit in hits:
        found = wanted.search(hit.text)
        if found is None:
            continue
        aside = set(analysis.excluded)
        units = [m for m in pat.organisations(found.group(1)) if not (aside and _covered(m.value, aside))]
        if not units:
            continue
        first, last = units[0], units[:2][-1]
        value = "; ".join(u.value for u in units[:2])
        span = (found.start(1) + first.start, found.start(1) + last.start + len(last.value))
        statement = Statement(value, hit, span, value, 1.0, 1.0, 1.0)
        if backed(statement):
            return statement
    return None


def _issuer_statement(hits: Sequence[Hit], code: str, answer: bool) -> Statement | None:
    """The verdict on a claimed issuer, citing the first passage that writes the code."""
    wanted = re.compile(code_pattern(code), re.IGNORECASE)
    for hit in hits:
        found = wanted.search(hit.text)
        if found is None:
            continue
        span = next(((a, b) for a, b in split_sentences(hit.text) if a <= found.start() < b), (found.start(), found.end()))
        sentence = quote(pat.plain(hit.text[span[0] : span[1]]), found.group(0))
        return Statement(yes_no.statement(answer, sentence), hit, span, found.group(0), 1.0, 1.0, 1.0)
    return None


SIBLING_RATIO = 0.75
MAX_ITEMS = 3
GATHER_RATIO = 0.8
MAX_GATHERED = 5


def _gathered(best: Statement, ranked: list[Statement]) -> Statement:
    """For "gồm những lĩnh vực nào": one value per row or item of the same document, said together.

    A table lists its groups one row (one passage) at a time, so the values
    of the best passage's neighbours that match nearly as well belong to
    the same answer; each stays cited by its own passage.
    """
    values = [best.value or ""]
    hits = []
    for statement in ranked[1:]:
        if len(values) >= MAX_GATHERED:
            break
        value = statement.value or ""
        if statement.hit.source != best.hit.source or statement.strength < GATHER_RATIO * best.strength or not value:
            continue
        if any(fold(value) in fold(v) or fold(v) in fold(value) for v in values):
            continue
        values.append(value)
        hits.append(statement.hit)
    if not hits:
        return best
    text = "; ".join(v[:1].upper() + v[1:] for v in values)
    return dataclasses.replace(best, text=text, also=(*best.also, *hits))


def _siblings(best: Statement, ranked: list[Statement]) -> list[Statement]:
    """Items of the best passage's own section that match nearly as well, in document order.

    "Kế hoạch nhằm mục đích gì?" is answered by the items under "I. MỤC ĐÍCH,
    YÊU CẦU", one chunk each; the best one alone would be a third of the answer.
    """
    parent = _parent_section(best.hit)
    if not parent:
        return [best]
    same = [
        s for s in ranked
        if s.hit.source == best.hit.source and _parent_section(s.hit) == parent
        and s.strength >= SIBLING_RATIO * best.strength
    ][:MAX_ITEMS]
    return sorted(same, key=lambda s: s.hit.chunk.ordinal)


def _parent_section(hit: Hit) -> tuple[str, ...]:
    """The section holding a numbered item: its path without the item's own heading."""
    section = hit.chunk.section
    if len(section) > 1 and fold(hit.text[:30]).startswith(fold(section[-1][:20])):
        return section[:-1]
    return section
