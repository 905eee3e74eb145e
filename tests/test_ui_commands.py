"""``khcn-qa serve`` builds the right Streamlit command without starting it."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from khcn_qa.ui import commands
from khcn_qa.ui.session import app_index_dir


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
    server, script = argv[3 : argv.index("--")], argv[argv.index("--") + 1 :]
    flags = dict(zip(server[::2], server[1::2], strict=True))
    assert flags["--server.port"] == "8765" and flags["--server.address"] == "0.0.0.0"
    assert flags["--server.headless"] == "true" and flags["--browser.gatherUsageStats"] == "false"
    assert script == ["--index", str(index.resolve())]
    assert os.environ["KHCN_QA_INDEX"] == "unchanged"  # the folder travels as an argument
    assert app_index_dir(script, Path("index")) == index.resolve()
    assert app_index_dir([], Path("index")) == Path("index")
    for _ in range(100):  # the preload runs in a background thread
        if preloads:
            break
        time.sleep(0.01)
    assert preloads == [index.resolve()]


def test_missing_app_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(commands.khcn_qa, "__file__", str(tmp_path / "pkg" / "__init__.py"))
    result = CliRunner().invoke(commands.serve_command, [])
    assert result.exit_code == 1 and "không tìm thấy giao diện" in result.output
