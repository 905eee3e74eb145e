"""Click's own messages in Vietnamese: usage errors and ``--help`` read like the rest.

Click looks every message up through :mod:`gettext` at the moment it is
shown, with module-level ``_`` and ``ngettext``; pointing those at this
table translates usage errors ("Invalid value for '--mode'…") and the help
page ("Show this message and exit.") without touching click's parser.
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

MESSAGES: dict[str, str] = {
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem '{command} {option}' để được hướng dẫn.",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing command.": "Thiếu lệnh.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such option: {name}": "Không có tùy chọn: {name}",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} cần {nargs} giá trị.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải {number_type} hợp lệ.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} không tồn tại.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là một thư mục.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là một tệp.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "directory": "thư mục",
    "file": "tệp",
    "path": "đường dẫn",
    "Aborted!": "Đã hủy.",
}
PLURALS: dict[str, str] = {
    "Got unexpected extra argument ({args})": "Thừa tham số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa tham số ({args})",
    "Did you mean {possibility}?": "Ý bạn là {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Ý bạn là một trong: {possibilities}?)",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "{value!r} is not {choice}.": "{value!r} không phải {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không thuộc {choices}.",
}
_MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types)


def translate(message: str) -> str:
    """Vietnamese for a click message id (unknown ids pass through)."""
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    """Vietnamese for a click message with singular and plural forms."""
    chosen = singular if count == 1 else plural
    return PLURALS.get(chosen, chosen)


def install() -> None:
    """Point click's message look-ups at the Vietnamese table."""
    click.types.IntParamType.name = "số nguyên"
    click.types.IntRange.name = "số nguyên"
    click.types.FloatParamType.name = "số thực"
    for module in _MODULES:
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural  # type: ignore[attr-defined]


def localise(group: click.Group) -> None:
    """Vietnamese placeholders in the usage lines of ``group`` and all its commands."""
    group.options_metavar = "[TÙY_CHỌN]"
    group.subcommand_metavar = "LỆNH [THAM_SỐ]..."
    for command in group.commands.values():
        command.options_metavar = "[TÙY_CHỌN]"
        if isinstance(command, click.Group):
            localise(command)
