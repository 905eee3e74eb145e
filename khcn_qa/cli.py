"""``khcn-qa``: the command line, a thin shell over :class:`khcn_qa.Assistant`.

Every failure a user can cause ends as one Vietnamese line on stderr and a
non-zero exit code, never a traceback (``KHCN_QA_DEBUG=1`` shows it).
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from khcn_qa import config
from khcn_qa.cli_options import index_option
from khcn_qa.errors import KhcnQaError

if TYPE_CHECKING:
    from khcn_qa.assistant import Assistant

INDEX_OPTION = index_option
F = TypeVar("F", bound=Callable[..., Any])


def _index(index_dir: Path | None) -> Path:
    return index_dir or config.default_index_dir()


class _ProgressBar:
    """A progress callback that draws a tqdm bar on stderr from its first call on."""

    def __init__(self) -> None:
        self._bar: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=max(total, 1), unit="bước", file=sys.stderr, leave=False)
        self._bar.total = max(total, 1)
        self._bar.n = done
        self._bar.set_description(stage[:40])
        self._bar.refresh()

    def close(self) -> None:
        """Remove the bar from the terminal."""
        if self._bar is not None:
            self._bar.close()


def _progress_bar() -> _ProgressBar:
    return _ProgressBar()


def _open(index_dir: Path | None) -> Assistant:
    from khcn_qa import Assistant

    return Assistant.open(_index(index_dir), progress=_progress_bar())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="khcn-qa")
def cli() -> None:
    """Hỏi đáp có trích dẫn trên văn bản kế hoạch khoa học và công nghệ (chạy offline)."""
    logging.basicConfig(level=config.settings().log_level, format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@INDEX_OPTION
@click.option("--rebuild", is_flag=True, help="Bỏ chỉ mục cũ, nạp lại toàn bộ từ các đường dẫn đã cho.")
def ingest(paths: tuple[Path, ...], index_dir: Path | None, rebuild: bool) -> None:
    """Nạp văn bản (TXT/MD/DOCX/PDF hoặc thư mục): thêm mới, thay tệp đã đổi, bỏ qua tệp không đổi."""
    from khcn_qa.embedding.lazy import LazyEmbedder
    from khcn_qa.index import builder

    _require_paths(paths)
    settings = config.settings()
    bar = _progress_bar()
    embedder = LazyEmbedder(settings.embed_model, settings.embed_engine)  # loaded only if something is new
    report = builder.ingest(_index(index_dir), list(paths), embedder, rebuild=rebuild, progress=bar)
    bar.close()
    for label, names in (("Thêm mới", report.added), ("Thay thế", report.replaced), ("Không đổi", report.skipped)):
        for name in names:
            click.echo(f"{label}: {name}")
    for name, reason in report.failed.items():
        click.echo(f"Lỗi: {name}: {reason}", err=True)
    click.echo(f"Chỉ mục có {report.chunks} đoạn.")
    if report.embedded:
        click.echo(f"Đã nhúng {report.embedded} đoạn trong {report.embed_seconds:.1f} s ({report.chunks_per_second:.1f} đoạn/s).")
    if report.failed and not (report.added or report.replaced or report.skipped):
        sys.exit(1)


@cli.command("list")
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="In JSON.")
def list_documents(index_dir: Path | None, as_json: bool) -> None:
    """Liệt kê các văn bản đã nạp."""
    docs = _open(index_dir).documents()
    if as_json:
        rows = [{**d.meta.to_dict(), "sha256": d.sha256, "chunks": d.chunks, "ingested_at": d.ingested_at} for d in docs]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for d in docs:
        number = d.meta.number or "chưa có số"
        click.echo(f"{d.meta.source}\t{d.meta.doc_type or '?'}\t{number}\t{d.meta.date or '?'}\t{d.meta.province or '?'}\t{d.chunks} đoạn")


@cli.command()
@click.argument("source")
@INDEX_OPTION
def remove(source: str, index_dir: Path | None) -> None:
    """Gỡ một văn bản khỏi chỉ mục (theo tên tệp)."""
    from khcn_qa.index import builder

    report = builder.remove(_index(index_dir), [source])  # embeds nothing: no model is loaded
    if not report.removed:
        raise KhcnQaError(f"Không có văn bản {Path(source).name} trong chỉ mục.")
    click.echo(f"Đã gỡ {report.removed[0]}; chỉ mục còn {report.chunks} đoạn.")


def _require_paths(paths: tuple[Path, ...]) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise KhcnQaError(f"Không tìm thấy: {', '.join(missing)}")


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In JSON.")
def chunks(files: tuple[Path, ...], as_json: bool) -> None:
    """Phân tích tệp (mặc định: cả thư mục corpus/) và in từng đoạn để kiểm tra."""
    from khcn_qa.index.builder import expand_paths

    _require_paths(files)
    for file in expand_paths(files or (config.default_corpus_dir(),)):
        _print_chunks(file, as_json)


def _print_chunks(file: Path, as_json: bool) -> None:
    from khcn_qa.ingest.loaders import load_document
    from khcn_qa.ingest.parse import parse_document

    parsed = parse_document(load_document(file))
    if as_json:
        payload = {
            "meta": parsed.meta.to_dict(),
            "chunks": [
                {"id": c.chunk_id, "kind": c.kind, "section": list(c.section), "unit": c.unit,
                 "row_id": c.row_id, "fields": dict(c.fields), "page": c.page, "text": c.text}
                for c in parsed.chunks
            ],
        }  # fmt: skip
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    click.echo(json.dumps(parsed.meta.to_dict(), ensure_ascii=False, indent=2))
    for c in parsed.chunks:
        click.echo(f"\n[{c.chunk_id}] {c.kind}{' TT ' + c.row_id if c.row_id else ''}")
        click.echo(f"  mục: {c.section_path or '—'}")
        if c.unit:
            click.echo(f"  đơn vị: {c.unit}")
        for name, value in c.fields.items():
            click.echo(f"  {name}: {value}")
        click.echo("  " + c.text.replace("\n", "\n  "))


def _filters(province: Any = None, doc_type: Any = None, year: Any = None, source: Any = None) -> dict[str, object]:
    filters = {"province": province, "doc_type": doc_type, "year": year, "source": source}
    return {k: v for k, v in filters.items() if v}


FILTER_OPTIONS = [
    click.option("--province", help="Lọc theo tỉnh."),
    click.option("--doc-type", help="Lọc theo loại văn bản (Kế hoạch, Báo cáo…)."),
    click.option("--year", type=int, help="Lọc theo năm."),
    click.option("--source", help="Lọc theo tên tệp."),
]


def _with_filters(func: F) -> F:
    for option in reversed(FILTER_OPTIONS):
        func = option(func)
    return func


@cli.command()
@click.argument("query")
@click.option("--mode", type=click.Choice(["bm25", "dense", "hybrid"]), default="hybrid", show_default=True)
@click.option("--top-k", type=click.IntRange(1, 100), default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="In JSON.")
@INDEX_OPTION
@_with_filters
def search(query: str, mode: str, top_k: int, as_json: bool, index_dir: Path | None, **filters: Any) -> None:
    """Tìm các đoạn văn bản liên quan."""
    hits = _open(index_dir).search(query, top_k=top_k, mode=mode, filters=_filters(**filters))
    if as_json:
        click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("Không tìm thấy đoạn nào.")
    for h in hits:
        click.echo(f"\n{h.rank}. [{h.score:.3f}] {h.title} ({h.meta.number or 'chưa có số'}) — {h.source}")
        click.echo(f"   {h.section or '—'}")
        click.echo("   " + h.text[:400].replace("\n", "\n   "))


@cli.command()
@click.argument("question")
@click.option("--top-k", type=click.IntRange(1, 50), default=8, show_default=True)
@click.option("--mode", type=click.Choice(["bm25", "dense", "hybrid"]), default="hybrid", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="In JSON: answer, abstained, citations.")
@INDEX_OPTION
@_with_filters
def ask(question: str, top_k: int, mode: str, as_json: bool, index_dir: Path | None, **filters: Any) -> None:
    """Trả lời câu hỏi kèm trích dẫn."""
    answer = _open(index_dir).ask(question, top_k=top_k, mode=mode, filters=_filters(**filters))
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(answer.text)
    label = "Các đoạn gần nhất (không phải câu trả lời):" if answer.abstained else "Trích dẫn:"
    cited = [(h.rank, h) for h in answer.nearest] if answer.abstained else [(c.marker, c.hit) for c in answer.citations]
    if cited:
        click.echo(f"\n{label}")
    for marker, hit in cited:
        where = f"{hit.title} ({hit.meta.number or 'chưa có số'}, {hit.meta.date or '?'})"
        click.echo(f"[{marker}] {where} — {hit.section or hit.source}")
        click.echo("    " + hit.text[:300].replace("\n", "\n    "))


def _register_extensions() -> None:
    from khcn_qa.evaluation.cli import eval_command
    from khcn_qa.ui.commands import feedback_group, serve_command

    cli.add_command(eval_command)
    cli.add_command(serve_command)
    cli.add_command(feedback_group)


_register_extensions()


def _debug() -> bool:
    try:
        return config.settings().debug
    except KhcnQaError:  # a bad setting is the error being reported
        return False


def main() -> None:
    """Entry point: run the CLI and turn known failures into one clear line."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Đã huỷ.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except KhcnQaError as error:
        if _debug():
            raise
        click.echo(f"Lỗi: {error}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Đã dừng; chỉ mục cũ vẫn nguyên vẹn.", err=True)
        sys.exit(130)
