"""Lexical tokens for BM25: pyvi words plus a view that ignores diacritics.

pyvi segments accented Vietnamese into words (``khoa_học``) but cannot
segment text typed without diacritics, which is how staff often type. So
every text gets two views in one token stream: pyvi word tokens of the
normalised text, and folded syllables with folded syllable bigrams
(``truy xuat``, ``xuat_nguon``). Document codes (``939/KH-UBND``,
``08-NQ/TU``, ``TCVN ISO 9001:2015``) and dates are kept whole.
"""

from __future__ import annotations

import re

from khcn_qa.text.normalize import fold, normalize_text

_CODE_RE = re.compile(
    # Starts only at the first digit of a run and never backtracks (possessive
    # repeats), so "1/1/1/…" or long letter runs cost linear time, not quadratic.
    r"(?<![\d/])\b\d++(?:/\d++)*+[/-](?:[A-ZĐa-zđ&]++(?:[-/](?=[A-ZĐa-zđ&]))?)++\b"  # 939/KH-UBND, 08-NQ/TU, 99/2023/NQ-HĐND
    r"|\b(?:TCVN|ISO)(?:\s+ISO)?\s+\d+(?::\d{4})?"  # TCVN ISO 9001:2015
    r"|\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{1,2}/\d{4}\b"  # 11/5/2020, 02/2022
)
_WORD_RE = re.compile(r"\w+", re.UNICODE)

STOP_WORDS = frozenset(
    ["và", "của", "các", "có", "được", "cho", "với", "trong", "theo", "về", "là", "những", "này", "để", "tại", "từ", "đã", "sẽ", "đến", "một", "như", "thì", "mà", "hoặc", "bị", "do", "nên", "trên", "dưới", "khi", "cũng", "đó", "các_cơ_quan"]
)
QUESTION_WORDS = frozenset(
    ["ai", "gì", "nào", "đâu", "sao", "bao_nhiêu", "bao", "nhiêu", "mấy", "không", "hả", "nhỉ", "vậy", "là_gì", "thế_nào"]
)
_FOLDED_STOP = frozenset(fold(w) for w in STOP_WORDS | QUESTION_WORDS) - {"nam", "so"}


def codes(text: str) -> list[str]:
    """Whole document codes and dates, lower-cased, spaces removed."""
    return [re.sub(r"\s+", "", m.group(0)).lower() for m in _CODE_RE.finditer(text)]


def word_tokens(text: str, *, query: bool = False) -> list[str]:
    """Pyvi words of the normalised lower-cased text, stop words removed."""
    from khcn_qa.text.segmenter import segmenter

    segmented = segmenter().tokenize(normalize_text(text).lower())
    stop = STOP_WORDS | QUESTION_WORDS if query else STOP_WORDS
    return [t for t in segmented.split() if _WORD_RE.search(t) and t not in stop and t != "_"]


def folded_tokens(text: str, *, query: bool = False) -> list[str]:
    """Diacritic-free syllables and syllable bigrams (the view unaccented queries hit)."""
    syllables = _WORD_RE.findall(fold(text))
    if query:
        syllables = [s for s in syllables if s not in _FOLDED_STOP]
    unigrams = [f"~{s}" for s in syllables if s not in _FOLDED_STOP]
    bigrams = [f"~{a}_{b}" for a, b in zip(syllables, syllables[1:], strict=False)]
    return unigrams + bigrams


def lexical_tokens(text: str, *, query: bool = False) -> list[str]:
    """All BM25 tokens of a text: codes, pyvi words, folded syllables and bigrams.

    Accented queries match both views; unaccented queries match the folded one.
    """
    return codes(text) + word_tokens(text, query=query) + folded_tokens(text, query=query)
