"""The chunk store: documents and chunks of one generation in SQLite.

Plain tables with JSON columns, written once per generation and read whole
at open (a few hundred thousand rows fit in memory and make filtering and
display free of further I/O).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from khcn_qa.records import Chunk, DocumentMeta

SCHEMA = """
CREATE TABLE documents (
    source TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    meta TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    n_chunks INTEGER NOT NULL
);
CREATE TABLE chunks (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL REFERENCES documents(source),
    ordinal INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    section TEXT NOT NULL,
    unit TEXT,
    fields TEXT NOT NULL,
    page INTEGER,
    row_id TEXT,
    tokens TEXT NOT NULL
);
CREATE INDEX chunks_source ON chunks(source, ordinal);
"""


@dataclass(frozen=True)
class StoredDocument:
    """A document row: metadata, content hash and when it went in."""

    meta: DocumentMeta
    sha256: str
    ingested_at: str
    n_chunks: int
    origin: str | None = None
    """Absolute path the document was read from (kept in the manifest, not in SQLite)."""


def write_store(
    path: Path, documents: Sequence[StoredDocument], chunks: Sequence[Chunk], tokens: Sequence[list[str]]
) -> None:
    """Write a new store; chunk ``i`` gets id ``i`` (its row in the vector matrix).

    BM25 tokens are stored so a later ingest rebuilds BM25 without re-running pyvi.
    """
    connection = sqlite3.connect(path)
    try:
        connection.executescript(SCHEMA)
        connection.executemany(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?)",
            [
                (d.meta.source, d.sha256, json.dumps(d.meta.to_dict(), ensure_ascii=False), d.ingested_at, d.n_chunks)
                for d in documents
            ],
        )
        connection.executemany(
            "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    i, c.source, c.ordinal, c.kind, c.text,
                    json.dumps(list(c.section), ensure_ascii=False), c.unit,
                    json.dumps(dict(c.fields), ensure_ascii=False), c.page, c.row_id, " ".join(t),
                )  # fmt: skip
                for i, (c, t) in enumerate(zip(chunks, tokens, strict=True))
            ],
        )
        connection.commit()
    finally:
        connection.close()


def read_store(path: Path) -> tuple[list[StoredDocument], list[Chunk]]:
    """Read every document and chunk (chunks ordered by id)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        documents = [
            StoredDocument(DocumentMeta(**json.loads(meta)), sha, at, n)
            for _, sha, meta, at, n in connection.execute("SELECT * FROM documents ORDER BY source")
        ]
        chunks = [
            Chunk(
                source=source,
                ordinal=ordinal,
                kind=kind,
                text=text,
                section=tuple(json.loads(section)),
                unit=unit,
                fields=json.loads(fields),
                page=page,
                row_id=row_id,
            )
            for source, ordinal, kind, text, section, unit, fields, page, row_id in connection.execute(
                "SELECT source, ordinal, kind, text, section, unit, fields, page, row_id FROM chunks ORDER BY id"
            )
        ]
    finally:
        connection.close()
    return documents, chunks


def read_tokens(path: Path) -> list[list[str]]:
    """BM25 tokens of every chunk, in id order."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [row[0].split() for row in connection.execute("SELECT tokens FROM chunks ORDER BY id")]
    finally:
        connection.close()
