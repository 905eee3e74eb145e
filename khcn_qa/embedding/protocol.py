"""The one interface every embedding engine implements.

Indexing, search and evaluation only ever see an :class:`Embedder`: the ONNX
Runtime engine for the default model, the sentence-transformers engine for
any other model, and the hash-based fake the tests use. The manifest stores
``model_id``, ``fingerprint``, ``engine`` and ``precision`` so an index is
never searched with vectors from another space.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

PassageProgress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each batch of passages."""

FP32 = "fp32"


def embed_longest_first(
    count: int,
    length: Callable[[int], int],
    embed: Callable[[list[int]], np.ndarray],
    dim: int,
    batch_size: int,
    progress: PassageProgress | None = None,
) -> np.ndarray:
    """Embed ``count`` items in batches, longest first so each batch pads little; rows in input order.

    ``embed(indices)`` returns the rows of those items; ``progress(done, total)``
    is called after each batch. Every engine batches passages this way.
    """
    out = np.zeros((count, dim), dtype=np.float32)
    order = sorted(range(count), key=lambda i: -length(i))
    batch_size = max(1, batch_size)
    for start in range(0, count, batch_size):
        index = order[start : start + batch_size]
        out[index] = embed(index)
        if progress is not None:
            progress(min(start + batch_size, count), count)
    return out


@runtime_checkable
class Embedder(Protocol):
    """Turns queries and passages into L2-normalised float32 rows of ``dim`` columns.

    ``model_id`` is the configured name, ``fingerprint`` the exact weights,
    ``profile`` the input family (``e5``, ``phobert``, ``plain``), ``engine``
    what ran the model (``onnxruntime``, ``torch``, ``hash``) and
    ``precision`` its numerics: engines of the same precision produce the
    same vectors (checked at export), another precision does not.
    """

    @property
    def model_id(self) -> str:
        """The configured model name."""
        ...

    @property
    def fingerprint(self) -> str:
        """Identifies the exact weights."""
        ...

    @property
    def dim(self) -> int:
        """Columns of every vector."""
        ...

    @property
    def profile(self) -> str:
        """Input family: ``e5``, ``phobert`` or ``plain``."""
        ...

    @property
    def engine(self) -> str:
        """What runs the model: ``onnxruntime``, ``torch``, ``hash``."""
        ...

    @property
    def precision(self) -> str:
        """Numerics of the vectors (``fp32``)."""
        ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed search queries: float32 ``(n, dim)``, rows L2-normalised."""
        ...

    def embed_passages(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        progress: PassageProgress | None = None,
    ) -> np.ndarray:
        """Embed indexed passages: float32 ``(n, dim)``, rows L2-normalised, in input order."""
        ...
