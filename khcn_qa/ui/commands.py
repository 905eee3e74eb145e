"""``khcn-qa serve`` and ``khcn-qa feedback export``; the CLI registers both.

Streamlit is imported only when ``serve`` runs, so ``khcn-qa --help`` stays fast.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import click

import khcn_qa
from khcn_qa.cli_options import index_option
from khcn_qa.config import default_index_dir
from khcn_qa.feedback import FeedbackStore, feedback_db_path


def app_path() -> Path:
    """``app.py`` at the repository root, next to the ``khcn_qa`` package."""
    path = Path(khcn_qa.__file__).resolve().parent.parent / "app.py"
    if not path.is_file():
        raise click.ClickException(
            f"không tìm thấy giao diện {path}; hãy chạy từ bản mã nguồn đầy đủ "
            "(cài bằng `pip install -e .` trong thư mục dự án)"
        )
    return path


def streamlit_command(app: Path, host: str, port: int, index: Path | None = None) -> list[str]:
    """The ``streamlit run`` command line the serve command executes.

    The index folder reaches the app as a script argument (after ``--``), not
    by changing this process's environment.
    """
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.address",
        host,
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
        *(["--", "--index", str(index)] if index is not None else []),
    ]


@click.command("serve")
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535), help="Cổng web.")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ĐỊA_CHỈ", help="Địa chỉ lắng nghe.")
@index_option
def serve_command(port: int, host: str, index_dir: Path | None) -> None:
    """Mở giao diện hỏi đáp trên trình duyệt (Streamlit); lần đầu tạo chỉ mục mặc định từ corpus/."""
    from khcn_qa.cli_output import require_index

    app = app_path()
    if index_dir is not None:  # only the default index is built on first start
        require_index(index_dir)
    index = (index_dir or default_index_dir()).resolve()
    click.echo(f"Giao diện: http://{host}:{port}  (Ctrl+C để dừng)", err=True)
    # Streamlit runs the app only once a browser connects; opening the index
    # (building it from corpus/ on a fresh clone) while the server starts takes
    # that off the first question. The model is left for the app to load after
    # its first page: on two cores, loading it here delayed the server's start
    # (healthy after 3.6 s instead of 1.4-1.8 s) and the chat box (8.4 s vs 5.9-6.1 s).
    threading.Thread(target=_preload, args=(index,), name="khcn-qa-preload", daemon=True).start()
    from streamlit.web import cli as streamlit_cli

    # In-process rather than a child: Ctrl+C and SIGTERM reach Streamlit's own
    # handlers directly and no orphan server is left behind.
    sys.argv = ["streamlit", *streamlit_command(app, host, port, index)[3:]]
    streamlit_cli.main()


def _preload(index: Path) -> None:
    """Open the index (building it from the corpus if missing) and warm BM25, in the background.

    It goes into the app's own process-wide cache (``load_assistant`` keyed by
    the folder the app is given), and the app's modules are imported here, so
    the first browser session finds both ready: the script's first run went
    from 0.7 s to what drawing the page takes.
    """
    from khcn_qa.errors import KhcnQaError

    # Outside a browser session Streamlit warns once per cached call that it runs "in bare mode".
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    try:
        from khcn_qa.ui import chat, documents, render, sidebar  # noqa: F401  (the app script imports them)
        from khcn_qa.ui.session import load_assistant

        load_assistant(str(index))
    except KhcnQaError as error:  # the app shows the same error on the page
        click.echo(f"Lỗi: {error}", err=True)


@click.group("feedback")
def feedback_group() -> None:
    """Góp ý 👍/👎 của người dùng trên câu trả lời."""


@feedback_group.command("export")
@index_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("eval/feedback_candidates.jsonl"),
    show_default=True,
    help="Tệp JSONL ghi các câu hỏi ứng viên cho bộ đánh giá.",
)
def export_command(index_dir: Path | None, out: Path) -> None:
    """Xuất góp ý thành câu hỏi ứng viên cho bộ đánh giá (JSONL)."""
    db_path = feedback_db_path(index_dir or default_index_dir())
    if not db_path.is_file():
        raise click.ClickException(f"chưa có góp ý nào: không thấy {db_path}")
    count = FeedbackStore(db_path).export_jsonl(out)
    click.echo(f"Đã xuất {count} góp ý vào {out}")
