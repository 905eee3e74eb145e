"""Issue 11: a removed document stays removed; a missing --index is an error, not a build."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from fakes import HashEmbedder, use_hash_model

from khcn_qa import Assistant
from khcn_qa.cli import cli
from khcn_qa.index import builder, layout
from khcn_qa.ui.uploads import save_and_ingest

DOC = "I. NHIỆM VỤ\n1. Văn phòng Sở\n- Tổ chức hội nghị {what} năm 2025.\n"


@pytest.fixture
def fake_model(monkeypatch):
    use_hash_model(monkeypatch)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(DOC.format(what=name), encoding="utf-8")
    return folder


def names(index):
    return sorted(d.meta.source for d in Assistant(index, HashEmbedder()).documents())


def test_removed_corpus_document_does_not_return_after_rebuild(tmp_path, corpus, fake_model):
    index = tmp_path / "index"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(corpus), "--index", str(index)]).exit_code == 0
    removed = runner.invoke(cli, ["remove", "a.txt", "--index", str(index)])
    assert removed.exit_code == 0 and "giữ nguyên" in removed.stdout
    rebuilt = runner.invoke(cli, ["ingest", str(corpus), "--index", str(index), "--rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "Bỏ qua: a.txt đã bị gỡ trước đây" in rebuilt.stdout
    assert names(index) == ["b.txt"] and (corpus / "a.txt").exists()
    again = runner.invoke(cli, ["ingest", str(corpus / "a.txt"), "--index", str(index)])
    assert "Thêm mới: a.txt" in again.stdout and names(index) == ["a.txt", "b.txt"]


def test_uploads_survive_a_rebuild_and_removal_deletes_the_stored_copy(tmp_path, corpus):
    index = tmp_path / "index"
    builder.ingest(index, [corpus], HashEmbedder())
    assistant = Assistant(index, HashEmbedder())
    outcome = save_and_ingest(assistant, [("tai-len.txt", DOC.format(what="tải lên").encode())], assistant.documents_dir)
    assert outcome.report.added == ["tai-len.txt"]
    assert (index / "documents" / "tai-len.txt").exists()
    assistant.ingest([corpus], rebuild=True)
    assert names(index) == ["a.txt", "b.txt", "tai-len.txt"]
    effect = assistant.removal_effect("tai-len.txt")
    assert "bản lưu" in effect and "sẽ được xóa" in effect
    assert assistant.remove("tai-len.txt")
    assert not (index / "documents" / "tai-len.txt").exists()
    assistant.ingest([corpus], rebuild=True)
    assert names(index) == ["a.txt", "b.txt"]


@pytest.mark.parametrize("command", [["list"], ["search", "hội nghị"], ["ask", "hội nghị gì?"], ["remove", "a.txt"]])
def test_a_missing_index_is_an_error_for_every_command_but_ingest(tmp_path, corpus, fake_model, monkeypatch, command):
    monkeypatch.setenv("KHCN_QA_CORPUS", str(corpus))
    missing = tmp_path / "typo-index"
    result = CliRunner().invoke(cli, [*command, "--index", str(missing)])
    assert result.exit_code != 0
    assert "Không có chỉ mục" in str(result.exception)
    assert not (missing / layout.CURRENT).exists()


def test_serve_refuses_a_missing_explicit_index(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--index", str(tmp_path / "nope")])
    assert result.exit_code != 0 and "Không có chỉ mục" in str(result.exception)
