"""The upload's checks on hostile and malformed files (programme.upload_gate, then
programme.workbook.reading.read): every case of tests.hostile_files is refused with its reason (in
French too), without unpacking a zip bomb; a valid workbook passes whatever its file name."""

from __future__ import annotations

import tracemalloc

import openpyxl
import pytest

import i18n
from programme import upload_gate
from programme.problems import Phrase
from programme.workbook import reading
from tests.hostile_files import (
    CASES,
    MAX_BYTES,
    base_workbook,
    cells_changed,
    check,
    edited,
    repacked,
    translations,
)


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_hostile_file_is_refused_with_its_reason_in_the_readers_language(case):
    content, name, fragment = CASES[case]
    french, translate = translations("fr"), i18n.translator("fr")

    problems = check(content, name)

    assert problems, case
    assert any(fragment in problem.reason.lower() for problem in problems), [p.reason for p in problems]
    for problem in problems:
        assert problem.template and problem.template in french, problem
        assert problem.reason == problem.template.format(**dict(problem.params))  # the English is unchanged
        phrases = [value for _name, value in problem.params if isinstance(value, Phrase)]
        assert all(phrase in french for phrase in phrases), problem
        assert problem.text(translate) != problem.reason, problem  # really shown in French, no fallback


def test_the_zip_bomb_is_refused_without_unpacking_it():
    content, name, _ = CASES["zip_bomb"]
    tracemalloc.start()
    try:
        problems = upload_gate.inspect(content, name, MAX_BYTES)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert [p.reason for p in problems if "zip bomb" in p.reason]
    assert peak < 20 * 1024 * 1024


def test_a_valid_workbook_passes():
    assert check(base_workbook(), "results Q3.xlsx") == []


@pytest.mark.parametrize(
    "name", ["evil.csv", "../../x.xlsx", "..\\..\\x.xls", "", "report\u202excod.xlsx", "/etc/passwd", "a" * 500]
)
def test_the_file_name_does_not_matter(name):
    assert check(base_workbook(), name) == []
    csv, _, fragment = CASES["csv_named_xlsx"]
    assert fragment in upload_gate.inspect(csv, name, MAX_BYTES)[0].reason.lower()


def test_file_problems_name_the_file_shortened_and_never_as_a_path():
    problems = upload_gate.inspect(b"", "../../" + "a" * 300 + "\u202e\x00.xlsx", MAX_BYTES)

    assert [(p.sheet, p.row, p.column) for p in problems] == [("", None, None)]
    value = problems[0].value
    assert len(value) <= upload_gate.NAME_SHOWN and "/" not in value and ".." not in value
    assert "\u202e" not in value and "\x00" not in value


def test_size_limit_is_the_one_given():
    content = base_workbook()
    assert upload_gate.inspect(content, "x.xlsx", len(content)) == []
    problems = upload_gate.inspect(content, "x.xlsx", len(content) - 1)
    assert len(problems) == 1 and "larger than" in problems[0].reason


@pytest.mark.parametrize(
    "size, shown",
    [(12_000_000, "12 MB"), (12 * 1024 * 1024, "12.6 MB"), (10_000_001, "10.1 MB"), (10_100_000, "10.1 MB")],
)
def test_a_file_too_large_is_told_its_size_in_the_unit_of_the_limit(size, shown):
    """MB is 1,000,000 bytes, for the limit (MIGDASH_UPLOAD_MAX_MB) and the file alike."""
    content = base_workbook()
    problems = upload_gate.inspect(content + bytes(size - len(content)), "x.xlsx", 10 * upload_gate.MB)

    assert [p.reason.split(":")[0] for p in problems] == [f"the file is larger than the limit of 10 MB (it is {shown})"]


@pytest.mark.parametrize(
    "count, shown",
    [
        (0, "0 bytes"),
        (999, "999 bytes"),
        (1000, "1 KB"),
        (1001, "2 KB"),
        (999_999, "1000 KB"),
        (1_000_000, "1 MB"),
        (99_950_001, "100.0 MB"),
        (200_000_000, "200 MB"),
        (150_000_001, "151 MB"),
    ],
)
def test_sizes_are_rounded_up_never_down(count, shown):
    assert upload_gate._size(count) == shown


def test_a_thousand_sheets_are_too_many_sheets_not_a_zip_bomb():
    content, name, _ = CASES["thousand_sheets"]

    problems = upload_gate.inspect(content, name, MAX_BYTES)

    assert len(problems) == 1 and problems[0].sheet == ""
    assert problems[0].reason.startswith("too many sheets (1000; at most 20): delete the sheets that are not part")
    assert "zip bomb" not in problems[0].reason


def test_a_cell_longer_than_excel_allows_names_its_sheet_row_and_column():
    content, _, _ = CASES["cell_longer_than_excel_allows"]

    problems = reading.read(content).problems

    assert [(p.sheet, p.column) for p in problems] == [("activities", "title")] and problems[0].row > 1
    assert problems[0].reason == (
        "longer than Excel's limit of 32,767 characters per cell (40,000 characters): shorten the text"
    )
    assert len(problems[0].value) <= 200  # shown shortened


def test_a_cell_of_exactly_excels_limit_is_accepted():
    content = cells_changed(("activities", "activity_id", "MDA-A1", "title", "x" * 32_767))
    assert check(content, "x.xlsx") == []


def test_merged_cells_name_the_sheet_and_range():
    content, name, _ = CASES["merged_cells"]

    problems = upload_gate.inspect(content, name, MAX_BYTES)

    assert [(p.sheet, p.row, p.value) for p in problems] == [("activities", 3, "D3:D4")]


@pytest.mark.parametrize(
    "lang, rest",
    [
        ("en", "merged ranges in this sheet not listed above: 1."),
        ("fr", "plages fusionnées de cette feuille non listées ci-dessus : 1."),
        ("es", "rangos combinados de esta hoja no enumerados arriba: 1."),
    ],
)
def test_merged_ranges_beyond_those_listed_are_counted_in_words_right_for_one(lang, rest):
    def merge_many(book):
        ws = book["activities"]
        for row in range(3, 3 + 2 * (upload_gate.MERGED_SHOWN + 1), 2):  # one range more than listed
            ws.merge_cells(start_row=row, start_column=4, end_row=row + 1, end_column=4)

    problems = upload_gate.inspect(edited(merge_many), "x.xlsx", MAX_BYTES)

    assert len(problems) == upload_gate.MERGED_SHOWN + 1
    assert problems[-1].text(i18n.translator(lang)).startswith(rest)


def test_merged_cells_in_a_workbook_written_as_excel_writes_it():
    """Relative relationship targets and an XML declaration, as Excel writes them."""
    content, name, _ = CASES["merged_cells"]
    declaration = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    parts = {f"xl/worksheets/sheet{number}.xml": (lambda xml: declaration + xml) for number in range(1, 11)}
    parts["xl/_rels/workbook.xml.rels"] = lambda xml: declaration + xml.replace(b'Target="/xl/', b'Target="')

    problems = upload_gate.inspect(repacked(parts, base=content), name, MAX_BYTES)

    assert [(p.sheet, p.value) for p in problems] == [("activities", "D3:D4")]


def test_merged_cells_when_the_sheet_names_cannot_be_read_name_the_part():
    content, name, _ = CASES["merged_cells"]
    unreadable = repacked({"xl/_rels/workbook.xml.rels": b"<Relationships"}, base=content)

    problems = upload_gate.inspect(unreadable, name, MAX_BYTES)

    assert len(problems) == 1 and problems[0].sheet.startswith("xl/worksheets/sheet")
    assert "unmerge" in problems[0].reason


def test_merged_cells_in_the_instructions_sheet_are_allowed():
    def merge(book):
        book["Instructions"].merge_cells("A1:D1")

    assert check(edited(merge), "x.xlsx") == []


@pytest.mark.parametrize(
    "content, encoding",
    [
        (b"a,b\r\n1,2\r\n", "utf-8"),
        ("\ufeffa;b\r\n1;é\r\n".encode("utf-8"), "utf-8 with bom"),
        ("a\tb\r\n1\té\r\n".encode("utf-16-le"), "utf-16 without bom"),
        ("a;b\r\n1;€\r\n".encode("utf-16-be"), "utf-16 without bom"),
    ],
)
def test_csv_encodings_are_named(content, encoding):
    reason = upload_gate.inspect(content, "x.xlsx", MAX_BYTES)[0].reason.lower()

    assert "csv files are not accepted" in reason and f"in {encoding})" in reason


def test_other_text_is_not_a_workbook():
    problems = upload_gate.inspect(b"<html><body>Sign in</body></html>", "x.xlsx", MAX_BYTES)

    assert "not an excel workbook (.xlsx)" in problems[0].reason.lower()


def test_the_cell_edits_of_the_cases_are_put_back():
    assert check(cells_changed(), "x.xlsx") == []


def test_openpyxl_parses_xml_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


# --- the caps of reading.read -------------------------------------------------------------------


def test_too_many_columns_stops_at_the_cap():
    def wide(book):
        ws = book["activities"]
        ws.cell(1, reading.MAX_COLUMNS + 10, "notes")
        ws.cell(5, reading.MAX_COLUMNS + 10, "a note far to the right")

    problems = reading.read(edited(wide)).problems

    assert [(p.sheet, p.row) for p in problems] == [("activities", 1)]
    assert f"more than {reading.MAX_COLUMNS} columns" in problems[0].reason


def test_too_many_columns_in_data_rows_alone():
    def wide(book):
        book["milestones"].cell(7, reading.MAX_COLUMNS + 1, "beyond the cap")

    problems = reading.read(edited(wide)).problems

    assert [(p.sheet, p.row) for p in problems] == [("milestones", 7)]
    assert "more than" in problems[0].reason


def test_too_many_sheets_is_one_problem_and_lists_at_most_the_cap():
    def many(book):
        for number in range(reading.MAX_SHEETS + 5):
            book.create_sheet(f"notes {number}")

    problems = reading.read(edited(many)).problems

    assert problems[0].reason.startswith(f"too many sheets ({reading.MAX_SHEETS + 15}; at most {reading.MAX_SHEETS})")
    assert problems[0].sheet == ""
    assert len(problems) == 1 + reading.MAX_SHEETS - 10  # the template's 10 sheets come first


def test_too_many_rows_stops_at_the_cap(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 100)
    content = base_workbook()

    result = reading.read(content)

    capped = [p for p in result.problems if "more than 100 rows" in p.reason]
    assert {p.sheet for p in capped} == {"indicator_values"}  # 1334 rows; the other sheets have fewer than 100
    assert len(result.frames["indicator_values"]) == 100


def test_rows_cap_ignores_empty_rows_beyond_it(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 64)  # exactly the activities' rows

    def styled(book):
        book["activities"].cell(5000, 1).number_format = "0.00"  # an empty, formatted cell far below

    problems = reading.read(edited(styled)).problems

    assert not [p for p in problems if p.sheet == "activities"]


def test_header_not_on_row_1_is_one_problem():
    content, _, _ = CASES["header_not_on_row_1"]

    problems = reading.read(content).problems

    assert [(p.sheet, p.row) for p in problems] == [("activities", 3)]
