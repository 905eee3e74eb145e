"""Options shared by every command that works on an index folder."""

from __future__ import annotations

from pathlib import Path

import click

index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    metavar="THƯ_MỤC",
    help="Thư mục chỉ mục (mặc định: $KHCN_QA_INDEX hoặc index/).",
)
