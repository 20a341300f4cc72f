"""/brief/<ISO3>.pdf: the country brief as a PDF, printed on the server by headless chromium.

Chromium loads /brief/<ISO3> from this server's own internal address (MIGDASH_INTERNAL_URL,
default loopback and the serving port), so the PDF is exactly what the browser's print gives.
Nothing in the request ever chooses what chromium loads, and chromium
cannot reach anything else: every request off that origin (another host, another port of
loopback, a redirect) goes to a proxy that does not exist, and no other name resolves.

A PDF costs a chromium for a few seconds, so anonymous requests must not be able to pile them
up: at most MIGDASH_PDF_CONCURRENCY print at once on this host, all workers together (a slot
is a lock file; the kernel frees it when its holder dies), and the next answers 503 with
Retry-After at once rather than queueing a worker thread. Each chromium runs in its own
process group, which is killed whole when it is done, fails or passes MIGDASH_PDF_TIMEOUT; a
slot's next holder also kills what a killed worker left behind. Each PDF is cached by
country, language and the code, data and programme versions, so a repeat costs nothing.
Without a chromium binary the route answers 503 with a page that points to the browser's own
print: never a 500.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, request

import i18n
from components import urls
from data import queries
from data.profile import country_facts, known_country
from web.errors import error_page

log = logging.getLogger("migdash.brief")

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SLOT_FOLDER = "pdf-slots"  # in the data folder: shared by every worker of this deployment
NOWHERE_PROXY = "http://proxy.invalid:9"  # .invalid never resolves (RFC 6761), nor here any name


class RendererUnavailable(RuntimeError):
    """No PDF could be made: no chromium, it failed, or it ran out of time."""


class RendererBusy(RuntimeError):
    """Every printing slot of this host is taken."""


def find_chromium(configured: str = "") -> str | None:
    if configured:
        return configured if Path(configured).exists() else None
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)


def confinement_flags(url: str) -> list[str]:
    """Chromium flags that let it reach `url`'s origin (scheme, host and port) and nothing else.

    Chromium sends every request to the proxy except those the bypass list names; `<-loopback>`
    removes its implicit bypass of loopback, so another port of 127.0.0.1 goes to the proxy too.
    The proxy's name never resolves, nor any host but `url`'s (the resolver rules apply to
    addresses too), so nothing leaves, not even a DNS query. The bypass list wants an IPv6
    address in brackets, the resolver rules without.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    literal = f"[{host}]" if ":" in host else host
    return [
        f"--proxy-server={NOWHERE_PROXY}",
        f"--proxy-bypass-list=<-loopback>;{literal}:{port}",
        f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {host}",
    ]


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _load_failure(log_file: Path) -> str:
    """Chromium's own reason for not printing (e.g. net::ERR_CONNECTION_REFUSED), if it gave one."""
    with contextlib.suppress(OSError):
        for line in reversed(log_file.read_text(errors="replace").splitlines()):
            if "Page load failed" in line:
                return ": " + line.rsplit("]", 1)[-1].strip()
    return ""


def print_to_pdf(binary: str, url: str, timeout: float, marker: str = "migdash-pdf-") -> bytes:
    """PDF bytes of `url` as headless chromium prints it (A4, no header or footer), loading
    nothing but `url`'s origin and taking at most `timeout` seconds.

    Chromium's temporary folder (its profile, and its HOME, so that even its crash handler,
    which leaves the process group, names it on its command line) starts with `marker`.
    """
    work = Path(tempfile.mkdtemp(prefix=marker))
    try:
        output = work / "brief.pdf"
        command = [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-extensions",
            f"--user-data-dir={work}/profile",
            *confinement_flags(url),
            "--no-pdf-header-footer",
            "--virtual-time-budget=20000",
            f"--print-to-pdf={output}",
            url,
        ]
        chromium_log = work / "chromium.log"
        with chromium_log.open("wb") as stderr:
            try:
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                    start_new_session=True,
                    env={**os.environ, "HOME": str(work)},
                )
            except OSError as error:
                raise RendererUnavailable(f"chromium did not start: {error}") from None
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                raise RendererUnavailable(f"chromium took more than {timeout:g} s on {url}") from None
            finally:
                _kill_group(process)
        if not output.exists() or output.stat().st_size == 0:
            raise RendererUnavailable(f"chromium wrote no PDF of {url}{_load_failure(chromium_log)}")
        return output.read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def renderer_marker(folder: Path) -> str:
    """The prefix of the temporary folders of renderers that hold a slot in `folder` (one
    deployment's slots never touch another's)."""
    return f"migdash-pdf-{hashlib.sha256(str(folder).encode()).hexdigest()[:8]}-"


def _remove_leftovers(marker: str) -> None:
    """Kill the processes and remove the folders a renderer with `marker` left behind: only a
    killed worker leaves any, and whoever holds the slot is the only one that uses `marker`."""
    needle = marker.encode()
    for proc in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError, ValueError):
            if needle in (proc / "cmdline").read_bytes():
                os.kill(int(proc.name), signal.SIGKILL)
    for folder in Path(tempfile.gettempdir()).glob(marker + "*"):
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def printing_slot(folder: Path, count: int):
    """Hold one of `count` printing slots of this host; RendererBusy at once when all are taken.

    A slot is an exclusive, non-blocking flock on a file in `folder`: it excludes other threads
    and processes alike, and the kernel releases it when its holder exits, however it exits.
    Yields the marker to give the renderer's temporary folder.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RendererUnavailable(f"cannot create the PDF slots folder {folder}: {error}") from None
    for number in range(count):
        handle = (folder / f"slot-{number}.lock").open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        try:
            marker = f"{renderer_marker(folder)}{number}-"
            _remove_leftovers(marker)
            yield marker
        finally:
            handle.close()
        return
    raise RendererBusy(f"all {count} PDF slots are taken")


@queries.cached
def brief_pdf(iso3: str, lang: str) -> bytes:
    """One PDF per country and language; the cache key carries the code, data and programme
    versions. Nothing of the request is in the arguments, so no request can choose the key."""
    settings = current_app.config["MIGDASH_SETTINGS"]
    binary = find_chromium(settings.chromium)
    if binary is None:
        raise RendererUnavailable("no chromium binary found (set MIGDASH_CHROMIUM)")
    page = settings.internal_url + urls.brief(iso3, lang).removeprefix(settings.base_path)
    with printing_slot(settings.data_dir / SLOT_FOLDER, settings.pdf_concurrency) as marker:
        return print_to_pdf(binary, page, settings.pdf_timeout, marker)


def create_blueprint() -> Blueprint:
    briefs = Blueprint("brief_pdf", __name__)

    @briefs.get("/brief/<string:iso3>.pdf")
    def pdf(iso3: str):
        lang = i18n.valid_language(request.args.get("lang")) or i18n.request_language()
        _ = i18n.translator(lang)
        code = iso3.upper()
        html = {"Content-Type": "text/html; charset=utf-8"}
        if not known_country(code):  # NoData (nothing built, a damaged table) answers 503 (web.errors)
            message = _("There is no country with the code {code}.").format(code=iso3[:12])
            return error_page(404, _("Page not found"), message), 404, html
        # The brief's own data first, in this process: chromium prints whatever the page shows,
        # and a page saying "data unavailable" must not become the cached PDF of this version.
        country_facts(code)
        try:
            body = brief_pdf(code, lang)
        except RendererBusy as error:
            log.info("PDF brief refused: %s", error)
            message = _(
                "Several PDFs are being made right now. Please try again shortly, or open the "
                "brief and use your browser's Print command (Ctrl+P) to save it as PDF."
            )
            retry = str(current_app.config["MIGDASH_SETTINGS"].pdf_timeout)
            return error_page(503, _("PDF not available"), message), 503, {**html, "Retry-After": retry}
        except RendererUnavailable as error:
            log.warning("PDF brief unavailable: %s", error)
            message = _(
                "The PDF cannot be made on this server right now. Open the brief and use your "
                "browser's Print command (Ctrl+P) to save it as PDF."
            )
            return error_page(503, _("PDF not available"), message), 503, html
        response = Response(body, mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'inline; filename="migdash-brief-{code}-{lang}.pdf"'
        response.headers["Cache-Control"] = "private, max-age=300"
        return response

    return briefs
