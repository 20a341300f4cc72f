"""The programme workbooks: the empty Excel template M&E officers fill in, and the data being
served in the same format (which imports back unchanged).

    GET /programme/template.xlsx   the template: instructions, one sheet per table, drop-downs
    GET /programme/data.xlsx       the current version as a workbook (says so when it is demo)
"""

from __future__ import annotations

from flask import Blueprint, Response

import i18n
from data import queries
from programme import database
from programme.workbook import writing
from web.errors import error_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@queries.cached
def current_workbook() -> bytes:
    """The current version's workbook (memoised: the cache key carries the programme version)."""
    return writing.export(database.read(queries.programme_url(), queries.programme_version_id()))


def _xlsx(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype=XLSX)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


def create_blueprint() -> Blueprint:
    workbooks = Blueprint("programme_files", __name__)

    @workbooks.get("/programme/template.xlsx")
    def template():
        return _xlsx(writing.template(), "migdash-programme-template.xlsx")

    @workbooks.get("/programme/data.xlsx")
    def data():
        try:
            version = queries.programme_version()
        except queries.NoProgrammeData:
            _ = i18n.translator(i18n.request_language())
            body = error_page(503, _("No programme data yet"), _("No programme data has been published yet."))
            return body, 503, {"Content-Type": "text/html; charset=utf-8"}
        demo = "-DEMO" if version.is_demo else ""
        return _xlsx(current_workbook(), f"migdash-programme-data-v{version.version_id}{demo}.xlsx")

    return workbooks
