"""Turn the operating system's refusals to write into one clear line.

A read-only index folder or a full disk used to end an ingest with a raw
``OSError`` traceback (nothing was lost: the temporary folder is removed and
the live generation is untouched). Staff need to know which of the two it
was and what to do.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from khcn_qa.errors import IndexError_

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def write_failure(index_dir: Path, error: OSError) -> IndexError_ | None:
    """The one-line error for a refused write, or None for other failures."""
    if error.errno in _FULL:
        return IndexError_(
            f"Đĩa đầy, không ghi được chỉ mục vào {index_dir}; chỉ mục cũ vẫn nguyên vẹn — "
            "hãy giải phóng dung lượng rồi nạp lại."
        )
    if error.errno in _READ_ONLY:
        return IndexError_(
            f"Không có quyền ghi vào thư mục chỉ mục {index_dir} (chỉ đọc); chỉ mục cũ vẫn nguyên vẹn — "
            "hãy cấp quyền ghi hoặc dùng --index với thư mục khác."
        )
    return None


@contextmanager
def writing_errors(index_dir: Path) -> Iterator[None]:
    """Re-raise a read-only or disk-full ``OSError`` as :class:`IndexError_`."""
    try:
        yield
    except OSError as error:
        clear = write_failure(index_dir, error)
        if clear is None:
            raise
        raise clear from error
