"""Counting a document's parts: "Mục II chia thành mấy mục?", "PGĐ X chỉ đạo mấy nhiệm vụ?".

No sentence of a plan writes these numbers; its structure does. A *group* is
a heading with the parts filed under it: the numbered sub-headings below it,
or the rows of the table it heads. The question names the group by its
heading words ("phần nhiệm vụ, giải pháp", "tổ chức thực hiện"), by its
number ("mục II") or, for a table, by a cell value the counted rows share
("PGĐ Nguyễn Hữu Thắng", "Giám đốc").

The count is computed, so no passage can vouch for the number itself. The
answer therefore cites every part it counted, one marker each, and the
citation check (:func:`khcn_qa.answer.cite.count_problem`) refuses a count
that differs from the markers behind it. This reader runs only after the
extractive reader found no written figure, so "30 nhiệm vụ" written in the
text always wins over counting.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from khcn_qa.answer.question import QuestionAnalysis
from khcn_qa.answer.reader import Draft, Statement
from khcn_qa.ingest.patterns import names_unit
from khcn_qa.lexicon import lexicon, nouns_of_kind
from khcn_qa.records import Chunk, Hit
from khcn_qa.text.normalize import fold, normalize_text
from khcn_qa.text.shorten import cut

COUNT_FRAME = "Đếm được"
"""Opens every counted answer; :mod:`khcn_qa.answer.cite` checks the number after it."""
MAX_DOCUMENTS = 2
TITLE_LIMIT = 70
NUMBER_MATCH = 3.0
"""Score a group gains when the question names its number ("mục II"): the plainest reference."""
ROW_VALUE_MATCH = 2.0
ANCESTOR_MATCH = 1.0
UNIT_ITEMS = 1.0
UNIT_TITLE_WORDS = 12
_LABEL_RE = re.compile(r"^\s*(?:TT\s*)?(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)/-]\s*", re.IGNORECASE)
_HEADING_NUMBER_RE = re.compile(r"^\s*([IVXLC]+|\d+)\s*[.)]", re.IGNORECASE)
_WORD_RE = re.compile(r"[a-z0-9&]+")
_PART_WORDS = r"(?:muc|phan|chuong|dieu|phu luc)"


@dataclass(frozen=True)
class Group:
    """A heading and the parts under it, each part as the chunks that hold it."""

    path: tuple[str, ...]
    parts: tuple[tuple[Chunk, ...], ...]
    rows: bool

    @property
    def heading(self) -> str:
        """The heading the parts are filed under (the last of the path)."""
        return self.path[-1]


def groups_of(chunks: Sequence[Chunk]) -> list[Group]:
    """Every heading with at least two parts below it, in document order."""
    found: dict[tuple[str, ...], dict[str, list[Chunk]]] = {}
    kinds: dict[tuple[str, ...], bool] = {}
    for chunk in chunks:
        for depth in range(1, len(chunk.section) + 1):
            path = chunk.section[:depth]
            if depth < len(chunk.section):
                key = "h:" + chunk.section[depth]
            elif chunk.kind == "table_row":
                key = "r:" + (chunk.row_id or chunk.chunk_id)
            else:
                continue  # the heading's own lead-in text is not one of its parts
            found.setdefault(path, {}).setdefault(key, []).append(chunk)
            kinds[path] = kinds.get(path, True) and key.startswith("r:")
    return [
        Group(path, tuple(tuple(c) for c in parts.values()), kinds[path])
        for path, parts in found.items()
        if len(parts) >= 2
    ]


def _content_words(text: str) -> set[str]:
    stop = lexicon().stop_words
    return {w for w in _WORD_RE.findall(fold(_LABEL_RE.sub("", text))) if w not in stop and not w.isdigit()}


def _number_named(group: Group, folded_question: str) -> bool:
    """True for "mục II" / "phần 3" when the group's heading carries that number."""
    match = _HEADING_NUMBER_RE.match(group.heading)
    if not match:
        return False
    label = fold(match.group(1))
    return re.search(rf"\b{_PART_WORDS}\s+{re.escape(label)}\b", folded_question) is not None


_WHO_COLUMNS = ("lead", "coordinate", "direct")


def _row_values(part: tuple[Chunk, ...]) -> set[str]:
    """Folded cells of the columns that say who does or directs a row: the values rows are counted by."""
    rules = [lexicon().columns[r] for r in _WHO_COLUMNS if r in lexicon().columns]
    return {
        fold(v).strip()
        for c in part
        for k, v in c.fields.items()
        if v and v.strip() and any(rule.matches(k) for rule in rules)
    }


def _shared_value(group: Group, folded_question: str) -> str:
    """The longest cell value some rows share that the question names as a phrase ("giam doc")."""
    if not group.rows:
        return ""
    named = [
        value
        for part in group.parts
        for value in _row_values(part)
        if len(value) >= 4 and re.search(rf"(?<![a-z0-9]){re.escape(value)}(?![a-z0-9])", folded_question)
    ]
    return max(named, key=len, default="")


def _part_title(part: tuple[Chunk, ...], group: Group, limit: int = TITLE_LIMIT) -> str:
    first = part[0]
    if not group.rows and len(first.section) > len(group.path):
        title = first.section[len(group.path)]
    else:
        title = first.text.split("\n", 1)[0]
    title = normalize_text(_LABEL_RE.sub("", " ".join(title.split())))
    return cut(title.rstrip(" .;:,"), limit)


def _names_units(group: Group) -> bool:
    """Parts titled by a unit alone ("1. Văn phòng Sở"), not by a sentence that opens with one."""
    titles = [_part_title(p, group, limit=10_000) for p in group.parts]
    return sum(1 for t in titles if names_unit(t) and len(t.split()) <= UNIT_TITLE_WORDS) * 2 >= len(titles)


@dataclass(frozen=True)
class _Choice:
    """The group a question names, the parts it counts there, and how sure the naming is."""

    group: Group
    parts: tuple[tuple[Chunk, ...], ...]
    value: str
    score: float
    certain: bool


def _choose(analysis: QuestionAnalysis, groups: Sequence[Group]) -> _Choice | None:
    """The group whose heading the question names best.

    Each heading word the question uses counts, and so does the share of the heading it covers
    (a short heading named whole beats a long one named in part). Its number ("mục II"), a cell
    value its rows share ("PGĐ X") and its parent ("phụ lục") count more. A question counting
    units ("mấy phòng, đơn vị") prefers parts titled by a unit.
    """
    question = analysis.folded
    asked = set(analysis.tokens) - set(analysis.count_noun[:1])
    counts_units = bool(analysis.count_noun) and analysis.count_noun[0] in nouns_of_kind("org")
    best: _Choice | None = None
    for group in groups:
        words = _content_words(group.heading)
        matched = len(words & asked)
        share = matched / len(words) if words else 0.0
        numbered = _number_named(group, question)
        value = _shared_value(group, question)
        parts = tuple(p for p in group.parts if value in _row_values(p)) if value else group.parts
        named = (matched >= 2 and share >= 0.5) or numbered or bool(value)
        if not named or not parts:
            continue
        score = matched + share + (NUMBER_MATCH if numbered else 0.0) + (ROW_VALUE_MATCH if value else 0.0)
        if any(_content_words(h) and _content_words(h) <= asked for h in group.path[:-1]):
            score += ANCESTOR_MATCH  # "… mục II *phụ lục*": the table under the appendix, not the body's
        if counts_units:
            score += UNIT_ITEMS if _names_units(group) else -UNIT_ITEMS
        choice = _Choice(group, parts, value, score, numbered or bool(value) or share >= 0.75)
        if best is None or choice.score > best.score:
            best = choice
    return best


@cache
def _counted_part_re() -> re.Pattern[str]:
    parts = "|".join(re.escape(p) for p in sorted(lexicon().countable_parts, key=len, reverse=True))
    return re.compile(rf"\b(?:may|bao nhieu)\s+(?:{parts})\b")


def _counts_parts(analysis: QuestionAnalysis) -> bool:
    """"mấy mục / mấy phòng, đơn vị / bao nhiêu nhiệm vụ", not "bao nhiêu tỷ đồng / mấy điểm"."""
    return _counted_part_re().search(analysis.folded) is not None


class CountingReader:
    """Counts the parts of the group the question names, in the documents retrieval ranked first."""

    name = "counting"

    def __init__(self, chunks_of: Callable[[str], Sequence[Chunk]]) -> None:
        self._chunks_of = chunks_of

    def read(self, analysis: QuestionAnalysis, hits: Sequence[Hit]) -> Draft | None:
        if analysis.answer_type != "number" or analysis.qword not in ("may", "bao nhieu") or not _counts_parts(analysis):
            return None
        documents: dict[str, Hit] = {}
        for hit in hits:
            documents.setdefault(hit.source, hit)
        best: tuple[_Choice, Hit] | None = None
        for hit in list(documents.values())[:MAX_DOCUMENTS]:
            choice = _choose(analysis, groups_of(self._chunks_of(hit.source)))
            if choice is not None and (best is None or choice.score > best[0].score):
                best = (choice, hit)
        if best is None:
            return None
        choice, top = best
        cited = [Hit(part[0], top.meta, top.score, top.rank, top.signals) for part in choice.parts]
        where = " › ".join(choice.group.path)
        which = ""
        if choice.value:
            column, cell = next(
                ((k, v) for k, v in choice.parts[0][0].fields.items() if fold(v).strip() == choice.value), ("", choice.value)
            )
            which = f", cột “{column}” là “{normalize_text(cell)}”" if column else f" có “{cell}”"
        titles = "; ".join(_part_title(p, choice.group) for p in choice.parts)
        noun = "dòng" if choice.group.rows else "mục"
        text = f"{COUNT_FRAME} {len(cited)} {noun} trong “{where}”{which}: {titles}"
        coverage = 1.0 if choice.certain else 0.6
        statement = Statement(text, cited[0], None, str(len(cited)), choice.score, coverage, 1.0, tuple(cited[1:]), framed=True)
        return Draft((statement,), "number")
