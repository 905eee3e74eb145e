"""The evaluation question file: one JSON object per line.

Evaluators edit this file by hand, so a bad line must be reported with its
line number and what is wrong, in Vietnamese, instead of a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from khcn_qa.errors import KhcnQaError

UNANSWERABLE = "unanswerable"
_LIST_FIELDS = ("sources", "evidence", "answers")


@dataclass(frozen=True)
class Question:
    """One evaluation question with what counts as finding and answering it."""

    id: str
    question: str
    type: str
    sources: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    diacritics: bool = True
    paraphrase: bool = False
    note: str = ""
    split: str = "dev"
    """``dev`` (tuned on) or ``test`` (held out: written before the code it tests)."""
    form: str = "other"
    """Question form: the question word (``ai``, ``x_nao``, ``bao_nhieu``, ``co_khong`` …)."""
    head: str = ""
    """For ``x_nao``: the head noun X of "X nào"."""
    position: str = ""
    """Where the question word sits: ``start``, ``middle``, ``end``."""

    @property
    def answerable(self) -> bool:
        """False for questions whose right behaviour is to abstain."""
        return self.type != UNANSWERABLE


def _string_list(obj: dict[str, object], key: str, where: str) -> tuple[str, ...]:
    value = obj.get(key, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KhcnQaError(f"{where}: trường '{key}' phải là danh sách chuỗi")
    return tuple(v for v in value if v.strip())


def _required_string(obj: dict[str, object], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise KhcnQaError(f"{where}: thiếu trường '{key}' (chuỗi không rỗng)")
    return value.strip()


def _question_id(obj: dict[str, object], where: str) -> str:
    raw = obj.get("id")
    if isinstance(raw, bool) or not isinstance(raw, str | int) or not str(raw).strip():
        raise KhcnQaError(f"{where}: thiếu trường 'id'")
    return str(raw).strip()


def parse_question(obj: object, where: str) -> Question:
    """Validate one decoded line; ``where`` (``file:line``) prefixes every error."""
    if not isinstance(obj, dict):
        raise KhcnQaError(f"{where}: mỗi dòng phải là một đối tượng JSON")
    lists = {key: _string_list(obj, key, where) for key in _LIST_FIELDS}
    return Question(
        id=_question_id(obj, where),
        question=_required_string(obj, "question", where),
        type=_required_string(obj, "type", where),
        sources=lists["sources"],
        evidence=lists["evidence"],
        answers=lists["answers"],
        diacritics=bool(obj.get("diacritics", True)),
        paraphrase=bool(obj.get("paraphrase", False)),
        note=str(obj.get("note") or ""),
        split=str(obj.get("split") or "dev"),
        form=str(obj.get("form") or "other"),
        head=str(obj.get("head") or ""),
        position=str(obj.get("position") or ""),
    )


def load_questions(path: str | Path) -> list[Question]:
    """Read a JSONL question file; blank lines and ``#`` comment lines are skipped."""
    path = Path(path)
    if not path.is_file():
        raise KhcnQaError(f"Không tìm thấy tệp câu hỏi: {path} (dùng --questions để chỉ đường dẫn)")
    questions: list[Question] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path.name} dòng {number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise KhcnQaError(f"{where}: JSON không hợp lệ ({exc.msg})") from exc
        question = parse_question(obj, where)
        if question.id in seen:
            raise KhcnQaError(f"{where}: id '{question.id}' bị trùng")
        seen.add(question.id)
        questions.append(question)
    if not questions:
        raise KhcnQaError(f"Tệp câu hỏi rỗng: {path}")
    return questions
