"""Write an evaluation run to disk and render its console table.

A report folder is self-contained: ``report.md`` for people, ``metrics.json``
for tools, ``per_question.jsonl`` to recompute or dig into any number, and
``modes.png`` to see the mode comparison at a glance.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from khcn_qa.evaluation.results import QuestionRecord
from khcn_qa.evaluation.runner import EvalResult

DEFAULT_REPORTS_DIR = Path("eval") / "reports"

# (key in a summary dict, label, kind): kind "ratio" prints 3 decimals, "ms" 1 decimal.
SUMMARY_ROWS: tuple[tuple[str, str, str], ...] = (
    ("hit@1", "hit@1", "ratio"),
    ("hit@5", "hit@5", "ratio"),
    ("hit@10", "hit@10", "ratio"),
    ("mrr@10", "MRR@10", "ratio"),
    ("ndcg@10", "nDCG@10", "ratio"),
    ("answer_accuracy", "answer accuracy (strict)", "ratio"),
    ("answer_accuracy_lenient", "answer accuracy (lenient)", "ratio"),
    ("overall_accuracy", "overall accuracy", "ratio"),
    ("citation_precision", "citation precision", "ratio"),
    ("abstention_precision", "abstention P", "ratio"),
    ("abstention_recall", "abstention R", "ratio"),
    ("search_ms_p50", "search p50 ms", "ms"),
    ("search_ms_p95", "search p95 ms", "ms"),
    ("ask_ms_p50", "ask p50 ms", "ms"),
    ("ask_ms_p95", "ask p95 ms", "ms"),
)
BREAKDOWN_COLUMNS = SUMMARY_ROWS[:11]
CHART_METRICS = (
    ("hit@1", "hit@1"),
    ("hit@5", "hit@5"),
    ("mrr@10", "MRR@10"),
    ("answer_accuracy", "accuracy (strict)"),
)


def fmt(value: object, kind: str = "ratio") -> str:
    """One cell: ``–`` for a metric that does not apply, fixed decimals otherwise."""
    if value is None:
        return "–"
    return f"{float(value):.1f}" if kind == "ms" else f"{float(value):.3f}"  # type: ignore[arg-type]


def default_out_dir(base: Path = DEFAULT_REPORTS_DIR) -> Path:
    """``eval/reports/<YYYYmmdd-HHMMSS>``: one folder per run, sortable by time."""
    return base / datetime.now().strftime("%Y%m%d-%H%M%S")


def _summary_table(
    summary: Mapping[str, Mapping[str, object]], modes: Sequence[str]
) -> list[list[str]]:
    rows = [["metric", *modes]]
    for key, label, kind in SUMMARY_ROWS:
        rows.append([label, *(fmt(summary[m].get(key), kind) for m in modes)])
    return rows


def console_table(metrics: Mapping[str, object]) -> str:
    """Plain aligned text of the mode comparison, for the terminal."""
    modes = list(metrics["modes"])  # type: ignore[call-overload]
    rows = _summary_table(metrics["summary"], modes)  # type: ignore[arg-type]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append(threshold_line(metrics.get("calibration")))  # type: ignore[arg-type]
    return "\n".join(lines)


def threshold_line(calibration: Mapping[str, object] | None) -> str:
    """One sentence with the suggested abstention threshold (or why there is none)."""
    if not calibration or calibration.get("threshold") is None:
        reason = (calibration or {}).get("criterion", "không có dữ liệu")
        return f"Ngưỡng từ chối đề xuất: – ({reason})"
    return (
        f"Ngưỡng từ chối đề xuất ({calibration['mode']}): {float(calibration['threshold']):.4f}"  # type: ignore[arg-type]
        f" — theo {calibration['criterion']}, F1={fmt(calibration.get('f1'))},"
        f" accuracy={fmt(calibration.get('accuracy'))}"
    )


def _md_table(rows: Sequence[Sequence[str]]) -> list[str]:
    header, *body = rows
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in body]
    return lines


def _breakdown_section(
    title: str, data: Mapping[str, Mapping[str, Mapping[str, object]]], modes: Sequence[str]
) -> list[str]:
    lines = [f"## {title}", ""]
    for mode in modes:
        rows = [["group", "n", *(label for _, label, _ in BREAKDOWN_COLUMNS)]]
        for group, summary in data[mode].items():
            cells = [fmt(summary.get(key), kind) for key, _, kind in BREAKDOWN_COLUMNS]
            rows.append([group, str(summary["n"]), *cells])
        lines += [f"### {mode}", "", *_md_table(rows), ""]
    return lines


def is_miss(record: QuestionRecord) -> bool:
    """Listed in the report: first passage not a hit, a wrong answer, or a missed abstention."""
    if not record.answerable:
        return record.abstained is False
    return record.hit_at_1 is False or record.correct is False


def _clip(text: str | None, limit: int = 200) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _miss_lines(record: QuestionRecord) -> list[str]:
    accent = "có dấu" if record.diacritics else "không dấu"
    where = f"hạng {record.rank}" if record.rank else "không có trong top 10"
    if not record.answerable:
        where = "câu không trả lời được, hệ thống không từ chối"
    lines = [f"- **{record.id}** ({record.type}, {accent}) {record.question} — {where}"]
    if record.answerable:
        expected = ", ".join(record.expected_sources) or "–"
        evidence = " / ".join(f"“{_clip(e, 120)}”" for e in record.expected_evidence) or "–"
        lines.append(f"  - cần: {expected}; bằng chứng: {evidence}")
    if record.top:
        first = record.top[0]
        section = f" › {first['section']}" if first.get("section") else ""
        lines.append(f"  - đứng đầu: {first['source']}{section} — “{first['snippet']}”")
    if record.answer is not None:
        verdict = {True: "đúng", False: "sai", None: "không chấm"}[record.correct]
        lines.append(
            f"  - trả lời ({verdict}, confidence {fmt(record.confidence)}): {_clip(record.answer)}"
        )
    return lines


def render_markdown(result: EvalResult, metrics: Mapping[str, object]) -> str:
    """The human report: summary, breakdowns, then the misses of each mode."""
    modes = result.modes
    lines = [
        f"# Đánh giá khcn-qa — {metrics['generated_at']}",
        "",
        f"- Câu hỏi: `{result.questions_path}` ({metrics['n_questions']} câu)",
        f"- Chỉ mục: `{result.index_dir}`; top_k={result.top_k}, độ sâu tìm kiếm={metrics['search_depth']}",
        "",
        "## Tổng hợp theo chế độ",
        "",
        *_md_table(_summary_table(metrics["summary"], modes)),  # type: ignore[arg-type]
        "",
        f"**Suggested abstention threshold** — {threshold_line(metrics['calibration'])}",  # type: ignore[arg-type]
        "",
    ]
    for mode, note in result.notes.items():
        lines.append(f"> Ghi chú {mode}: {note}")
    lines += ["", "Định nghĩa:", ""]
    lines += [f"- *{key}*: {text}" for key, text in metrics["definitions"].items()]  # type: ignore[attr-defined]
    lines.append("")
    lines += _breakdown_section("Theo phần (dev: đã dùng để tinh chỉnh; test: để riêng)", metrics["by_split"], modes)  # type: ignore[arg-type]
    lines += _breakdown_section("Theo dạng câu hỏi (từ để hỏi)", metrics["by_form"], modes)  # type: ignore[arg-type]
    lines += _breakdown_section("Theo loại câu hỏi", metrics["by_type"], modes)  # type: ignore[arg-type]
    lines += _breakdown_section(
        "Theo dấu tiếng Việt (yes = có dấu)", metrics["by_diacritics"], modes
    )  # type: ignore[arg-type]
    lines += ["## Câu trượt", ""]
    for mode in modes:
        misses = [r for r in result.records_for(mode) if is_miss(r)]
        lines += [f"### {mode} ({len(misses)} câu)", ""]
        for record in misses:
            lines += _miss_lines(record)
        lines.append("")
    return "\n".join(lines)


def plot_modes(metrics: Mapping[str, object], path: Path) -> None:
    """Grouped bars of hit@1, hit@5, MRR@10 and accuracy per mode (Agg, no display needed)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    modes = list(metrics["modes"])  # type: ignore[call-overload]
    summary = metrics["summary"]
    figure = Figure(figsize=(8, 4.5), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    width = 0.8 / len(CHART_METRICS)
    for index, (key, label) in enumerate(CHART_METRICS):
        values = [summary[m].get(key) or 0.0 for m in modes]  # type: ignore[index]
        positions = [m + (index - (len(CHART_METRICS) - 1) / 2) * width for m in range(len(modes))]
        axes.bar(positions, values, width, label=label)
    axes.set_xticks(range(len(modes)), modes)
    axes.set_ylim(0, 1.05)
    axes.set_ylabel("score")
    axes.set_title("khcn-qa: so sánh các chế độ")
    axes.legend(loc="upper left", ncols=len(CHART_METRICS), fontsize="small")
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path)


def write_report(result: EvalResult, out_dir: str | Path | None = None) -> Path:
    """Write the four report files into ``out_dir`` (default: a new timestamped folder)."""
    folder = Path(out_dir) if out_dir is not None else default_out_dir()
    folder.mkdir(parents=True, exist_ok=True)
    metrics = result.metrics()
    (folder / "metrics.json").write_text(
        json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    with (folder / "per_question.jsonl").open("w", encoding="utf-8") as handle:
        for record in result.records:
            handle.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    (folder / "report.md").write_text(render_markdown(result, metrics), encoding="utf-8")
    plot_modes(metrics, folder / "modes.png")
    return folder
