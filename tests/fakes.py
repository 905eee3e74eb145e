"""A hash-based stand-in for the embedding model: index tests run in seconds, offline."""

from __future__ import annotations

import hashlib

import numpy as np


class HashEmbedder:
    """Deterministic unit vectors from word hashes; same interface as the real embedder."""

    model_id = "test/hash-embedder"
    fingerprint = "hash-v1"
    dim = 32

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for word in text.lower().split():
            digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
            vector[int.from_bytes(digest, "little") % self.dim] += 1.0
        norm = float(np.linalg.norm(vector)) or 1.0
        return vector / norm

    def embed_passages(self, texts, progress=None):
        vectors = np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)
        if progress:
            progress(len(texts), len(texts))
        return vectors

    def embed_queries(self, texts):
        return np.stack([self._vector(t) for t in texts])


class SlowEmbedder(HashEmbedder):
    """Writes a marker file when embedding starts, then takes its time (for Ctrl-C tests)."""

    def __init__(self, marker=None, delay_s=30.0):
        self.marker = marker
        self.delay_s = delay_s

    def embed_passages(self, texts, progress=None):
        import time
        from pathlib import Path

        if self.marker:
            Path(self.marker).write_text("embedding", encoding="utf-8")
        time.sleep(self.delay_s)
        return super().embed_passages(texts, progress)
