"""The one interface every embedding engine implements.

Indexing, search and evaluation only ever see an :class:`Embedder`: the ONNX
Runtime engine for the default model, the sentence-transformers engine for
any other model, and the hash-based fake the tests use. The manifest stores
``model_id``, ``fingerprint``, ``engine`` and ``precision`` so an index is
never searched with vectors from another space.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
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
    workers: int = 1,
) -> np.ndarray:
    """Embed ``count`` items in batches, longest first so each batch pads little; rows in input order.

    ``embed(indices)`` returns the rows of those items; ``progress(done, total)``
    is called after each batch. Every engine batches passages this way. With
    ``workers`` > 1 the batches run on that many threads at once, so ``embed``
    must be safe to call from several threads (the ONNX engine gives each
    thread its own session); progress still counts batches in order.
    """
    out = np.zeros((count, dim), dtype=np.float32)
    order = sorted(range(count), key=lambda i: -length(i))
    batch_size = max(1, batch_size)
    batches = [order[start : start + batch_size] for start in range(0, count, batch_size)]
    with ExitStack() as stack:
        results: Iterator[np.ndarray] = map(embed, batches)
        if workers > 1 and len(batches) > 1:
            from concurrent.futures import ThreadPoolExecutor

            pool = stack.enter_context(ThreadPoolExecutor(max_workers=workers, thread_name_prefix="embed"))
            results = pool.map(embed, batches)
        done = 0
        for index, rows in zip(batches, results, strict=True):
            out[index] = rows
            done += len(index)
            if progress is not None:
                progress(done, count)
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
        batch_size: int | None = None,
        progress: PassageProgress | None = None,
    ) -> np.ndarray:
        """Embed indexed passages: float32 ``(n, dim)``, rows L2-normalised, in input order.

        ``batch_size`` None lets the engine use the batch it runs fastest with.
        """
        ...


@runtime_checkable
class PreparesPassages(Protocol):
    """An engine with set-up of its own before bulk embedding (sessions to open, a model to load)."""

    def prepare_passages(self) -> None:
        """Do that set-up now, so a caller can overlap it with other work."""
        ...


def prepare_passages(embedder: Embedder) -> None:
    """Get ``embedder`` ready to embed passages; engines without set-up need nothing."""
    if isinstance(embedder, PreparesPassages):
        embedder.prepare_passages()
