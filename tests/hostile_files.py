"""Hostile and malformed programme workbooks, generated in code, for every test of the upload.

Not a test module: a library. `CASES` maps a case's name to (content, the file name the client
sends, a lowercase fragment the reason of at least one problem must contain). Every case starts
from a valid export of the demo data (`base_workbook`) or is plain bytes; `check` runs the same
pipeline as the upload route: programme.upload_gate first, then, only if it finds nothing,
programme.workbook.reading.read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping
from functools import lru_cache
from io import BytesIO
from types import SimpleNamespace

import openpyxl
from babel.messages.pofile import read_po

import i18n
from programme import demo, schema, upload_gate
from programme.problems import Problem
from programme.workbook import reading, writing

MAX_BYTES = 10 * upload_gate.MB  # the upload limit the cases are made for
BOMB_BYTES = 300 * 1024 * 1024  # unpacked size of the zip bomb's part (packed: about 300 KB)


def translations(lang: str) -> dict[str, str]:
    """msgid -> translation in the catalog of `lang` (translated, not fuzzy): where every
    problem's message must be."""
    with (i18n.LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {m.id: m.string for m in catalog if isinstance(m.id, str) and m.id and m.string and "fuzzy" not in m.flags}


def check(content: bytes, filename: str, max_bytes: int = MAX_BYTES) -> list[Problem]:
    """The upload's checks, in the upload's order: the gate, then the whole-workbook read."""
    problems = upload_gate.inspect(content, filename, max_bytes)
    return problems or reading.read(content).problems


@lru_cache(maxsize=1)
def base_workbook() -> bytes:
    """A valid export of the demo data, built as writing.export builds it (no store needed)."""
    raw = demo.generate()
    frames = {sheet.name: schema.normalize(sheet, raw[sheet.name]) for sheet in schema.SHEETS}
    version = SimpleNamespace(version_id=1, created_at="2026-10-01T00:00:00+00:00", is_demo=True)
    return writing.export(SimpleNamespace(version=version, frames=frames))


# --- building blocks ----------------------------------------------------------------------------


def _column(ws, name: str) -> int:
    return [cell.value for cell in ws[1]].index(name) + 1


def _row_of(ws, column_name: str, value) -> int:
    column = _column(ws, column_name)
    return next(row for row in range(2, ws.max_row + 1) if ws.cell(row, column).value == value)


def _save(book: openpyxl.Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def edited(edit: Callable[[openpyxl.Workbook], None]) -> bytes:
    """The base workbook, opened in openpyxl, changed by `edit`, saved."""
    book = openpyxl.load_workbook(BytesIO(base_workbook()))
    edit(book)
    return _save(book)


@lru_cache(maxsize=1)
def _shared_book() -> openpyxl.Workbook:
    """The base workbook opened once for the cell edits below, which put every cell back."""
    return openpyxl.load_workbook(BytesIO(base_workbook()))


def cells_changed(*changes: tuple) -> bytes:
    """The base workbook with some cells changed: each change is (sheet, key column, key, column,
    value or a function of (worksheet, row) giving it[, number format])."""
    book, saved = _shared_book(), []
    try:
        for sheet, key_column, key, column, value, *number_format in changes:
            ws = book[sheet]
            row = _row_of(ws, key_column, key)
            cell = ws.cell(row, _column(ws, column))
            saved.append((cell, cell.value, cell.data_type, cell.number_format))
            cell.value = value(ws, row) if callable(value) else value
            if number_format:
                cell.number_format = number_format[0]
        return _save(book)
    finally:
        for cell, value, data_type, number_format in reversed(saved):
            cell.value, cell.data_type, cell.number_format = value, data_type, number_format


def repacked(
    replace: dict[str, bytes | Callable[[bytes], bytes]] | None = None,
    add: dict[str, bytes] | None = None,
    base: bytes | None = None,
) -> bytes:
    """The base workbook's ZIP with some parts replaced (by bytes, or a function of the old
    bytes) and some added, byte for byte otherwise."""
    replace, add = replace or {}, add or {}
    buffer = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(base or base_workbook())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            change = replace.get(info.filename)
            target.writestr(info.filename, change(data) if callable(change) else change if change is not None else data)
        for name, data in add.items():
            target.writestr(name, data)
    return buffer.getvalue()


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _with_doctype(declaration: bytes) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        root = body.lstrip().split(b" ", 1)[0].lstrip(b"<")
        return b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE ' + root + b" [" + declaration + b"]>\n" + body

    return change


BILLION_LAUGHS = b"".join(
    [b'<!ENTITY lol "lol">']
    + [
        b'<!ENTITY lol%d "%s">'
        % (level, b"".join(b"&lol%s;" % (b"" if level == 1 else str(level - 1).encode()) for _ in range(10)))
        for level in range(1, 10)
    ]
)
EXTERNAL_ENTITY = b'<!ENTITY xxe SYSTEM "file:///etc/passwd">'


def long_cell(sheet: str, key_column: str, key, column: str, length: int) -> bytes:
    """The base workbook with one text cell of `length` characters, which Excel cannot hold
    (openpyxl cuts strings to Excel's limit, so the text goes into the sheet's XML itself)."""
    marker = "LONG-CELL-MARKER"
    content = cells_changed((sheet, key_column, key, column, marker))
    with zipfile.ZipFile(BytesIO(content)) as archive:
        part = next(
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet") and marker.encode() in archive.read(name)
        )
    text = ("Workshop notes. " * (length // 16 + 1))[:length].encode()
    return repacked({part: lambda xml: xml.replace(marker.encode(), text)}, base=content)


def with_sheets(total: int) -> bytes:
    """The base workbook with empty sheets added until it has `total`, each registered as Excel
    does (workbook.xml, its relationships, the content types): built in the ZIP, as openpyxl
    takes seconds to save a thousand sheets."""
    with zipfile.ZipFile(BytesIO(base_workbook())) as source:
        present = sum(1 for name in source.namelist() if name.startswith("xl/worksheets/sheet"))
    numbers = range(present + 1, total + 1)
    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheets = "".join(
        f'<sheet xmlns:r="{relationships}" name="notes {n}" sheetId="{n}" state="visible" r:id="rIdExtra{n}"/>'
        for n in numbers
    ).encode()
    rels = "".join(
        f'<Relationship Type="{relationships}/worksheet" Target="/xl/worksheets/sheet{n}.xml" Id="rIdExtra{n}"/>'
        for n in numbers
    ).encode()
    types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in numbers
    ).encode()
    empty = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
    return repacked(
        replace={
            "xl/workbook.xml": lambda xml: xml.replace(b"</sheets>", sheets + b"</sheets>"),
            "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(b"</Relationships>", rels + b"</Relationships>"),
            "[Content_Types].xml": lambda xml: xml.replace(b"</Types>", types + b"</Types>"),
        },
        add={f"xl/worksheets/sheet{n}.xml": empty for n in numbers},
    )


def zip_bomb() -> bytes:
    """The base workbook plus one part of BOMB_BYTES zeros: about 300 KB packed (deflate, in chunks,
    never held unpacked in memory)."""
    buffer = BytesIO(repacked())
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/image1.png", "w", force_zip64=True) as part,
    ):
        chunk = bytes(4 * 1024 * 1024)
        for _ in range(BOMB_BYTES // len(chunk)):
            part.write(chunk)
    return buffer.getvalue()


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(24) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
CSV_TEXT = (
    "indicator_id,period,sex,value,means_of_verification\r\n"
    "BGD-I1,2025-Q2,total,2,Décret n° 12 — “adopted”\r\n"
    "BGD-I3,2025-Q2,total,4,Minutes of meetings\r\n"
)


# --- the cases ----------------------------------------------------------------------------------


def _renamed_sheet(book):
    book["activities"].title = "Activities 2025"


def _missing_sheet(book):
    del book["milestones"]


def _renamed_column(book):
    ws = book["activities"]
    ws.cell(1, _column(ws, "budget_usd"), "Budget (US$)")


def _missing_required_column(book):
    ws = book["activities"]
    ws.delete_cols(_column(ws, "status"))


def _extra_column(book):
    ws = book["activities"]
    column = ws.max_column + 1
    ws.cell(1, column, "remarks")
    ws.cell(2, column, "to check with the country office")


def _header_not_on_row_1(book):
    ws = book["activities"]
    ws.insert_rows(1, 2)
    ws["A1"] = "Activities of the work plan, 2025"


def _merged_cells(book):
    ws = book["activities"]
    row = _row_of(ws, "activity_id", "BGD-A2")
    column = _column(ws, "title")
    ws.merge_cells(start_row=row, start_column=column, end_row=row + 1, end_column=column)


def _duplicate_key(book):
    ws = book["countries"]
    duplicate = [cell.value for cell in ws[_row_of(ws, "country", "MAR")]]
    duplicate[_column(ws, "iom_focal_point") - 1] = "someone else"
    ws.append(duplicate)


def _value(column: str, change: Callable) -> Callable:
    """A new value computed from another cell of the same row."""
    return lambda ws, row: change(ws.cell(row, _column(ws, column)).value)


def _case_makers() -> dict[str, Callable[[], tuple[bytes, str, str]]]:
    name = "results Q3.xlsx"
    return {
        # the workbook's structure
        "renamed_sheet": lambda: (edited(_renamed_sheet), name, "unknown sheet"),
        "missing_sheet": lambda: (edited(_missing_sheet), name, "missing sheet"),
        "renamed_column": lambda: (edited(_renamed_column), name, "missing required column"),
        "missing_required_column": lambda: (edited(_missing_required_column), name, "missing required column"),
        "extra_unknown_column": lambda: (edited(_extra_column), name, "unknown column"),
        "header_not_on_row_1": lambda: (edited(_header_not_on_row_1), name, "header must be on row 1"),
        "merged_cells": lambda: (edited(_merged_cells), name, "unmerge these cells"),
        # cells
        "formula_in_cell": lambda: (
            cells_changed(("capacity_events", "event_id", "KGZ-E2", "participants", "=10+12")),
            name,
            "formulas are not allowed",
        ),
        "text_in_number_column": lambda: (
            cells_changed(("activities", "activity_id", "MDA-A1", "budget_usd", "about 20 000")),
            name,
            "text in a number column",
        ),
        "date_as_serial_number": lambda: (
            cells_changed(("activities", "activity_id", "MDA-A1", "end_date", 45657, "General")),
            name,
            "a number, not a date",
        ),
        "date_as_text": lambda: (
            cells_changed(("activities", "activity_id", "MDA-A1", "start_date", "31/12/2024")),
            name,
            "write yyyy-mm-dd",
        ),
        "percent_over_100": lambda: (
            cells_changed(("indicator_values", "indicator_id", "BGD-I5", "value", 120)),
            name,
            "over 100: a percentage",
        ),
        "cell_longer_than_excel_allows": lambda: (
            long_cell("activities", "activity_id", "MDA-A1", "title", 40_000),
            name,
            "limit of 32,767 characters per cell",
        ),
        "percent_complete_over_100": lambda: (
            cells_changed(("activities", "activity_id", "SRB-A3", "percent_complete", 150)),
            name,
            "over 100: a percentage",
        ),
        "negative_budget": lambda: (
            cells_changed(("activities", "activity_id", "TUN-A4", "budget_usd", -25000)),
            name,
            "negative: a budget",
        ),
        "duplicate_key_conflicting_values": lambda: (edited(_duplicate_key), name, "duplicate key"),
        "unknown_country_code": lambda: (
            cells_changed(("activities", "activity_id", "JAM-A2", "country", "XYZ")),
            name,
            "not a participating country code",
        ),
        "target_year_before_baseline_year": lambda: (
            cells_changed(
                ("indicators", "indicator_id", "ECU-I3", "target_year", _value("baseline_year", lambda year: year - 1))
            ),
            name,
            "target year is before the baseline year",
        ),
        "more_women_than_participants": lambda: (
            cells_changed(
                (
                    "capacity_events",
                    "event_id",
                    "BGD-E1",
                    "women",
                    _value("participants", lambda participants: participants + 5),
                )
            ),
            name,
            "more women than participants",
        ),
        "end_date_before_start_date": lambda: (
            cells_changed(
                ("activities", "activity_id", "BGD-A1", "start_date", "2019-06-30"),
                ("activities", "activity_id", "BGD-A1", "end_date", "2019-01-02"),
            ),
            name,
            "end date is before the start date",
        ),
        # the file
        "empty_file": lambda: (b"", name, "empty"),
        "oversized_file": lambda: (base_workbook() + bytes(MAX_BYTES + 1 - len(base_workbook())), name, "larger than"),
        "damaged_zip": lambda: (base_workbook()[: len(base_workbook()) // 2], name, "damaged"),
        "pdf_renamed_xlsx": lambda: (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(2000),
            "results Q3.xlsx",
            "not an excel workbook (.xlsx)",
        ),
        "png_image": lambda: (b"\x89PNG\r\n\x1a\n" + bytes(500), "screenshot.xlsx", "not an excel workbook (.xlsx)"),
        "opendocument_spreadsheet": lambda: (
            _zip(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                    "content.xml": b"<office:document-content/>",
                }
            ),
            "results.xlsx",
            "opendocument",
        ),
        "other_zip": lambda: (_zip({"notes.txt": b"a zip, but not a workbook"}), name, "not an excel workbook (.xlsx)"),
        "legacy_xls": lambda: (
            OLE_HEADER + bytes(4096 - len(OLE_HEADER)) + b"Workbook" + bytes(2048),
            "results Q3.xls",
            "save it as excel workbook (.xlsx)",
        ),
        "password_protected": lambda: (
            OLE_HEADER + bytes(1024) + "EncryptedPackage".encode("utf-16-le") + bytes(3000),
            name,
            "password-protected",
        ),
        "csv_utf16": lambda: (CSV_TEXT.replace(",", "\t").encode("utf-16"), "results.csv", "in utf-16"),
        "csv_cp1252": lambda: (
            CSV_TEXT.replace(",", ";").replace("“", '"').replace("”", '"').encode("cp1252"),
            "results.csv",
            "in windows-1252",
        ),
        "csv_named_xlsx": lambda: (CSV_TEXT.encode("utf-8"), "data.xlsx", "csv files are not accepted"),
        "macro_enabled": lambda: (
            repacked(add={"xl/vbaProject.bin": OLE_HEADER + bytes(512)}),
            "results Q3.xlsm",
            "macros",
        ),
        # ZIP bombs and XML entities
        "zip_bomb": lambda: (zip_bomb(), name, "zip bomb"),
        "too_many_parts": lambda: (
            repacked(add={f"customXml/item{number}.xml": b"<a/>" for number in range(600)}),
            name,
            "zip bomb",
        ),
        "thousand_sheets": lambda: (with_sheets(1000), name, "too many sheets (1000; at most 20)"),
        "billion_laughs": lambda: (
            repacked(replace={"xl/workbook.xml": _with_doctype(BILLION_LAUGHS)}),
            name,
            "doctype or entity declaration",
        ),
        "external_entity": lambda: (
            repacked(replace={"docProps/core.xml": _with_doctype(EXTERNAL_ENTITY)}),
            name,
            "doctype or entity declaration",
        ),
        "doctype_after_long_comment": lambda: (
            repacked(
                replace={
                    "xl/styles.xml": lambda xml: b"<!--" + b"x" * 20000 + b"-->" + _with_doctype(BILLION_LAUGHS)(xml)
                }
            ),
            name,
            "excel never writes",
        ),
        "xml_in_utf32": lambda: (
            repacked(replace={"xl/styles.xml": lambda xml: xml.decode("utf-8").encode("utf-32")}),
            name,
            "excel never writes",
        ),
    }


class _Cases(Mapping):
    """The cases by name; a case's file is made when a test first asks for it (making all of
    them takes seconds, which every test process would pay while collecting)."""

    def __init__(self, makers: dict[str, Callable[[], tuple[bytes, str, str]]]):
        self._makers, self._made = makers, {}

    def __getitem__(self, name: str) -> tuple[bytes, str, str]:
        if name not in self._made:
            self._made[name] = self._makers[name]()
        return self._made[name]

    def __iter__(self):
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


CASES: Mapping[str, tuple[bytes, str, str]] = _Cases(_case_makers())
