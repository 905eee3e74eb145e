"""Items 3, 7 and 10: a damaged index recovers, refused writes are one line, clean-up order."""

from __future__ import annotations

import errno
import json
import os

import pytest
from click.testing import CliRunner
from fakes import HashEmbedder, use_hash_model

from khcn_qa import Assistant
from khcn_qa.cli import cli
from khcn_qa.errors import IndexDamaged, IndexError_
from khcn_qa.index import builder, layout

DOC = "I. NHIỆM VỤ\n1. Chi cục Tiêu chuẩn Đo lường Chất lượng\n- Kiểm định {n} phương tiện đo điện tử.\n"


@pytest.fixture
def two_generations(tmp_path):
    """An index whose live generation has 500 in it and whose previous one had 400."""
    docs = tmp_path / "docs"
    docs.mkdir()
    index = tmp_path / "index"
    for n in (400, 500):
        (docs / "a.txt").write_text(DOC.format(n=n), encoding="utf-8")
        builder.ingest(index, [docs], HashEmbedder())
    return index


def _damage(path, how):
    if how == "truncate":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif how == "garbage":
        path.write_bytes(os.urandom(max(64, path.stat().st_size)))
    elif how == "empty_dir":
        for child in path.iterdir():
            child.unlink()


DAMAGES = [
    ("chunks.sqlite", "truncate"), ("chunks.sqlite", "garbage"), ("dense.faiss", "truncate"),
    ("vectors.npy", "truncate"), ("manifest.json", "garbage"), ("bm25", "empty_dir"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "how"), DAMAGES)
def test_damaged_live_generation_falls_back_to_the_previous_one(two_generations, name, how):
    index = two_generations
    live = index / layout.current_name(index)
    _damage(live / name, how)
    assistant = Assistant(index, HashEmbedder())
    status = assistant.status()
    assert status.warning and "bị hỏng" in status.warning and "--rebuild" in status.warning
    assert "\n" not in status.warning
    assert status.generation != live.name
    hits = assistant.search("kiểm định phương tiện đo", top_k=1, mode="bm25")
    assert "400" in hits[0].text


def test_damaged_index_without_an_intact_generation_is_one_clear_error(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(DOC.format(n=1), encoding="utf-8")
    index = tmp_path / "index"
    builder.ingest(index, [docs], HashEmbedder())
    _damage(index / layout.current_name(index) / "vectors.npy", "truncate")
    with pytest.raises(IndexDamaged, match="--rebuild"):
        Assistant(index, HashEmbedder())


def test_cli_reports_damage_in_one_line(two_generations, monkeypatch):
    use_hash_model(monkeypatch)
    _damage(two_generations / layout.current_name(two_generations) / "dense.faiss", "truncate")
    result = CliRunner().invoke(cli, ["search", "kiểm định", "--mode", "bm25", "--index", str(two_generations)])
    assert result.exit_code == 0, result.output
    assert "Cảnh báo: Chỉ mục hiện tại" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_ingest_over_a_damaged_index_builds_on_the_intact_one(two_generations, tmp_path):
    _damage(two_generations / layout.current_name(two_generations) / "chunks.sqlite", "garbage")
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "b.txt").write_text(DOC.format(n=9), encoding="utf-8")
    report = builder.ingest(two_generations, [extra], HashEmbedder())
    assert report.added == ["b.txt"] and report.warning
    assistant = Assistant(two_generations, HashEmbedder())
    assert assistant.status().warning is None
    assert sorted(d.meta.source for d in assistant.documents()) == ["a.txt", "b.txt"]


def test_manifest_records_a_checksum_of_every_file(two_generations):
    live = two_generations / layout.current_name(two_generations)
    files = json.loads((live / "manifest.json").read_text())["files"]
    on_disk = {p.relative_to(live).as_posix() for p in live.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(files) == on_disk and {"chunks.sqlite", "vectors.npy", "dense.faiss"} <= on_disk


def test_crash_between_rename_and_current_keeps_the_live_generation(two_generations, monkeypatch):
    index = two_generations
    live = layout.current_name(index)
    real_replace = os.replace

    def crash(src, dst):
        if str(dst).endswith(layout.CURRENT):
            raise KeyboardInterrupt  # killed after the rename, before CURRENT moved
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash)
    (index.parent / "docs" / "a.txt").write_text(DOC.format(n=600), encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        builder.ingest(index, [index.parent / "docs"], HashEmbedder())
    monkeypatch.setattr(os, "replace", real_replace)
    orphan = max(p.name for p in index.glob("gen-*"))
    assert orphan > live and layout.current_name(index) == live
    monkeypatch.setattr(layout, "GRACE_S", 0.0)
    (index.parent / "docs" / "a.txt").write_text(DOC.format(n=700), encoding="utf-8")
    builder.ingest(index, [index.parent / "docs"], HashEmbedder())
    names = {p.name for p in index.glob("gen-*")}
    assert live in names, "the generation that was live until now must stay for its readers"
    assert orphan not in names, "the never-published folder must go"


def test_superseded_generations_stay_for_a_grace_period(two_generations, monkeypatch):
    monkeypatch.setattr(layout, "GRACE_S", 3600.0)
    docs = two_generations.parent / "docs"
    for n in (1, 2, 3):
        (docs / "a.txt").write_text(DOC.format(n=n), encoding="utf-8")
        builder.ingest(two_generations, [docs], HashEmbedder())
    assert len(list(two_generations.glob("gen-*"))) == 5


@pytest.mark.parametrize(
    ("code", "words"), [(errno.EROFS, "Không có quyền ghi"), (errno.EACCES, "Không có quyền ghi"), (errno.ENOSPC, "Đĩa đầy")]
)
def test_read_only_folder_and_full_disk_are_one_line(two_generations, monkeypatch, code, words):
    before = layout.current_name(two_generations)

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(builder.np, "save", refuse)
    docs = two_generations.parent / "docs"
    (docs / "a.txt").write_text(DOC.format(n=800), encoding="utf-8")
    with pytest.raises(IndexError_, match=words) as caught:
        builder.ingest(two_generations, [docs], HashEmbedder())
    assert "\n" not in str(caught.value)
    assert layout.current_name(two_generations) == before
    assert not list(two_generations.glob(".tmp-gen-*"))


def test_read_only_index_folder_for_the_lock(tmp_path, monkeypatch):
    index = tmp_path / "index"
    index.mkdir()
    real_open = layout.Path.open

    def refuse(self, *args, **kwargs):
        if self.name == layout.LOCK:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(layout.Path, "open", refuse)
    with pytest.raises(IndexError_, match="Không có quyền ghi"):
        builder.ingest(index, [tmp_path], HashEmbedder())


def test_large_files_are_checked_by_size_head_and_tail(tmp_path, monkeypatch):
    from khcn_qa.index import integrity

    monkeypatch.setattr(integrity, "FULL_HASH_BYTES", 100)
    monkeypatch.setattr(integrity, "SAMPLE_BYTES", 10)
    path = tmp_path / "big.bin"
    path.write_bytes(b"a" * 1000)
    recorded = {"big.bin": integrity.file_digest(path)}
    assert recorded["big.bin"].startswith("sampled:")
    path.write_bytes(b"a" * 999)
    assert integrity.damaged_files(tmp_path, recorded) == ["big.bin"]
    path.write_bytes(b"b" + b"a" * 999)
    assert integrity.damaged_files(tmp_path, recorded) == ["big.bin"]
