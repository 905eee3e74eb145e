"""A passage that announces a list, joined to the items it announces.

"Đã ban hành 04 Kế hoạch có liên quan, cụ thể:" says nothing by itself: what
a question about those four plans asks is in the items below it, which the
chunker filed as passages of their own (and, past its size limit, split over
several). Retrieval finds the announcing sentence, because it shares the
question's words ("04 kế hoạch", "cải cách hành chính"); the items rank low
or not at all. Reading them together is how a person reads the page, so the
hit the reader gets carries the items too, and the items' own hits, now
inside it, are dropped so nothing is cited twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from khcn_qa.ingest.patterns import structural_marker
from khcn_qa.records import Chunk, Hit

MAX_ITEMS = 12
MAX_CHARS = 1600
"""How much of a list one passage takes: the announced lists of plans run to about a dozen items."""
_ITEM_MARKERS = frozenset({"bullet", "plus", "letter", "number"})
"""The markers the parser knows as list items ("-", "+", "a)", "1.")."""


def _announces(chunk: Chunk) -> bool:
    """A text passage whose last line ends with a colon ("…, cụ thể:", "… gồm:")."""
    return chunk.kind == "text" and chunk.text.rstrip().endswith(":")


def _is_item(chunk: Chunk) -> bool:
    marker = structural_marker(chunk.text.split("\n", 1)[0])
    return marker is not None and marker.kind in _ITEM_MARKERS


def _items_after(chunk: Chunk, chunks: Sequence[Chunk]) -> list[Chunk]:
    """The list-item passages that follow ``chunk`` under the same heading, in order."""
    at = next((i for i, c in enumerate(chunks) if c.ordinal == chunk.ordinal), None)
    if at is None:
        return []
    items: list[Chunk] = []
    size = len(chunk.text)
    for following in chunks[at + 1 :]:
        if following.section != chunk.section or following.kind != "text" or not _is_item(following):
            break
        size += len(following.text)
        if len(items) >= MAX_ITEMS or size > MAX_CHARS:
            break
        items.append(following)
    return items


def continue_lists(hits: Sequence[Hit], chunks_of: Callable[[str], Sequence[Chunk]]) -> list[Hit]:
    """``hits`` with each announcing passage extended by the items it announces."""
    joined: list[Hit] = []
    absorbed: set[str] = set()
    for hit in hits:
        if not _announces(hit.chunk):
            joined.append(hit)
            continue
        items = _items_after(hit.chunk, chunks_of(hit.source))
        if not items:
            joined.append(hit)
            continue
        absorbed.update(c.chunk_id for c in items)
        text = "\n".join([hit.chunk.text.rstrip(), *(c.text.strip() for c in items)])
        joined.append(dataclasses.replace(hit, chunk=dataclasses.replace(hit.chunk, text=text)))
    return [h for h in joined if h.chunk.chunk_id not in absorbed or _announces(h.chunk)]
