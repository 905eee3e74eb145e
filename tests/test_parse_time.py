"""Item 4: every regex on document text runs in linear time.

Before, ``_PLACE_DATE_RE`` rescanned a long run of capitalised words from
every capital letter (390 KB took over a minute, under the writer lock),
and the code pattern of the tokeniser did the same on ``1/1/1/…``. The
bounds below are generous (a shared two-core machine parses 1 MB in 2–7 s);
the quadratic versions needed many minutes.
"""

from __future__ import annotations

import time

import pytest

from khcn_qa.ingest.loaders import load_bytes
from khcn_qa.ingest.parse import parse_document
from khcn_qa.text.tokenize import lexical_tokens

MB = 1_000_000
LINES = {
    "capitalised words": "Ban Chỉ Đạo " * (MB // 12),
    "Số without a number": "Số " * (MB // 3),
    "appendix openers": "(Kèm theo kế hoạch " * (MB // 19),
}


@pytest.mark.parametrize("name", list(LINES))
def test_one_megabyte_pathological_line_parses_in_seconds(name):
    text = "KẾ HOẠCH\n" + LINES[name] + "\n"
    started = time.perf_counter()
    parsed = parse_document(load_bytes(text.encode("utf-8"), "x.txt"))
    assert parsed.chunks
    assert time.perf_counter() - started < 40


def test_long_run_of_slashed_numbers_tokenises_in_seconds():
    started = time.perf_counter()
    lexical_tokens("1/" * 50_000)
    assert time.perf_counter() - started < 20
