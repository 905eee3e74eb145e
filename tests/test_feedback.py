import json
import sqlite3

import pytest
from click.testing import CliRunner

from khcn_qa.feedback import SCHEMA_VERSION, FeedbackStore, eval_candidate
from khcn_qa.records import Answer, Chunk, Citation, DocumentMeta, Hit
from khcn_qa.ui.commands import export_command


def make_answer(abstained: bool = False) -> Answer:
    text = "Trung tâm Ứng dụng KH&CN chủ trì truy xuất nguồn gốc."
    hit = Hit(
        chunk=Chunk(source="tay-ninh.txt", ordinal=4, text=text),
        meta=DocumentMeta(source="tay-ninh.txt", title="Kế hoạch 2024"),
        score=0.9,
    )
    citations = () if abstained else (Citation(marker=1, hit=hit, span=(0, 25)),)
    return Answer(
        question="Ai chủ trì?",
        text="Không tìm thấy." if abstained else "Trung tâm Ứng dụng KH&CN [1].",
        citations=citations,
        abstained=abstained,
        confidence=0.8,
    )


def test_add_rows_round_trip(tmp_path):
    store = FeedbackStore(tmp_path / "feedback.sqlite")
    first = store.add("Ai chủ trì?", make_answer(), 1, "  đúng  ")
    second = store.add("Câu khác?", make_answer(abstained=True), -1, None)
    rows = store.rows()
    assert [r["id"] for r in rows] == [first, second]
    assert rows[0]["rating"] == 1 and rows[0]["comment"] == "đúng"
    assert rows[0]["answer"] == "Trung tâm Ứng dụng KH&CN [1]."
    assert rows[0]["citations"][0]["supporting_text"] == "Trung tâm Ứng dụng KH&CN "
    assert rows[1]["abstained"] is True and rows[1]["citations"] == []


def test_update_changes_rating_and_comment(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    row_id = store.add("q", make_answer(), 1)
    assert store.update(row_id, rating=-1, comment="sai người ký")
    assert store.rows()[0]["rating"] == -1 and store.rows()[0]["comment"] == "sai người ký"
    assert not store.update(row_id)


def test_rating_must_be_plus_or_minus_one(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    with pytest.raises(ValueError, match="rating"):
        store.add("q", make_answer(), 0)


def test_schema_version_and_wal(tmp_path):
    path = tmp_path / "f.sqlite"
    FeedbackStore(path)
    FeedbackStore(path)  # reopening applies nothing twice
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "f.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(RuntimeError, match="upgrade"):
        FeedbackStore(path)


def test_export_jsonl_in_eval_format(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    store.add("Ai chủ trì?", make_answer(), -1, "thiếu đơn vị phối hợp")
    out = tmp_path / "out" / "candidates.jsonl"
    assert store.export_jsonl(out) == 1
    (line,) = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record == {
        "id": "fb001",
        "question": "Ai chủ trì?",
        "type": "unknown",
        "sources": ["tay-ninh.txt"],
        "evidence": ["Trung tâm Ứng dụng KH&CN "],
        "answers": [],
        "rating": -1,
        "comment": "thiếu đơn vị phối hợp",
        "answer": "Trung tâm Ứng dụng KH&CN [1].",
    }


def test_eval_candidate_falls_back_to_passage_text():
    row = {
        "id": 7,
        "question": "q",
        "rating": 1,
        "comment": None,
        "answer": "a",
        "citations": [
            {"source": "x.txt", "supporting_text": None, "text": "đoạn"},
            {"source": "x.txt", "supporting_text": "đoạn", "text": "đoạn"},
        ],
    }
    candidate = eval_candidate(row)
    assert candidate["id"] == "fb007" and candidate["sources"] == ["x.txt"]
    assert candidate["evidence"] == ["đoạn"]


def test_export_command(tmp_path):
    index = tmp_path / "index"
    FeedbackStore(index / "feedback.sqlite").add("q", make_answer(), 1)
    out = tmp_path / "c.jsonl"
    result = CliRunner().invoke(export_command, ["--index", str(index), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Đã xuất 1 góp ý" in result.output and out.is_file()
    missing = CliRunner().invoke(export_command, ["--index", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "chưa có góp ý" in missing.output
