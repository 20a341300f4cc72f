"""The PDF brief under attack: no request chooses what chromium loads (hostile Host and
X-Forwarded-Host, with and without a trusted proxy), chromium reaches nothing off the internal
origin (sub-resources, redirects, other ports of loopback), a stuck renderer holds one slot
until its deadline and leaves no process or folder behind, a full queue answers 503 with
Retry-After at once while the site keeps answering, and a repeat is served from the cache.
"""

from __future__ import annotations

import contextlib
import http.server
import io
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from pathlib import Path

import pytest
import requests
from pypdf import PdfReader
from werkzeug.serving import make_server

from app import create_app
from web import brief_pdf
from web.brief_pdf import RendererBusy, RendererUnavailable, print_to_pdf, printing_slot, renderer_marker

CHROMIUM = brief_pdf.find_chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH")
pytestmark = pytest.mark.slow  # the brief renderer starts chromium, and these tests more processes


def wait_until(condition, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {seconds} s: {condition.__doc__ or condition}")
        time.sleep(0.05)
    return value


def processes_with(marker: str) -> list[int]:
    """Live processes (zombies have an empty command line) whose command line has `marker`."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            if marker.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
    return found


def folders_with(marker: str) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(marker + "*"))


def pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return unicodedata.normalize("NFKC", " ".join(page.extract_text() for page in reader.pages))


class Listener:
    """An HTTP server in a thread that records every path it is asked for and answers with
    `respond(path) -> (status, headers, body)`."""

    def __init__(self, respond, host: str = "127.0.0.1"):
        self.paths: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                listener.paths.append(self.path)
                status, headers, body = respond(self.path)
                self.send_response(status)
                for name, value in {"Content-Type": "text/html", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server_class = type(
            "Server",
            (http.server.ThreadingHTTPServer,),
            {"address_family": socket.AF_INET6 if ":" in host else socket.AF_INET},
        )
        self.server = server_class((host, 0), Handler)
        self.netloc = f"[{host}]:{self.port}" if ":" in host else f"{host}:{self.port}"
        self.url = f"http://{self.netloc}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Tarpit:
    """Accepts connections and never answers."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0), backlog=50)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/"

    def close(self):
        self.socket.close()


@pytest.fixture
def listeners():
    made = []

    def make(respond=lambda path: (200, {}, b"<h1>Not the brief</h1>"), host="127.0.0.1"):
        try:
            made.append(Listener(respond, host))
        except OSError as error:
            pytest.skip(f"cannot listen on {host}: {error}")
        return made[-1]

    yield make
    for listener in made:
        listener.close()


@contextlib.contextmanager
def serving(app):
    """The app on a free loopback port, with its internal URL pointing there."""
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}/"
    settings = app.server.config["MIGDASH_SETTINGS"]
    app.server.config["MIGDASH_SETTINGS"] = settings.replace(internal_url=base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def printed(monkeypatch):
    """The URLs chromium was asked to print."""
    urls = []
    real = brief_pdf.print_to_pdf

    def counting(binary, url, timeout, marker="migdash-pdf-"):
        urls.append(url)
        return real(binary, url, timeout, marker)

    monkeypatch.setattr(brief_pdf, "print_to_pdf", counting)
    return urls


@needs_chromium
@pytest.mark.parametrize("proxy_hops", [0, 1])
def test_hostile_host_headers_are_never_loaded_and_a_repeat_is_served_from_the_cache(
    settings, listeners, printed, proxy_hops
):
    hostile, forwarded = listeners(), listeners()
    # With a hop, the headers come from a trusted proxy (the test itself): still never used.
    app = create_app(settings.replace(proxy_hops=proxy_hops, trusted_proxies="127.0.0.1" if proxy_hops else ""))
    with serving(app) as base:
        headers = {
            "Host": hostile.netloc,
            "X-Forwarded-Host": forwarded.netloc,
            "X-Forwarded-Proto": "http",
            "X-Forwarded-Prefix": "/evil",
        }
        response = requests.get(base + "brief/MDA.pdf", headers=headers, timeout=60)
        assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert "Moldova" in text and "Key figures" in text and "Not the brief" not in text
        assert printed == [base + "brief/MDA"]

        again = requests.get(base + "brief/MDA.pdf", headers={"Host": forwarded.netloc}, timeout=60)
        assert again.status_code == 200 and again.content == response.content
        assert len(printed) == 1  # no second chromium
    assert hostile.paths == [] and forwarded.paths == []


def test_the_printed_address_is_the_internal_url_whatever_the_request_says(settings, monkeypatch):
    urls = []
    monkeypatch.setattr(brief_pdf, "find_chromium", lambda configured: "/usr/bin/true")
    monkeypatch.setattr(brief_pdf, "print_to_pdf", lambda binary, url, timeout, marker: urls.append(url) or b"%PDF")
    app = create_app(
        settings.replace(
            base_path="/migdash/",
            proxy_hops=1,
            trusted_proxies="127.0.0.1",
            internal_url="http://10.1.2.3:8123/migdash/",
        )
    )
    client = app.server.test_client()
    hostile = {"Host": "127.0.0.1:9999", "X-Forwarded-Host": "169.254.169.254", "X-Forwarded-Prefix": "/x"}
    for path in ("/migdash/brief/MDA.pdf?lang=fr", "/migdash/brief/tun.pdf?lang=en"):
        assert client.get(path, headers=hostile).status_code == 200
    assert urls == ["http://10.1.2.3:8123/migdash/brief/MDA?lang=fr", "http://10.1.2.3:8123/migdash/brief/TUN"]


@needs_chromium
@pytest.mark.parametrize("host", ["127.0.0.1", "::1"])
def test_chromium_reaches_nothing_off_the_origin_it_prints(listeners, host):
    outside = listeners(lambda path: (200, {}, b"<h1>Outside</h1>"), host)
    other = f"http://localhost:{outside.port}/"
    page = (
        f"<h1>Inside</h1><img src='{outside.url}img.png'><img src='{other}img2.png'>"
        f"<link rel='stylesheet' href='{outside.url}style.css'><script src='{outside.url}s.js'></script>"
        f"<iframe src='{outside.url}frame'></iframe><script>fetch('{outside.url}fetch')</script>"
        f"<img src='http://example.invalid/x.png'>"
    ).encode()
    inside = listeners(
        lambda path: (302, {"Location": outside.url + "redirected"}, b"") if path == "/away" else (200, {}, page), host
    )

    assert "Inside" in pdf_text(print_to_pdf(CHROMIUM, inside.url, 20))
    with pytest.raises(RendererUnavailable, match=r"wrote no PDF .*ERR_"):
        print_to_pdf(CHROMIUM, inside.url + "away", 20)
    assert "/" in inside.paths and "/away" in inside.paths
    assert outside.paths == []


@needs_chromium
def test_a_stuck_pdf_holds_one_slot_until_its_deadline_while_the_site_answers(settings):
    tarpit = Tarpit()
    try:
        app = create_app(settings.replace(internal_url=tarpit.url, pdf_concurrency=1, pdf_timeout=5))
        marker = renderer_marker(settings.data_dir / brief_pdf.SLOT_FOLDER)
        stuck = {}
        thread = threading.Thread(target=lambda: stuck.update(response=app.server.test_client().get("/brief/MDA.pdf")))
        thread.start()
        wait_until(lambda: processes_with(marker))  # chromium is waiting on the tarpit

        client = app.server.test_client()
        assert client.get("/healthz").status_code == 200
        assert client.get("/country/MDA").status_code == 200
        busy = client.get("/brief/TUN.pdf?lang=fr")
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
        assert "Plusieurs PDF sont en cours de production" in busy.get_data(as_text=True)  # not queued

        thread.join(timeout=60)
        response = stuck["response"]
        assert response.status_code == 503 and "Retry-After" not in response.headers
        body = response.get_data(as_text=True)
        assert "The PDF cannot be made on this server right now" in body and "Traceback" not in body
        wait_until(lambda: not processes_with(marker))
        assert folders_with(marker) == []
    finally:
        tarpit.close()


# A renderer that leaves a child in its process group (running, with the folder in its
# command line, before the renderer exits) and writes a PDF or not.
FAKE_CHROMIUM = """#!{python}
import subprocess, sys
args = dict(arg[2:].split("=", 1) for arg in sys.argv[1:] if arg.startswith("--") and "=" in arg)
child = subprocess.Popen([sys.executable, "-c", "import time; print('up', flush=True); time.sleep(300)",
                          args["user-data-dir"]], stdout=subprocess.PIPE)
child.stdout.readline()
if {writes}:
    open(args["print-to-pdf"], "wb").write(b"%PDF-1.4 fake")
"""


@pytest.mark.parametrize("writes", [True, False])
def test_the_renderers_whole_process_group_and_folder_go_after_success_and_failure(tmp_path, writes):
    fake = tmp_path / "chromium"
    fake.write_text(FAKE_CHROMIUM.format(python=sys.executable, writes=writes))
    fake.chmod(0o755)
    marker = renderer_marker(tmp_path)
    if writes:
        assert print_to_pdf(str(fake), "http://127.0.0.1:1/", 20, marker) == b"%PDF-1.4 fake"
    else:
        with pytest.raises(RendererUnavailable, match="wrote no PDF"):
            print_to_pdf(str(fake), "http://127.0.0.1:1/", 20, marker)
    wait_until(lambda: not processes_with(marker))  # the child it left in its group was killed
    assert folders_with(marker) == []


def test_slots_are_shared_by_threads_and_processes_and_freed_when_a_holder_dies(tmp_path):
    folder = tmp_path / "slots"
    with printing_slot(folder, 2) as first, printing_slot(folder, 2) as second:
        assert first != second
        with pytest.raises(RendererBusy), printing_slot(folder, 2):
            pass
    with printing_slot(folder, 2):
        pass

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
                "print('held', flush=True); time.sleep(300)"
            ),
            str(folder / "slot-0.lock"),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline() == b"held\n"
        with pytest.raises(RendererBusy), printing_slot(folder, 1):
            pass
    finally:
        holder.kill()
        holder.wait()
    with printing_slot(folder, 1):
        pass


def test_a_slots_next_holder_removes_what_a_killed_worker_left(tmp_path):
    folder = tmp_path / "slots"
    marker = renderer_marker(folder) + "0-"
    left_folder = Path(tempfile.mkdtemp(prefix=marker))
    left = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(300)", f"--user-data-dir={left_folder}"], start_new_session=True
    )
    try:
        wait_until(lambda: processes_with(marker))  # its command line is readable once exec is done
        with printing_slot(folder, 1) as given:
            assert given == marker
            assert left.wait(timeout=10) == -9
            assert not left_folder.exists()
    finally:
        left.kill()
        left.wait()
