"""BM25 over the package's own Vietnamese tokens (bm25s, saved as npy/json)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from khcn_qa.records import Chunk, DocumentMeta
from khcn_qa.text.tokenize import lexical_tokens

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    import bm25s


def lexical_text(chunk: Chunk, meta: DocumentMeta | None) -> str:
    """What BM25 sees of a chunk: its text, section path, unit and row fields."""
    parts = [chunk.section_path, chunk.unit or "", chunk.text, annotation(chunk)]
    if meta is not None:
        parts.append(" ".join(p for p in (meta.number, meta.province) if p))
    return "\n".join(p for p in parts if p)


def annotation(chunk: Chunk) -> str:
    """Fields of a prose chunk (e.g. the signer of a signature block) as a line.

    Table rows already spell their fields out in their text.
    """
    if chunk.kind == "table_row" or not chunk.fields:
        return ""
    return "; ".join(f"{k}: {v}" for k, v in chunk.fields.items())


def _quiet_bm25s() -> None:
    """bm25s sets its own logger to DEBUG at import; every upload then printed
    "DEBUG bm25s: Building index from tokens" into the server log.
    """
    logging.getLogger("bm25s").setLevel(logging.WARNING)


class LexicalIndex:
    """A bm25s retriever plus the tokeniser that built it."""

    def __init__(self, retriever: bm25s.BM25) -> None:
        self._retriever = retriever

    @classmethod
    def build(cls, token_lists: Sequence[list[str]]) -> LexicalIndex:
        """Index pre-tokenised chunks (tokens are reused across generations)."""
        import bm25s

        _quiet_bm25s()
        retriever = bm25s.BM25(k1=1.2, b=0.75)
        # bm25s cannot index nothing; an emptied index keeps one placeholder row that
        # is never searched (the searcher returns no hits when there are no chunks).
        corpus = [list(t) or ["∅"] for t in token_lists] or [["∅"]]
        retriever.index(corpus, show_progress=False)
        return cls(retriever)

    def save(self, folder: Path) -> None:
        """Write bm25s's plain files (no pickles)."""
        self._retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Load with mmap so a large index opens instantly."""
        import bm25s

        _quiet_bm25s()
        retriever = bm25s.BM25.load(str(folder), mmap=False, show_progress=False, allow_pickle=False)
        return cls(retriever)

    def scores(self, query: str, mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every chunk for the query (0 where masked out)."""
        vocab = self._retriever.vocab_dict
        tokens = [t for t in lexical_tokens(query, query=True) if t in vocab]
        n_docs = int(self._retriever.scores["num_docs"])
        if not tokens:
            return np.zeros(n_docs, dtype=np.float32)
        weight = mask.astype(np.float32) if mask is not None else None
        return np.asarray(self._retriever.get_scores(tokens, weight_mask=weight), dtype=np.float32)
