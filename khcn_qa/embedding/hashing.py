"""A deterministic, hash-based :class:`~khcn_qa.embedding.protocol.Embedder` for tests.

Real models cost seconds to load and tens of milliseconds a query; tests of
the index, retrieval, answers and the CLI need vectors, not good ones. Each
folded word (and word pair) is hashed into a signed bucket, so texts that
share words are close, a query finds the passage it quotes, and the same text
always gives the same vector on any machine.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from khcn_qa.embedding.protocol import FP32, PassageProgress
from khcn_qa.text.normalize import fold, normalize_text

HASH_MODEL = "hash:bag-of-words"
"""Configure it as ``KHCN_QA_EMBED_MODEL`` to get this embedder in a child process."""


class HashEmbedder:
    """Feature hashing of folded words and word pairs, L2-normalised."""

    engine = "hash"
    precision = FP32
    profile = "plain"

    def __init__(self, dim: int = 64, model_id: str = HASH_MODEL) -> None:
        self.dim = dim
        self.model_id = model_id
        self.fingerprint = f"{model_id}/{dim}/v1"
        self.query_calls = 0
        self.passage_calls = 0

    def __repr__(self) -> str:
        return f"HashEmbedder(dim={self.dim})"

    def _vector(self, text: str) -> np.ndarray:
        words = fold(normalize_text(text)).split()
        features = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
        row = np.zeros(self.dim, dtype=np.float32)
        for feature in features:
            digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
            bucket = int.from_bytes(digest[:4], "little") % self.dim
            row[bucket] += 1.0 if digest[4] & 1 else -1.0
        norm = float(np.linalg.norm(row))
        if norm == 0.0:
            row[0], norm = 1.0, 1.0  # empty text: a fixed unit vector, never NaN
        return row / norm

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self._vector(t) for t in texts]).astype(np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed queries (same space as passages: no prompts)."""
        self.query_calls += 1
        return self._embed(texts)

    def embed_passages(
        self, texts: Sequence[str], batch_size: int | None = None, progress: PassageProgress | None = None
    ) -> np.ndarray:
        """Embed passages, reporting progress per batch like the real engines."""
        self.passage_calls += 1
        out = self._embed(texts)
        batch_size = batch_size or 32
        for start in range(0, len(texts), max(1, batch_size)):
            if progress is not None:
                progress(min(start + batch_size, len(texts)), len(texts))
        return out
