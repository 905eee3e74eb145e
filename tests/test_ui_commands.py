"""``khcn-qa serve`` builds the right Streamlit command without starting it."""

from __future__ import annotations

import sys

from click.testing import CliRunner

from khcn_qa.ui import commands


def test_serve_execs_streamlit_with_index_env(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(commands.os, "execve", lambda *args: calls.append(args))
    index = tmp_path / "idx"
    result = CliRunner().invoke(
        commands.serve_command, ["--port", "8765", "--host", "0.0.0.0", "--index", str(index)]
    )
    assert result.exit_code == 0, result.output
    ((program, argv, env),) = calls
    assert program == sys.executable and argv[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert argv[4] == str(commands.app_path()) and argv[4].endswith("app.py")
    flags = dict(zip(argv[5::2], argv[6::2], strict=True))
    assert flags["--server.port"] == "8765" and flags["--server.address"] == "0.0.0.0"
    assert flags["--server.headless"] == "true" and flags["--browser.gatherUsageStats"] == "false"
    assert env["KHCN_QA_INDEX"] == str(index.resolve())


def test_missing_app_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(commands.khcn_qa, "__file__", str(tmp_path / "pkg" / "__init__.py"))
    result = CliRunner().invoke(commands.serve_command, [])
    assert result.exit_code == 1 and "không tìm thấy giao diện" in result.output
