"""The programme workbook: template, export, and the checked import (programme.workbook: writing, reading, checks)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter, range_boundaries
from pandas.testing import assert_frame_equal

from data.countries import PROGRAMME_COUNTRIES
from programme import database, demo, schema
from programme.workbook import reading, writing

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_SHEETS = [sheet.name for sheet in schema.SHEETS]


@pytest.fixture(scope="module")
def raw_demo() -> dict[str, pd.DataFrame]:
    return demo.generate()


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory, raw_demo) -> database.ProgrammeData:
    url = f"sqlite:///{tmp_path_factory.mktemp('store')}/p.sqlite"
    version = database.publish(url, raw_demo, created_by="test", kind="demo", is_demo=True)
    return database.read(url, version.version_id)


@pytest.fixture(scope="module")
def exported(demo_data) -> bytes:
    return writing.export(demo_data)


def _load(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(content))


def _save(book: openpyxl.Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _column(ws, name: str) -> int:
    """1-based column of a header, found by reading row 1."""
    return [cell.value for cell in ws[1]].index(name) + 1


def _row_of(ws, column_name: str, value) -> int:
    column = _column(ws, column_name)
    return next(row for row in range(2, ws.max_row + 1) if ws.cell(row, column).value == value)


def _where(problems) -> list[tuple]:
    return sorted((p.sheet, p.row or 0, p.column or "") for p in problems)


# --- round trip ---------------------------------------------------------------------------------


def test_round_trip_of_the_demo_data(demo_data, raw_demo, exported):
    result = reading.read(exported)

    assert result.problems == []
    assert list(result.frames) == DATA_SHEETS
    for sheet in schema.SHEETS:
        assert len(result.frames[sheet.name]) == len(raw_demo[sheet.name]), sheet.name
        assert_frame_equal(result.frames[sheet.name], demo_data.frames[sheet.name])
        # and equal to the generator's rows normalized directly, without the store in between
        assert_frame_equal(result.frames[sheet.name], schema.normalize(sheet, raw_demo[sheet.name]))


def test_export_writes_typed_cells(raw_demo, exported):
    book = _load(exported)
    for name in DATA_SHEETS:
        ws = book[name]
        assert ws.max_row - 1 == len(raw_demo[name]), name

    milestones = book["milestones"]
    first = raw_demo["milestones"].sort_values("milestone_id").iloc[0]
    row = _row_of(milestones, "milestone_id", first["milestone_id"])
    planned = milestones.cell(row, _column(milestones, "planned_date"))
    assert isinstance(planned.value, datetime)
    assert planned.value.date() == date.fromisoformat(first["planned_date"])
    assert planned.number_format == "yyyy-mm-dd"
    never = raw_demo["milestones"].loc[raw_demo["milestones"]["achieved_date"].isna()].iloc[0]
    row = _row_of(milestones, "milestone_id", never["milestone_id"])
    assert milestones.cell(row, _column(milestones, "achieved_date")).value is None

    indicators = book["indicators"]
    for record in raw_demo["indicators"].head(12).itertuples():
        row = _row_of(indicators, "indicator_id", record.indicator_id)
        assert indicators.cell(row, _column(indicators, "by_sex")).value == ("yes" if record.by_sex else "no")
        baseline = indicators.cell(row, _column(indicators, "baseline_value")).value
        assert isinstance(baseline, int | float) and not isinstance(baseline, bool)
        assert baseline == record.baseline_value
        assert indicators.cell(row, _column(indicators, "baseline_year")).value == record.baseline_year


def test_round_trip_keeps_awkward_text(tmp_path, raw_demo):
    frames = {name: frame.copy() for name, frame in raw_demo.items()}
    frames["indicators"].loc[0, "means_of_verification"] = "=not a formula, just text"
    frames["indicators"].loc[1, "name"] = "Réfugiés — “quoted”; semi; colons: and ünïcode"
    frames["countries"].loc[0, "coordination_mechanism"] = "0042"
    frames["indicator_values"].loc[0, "value"] = 12.345678901234
    url = f"sqlite:///{tmp_path}/p.sqlite"
    version = database.publish(url, frames, created_by="test", kind="upload", is_demo=False)
    data = database.read(url, version.version_id)

    result = reading.read(writing.export(data))

    assert result.problems == []
    for sheet in schema.SHEETS:
        assert_frame_equal(result.frames[sheet.name], schema.normalize(sheet, frames[sheet.name]))
    assert "=not a formula, just text" in set(result.frames["indicators"]["means_of_verification"])


# --- template -----------------------------------------------------------------------------------


def test_template_sheets_headers_and_comments():
    book = _load(writing.template())

    assert book.sheetnames[0] == "Instructions"
    assert book.sheetnames[1 : 1 + len(DATA_SHEETS)] == DATA_SHEETS
    extra = book.sheetnames[1 + len(DATA_SHEETS) :]
    assert len(extra) == 1 and book[extra[0]].sheet_state == "hidden"
    assert all(book[name].sheet_state == "visible" for name in ["Instructions", *DATA_SHEETS])
    for sheet in schema.SHEETS:
        ws = book[sheet.name]
        assert [cell.value for cell in ws[1]] == [f.name for f in sheet.fields]
        assert ws.max_row == 1
        assert ws.freeze_panes == "A2"
        for column, field in enumerate(sheet.fields, start=1):
            header = ws.cell(1, column)
            assert header.font.bold
            assert header.comment is not None, (sheet.name, field.name)
            text = header.comment.text
            assert field.description in text
            assert ("Required" if field.required else "Optional") in text
            if field.unit:
                assert field.unit in text
            for choice in field.choices:
                assert choice in text
            assert ws.column_dimensions[get_column_letter(column)].width >= len(field.name)
            if field.type == "date":
                assert ws.column_dimensions[get_column_letter(column)].number_format == "yyyy-mm-dd"


def _validated_values(book, validation) -> list[str]:
    """The values a list validation offers, read from the range it points at."""
    target, cells = validation.formula1.split("!")
    ws = book[target.strip("'")]
    min_col, min_row, _, max_row = range_boundaries(cells.replace("$", ""))
    return [ws.cell(row, min_col).value for row in range(min_row, max_row + 1)]


def test_template_drop_down_lists():
    book = _load(writing.template())
    for sheet in schema.SHEETS:
        ws = book[sheet.name]
        by_column = {}
        for validation in ws.data_validations.dataValidation:
            for cell_range in validation.sqref.ranges:
                min_col, min_row, last_col, max_row = cell_range.bounds
                assert min_col == last_col
                by_column[min_col] = (validation, min_row, max_row)
        expected = {
            column: field
            for column, field in enumerate(sheet.fields, start=1)
            if field.type in ("choice", "iso3", "bool")
        }
        assert set(by_column) == set(expected), sheet.name
        for column, field in expected.items():
            validation, min_row, max_row = by_column[column]
            assert validation.type == "list"
            assert min_row == 2 and max_row >= 1000
            assert "!" in validation.formula1  # a range on the hidden sheet, not an inline list
            wanted = ["yes", "no"] if field.type == "bool" else list(field.choices)
            assert _validated_values(book, validation) == wanted, (sheet.name, field.name)
    activities = book["activities"]
    country = get_column_letter(_column(activities, "country"))
    validation = next(v for v in activities.data_validations.dataValidation if str(v.sqref).startswith(country))
    assert _validated_values(book, validation) == list(PROGRAMME_COUNTRIES)


def test_template_instructions():
    ws = _load(writing.template())["Instructions"]
    text = "\n".join(" | ".join(str(v) for v in row if v is not None) for row in ws.iter_rows(values_only=True))

    assert "Mainstreaming Migration into National Development Strategies" in text
    assert "IOM" in text and "UNDP" in text
    assert "DEMO DATA" not in text
    for number, stage in enumerate(schema.STAGES):
        assert f"{number} {stage}" in text
    assert "2025-Q2" in text and "YYYY-MM-DD" in text and ";" in text
    for sheet in schema.SHEETS:
        line = next(row for row in ws.iter_rows(values_only=True) if row[0] == sheet.name)
        assert sheet.title in line and sheet.description in line
        assert ", ".join(sheet.key) in line


def test_reading_the_template_gives_empty_frames():
    result = reading.read(writing.template())

    assert result.problems == []
    assert list(result.frames) == DATA_SHEETS
    for sheet in schema.SHEETS:
        assert len(result.frames[sheet.name]) == 0
        assert_frame_equal(result.frames[sheet.name], schema.empty_frame(sheet))


# --- export -------------------------------------------------------------------------------------


def _instruction_lines(content: bytes) -> list[str]:
    ws = _load(content)["Instructions"]
    return [" ".join(str(v) for v in row if v is not None) for row in ws.iter_rows(values_only=True)]


def test_export_of_demo_data_says_so(demo_data, exported):
    lines = _instruction_lines(exported)

    assert writing.DEMO_LINE in lines[:3]
    assert any(
        f"version {demo_data.version.version_id}" in line and demo_data.version.created_at in line for line in lines[:4]
    )


def test_export_of_real_data_has_no_demo_line(tmp_path, raw_demo):
    url = f"sqlite:///{tmp_path}/p.sqlite"
    database.publish(url, raw_demo, created_by="test", kind="demo", is_demo=True)
    real = database.publish(url, raw_demo, created_by="test", kind="upload", is_demo=False)

    lines = _instruction_lines(writing.export(database.read(url, real.version_id)))

    assert not any("DEMO DATA" in line for line in lines)
    assert any(f"version {real.version_id}" in line for line in lines[:3])


# --- bad uploads --------------------------------------------------------------------------------


def test_every_bad_cell_is_one_problem(exported, raw_demo):
    book = _load(exported)
    expected = []

    ws = book["indicators"]
    row = _row_of(ws, "indicator_id", "ECU-I3")
    ws.cell(row, _column(ws, "baseline_value"), "about ten")
    expected.append(("indicators", row, "baseline_value", "about ten", "text in a number column"))

    ws = book["activities"]
    row = _row_of(ws, "activity_id", "JAM-A2")
    ws.cell(row, _column(ws, "country"), "FRA")
    expected.append(("activities", row, "country", "FRA", "country"))

    ws = book["indicator_values"]
    row = 7
    ws.cell(row, _column(ws, "period"), "2025 Q2")
    expected.append(("indicator_values", row, "period", "2025 Q2", "period"))

    ws = book["capacity_events"]
    row = _row_of(ws, "event_id", "KGZ-E2")
    ws.cell(row, _column(ws, "participants"), "=10+12")
    expected.append(("capacity_events", row, "participants", "=10+12", "formulas are not allowed"))

    ws = book["milestones"]
    row = _row_of(ws, "milestone_id", "SRB-M4")
    ws.cell(row, _column(ws, "title")).value = None
    expected.append(("milestones", row, "title", None, "required"))

    ws = book["countries"]  # a second row for Morocco
    duplicate = [cell.value for cell in ws[_row_of(ws, "country", "MAR")]]
    duplicate[_column(ws, "iom_focal_point") - 1] = "someone else"
    ws.append(duplicate)
    expected.append(("countries", ws.max_row, "country", "MAR", "duplicate"))

    del book["programme"]
    expected.append(("programme", None, None, None, "missing sheet"))

    ws = book["activities"]
    extra = ws.max_column + 1
    ws.cell(1, extra, "remarks")
    ws.cell(3, extra, "a note nobody asked for")
    expected.append(("activities", 1, "remarks", "remarks", "unknown column"))

    result = reading.read(_save(book))

    assert _where(result.problems) == sorted((s, r or 0, c or "") for s, r, c, _, _ in expected)
    for sheet, row, column, value, reason in expected:
        problem = next(p for p in result.problems if (p.sheet, p.row, p.column) == (sheet, row, column))
        assert problem.value == value
        assert reason in problem.reason, problem

    # the frames are still there, with the bad cells empty
    frames = result.frames
    assert len(frames["programme"]) == 0
    assert len(frames["indicators"]) == len(raw_demo["indicators"])
    assert len(frames["countries"]) == len(raw_demo["countries"]) + 1
    indicator = frames["indicators"].set_index("indicator_id").loc["ECU-I3"]
    assert pd.isna(indicator["baseline_value"])
    assert pd.isna(frames["activities"].set_index("activity_id").loc["JAM-A2", "country"])
    assert pd.isna(frames["capacity_events"].set_index("event_id").loc["KGZ-E2", "participants"])
    assert "remarks" not in frames["activities"]


@pytest.mark.parametrize(
    "sheet, key_column, key, column, value, reason",
    [
        ("indicators", "indicator_id", "BGD-I1", "baseline_year", 2019.5, "whole number"),
        ("indicators", "indicator_id", "BGD-I1", "by_sex", "maybe", "yes or no"),
        ("indicators", "indicator_id", "BGD-I1", "unit", "kilograms", "allowed"),
        ("indicators", "indicator_id", "BGD-I1", "result_id", "BGD-OC9", "no such result_id"),
        ("indicator_values", "indicator_id", "TUN-I1", "indicator_id", "TUN-I99", "no such indicator_id"),
        ("activities", "activity_id", "MDA-A1", "start_date", "31/12/2024", "YYYY-MM-DD"),
        ("activities", "activity_id", "MDA-A1", "end_date", "2024-02-30", "not a valid date"),
        ("activities", "activity_id", "MDA-A1", "end_date", 45000, "not a date"),
        ("activities", "activity_id", "MDA-A1", "budget_usd", True, "number column"),
        ("results", "result_id", "BGD-OP1.1", "gcm_objectives", "2;24", "24"),
        ("results", "result_id", "BGD-OP1.1", "parent_id", "ECU-OC1", "another country"),
        ("results", "result_id", "BGD-OP1.1", "parent_id", "BGD-OP1.2", "not an outcome"),
        ("results", "result_id", "BGD-OP1.1", "parent_id", "BGD-OC7", "no such result_id"),
        ("milestones", "milestone_id", "BGD-M1", "result_id", "nowhere", "no such result_id"),
    ],
)
def test_single_bad_cell(exported, sheet, key_column, key, column, value, reason):
    book = _load(exported)
    ws = book[sheet]
    row = _row_of(ws, key_column, key)
    cell = ws.cell(row, _column(ws, column), value)
    cell.number_format = "General"  # a serial number in a cell not formatted as a date is not a date

    problems = reading.read(_save(book)).problems

    assert [(p.sheet, p.row, p.column) for p in problems] == [(sheet, row, column)]
    assert reason in problems[0].reason


def test_missing_required_column_and_missing_optional_column(exported):
    book = _load(exported)
    ws = book["milestones"]
    ws.delete_cols(_column(ws, "evidence_url"))  # optional: allowed, values empty
    ws = book["activities"]
    ws.delete_cols(_column(ws, "budget_usd"))  # required: one problem, not one per row

    result = reading.read(_save(book))

    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("activities", 1, "budget_usd")]
    assert result.frames["milestones"]["evidence_url"].isna().all()
    assert result.frames["activities"]["budget_usd"].isna().all()
    assert list(result.frames["activities"]) == schema.SHEETS_BY_NAME["activities"].columns


def test_missing_column_does_not_cascade_into_cross_sheet_checks(exported):
    book = _load(exported)
    ws = book["results"]
    ws.delete_cols(_column(ws, "level"))

    problems = reading.read(_save(book)).problems

    assert [(p.sheet, p.row, p.column, p.reason) for p in problems] == [
        ("results", 1, "level", "missing required column")
    ]


def test_short_rows_stray_values_and_big_numbers(exported, raw_demo):
    book = _load(exported)
    ws = book["capacity_events"]
    ws.append(["BGD-E99", "BGD", None, "2024-01-31", "training", "A new training", 10, 5])  # no institutions
    short_row = ws.max_row
    stray_column = ws.max_column + 2  # beyond the headers, with no header of its own
    ws.cell(4, stray_column, "a stray note")
    ws.cell(ws.max_row + 3, stray_column, "a stray note on an otherwise empty row")
    row = _row_of(ws, "event_id", "TUN-E1")
    ws.cell(row, _column(ws, "women"), 10**20)

    result = reading.read(_save(book))

    assert [(p.sheet, p.row, p.column) for p in result.problems] == [
        ("capacity_events", 4, None),
        ("capacity_events", row, "women"),
        ("capacity_events", short_row, "institutions"),
    ]
    assert get_column_letter(stray_column) in result.problems[0].reason
    assert result.problems[2].reason == "required"
    events = result.frames["capacity_events"].set_index("event_id")
    assert len(events) == len(raw_demo["capacity_events"]) + 1  # the stray-only row is not a record
    assert events.loc["BGD-E99", "date"] == "2024-01-31" and pd.isna(events.loc["BGD-E99", "institutions"])


def test_unknown_sheet_and_ignored_hidden_sheet(exported):
    book = _load(exported)
    book.create_sheet("my notes")["A1"] = "anything"
    hidden = next(ws for ws in book.worksheets if ws.sheet_state == "hidden")
    hidden["A2"] = "edited, and ignored"

    problems = reading.read(_save(book)).problems

    assert [(p.sheet, p.row, p.column) for p in problems] == [("my notes", None, None)]


def test_lenient_inputs_are_accepted(exported):
    book = _load(exported)
    ws = book["activities"]
    row = _row_of(ws, "activity_id", "BGD-A1")
    ws.cell(row, _column(ws, "start_date"), "2021-03-04")  # date typed as text
    ws.cell(row, _column(ws, "lead_agency"), "iom")  # case of a code
    ws.cell(row, _column(ws, "budget_usd"), 1500)
    ws = book["results"]
    row_result = _row_of(ws, "result_id", "BGD-OC1")
    ws.cell(row_result, _column(ws, "gcm_objectives"), 23)  # a one-item list typed as a number
    ws.cell(row_result, _column(ws, "sdg_targets"), " 17.3 ; 10.7 ")
    ws.insert_rows(5)  # an empty row in the middle is skipped
    ws = book["indicators"]
    row_indicator = _row_of(ws, "indicator_id", "BGD-I1")
    ws.cell(row_indicator, _column(ws, "by_sex"), "TRUE")
    ws.cell(row_indicator, _column(ws, "baseline_year"), 2020.0)

    result = reading.read(_save(book))

    assert result.problems == []
    activity = result.frames["activities"].set_index("activity_id").loc["BGD-A1"]
    assert (activity["start_date"], activity["lead_agency"], activity["budget_usd"]) == ("2021-03-04", "IOM", 1500.0)
    outcome = result.frames["results"].set_index("result_id").loc["BGD-OC1"]
    assert (outcome["gcm_objectives"], outcome["sdg_targets"]) == ("23", "10.7;17.3")
    indicator = result.frames["indicators"].set_index("indicator_id").loc["BGD-I1"]
    assert bool(indicator["by_sex"]) is True and indicator["baseline_year"] == 2020


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"this is not a spreadsheet",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),  # an old .xls (OLE) header
        "zip",
    ],
)
def test_a_file_that_is_not_a_workbook_is_a_problem(content):
    if content == "zip":
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "a zip, but not a workbook")
        content = buffer.getvalue()

    result = reading.read(content)

    assert len(result.problems) == 1
    assert result.problems[0].sheet == "" and result.problems[0].row is None
    assert result.problems[0].reason
    assert all(len(result.frames[name]) == 0 for name in DATA_SHEETS)


# --- files and the command line -----------------------------------------------------------------


@pytest.mark.slow
def test_command_line_writes_readable_workbooks(tmp_path, raw_demo):
    env = os.environ | {"MIGDASH_DATA_DIR": str(tmp_path), "MIGDASH_PROGRAMME_DB": f"sqlite:///{tmp_path}/p.sqlite"}

    def run(*args):
        done = subprocess.run(
            [sys.executable, "-m", "programme", *args],
            check=False,
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done

    run("demo")
    run("template", str(tmp_path / "template.xlsx"))
    run("export", str(tmp_path / "export.xlsx"))

    template = reading.read((tmp_path / "template.xlsx").read_bytes())
    assert template.problems == []
    assert all(len(frame) == 0 for frame in template.frames.values())
    exported = (tmp_path / "export.xlsx").read_bytes()
    result = reading.read(exported)
    assert result.problems == []
    assert {name: len(frame) for name, frame in result.frames.items()} == {
        name: len(raw_demo[name]) for name in DATA_SHEETS
    }
    assert writing.DEMO_LINE in _instruction_lines(exported)


def test_a_falling_cumulative_count_is_refused(exported, raw_demo):
    """A running total cannot go down: the lower value is named, with the period it fell from."""
    cumulative = raw_demo["indicators"].query("cumulative == True")["indicator_id"].iloc[0]
    values = raw_demo["indicator_values"].query("indicator_id == @cumulative and sex == 'total'").sort_values("period")
    earlier, later = values.iloc[-2], values.iloc[-1]
    book = _load(exported)
    ws = book["indicator_values"]
    row = next(
        r
        for r in range(2, ws.max_row + 1)
        if (ws.cell(r, _column(ws, "indicator_id")).value, ws.cell(r, _column(ws, "period")).value)
        == (cumulative, later["period"])
        and ws.cell(r, _column(ws, "sex")).value == "total"
    )
    ws.cell(row, _column(ws, "value"), float(earlier["value"]) - 1)

    problems = reading.read(_save(book)).problems

    assert _where(problems) == [("indicator_values", row, "value")]
    assert earlier["period"] in problems[0].reason and "cumulative" in problems[0].reason


def test_a_milestone_that_contradicts_its_indicator_is_refused(exported, raw_demo):
    """Achieved while its indicator says not yet, or not achieved while the indicator says reached."""
    milestones = raw_demo["milestones"]
    achieved = milestones[milestones["achieved_date"].notna()].iloc[0]
    book = _load(exported)
    ws = book["milestones"]
    cleared = _row_of(ws, "milestone_id", achieved["milestone_id"])
    ws.cell(cleared, _column(ws, "achieved_date")).value = None  # the indicator still says reached
    unlinked = _row_of(ws, "milestone_id", milestones["milestone_id"].iloc[-1])
    ws.cell(unlinked, _column(ws, "indicator_value")).value = None  # an indicator without its value

    problems = reading.read(_save(book)).problems

    assert _where(problems) == sorted(
        [("milestones", cleared, "achieved_date"), ("milestones", unlinked, "indicator_value")]
    )
    assert achieved["indicator_id"] in next(p.reason for p in problems if p.row == cleared)
