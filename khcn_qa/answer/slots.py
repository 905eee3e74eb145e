"""Values the question's own words frame: the slot a question word fills in a passage's sentence.

"… nhằm giảm chi phí *cho ai*?" is answered by what the passage writes right
after "giảm chi phí cho" ("người dân, doanh nghiệp"); "*Ai* chịu trách nhiệm về
nâng cao chất lượng phục vụ …?" by the noun phrase the passage writes before
"chịu trách nhiệm về nâng cao". Such answers are often no named unit at all
(beneficiaries, "người đứng đầu cơ quan, đơn vị"), so the unit finders miss
them; the frame the question shares with the sentence finds them whatever
they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from khcn_qa.answer.patterns import Match, clean_value
from khcn_qa.text.normalize import fold

_ASKED = r"(?:nhung\s+|cac\s+)?(?:ai|dau|doi tuong nao|don vi nao|to chuc nao|co quan nao|bo phan nao|chu the nao)"
_AFTER_RE = re.compile(rf"((?:[a-z0-9&]+\s+){{2,3}}?)(cho|doi voi|voi|toi|den|cua|tu|truoc)\s+{_ASKED}\b")
_WHERE_RE = re.compile(r"((?:[a-z0-9&]+\s+){2,3}?)(?:o|tai)\s+(?:dau|noi nao)\b")
"""'… đã đăng ký hoạt động ở đâu?': the passage may say "tại" or "trên" where the question says "ở"."""
_LOCATIVE = ("tai", "tren", "o", "thuoc")
_BEFORE_RE = re.compile(rf"^\W*{_ASKED}\s+((?:[a-z0-9&]+\s*){{3}})")
# "Ai được đề nghị rà soát …?" against "… đề nghị lãnh đạo các phòng, đơn vị rà soát …": the slot
# sits between the verb and the words the question goes on with.
_PASSIVE_RE = re.compile(
    rf"\b{_ASKED}\s+duoc\s+(de nghi|yeu cau|giao|phan cong|chi dao|dong vien|khuyen khich)\s+((?:[a-z0-9&]+\s+){{1,2}}[a-z0-9&]+)"
)
_CUT_RE = re.compile(
    r"[;:.()\n]|\s[-–]\s|\s(?:phai|duoc|can|se|da|dang|nham|de|theo|tai|trong|khong|thong qua|bang|gop phan|dam bao|ve)\s"
)
_VERB_STARTS = frozenset({"khong", "de", "nham", "va", "dam", "gop", "tao", "gay", "giup", "theo", "tai", "trong"})
STRONG_FRAME = 1.3
"""Quality of a value in a three-word frame: above a row's role cell, which answers who leads,
not the "cho ai" the question asks."""
WEAK_FRAME = 1.0
MAX_WORDS = 10
MAX_ITEM_WORDS = 3
"""A comma-separated item longer than this is a new clause, not one more name in the list."""


@dataclass(frozen=True)
class Frame:
    """Folded words the question puts around its question word, and on which side the answer lies."""

    words: str
    after: bool
    where: bool = False
    """The answer is a place the passage opens with a locative ("tại", "trên", "ở")."""
    until: str = ""
    """Folded words that close the slot opened by ``words`` (a passive "được đề nghị X rà soát")."""


@lru_cache(maxsize=256)
def frames(folded_question: str) -> tuple[Frame, ...]:
    """The frames to look for, longest first ("gay phien ha cho", then "phien ha cho")."""
    found: list[Frame] = []
    match = _AFTER_RE.search(folded_question)
    if match:
        lead = match.group(1).split()
        for size in (3, 2):
            if len(lead) >= size:
                found.append(Frame(" ".join([*lead[-size:], match.group(2)]), after=True))
    match = _WHERE_RE.search(folded_question)
    if match:
        lead = match.group(1).split()
        for size in (3, 2):
            if len(lead) >= size:
                found.append(Frame(" ".join(lead[-size:]), after=True, where=True))
    match = _BEFORE_RE.match(folded_question)
    if match:
        found.append(Frame(" ".join(match.group(1).split()), after=False))
    match = _PASSIVE_RE.search(folded_question)
    if match:
        found.insert(0, Frame(match.group(1), after=True, until=" ".join(match.group(2).split()[:2])))
    return tuple(dict.fromkeys(found))


def _items_after(text: str) -> str:
    """The list that opens ``text``: its first item, then items as short as names."""
    cut = _CUT_RE.search(fold(text))  # folding keeps offsets: the cut words match accented text too
    body = text[: cut.start()] if cut else text
    items = [i.strip() for i in body.split(",")]
    kept = [items[0]] if items and 0 < len(items[0].split()) <= MAX_WORDS else []
    for item in items[1:] if kept else ():
        words = fold(item).split()
        if not words or len(words) > MAX_ITEM_WORDS or words[0] in _VERB_STARTS:
            break
        kept.append(item)
    return ", ".join(kept)


def _phrase_before(text: str) -> str:
    """The noun phrase that ends ``text``, back to the clause boundary before it."""
    start = max(text.rfind(c) for c in ";:.()\n") + 1
    phrase = text[start:].strip(" -–•*+\t")
    return phrase if 0 < len(phrase.split()) <= MAX_WORDS else ""


def _before_next_cell(text: str, cells: Sequence[str]) -> str:
    """``text`` up to where the next cell of a flattened row starts ("… cá nhân PGĐ Nguyễn Hữu Thắng …")."""
    ends = [at for cell in cells if len(cell) >= 3 and (at := text.find(cell)) > 0]
    return text[: min(ends)] if ends else text


def finder(folded_question: str, cells: Sequence[str] = ()) -> Callable[[str], Iterator[Match]] | None:
    """A sentence finder for the slot the question's frames point at; ``None`` when it has none.

    ``cells`` are the passage's table cells: in a row flattened to one line the
    slot ends where the next cell's value begins.
    """
    wanted = frames(folded_question)
    if not wanted:
        return None

    def find(sentence: str) -> Iterator[Match]:
        folded = fold(sentence)  # same length: offsets index the sentence as written
        for frame in wanted:
            for hit in re.finditer(rf"(?<![a-z0-9]){re.escape(frame.words)}(?![a-z0-9])", folded):
                if frame.until:
                    close = folded.find(" " + frame.until, hit.end())
                    between = sentence[hit.end() : close].strip() if close > hit.end() else ""
                    if between and len(between.split()) <= MAX_WORDS and not re.search(r"[;:.()\n]", between):
                        yield Match(clean_value(between).strip(" ,"), hit.end() + 1, STRONG_FRAME)
                    continue
                if frame.after:
                    start = hit.end() + len(sentence[hit.end() :]) - len(sentence[hit.end() :].lstrip())
                    rest = folded[start:].split(maxsplit=1)
                    if frame.where and (not rest or rest[0] not in _LOCATIVE):
                        continue
                    value = _items_after(_before_next_cell(sentence[start:], cells))
                else:
                    value = _phrase_before(sentence[: hit.start()])
                    start = sentence.find(value) if value else -1
                value = clean_value(value).strip(" ,")
                if value and start >= 0:
                    # A longer shared frame is stronger proof that this is the slot asked.
                    yield Match(value, start, STRONG_FRAME if len(frame.words.split()) >= 3 else WEAK_FRAME)
            if any(True for _ in re.finditer(re.escape(frame.words), folded)):
                return  # the longest frame found decides; shorter ones would only repeat it

    return find


_ASKS_WHERE_RE = re.compile(r"\b(?:o|tai|trong|tren)\s+(?:dau|noi nao)\b")
_TOPIC_WORD_RE = re.compile(r"[a-z0-9&]+")
_NOT_TOPIC = frozenset({"duoc", "da", "se", "dang", "cua", "va", "cac", "nhung", "o", "tai", "trong", "tren", "dau", "nao"})
TOPIC_RUN = 5
"""Words of the question's own phrase the passage must repeat, in order, before its locative."""
_PLACING = frozenset({*_LOCATIVE, "trong"})


@lru_cache(maxsize=256)
def locative_after_topic(folded_question: str) -> Callable[[str], Iterator[Match]] | None:
    """"Đào tạo STEM và STEAM được Sở GD&ĐT triển khai ở đâu?" against "… đào tạo STEM và STEAM
    trong các trường phổ thông": where the passage, right after repeating the question's
    subject, places it with a locative.

    The words before "ở đâu" (the verb, "triển khai") are rarely the ones the passage
    writes; the subject phrase the question opens with usually is, word for word.
    """
    if _ASKS_WHERE_RE.search(folded_question) is None:
        return None
    words = _TOPIC_WORD_RE.findall(folded_question)
    runs = {tuple(words[i : i + TOPIC_RUN]) for i in range(len(words) - TOPIC_RUN + 1)}
    runs = {run for run in runs if not set(run) <= _NOT_TOPIC and "dau" not in run}
    if not runs:
        return None

    def find(sentence: str) -> Iterator[Match]:
        folded = fold(sentence)  # same length: offsets index the sentence as written
        tokens = list(_TOPIC_WORD_RE.finditer(folded))
        for i in range(TOPIC_RUN, len(tokens) - 1):
            if tokens[i].group(0) in _PLACING and tuple(t.group(0) for t in tokens[i - TOPIC_RUN : i]) in runs:
                # "trong nước", "trong cộng đồng" say where only with their "trong"; "tại X" is X, and
                # so is "trong các trường …", whose "các" already makes a noun phrase of it.
                keeps = tokens[i].group(0) == "trong" and tokens[i + 1].group(0) not in ("cac", "nhung")
                start = tokens[i + (0 if keeps else 1)].start()
                value = clean_value(_items_after(sentence[start:])).strip(" ,")
                if value:
                    yield Match(value, start, STRONG_FRAME)

    return find
