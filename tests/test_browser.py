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


def test_browser_asks_and_shows_cited_answer(fresh_index_copy):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian chromium")
    from playwright.sync_api import sync_playwright

    from khcn_qa import Assistant

    expected = Assistant.open(fresh_index_copy).ask(QUESTION, top_k=8)
    OUTPUT_DIR.mkdir(exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, KHCN_QA_INDEX=str(fresh_index_copy))
    log = (OUTPUT_DIR / "streamlit.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        streamlit_command(app_path(), "127.0.0.1", port), env=env, stdout=log, stderr=log
    )
    try:
        wait_until_healthy(url, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
            page.goto(url)
            chat = page.get_by_placeholder(CHAT_PLACEHOLDER)
            chat.wait_for(timeout=120_000)
            chat.fill(QUESTION)
            chat.press("Enter")
            page.locator(".kq-answer").first.wait_for(timeout=120_000)
            if expected.abstained:
                page.locator(".kq-card").first.wait_for(timeout=30_000)
            else:
                page.locator(".kq-card .kq-marker").first.wait_for(timeout=30_000)
            page.wait_for_timeout(500)
            shown = normalise(page.locator(".kq-answer").first.inner_text())
            page.screenshot(path=str(OUTPUT_DIR / "browser-answer.png"), full_page=True)
            browser.close()
        assert shown == normalise(expected.text)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
