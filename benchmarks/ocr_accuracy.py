"""OCR benchmark: character accuracy on the rendered scan, time per page, chat during OCR.

Run with ``python benchmarks/ocr_accuracy.py`` (needs tesseract-ocr and
tesseract-ocr-vie). The scan is the one the tests build (``tests/
scan_fixtures.py``): Vietnamese text with diacritics, a numbered section, a
ruled table, a red seal and a blue signature, slightly skewed, blurred and
noisy. Accuracy is 1 − edit distance / characters of the printed text,
diacritics included, for this project's OCR (colour and rules removed) and
for plain Tesseract on the same image. Then the search latency of a warm
index is timed idle and while a four-page scan is OCR'd in another thread,
the way the upload page runs it next to other users' chat. Figures go to
stdout and to ``benchmarks/ocr_results.json``; the README quotes them.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import scan_fixtures as scans  # noqa: E402

from khcn_qa.ingest.loaders import load_bytes  # noqa: E402
from khcn_qa.ingest.loaders.ocr import ocr_page  # noqa: E402

QUERIES = (
    "xây dựng bao nhiêu mô hình trình diễn giống lúa chịu mặn",
    "ai chủ trì nhân giống nấm linh chi",
    "tỷ lệ doanh nghiệp đổi mới công nghệ",
    "truy xuất nguồn gốc nông sản thời gian",
)


def accuracy_and_speed(runs: int = 3) -> dict[str, float]:
    """Accuracy of our OCR and of plain Tesseract, and seconds per page (median of runs)."""
    import pytesseract

    image = scans.render_scan()
    truth = scans.truth_text()
    seconds: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        blocks = ocr_page(image, 1, scans.DPI, timeout_s=300)
        seconds.append(time.perf_counter() - started)
    ours = "\n".join(b.text.replace("\t", " ") for b in blocks)
    plain = pytesseract.image_to_string(image, lang="vie")
    return {
        "char_accuracy": round(scans.char_accuracy(truth, ours), 4),
        "char_accuracy_plain_tesseract": round(scans.char_accuracy(truth, plain), 4),
        "truth_chars": len(" ".join(truth.split())),
        "seconds_per_page_p50": round(statistics.median(seconds), 2),
    }


def _latencies(assistant: object, rounds: int) -> list[float]:
    times: list[float] = []
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            assistant.search(query, top_k=10)  # type: ignore[attr-defined]
            times.append((time.perf_counter() - started) * 1000)
    return times


def chat_during_ocr(pages: int = 4) -> dict[str, float]:
    """Hybrid search p50/max idle and while another thread OCRs a ``pages``-page scan."""
    from khcn_qa import Assistant
    from khcn_qa.embedding import load_embedder

    with tempfile.TemporaryDirectory() as folder:
        scanned, mixed = scans.write_scan_pdfs(Path(folder))
        assistant = Assistant(Path(folder) / "index", load_embedder())
        assistant.ingest([scanned, mixed])
        assistant.search(QUERIES[0])
        idle = _latencies(assistant, 10)
        big = scans.image_pdf_bytes([scans.render_scan() for _ in range(pages)])
        done = threading.Event()
        started = time.perf_counter()

        def ocr() -> None:
            load_bytes(big, "lon.pdf")
            done.set()

        worker = threading.Thread(target=ocr)
        worker.start()
        busy: list[float] = []
        while not done.is_set():
            busy.extend(_latencies(assistant, 1))
            time.sleep(0.2)  # a person types between questions
        worker.join()
        ocr_seconds = time.perf_counter() - started
    return {
        "search_p50_ms_idle": round(statistics.median(idle), 1),
        "search_max_ms_idle": round(max(idle), 1),
        "search_p50_ms_during_ocr": round(statistics.median(busy), 1),
        "search_max_ms_during_ocr": round(max(busy), 1),
        "searches_during_ocr": len(busy),
        "ocr_pages": pages,
        "ocr_seconds_with_chat": round(ocr_seconds, 1),
    }


def main() -> None:
    """Print and save the figures."""
    results = {"ocr": accuracy_and_speed(), "chat": chat_during_ocr()}
    out = ROOT / "benchmarks" / "ocr_results.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
