"""``khcn-qa``: the command line, a thin shell over :class:`khcn_qa.Assistant`.

Every failure a user can cause ends as one Vietnamese line on stderr and a
non-zero exit code, never a traceback (``KHCN_QA_DEBUG=1`` shows it).
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from khcn_qa import cli_messages, config
from khcn_qa.cli_options import index_option
from khcn_qa.cli_output import (
    cut,
    document_table,
    print_ingest_report,
    print_warning,
    require_index,
)
from khcn_qa.errors import KhcnQaError

if TYPE_CHECKING:
    from khcn_qa.assistant import Assistant

INDEX_OPTION = index_option
cli_messages.install()
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
    """Open an existing index; a missing one is an error, not a silent build from corpus/."""
    from khcn_qa import Assistant

    index = require_index(_index(index_dir))
    assistant = Assistant.open(index)
    print_warning(assistant.status().warning)
    return assistant


class _Commands(click.Group):
    """The CLI group; ``eval`` is imported only when run or listed.

    The evaluation runner pulls in numpy, scipy and the baseline system
    (a third of a second); ``list`` and ``ask`` should not pay for it.
    """

    lazy: dict[str, tuple[str, str]] = {"eval": ("khcn_qa.evaluation.cli", "eval_command")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, attribute = self.lazy[cmd_name]
            command: click.Command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, cmd_name)
            cli_messages.localise(self)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="khcn-qa")
def cli() -> None:
    """Hỏi đáp có trích dẫn trên văn bản kế hoạch khoa học và công nghệ (chạy offline)."""
    logging.basicConfig(level=config.settings().log_level, format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="ĐƯỜNG_DẪN...")
@INDEX_OPTION
@click.option("--rebuild", is_flag=True, help="Bỏ chỉ mục cũ, nạp lại toàn bộ từ các đường dẫn đã cho.")
def ingest(paths: tuple[Path, ...], index_dir: Path | None, rebuild: bool) -> None:
    """Nạp văn bản (TXT/MD/DOCX/PDF, kể cả PDF quét, DOC/ODT/RTF, XLSX/XLS/ODS hoặc thư mục): thêm mới, thay tệp đã đổi, bỏ qua tệp không đổi."""
    from khcn_qa.embedding.lazy import LazyEmbedder
    from khcn_qa.index import builder

    _require_paths(paths)
    if not builder.expand_paths(paths):
        supported = ", ".join(config.LIMITS.extensions)
        raise KhcnQaError(f"Không có tệp nào được hỗ trợ ({supported}) trong: {', '.join(map(str, paths))}")
    settings = config.settings()
    embedder = LazyEmbedder(settings.embed_model, settings.embed_engine)  # loaded only if something is new
    bar = _progress_bar()
    try:
        report = builder.ingest(
            _index(index_dir), list(paths), embedder, rebuild=rebuild, progress=bar,
            notify=lambda message: click.echo(message, err=True),
        )  # fmt: skip
    finally:
        bar.close()
    if report.embedded:
        click.echo(
            f"Đã nhúng {report.embedded} đoạn trong {report.embed_seconds:.1f} s "
            f"({report.chunks_per_second:.1f} đoạn/s)."
        )
    if print_ingest_report(report):
        sys.exit(1)


@cli.command("list")
@INDEX_OPTION
@click.option("--json", "as_json", is_flag=True, help="In JSON.")
def list_documents(index_dir: Path | None, as_json: bool) -> None:
    """Liệt kê các văn bản đã nạp."""
    from khcn_qa.assistant import indexed_documents

    docs, warning = indexed_documents(require_index(_index(index_dir)))
    print_warning(warning)
    if as_json:
        rows = [{**d.meta.to_dict(), "sha256": d.sha256, "chunks": d.chunks, "ingested_at": d.ingested_at} for d in docs]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for line in document_table(docs):
        click.echo(line)


@cli.command()
@click.argument("source", metavar="TÊN_VĂN_BẢN")
@INDEX_OPTION
def remove(source: str, index_dir: Path | None) -> None:
    """Gỡ hẳn một văn bản khỏi chỉ mục (theo tên như `list` in ra); các lần nạp lại sẽ bỏ qua nó."""
    from khcn_qa.index import builder

    report = builder.remove(require_index(_index(index_dir)), [source])  # embeds nothing: no model is loaded
    if not report.removed:
        raise KhcnQaError(f"Không có văn bản {source} trong chỉ mục (xem `khcn-qa list`).")
    for note in report.notes:
        click.echo(note)
    click.echo(f"Chỉ mục còn {report.chunks} đoạn.")


def _require_paths(paths: tuple[Path, ...]) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise KhcnQaError(f"Không tìm thấy: {', '.join(missing)}")


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="[TỆP]...")
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


MODE_HELP = "Cách tìm: bm25 (từ khóa), dense (ngữ nghĩa), hybrid (kết hợp)."
FILTER_OPTIONS = [
    click.option("--province", metavar="TỈNH", help="Lọc theo tỉnh."),
    click.option("--doc-type", metavar="LOẠI", help="Lọc theo loại văn bản (Kế hoạch, Báo cáo…)."),
    click.option("--year", type=int, metavar="NĂM", help="Lọc theo năm."),
    click.option("--source", metavar="TÊN_TỆP", help="Lọc theo tên văn bản (như `list` in ra)."),
]


def _with_filters(func: F) -> F:
    for option in reversed(FILTER_OPTIONS):
        func = option(func)
    return func


def _where(hit: object) -> str:
    """", trang 3 (trích từ bản quét, có thể sai chính tả)" for a hit with a page."""
    from khcn_qa.ui.render import SCAN_NOTE

    page = getattr(hit, "page", None)
    text = f", trang {page}" if page is not None else ""
    return text + (f" ({SCAN_NOTE})" if getattr(hit, "from_scan", False) else "")


@cli.command()
@click.argument("query", metavar="TRUY_VẤN")
@click.option("--mode", type=click.Choice(["bm25", "dense", "hybrid"]), default="hybrid", show_default=True, help=MODE_HELP)
@click.option("--top-k", type=click.IntRange(1, 100), default=5, show_default=True, help="Số đoạn trả về.")
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
    for number, h in enumerate(hits):
        if number:
            click.echo()
        click.echo(f"{h.rank}. [{h.score:.3f}] {h.title} ({h.meta.number or 'chưa có số'}) — {h.source}{_where(h)}")
        click.echo(f"   {h.section or '—'}")
        click.echo("   " + cut(h.text, 400).replace("\n", "\n   "))


@cli.command()
@click.argument("question", metavar="CÂU_HỎI")
@click.option("--top-k", type=click.IntRange(1, 50), default=8, show_default=True, help="Số đoạn tìm được đưa vào câu trả lời.")
@click.option("--mode", type=click.Choice(["bm25", "dense", "hybrid"]), default="hybrid", show_default=True, help=MODE_HELP)
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
        click.echo(f"[{marker}] {where} — {hit.section or hit.source}{_where(hit)}")
        click.echo("    " + cut(hit.text, 300).replace("\n", "\n    "))


def _register_extensions() -> None:
    from khcn_qa.ui.commands import feedback_group, serve_command

    cli.add_command(serve_command)
    cli.add_command(feedback_group)
    cli_messages.localise(cli)


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
    except click.exceptions.Abort:  # click's form of Ctrl+C
        click.echo("Đã dừng; chỉ mục cũ vẫn nguyên vẹn.", err=True)
        sys.exit(130)
    except click.UsageError as error:
        hint = f" (xem `{error.ctx.command_path} --help`)" if error.ctx else ""
        click.echo(f"Lỗi: {' '.join(error.format_message().split())}{hint}", err=True)
        sys.exit(error.exit_code)
    except click.ClickException as error:
        click.echo(f"Lỗi: {' '.join(error.format_message().split())}", err=True)
        sys.exit(error.exit_code)
    except KhcnQaError as error:
        if _debug():
            raise
        click.echo(f"Lỗi: {error}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Đã dừng; chỉ mục cũ vẫn nguyên vẹn.", err=True)
        sys.exit(130)
