"""Combining lexical and dense rankings.

Two standard fusions, both configurable: reciprocal-rank fusion (robust to
score scales, ignores score gaps) and weighted min-max (keeps gaps, needs a
weight). Which one is the default is decided by the eval, not by taste.
"""

from __future__ import annotations

from collections.abc import Mapping

RRF_K = 60


def rrf(rankings: Mapping[str, list[int]], k: int = RRF_K, weights: Mapping[str, float] | None = None) -> dict[int, float]:
    """Reciprocal-rank fusion: sum of ``w / (k + rank)`` over the rankings a chunk is in."""
    fused: dict[int, float] = {}
    for name, ranking in rankings.items():
        weight = (weights or {}).get(name, 1.0)
        for rank, chunk_id in enumerate(ranking, start=1):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight / (k + rank)
    return fused


def minmax(scores: Mapping[int, float]) -> dict[int, float]:
    """Scale scores to [0, 1] over the candidates (all 1.0 when they are equal)."""
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    span = high - low
    return {i: (s - low) / span if span > 0 else 1.0 for i, s in scores.items()}


def weighted_minmax(dense: Mapping[int, float], lexical: Mapping[int, float], dense_weight: float) -> dict[int, float]:
    """``w * minmax(dense) + (1 - w) * minmax(bm25)``; a chunk missing from one list gets 0 there."""
    d, b = minmax(dense), minmax(lexical)
    return {i: dense_weight * d.get(i, 0.0) + (1.0 - dense_weight) * b.get(i, 0.0) for i in set(d) | set(b)}
