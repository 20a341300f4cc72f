"""An uploaded programme workbook, read and checked: one frame per sheet, and every problem.

`read` checks an upload against the declarations of programme.schema: it never raises on a bad
file, it returns every problem it finds (sheet, Excel row, column, value, reason) so the
uploader can fix them all at once: first each cell (here), then the rows and sheets together
(programme.workbook.checks). Formulas are refused, never evaluated. Caps on sheets, rows and
columns keep a hostile file from making it work without end.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from io import BytesIO

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from i18n import N_
from programme import schema
from programme.problems import Problem, as_text, shown
from programme.schema import SHEETS, SHEETS_BY_NAME, Field, Sheet
from programme.workbook.checks import CROSS_CHECKS
from programme.workbook.writing import INSTRUCTIONS, LISTS

# Caps on what `read` reads, so that a hostile file cannot make it work without end: beyond a
# cap, reading stops and one problem says so.
MAX_SHEETS = 20
MAX_ROWS = 20_000  # data rows per sheet (row 1, the header, not counted)
MAX_COLUMNS = 60
EXCEL_MAX_CELL_CHARACTERS = 32_767  # Excel's own limit: a longer text cannot have come from Excel
TOO_MANY_SHEETS = N_(
    "too many sheets ({count}; at most {limit}): delete the sheets that are not part of the template ({sheets})"
)
EXCEL_MAX_ROWS = 1_048_576  # the last row Excel has: nothing beyond is looked at
HEADER_SEARCH_ROWS = 10  # rows below row 1 searched for a misplaced header
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class ReadResult:
    frames: dict[str, pd.DataFrame]  # one normalized frame per schema sheet (bad cells left empty)
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


class _Bad(Exception):
    """A cell value that does not fit its field: the reason shown to the user, as a message
    (marked with N_) and the values that fill it."""

    def __init__(self, template: str, **params):
        super().__init__(template.format(**params))
        self.template, self.params = template, params


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# One converter per field type: cell value (never empty) -> the frame's value, or _Bad(reason).


def _text(value, field: Field):
    return as_text(value)


def _integer(value, field: Field):
    number = _number(value, field)
    if not number.is_integer():
        raise _Bad(N_("not a whole number"))
    if abs(number) >= 2**53:
        raise _Bad(N_("too large a number"))
    return int(number)


def _number(value, field: Field):
    if isinstance(value, bool):
        raise _Bad(N_("yes/no (TRUE/FALSE) in a number column"))
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise _Bad(N_("not a number"))
        return float(value)
    if isinstance(value, datetime | date | time):
        raise _Bad(N_("a date in a number column"))
    raise _Bad(N_("text in a number column"))


def _date(value, field: Field):
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            raise _Bad(N_("not a valid date")) from None
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise _Bad(N_("a number, not a date: format the cell as a date or write YYYY-MM-DD"))
    raise _Bad(N_("not a date: use a date cell or write YYYY-MM-DD"))


def _bool(value, field: Field):
    text = as_text(value).lower()
    if text in ("yes", "true", "1"):
        return True
    if text in ("no", "false", "0"):
        return False
    raise _Bad(N_("not yes or no"))


def _choice(value, field: Field):
    text = as_text(value)
    canonical = {choice.lower(): choice for choice in field.choices}.get(text.lower())
    if canonical is None:
        raise _Bad(N_("not an allowed value (allowed: {allowed})"), allowed=_allowed(field))
    return canonical


def _iso3(value, field: Field):
    try:
        return _choice(value, field)
    except _Bad:
        raise _Bad(N_("not a participating country code (allowed: {allowed})"), allowed=_allowed(field)) from None


def _list(value, field: Field):
    parts = [part.strip() for part in re.split(r"[;,]", as_text(value)) if part.strip()]
    canonical = {choice.lower(): choice for choice in field.choices}
    unknown = [part for part in parts if part.lower() not in canonical]
    if unknown:
        raise _Bad(
            N_("not allowed: {values} (allowed: {allowed}; separate values with ;)"),
            values=", ".join(unknown),
            allowed=_allowed(field),
        )
    return ";".join(canonical[part.lower()] for part in parts) or None


def _period(value, field: Field):
    text = as_text(value).upper()
    if not schema.PERIOD_PATTERN.match(text):
        raise _Bad(N_("not a period like 2025-Q2"))
    return text


def _allowed(field: Field) -> str:
    """The allowed values, as a message shows them (the first 12)."""
    return ", ".join(field.choices[:12]) + (", ..." if len(field.choices) > 12 else "")


CONVERTERS: dict[str, Callable] = {
    "text": _text,
    "integer": _integer,
    "number": _number,
    "date": _date,
    "bool": _bool,
    "choice": _choice,
    "iso3": _iso3,
    "list": _list,
    "period": _period,
}


def _shown(value) -> str | None:
    """A cell's value as a problem shows it (openpyxl gives array and table formulas as objects)."""
    if isinstance(value, ArrayFormula | DataTableFormula):
        value = getattr(value, "text", None) or "(table formula)"
    return shown(value)


@dataclass
class SheetRows:
    """One sheet as read, before normalizing: converted records and their Excel rows (what the
    checks across sheets look at)."""

    sheet: Sheet
    records: list[dict]
    rows: list[int]
    columns: set[str]  # the schema columns present in the header


def read(content: bytes) -> ReadResult:
    """Read and check an uploaded workbook. Never raises on bad content: it reports problems."""
    problems: list[Problem] = []
    try:
        book = openpyxl.load_workbook(BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # noqa: BLE001 - any unreadable file is the uploader's problem, not a crash
        return ReadResult(
            {s.name: schema.empty_frame(s) for s in SHEETS},
            [Problem.of("", None, None, None, _unreadable(content, error))],
        )
    parsed: dict[str, SheetRows] = {}
    try:
        names = book.sheetnames
        if len(names) > MAX_SHEETS:
            problems.append(
                Problem.of(
                    "",
                    None,
                    None,
                    None,
                    TOO_MANY_SHEETS,
                    count=len(names),
                    limit=MAX_SHEETS,
                    sheets=", ".join(s.name for s in SHEETS),
                )
            )
        for name in names[:MAX_SHEETS]:  # the data sheets are read wherever they are, the others listed up to the cap
            if name not in SHEETS_BY_NAME and name not in (INSTRUCTIONS, LISTS):
                problems.append(
                    Problem.of(
                        name,
                        None,
                        None,
                        None,
                        N_("unknown sheet: the workbook's sheets are {sheets}"),
                        sheets=", ".join(s.name for s in SHEETS),
                    )
                )
        for sheet in SHEETS:
            if sheet.name not in names:
                problems.append(Problem.of(sheet.name, None, None, None, N_("missing sheet")))
                continue
            try:
                parsed[sheet.name] = _read_sheet(book[sheet.name], sheet, problems)
            except Exception as error:  # noqa: BLE001 - a corrupt sheet is reported, not raised
                problems.append(
                    Problem.of(
                        sheet.name, None, None, None, N_("the sheet could not be read ({error})"), error=str(error)
                    )
                )
    finally:
        book.close()
    for check in CROSS_CHECKS:
        problems += check(parsed)
    problems.sort(key=_problem_order)
    frames = {}
    for sheet in SHEETS:
        rows = parsed.get(sheet.name)
        raw = pd.DataFrame(rows.records if rows else [], columns=sheet.columns, dtype=object)
        frames[sheet.name] = schema.normalize(sheet, raw)
    return ReadResult(frames, problems)


def _problem_order(problem: Problem) -> tuple:
    """Workbook order: the file, then sheet by sheet, row by row, column by column."""
    sheet = SHEETS_BY_NAME.get(problem.sheet)
    rank = -1 if not problem.sheet else SHEETS.index(sheet) if sheet else len(SHEETS)
    column = (
        sheet.columns.index(problem.column)
        if sheet and problem.column in sheet.columns
        else len(sheet.columns if sheet else ())
    )
    return rank, problem.row or 0, column


def _unreadable(content: bytes, error: Exception) -> str:
    """The message saying why openpyxl could not open the file."""
    if not content:
        return N_("the file is empty")
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return N_(
            "not an Excel .xlsx workbook: an old .xls file or a password-protected workbook; save it as "
            ".xlsx without a password"
        )
    if content[:2] != b"PK":
        return N_("not an Excel .xlsx workbook")
    return N_("not a readable Excel .xlsx workbook: the file is damaged or is another kind of archive")


def _read_sheet(ws, sheet: Sheet, problems: list[Problem]) -> SheetRows:
    ws.reset_dimensions()  # do not trust the file's declared size: read every cell there is, up to the caps
    header_cells = next(ws.iter_rows(max_row=1), ())
    if any(not _is_empty(cell.value) for cell in header_cells[MAX_COLUMNS:]):
        problems.append(_too_many_columns(sheet, 1))
    header_cells = header_cells[:MAX_COLUMNS]
    # Data rows: at most MAX_ROWS, each cut to MAX_COLUMNS (+1 to notice a value beyond)
    rows = ws.iter_rows(min_row=2, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1)
    if not any(as_text(cell.value) in sheet.columns for cell in header_cells if not _is_empty(cell.value)):
        peeked = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
        for row_number, cells in enumerate(peeked, start=2):
            found = {as_text(cell.value) for cell in cells[:MAX_COLUMNS] if not _is_empty(cell.value)}
            if len(found & set(sheet.columns)) >= min(2, len(sheet.columns)):
                problems.append(
                    Problem.of(
                        sheet.name,
                        row_number,
                        None,
                        None,
                        N_(
                            "the header must be on row 1: the column names are on row {row}; delete the rows above them"
                        ),
                        row=row_number,
                    )
                )
                return SheetRows(sheet, [], [], set())
        rows = itertools.chain(peeked, rows)
    positions: dict[int, Field] = {}  # 0-based cell position -> field
    named: set[int] = set()  # positions with a header, known or not
    seen: set[str] = set()
    for position, cell in enumerate(header_cells):
        name = "" if _is_empty(cell.value) else as_text(cell.value)
        if not name:
            continue
        named.add(position)
        if name in seen:
            problems.append(Problem.of(sheet.name, 1, name, name, N_("this column appears twice")))
        elif name not in sheet.columns:
            problems.append(
                Problem.of(
                    sheet.name,
                    1,
                    name,
                    name,
                    N_("unknown column ({sheet} has the columns {columns})"),
                    sheet=sheet.name,
                    columns=", ".join(sheet.columns),
                )
            )
        else:
            positions[position] = sheet.field(name)
        seen.add(name)
    present = {field.name for field in positions.values()}
    for field in sheet.fields:
        if field.required and field.name not in present:
            problems.append(Problem.of(sheet.name, 1, field.name, None, N_("missing required column")))
    result = SheetRows(sheet, [], [], present)
    keys: dict[tuple, int] = {}
    unnamed_reported: set[int] = set()
    wide_reported = False
    row_number = 1
    for row_number, cells in enumerate(rows, start=2):
        if len(cells) > MAX_COLUMNS:
            if not wide_reported and any(not _is_empty(cell.value) for cell in cells[MAX_COLUMNS:]):
                problems.append(_too_many_columns(sheet, row_number))
                wide_reported = True
            cells = cells[:MAX_COLUMNS]
        for position, cell in enumerate(cells):
            if position not in named and position not in unnamed_reported and not _is_empty(cell.value):
                unnamed_reported.add(position)  # once per column is enough
                problems.append(
                    Problem.of(
                        sheet.name,
                        row_number,
                        None,
                        _shown(cell.value),
                        N_("value in column {letter}, which has no header: it is ignored"),
                        letter=get_column_letter(position + 1),
                    )
                )
        if all(_is_empty(cell.value) for position, cell in enumerate(cells) if position in positions):
            continue  # an empty row (values in unknown columns alone do not make a record)
        record: dict = {}
        for position, cell in enumerate(cells):
            if position in positions:
                field = positions[position]
                record[field.name] = _read_cell(cell, field, sheet, row_number, problems)
        for field in positions.values():
            if field.name not in record and field.required:  # the row ended before this column
                problems.append(Problem.of(sheet.name, row_number, field.name, None, N_("required")))
        if sheet.key and all(record.get(name) is not None for name in sheet.key):
            key = tuple(record[name] for name in sheet.key)
            if key in keys:
                problems.append(
                    Problem.of(
                        sheet.name,
                        row_number,
                        sheet.key[0] if len(sheet.key) == 1 else None,
                        " / ".join(map(str, key)),
                        N_("duplicate key ({key}): same as row {row}"),
                        key=", ".join(sheet.key),
                        row=keys[key],
                    )
                )
            else:
                keys[key] = row_number
        result.records.append(record)
        result.rows.append(row_number)
    if row_number > MAX_ROWS:  # the cap was reached: is there anything beyond it?
        beyond = ws.iter_rows(min_row=MAX_ROWS + 2, max_row=EXCEL_MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)
        for cells in beyond:
            if cells.count(None) != len(cells) and any(not _is_empty(value) for value in cells):
                problems.append(
                    Problem.of(
                        sheet.name,
                        MAX_ROWS + 2,
                        None,
                        None,
                        N_(
                            "more than {limit:,} rows: rows after row {last:,} were not read; a sheet holds at most "
                            "{limit:,} records"
                        ),
                        limit=MAX_ROWS,
                        last=MAX_ROWS + 1,
                    )
                )
                break
    return result


def _too_many_columns(sheet: Sheet, row: int) -> Problem:
    last = get_column_letter(MAX_COLUMNS)
    return Problem.of(
        sheet.name,
        row,
        None,
        None,
        N_(
            "more than {limit} columns: columns after {last} were not read; delete them (the {sheet} sheet has {count} "
            "columns)"
        ),
        limit=MAX_COLUMNS,
        last=last,
        sheet=sheet.name,
        count=len(sheet.columns),
    )


def _read_cell(cell, field: Field, sheet: Sheet, row: int, problems: list[Problem]):
    """The converted value of one cell (None when empty or bad; a bad cell adds a Problem)."""
    value = cell.value
    if cell.data_type == "f" or isinstance(value, ArrayFormula | DataTableFormula):
        problems.append(
            Problem.of(sheet.name, row, field.name, _shown(value), N_("formulas are not allowed: type the value"))
        )
        return None
    if cell.data_type == "e":
        problems.append(Problem.of(sheet.name, row, field.name, _shown(value), N_("error value in the cell")))
        return None
    if isinstance(value, str) and len(value) > EXCEL_MAX_CELL_CHARACTERS:
        problems.append(
            Problem.of(
                sheet.name,
                row,
                field.name,
                _shown(value),
                N_(
                    "longer than Excel's limit of {limit:,} characters per cell ({count:,} "
                    "characters): shorten the text"
                ),
                count=len(value),
                limit=EXCEL_MAX_CELL_CHARACTERS,
            )
        )
        return None
    if _is_empty(value):
        if field.required:
            problems.append(Problem.of(sheet.name, row, field.name, None, N_("required")))
        return None
    try:
        converted = CONVERTERS[field.type](value, field)
    except _Bad as bad:
        problems.append(Problem.of(sheet.name, row, field.name, _shown(value), bad.template, **bad.params))
        return None
    if converted is None and field.required:
        problems.append(Problem.of(sheet.name, row, field.name, _shown(value), N_("required")))
    return converted


# ---------------------------------------------------------------------------------------------
