"""Limits on a request's URL and headers, answered by the app: a 414 or 431 with the
security headers and a page in the client's language.

gunicorn refuses an over-long request line or header with a bare page of its own, without
our headers. gunicorn.conf.py sets its limits above these (GUNICORN_LIMITS), so every
request within gunicorn's hard maximum reaches the app and is refused here. Dash's page
router reads the same URL from callback bodies: web.callback_guard caps those at MAX_URL_BYTES.
"""

from __future__ import annotations

import logging

from flask import request
from werkzeug.exceptions import RequestHeaderFieldsTooLarge, RequestURITooLarge

log = logging.getLogger("migdash")

MAX_URL_BYTES = 4096  # path and query string; our longest links are a few hundred bytes
MAX_HEADER_FIELDS = 100
MAX_HEADER_FIELD_BYTES = 8190  # one "Name: value" line

# gunicorn's own limits: above ours (its request line cannot exceed 8190 bytes).
GUNICORN_LIMITS = {
    "limit_request_line": 8190,
    "limit_request_fields": 2 * MAX_HEADER_FIELDS,
    "limit_request_field_size": 2 * MAX_HEADER_FIELD_BYTES,
}


def _url_bytes(environ) -> int:
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw is None:
        query = environ.get("QUERY_STRING", "")
        raw = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "") + ("?" + query if query else "")
    return len(raw)


def install(app) -> None:
    @app.server.before_request
    def refuse_oversized_requests():
        if _url_bytes(request.environ) > MAX_URL_BYTES:
            log.warning("Refused a URL of %d bytes from %s", _url_bytes(request.environ), request.remote_addr)
            raise RequestURITooLarge()
        fields = list(request.headers.items())
        longest = max((len(name) + 2 + len(value) for name, value in fields), default=0)
        if len(fields) > MAX_HEADER_FIELDS or longest > MAX_HEADER_FIELD_BYTES:
            log.warning(
                "Refused %d header fields (longest %d bytes) from %s", len(fields), longest, request.remote_addr
            )
            raise RequestHeaderFieldsTooLarge()
