"""``khcn-qa serve`` and ``khcn-qa feedback export``; the CLI registers both.

Nothing here imports Streamlit: ``serve`` replaces the CLI process with
``python -m streamlit run app.py``, so ``khcn-qa --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
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


def streamlit_command(app: Path, host: str, port: int) -> list[str]:
    """The ``streamlit run`` command line the serve command executes."""
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
    ]


@click.command("serve")
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535))
@click.option("--host", default="127.0.0.1", show_default=True, help="Địa chỉ lắng nghe.")
@index_option
def serve_command(port: int, host: str, index_dir: Path | None) -> None:
    """Mở giao diện hỏi đáp trên trình duyệt (Streamlit)."""
    app = app_path()
    env = dict(os.environ)
    env["KHCN_QA_INDEX"] = str((index_dir or default_index_dir()).resolve())
    click.echo(f"Giao diện: http://{host}:{port}  (Ctrl+C để dừng)", err=True)
    command = streamlit_command(app, host, port)
    # Replace this process rather than wrap it: Ctrl+C and a service manager's
    # SIGTERM then reach Streamlit directly and no orphan server is left behind.
    os.execve(command[0], command, env)


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
