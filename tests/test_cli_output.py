"""What staff read from the CLI: Vietnamese usage errors and help, the list table, cut passages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import HashEmbedder, use_hash_model

from khcn_qa.cli import cli
from khcn_qa.cli_output import cut
from khcn_qa.index import builder

ROOT = Path(__file__).resolve().parent.parent
DOC = (
    "UBND TỈNH TÂY NINH\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 12/KH-SKHCN\nTây Ninh, ngày 05 tháng 3 năm 2024\n"
    "KẾ HOẠCH\nPhát triển khoa học năm 2024\nI. NHIỆM VỤ\n1. Văn phòng Sở\n"
    "- Tổ chức hội nghị tổng kết công tác khoa học và công nghệ của toàn tỉnh trong năm 2024.\n"
)


def run_cli(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "khcn_qa", *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize(
    "args",
    [["ask", "--mode", "x", "câu hỏi"], ["ask", "--top-k"], ["lenh-la"], ["search", "a", "b"], ["ask", "--year", "abc", "q"]],
)
def test_usage_errors_are_one_vietnamese_line(args):
    result = run_cli(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: ")
    for english in ("Invalid value", "Error:", "Usage:", "No such", "requires", "Got unexpected"):
        assert english not in result.stderr


def test_help_is_vietnamese_and_every_option_has_help():
    for command in ("ask", "search", "ingest", "list", "remove", "serve", "chunks"):
        text = CliRunner().invoke(cli, [command, "--help"]).output
        assert "Show this message" not in text and "Cách dùng:" in text and "Tùy chọn:" in text
        options = [line for line in text.splitlines() if line.strip().startswith("-")]
        assert all(len(line.split("  ")) > 1 and line.split("  ")[-1].strip() for line in options), text


@pytest.fixture
def small_index(tmp_path, monkeypatch):
    use_hash_model(monkeypatch)
    (tmp_path / "kh.txt").write_text(DOC, encoding="utf-8")
    index = tmp_path / "index"
    builder.ingest(index, [tmp_path / "kh.txt"], HashEmbedder())
    return index


def test_list_has_a_header_and_vietnamese_dates(small_index):
    lines = CliRunner().invoke(cli, ["list", "--index", str(small_index)]).stdout.splitlines()
    assert lines[0].split() == ["Tệp", "Loại", "Số", "ký", "hiệu", "Ngày", "Tỉnh", "Số", "đoạn"]
    assert "05/03/2024" in lines[1] and "2024-03-05" not in lines[1]


def test_search_output_starts_with_the_first_hit(small_index):
    out = CliRunner().invoke(cli, ["search", "hội nghị tổng kết", "--mode", "bm25", "--index", str(small_index)]).stdout
    assert out.startswith("1. ")


def test_cut_ends_at_a_word_with_an_ellipsis():
    text = "Tổ chức hội nghị tổng kết công tác khoa học và công nghệ"
    assert cut(text, 100) == text
    short = cut(text, 30)
    assert short.endswith("…") and len(short) <= 30
    assert text.startswith(short[:-1]) and text[len(short) - 1] == " "
