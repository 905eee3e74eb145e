"""Staff feedback on answers (👍/👎 + comment), kept next to the index in SQLite.

Each row keeps the question, the answer text and its citations as JSON, so a
thumbs-down can later become an eval question: :meth:`FeedbackStore.export_jsonl`
writes rows in the eval-set format with the cited sources and supporting
text as evidence, ready for a person to fill in the expected answers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from khcn_qa.records import Answer

FEEDBACK_DB_NAME = "feedback.sqlite"


def _migration_1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            question TEXT NOT NULL,
            answer TEXT NOT NULL,
            abstained INTEGER NOT NULL,
            citations_json TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
            comment TEXT
        )
        """
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migration_1,)
"""Numbered schema changes: ``MIGRATIONS[n - 1]`` moves ``user_version`` n-1 → n."""

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations the database lacks; return the resulting schema version."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > SCHEMA_VERSION:
        raise RuntimeError(
            f"feedback database has schema {current}, this khcn-qa knows up to "
            f"{SCHEMA_VERSION}; upgrade khcn-qa"
        )
    for version in range(current + 1, SCHEMA_VERSION + 1):
        with conn:
            MIGRATIONS[version - 1](conn)
            conn.execute(f"PRAGMA user_version = {version}")
    return SCHEMA_VERSION


def _check_rating(rating: int) -> int:
    if rating not in (-1, 1):
        raise ValueError(f"rating must be +1 or -1, got {rating!r}")
    return rating


class FeedbackStore:
    """One SQLite file of feedback rows; every call opens its own short connection.

    Short connections keep the store safe to share between Streamlit sessions
    (threads) and the CLI (another process); WAL lets readers run meanwhile.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            migrate(conn)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.db_path, timeout=10)
        conn.row_factory = sqlite3.Row
        try:
            yield conn
        finally:
            conn.close()

    def add(self, question: str, answer: Answer, rating: int, comment: str | None = None) -> int:
        """Store one rating (+1 / -1) with an optional comment; return the row id."""
        citations = [citation.to_dict() for citation in answer.citations]
        row = (
            datetime.now(UTC).isoformat(timespec="seconds"),
            question,
            answer.text,
            int(answer.abstained),
            json.dumps(citations, ensure_ascii=False),
            _check_rating(rating),
            comment.strip() if comment and comment.strip() else None,
        )
        with self._connect() as conn, conn:
            cursor = conn.execute(
                "INSERT INTO feedback (created_at, question, answer, abstained, citations_json,"
                " rating, comment) VALUES (?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cursor.lastrowid or 0)

    def update(self, row_id: int, *, rating: int | None = None, comment: str | None = None) -> bool:
        """Change the rating and/or comment of a row (the user changed their mind)."""
        changes: dict[str, object] = {}
        if rating is not None:
            changes["rating"] = _check_rating(rating)
        if comment is not None:
            changes["comment"] = comment.strip() or None
        if not changes:
            return False
        assignments = ", ".join(f"{column} = ?" for column in changes)
        with self._connect() as conn, conn:
            cursor = conn.execute(
                f"UPDATE feedback SET {assignments} WHERE id = ?", (*changes.values(), row_id)
            )
            return cursor.rowcount > 0

    def rows(self) -> list[dict]:
        """All rows, oldest first, with ``citations`` decoded from JSON."""
        with self._connect() as conn:
            records = conn.execute("SELECT * FROM feedback ORDER BY id").fetchall()
        result = []
        for record in records:
            row = dict(record)
            row["abstained"] = bool(row["abstained"])
            row["citations"] = json.loads(row.pop("citations_json"))
            result.append(row)
        return result

    def export_jsonl(self, path: Path) -> int:
        """Write every row as an eval-question candidate (one JSON per line); return the count."""
        rows = self.rows()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(eval_candidate(row), ensure_ascii=False) + "\n")
        return len(rows)


def eval_candidate(row: dict) -> dict:
    """One feedback row in the eval question format; ``answers`` stays empty for a person."""
    sources: list[str] = []
    evidence: list[str] = []
    for citation in row["citations"]:
        if citation["source"] not in sources:
            sources.append(citation["source"])
        text = citation.get("supporting_text") or citation.get("text")
        if text and text not in evidence:
            evidence.append(text)
    return {
        "id": f"fb{row['id']:03d}",
        "question": row["question"],
        "type": "unknown",
        "sources": sources,
        "evidence": evidence,
        "answers": [],
        "rating": row["rating"],
        "comment": row["comment"],
        "answer": row["answer"],
    }


def feedback_db_path(index_dir: Path) -> Path:
    """Where an index folder keeps its feedback: ``<index_dir>/feedback.sqlite``."""
    return Path(index_dir) / FEEDBACK_DB_NAME
