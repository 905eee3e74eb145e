""".doc, .odt and .rtf: converted to DOCX by LibreOffice headless, then read as DOCX.

Old Word files are a binary format no maintained Python library reads with
its headings, list numbers and tables intact; LibreOffice does, and its DOCX
output keeps all three, so the DOCX loader's structure rules apply
unchanged. Each conversion runs in a private temporary folder with its own
LibreOffice profile (two at once would otherwise fight over the user's
profile lock) and under a time limit: a file that makes LibreOffice hang is
refused with a clear message and its process group is killed, so an ingest
never hangs.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from khcn_qa.errors import DocumentError
from khcn_qa.ingest.loaders.docx import load_docx_blocks
from khcn_qa.records import Block

DEFAULT_TIMEOUT_S = 120.0
_PROGRAMS = ("soffice", "libreoffice")
# The import filter is named so that a damaged file fails instead of being
# read as plain text (LibreOffice's fallback), and the first bytes are
# checked so a file with the wrong extension is refused before it starts.
_FILTERS = {".doc": "MS Word 97", ".odt": "writer8", ".rtf": "Rich Text Format"}
_SIGNATURES = {".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",), ".odt": (b"PK\x03\x04",), ".rtf": (b"{\\rtf",)}

MISSING_MESSAGE = (
    "cần LibreOffice để đọc tệp {ext} nhưng máy chưa cài (gói libreoffice-writer-nogui); "
    "hoặc lưu tệp thành .docx rồi nạp lại"
)
TIMEOUT_MESSAGE = "LibreOffice chuyển đổi tệp quá {seconds:.0f} giây — đã dừng; hãy lưu tệp thành .docx rồi nạp lại"
FAILED_MESSAGE = "tệp {ext} bị hỏng hoặc LibreOffice không đọc được"


def conversion_timeout_s() -> float:
    """Seconds one conversion may take: ``$KHCN_QA_CONVERT_TIMEOUT`` or 120."""
    try:
        return float(os.environ.get("KHCN_QA_CONVERT_TIMEOUT", DEFAULT_TIMEOUT_S))
    except ValueError:
        return DEFAULT_TIMEOUT_S


def find_libreoffice() -> str | None:
    """Path of the LibreOffice program, or ``None`` when it is not installed."""
    for name in _PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


def load_office_blocks(data: bytes, source: str) -> tuple[Block, ...]:
    """Convert a .doc/.odt/.rtf file to DOCX and read it with the DOCX loader."""
    extension = Path(source).suffix.lower()
    docx_bytes = convert_to_docx(data, extension, source)
    return load_docx_blocks(docx_bytes, source)


def convert_to_docx(data: bytes, extension: str, source: str) -> bytes:
    """DOCX bytes of a document LibreOffice can open; ``DocumentError`` otherwise."""
    if not data.lstrip()[:8].startswith(_SIGNATURES[extension]):
        raise DocumentError(source, FAILED_MESSAGE.format(ext=extension))
    program = find_libreoffice()
    if program is None:
        raise DocumentError(source, MISSING_MESSAGE.format(ext=extension))
    timeout = conversion_timeout_s()
    with tempfile.TemporaryDirectory(prefix="khcn-qa-convert-") as folder:
        work = Path(folder)
        original = work / f"input{extension}"
        original.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"--infilter={_FILTERS[extension]}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(original),
        ]
        _run(command, timeout, source)
        converted = work / "out" / "input.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise DocumentError(source, FAILED_MESSAGE.format(ext=extension))
        return converted.read_bytes()


def _run(command: list[str], timeout: float, source: str) -> None:
    """Run LibreOffice in its own process group; kill the whole group on timeout."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise DocumentError(source, TIMEOUT_MESSAGE.format(seconds=timeout)) from exc
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
