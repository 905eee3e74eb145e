"""Items 5 and 9: limits by passages, a waiting ingest says so, Ctrl-C cancels, exit codes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import HASH_MODEL, HashEmbedder, use_hash_model

from khcn_qa import config
from khcn_qa.cli import cli
from khcn_qa.errors import IndexError_
from khcn_qa.index import builder, layout

ROOT = Path(__file__).resolve().parent.parent
DOC = "I. NHIỆM VỤ\n" + "".join(f"{i}. Phòng số {i}\nViệc {i} của kế hoạch năm nay.\n" for i in range(1, 40))


@pytest.fixture
def fake_model(monkeypatch):
    use_hash_model(monkeypatch)


def test_a_file_beyond_the_passage_limit_is_refused_with_an_estimate(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "LIMITS", config.Limits(max_passages_per_file=10))
    monkeypatch.setattr("khcn_qa.index.planning.LIMITS", config.LIMITS)
    big = tmp_path / "lon.txt"
    big.write_text(DOC, encoding="utf-8")
    small = tmp_path / "nho.txt"
    small.write_text("1. Văn phòng Sở\n- Một việc.\n", encoding="utf-8")
    report = builder.ingest(tmp_path / "index", [big, small], HashEmbedder())
    assert report.added == ["nho.txt"]
    assert "vượt giới hạn 10 đoạn mỗi tệp" in report.failed["lon.txt"] and "giây" in report.failed["lon.txt"]


def test_an_ingest_beyond_its_passage_budget_defers_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr("khcn_qa.index.planning.LIMITS", config.Limits(max_passages_per_ingest=60))
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(DOC.replace("Việc", name), encoding="utf-8")
    report = builder.ingest(tmp_path / "index", [tmp_path / "a.txt", tmp_path / "b.txt"], HashEmbedder())
    assert report.added == ["a.txt"] and "mỗi lần nạp" in report.failed["b.txt"]


def test_a_huge_text_file_is_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr("khcn_qa.index.planning.LIMITS", config.Limits(max_text_bytes=1000))
    (tmp_path / "lon.txt").write_text(DOC * 5, encoding="utf-8")
    report = builder.ingest(tmp_path / "index", [tmp_path / "lon.txt"], HashEmbedder())
    assert "vượt giới hạn" in report.failed["lon.txt"]


def test_long_embedding_is_announced_up_front(tmp_path, monkeypatch):
    monkeypatch.setattr("khcn_qa.index.builder.LONG_EMBEDDING_S", 1.0)
    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    said: list[str] = []
    builder.ingest(tmp_path / "index", [tmp_path / "a.txt"], HashEmbedder(), notify=said.append)
    assert said and "Cần nhúng" in said[0] and "ước tính" in said[0]


def test_a_waiting_ingest_says_whom_it_waits_for(tmp_path):
    index = tmp_path / "index"
    said: list[str] = []
    failures: list[BaseException] = []

    def second() -> None:
        try:
            with layout.writer_lock(index, timeout_s=0.6, notify=said.append):
                pass
        except IndexError_ as error:
            failures.append(error)

    with layout.writer_lock(index):
        thread = threading.Thread(target=second)
        thread.start()
        thread.join()
    assert said and "Đang chờ" in said[0] and str(os.getpid()) in said[0]
    assert failures and str(os.getpid()) in str(failures[0])


def test_ctrl_c_during_embedding_cancels_cleanly(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(DOC, encoding="utf-8")
    index = tmp_path / "index"
    builder.ingest(index, [docs], HashEmbedder())
    before = layout.current_name(index)
    (docs / "b.txt").write_text(DOC.replace("Việc", "Nhiệm vụ"), encoding="utf-8")
    marker = tmp_path / "embedding"
    script = (
        # A child started from a background job inherits SIGINT ignored; Ctrl+C must reach it as typed.
        "import signal; signal.signal(signal.SIGINT, signal.default_int_handler);"
        "import sys, khcn_qa.embedding.embedder, fakes;"
        f"khcn_qa.embedding.embedder.load_embedder = lambda *a, **k: fakes.SlowEmbedder({str(marker)!r});"
        "from khcn_qa.cli import main; main()"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests")]), KHCN_QA_EMBED_MODEL=HASH_MODEL)
    process = subprocess.Popen(
        [sys.executable, "-c", script, "ingest", str(docs), "--index", str(index)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Đã dừng" in stderr and "Traceback" not in stderr
    assert layout.current_name(index) == before and not list(index.glob(".tmp-gen-*"))
    with layout.writer_lock(index, timeout_s=1):  # the lock was released
        pass


def test_cli_exits_non_zero_when_any_file_failed(tmp_path, fake_model):
    good = tmp_path / "good.txt"
    good.write_text(DOC, encoding="utf-8")
    bad = tmp_path / "sheet.xlsx"
    bad.write_bytes(b"PK\x03\x04")
    result = CliRunner().invoke(cli, ["ingest", str(bad), str(good), "--index", str(tmp_path / "index")])
    assert result.exit_code == 1
    assert "Thêm mới: good.txt" in result.stdout
    assert "Tổng kết: 1 thêm mới" in result.stderr and "1 lỗi" in result.stderr


def test_cli_refuses_an_empty_folder(tmp_path, fake_model):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["ingest", str(empty), "--index", str(tmp_path / "index")])
    assert result.exit_code != 0 and "Không có tệp nào" in str(result.exception or "") + result.output
    assert not (tmp_path / "index" / layout.CURRENT).exists()
