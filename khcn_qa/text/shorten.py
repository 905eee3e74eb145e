"""Cutting a passage for display: at a word boundary, marked with "…"."""

from __future__ import annotations

ELLIPSIS = "…"


def cut(text: str, limit: int) -> str:
    """``text`` shortened to at most ``limit`` characters at a word boundary, marked with "…".

    A cut mid-word ("Sở Khoa h") reads as a typo in a citation.
    """
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = max(head.rfind(" "), head.rfind("\n"))
    if space > limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:\n") + ELLIPSIS
