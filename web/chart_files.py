"""/download/<chart>.csv|xlsx: the table a chart card shows, as a file for people.

The card's "Displayed data" downloads: the rows of its table tab for the view in the query
(the chart's own URL parameters, as its page and embed read them), with the headers in the
reader's language (`?lang=`), each name with its code beside it, an "about" sheet in the same
language (what, the chart's description in words, source and licence, data date, link) and a name saying what is inside
(chart, places, years). Scripts should use /api/v1, whose column names never change.

An unknown chart or format answers 404, a chart without a table 404 saying so; a bad view
parameter is dropped like on the chart's page (its default applies).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

import i18n
from components import chart_card, url_state
from data import exports, queries

FORMATS = chart_card.DISPLAYED_FORMATS


def _plain(status: int, message: str) -> Response:
    return Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")


def create_blueprint() -> Blueprint:
    files = Blueprint("chart_files", __name__)

    @files.get("/download/<string:filename>")
    def chart_file(filename: str):
        lang = i18n.valid_language(request.args.get("lang")) or i18n.DEFAULT_LANGUAGE
        _ = i18n.translator(lang)
        name, _dot, fmt = filename.rpartition(".")
        chart = chart_card.CHARTS.get(name)
        if chart is None or fmt not in FORMATS:
            return _plain(404, _("There is no chart called {name}.").format(name=filename[:40]))
        try:
            state = url_state.parse(list(chart.params), request.args.to_dict()).state
            made = chart_card.displayed_data(chart, state, lang, current_app.config["MIGDASH_SETTINGS"].public_url)
        except queries.NoData as error:
            return _plain(503, _(error.message))
        if made is None:
            return _plain(404, _("This chart has no table to download for this view."))
        frame, about, stem = made
        if fmt == "csv":
            body, media = exports.to_csv(frame), exports.MEDIA_TYPES["csv"]
        else:
            sheets = (_("data"), _("about"))
            body = exports.to_xlsx(frame, about, sheets=sheets, about_columns=(_("item"), _("value")))
            media = exports.MEDIA_TYPES["xlsx"]
        response = Response(body, content_type=media)
        response.headers["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
        response.headers["Cache-Control"] = "no-store"
        return response

    return files
