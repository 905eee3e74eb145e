"""End to end in a real browser: the served app answers a typed question.

Starts what ``khcn-qa serve`` starts (``streamlit run app.py``) on a free
loopback port over a copy of the seed index, drives Debian Chromium with
Playwright, and saves a screenshot under ``test-output/`` for a person to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from khcn_qa.ui.chat import CHAT_PLACEHOLDER
from khcn_qa.ui.commands import app_path, streamlit_command

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OUTPUT_DIR = Path(__file__).resolve().parent.parent / "test-output"
QUESTION = "Chỉ tiêu TFP năm 2030 là bao nhiêu?"
UNANSWERABLE = "Giá vé máy bay từ Hà Nội đi Paris tháng sau là bao nhiêu?"
UPLOAD = (
    "KẾ HOẠCH\nThử nghiệm quan trắc độ mặn năm 2025\n"
    "1. Phòng Quản lý Công nghệ chủ trì lắp đặt 12 trạm quan trắc độ mặn.\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"streamlit exited early with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"streamlit did not answer on {url} within {timeout}s")


def normalise(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def served(seed_index, tmp_path_factory):
    """The app served over a private copy of the seed index: ``(url, index, log path)``."""
    import shutil

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian chromium")
    index = tmp_path_factory.mktemp("browser") / "index"
    shutil.copytree(seed_index, index)
    OUTPUT_DIR.mkdir(exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, KHCN_QA_INDEX=str(index))
    log_path = OUTPUT_DIR / "streamlit.log"
    log = log_path.open("w", encoding="utf-8")
    server = subprocess.Popen(streamlit_command(app_path(), "127.0.0.1", port), env=env, stdout=log, stderr=log)
    try:
        wait_until_healthy(url, server)
        yield url, index, log_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture
def page(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
        tab.goto(served[0])
        tab.get_by_placeholder(CHAT_PLACEHOLDER).wait_for(timeout=120_000)
        yield tab
        browser.close()


def ask_in(page, question: str) -> None:
    chat = page.get_by_placeholder(CHAT_PLACEHOLDER)
    chat.fill(question)
    chat.press("Enter")
    page.locator(".kq-answer").last.wait_for(timeout=120_000)


def test_browser_asks_and_shows_cited_answer(served, page):
    from khcn_qa import Assistant

    expected = Assistant.open(served[1]).ask(QUESTION, top_k=8)
    ask_in(page, QUESTION)
    if expected.abstained:
        page.locator(".kq-answer").first.wait_for(timeout=30_000)
    else:
        page.locator(".kq-card .kq-marker").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    shown = normalise(page.locator(".kq-answer").first.inner_text())
    assert shown == normalise(expected.text)
    # Staff-facing checks: the page is Vietnamese to screen readers, the rating
    # buttons are words (no emoji a Debian font may lack), no English labels.
    assert page.evaluate("document.documentElement.lang") == "vi"
    page.get_by_role("button", name="Hữu ích").first.wait_for(timeout=10_000)
    page.get_by_role("button", name="Chưa đúng").first.wait_for(timeout=10_000)
    body = page.locator("body").inner_text()
    assert "👍" not in body and "Thumbs" not in body
    page.screenshot(path=str(OUTPUT_DIR / "browser-answer.png"), full_page=True)


def test_browser_not_found_shows_few_nearest_passages_collapsed(served, page):
    ask_in(page, UNANSWERABLE)
    page.wait_for_timeout(800)
    expander = page.locator("[data-testid='stExpander']", has_text="không phải câu trả lời")
    if expander.count():
        assert not page.locator(".kq-card.kq-near").first.is_visible()  # collapsed
        expander.first.locator("summary").click()
        page.locator(".kq-card.kq-near").first.wait_for(timeout=10_000)
        page.wait_for_timeout(1000)  # let the expander finish opening before the screenshot
        assert page.locator(".kq-card.kq-near").count() <= 3
    page.screenshot(path=str(OUTPUT_DIR / "browser-not-found.png"), full_page=True)


def test_browser_documents_page_upload_and_removal(served, page):
    url, index, log_path = served
    grid = page.locator("[data-testid='stDataFrame']").first
    for attempt in range(3):  # a click while the first script run is still going can be lost
        page.get_by_text("Văn bản", exact=True).first.click()
        try:
            grid.wait_for(timeout=40_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    from khcn_qa.ui.documents import COLUMN_WIDTHS

    names = list(COLUMN_WIDTHS)
    needed = sum(COLUMN_WIDTHS[n] for n in names[: names.index("Người ký") + 1])
    assert grid.bounding_box()["width"] >= needed  # Loại, Ngày, Tỉnh, Người ký without scrolling
    button = page.locator("[data-testid='stFileUploaderDropzone'] button").first
    after = button.evaluate("b => getComputedStyle(b, '::after').content")
    assert "Chọn tệp" in after
    page.locator("input[type='file']").first.set_input_files(
        files=[{"name": "thu-nghiem-man.txt", "mimeType": "text/plain", "buffer": UPLOAD.encode()}]
    )
    page.get_by_role("button", name="Nạp vào chỉ mục").click()
    page.get_by_text("thu-nghiem-man.txt: đã thêm vào chỉ mục.").wait_for(timeout=120_000)
    assert (index / "documents" / "thu-nghiem-man.txt").exists()
    page.screenshot(path=str(OUTPUT_DIR / "browser-documents.png"), full_page=True)
    box = page.locator("[data-testid='stSelectbox']").first
    box.click()
    page.keyboard.type("thu-nghiem-man")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Xóa khỏi chỉ mục").click()
    page.get_by_text("bản lưu", exact=False).first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Xác nhận xóa").click()
    page.get_by_text("đã được gỡ khỏi chỉ mục", exact=False).first.wait_for(timeout=120_000)
    page.wait_for_timeout(500)
    selectbox = page.locator("[data-testid='stSelectbox']").first.inner_text()
    assert "thu-nghiem-man" not in selectbox
    assert not (index / "documents" / "thu-nghiem-man.txt").exists()
    page.screenshot(path=str(OUTPUT_DIR / "browser-removed.png"), full_page=True)
    assert "DEBUG bm25s" not in log_path.read_text(encoding="utf-8")
