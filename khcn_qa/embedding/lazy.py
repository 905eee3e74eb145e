"""An :class:`Embedder` that loads its model only when something is embedded.

``khcn-qa list``, ``remove``, ``search --mode bm25`` and the app's first
BM25 answers never need the model; opening an index with a ``LazyEmbedder``
costs nothing, and ``model_id`` (all that opening checks) is known without
loading. ``prefetch()`` starts the load in a thread, so the app can answer
with BM25 while the model arrives.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

import numpy as np

from khcn_qa.config import EmbedEngine
from khcn_qa.embedding.protocol import Embedder, PassageProgress, prepare_passages

log = logging.getLogger(__name__)


class LazyEmbedder:
    """Stands for ``load_embedder(model_id, engine)`` until first real use."""

    def __init__(
        self,
        model_id: str,
        engine: EmbedEngine = EmbedEngine.AUTO,
        loader: Callable[[str, EmbedEngine], Embedder] | None = None,
    ) -> None:
        self.model_id = model_id
        self._engine = engine
        self._loader = loader
        self._model: Embedder | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loading = threading.Event()

    def __repr__(self) -> str:
        state = "loaded" if self._model is not None else "not loaded"
        return f"LazyEmbedder({self.model_id!r}, {state})"

    @property
    def is_loaded(self) -> bool:
        """True once the model is in memory (``embed_*`` will not wait)."""
        return self._model is not None

    def load(self) -> Embedder:
        """The real embedder, loading it now if no one has yet (errors are raised to every caller)."""
        with self._lock:
            if self._model is None:
                if self._loader is None:
                    from khcn_qa.embedding.embedder import load_embedder

                    self._model = load_embedder(self.model_id, self._engine)
                else:
                    self._model = self._loader(self.model_id, self._engine)
            return self._model

    def prefetch(self, delay_s: float = 0.0) -> None:
        """Start loading in a daemon thread, after ``delay_s``; a failure surfaces at the next ``load()``.

        The delay leaves the cores to whatever the caller does next: the app's first page
        drew 1.8 s later (4.5 s after start instead of 2.7 s) when a 2-core machine
        loaded the model while the browser drew it.
        """
        if self._model is not None or self._thread is not None:
            return

        def run() -> None:
            if delay_s > 0:
                time.sleep(delay_s)
            self._loading.set()
            try:
                self.load()
            except Exception:  # the next load() retries and raises it where it can be shown
                log.warning("background model load failed", exc_info=True)

        self._thread = threading.Thread(target=run, name="khcn-qa-model", daemon=True)
        self._thread.start()

    def wait(self, timeout_s: float) -> bool:
        """Wait up to ``timeout_s`` for a prefetch under way; True when the model is loaded.

        A prefetch still in its delay is not waited for: it has not begun to load.
        """
        thread = self._thread
        if self._model is None and thread is not None and self._loading.is_set():
            thread.join(timeout_s)
        return self._model is not None

    @property
    def fingerprint(self) -> str:
        """The exact weights (loads the model)."""
        return self.load().fingerprint

    @property
    def dim(self) -> int:
        """Vector columns (loads the model)."""
        return self.load().dim

    @property
    def profile(self) -> str:
        """Input family (loads the model)."""
        return self.load().profile

    @property
    def engine(self) -> str:
        """What runs the model (loads it)."""
        return self.load().engine

    @property
    def precision(self) -> str:
        """Vector numerics (loads the model)."""
        return self.load().precision

    def prepare_passages(self) -> None:
        """Load the model and let it prepare for passages (an ingest calls this while it parses)."""
        prepare_passages(self.load())

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed queries with the real model."""
        return self.load().embed_queries(texts)

    def embed_passages(
        self, texts: Sequence[str], batch_size: int | None = None, progress: PassageProgress | None = None
    ) -> np.ndarray:
        """Embed passages with the real model."""
        return self.load().embed_passages(texts, batch_size=batch_size, progress=progress)


def is_ready(embedder: Embedder) -> bool:
    """True when embedding a query will not wait for a model to load."""
    return not isinstance(embedder, LazyEmbedder) or embedder.is_loaded
