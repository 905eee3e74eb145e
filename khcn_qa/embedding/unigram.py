"""The tokenizer of the default model in Python, opened in about 0.15 s instead of 0.9 s.

``tokenizers`` parses ``tokenizer.json`` (250k pieces, 17 MB) into a trie
before it encodes anything: 0.9 s of every ``khcn-qa ask``, with the GIL
held, so nothing else runs meanwhile. A question is a few dozen pieces; a
plain dictionary of the pieces, read from a flat file, finds them as well.
The engine uses it for questions and for ingests of up to a few hundred
passages (about 1 ms a passage); larger ones open ``tokenizers``.

:class:`UnigramEncoder` applies the same steps as the exported tokenizer:
the normaliser's per-character map (tabulated at export by running the real
normaliser over every code point), runs of spaces made one, SentencePiece's
``▁`` word marks, and the Unigram model's best segmentation (Viterbi over
piece log-probabilities, unknown characters at the lowest score minus 10,
ties to the first path found, adjacent unknowns fused), between ``<s>`` and
``</s>``. The export checks it against ``tokenizers`` and refuses tables
that differ on any sample text.

The real normaliser works on grapheme clusters: a character followed by a
combining mark is looked up as one, and a cluster whose first character is
mapped is replaced whole. Python has no grapheme segmentation, so
:meth:`UnigramEncoder.covers` accepts only text in which every character is
a cluster of its own (Latin, Vietnamese, Greek, Cyrillic, punctuation and
symbols, no combining marks or format characters), which normalised
Vietnamese questions always are; anything else goes to ``tokenizers``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

PIECES_FILE = "unigram_pieces.txt"
SCORES_FILE = "unigram_scores.npy"
TABLES_FILE = "unigram.json"
_SEPARATOR = "\x00"
_WORD_MARK = "▁"
_SPACES_RE = re.compile(" {2,}")
_PRETOKEN_RE = re.compile(f"{_WORD_MARK}[^{_WORD_MARK}]*|[^{_WORD_MARK}]+")
_UNK_PENALTY = 10.0
# Categories whose characters can join the character before them into one grapheme cluster.
_JOINING = frozenset({"Mn", "Mc", "Me", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _own_cluster(char: str) -> bool:
    """True when ``char`` is a grapheme cluster of its own whatever surrounds it."""
    code = ord(char)
    in_scripts = code < 0x0590 or 0x1E00 <= code < 0x2C00
    return in_scripts and char != "\r" and unicodedata.category(char) not in _JOINING


class UnigramEncoder:
    """Token ids of texts in the scripts :meth:`covers`, exactly as the exported tokenizer gives them."""

    def __init__(self, pieces: list[str], scores: list[float], charmap: dict[str, str], special: dict[str, int]) -> None:
        self._ids = dict(zip(pieces, range(len(pieces)), strict=True))
        self._ids.pop("", None)
        self._scores = scores
        self._charmap = charmap
        self._bos, self._eos, self._unk = special["bos"], special["eos"], special["unk"]
        self._unk_score = min(scores) - _UNK_PENALTY
        self._longest = max(len(p) for p in pieces)

    @classmethod
    def open(cls, model_dir: Path) -> UnigramEncoder | None:
        """The tables written at export, or None where this export has none."""
        try:
            pieces = (model_dir / PIECES_FILE).read_text(encoding="utf-8").split(_SEPARATOR)
            scores = np.load(model_dir / SCORES_FILE, allow_pickle=False).tolist()
            tables = json.loads((model_dir / TABLES_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if len(pieces) != len(scores):
            return None
        return cls(pieces, scores, tables["charmap"], tables["special"])

    def covers(self, text: str) -> bool:
        """True when this encoder gives the exported tokenizer's ids for ``text``."""
        return all(_own_cluster(c) for c in text)

    def encode(self, text: str) -> list[int]:
        """Ids of ``text`` with ``<s>`` and ``</s>``; only for text this encoder :meth:`covers`."""
        mapped = _SPACES_RE.sub(" ", "".join([self._charmap.get(c, c) for c in text]))
        ids = [self._bos]
        if mapped:
            marked = mapped.replace(" ", _WORD_MARK)
            if not marked.startswith(_WORD_MARK):
                marked = _WORD_MARK + marked
            for word in _PRETOKEN_RE.findall(marked):
                ids.extend(self._segment(word))
        ids.append(self._eos)
        return ids

    def _segment(self, word: str) -> list[int]:
        """The highest-scoring split of one ``▁`` word into pieces (Viterbi)."""
        size = len(word)
        # best[end] = (score, start, piece id) of the best path covering word[:end]
        best: list[tuple[float, int, int] | None] = [None] * (size + 1)
        best[0] = (0.0, -1, -1)
        for start in range(size):
            here = best[start]
            assert here is not None  # every position is reachable: unknowns cover one character
            base, single = here[0], False
            for end in range(start + 1, min(size, start + self._longest) + 1):
                piece = self._ids.get(word[start:end])
                if piece is None:
                    continue
                single = single or end == start + 1
                candidate = base + self._scores[piece]
                known = best[end]
                if known is None or candidate > known[0]:
                    best[end] = (candidate, start, piece)
            if not single:
                candidate = base + self._unk_score
                known = best[start + 1]
                if known is None or candidate > known[0]:
                    best[start + 1] = (candidate, start, self._unk)
        path: list[int] = []
        end = size
        while end > 0:
            step = best[end]
            assert step is not None
            if not (step[2] == self._unk and path and path[-1] == self._unk):
                path.append(step[2])
            end = step[1]
        return path[::-1]


def write_tables(tokenizer: Any, tokenizer_json: Path, out_dir: Path) -> None:
    """Tabulate ``tokenizer`` (a ``tokenizers.Tokenizer`` of ``tokenizer_json``) for :class:`UnigramEncoder`.

    The normaliser is run on every code point once (about a second), so the
    map is the real one, not a reading of its compiled trie.
    """
    spec = json.loads(tokenizer_json.read_text(encoding="utf-8"))
    model = spec["model"]
    if model.get("type") != "Unigram" or model.get("byte_fallback"):
        raise ValueError(f"not a Unigram model without byte fallback: {model.get('type')}")
    pieces = [piece for piece, _ in model["vocab"]]
    if any(_SEPARATOR in p for p in pieces):
        raise ValueError("a piece contains the separator")
    normalizer = tokenizer.normalizer
    charmap = {}
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        if (mapped := normalizer.normalize_str(char)) != char:
            charmap[char] = mapped
    special = {
        "bos": tokenizer.token_to_id("<s>"),
        "eos": tokenizer.token_to_id("</s>"),
        "unk": int(model["unk_id"]),
    }
    (out_dir / PIECES_FILE).write_text(_SEPARATOR.join(pieces), encoding="utf-8")
    np.save(out_dir / SCORES_FILE, np.asarray([score for _, score in model["vocab"]], dtype=np.float64))
    (out_dir / TABLES_FILE).write_text(json.dumps({"special": special, "charmap": charmap}, ensure_ascii=False), encoding="utf-8")


def differences(encoder: UnigramEncoder, tokenizer: Any, texts: Iterable[str]) -> list[str]:
    """The covered texts on which ``encoder`` and ``tokenizer`` give different ids."""
    return [t for t in texts if encoder.covers(t) and encoder.encode(t) != tokenizer.encode(t).ids]
