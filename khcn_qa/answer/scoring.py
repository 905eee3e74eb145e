"""Sentence splitting and topic-word scoring over retrieved passages.

Dense cosines barely separate a relevant Vietnamese passage from an unrelated
one, so the answer stage leans on a transparent signal instead: how much of
the question's topic (folded words, weighted by how rare they are among the
retrieved passages) a passage or sentence actually contains.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from khcn_qa.answer.question import QuestionAnalysis, manner_verb
from khcn_qa.lexicon import lexicon
from khcn_qa.records import Hit
from khcn_qa.text.normalize import fold

_TOKEN_RE = re.compile(r"[a-z0-9]+")
_MARKUP_RE = re.compile(r"</?[a-zA-Z]{1,6}>|\*\*|__")
_YEAR_RE = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_BROKEN_CODE_RE = re.compile(r"(?<=\w)-[ \t]*\n\s*(?=\w)")
_BULLET_CHARS = "-+•*–— \t\r\n"
DOUBLE_QUOTES = frozenset('"“”„«»')
"""Quotation marks a document puts around a name; an answer states the name without them."""


def join_broken_codes(text: str) -> str:
    """Re-join codes a PDF broke after a dash ("939/KH-\\n\\nUBND" → "939/KH-UBND").

    Vietnamese words are never hyphenated across lines, so a dash ending a
    line inside a word run belongs to a code or a range ("2021-\\n2025").
    """
    return _BROKEN_CODE_RE.sub("-", text)


def strip_markup(text: str) -> str:
    """Drop inline HTML/Markdown emphasis left by converters (``<i>``, ``**``)."""
    return _MARKUP_RE.sub("", text)


@lru_cache(maxsize=8192)
def folded_tokens(text: str) -> tuple[str, ...]:
    """Folded word tokens (syllables, digits) of ``text`` (cached: passages recur across questions)."""
    return tuple(_TOKEN_RE.findall(fold(strip_markup(text))))


def years_in(text: str) -> set[str]:
    """Four-digit years mentioned in ``text``."""
    return set(_YEAR_RE.findall(text))


@lru_cache(maxsize=4096)
def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of sentences and list items in ``text``.

    PDF text breaks lines mid-sentence, so a line break alone does not end a
    sentence; a bullet at the start of a line, or ``.;!?`` followed by an
    upper-case letter, a bullet or a numbered item, does.
    """
    cuts = [0]
    for match in re.finditer(r"\n\s*(?=[-+•*]\s)", text):
        cuts.append(match.end())
    for match in re.finditer(r"[.;!?]\s+", text):
        nxt = text[match.end() : match.end() + 1]
        if nxt and (nxt.isupper() or nxt in "-+•*" or nxt.isdigit()):
            cuts.append(match.end())
    cuts.append(len(text))
    spans: list[tuple[int, int]] = []
    for start, end in zip(sorted(set(cuts)), sorted(set(cuts))[1:], strict=False):
        while start < end and text[start] in _BULLET_CHARS:
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start >= 3:
            spans.append((start, end))
    return tuple(spans) or (((0, len(text)),) if text.strip() else ())


def context_text(hit: Hit, *, title: bool = True) -> str:
    """Headings, unit and title above the passage: they scope bullets ("Mục tiêu đến năm 2030").

    The title is left out when checking years: a plan "giai đoạn 2023-2030"
    says nothing about which of its bullets targets 2030.
    """
    parts = list(hit.chunk.section)
    if hit.chunk.unit:
        parts.append(hit.chunk.unit)
    if title and hit.meta.title:
        parts.append(hit.meta.title)
    return " \n ".join(parts)


def passage_text(hit: Hit) -> str:
    """Everything a passage says: text, headings, unit, table cells, column names, document facts.

    The document's number, year, issuer and province count because a passage
    is *in* that document: "… của Sở KHCN Quảng Trị" is matched by any
    Quảng Trị passage, and "ai ký kế hoạch năm 2024" by the 2024 plan.
    """
    m = hit.meta
    parts = [hit.text, context_text(hit), *hit.fields.values(), *hit.fields.keys()]
    parts += [m.number, str(m.year) if m.year else None, m.issuer, m.province, m.doc_type]
    return " \n ".join(p for p in parts if p)


def _relevant_synonyms(asked: Sequence[str]) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The lexicon's synonym groups with a phrase made of question words: the only ones that can count."""
    wanted = set(asked)
    return tuple(group for group in lexicon().synonyms if any(set(phrase) <= wanted for phrase in group))


def _synonym_words(asked: Sequence[str], present: set[str], groups: Iterable[Sequence[tuple[str, ...]]]) -> set[str]:
    """Question words a passage covers through a synonym ("thiết bị đo" by "phương tiện đo")."""
    wanted = set(asked)
    extra: set[str] = set()
    for group in groups:
        said = [phrase for phrase in group if set(phrase) <= wanted and not set(phrase) <= present]
        if said and any(set(other) <= present for other in group if other not in said):
            for phrase in said:
                extra |= set(phrase)
    return extra


@dataclass(frozen=True)
class TopicModel:
    """Topic words of one question weighted by rarity among the retrieved passages.

    The synonym groups and abbreviations that can matter for these words are
    picked once here: :meth:`coverage` runs for every sentence of every
    passage, and scanning the whole lexicon there was most of the answer time.
    """

    words: tuple[str, ...]
    bigrams: tuple[tuple[str, str], ...]
    weights: dict[str, float]
    synonyms: tuple[tuple[tuple[str, ...], ...], ...] = ()
    aliases: tuple[tuple[str, frozenset[str]], ...] = ()

    @classmethod
    def build(cls, analysis: QuestionAnalysis, hits: Sequence[Hit]) -> TopicModel:
        """Weight each topic word by a local IDF over the hits (rare words matter more)."""
        docs = [set(folded_tokens(passage_text(h))) for h in hits]
        n = len(docs)
        weights: dict[str, float] = {}
        for word in analysis.topic:
            df = sum(1 for d in docs if word in d)
            weight = math.log(1.0 + (n + 1.0) / (df + 0.5))
            if word in lexicon().domain_common:
                weight *= 0.35
            elif _YEAR_RE.fullmatch(word):
                weight *= 0.5  # a year is scope, checked on its own (see sentence_score)
            elif word.isdigit():
                weight *= 1.5
            if df == 0:
                # Named in the question, found in no passage: retrieval probably missed.
                weight *= 1.3
            weights[word] = weight
        synonyms = _relevant_synonyms(analysis.topic)
        counted = set(analysis.topic) | {w for group in synonyms for phrase in group for w in phrase}
        # "KH&ĐT" reaches the topic as "kh" and "dt": the compound's parts share its expansion.
        aliases = tuple(
            (part, frozenset(expansion))
            for alias, expansion in lexicon().abbreviations.items()
            for part in ([alias] if alias in counted else alias.split("&") if "&" in alias and set(alias.split("&")) <= counted else [])
        )
        return cls(analysis.topic, analysis.topic_bigrams, weights, synonyms, aliases)

    def coverage(self, tokens: Iterable[str]) -> float | None:
        """Share of the topic found in ``tokens``: 0.6 weighted words + 0.4 adjacent pairs.

        ``None`` when the question has no topic words (e.g. "Ai ký?").
        """
        seq = list(tokens)
        return self.coverage_of(set(seq), set(zip(seq, seq[1:], strict=False)))

    def coverage_of(self, words: set[str], pairs: set[tuple[str, str]]) -> float | None:
        """:meth:`coverage` over a bag of words and adjacent pairs (so two texts can be joined)."""
        if not self.words:
            return None
        present = set(words)
        for alias, expansion in self.aliases:
            if alias not in present and expansion <= present:
                present.add(alias)
        present |= _synonym_words(self.words, present, self.synonyms)
        total = sum(self.weights.values()) or 1.0
        uni = sum(w for word, w in self.weights.items() if word in present) / total
        if not self.bigrams:
            return uni
        bi_total = sum(self.weights[a] + self.weights[b] for a, b in self.bigrams) or 1.0
        bi = sum(self.weights[a] + self.weights[b] for a, b in self.bigrams if (a, b) in pairs) / bi_total
        return 0.6 * uni + 0.4 * bi


MANNER_MISS = 0.15
"""What a sentence loses when it lacks the verb a manner question asks about."""


@lru_cache(maxsize=8192)
def _bag(text: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """Folded words of ``text`` and its adjacent word pairs."""
    seq = folded_tokens(text)
    return frozenset(seq), frozenset(zip(seq, seq[1:], strict=False))


def sentence_score(
    model: TopicModel,
    analysis: QuestionAnalysis,
    sentence: str,
    context: str,
    scope: str = "",
) -> float:
    """Score one sentence: topic coverage, a little credit for its headings, year agreement.

    A question naming a year ("đến năm 2030") must not be answered from a
    bullet scoped to another year, so a mismatching year costs more than a
    missing one. ``scope`` is the headings text whose years count (no title).
    """
    words, pairs = _bag(sentence)
    context_words, context_pairs = _bag(context)
    own = model.coverage_of(set(words), set(pairs))
    both = model.coverage_of(words | context_words, pairs | context_pairs)
    score = 0.0 if own is None or both is None else 0.7 * own + 0.3 * both
    verb = manner_verb(analysis.folded)
    if verb and not (set(verb) <= words if len(verb) == 1 else set(zip(verb, verb[1:], strict=False)) <= pairs):
        score -= MANNER_MISS  # "… triển khai như thế nào?": a sentence without "triển khai" tells another thing
    if analysis.years:
        wanted = set(analysis.years)
        own_years = years_in(sentence)
        ctx_years = years_in(scope)
        if own_years & wanted:
            score += 0.1
        elif ctx_years & wanted:
            score += 0.05
        elif own_years or ctx_years:
            score -= 0.25
    return score


def best_sentences(
    model: TopicModel, analysis: QuestionAnalysis, hit: Hit, limit: int | None = 2
) -> list[tuple[tuple[int, int], float]]:
    """The ``limit`` best sentence spans of ``hit.text`` (all with ``None``) with their scores, best first."""
    context = context_text(hit)
    scope = context_text(hit, title=False)
    scored = [
        (span, sentence_score(model, analysis, hit.text[span[0] : span[1]], context, scope))
        for span in split_sentences(hit.text)
    ]
    scored.sort(key=lambda item: (-item[1], item[0][0]))
    return scored[:limit]
