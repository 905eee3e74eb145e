"""Spreadsheet grids → blocks: header search, two-row headers, merged cells, group rows."""

from __future__ import annotations

import datetime as dt

from khcn_qa.ingest.loaders.spreadsheet import cell_text, fill_merged, sheet_blocks

HEADER = ["STT", "Nội dung", "Đơn vị chủ trì", "Thời gian"]


def tables(blocks):
    return [b for b in blocks if b.kind == "table"]


def test_cell_text_shows_values_as_the_sheet_does():
    assert cell_text(12.0) == "12"
    assert cell_text(850.5) == "850,5"
    assert cell_text(dt.date(2025, 3, 1)) == "01/03/2025"
    assert cell_text(dt.datetime(2025, 3, 1)) == "01/03/2025"
    assert cell_text(None) == ""
    assert cell_text("  Sở   Tài chính ") == "Sở Tài chính"


def test_fill_merged_copies_value_over_the_range():
    grid = [["a", "", ""], ["", "", ""]]
    assert fill_merged(grid, [((0, 0), (1, 1))]) == [["a", "a", ""], ["a", "a", ""]]
    assert grid[1][1] == ""  # the input grid is not changed


def test_header_found_below_title_and_column_number_row_skipped():
    grid = [
        ["KẾ HOẠCH NHIỆM VỤ NĂM 2025", "", "", ""],
        ["", "", "", ""],
        HEADER,
        ["(1)", "(2)", "(3)", "(4)"],
        ["1", "Hội thảo chuyển đổi số", "Văn phòng Sở", "Quý I"],
    ]
    blocks = sheet_blocks(grid)
    assert blocks[0].text == "KẾ HOẠCH NHIỆM VỤ NĂM 2025" and blocks[0].heading_level == 1
    (table,) = tables(blocks)
    assert table.rows == (tuple(HEADER), ("1", "Hội thảo chuyển đổi số", "Văn phòng Sở", "Quý I"))


def test_single_header_row_is_not_joined_with_a_wordy_first_row():
    grid = [HEADER, ["", "Nhiệm vụ chuyển tiếp", "", ""], ["1", "Đề tài A", "Sở Y tế", "2025"]]
    (table,) = tables(sheet_blocks(grid))
    assert table.rows[0] == tuple(HEADER)


def test_unnumbered_group_row_splits_the_table_and_roman_one_stays_inside():
    group = ["Nhiệm vụ mở mới"] * 4  # merged across the row, then filled
    grid = [
        HEADER,
        ["I. NHIỆM VỤ CHUYỂN TIẾP"] * 4,
        ["1", "Đề tài A", "Sở Y tế", "2025"],
        group,
        ["2", "Đề tài B", "Sở Công Thương", "2026"],
    ]
    blocks = sheet_blocks(grid)
    assert [b.kind for b in blocks] == ["table", "text", "table"]
    assert blocks[0].rows[1] == ("I", "NHIỆM VỤ CHUYỂN TIẾP", "", "")
    assert blocks[1].text == "Nhiệm vụ mở mới"
    assert blocks[2].rows == (tuple(HEADER), ("2", "Đề tài B", "Sở Công Thương", "2026"))


def test_empty_columns_dropped_and_sheet_without_header_kept_as_tsv_lines():
    (table,) = tables(sheet_blocks([[*HEADER, ""], ["1", "Đề tài A", "Sở Y tế", "2025", ""]]))
    assert len(table.rows[0]) == 4
    blocks = sheet_blocks([["Ghi chú", "12"], ["Tổng", "3"]])
    assert [b.text for b in blocks] == ["Ghi chú\t12", "Tổng\t3"]


def test_spreadsheet_chunks_name_their_columns():
    from khcn_qa.ingest.parse import parse_document
    from khcn_qa.records import LoadedDocument

    blocks = tuple(sheet_blocks([HEADER, ["1", "Đề tài A", "Sở Y tế", "2025"]]))
    parsed = parse_document(LoadedDocument("a.xlsx", "xlsx", "0", blocks))
    (row,) = parsed.chunks
    assert row.kind == "table_row" and row.unit == "Sở Y tế"
    assert row.text == "TT 1. Nội dung: Đề tài A; Đơn vị chủ trì: Sở Y tế; Thời gian: 2025"
