"""Run every question through every mode and collect per-question records.

Retrieval is measured from an explicit ``search`` call and answering from a
separate ``ask`` call (whose latency includes its own search), both timed with
``time.perf_counter``. One untimed warm-up search per mode keeps lazy model
loading out of the latency percentiles.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from tqdm import tqdm

from khcn_qa.errors import KhcnQaError
from khcn_qa.evaluation import baseline as baseline_mod
from khcn_qa.evaluation import metrics
from khcn_qa.evaluation.calibration import calibrate_abstention
from khcn_qa.evaluation.matching import relevance_flags
from khcn_qa.evaluation.questions import Question, load_questions
from khcn_qa.evaluation.results import (
    QuestionRecord,
    breakdown,
    by_diacritics,
    by_form,
    by_split,
    by_type,
    summarize,
)
from khcn_qa.records import Answer, Hit

ASSISTANT_MODES = ("bm25", "dense", "hybrid")
ALL_MODES = (*ASSISTANT_MODES, baseline_mod.BASELINE_MODE)
METRIC_DEPTH = 10
SNIPPET_CHARS = 160

DEFINITIONS = {
    "hit": "passage from a listed source containing an evidence string (match_key, whitespace and markup insensitive)",
    "hit@k": "share of answerable questions whose first hit is within the first k passages of search()",
    "mrr@10": "mean of 1/rank of the first hit, 0 beyond rank 10",
    "ndcg@10": "binary nDCG; ideal DCG puts the hits retrieved in the top 10 at ranks 1..R",
    "answer_accuracy": "strict: answerable questions answered (not abstained) whose text STATES an acceptable answer outside quoted passages (yes/no: a statement opens with Có/Không)",
    "answer_accuracy_lenient": "answerable questions answered with an acceptable answer string anywhere in the text, quotes included",
    "overall_accuracy": "answer_accuracy over answerable plus abstention on unanswerable, over all questions",
    "citation_precision": "per answered question, share of citations whose passage holds an answer or evidence string; mean",
    "abstention": "positive class = abstained; precision over abstentions, recall over unanswerable questions",
    "latency": "milliseconds, nearest-rank p50/p95; ask latency includes its own search",
}


class System(Protocol):
    """What the runner needs from the Assistant (or the baseline)."""

    def search(self, query: str, top_k: int = 10, mode: str = "hybrid") -> list[Hit]:
        """Ranked passages."""
        ...

    def ask(self, question: str, top_k: int = 8, mode: str = "hybrid", **options: Any) -> Answer | None:
        """An answer, or None when the system cannot compose one."""
        ...


@dataclass
class EvalResult:
    """Everything one evaluation run produced; the report is written from it."""

    questions_path: str
    index_dir: str
    modes: list[str]
    top_k: int
    records: list[QuestionRecord]
    notes: dict[str, str] = field(default_factory=dict)
    started_at: str = field(default_factory=lambda: datetime.now().isoformat(timespec="seconds"))
    split: str = "all"

    def records_for(self, mode: str) -> list[QuestionRecord]:
        """The records of one mode, in question-file order."""
        return [r for r in self.records if r.mode == mode]

    def calibration(self) -> dict[str, object]:
        """Suggested abstention threshold from hybrid mode (else the first mode run)."""
        mode = "hybrid" if "hybrid" in self.modes else self.modes[0]
        return calibrate_abstention(self.records, mode=mode)

    def metrics(self) -> dict[str, object]:
        """The content of ``metrics.json``."""
        return {
            "generated_at": self.started_at,
            "questions_file": self.questions_path,
            "split": self.split,
            "index_dir": self.index_dir,
            "top_k": self.top_k,
            "search_depth": max(self.top_k, METRIC_DEPTH),
            "n_questions": len(self.records_for(self.modes[0])) if self.modes else 0,
            "modes": list(self.modes),
            "summary": {m: summarize(self.records_for(m)) for m in self.modes},
            "by_type": {m: breakdown(self.records_for(m), by_type) for m in self.modes},
            "by_diacritics": {m: breakdown(self.records_for(m), by_diacritics) for m in self.modes},
            "by_split": {m: breakdown(self.records_for(m), by_split) for m in self.modes},
            "by_form": {m: breakdown(self.records_for(m), by_form) for m in self.modes},
            "calibration": self.calibration(),
            "notes": dict(self.notes),
            "definitions": DEFINITIONS,
        }


def parse_modes(modes: str | Sequence[str]) -> list[str]:
    """Validate a comma list or sequence of modes, keeping order and dropping repeats."""
    names = modes.split(",") if isinstance(modes, str) else list(modes)
    result: list[str] = []
    for name in (n.strip().lower() for n in names):
        if not name:
            continue
        if name not in ALL_MODES:
            raise KhcnQaError(f"Chế độ không hợp lệ: '{name}' (chọn trong: {', '.join(ALL_MODES)})")
        if name not in result:
            result.append(name)
    if not result:
        raise KhcnQaError(f"Chưa chọn chế độ nào (chọn trong: {', '.join(ALL_MODES)})")
    return result


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1] + "…"


def _top_rows(hits: Sequence[Hit], flags: Sequence[bool] | None) -> tuple[dict[str, object], ...]:
    return tuple(
        {
            "rank": i + 1,
            "source": hit.source,
            "section": hit.section,
            "snippet": _snippet(hit.text),
            "relevant": bool(flags[i]) if flags is not None else None,
        }
        for i, hit in enumerate(hits[:3])
    )


def _answer_fields(question: Question, answer: Answer | None) -> dict[str, Any]:
    if answer is None:
        return {
            "answer": None,
            "abstained": None,
            "confidence": None,
            "correct": None,
            "correct_lenient": None,
            "citation_precision": None,
            "cited": (),
        }
    correct: bool | None
    lenient: bool | None
    precision: float | None = None
    if not question.answerable:
        correct = lenient = answer.abstained
    elif not question.answers:
        correct = lenient = None
    else:
        correct = not answer.abstained and metrics.answer_stated(answer.text, question.answers)
        lenient = not answer.abstained and metrics.answer_correct(answer.text, question.answers)
    if question.answerable and not answer.abstained:
        passages = [c.hit.text for c in answer.citations]
        precision = metrics.citation_precision(passages, question.answers, question.evidence)
    cited = tuple(
        {
            "marker": c.marker,
            "source": c.hit.source,
            "section": c.hit.section,
            "snippet": _snippet(c.hit.text),
        }
        for c in answer.citations
    )
    return {
        "cited": cited,
        "answer": answer.text,
        "abstained": bool(answer.abstained),
        "confidence": float(answer.confidence),
        "correct": correct,
        "correct_lenient": lenient,
        "citation_precision": precision,
    }


def evaluate_question(
    system: System, mode: str, question: Question, top_k: int, ask_options: dict[str, Any] | None = None
) -> QuestionRecord:
    """Search (timed), judge the ranking, ask (timed), judge the answer."""
    system_mode = "hybrid" if mode == baseline_mod.BASELINE_MODE else mode
    start = time.perf_counter()
    hits = list(system.search(question.question, top_k=max(top_k, METRIC_DEPTH), mode=system_mode))
    search_ms = (time.perf_counter() - start) * 1000
    judged = bool(question.answerable and (question.sources or question.evidence))
    flags = relevance_flags(hits, question.sources, question.evidence) if judged else None
    rank = metrics.first_relevant_rank(flags, METRIC_DEPTH) if flags is not None else None
    start = time.perf_counter()
    answer = system.ask(question.question, top_k=top_k, mode=system_mode, **(ask_options or {}))
    ask_ms = (time.perf_counter() - start) * 1000
    return QuestionRecord(
        id=question.id,
        mode=mode,
        type=question.type,
        question=question.question,
        diacritics=question.diacritics,
        paraphrase=question.paraphrase,
        answerable=question.answerable,
        expected_sources=question.sources,
        expected_evidence=question.evidence,
        expected_answers=question.answers,
        rank=rank,
        hit_at_1=metrics.hit_at_k(rank, 1) if judged else None,
        hit_at_5=metrics.hit_at_k(rank, 5) if judged else None,
        hit_at_10=metrics.hit_at_k(rank, 10) if judged else None,
        rr=metrics.reciprocal_rank(rank, METRIC_DEPTH) if judged else None,
        ndcg=metrics.ndcg_at_k(flags, METRIC_DEPTH) if flags is not None else None,
        search_ms=search_ms,
        ask_ms=ask_ms if answer is not None else None,
        top=_top_rows(hits, flags),
        split=question.split,
        form=question.form,
        **_answer_fields(question, answer),
    )


def _open_assistant(index_dir: Path) -> Any:
    from khcn_qa.assistant import Assistant

    return Assistant.open(index_dir)


def _indexed_sources(assistant: Any, corpus_dir: Path) -> list[str]:
    """File names the index holds; the corpus folder listing when the index cannot say."""
    try:
        return [info.meta.source for info in assistant.documents()]
    except (AttributeError, NotImplementedError):
        from khcn_qa.config import LIMITS

        return [
            p.name for p in sorted(corpus_dir.iterdir()) if p.suffix.lower() in LIMITS.extensions
        ]


def _assistant_embedder(assistant: Any) -> baseline_mod.Embedder | None:
    """The model the index was built with, when the Assistant exposes it (no second load)."""
    embedder = getattr(assistant, "embedder", None)
    has_methods = hasattr(embedder, "embed_passages") and hasattr(embedder, "embed_queries")
    return embedder if has_methods else None


def build_baseline(
    assistant: Any,
    corpus_dir: Path,
    embedder: baseline_mod.Embedder | None = None,
    composer: baseline_mod.Composer | Literal["auto"] | None = "auto",
) -> tuple[baseline_mod.BaselineSystem, list[str]]:
    """The baseline over the indexed files; returns it and notes for the report.

    ``composer="auto"`` means "the package's composer if importable"; pass a
    callable to inject one, or ``None`` to skip baseline answers.
    """
    if not corpus_dir.is_dir():
        raise KhcnQaError(f"Không tìm thấy thư mục kho văn bản cho baseline: {corpus_dir}")
    paths, missing = baseline_mod.corpus_files(_indexed_sources(assistant, corpus_dir), corpus_dir)
    notes: list[str] = []
    if missing:
        notes.append(f"không tìm thấy trong {corpus_dir}: {', '.join(missing)}")
    if composer == "auto":
        composer = baseline_mod.load_default_composer()
    if composer is None:
        notes.append("không có khcn_qa.answer.compose_answer: bỏ qua chỉ số trả lời")
    if embedder is None:
        embedder = _assistant_embedder(assistant) or baseline_mod.load_default_embedder()
    system = baseline_mod.BaselineSystem.from_files(paths, embedder, composer)
    return system, notes


def run_eval(
    questions_path: str | Path,
    index_dir: str | Path,
    modes: str | Sequence[str] = ALL_MODES,
    top_k: int = 10,
    progress: bool = True,
    *,
    assistant: Any | None = None,
    corpus_dir: str | Path | None = None,
    embedder: baseline_mod.Embedder | None = None,
    composer: baseline_mod.Composer | Literal["auto"] | None = "auto",
    split: str | None = None,
    abstain_below: float | None = None,
) -> EvalResult:
    """Evaluate ``modes`` on the question file; ``assistant`` defaults to ``Assistant.open(index_dir)``.

    ``abstain_below`` overrides the assistant's threshold (calibration runs
    pass 0, so every would-be answer and its confidence is recorded).
    ``split`` keeps the questions of one split (``dev``, ``test``; ``all`` or
    ``None`` for every question). ``corpus_dir``, ``embedder`` and ``composer`` only matter for the baseline
    (defaults: ``$KHCN_QA_CORPUS``/``corpus``, the index's embedding model,
    the package's answer composer).
    """
    if top_k < 1:
        raise KhcnQaError(f"--top-k phải ≥ 1 (nhận {top_k})")
    mode_list = parse_modes(modes)
    questions = load_questions(questions_path)
    if split not in (None, "all"):
        questions = [q for q in questions if q.split == split]
        if not questions:
            raise KhcnQaError(f"Tệp câu hỏi không có câu nào thuộc phần '{split}' (dev, test hoặc all)")
    assistant = assistant if assistant is not None else _open_assistant(Path(index_dir))
    systems: dict[str, System] = {m: assistant for m in mode_list}
    notes: dict[str, str] = {}
    if baseline_mod.BASELINE_MODE in mode_list:
        from khcn_qa.config import default_corpus_dir

        corpus = Path(corpus_dir) if corpus_dir is not None else default_corpus_dir()
        system, baseline_notes = build_baseline(assistant, corpus, embedder, composer)
        systems[baseline_mod.BASELINE_MODE] = system
        if baseline_notes:
            notes[baseline_mod.BASELINE_MODE] = "; ".join(baseline_notes)
    records: list[QuestionRecord] = []
    with tqdm(
        total=len(mode_list) * len(questions), file=sys.stderr, disable=not progress, unit="câu"
    ) as bar:
        for mode in mode_list:
            bar.set_description(mode)
            _warm_up(systems[mode], mode, questions[0])
            for question in questions:
                options = {"abstain_below": abstain_below} if abstain_below is not None and systems[mode] is assistant else None
                records.append(evaluate_question(systems[mode], mode, question, top_k, options))
                bar.update(1)
    return EvalResult(str(questions_path), str(index_dir), mode_list, top_k, records, notes, split=split or "all")


def _warm_up(system: System, mode: str, question: Question) -> None:
    """One untimed search so lazy loading does not land in the first latency."""
    system_mode = "hybrid" if mode == baseline_mod.BASELINE_MODE else mode
    system.search(question.question, top_k=1, mode=system_mode)


def load_records(path: str | Path) -> list[QuestionRecord]:
    """Read ``per_question.jsonl`` back (for re-calibrating without re-running)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [QuestionRecord.from_dict(json.loads(line)) for line in lines if line.strip()]
