"""``khcn-qa eval``: run the question set, write a report folder, print the comparison.

A thin shell over :func:`run_eval` and :func:`write_report`. Low scores are a
result, not an error, so the exit code is 0 whenever the run completes; bad
input raises :class:`KhcnQaError`, which the main CLI prints as one line.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from khcn_qa.cli_options import index_option
from khcn_qa.evaluation.report import console_table, threshold_line, write_report
from khcn_qa.evaluation.runner import ALL_MODES, run_eval

DEFAULT_QUESTIONS = Path("eval") / "questions.jsonl"


@click.command(name="eval")
@click.option(
    "--questions",
    "questions_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=DEFAULT_QUESTIONS,
    show_default=True,
    help="Tệp câu hỏi JSONL.",
)
@index_option
@click.option(
    "--modes",
    default=None,
    help=f"Các chế độ, phân cách bằng dấu phẩy (mặc định: {','.join(ALL_MODES)}; với --calibrate: hybrid).",
)
@click.option(
    "--top-k",
    "top_k",
    type=int,
    default=10,
    show_default=True,
    help="Số đoạn đưa vào câu trả lời; tìm kiếm luôn lấy ít nhất 10 để tính chỉ số @10.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Thư mục báo cáo (mặc định: eval/reports/<thời điểm>/).",
)
@click.option("--json", "as_json", is_flag=True, help="In metrics.json ra stdout thay cho bảng.")
@click.option("--calibrate", is_flag=True, help="In ngưỡng từ chối đề xuất (theo chế độ hybrid).")
@click.option("--no-progress", is_flag=True, help="Không hiện thanh tiến trình.")
def eval_command(
    questions_path: Path,
    index_dir: Path | None,
    modes: str | None,
    top_k: int,
    out_dir: Path | None,
    as_json: bool,
    calibrate: bool,
    no_progress: bool,
) -> None:
    """Đánh giá truy hồi và trả lời trên bộ câu hỏi, so sánh các chế độ."""
    from khcn_qa.config import default_index_dir

    index = index_dir if index_dir is not None else default_index_dir()
    chosen = modes if modes is not None else ("hybrid" if calibrate else ",".join(ALL_MODES))
    result = run_eval(questions_path, index, chosen, top_k=top_k, progress=not no_progress)
    folder = write_report(result, out_dir)
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    if as_json:
        click.echo(json.dumps(metrics, ensure_ascii=False, indent=2))
        return
    if calibrate:
        click.echo(threshold_line(metrics["calibration"]))
    else:
        click.echo(console_table(metrics))
    click.echo(f"Báo cáo: {folder}", err=True)
