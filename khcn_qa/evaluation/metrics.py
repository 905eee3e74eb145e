"""Metric arithmetic, kept pure so the tests can check it by hand.

Definitions (what the report's numbers mean):

* ``rank`` is the 1-based position of the first relevant passage in the
  retrieved list, or ``None`` when none of the first ``k`` is relevant.
* hit@k = share of questions with ``rank <= k``; MRR@10 = mean of ``1/rank``
  (0 when ``rank`` is ``None`` or > 10).
* nDCG@10 uses binary relevance and DCG = Σ rel_i / log2(i + 1). The index
  holds no list of *all* relevant passages, so the ideal DCG assumes the
  relevant passages that were retrieved in the top 10 (``R`` of them, at
  least 1) sitting at ranks 1..R. nDCG is therefore 0 when nothing relevant
  was retrieved and 1 when every retrieved relevant passage precedes every
  irrelevant one; it measures ordering, while hit@k measures recall.
* Percentiles use the nearest-rank method: the value at position
  ``ceil(p/100 · n)`` of the sorted list — always an observed latency.
* Abstention treats "abstained" as the positive class: precision =
  abstained ∧ unanswerable / abstained, recall = abstained ∧ unanswerable /
  unanswerable. Undefined ratios (nothing abstained, no unanswerable
  question) are ``None``, never a made-up 0 or 1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from khcn_qa.evaluation.matching import comparable, contains_any


def first_relevant_rank(flags: Sequence[bool], k: int | None = None) -> int | None:
    """1-based rank of the first ``True`` among the first ``k`` flags (all when ``k`` is None)."""
    limit = len(flags) if k is None else min(k, len(flags))
    for index in range(limit):
        if flags[index]:
            return index + 1
    return None


def hit_at_k(rank: int | None, k: int) -> bool:
    """Whether the first relevant passage is within the first ``k``."""
    return rank is not None and rank <= k


def reciprocal_rank(rank: int | None, k: int = 10) -> float:
    """``1/rank`` when the first relevant passage is within ``k``, else 0."""
    return 1.0 / rank if rank is not None and rank <= k else 0.0


def ndcg_at_k(flags: Sequence[bool], k: int = 10) -> float:
    """Binary nDCG@k with the ideal list built from the relevant passages retrieved (see module doc)."""
    top = list(flags[:k])
    dcg = sum(1.0 / math.log2(i + 2) for i, rel in enumerate(top) if rel)
    found = sum(1 for rel in top if rel)
    if found == 0:
        return 0.0
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(found, k)))
    return dcg / ideal


def mean(values: Iterable[float | bool | None]) -> float | None:
    """Mean of the defined values; ``None`` when there are none (metric not applicable)."""
    kept = [float(v) for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile: ``sorted(values)[ceil(p/100 · n) - 1]``; ``None`` for no values."""
    if not values:
        return None
    if not 0 < p <= 100:
        raise ValueError(f"percentile must be in (0, 100], got {p}")
    ordered = sorted(values)
    position = max(1, math.ceil(p / 100 * len(ordered)))
    return float(ordered[position - 1])


def hit_rates(
    ranks: Sequence[int | None], ks: Sequence[int] = (1, 5, 10)
) -> dict[str, float | None]:
    """hit@k for each ``k`` and MRR@10 over a list of first-relevant ranks."""
    result: dict[str, float | None] = {f"hit@{k}": mean(hit_at_k(r, k) for r in ranks) for k in ks}
    result["mrr@10"] = mean(reciprocal_rank(r, 10) for r in ranks)
    return result


def answer_correct(answer_text: str, acceptable: Iterable[str]) -> bool:
    """Lenient: any acceptable answer string appears anywhere in the answer, quotes included."""
    return contains_any(answer_text, acceptable)


_QUOTED_RE = re.compile("“[^”]*”|\"[^\"\n]*\"|«[^»]*»")
_FRAME_RE = re.compile(r"^\s*Theo\s[^:\[\]]{1,200}:\s*")
_YES_NO = ("có", "không")


def stated_text(answer_text: str) -> str:
    """What the answer *says*: its text with every quoted passage removed.

    A value that only sits inside a quote was found by search, not stated by
    the answer; the strict metric must not credit it.
    """
    return _QUOTED_RE.sub(" ", answer_text)


def _verdict_word(statement: str) -> str:
    """The statement's first word when it stands alone as a verdict ("có," / "không." / "có"), else ""."""
    first, *rest = statement.strip().split(" ", 1)
    return first.strip(",.:;") if not rest or first[-1:] in ",.:;" else ""


def answer_stated(answer_text: str, acceptable: Iterable[str]) -> bool:
    """Strict: an acceptable answer is stated outside quoted passages.

    A yes/no expectation ("Có"/"Không") must open one of the answer's
    statements (after an optional "Theo <văn bản>:" frame) as a verdict of
    its own ("Không, …", "Có."), since the words themselves occur in nearly
    every sentence, and "Không tìm thấy thông tin …" is an abstention.
    """
    wanted = [a for a in acceptable if a.strip()]
    yes_no = [a for a in wanted if comparable(a) in _YES_NO]
    if yes_no:
        statements = [_FRAME_RE.sub("", s) for s in re.split(r"\[\d+\]\.?\s*", answer_text)]
        openings = {_verdict_word(comparable(s)) for s in statements if s.strip()}
        if any(comparable(a) in openings for a in yes_no):
            return True
        wanted = [a for a in wanted if a not in yes_no]
    return contains_any(stated_text(answer_text), wanted)


def citation_precision(
    passages: Sequence[str], answers: Iterable[str], evidence: Iterable[str]
) -> float | None:
    """Share of cited passages containing an acceptable answer or an evidence string.

    ``None`` for an answer without citations: precision of nothing is not
    defined, and the report counts such answers through accuracy instead.
    """
    if not passages:
        return None
    needles = tuple(answers) + tuple(evidence)
    return sum(1 for text in passages if contains_any(text, needles)) / len(passages)


def abstention_scores(
    abstained: Sequence[bool], unanswerable: Sequence[bool]
) -> dict[str, float | None]:
    """Precision, recall and F1 of abstaining, with unanswerable questions as the truth."""
    if len(abstained) != len(unanswerable):
        raise ValueError("abstained and unanswerable must have the same length")
    true_pos = sum(1 for a, u in zip(abstained, unanswerable, strict=True) if a and u)
    predicted = sum(1 for a in abstained if a)
    actual = sum(1 for u in unanswerable if u)
    precision = true_pos / predicted if predicted else None
    recall = true_pos / actual if actual else None
    f1: float | None = None
    if precision is not None and recall is not None:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}
