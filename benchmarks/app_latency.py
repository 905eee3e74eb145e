"""App timing: launch of ``khcn-qa serve`` to the first answer, and per-question time in the page.

Drives Debian Chromium with Playwright against a real server on a loopback
port over ``index/`` (built first if missing); Chromium is started before the
server, as a staff member's browser is already open, and its launch is reported
beside the figure. Then it times the app script
alone with Streamlit's AppTest (what the server spends per question). Needs the model cache (run
``make run`` or any command once). Prints JSON; the README quotes it.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "Chỉ tiêu TFP năm 2030 là bao nhiêu?",
    "ai chu tri nhiem vu truy xuat nguon goc",
    "Ai ký báo cáo tháng 01 năm 2022 của Sở KH&CN Ninh Thuận?",
    "Sản phẩm của nhiệm vụ phân bổ kinh phí khoa học là gì?",
    "Thời gian thực hiện Đề án vùng sản xuất nông nghiệp ứng dụng công nghệ cao?",
    "Tháng 01/2022 Ninh Thuận kiểm định bao nhiêu phương tiện đo?",
    "Đơn vị nào phối hợp xây dựng chính sách hỗ trợ OCOP?",
    "Giá vé máy bay đi Paris là bao nhiêu?",
    "Phòng Quản lý Khoa học Tây Ninh năm 2022 làm gì?",
    "Kế hoạch 5008/KH-UBND ban hành ngày nào?",
    "Ai chủ trì nhiệm vụ tuyên truyền Nghị quyết 08-NQ/TU?",
]


def script_times() -> list[float]:
    """Milliseconds per question for Streamlit's script run alone (AppTest, no browser)."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.run()
    times = []
    for question in QUESTIONS:
        start = time.perf_counter()
        app.chat_input[0].set_value(question).run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with sync_playwright() as playwright:
        # A staff member's browser is already open: Chromium starts first, the clock with the server.
        browser_start = time.perf_counter()
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page()
        page.goto("about:blank")
        browser_s = time.perf_counter() - browser_start
        start = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "khcn_qa", "serve", "--port", str(port)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ),
        )  # fmt: skip
        try:
            while True:
                try:
                    urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            healthy = time.perf_counter() - start
            page.goto(url)
            times = []
            for number, question in enumerate(QUESTIONS, start=1):
                box = page.get_by_placeholder("Đặt câu hỏi", exact=False)
                box.wait_for(timeout=180_000)
                asked = time.perf_counter()
                if number == 1:
                    chat_box = asked - start
                box.fill(question)
                box.press("Enter")
                page.locator(".kq-answer").nth(number - 1).wait_for(timeout=180_000)
                times.append(time.perf_counter() - asked)
                if number == 1:
                    first_answer = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=15)
            browser.close()
    rest = [t * 1000 for t in times[1:]]
    script = script_times()
    print(json.dumps({
        "script_run_per_question_ms_p50": round(statistics.median(script), 0),
        "serve_to_healthy_s": round(healthy, 1),
        "chromium_launch_s": round(browser_s, 1),
        "serve_to_chat_box_s": round(chat_box, 1),
        "serve_to_first_answer_s": round(first_answer, 1),
        "serve_to_first_answer_incl_chromium_launch_s": round(first_answer + browser_s, 1),
        "browser_per_question_ms_p50": round(statistics.median(rest), 0),
        "browser_per_question_ms_max": round(max(rest), 0),
        "questions": len(rest),
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
