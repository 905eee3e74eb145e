"""Numbered parts a question names: "mục II.9", "nhiệm vụ số 14", "nội dung công việc số 12 trong phụ lục".

A question that points at a part by its number shares few words with it
("Mục II.11 đề ra những giải pháp gì?"), so retrieval ranks it low or not at
all; the document's structure finds it instead. A chunk's number path is the
leading numbers of its section headings ("II. CÁC NHIỆM VỤ" > "9. Tăng cường
…" is II.9; "2.1 Mục tiêu …" is 2.1) and, for a table row, its row number
under the table's heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from khcn_qa.records import Chunk
from khcn_qa.text.normalize import fold

# "mục II.9", "mục 4.2.1": a dotted path names its levels.
_DOTTED_RE = re.compile(r"\b(?:muc|tieu muc|phan|noi dung|(dong|tt|stt))\s+((?:[ivx]{1,4}|\d{1,2})(?:\s*\.\s*\d{1,2})+)\b(?!\s*[/-])")
# "nhiệm vụ số 14", "nội dung công việc số 12", "mục 14", "STT 3": one number, not a year or a date;
# "đạt mức 40%" is a level, "Chương trình 71-CTr/TU" a code.
_SINGLE_RE = re.compile(
    r"(?<!\bdat )\b(?:muc|tieu muc|nhiem vu|noi dung(?:\s+cong viec)?|cong viec|giai phap|stt)\s+(?:so\s+)?(?:thu tu\s+)?"
    r"(\d{1,2})\b(?!\s*[./-]\s*\d|\s*[%/-])"
)
_APPENDIX_RE = re.compile(r"\bphu luc\b")
# "II.", "9.", "2.1 Mục tiêu" (a dotted number may end in a space), "Phần I -"; never "vi phạm".
_LEADING_NUMBER_RE = re.compile(r"^\s*(?:muc\s+|phan\s+)?(\d{1,2}(?:\.\d{1,2})+(?=\s)|(?:[ivx]{1,4}|\d{1,2})(?:\.\d{1,2})*(?=[.):]|\s+[-–]))")


@dataclass(frozen=True)
class NumberedPart:
    """The number path a question names and whether it names the appendix."""

    path: tuple[str, ...]
    in_appendix: bool
    span: tuple[int, int]
    """Where the question names it ("mục II.11"): words that point at a part, not a topic to cover."""

    def holds(self, chunk: Chunk) -> bool:
        """True when ``chunk`` sits in the part the question numbers (its first chunk comes first)."""
        appendix = any(_APPENDIX_RE.search(fold(h)) for h in chunk.section) or chunk.kind == "table_row"
        if self.in_appendix != appendix:
            return False
        levels = [n for heading in chunk.section if (n := heading_number(heading))]
        if chunk.kind == "table_row" and chunk.row_id and re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*", chunk.row_id):
            levels.append(tuple(chunk.row_id.split(".")))  # "TT 3.2" is row 3.2
        for take in range(1, min(3, len(levels)) + 1):
            tail = [part for level in levels[len(levels) - take :] for part in level]
            if self.path in (tuple(tail), _merged(tail)):
                return True
        return False


@lru_cache(maxsize=4096)
def heading_number(heading: str) -> tuple[str, ...]:
    """The number a heading opens with, split at dots: "2.1 Mục tiêu" → ("2", "1"); "" → ()."""
    match = _LEADING_NUMBER_RE.match(" ".join(fold(heading).split()))
    return tuple(match.group(1).split(".")) if match else ()


def _merged(parts: list[str]) -> tuple[str, ...]:
    """"2" then "2.1" is 2.1, not 2.2.1: a level repeating its parent's number is not a new level."""
    for size in range(1, len(parts)):
        if parts[:size] == parts[size : 2 * size]:
            return tuple(parts[size:])
    return tuple(parts)


def numbered_part(folded_question: str) -> NumberedPart | None:
    """The part a question names by number, or None ("mục III" alone is too broad to move a passage)."""
    appendix = bool(_APPENDIX_RE.search(folded_question))
    if dotted := _DOTTED_RE.search(folded_question):
        # "dòng 3.2" names a table row, which lives in an appendix whether the question says so or not.
        path = tuple(re.split(r"\s*\.\s*", dotted.group(2)))
        return NumberedPart(path, appendix or dotted.group(1) is not None, dotted.span())
    if single := _SINGLE_RE.search(folded_question):
        return NumberedPart((single.group(1),), appendix, single.span())
    return None
