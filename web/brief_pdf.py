"""/brief/<ISO3>.pdf: the country brief as a PDF, printed on the server by headless chromium.

Chromium loads /brief/<ISO3> from this same server (so the PDF is exactly what the browser's
print gives) and waits until the page is idle (--virtual-time-budget pauses while requests
are in flight). One PDF at a time per process; each is cached by country, language and data
version, so a repeated request costs nothing. Without a chromium binary the route answers 503
with a page that points to the browser's own print: never a 500.

The server must be able to answer chromium while it waits: run it threaded (python app.py)
or with several gunicorn workers or threads.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from flask import Response, request

import i18n
from components import urls
from data import queries
from data.profile import known_country
from web.errors import error_page

log = logging.getLogger("migdash.brief")

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 60
_one_at_a_time = threading.Lock()


class RendererUnavailable(RuntimeError):
    pass


def find_chromium() -> str | None:
    configured = os.environ.get("MIGDASH_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)


def print_to_pdf(url: str) -> bytes:
    """PDF bytes of `url` as headless chromium prints it (A4, no header or footer)."""
    binary = find_chromium()
    if binary is None:
        raise RendererUnavailable("no chromium binary found (set MIGDASH_CHROMIUM)")
    with tempfile.TemporaryDirectory(prefix="migdash-pdf-") as work:
        output = Path(work) / "brief.pdf"
        command = [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--disable-extensions", f"--user-data-dir={work}/profile",
            "--no-pdf-header-footer", "--virtual-time-budget=20000", f"--print-to-pdf={output}", url,
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise RendererUnavailable(f"chromium failed: {error}") from None
        if not output.exists() or output.stat().st_size == 0:
            raise RendererUnavailable("chromium wrote no PDF")
        return output.read_bytes()


@queries.cached
def brief_pdf(iso3: str, lang: str, page_url: str) -> bytes:
    """One PDF per country, language and data version (the cache key carries the version)."""
    with _one_at_a_time:
        return print_to_pdf(page_url)


def install(app) -> None:
    prefix = app.config.routes_pathname_prefix

    def pdf(iso3: str):
        lang = i18n.valid_language(request.args.get("lang")) or i18n.request_language()
        _ = i18n.translator(lang)
        code = iso3.upper()
        try:
            known = known_country(code)
        except queries.NoData:
            known = False
        if not known:
            message = _("There is no country with the code {code}.").format(code=iso3[:12])
            return error_page(app, 404, _("Page not found"), message), 404, {"Content-Type": "text/html"}
        page = request.host_url.rstrip("/") + urls.href(f"/brief/{code}", lang)
        try:
            body = brief_pdf(code, lang, page)
        except RendererUnavailable as error:
            log.warning("PDF brief unavailable: %s", error)
            message = _("The PDF cannot be made on this server right now. Open the brief and use your "
                        "browser's Print command (Ctrl+P) to save it as PDF.")
            return error_page(app, 503, _("PDF not available"), message), 503, {"Content-Type": "text/html"}
        response = Response(body, mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'inline; filename="migdash-brief-{code}-{lang}.pdf"'
        response.headers["Cache-Control"] = "private, max-age=300"
        return response

    app.server.add_url_rule(prefix + "brief/<string:iso3>.pdf", "migdash_brief_pdf", pdf)
