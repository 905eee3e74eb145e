"""FAISS over L2-normalised vectors: exact inner product, HNSW for large corpora.

Exact search is both correct and fast enough up to ``HNSW_THRESHOLD`` chunks
on two cores (see the benchmark in the README); past it an HNSW graph keeps
queries in single-digit milliseconds at a small recall cost.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

HNSW_THRESHOLD = 200_000
HNSW_M = 32


def build_dense(vectors: np.ndarray, threshold: int = HNSW_THRESHOLD) -> object:
    """Return a FAISS index over the rows of ``vectors`` (ids = row numbers)."""
    import faiss

    dim = int(vectors.shape[1])
    if len(vectors) >= threshold:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def save_dense(index: object, path: Path) -> None:
    """Write the FAISS index in its own binary format."""
    import faiss

    faiss.write_index(index, str(path))


def load_dense(path: Path) -> object:
    """Read a FAISS index."""
    import faiss

    return faiss.read_index(str(path))


def search_dense(index: object, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Top-k (scores, ids) for one query vector, restricted to ``allowed`` ids if given."""
    import faiss

    n_total = int(index.ntotal)  # type: ignore[attr-defined]
    k = min(k, n_total)
    if k <= 0:
        return np.empty(0, dtype=np.float32), np.empty(0, dtype=np.int64)
    params = None
    if allowed is not None:
        selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
        params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(64, k)) if isinstance(
            index, faiss.IndexHNSWFlat
        ) else faiss.SearchParameters(sel=selector)
    elif isinstance(index, faiss.IndexHNSWFlat):
        params = faiss.SearchParametersHNSW(efSearch=max(64, k))
    scores, ids = index.search(query.reshape(1, -1).astype(np.float32), k, params=params)  # type: ignore[attr-defined]
    keep = ids[0] >= 0
    return scores[0][keep], ids[0][keep]
