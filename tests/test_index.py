"""The index folder: incremental ingest, removal, atomic publication, locking, manifest checks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from khcn_qa import Assistant
from khcn_qa.embedding.hashing import HASH_MODEL
from khcn_qa.errors import IndexError_
from khcn_qa.index import layout

FAKE_ENV = {"KHCN_QA_EMBED_MODEL": HASH_MODEL}  # child processes embed with the hash fake
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DOC_A = "1. Văn phòng Sở\n- Tham mưu tổ chức hội nghị tổng kết công tác khoa học năm 2025 (quý IV/2025).\n"
DOC_B = "I. NHIỆM VỤ\n1. Chi cục Tiêu chuẩn Đo lường Chất lượng\n- Kiểm định 500 phương tiện đo điện tử.\n"


@pytest.fixture
def embedder(fake_embedder):
    """Index mechanics do not depend on vector quality: the hash embedder."""
    return fake_embedder


@pytest.fixture(scope="module")
def real_embedder():
    from khcn_qa.embedding import load_embedder

    return load_embedder()


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ingest_adds_skips_replaces_and_removes(tmp_path, embedder, monkeypatch):
    monkeypatch.setattr(layout, "GRACE_S", 0.0)  # no reader to wait for here
    docs = tmp_path / "docs"
    a, b = write(docs, "a.txt", DOC_A), write(docs, "b.txt", DOC_B)
    index = tmp_path / "index"
    assistant = Assistant.open(index, corpus_dir=docs, embedder=embedder)
    assert sorted(d.meta.source for d in assistant.documents()) == ["a.txt", "b.txt"]
    first = assistant.status().generation

    report = assistant.ingest([a, b])
    assert report.skipped == ["a.txt", "b.txt"] and not report.added
    assert assistant.status().generation == first  # nothing changed, nothing rewritten

    write(docs, "b.txt", DOC_B.replace("500", "750"))
    report = assistant.ingest([docs])
    assert report.replaced == ["b.txt"] and report.skipped == ["a.txt"]
    hits = assistant.search("kiểm định bao nhiêu phương tiện đo", top_k=1, mode="bm25")
    assert "750" in hits[0].text
    manifest = json.loads((index / layout.current_name(index) / "manifest.json").read_text())
    assert set(manifest["documents"]) == {"a.txt", "b.txt"} and manifest["model_id"] == embedder.model_id

    assert assistant.remove("a.txt") is True
    assert assistant.remove("a.txt") is False
    assert [d.meta.source for d in assistant.documents()] == ["b.txt"]
    assert len(list(index.glob("gen-*"))) <= 2  # old generations are collected


def test_bad_files_are_reported_and_the_rest_still_go_in(tmp_path, embedder):
    docs = tmp_path / "docs"
    good = write(docs, "good.txt", DOC_A)
    empty = write(docs, "empty.txt", "")
    binary = docs / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    unknown = write(docs, "notes.xyz", "x")
    corrupt = docs / "broken.docx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    index = tmp_path / "index"
    from khcn_qa.index import builder

    report = builder.ingest(index, [good, empty, binary, unknown, corrupt], embedder)
    assert report.added == ["good.txt"]
    assert set(report.failed) == {"empty.txt", "binary.txt", "notes.xyz", "broken.docx"}
    assert all(reason for reason in report.failed.values())
    assistant = Assistant(index, embedder)
    assert [d.meta.source for d in assistant.documents()] == ["good.txt"]


def test_index_built_for_another_model_is_refused(tmp_path, embedder):
    docs = tmp_path / "docs"
    write(docs, "a.txt", DOC_A)
    index = tmp_path / "index"
    Assistant.open(index, corpus_dir=docs, embedder=embedder)
    manifest_path = index / layout.current_name(index) / "manifest.json"
    data = json.loads(manifest_path.read_text())
    data["model_id"] = "bkai-foundation-models/vietnamese-bi-encoder"
    manifest_path.write_text(json.dumps(data))
    with pytest.raises(IndexError_, match="--rebuild"):
        Assistant.open(index, embedder=embedder)


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "khcn_qa", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})},
    )  # fmt: skip


def _many_docs(folder: Path, count: int) -> Path:
    text = (CORPUS / "tay-ninh-skhcn-ke-hoach-2022.txt").read_text(encoding="utf-8")
    for i in range(count):
        write(folder, f"ban-sao-{i:02d}.txt", text.replace("năm 2022", f"năm {2030 + i}"))
    return folder


@pytest.mark.parametrize("kill_when", ["embedding", "publishing"])
def test_killed_ingest_leaves_the_previous_index_usable(tmp_path, request, kill_when):
    # Killing mid-embedding needs the real model (the fake embeds in milliseconds).
    embedder = request.getfixturevalue("real_embedder" if kill_when == "embedding" else "fake_embedder")
    env = None if kill_when == "embedding" else dict(FAKE_ENV)
    docs = tmp_path / "docs"
    write(docs, "a.txt", DOC_A)
    index = tmp_path / "index"
    Assistant.open(index, corpus_dir=docs, embedder=embedder)
    before = layout.current_name(index)
    count = 6 if kill_when == "publishing" else 48  # embedding still under way at 15 s on a fast machine
    extra = _many_docs(tmp_path / "extra", count)

    process = _cli("ingest", str(extra), "--index", str(index), env=env)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        if kill_when == "publishing" and any(index.glob(".tmp-gen-*")):
            break
        if kill_when == "embedding" and (index / layout.LOCK).exists() and time.monotonic() > deadline - 225:
            break
        time.sleep(0.005)
    if process.poll() is not None:
        pytest.skip("ingest finished before it could be killed")  # pragma: no cover - timing
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert layout.current_name(index) == before
    assistant = Assistant.open(index, embedder=embedder)
    assert [d.meta.source for d in assistant.documents()] == ["a.txt"]
    assert assistant.search("hội nghị tổng kết", top_k=1)[0].source == "a.txt"
    report = assistant.ingest([extra])  # the next ingest cleans up and completes
    assert len(report.added) == count and not list(index.glob(".tmp-gen-*"))


def test_two_ingests_at_once_are_serialised(tmp_path, embedder):
    docs = tmp_path / "docs"
    write(docs, "a.txt", DOC_A)
    index = tmp_path / "index"
    Assistant.open(index, corpus_dir=docs, embedder=embedder)
    first = _cli("ingest", str(_many_docs(tmp_path / "one", 3)), "--index", str(index), env=FAKE_ENV)
    second = _cli("ingest", str(write(tmp_path / "two", "b.txt", DOC_B)), "--index", str(index), env=FAKE_ENV)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert second.wait(timeout=300) == 0, second.stderr.read()
    names = {d.meta.source for d in Assistant.open(index, embedder=embedder).documents()}
    assert names == {"a.txt", "b.txt", "ban-sao-00.txt", "ban-sao-01.txt", "ban-sao-02.txt"}


def test_refresh_sees_another_process_publish(tmp_path, embedder):
    docs = tmp_path / "docs"
    write(docs, "a.txt", DOC_A)
    index = tmp_path / "index"
    reader = Assistant.open(index, corpus_dir=docs, embedder=embedder)
    writer = Assistant(index, embedder)
    writer.ingest([write(tmp_path / "more", "b.txt", DOC_B)])
    assert reader.refresh() is True and reader.refresh() is False
    assert {d.meta.source for d in reader.documents()} == {"a.txt", "b.txt"}


def test_new_documents_are_embedded_in_one_batch(tmp_path):
    from khcn_qa.embedding.hashing import HashEmbedder
    from khcn_qa.index import builder

    docs = tmp_path / "docs"
    paths = [write(docs, "a.txt", DOC_A), write(docs, "b.txt", DOC_B)]
    embedder = HashEmbedder()
    report = builder.ingest(tmp_path / "index", paths, embedder)
    assert embedder.passage_calls == 1 and report.embedded == report.chunks > 0
    assert report.chunks_per_second > 0
    assert builder.ingest(tmp_path / "index", paths, embedder).embedded == 0  # unchanged: nothing embedded


def test_the_model_is_got_ready_while_parsing_only_when_something_will_be_embedded(tmp_path):
    """The background load starts at the first new document; an unchanged re-ingest loads nothing."""
    from khcn_qa import config
    from khcn_qa.embedding.hashing import HashEmbedder
    from khcn_qa.embedding.lazy import LazyEmbedder
    from khcn_qa.index import builder

    loads: list[str] = []

    def loader(name: str, engine: object) -> HashEmbedder:
        loads.append(name)
        return HashEmbedder(model_id=name)

    docs = tmp_path / "docs"
    paths = [write(docs, "a.txt", DOC_A), write(docs, "b.txt", DOC_B)]
    assert builder.ingest(tmp_path / "index", paths, LazyEmbedder(HASH_MODEL, config.EmbedEngine.AUTO, loader)).added
    assert loads == [HASH_MODEL]
    lazy = LazyEmbedder(HASH_MODEL, config.EmbedEngine.AUTO, loader)
    assert builder.ingest(tmp_path / "index", paths, lazy).skipped == ["a.txt", "b.txt"]
    assert loads == [HASH_MODEL] and not lazy.is_loaded


def test_vectors_of_another_space_are_refused(tmp_path, embedder):
    from khcn_qa.embedding.hashing import HashEmbedder

    docs = tmp_path / "docs"
    write(docs, "a.txt", DOC_A)
    index = tmp_path / "index"
    Assistant.open(index, corpus_dir=docs, embedder=embedder)
    other = HashEmbedder(model_id=embedder.model_id, dim=32)  # same name, other weights
    with pytest.raises(IndexError_, match="--rebuild"):
        Assistant(index, other)
    manifest_path = index / layout.current_name(index) / "manifest.json"
    data = json.loads(manifest_path.read_text())
    assert data["engine"] == "hash" and data["precision"] == "fp32"
    data["precision"] = "int8"  # a quantised engine's vectors are not comparable
    manifest_path.write_text(json.dumps(data))
    with pytest.raises(IndexError_, match="int8"):
        Assistant.open(index, embedder=embedder)
    from khcn_qa.index import builder

    with pytest.raises(IndexError_, match="--rebuild"):
        builder.ingest(index, [write(tmp_path / "more", "b.txt", DOC_B)], embedder)
    assert builder.ingest(index, [docs], embedder, rebuild=True).added == ["a.txt"]
