"""Per-question outcomes and their aggregation into the report's numbers.

One :class:`QuestionRecord` per (mode, question) is the unit everything else
is computed from, and it is what ``per_question.jsonl`` holds, so any number
in ``metrics.json`` can be recomputed from that file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass

from khcn_qa.evaluation import metrics


@dataclass(frozen=True)
class QuestionRecord:
    """What one mode did with one question.

    Retrieval fields (``rank``, ``hit_at_*``, ``rr``, ``ndcg``) are ``None``
    for questions with nothing to find (unanswerable, or no source/evidence
    given); answer fields are ``None`` when the mode produced no answer
    (a baseline without the answer composer). ``correct`` means "the right
    value, not abstained" for answerable questions and "abstained" for
    unanswerable ones.
    """

    id: str
    mode: str
    type: str
    question: str
    diacritics: bool
    paraphrase: bool
    answerable: bool
    expected_sources: tuple[str, ...]
    expected_evidence: tuple[str, ...]
    expected_answers: tuple[str, ...]
    rank: int | None
    hit_at_1: bool | None
    hit_at_5: bool | None
    hit_at_10: bool | None
    rr: float | None
    ndcg: float | None
    search_ms: float
    ask_ms: float | None
    answer: str | None
    abstained: bool | None
    confidence: float | None
    correct: bool | None
    citation_precision: float | None
    top: tuple[dict[str, object], ...] = ()
    cited: tuple[dict[str, object], ...] = ()
    correct_lenient: bool | None = None
    """The old, generous rule: the expected text anywhere in the answer, quotes included."""
    split: str = "dev"
    form: str = "other"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict: one line of ``per_question.jsonl``."""
        data = asdict(self)
        for key in ("expected_sources", "expected_evidence", "expected_answers", "top", "cited"):
            data[key] = list(data[key])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> QuestionRecord:
        """Rebuild a record from a ``per_question.jsonl`` line (used by calibration tools)."""
        values = dict(data)
        for key in ("expected_sources", "expected_evidence", "expected_answers", "top", "cited"):
            values[key] = tuple(values.get(key) or ())  # type: ignore[arg-type]
        return cls(**values)  # type: ignore[arg-type]


def _pick(
    records: Iterable[QuestionRecord], getter: Callable[[QuestionRecord], object]
) -> list[object]:
    return [value for value in (getter(r) for r in records) if value is not None]


def _latencies(values: Sequence[object]) -> dict[str, float | None]:
    numbers = [float(v) for v in values]  # type: ignore[arg-type]
    return {"p50": metrics.percentile(numbers, 50), "p95": metrics.percentile(numbers, 95)}


def summarize(records: Sequence[QuestionRecord]) -> dict[str, object]:
    """The headline metrics of one mode (or one breakdown group) — see ``metrics`` for definitions."""
    judged = [r for r in records if r.hit_at_1 is not None]
    answerable = [r for r in records if r.answerable]
    with_answer = [r for r in records if r.abstained is not None]
    abstention = metrics.abstention_scores(
        [bool(r.abstained) for r in with_answer], [not r.answerable for r in with_answer]
    )
    search = _latencies(_pick(records, lambda r: r.search_ms))
    ask = _latencies(_pick(records, lambda r: r.ask_ms))
    return {
        "n": len(records),
        "n_answerable": len(answerable),
        "n_unanswerable": len(records) - len(answerable),
        "hit@1": metrics.mean(r.hit_at_1 for r in judged),
        "hit@5": metrics.mean(r.hit_at_5 for r in judged),
        "hit@10": metrics.mean(r.hit_at_10 for r in judged),
        "mrr@10": metrics.mean(r.rr for r in judged),
        "ndcg@10": metrics.mean(r.ndcg for r in judged),
        "answer_accuracy": metrics.mean(r.correct for r in answerable),
        "answer_accuracy_lenient": metrics.mean(r.correct_lenient for r in answerable),
        "overall_accuracy": metrics.mean(r.correct for r in records),
        "citation_precision": metrics.mean(r.citation_precision for r in answerable),
        "abstention_precision": abstention["precision"],
        "abstention_recall": abstention["recall"],
        "abstention_f1": abstention["f1"],
        "search_ms_p50": search["p50"],
        "search_ms_p95": search["p95"],
        "ask_ms_p50": ask["p50"],
        "ask_ms_p95": ask["p95"],
    }


def breakdown(
    records: Sequence[QuestionRecord], key: Callable[[QuestionRecord], str]
) -> dict[str, dict[str, object]]:
    """:func:`summarize` per group, groups in sorted order (e.g. by type, by diacritics)."""
    groups: dict[str, list[QuestionRecord]] = {}
    for record in records:
        groups.setdefault(key(record), []).append(record)
    return {name: summarize(groups[name]) for name in sorted(groups)}


def by_type(record: QuestionRecord) -> str:
    """Breakdown key: the question type."""
    return record.type


def by_split(record: QuestionRecord) -> str:
    """Breakdown key: ``dev`` (tuned on) or ``test`` (held out)."""
    return record.split


def by_form(record: QuestionRecord) -> str:
    """Breakdown key: the question form (question word), unanswerable ones apart."""
    return record.form if record.answerable else "unanswerable"


def by_diacritics(record: QuestionRecord) -> str:
    """Breakdown key: ``yes`` for questions typed with diacritics, ``no`` without."""
    return "yes" if record.diacritics else "no"
