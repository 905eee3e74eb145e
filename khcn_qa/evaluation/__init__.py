"""Evaluation: run a question set through every retrieval mode and a tutorial baseline.

``khcn-qa eval`` (see :mod:`khcn_qa.evaluation.cli`) = :func:`run_eval` →
:func:`write_report`; the metric definitions live in
:mod:`khcn_qa.evaluation.metrics` and the hit rule in
:mod:`khcn_qa.evaluation.matching`.
"""

from __future__ import annotations

from khcn_qa.evaluation.calibration import calibrate_abstention
from khcn_qa.evaluation.questions import Question, load_questions
from khcn_qa.evaluation.report import console_table, write_report
from khcn_qa.evaluation.results import QuestionRecord
from khcn_qa.evaluation.runner import ALL_MODES, EvalResult, run_eval

__all__ = [
    "ALL_MODES",
    "EvalResult",
    "Question",
    "QuestionRecord",
    "calibrate_abstention",
    "console_table",
    "load_questions",
    "run_eval",
    "write_report",
]
