"""What a question asks for, and which of its words name the topic.

Questions arrive with or without diacritics ("ai chu tri …" as often as
"ai chủ trì …"), so every rule is matched on :func:`fold`-ed text. A few
short cue words are ambiguous once folded ("ai" may be "ái", "may" is also
"máy"); those only match their accented form when the user typed accents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from khcn_qa.text.normalize import fold, has_diacritics, match_key

INTENTS = (
    "who_lead",
    "who_coordinate",
    "when",
    "how_many",
    "product",
    "signer",
    "doc_info",
    "about",
    "generic",
)

# Checked in this order: the first intent with a matching cue wins. Question
# words ("ai", "khi nào", "bao nhiêu") come before topic nouns ("chủ trì",
# "sản phẩm", "thời gian") because task names often contain those nouns
# ("… chất lượng sản phẩm, hàng hóa") while the question word says what is asked.
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("signer", ("ai ký", "người ký", "ký bởi", "ký văn bản", "người đã ký", "ký ban hành", "ai đã ký")),
    (
        "doc_info",
        (
            "số hiệu", "số ký hiệu", "ký hiệu", "ngày ban hành", "ban hành ngày", "ban hành khi nào",
            "ban hành năm nào", "cơ quan ban hành", "ai ban hành", "đơn vị ban hành", "ban hành bởi",
            "số văn bản", "văn bản số",
        ),
    ),
    ("who_coordinate", ("phối hợp",)),
    ("who_lead", ("ai", "đơn vị nào", "cơ quan nào", "sở nào", "phòng nào", "do ai", "giao cho")),
    ("when", ("khi nào", "bao giờ", "năm nào", "lúc nào", "ngày nào", "tháng nào", "quý nào")),
    ("how_many", ("bao nhiêu", "mấy", "mức nào")),
    ("who_lead", ("chủ trì", "phụ trách", "đơn vị thực hiện", "cơ quan thực hiện")),
    ("product", ("sản phẩm", "kết quả", "đầu ra")),
    ("how_many", ("tỷ lệ", "tỉ lệ", "tỷ trọng", "chỉ tiêu", "số lượng", "phần trăm")),
    ("when", ("thời gian", "thời hạn", "trước ngày", "hoàn thành", "thời điểm", "tiến độ", "hạn chót")),
    (
        "about",
        (
            "nội dung", "về việc gì", "về vấn đề gì", "mục đích", "là gì", "gồm những", "những gì",
            "nhằm", "yêu cầu gì", "như thế nào", "ra sao", "làm gì", "nhiệm vụ gì",
        ),
    ),
)
# Questions that open with one of these nouns ask about it even when a
# "who" cue follows ("Sản phẩm của nhiệm vụ do Chi cục chủ trì là gì?").
_LEADING_NOUNS: tuple[tuple[str, str], ...] = (
    ("san pham", "product"),
    ("ket qua", "product"),
    ("dau ra", "product"),
    ("thoi gian", "when"),
    ("thoi han", "when"),
    ("tien do", "when"),
)
_AMBIGUOUS = {"ai", "mấy"}

STOP_WORDS = frozenset(
    {
        "la", "gi", "nao", "cua", "va", "cac", "nhung", "cho", "trong", "tren", "duoc", "co",
        "khong", "the", "nhu", "ve", "theo", "voi", "tai", "den", "tu", "do", "thi", "mot",
        "nay", "o", "de", "se", "da", "dang", "vay", "a", "hay", "hoac", "ai", "bao",
        "nhieu", "khi", "gio", "nam", "ra", "vao", "neu", "sao", "lam", "phai", "biet", "hoi",
        "xin", "vui", "ay", "kia", "ma", "cung", "nhe", "oi", "ah", "ta", "toi", "minh", "day",
        "nhat", "hon", "rat", "qua", "viec", "vi", "boi", "tung"
    }
)
_TOKEN_RE = re.compile(r"[a-z0-9]+")
_YEAR_RE = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_NUMBER_RE = re.compile(r"\d+(?:[.,/]\d+)*")


@dataclass(frozen=True)
class QuestionAnalysis:
    """A question reduced to what extraction needs.

    ``topic_sequence`` keeps ``None`` where an intent or stop word was removed,
    so bigrams are only formed from words that were adjacent in the question.
    """

    question: str
    intent: str
    folded: str
    topic_sequence: tuple[str | None, ...]
    years: tuple[str, ...]
    numbers: tuple[str, ...]

    @property
    def topic(self) -> tuple[str, ...]:
        """Distinct topic words in question order."""
        seen: dict[str, None] = {}
        for word in self.topic_sequence:
            if word is not None:
                seen.setdefault(word, None)
        return tuple(seen)

    @property
    def topic_bigrams(self) -> tuple[tuple[str, str], ...]:
        """Adjacent topic-word pairs; they reward passages keeping compounds together."""
        pairs: dict[tuple[str, str], None] = {}
        seq = self.topic_sequence
        for left, right in zip(seq, seq[1:], strict=False):
            if left is not None and right is not None:
                pairs.setdefault((left, right), None)
        return tuple(pairs)


def _cue_regex(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w]){re.escape(text)}(?![\w])")


def _cue_spans(question: str, cue: str) -> list[tuple[int, int]]:
    """Spans of ``cue`` in the folded question (empty when it does not occur).

    Folding keeps the length of Vietnamese text, so spans found in the folded
    question index the folded token stream used for topic words.
    """
    folded = fold(question)
    spans = [m.span() for m in _cue_regex(fold(cue)).finditer(folded)]
    if not spans or cue not in _AMBIGUOUS:
        return spans
    if has_diacritics(question) and not _cue_regex(match_key(cue)).search(match_key(question)):
        return []
    # "AI" written in capitals is artificial intelligence, not "who".
    if cue == "ai" and re.search(r"(?<!\w)AI(?!\w)", question) and not re.search(r"(?<!\w)[aA]i(?!\w)", question):
        return []
    return spans


def classify_intent(question: str) -> str:
    """Return one of :data:`INTENTS` for the question (accented or not)."""
    return _classify(question)[0]


def _classify(question: str) -> tuple[str, list[tuple[int, int]]]:
    folded = fold(question)
    for prefix, intent in _LEADING_NOUNS:
        if folded.startswith(prefix):
            return intent, [(0, len(prefix))]
    for intent, cues in _RULES:
        if any(_cue_spans(question, cue) for cue in cues):
            # Every cue of the chosen intent is removed from the topic ("ai chủ trì").
            spans = [
                span
                for name, group in _RULES
                if name == intent
                for cue in group
                for span in _cue_spans(question, cue)
            ]
            return intent, spans
    return "generic", []


def analyze_question(question: str) -> QuestionAnalysis:
    """Classify the question and split off its topic words (folded, stop words removed)."""
    intent, spans = _classify(question)
    folded = fold(question)
    sequence: list[str | None] = []
    for match in _TOKEN_RE.finditer(folded):
        start, end = match.span()
        in_cue = any(s <= start and end <= e for s, e in spans)
        word = match.group(0)
        sequence.append(None if in_cue or word in STOP_WORDS else word)
    years = tuple(dict.fromkeys(_YEAR_RE.findall(folded)))
    numbers = tuple(dict.fromkeys(_NUMBER_RE.findall(folded)))
    return QuestionAnalysis(
        question=question,
        intent=intent,
        folded=folded,
        topic_sequence=tuple(sequence),
        years=years,
        numbers=numbers,
    )
