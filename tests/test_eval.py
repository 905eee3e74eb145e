"""Evaluation runner: metric arithmetic, the hit rule, and the CLI end to end on a fake assistant."""

from __future__ import annotations

import json
import math
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from khcn_qa.assistant import Assistant, DocumentInfo
from khcn_qa.errors import KhcnQaError
from khcn_qa.evaluation import metrics
from khcn_qa.evaluation.baseline import BaselineSystem, build_chunks, split_fixed
from khcn_qa.evaluation.calibration import calibrate_abstention
from khcn_qa.evaluation.cli import eval_command
from khcn_qa.evaluation.matching import comparable, is_relevant
from khcn_qa.evaluation.questions import load_questions
from khcn_qa.evaluation.runner import load_records, parse_modes, run_eval
from khcn_qa.records import Answer, Chunk, Citation, DocumentMeta, Hit
from khcn_qa.text.normalize import fold

# ---------------------------------------------------------------- metric arithmetic


def test_hit_rates_and_mrr_from_ranks():
    ranks = [1, 3, None, 2]
    rates = metrics.hit_rates(ranks)
    assert rates["hit@1"] == pytest.approx(0.25)
    assert rates["hit@5"] == pytest.approx(0.75)
    assert rates["hit@10"] == pytest.approx(0.75)
    assert rates["mrr@10"] == pytest.approx((1 + 1 / 3 + 0 + 1 / 2) / 4)


def test_reciprocal_rank_is_zero_beyond_ten():
    assert metrics.reciprocal_rank(11, 10) == 0.0
    assert metrics.reciprocal_rank(10, 10) == pytest.approx(0.1)


def test_first_relevant_rank_respects_depth():
    flags = [False, False, True, True]
    assert metrics.first_relevant_rank(flags) == 3
    assert metrics.first_relevant_rank(flags, k=2) is None


def test_ndcg_by_hand():
    # Relevant at ranks 2 and 4: DCG = 1/log2(3) + 1/log2(5); ideal puts 2 hits at ranks 1, 2.
    flags = [False, True, False, True, False]
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 / math.log2(2) + 1 / math.log2(3)
    assert metrics.ndcg_at_k(flags, 10) == pytest.approx(dcg / ideal)
    assert metrics.ndcg_at_k([True, True, False], 10) == pytest.approx(1.0)
    assert metrics.ndcg_at_k([False, False, True], 10) == pytest.approx(0.5)
    assert metrics.ndcg_at_k([False] * 5, 10) == 0.0
    # A relevant passage beyond k does not count.
    assert metrics.ndcg_at_k([False, False, True], 2) == 0.0


def test_percentiles_nearest_rank():
    values = [50.0, 10.0, 40.0, 20.0, 30.0, 100.0, 60.0, 90.0, 70.0, 80.0]
    assert metrics.percentile(values, 50) == 50.0
    assert metrics.percentile(values, 95) == 100.0
    assert metrics.percentile([7.0, 1.0, 3.0], 50) == 3.0
    # Nearest rank, not interpolation: always an observed value, rank ceil(p/100 * n).
    assert metrics.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.0
    assert metrics.percentile([1.0, 2.0, 3.0, 4.0, 5.0], 90) == 5.0
    assert metrics.percentile([], 50) is None
    with pytest.raises(ValueError):
        metrics.percentile(values, 0)


def test_abstention_precision_recall_on_known_confusion():
    # 3 abstentions, 2 of them on unanswerable questions; 4 unanswerable in all.
    abstained = [True, True, True, False, False, False, False]
    unanswerable = [True, True, False, True, True, False, False]
    scores = metrics.abstention_scores(abstained, unanswerable)
    assert scores["precision"] == pytest.approx(2 / 3)
    assert scores["recall"] == pytest.approx(2 / 4)
    assert scores["f1"] == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    undefined = metrics.abstention_scores([False, False], [False, False])
    assert undefined == {"precision": None, "recall": None, "f1": None}


def test_citation_precision_counts_answer_or_evidence():
    passages = ["Kinh phí 500 triệu đồng", "Sở **Tài chính** thẩm định", "không liên quan"]
    value = metrics.citation_precision(passages, ["500 triệu"], ["sở tài chính thẩm định"])
    assert value == pytest.approx(2 / 3)
    assert metrics.citation_precision([], ["x"], []) is None


def test_mean_skips_undefined():
    assert metrics.mean([True, None, False, 1.0]) == pytest.approx(2 / 3)
    assert metrics.mean([None]) is None


# ---------------------------------------------------------------- the hit rule


def test_match_is_case_whitespace_markup_and_unicode_insensitive():
    passage = unicodedata.normalize(
        "NFD", "**Sở  KHOA học**\n và <i>Công nghệ</i> chủ trì, phối hợp Sở Tài chính"
    )
    assert is_relevant("a.txt", passage, ["a.txt"], ["sở khoa học và công nghệ chủ trì"])
    # Old and new tone placement meet in the same form.
    assert is_relevant("a.txt", "Ứng dụng tại huyện Hoà Thành", ["a.txt"], ["hòa thành"])
    assert comparable("<b class='x'>A</b>\t\tB") == "a b"


def test_wrong_source_or_missing_evidence_is_not_a_hit():
    text = "Sở Khoa học và Công nghệ chủ trì"
    assert not is_relevant("b.txt", text, ["a.txt"], ["sở khoa học và công nghệ"])
    assert not is_relevant("a.txt", text, ["a.txt"], ["Sở Tài chính"])
    # Diacritics are part of the key: an unaccented evidence string does not match.
    assert not is_relevant("a.txt", text, ["a.txt"], ["so khoa hoc va cong nghe"])
    assert not is_relevant("a.txt", text, [], [])


def test_answer_correct_uses_same_normalisation():
    assert metrics.answer_correct("Kinh phí: **500  triệu** đồng [1]", ["500 triệu đồng"])
    assert not metrics.answer_correct("Kinh phí: 300 triệu đồng", ["500 triệu đồng"])


def test_strict_accuracy_ignores_values_that_only_sit_in_a_quote():
    quoted_only = "50 cơ sở — “Đã kiểm định 163 phương tiện đo của 50 cơ sở.” [1]."
    assert metrics.answer_correct(quoted_only, ["163 phương tiện đo"])  # lenient: anywhere
    assert not metrics.answer_stated(quoted_only, ["163 phương tiện đo"])  # strict: not said
    assert metrics.answer_stated("163 phương tiện đo [1].", ["163 phương tiện đo"])
    assert metrics.answer_stated('Theo Báo cáo: 163 phương tiện đo [1]. "50 cơ sở" [2].', ["163"])


def test_strict_yes_no_needs_the_verdict_first():
    assert metrics.answer_stated("Không, Sở Khoa học và Công nghệ chủ trì [1].", ["Không"])
    assert metrics.answer_stated("Theo Kế hoạch 2502/KH-UBND (2023): Có, Chi cục thực hiện [1].", ["Có"])
    assert not metrics.answer_stated("Sở Y tế không chủ trì nhiệm vụ này [1].", ["Không"])
    assert not metrics.answer_stated("Có, Sở Y tế chủ trì [1].", ["Không"])
    # An abstention opens with "Không tìm thấy …": it states no verdict (a test asserting "Không"
    # on an answer that abstained would otherwise pass).
    assert not metrics.answer_stated("Không tìm thấy thông tin này trong các văn bản đã nạp.", ["Không"])
    assert metrics.answer_stated("Có. Sở Y tế chủ trì [1].", ["Có"])


# ---------------------------------------------------------------- question file


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
    )
    return path


def test_malformed_line_reports_its_number(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a", "question": "x?", "type": "fact"}\n{not json}\n', encoding="utf-8")
    with pytest.raises(KhcnQaError, match="dòng 2"):
        load_questions(path)
    path.write_text('{"id": "a", "type": "fact"}\n', encoding="utf-8")
    with pytest.raises(KhcnQaError, match="dòng 1.*question"):
        load_questions(path)
    path.write_text(
        '{"id": "a", "question": "x", "type": "fact", "sources": "a.txt"}\n', encoding="utf-8"
    )
    with pytest.raises(KhcnQaError, match="sources"):
        load_questions(path)


def test_missing_file_and_unknown_mode_raise(tmp_path):
    with pytest.raises(KhcnQaError, match="Không tìm thấy"):
        load_questions(tmp_path / "nope.jsonl")
    with pytest.raises(KhcnQaError, match="sparse"):
        parse_modes("bm25,sparse")
    assert parse_modes("hybrid, BM25,hybrid") == ["hybrid", "bm25"]


# ---------------------------------------------------------------- fake system under test

QUESTIONS = [
    {
        "id": "q1",
        "question": "Ai chủ trì nhiệm vụ đổi mới sáng tạo?",
        "type": "who",
        "sources": ["a.txt"],
        "evidence": ["Sở Khoa học và Công nghệ chủ trì"],
        "answers": ["Sở Khoa học và Công nghệ"],
        "diacritics": True,
    },
    {
        "id": "q2",
        "question": "kinh phi du an la bao nhieu",
        "type": "amount",
        "sources": ["b.txt"],
        "evidence": ["500 triệu đồng"],
        "answers": ["500 triệu"],
        "diacritics": False,
    },
    {
        "id": "q3",
        "question": "Những huyện nào tham gia?",
        "type": "list",
        "sources": ["b.txt"],
        "evidence": ["Hòa Thành, Gò Dầu"],
        "answers": ["Hòa Thành"],
        "diacritics": True,
    },
    {
        "id": "q4",
        "question": "Giá vàng hôm nay?",
        "type": "unanswerable",
        "sources": [],
        "evidence": [],
        "answers": [],
    },
]


def _hit(source: str, text: str, rank: int, ordinal: int = 0) -> Hit:
    chunk = Chunk(source=source, ordinal=ordinal, text=text, section=("II. NỘI DUNG",))
    return Hit(chunk=chunk, meta=DocumentMeta(source=source), score=1.0 / rank, rank=rank)


NOISE = [_hit("c.txt", f"đoạn không liên quan {i}", i + 1, i) for i in range(10)]
RANKINGS = {
    # q1 first hit at rank 1, q2 at rank 3 (a matching text from the wrong file sits at rank 1), q3 none.
    "Ai chủ trì nhiệm vụ đổi mới sáng tạo?": [
        _hit("a.txt", "**Sở Khoa học và Công nghệ** chủ trì", 1)
    ]
    + NOISE[1:],
    "kinh phi du an la bao nhieu": [
        _hit("c.txt", "500 triệu đồng", 1),
        NOISE[1],
        _hit("b.txt", "Kinh phí 500  triệu đồng", 3),
    ]
    + NOISE[3:],
    "Những huyện nào tham gia?": NOISE,
    "Giá vàng hôm nay?": NOISE,
}
ANSWERS = {
    "Ai chủ trì nhiệm vụ đổi mới sáng tạo?": (
        "Sở Khoa học và Công nghệ chủ trì [1].",
        False,
        0.9,
        [0, 1],
    ),
    "kinh phi du an la bao nhieu": ("Kinh phí là 300 triệu đồng [1].", False, 0.6, [1]),
    # Abstained, yet the text names the answer: abstaining is never a correct answer.
    "Những huyện nào tham gia?": (
        "Không chắc chắn; đoạn gần nhất nhắc tới Hòa Thành.",
        True,
        0.2,
        [],
    ),
    "Giá vàng hôm nay?": ("Không tìm thấy thông tin trong tài liệu.", True, 0.3, []),
}


class FakeAssistant:
    """Hand-made hits and answers, identical in every mode."""

    def __init__(self, documents: list[str] | None = None) -> None:
        self.calls: list[tuple[str, str, int]] = []
        self._documents = documents or []

    def search(self, query, top_k=10, mode="hybrid", filters=None):
        self.calls.append(("search", mode, top_k))
        return RANKINGS[query][:top_k]

    def ask(self, question, top_k=8, mode="hybrid", filters=None, abstain_below=None):
        self.calls.append(("ask", mode, top_k))
        text, abstained, confidence, cited = ANSWERS[question]
        hits = RANKINGS[question]
        citations = tuple(Citation(marker=i + 1, hit=hits[j]) for i, j in enumerate(cited))
        return Answer(
            question=question,
            text=text,
            citations=citations,
            abstained=abstained,
            confidence=confidence,
        )

    def documents(self):
        return [DocumentInfo(DocumentMeta(source=s), "0" * 64, 1, "") for s in self._documents]


EXPECTED = {
    "n": 4,
    "n_answerable": 3,
    "n_unanswerable": 1,
    "hit@1": 1 / 3,
    "hit@5": 2 / 3,
    "hit@10": 2 / 3,
    "mrr@10": (1 + 1 / 3 + 0) / 3,
    "ndcg@10": (1 + 0.5 + 0) / 3,
    "answer_accuracy": 1 / 3,
    "overall_accuracy": 2 / 4,
    "citation_precision": (0.5 + 0.0) / 2,
    "abstention_precision": 1 / 2,
    "abstention_recall": 1.0,
}


@pytest.fixture
def question_file(tmp_path) -> Path:
    return _write_jsonl(tmp_path / "questions.jsonl", QUESTIONS)


def test_run_eval_metrics_on_fake_assistant(question_file):
    fake = FakeAssistant()
    result = run_eval(question_file, "idx", "bm25,hybrid", top_k=4, progress=False, assistant=fake)
    summary = result.metrics()["summary"]
    for mode in ("bm25", "hybrid"):
        for key, value in EXPECTED.items():
            assert summary[mode][key] == pytest.approx(value), (mode, key)
        assert 0 < summary[mode]["search_ms_p50"] <= summary[mode]["search_ms_p95"]
    # Retrieval is measured at depth 10 even with a smaller top_k; ask gets top_k.
    assert ("search", "bm25", 10) in fake.calls
    assert ("ask", "hybrid", 4) in fake.calls
    q2 = next(r for r in result.records_for("bm25") if r.id == "q2")
    assert q2.rank == 3 and q2.correct is False and q2.top[0]["source"] == "c.txt"
    assert [c["source"] for c in q2.cited] == ["c.txt"]  # what the answer cited, kept per question
    assert result.metrics()["by_diacritics"]["bm25"]["no"]["hit@5"] == pytest.approx(1.0)
    assert result.metrics()["by_type"]["bm25"]["list"]["hit@10"] == pytest.approx(0.0)


def test_calibration_by_hand(question_file):
    result = run_eval(question_file, "idx", "hybrid", progress=False, assistant=FakeAssistant())
    calibration = calibrate_abstention(result.records)
    # Confidences: answered right 0.9, answered wrong 0.6, abstained 0.2 (answerable), 0.3 (unanswerable).
    # Abstaining below 0.45 abstains on 0.2 and 0.3: P=1/2, R=1, F1=2/3 — the best F1.
    assert calibration["threshold"] == pytest.approx(0.45)
    assert calibration["f1"] == pytest.approx(2 / 3)
    assert calibration["accuracy"] == pytest.approx(0.5)
    assert calibration["criterion"] == "abstention_f1"
    assert calibration["threshold_by_accuracy"] == pytest.approx(0.45)
    assert calibrate_abstention(result.records, mode="dense")["threshold"] is None


def test_calibration_without_unanswerable_uses_accuracy_and_lowest_tie():
    rows = [
        {
            "mode": "hybrid",
            "confidence": 0.3,
            "answerable": True,
            "correct": False,
            "abstained": False,
        },
        {
            "mode": "hybrid",
            "confidence": 0.9,
            "answerable": True,
            "correct": True,
            "abstained": False,
        },
        {
            "mode": "bm25",
            "confidence": 0.1,
            "answerable": False,
            "correct": True,
            "abstained": True,
        },
    ]
    calibration = calibrate_abstention(rows)
    # Abstaining on the wrong answer (t=0.6) does not raise accuracy (1/2 either way): keep the lower t.
    assert calibration["criterion"] == "accuracy"
    assert calibration["threshold"] == pytest.approx(0.3)
    assert calibration["accuracy"] == pytest.approx(0.5)


def _install_fake(monkeypatch, fake: FakeAssistant) -> None:
    monkeypatch.setattr(Assistant, "open", classmethod(lambda cls, index_dir, **kw: fake))


def test_cli_writes_report_and_exits_zero_with_low_scores(question_file, tmp_path, monkeypatch):
    _install_fake(monkeypatch, FakeAssistant())
    out = tmp_path / "report"
    args = [
        "--questions",
        str(question_file),
        "--index",
        str(tmp_path),
        "--modes",
        "bm25,dense,hybrid",
    ]
    result = CliRunner().invoke(eval_command, [*args, "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "hit@1" in result.output and "0.333" in result.output and "0.4500" in result.output
    for name in ("report.md", "metrics.json", "per_question.jsonl", "modes.png"):
        assert (out / name).is_file(), name
    assert (out / "modes.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    data = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert data["modes"] == ["bm25", "dense", "hybrid"]
    for key, value in EXPECTED.items():
        assert data["summary"]["dense"][key] == pytest.approx(value), key
    lines = (out / "per_question.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 * 4
    assert load_records(out / "per_question.jsonl")[1].rank == 3
    report = (out / "report.md").read_text(encoding="utf-8")
    assert (
        "Suggested abstention threshold" in report and "| hit@1 | 0.333 | 0.333 | 0.333 |" in report
    )
    assert "**q3**" in report and "**q1**" not in report  # q1 is hit at rank 1 and answered right


def test_cli_json_prints_metrics(question_file, tmp_path, monkeypatch):
    _install_fake(monkeypatch, FakeAssistant())
    args = [
        "--questions",
        str(question_file),
        "--modes",
        "hybrid",
        "--json",
        "--out",
        str(tmp_path / "r"),
    ]
    result = CliRunner().invoke(eval_command, [*args, "--no-progress"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"]["hybrid"]["mrr@10"] == pytest.approx(EXPECTED["mrr@10"])
    assert data["calibration"]["threshold"] == pytest.approx(0.45)


def test_cli_calibrate_prints_threshold(question_file, tmp_path, monkeypatch):
    _install_fake(monkeypatch, FakeAssistant())
    args = [
        "--questions",
        str(question_file),
        "--calibrate",
        "--index",
        str(tmp_path / "idx"),
        "--out",
        str(tmp_path / "r"),
        "--no-progress",
    ]
    result = CliRunner().invoke(eval_command, args)
    assert result.exit_code == 0, result.output
    assert "0.4500" in result.stdout and "hit@1" not in result.stdout
    # The threshold is stored where ``ask`` reads it, not printed for someone to copy by hand.
    from khcn_qa.answer.calibration import load_calibration

    stored = load_calibration(tmp_path / "idx")
    assert stored.origin == "index" and stored.abstain_below == pytest.approx(0.45) and stored.split == "dev"


def test_cli_fails_on_malformed_file_and_unknown_mode(tmp_path, monkeypatch):
    _install_fake(monkeypatch, FakeAssistant())
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(QUESTIONS[0], ensure_ascii=False) + "\n{oops\n", encoding="utf-8")
    out = ["--out", str(tmp_path / "r"), "--no-progress"]
    result = CliRunner().invoke(eval_command, ["--questions", str(bad), "--modes", "bm25", *out])
    assert result.exit_code != 0
    assert isinstance(result.exception, KhcnQaError) and "dòng 2" in str(result.exception)
    good = _write_jsonl(tmp_path / "good.jsonl", QUESTIONS)
    result = CliRunner().invoke(
        eval_command, ["--questions", str(good), "--modes", "bm25,magic", *out]
    )
    assert result.exit_code != 0 and isinstance(result.exception, KhcnQaError)
    result = CliRunner().invoke(eval_command, ["--questions", str(tmp_path / "none.jsonl"), *out])
    assert result.exit_code != 0 and isinstance(result.exception, KhcnQaError)
    assert not (tmp_path / "r").exists()


# ---------------------------------------------------------------- baseline


class HashEmbedder:
    """Bag of folded words hashed into 512 dims, L2-normalised: offline and deterministic."""

    def __init__(self) -> None:
        self.passage_calls = 0

    def _embed(self, texts):
        matrix = np.zeros((len(texts), 512), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in fold(text).split():
                matrix[row, sum(map(ord, word)) * 7919 % 512] += 1.0
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1, norms)

    def embed_passages(self, texts):
        self.passage_calls += 1
        return self._embed(texts)

    def embed_queries(self, texts):
        return self._embed(texts)


def test_split_fixed_uses_1000_chars_with_overlap():
    text = " ".join(f"tu{i:04d}" for i in range(600))  # 4,199 characters, no newlines
    pieces = split_fixed(text)
    assert len(pieces) >= 5 and all(len(p) <= 1000 for p in pieces)
    assert pieces[0][-150:] in pieces[1]  # consecutive windows share ~200 characters


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    filler = "Nội dung chung về kế hoạch khoa học công nghệ năm nay. " * 30
    (folder / "a.txt").write_text(
        filler + "\nSở Khoa học và Công nghệ chủ trì nhiệm vụ đổi mới sáng tạo.", encoding="utf-8"
    )
    (folder / "b.txt").write_text("Kinh phí dự án là 500 triệu đồng.\n" + filler, encoding="utf-8")
    return folder


def test_baseline_search_finds_the_right_file(corpus):
    chunks = build_chunks([corpus / "a.txt", corpus / "b.txt"])
    assert {c.source for c in chunks} == {"a.txt", "b.txt"}
    system = BaselineSystem(chunks, HashEmbedder())
    hits = system.search("kinh phí dự án 500 triệu đồng", top_k=3)
    assert [h.rank for h in hits] == [1, 2, 3]
    assert hits[0].source == "b.txt" and "500 triệu" in hits[0].text
    assert system.ask("x") is None


def test_run_eval_baseline_mode(corpus, question_file):
    embedder = HashEmbedder()
    fake = FakeAssistant(documents=["a.txt", "b.txt", "gone.txt"])

    def composer(question, hits):
        return Answer(
            question=question,
            text=hits[0].text,
            citations=(Citation(1, hits[0]),),
            abstained=False,
            confidence=0.5,
        )

    result = run_eval(
        question_file,
        "idx",
        "baseline",
        progress=False,
        assistant=fake,
        corpus_dir=corpus,
        embedder=embedder,
        composer=composer,
    )
    assert embedder.passage_calls == 1  # embedded once for the whole run
    q1 = result.records_for("baseline")[0]
    assert q1.hit_at_10 is True and q1.answer is not None
    assert "gone.txt" in result.notes["baseline"]
    skipped = run_eval(
        question_file,
        "idx",
        "baseline",
        progress=False,
        assistant=fake,
        corpus_dir=corpus,
        embedder=embedder,
        composer=None,
    )
    assert all(r.answer is None and r.ask_ms is None for r in skipped.records)
    assert skipped.metrics()["summary"]["baseline"]["answer_accuracy"] is None
    assert "compose_answer" in skipped.notes["baseline"]


def test_baseline_reuses_the_assistants_embedder(corpus, question_file):
    fake = FakeAssistant(documents=["a.txt", "b.txt"])
    fake.embedder = HashEmbedder()
    result = run_eval(
        question_file,
        "idx",
        "baseline",
        progress=False,
        assistant=fake,
        corpus_dir=corpus,
        composer=None,
    )
    assert fake.embedder.passage_calls == 1
    assert result.records_for("baseline")[1].rank == 1  # "500 triệu đồng" in b.txt's first chunk
