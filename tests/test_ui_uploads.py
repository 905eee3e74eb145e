"""Upload handling without Streamlit: limits, saving into the corpus, rollback of refused files."""

from __future__ import annotations

from khcn_qa.assistant import IngestReport
from khcn_qa.ui.uploads import UploadOutcome, check_upload, describe, save_and_ingest


class StubIngest:
    """Fails PDFs, adds everything else; records what it was given."""

    def __init__(self):
        self.paths = []

    def ingest(self, paths, progress=None):
        self.paths = list(paths)
        report = IngestReport()
        for index, path in enumerate(paths):
            if progress:
                progress("Đang nạp", index + 1, len(paths))
            if path.suffix == ".pdf":
                report.failed[path.name] = "PDF không có lớp chữ"
            else:
                report.added.append(path.name)
        return report


def test_check_upload_reasons_in_vietnamese():
    assert check_upload("a.docx", 10) is None
    assert "quá lớn" in check_upload("a.txt", 60 * 1024 * 1024)
    assert "50,0 MB" in check_upload("a.txt", 60 * 1024 * 1024)
    assert "không được hỗ trợ" in check_upload("a.exe", 10)
    assert check_upload("a.txt", 0) == "tệp rỗng"
    assert check_upload(".hidden.txt", 3) == "tên tệp không hợp lệ"


def test_save_and_ingest_saves_ingests_and_rolls_back_failures(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "cu.pdf").write_bytes(b"old pdf")
    stub = StubIngest()
    calls = []
    outcome = save_and_ingest(
        stub,
        [
            ("../../moi.txt", "Kế hoạch mới".encode()),
            ("cu.pdf", b"new pdf"),
            ("hong.pdf", b"broken"),
            ("to.md", b"x" * 21),
        ],
        corpus,
        progress=lambda *args: calls.append(args),
        max_bytes=20,
    )
    assert [p.name for p in stub.paths] == ["moi.txt", "cu.pdf", "hong.pdf"]
    assert (corpus / "moi.txt").read_text(encoding="utf-8") == "Kế hoạch mới"
    assert (corpus / "cu.pdf").read_bytes() == b"old pdf"  # failed replacement restored
    assert not (corpus / "hong.pdf").exists()  # failed new file removed
    assert "quá lớn" in outcome.rejected["to.md"]
    assert calls[-1] == ("Đang nạp", 3, 3)
    lines = describe(outcome)
    assert ("success", "moi.txt: đã thêm vào chỉ mục.") in lines
    assert ("error", "hong.pdf: không nạp được — PDF không có lớp chữ") in lines
    assert any(level == "error" and line.startswith("to.md: không nhận") for level, line in lines)


def test_nothing_acceptable_skips_ingest(tmp_path):
    stub = StubIngest()
    outcome = save_and_ingest(stub, [("a.exe", b"MZ")], tmp_path)
    assert outcome.report is None and stub.paths == []
    assert describe(outcome) == [("error", describe(UploadOutcome(None, outcome.rejected))[0][1])]


class RaisingIngest:
    """An ingest that fails (or is stopped) after the files were saved."""

    def __init__(self, error):
        self.error = error

    def ingest(self, paths, progress=None):
        raise self.error


def test_names_the_file_system_refuses_are_reported_and_the_rest_indexed(tmp_path):
    folder = tmp_path / "documents"
    stub = StubIngest()
    long_name = "k" * 300 + ".txt"
    outcome = save_and_ingest(
        stub, [("tot.txt", b"noi dung"), (long_name, b"x"), ("a\x00b.txt", b"y")], folder
    )
    assert [p.name for p in stub.paths] == ["tot.txt"]
    assert "quá dài" in outcome.rejected[long_name]
    assert "ký tự điều khiển" in outcome.rejected["a\x00b.txt"]
    assert sorted(p.name for p in folder.iterdir()) == ["tot.txt"]


def test_an_ingest_that_fails_or_is_stopped_leaves_the_folder_as_it_was(tmp_path):
    import pytest

    from khcn_qa.errors import IndexError_

    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "cu.txt").write_bytes(b"ban cu")
    for error in (IndexError_("đĩa đầy"), KeyboardInterrupt()):
        with pytest.raises(type(error)):
            save_and_ingest(RaisingIngest(error), [("cu.txt", b"ban moi"), ("moi.txt", b"z")], folder)
        assert (folder / "cu.txt").read_bytes() == b"ban cu"
        assert not (folder / "moi.txt").exists()


def test_a_write_the_disk_refuses_is_reported(tmp_path, monkeypatch):
    import errno
    from pathlib import Path

    real = Path.write_bytes

    def full(self, data):
        if self.name == "lon.txt":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    stub = StubIngest()
    outcome = save_and_ingest(stub, [("lon.txt", b"x"), ("nho.txt", b"y")], tmp_path / "documents")
    assert "Đĩa đầy" in outcome.rejected["lon.txt"]
    assert [p.name for p in stub.paths] == ["nho.txt"]
