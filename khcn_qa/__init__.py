"""khcn-qa: cited answers over Vietnamese science-and-technology plan documents.

``from khcn_qa import Assistant`` is the whole public API; heavy libraries
(torch, faiss, sentence-transformers) load only when an index is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from khcn_qa.assistant import Assistant

__all__ = ["Assistant", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "Assistant":
        from khcn_qa.assistant import Assistant

        return Assistant
    raise AttributeError(name)
