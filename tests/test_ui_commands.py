"""``khcn-qa serve`` builds the right Streamlit command without starting it."""

from __future__ import annotations

import os
import sys
import time

from click.testing import CliRunner

from khcn_qa.ui import commands


def test_serve_runs_streamlit_with_index_env_and_preloads(monkeypatch, tmp_path):
    from streamlit.web import cli as streamlit_cli

    runs, preloads = [], []
    monkeypatch.setattr(streamlit_cli, "main", lambda: runs.append(list(sys.argv)))
    monkeypatch.setattr(commands, "_preload", lambda index: preloads.append(index))
    monkeypatch.setattr(sys, "argv", ["khcn-qa"])
    monkeypatch.setenv("KHCN_QA_INDEX", "unchanged")
    index = tmp_path / "idx"
    index.mkdir()
    (index / "CURRENT").write_text("gen-x", encoding="utf-8")  # an explicit --index must hold an index
    result = CliRunner().invoke(
        commands.serve_command, ["--port", "8765", "--host", "0.0.0.0", "--index", str(index)]
    )
    assert result.exit_code == 0, result.output
    (argv,) = runs
    assert argv[:2] == ["streamlit", "run"]
    assert argv[2] == str(commands.app_path()) and argv[2].endswith("app.py")
    flags = dict(zip(argv[3::2], argv[4::2], strict=True))
    assert flags["--server.port"] == "8765" and flags["--server.address"] == "0.0.0.0"
    assert flags["--server.headless"] == "true" and flags["--browser.gatherUsageStats"] == "false"
    assert os.environ["KHCN_QA_INDEX"] == str(index.resolve())
    for _ in range(100):  # the preload runs in a background thread
        if preloads:
            break
        time.sleep(0.01)
    assert preloads == [index.resolve()]


def test_missing_app_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(commands.khcn_qa, "__file__", str(tmp_path / "pkg" / "__init__.py"))
    result = CliRunner().invoke(commands.serve_command, [])
    assert result.exit_code == 1 and "không tìm thấy giao diện" in result.output
