"""Answer stage: retrieved passages → a short cited Vietnamese answer.

``compose_answer(question, hits)`` extracts the value the question asks for
(a table cell, the unit heading a section, a number or date in the best
sentence), cites it with [n] markers whose spans are checked, and abstains
with :data:`ABSTAIN_TEXT` when the evidence is weak.
"""

from khcn_qa.answer.cite import check_citations, find_span
from khcn_qa.answer.compose import (
    ABSTAIN_TEXT,
    DEFAULT_ABSTAIN_THRESHOLD,
    compose_answer,
    confidence,
)
from khcn_qa.answer.intent import INTENTS, analyze_question, classify_intent

__all__ = [
    "ABSTAIN_TEXT",
    "DEFAULT_ABSTAIN_THRESHOLD",
    "INTENTS",
    "analyze_question",
    "check_citations",
    "classify_intent",
    "compose_answer",
    "confidence",
    "find_span",
]
