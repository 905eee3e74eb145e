"""The sentence-transformers engine: any model a user configures, on PyTorch.

Imported only when such a model is loaded (torch takes seconds to import).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from khcn_qa.embedding.loading import torch_threads
from khcn_qa.embedding.profiles import Profile
from khcn_qa.embedding.protocol import FP32, PassageProgress, embed_longest_first
from khcn_qa.text.normalize import normalize_text

_LATENCY_BATCH = 8  # up to this many queries run single-threaded (see torch_threads)


class SentenceTransformerEmbedder:
    """A loaded sentence-transformers model plus how to feed it (any configured model).

    ``model_id`` is the name the user configured, ``fingerprint`` identifies
    the exact weights (an index built with other weights must be rebuilt),
    ``max_tokens`` is the model's sequence limit (longer input is truncated).
    """

    engine = "torch"
    precision = FP32

    def __init__(self, model: Any, model_id: str, fingerprint: str, profile: Profile) -> None:
        self._model = model
        self._profile = profile
        self.model_id = model_id
        self.fingerprint = fingerprint
        self.profile = profile.name
        self.dim = int(_embedding_dimension(model))
        self.max_tokens = int(model.max_seq_length or 512)

    def __repr__(self) -> str:
        return f"SentenceTransformerEmbedder({self.model_id!r}, profile={self.profile!r}, dim={self.dim})"

    def _prepare(self, texts: Sequence[str]) -> list[str]:
        return [self._profile.prepare(normalize_text(t)) for t in texts]

    def _encode(self, texts: list[str], prompt: str, batch_size: int) -> np.ndarray:
        vectors = self._model.encode(
            texts,
            prompt=prompt,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed search queries: float32 ``(n, dim)``, rows L2-normalised."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prepared = self._prepare(texts)
        if len(prepared) > _LATENCY_BATCH:
            return self._encode(prepared, self._profile.query_prompt, batch_size=32)
        with torch_threads(1):
            return self._encode(prepared, self._profile.query_prompt, batch_size=32)

    def embed_passages(
        self,
        texts: Sequence[str],
        batch_size: int | None = None,
        progress: PassageProgress | None = None,
    ) -> np.ndarray:
        """Embed indexed passages: float32 ``(n, dim)``, rows L2-normalised.

        Texts are embedded longest first so each batch pads little; rows come
        back in input order. ``progress(done, total)`` is called after each batch.
        """
        prepared = self._prepare(texts)
        batch_size = batch_size or 32
        return embed_longest_first(
            len(prepared), lambda i: len(prepared[i]),
            lambda index: self._encode([prepared[i] for i in index], self._profile.passage_prompt, batch_size),
            self.dim, batch_size, progress,
        )  # fmt: skip

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for ``text`` as a passage (prompt and special tokens included)."""
        prepared = self._profile.passage_prompt + self._profile.prepare(normalize_text(text))
        encoded = self._model.tokenizer(prepared, add_special_tokens=True, verbose=False)
        return len(encoded["input_ids"])


def _embedding_dimension(model: Any) -> int:
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return int(getter())
