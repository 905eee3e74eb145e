"""Fake embedding models for index tests: the package's hash embedder, and a slow one for Ctrl-C.

Tests that drive the CLI set ``KHCN_QA_EMBED_MODEL`` to the hash model (see
``use_hash_model``) so the index the CLI builds and the one a test builds
directly live in the same vector space.
"""

from __future__ import annotations

from khcn_qa.embedding import hashing
from khcn_qa.embedding.hashing import HASH_MODEL


class HashEmbedder(hashing.HashEmbedder):
    """Deterministic unit vectors from word hashes; what ``load_embedder(HASH_MODEL)`` returns."""


def use_hash_model(monkeypatch) -> None:
    """Make every command of this test embed with the hash model (no real model is loaded)."""
    import khcn_qa.embedding

    monkeypatch.setenv("KHCN_QA_EMBED_MODEL", HASH_MODEL)
    monkeypatch.setattr(khcn_qa.embedding, "load_embedder", lambda *a, **k: HashEmbedder())


class SlowEmbedder(HashEmbedder):
    """Writes a marker file when embedding starts, then takes its time (for Ctrl-C tests)."""

    def __init__(self, marker=None, delay_s=30.0):
        super().__init__()
        self.marker = marker
        self.delay_s = delay_s

    def embed_passages(self, texts, progress=None, **options):
        import time
        from pathlib import Path

        if self.marker:
            Path(self.marker).write_text("embedding", encoding="utf-8")
        time.sleep(self.delay_s)
        return super().embed_passages(texts, progress=progress, **options)
