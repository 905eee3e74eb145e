"""The table of answer types: for each, where its candidates come from and how the answer says it.

Adding a question type is one entry here (its extractor and template) plus
the cue words in ``khcn_qa/data/lexicon.json`` and a test. Every template
states the value first; a short quote of the supporting sentence may follow
it, never replace it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from khcn_qa.answer import candidates as cands
from khcn_qa.answer import patterns as pat
from khcn_qa.answer.question import QuestionAnalysis

Extractor = Callable[[cands.Passage], list[cands.Candidate]]
Template = Callable[[cands.Candidate, QuestionAnalysis], str]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


_OWNER_ASKED_RE = re.compile(r"\bcua\s+(?:ai|co quan nao|don vi nao|cap nao)\W*$")
""""… là của ai?" asks whose a thing is: the owner, with no role said of it."""


def _org_statement(c: cands.Candidate, a: QuestionAnalysis) -> str:
    """"X chủ trì thực hiện" only when a role is asked: "cấp giấy phép cho đơn vị nào?" names a recipient."""
    if not a.role_stated or c.origin == "kind" or pat.starts_with_post(c.value) or _OWNER_ASKED_RE.search(a.folded):
        return _cap(c.value)
    verb = {"coordinate": "phối hợp thực hiện", "direct": "phụ trách chỉ đạo"}.get(a.role, "")
    if not verb:
        verb = "thực hiện" if c.origin in ("unit", "heading") else "chủ trì thực hiện"
    return f"{_cap(c.value)} {verb}"


@dataclass(frozen=True)
class AnswerType:
    """One kind of answer: candidates, how to say it, whether a bare sentence may answer it."""

    name: str
    extract: Extractor
    template: Template
    needs_value: bool = True
    """False for open questions, whose answer is the matching sentence itself."""
    quote: bool = False
    """Whether a short quote of the supporting sentence follows the value (the citation card
    already shows the passage with the supporting span marked, so answers stay short)."""


_TYPES: dict[str, AnswerType] = {
    t.name: t
    for t in (
        AnswerType("org", cands.organisation, _org_statement),
        AnswerType("person", cands.person, lambda c, a: _cap(c.value)),
        AnswerType("signer", cands.signer, lambda c, a: f"người ký là {c.value}"),
        AnswerType("doc_ref", cands.document_ref, lambda c, a: _cap(c.value)),
        AnswerType("time", cands.time, lambda c, a: f"Thời gian: {c.value}"),
        AnswerType("duration", cands.duration, lambda c, a: _cap(c.value)),
        AnswerType("number", cands.quantity, lambda c, a: _cap(c.value)),
        AnswerType("place", cands.place, lambda c, a: _cap(c.value)),
        AnswerType("name", cands.name, lambda c, a: _cap(c.value)),
        AnswerType("product", cands.product, lambda c, a: f"Sản phẩm: {c.value}"),
        AnswerType("open", cands.sentences, lambda c, a: _cap(c.value), needs_value=False),
        AnswerType("reason", cands.sentences, lambda c, a: _cap(c.value), needs_value=False),
        AnswerType("doc_info", cands.document_info, lambda c, a: c.value),
        AnswerType("expansion", cands.expansion, lambda c, a: f"{a.defines} là {c.value}"),
    )
}


def answer_type(name: str) -> AnswerType:
    """The entry for ``name``; an unknown name is a programming error that lists the known ones."""
    try:
        return _TYPES[name]
    except KeyError:
        known = ", ".join(sorted(_TYPES))
        raise ValueError(f"unknown answer type {name!r}; known: {known}") from None


def registered() -> tuple[str, ...]:
    """Answer types that have an entry (``yes_no`` is composed by the reader from another type)."""
    return tuple(_TYPES)

