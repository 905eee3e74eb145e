"""Answer stage: retrieved passages → a short cited Vietnamese answer.

``analyze_question`` reads what a question asks from Vietnamese question
grammar (question word, head noun of "X nào", role, scope); a reader
(:mod:`khcn_qa.answer.reader`) ranks typed candidates from the passages and
states the value first; ``compose_answer`` checks every [n] marker, the
question's scope and the confidence, and abstains with :data:`ABSTAIN_TEXT`
when the evidence does not answer.
"""

from khcn_qa.answer.cite import check_citations, find_span
from khcn_qa.answer.compose import (
    ABSTAIN_TEXT,
    DEFAULT_ABSTAIN_THRESHOLD,
    compose_answer,
    confidence,
)
from khcn_qa.answer.question import ANSWER_TYPES, QuestionAnalysis, analyze_question, classify_intent

__all__ = [
    "ABSTAIN_TEXT",
    "ANSWER_TYPES",
    "DEFAULT_ABSTAIN_THRESHOLD",
    "QuestionAnalysis",
    "analyze_question",
    "check_citations",
    "classify_intent",
    "compose_answer",
    "confidence",
    "find_span",
]
