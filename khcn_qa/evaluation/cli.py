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
@click.option(
    "--split",
    type=click.Choice(["all", "dev", "test"]),
    default=None,
    help="Chỉ chạy một phần của bộ câu hỏi (mặc định: all; với --calibrate: dev).",
)
@click.option(
    "--calibrate",
    is_flag=True,
    help="Hiệu chỉnh ngưỡng từ chối trên phần dev (chế độ hybrid) và ghi vào thư mục chỉ mục.",
)
@click.option(
    "--write-default",
    is_flag=True,
    help="Với --calibrate: ghi thêm ngưỡng vào gói (giá trị mặc định cho bản cài mới).",
)
@click.option("--no-progress", is_flag=True, help="Không hiện thanh tiến trình.")
def eval_command(
    questions_path: Path,
    index_dir: Path | None,
    modes: str | None,
    top_k: int,
    out_dir: Path | None,
    as_json: bool,
    split: str | None,
    calibrate: bool,
    write_default: bool,
    no_progress: bool,
) -> None:
    """Đánh giá truy hồi và trả lời trên bộ câu hỏi, so sánh các chế độ."""
    from khcn_qa.config import default_index_dir

    index = index_dir if index_dir is not None else default_index_dir()
    chosen = modes if modes is not None else ("hybrid" if calibrate else ",".join(ALL_MODES))
    chosen_split = split or ("dev" if calibrate else "all")
    result = run_eval(
        questions_path, index, chosen, top_k=top_k, progress=not no_progress, split=chosen_split,
        abstain_below=0.0 if calibrate else None,
    )
    folder = write_report(result, out_dir)
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    if as_json:
        click.echo(json.dumps(metrics, ensure_ascii=False, indent=2))
        return
    if calibrate:
        click.echo(threshold_line(metrics["calibration"]))
        for path in _store_calibration(metrics, index, questions_path, chosen_split, write_default):
            click.echo(f"Đã ghi ngưỡng vào {path}", err=True)
    else:
        click.echo(console_table(metrics))
    click.echo(f"Báo cáo: {folder}", err=True)


def _store_calibration(
    metrics: dict[str, object], index: Path, questions: Path, split: str, write_default: bool
) -> list[Path]:
    """Save the suggested threshold where ``ask`` reads it; nothing when there is none."""
    from datetime import datetime

    from khcn_qa.answer.calibration import CALIBRATION_FILE, Calibration, packaged_path, save_calibration
    from khcn_qa.index.layout import current_generation
    from khcn_qa.index.manifest import Manifest

    found = metrics.get("calibration") or {}
    threshold = found.get("threshold") if isinstance(found, dict) else None
    if threshold is None:
        return []
    generation = current_generation(index)
    model = Manifest.read(generation.manifest).model_id if generation is not None else ""
    calibration = Calibration(
        abstain_below=float(threshold),
        model=model,
        questions=str(questions),
        split=split,
        criterion=str(found.get("criterion", "")),
        created_at=datetime.now().isoformat(timespec="seconds"),
    )
    paths = [save_calibration(calibration, index / CALIBRATION_FILE)]
    if write_default:
        paths.append(save_calibration(calibration, packaged_path()))
    return paths
