"""Suggest the confidence threshold below which the assistant should abstain.

The evaluation already holds, per question, the answer's confidence, whether
the question was answerable and whether the answer was right. Replaying
"abstain iff confidence < t" over those rows for every useful ``t`` shows
which threshold best separates unanswerable questions from answerable ones.
The replay is conservative: an answerable question the system abstained on
counts as answered wrongly at any threshold, since there is no answer to judge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from khcn_qa.evaluation import metrics
from khcn_qa.evaluation.results import QuestionRecord

CALIBRATION_MODE = "hybrid"


def _rows(
    records: Sequence[QuestionRecord | Mapping[str, object]], mode: str
) -> list[tuple[float, bool, bool]]:
    rows: list[tuple[float, bool, bool]] = []
    for record in records:
        data = record.to_dict() if isinstance(record, QuestionRecord) else record
        confidence = data.get("confidence")
        if data.get("mode") != mode or confidence is None:
            continue
        answered_right = (
            bool(data.get("answerable")) and bool(data.get("correct")) and not data.get("abstained")
        )
        rows.append((float(confidence), bool(data.get("answerable")), answered_right))  # type: ignore[arg-type]
    return rows


def _candidates(confidences: Sequence[float]) -> list[float]:
    """No abstention, every midpoint between observed confidences, and abstain-all."""
    values = sorted(set(confidences))
    mids = [(a + b) / 2 for a, b in zip(values, values[1:], strict=False)]
    return [values[0], *mids, values[-1] + 1e-6]


def _score(rows: Sequence[tuple[float, bool, bool]], threshold: float) -> dict[str, float | None]:
    abstain = [conf < threshold for conf, _, _ in rows]
    scores = metrics.abstention_scores(abstain, [not answerable for _, answerable, _ in rows])
    good = sum(
        1
        for a, (_, answerable, right) in zip(abstain, rows, strict=True)
        if (a and not answerable) or (not a and right)
    )
    return {**scores, "accuracy": good / len(rows)}


def calibrate_abstention(
    per_question_records: Sequence[QuestionRecord | Mapping[str, object]],
    mode: str = CALIBRATION_MODE,
) -> dict[str, object]:
    """Threshold maximising abstention F1 (ties → higher accuracy → lower threshold).

    Falls back to maximising accuracy over all questions (right answer on
    answerable, abstention on unanswerable) when the set has no unanswerable
    or no answerable question, since F1 is then undefined. Accepts records or
    the dicts of ``per_question.jsonl``.
    """
    rows = _rows(per_question_records, mode)
    n_unanswerable = sum(1 for _, answerable, _ in rows if not answerable)
    result: dict[str, object] = {
        "mode": mode,
        "n_answerable": len(rows) - n_unanswerable,
        "n_unanswerable": n_unanswerable,
        "threshold": None,
    }
    if not rows:
        result["criterion"] = "none: no question in this mode carried a confidence"
        return result
    scored = [(t, _score(rows, t)) for t in _candidates([conf for conf, _, _ in rows])]
    use_f1 = 0 < n_unanswerable < len(rows)
    result["criterion"] = "abstention_f1" if use_f1 else "accuracy"

    def key(item: tuple[float, dict[str, float | None]]) -> tuple[float, float, float]:
        threshold, score = item
        primary = (score["f1"] or 0.0) if use_f1 else 0.0
        return (primary, float(score["accuracy"] or 0.0), -threshold)

    best_t, best = max(scored, key=key)
    acc_t, acc = max(scored, key=lambda item: (float(item[1]["accuracy"] or 0.0), -item[0]))
    result.update(
        threshold=round(best_t, 6),
        f1=best["f1"],
        precision=best["precision"],
        recall=best["recall"],
        accuracy=best["accuracy"],
        threshold_by_accuracy=round(acc_t, 6),
        accuracy_at_threshold_by_accuracy=acc["accuracy"],
    )
    return result
