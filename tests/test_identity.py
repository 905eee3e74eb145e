"""Item 1: two different files never share a document identity; NFC and NFD are one name."""

from __future__ import annotations

import unicodedata

from fakes import HashEmbedder

from khcn_qa import Assistant
from khcn_qa.index import builder

PLAN = "I. NHIỆM VỤ\n1. Văn phòng Sở\n- Tổ chức hội nghị tổng kết năm {year}.\n"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def sources(index):
    return sorted(d.meta.source for d in Assistant(index, HashEmbedder()).documents())


def test_same_name_in_two_subfolders_keeps_both(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / "2022" / "plan.txt", PLAN.format(year=2022))
    write(corpus / "2023" / "plan.txt", PLAN.format(year=2023))
    write(corpus / "tay-ninh.txt", PLAN.format(year=2024))
    report = builder.ingest(tmp_path / "index", [corpus], HashEmbedder())
    assert sorted(report.added) == ["2022/plan.txt", "2023/plan.txt", "tay-ninh.txt"]
    assert sources(tmp_path / "index") == ["2022/plan.txt", "2023/plan.txt", "tay-ninh.txt"]


def test_same_name_given_twice_keeps_both(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a = write(tmp_path / "a" / "plan.txt", PLAN.format(year=2022))
    b = write(tmp_path / "b" / "plan.txt", PLAN.format(year=2023))
    report = builder.ingest(tmp_path / "index", [a, b], HashEmbedder())
    assert sorted(report.added) == ["a/plan.txt", "b/plan.txt"]


def test_same_named_file_from_another_folder_does_not_replace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    index = tmp_path / "index"
    builder.ingest(index, [write(tmp_path / "a" / "plan.txt", PLAN.format(year=2022))], HashEmbedder())
    report = builder.ingest(index, [write(tmp_path / "b" / "plan.txt", PLAN.format(year=2023))], HashEmbedder())
    assert report.added == ["b/plan.txt"] and not report.replaced
    assert any("Trùng tên" in note for note in report.notes)
    assert sources(index) == ["b/plan.txt", "plan.txt"]


def test_reingesting_the_same_file_replaces_it_and_names_both_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    index = tmp_path / "index"
    plan = write(tmp_path / "a" / "plan.txt", PLAN.format(year=2022))
    builder.ingest(index, [tmp_path / "a"], HashEmbedder())
    write(plan, PLAN.format(year=2030))
    report = builder.ingest(index, [plan], HashEmbedder())
    assert report.replaced == ["plan.txt"]
    assert report.replaced_paths["plan.txt"] == ("a/plan.txt", "a/plan.txt")


def test_nfc_and_nfd_spellings_are_one_document(tmp_path):
    name = "kế-hoạch.txt"
    nfd = write(tmp_path / "d1" / unicodedata.normalize("NFD", name), PLAN.format(year=2022))
    index = tmp_path / "index"
    report = builder.ingest(index, [nfd], HashEmbedder())
    assert report.added == [unicodedata.normalize("NFC", name)]
    assert builder.remove(index, [unicodedata.normalize("NFD", name)], HashEmbedder()).removed == [name]


def test_same_content_under_two_names_is_indexed_once(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / "a.txt", PLAN.format(year=2022))
    write(corpus / "b.txt", PLAN.format(year=2022))
    report = builder.ingest(tmp_path / "index", [corpus], HashEmbedder())
    assert report.added == ["a.txt"] and report.duplicates == {"b.txt": "a.txt"}
    again = builder.ingest(tmp_path / "index", [write(tmp_path / "c.txt", PLAN.format(year=2022))], HashEmbedder())
    assert again.duplicates == {"c.txt": "a.txt"} and sources(tmp_path / "index") == ["a.txt"]
