"""Error responses: a friendly page (or JSON for machine routes), never a stack trace.

Also gives unknown page paths a real 404 status: Dash answers every GET path with its index
and renders the not-found page in the browser; crawlers, link checkers and monitoring need
the status to say so too.
"""

from __future__ import annotations

import logging
from html import escape

import dash
from flask import jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError

import i18n
from components import urls
from data import queries
from data.files import is_out_of_space
from i18n import N_
from web.routing import page_for_path

log = logging.getLogger("migdash")

MACHINE_PREFIXES = ("_dash-", "api/", "healthz")
# 507 Insufficient Storage: the request was fine, the server cannot store its result
OUT_OF_SPACE = N_(
    "The server is out of disk space, so nothing was changed: please try again once an "
    "administrator has freed some space."
)


def _wants_json(app) -> bool:
    path = request.path[len(app.config.routes_pathname_prefix) :]
    return path.startswith(MACHINE_PREFIXES) or request.accept_mimetypes.best == "application/json"


def error_page(status: int, heading: str, message: str) -> str:
    lang = i18n.request_language()
    _ = i18n.translator(lang)
    home = urls.home()
    css = dash.get_asset_url("vendor/bootstrap.min.css")
    home_label = _("Go to the home page")
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(heading)} · migdash</title><link rel="stylesheet" href="{css}">
<link rel="icon" href="{home}_favicon.ico"></head>
<body><main class="container py-5">
<p class="text-body-secondary">{status}</p>
<h1>{escape(heading)}</h1>
<p class="lead">{escape(message)}</p>
<p><a class="btn btn-primary" href="{home}">{escape(home_label)}</a></p>
</main></body></html>"""


def _safely(check, variables) -> bool:
    """A page's path check (e.g. "is this a country code we know?"); False when it cannot tell."""
    try:
        return bool(check(**variables))
    except Exception:  # noqa: BLE001 - no data built yet, say: the page itself explains
        return True


def install(app) -> None:
    server = app.server
    index_rules = {
        app.config.routes_pathname_prefix,
        app.config.routes_pathname_prefix + "<path:path>",
    }

    def respond(status: int, heading: str, message: str):
        if _wants_json(app):
            return jsonify(error=message, status=status), status
        return error_page(status, heading, message), status, {"Content-Type": "text/html; charset=utf-8"}

    @server.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        _ = i18n.translator(i18n.request_language())
        if error.code == 404:
            return respond(404, _("Page not found"), _("There is nothing at this address."))
        if error.code == 413:
            return respond(413, _("Too large"), _("The request is larger than we accept."))
        if error.code == 414:
            return respond(414, _("Address too long"), _("This address is longer than we accept."))
        if error.code == 431:
            return respond(431, _("Too large"), _("The request's headers are larger than we accept."))
        return respond(error.code, error.name, error.description)

    @server.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        _ = i18n.translator(i18n.request_language())
        if isinstance(error, queries.NoData):  # a view that does not explain it itself: still no 500
            log.warning("%s %s: %s", request.method, request.path, error)
            return respond(503, _(error.title), _(error.message))
        if is_out_of_space(error):  # every write is atomic: nothing was half-done
            log.error("%s %s: out of disk space (%s)", request.method, request.path, error)
            return respond(507, _("Out of disk space"), _(OUT_OF_SPACE))
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return respond(
            InternalServerError.code,
            _("Something went wrong"),
            _("The error has been logged. Please try again, or go back to the home page."),
        )

    @server.after_request
    def not_found_status(response):
        rule = request.url_rule.rule if request.url_rule else None
        if rule in index_rules and response.status_code == 200:
            page, variables = page_for_path(request.path)
            check = page.get("path_check") if page else None
            if not page or (check and not _safely(check, variables)):
                response.status_code = 404
        return response
