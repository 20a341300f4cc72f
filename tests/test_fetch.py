"""`python -m data.fetch` against a local HTTP server playing the publishers (loopback only):
copies of our source files, and broken ones. Every failure leaves the file in place, and the
build served, as they were."""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import gzip
import hashlib
import http.server
import io
import json
import os
import shutil
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pandas as pd
import pytest

from data import fetch, store
from data.fetch import CHECKS, LOG, PREVIOUS, Client, refresh
from data.sources import SOURCES, SOURCES_BY_KEY
from settings import Settings, SettingsError
from tests.conftest import SOURCE_DIR

LAST_MODIFIED = "Tue, 01 Jul 2025 08:00:00 GMT"


@dataclasses.dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict = dataclasses.field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    cut: int | None = None  # send only this many bytes of the body (Content-Length says all)


class Publisher(http.server.ThreadingHTTPServer):
    """Scripted answers per path (the last one repeats) and the requests it saw."""

    daemon_threads = True
    block_on_close = False

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answers: dict[str, list[Answer]] = {}
        self.seen: list[tuple[str, dict]] = []
        self.base = f"http://127.0.0.1:{self.server_address[1]}"

    def serve(self, path: str, *answers: Answer) -> str:
        self.answers[path] = list(answers)
        return self.base + path

    def requests(self, path: str) -> list[dict]:
        return [headers for seen, headers in self.seen if urlsplit(seen).path == path]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        server: Publisher = self.server
        server.seen.append((self.path, dict(self.headers)))
        queue = server.answers.get(urlsplit(self.path).path) or [Answer(404, b"not here")]
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        time.sleep(answer.delay)
        try:
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            if answer.cut is not None:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(answer.body[: answer.cut] if answer.cut is not None else answer.body)
            self.wfile.flush()
        except OSError:  # the client gave up (the timeout test)
            pass
        if answer.cut is not None:
            self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture
def publisher():
    server = Publisher()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


_SYNTHETIC: list[Path] = []  # the module's synthetic source folder, once written


@pytest.fixture(scope="module", autouse=True)
def synthetic(tmp_path_factory) -> Path:
    """The fetcher's tests need files of the publishers' layouts, not their numbers: the
    synthetic set (tests/make_sources.py, ~2 s to write, ~8 s to build, where the real files
    take minutes); test_every_source_is_fetched_or_explained_and_every_check_accepts_its_file
    checks the real ones."""
    from tests import make_sources

    folder = tmp_path_factory.mktemp("synthetic-sources")
    make_sources.main(folder)
    _SYNTHETIC[:] = [folder]
    return folder


@pytest.fixture
def sources_dir(tmp_path, synthetic) -> Path:
    """A copy of the source files (the build's own are read-only)."""
    folder = tmp_path / "sources"
    for source in SOURCES:
        (folder / source.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(synthetic / source.path, folder / source.path)
    return folder


@pytest.fixture
def waits():
    return []


@pytest.fixture
def client(waits) -> Client:
    """Tiny limits; retries wait through `waits` (recorded, never slept)."""
    return Client(timeout=2, max_bytes=20_000_000, retries=2, backoff=0.5, max_wait=30, sleep=waits.append)


def served(publisher: Publisher, key: str, *answers: Answer, **changes) -> tuple:
    """SOURCES with `key` downloaded from the local publisher."""
    url = publisher.serve(f"/{key}", *answers)
    return tuple(dataclasses.replace(s, download_url=url, **changes) if s.key == key else s for s in SOURCES)


def original(key: str) -> bytes:
    """The bytes of a source file as the tests' publisher first serves it (the synthetic set)."""
    return (_SYNTHETIC[0] / SOURCES_BY_KEY[key].path).read_bytes()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".fetch-")]


def changed_wpp(column: str | None = None) -> tuple[bytes, float]:
    """The WPP file with its first value raised by 1,000 (or its value column renamed to
    `column`), and the new value."""
    frame = pd.read_csv(io.BytesIO(original("wpp2024_net_migration")), index_col=0)
    frame.iloc[0, frame.columns.get_loc("Net Number of Migrants")] += 1000
    if column:
        frame = frame.rename(columns={"Net Number of Migrants": column})
    return frame.to_csv().encode(), float(frame.iloc[0, -1])


def log(folder: Path) -> dict:
    return json.loads((folder / LOG).read_text())["sources"]


# --- declarations ----------------------------------------------------------------------------


def test_every_source_is_fetched_or_says_why_not():
    for source in SOURCES:
        assert bool(source.download_url) != bool(source.by_hand), source.key
        assert not source.download_url or source.download_url.startswith("https://"), source.key
        assert not source.zip_member or source.download_url, source.key
        assert source.key in CHECKS, f"{source.key}: no check for its downloads in data.fetch.CHECKS"


def test_the_checks_accept_the_files_the_build_reads():
    for source in SOURCES:
        CHECKS[source.key](SOURCE_DIR / source.path, SOURCE_DIR)


# --- an accepted download ---------------------------------------------------------------------


def test_a_new_file_replaces_the_old_one_which_is_kept_and_logged(publisher, sources_dir, client, capsys):
    new, _ = changed_wpp()
    old = original("wpp2024_net_migration")
    headers = {"ETag": '"v2"', "Last-Modified": LAST_MODIFIED}
    sources = served(publisher, "wpp2024_net_migration", Answer(body=new, headers=headers))
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)

    assert refresh(sources_dir, None, client, only=["wpp2024_net_migration"], build=False, sources=sources) == 0

    target = sources_dir / SOURCES_BY_KEY["wpp2024_net_migration"].path
    assert target.read_bytes() == new
    assert target.with_name(target.name + PREVIOUS).read_bytes() == old
    record = log(sources_dir)["wpp2024_net_migration"]
    assert record["outcome"] == "updated"
    assert record["sha256"] == sha256(new) and record["bytes"] == len(new)
    assert record["previous"] == {"sha256": sha256(old), "bytes": len(old)}
    assert record["etag"] == '"v2"' and record["last_modified"] == LAST_MODIFIED
    assert record["url"] == publisher.base + "/wpp2024_net_migration"
    assert started <= dt.datetime.fromisoformat(record["downloaded_at"]) <= dt.datetime.now(dt.UTC)
    assert not leftovers(target.parent)
    assert "updated" in capsys.readouterr().out


def test_the_second_run_asks_if_changed_and_304_keeps_the_file(publisher, sources_dir, client):
    new, _ = changed_wpp()
    headers = {"ETag": '"v2"', "Last-Modified": LAST_MODIFIED}
    sources = served(publisher, "wpp2024_net_migration", Answer(body=new, headers=headers), Answer(304))
    for _ in range(2):
        assert refresh(sources_dir, None, client, only=["wpp2024_net_migration"], build=False, sources=sources) == 0

    first, second = publisher.requests("/wpp2024_net_migration")
    assert "If-None-Match" not in first
    assert second["If-None-Match"] == '"v2"' and second["If-Modified-Since"] == LAST_MODIFIED
    assert (sources_dir / SOURCES_BY_KEY["wpp2024_net_migration"].path).read_bytes() == new
    record = log(sources_dir)["wpp2024_net_migration"]
    assert record["outcome"] == "unchanged (304 Not Modified)"
    assert record["etag"] == '"v2"' and record["sha256"] == sha256(new)


def test_a_file_changed_by_hand_is_fetched_whole(publisher, sources_dir, client):
    """The validators describe the file they came with: after a hand edit, no 304 may hide it."""
    new, _ = changed_wpp()
    sources = served(publisher, "wpp2024_net_migration", Answer(body=new, headers={"ETag": '"v2"'}))
    refresh(sources_dir, None, client, only=["wpp2024_net_migration"], build=False, sources=sources)
    target = sources_dir / SOURCES_BY_KEY["wpp2024_net_migration"].path
    target.write_bytes(original("wpp2024_net_migration"))
    refresh(sources_dir, None, client, only=["wpp2024_net_migration"], build=False, sources=sources)
    assert "If-None-Match" not in publisher.requests("/wpp2024_net_migration")[1]
    assert target.read_bytes() == new


def test_the_publishers_zip_is_unpacked_and_its_preamble_read(publisher, sources_dir, client):
    """The World Bank's API serves a zip holding the CSV (with its 4 preamble lines) and two
    metadata files; the member's release number is not ours."""
    csv = original("wdi_gdp")
    if not csv.lstrip(b"\xef\xbb\xbf").startswith(b'"Data Source"'):
        csv = b'"Data Source","World Development Indicators",\r\n\r\n"Last Updated Date","2026-07-01",\r\n\r\n' + csv
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("API_NY.GDP.MKTP.CD_DS2_en_csv_v2_999.csv", csv)
        zipped.writestr("Metadata_Country_API_NY.GDP.MKTP.CD_DS2_en_csv_v2_999.csv", b"Country Code\n")
    sources = served(publisher, "wdi_gdp", Answer(body=archive.getvalue()))
    assert refresh(sources_dir, None, client, only=["wdi_gdp"], build=False, sources=sources) == 0
    assert (sources_dir / SOURCES_BY_KEY["wdi_gdp"].path).read_bytes() == csv


def test_a_zip_holding_two_of_our_files_is_downloaded_once(publisher, sources_dir, client):
    keys = ("wdi_remittances_received", "wdi_country_metadata")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for key in keys:
            zipped.writestr(Path(SOURCES_BY_KEY[key].path).name.replace("38454", "40000"), original(key))
    url = publisher.serve("/bx.zip", Answer(body=archive.getvalue()))
    sources = tuple(dataclasses.replace(s, download_url=url) if s.key in keys else s for s in SOURCES)
    assert refresh(sources_dir, None, client, only=list(keys), build=False, sources=sources) == 0
    assert len(publisher.requests("/bx.zip")) == 1
    assert {log(sources_dir)[key]["outcome"] for key in keys} == {"unchanged (same bytes)"}
    assert not [p.name for p in sources_dir.rglob(".fetch-*")]


def test_retries_after_server_errors_with_backoff_and_retry_after(publisher, sources_dir, client, waits):
    new, _ = changed_wpp()
    sources = served(
        publisher,
        "wpp2024_net_migration",
        Answer(500, b"oops"),
        Answer(503, b"busy", headers={"Retry-After": "7"}),
        Answer(body=new),
    )
    assert refresh(sources_dir, None, client, only=["wpp2024_net_migration"], build=False, sources=sources) == 0
    assert len(publisher.requests("/wpp2024_net_migration")) == 3
    assert waits == [0.5, 7.0]  # backoff, then the publisher's Retry-After
    assert (sources_dir / SOURCES_BY_KEY["wpp2024_net_migration"].path).read_bytes() == new


def test_retry_after_is_bounded(publisher, sources_dir, client, waits):
    sources = served(publisher, "wpp2024_net_migration", Answer(429, b"slow down", headers={"Retry-After": "86400"}))
    assert refresh(sources_dir, None, client, only=["wpp2024_net_migration"], build=False, sources=sources) == 1
    assert waits == [30, 30] and len(publisher.requests("/wpp2024_net_migration")) == 3


@pytest.mark.parametrize("proxy_from", ["setting", "environment"])
def test_downloads_go_through_the_proxy(publisher, sources_dir, client, monkeypatch, proxy_from):
    new, _ = changed_wpp()
    publisher.serve("/net_migration.csv", Answer(body=new))
    url = "http://publisher.invalid/net_migration.csv"  # never resolved: only the proxy is asked
    sources = tuple(
        dataclasses.replace(s, download_url=url) if s.key == "wpp2024_net_migration" else s for s in SOURCES
    )
    for name in ("http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    if proxy_from == "setting":
        client.proxy = Settings.from_env(environ={"MIGDASH_FETCH_PROXY": publisher.base}).fetch_proxy
    else:
        monkeypatch.setenv("http_proxy", publisher.base)
    assert refresh(sources_dir, None, client, only=["wpp2024_net_migration"], build=False, sources=sources) == 0
    assert [path for path, _ in publisher.seen] == [url]


def test_the_proxy_setting_must_be_an_http_address():
    with pytest.raises(SettingsError, match="MIGDASH_FETCH_PROXY"):
        Settings.from_env(environ={"MIGDASH_FETCH_PROXY": "socks5://proxy:1080"})
    settings = Settings.from_env(environ={"MIGDASH_FETCH_PROXY": "http://proxy.example.org:3128/"})
    assert Client.from_settings(settings).proxy == "http://proxy.example.org:3128"


# --- broken downloads ------------------------------------------------------------------------


def _renamed_sheet() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(original("ims2020_destination")))
    book["Table 1"].title = "Table 1 (2024)"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip_without_the_file() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("Metadata_Indicator_API_NY.GDP.MKTP.CD_DS2_en_csv_v2_999.csv", b"INDICATOR_CODE\n")
    return archive.getvalue()


BROKEN = {
    "a changed column": (
        "wpp2024_net_migration",
        lambda: Answer(body=changed_wpp("Net migrants")[0]),
        "missing columns",
    ),
    "an HTML error page as the CSV": (
        "wpp2024_net_migration",
        lambda: Answer(body=b"<!DOCTYPE html>\n<html><body>Service unavailable</body></html>"),
        "web page",
    ),
    "an empty body": ("wpp2024_net_migration", lambda: Answer(body=b""), "the download is empty"),
    "a download cut short": (
        "wpp2024_net_migration",
        lambda: Answer(body=original("wpp2024_net_migration"), cut=1000),
        "cut short",
    ),
    "a truncated gzip": (
        "abel_cohen_flows",
        lambda: Answer(body=original("abel_cohen_flows")[:-2000]),
        "could not be read",
    ),
    "a truncated xlsx": (
        "knomad_remittance_matrix_2021",
        lambda: Answer(body=original("knomad_remittance_matrix_2021")[:3000]),
        "could not be read",
    ),
    "a renamed sheet": ("ims2020_destination", lambda: Answer(body=_renamed_sheet()), "Table 1"),
    "a zip without our file": ("wdi_gdp", lambda: Answer(body=_zip_without_the_file()), "the zip holds 0 files"),
    "a truncated zip": ("wdi_gdp", lambda: Answer(body=_zip_without_the_file()[:40]), "not a readable zip"),
    "not found": ("wpp2024_net_migration", lambda: Answer(404, b"gone"), "HTTP 404"),
    "too large": ("wpp2024_net_migration", lambda: Answer(body=b"x" * 30_000_000), "over the 20,000,000"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_download_keeps_the_file_in_place(publisher, sources_dir, client, capsys, case):
    key, answer, problem = BROKEN[case]
    source = SOURCES_BY_KEY[key]
    zip_member = source.zip_member if key == "wdi_gdp" else ""
    sources = served(publisher, key, answer(), zip_member=zip_member)
    target = sources_dir / source.path
    before = target.read_bytes()

    assert refresh(sources_dir, None, client, only=[key], build=False, sources=sources) == 1

    assert target.read_bytes() == before
    assert not target.with_name(target.name + PREVIOUS).exists()
    assert not leftovers(target.parent)
    record = log(sources_dir)[key]
    assert record["outcome"] == "failed" and problem in record["problem"]
    assert record["sha256"] == sha256(before)  # the file in place, still
    err = capsys.readouterr().err
    assert f"{source.path}: " in err and problem in err and "the last build that succeeded" in err


def test_a_killed_fetchs_temporary_files_are_removed(publisher, sources_dir, client):
    folder = (sources_dir / SOURCES_BY_KEY["wpp2024_net_migration"].path).parent
    (folder / ".fetch-abc-UN_WPP_2024_net_migration.csv").write_bytes(b"half")
    sources = served(publisher, "wpp2024_net_migration", Answer(304))
    assert refresh(sources_dir, None, client, only=["wpp2024_net_migration"], build=False, sources=sources) == 0
    assert not leftovers(folder)


def test_a_slow_publisher_times_out(publisher, sources_dir, client):
    client.timeout, client.retries = 0.2, 0
    sources = served(publisher, "wpp2024_net_migration", Answer(body=b"late", delay=1.0))
    before = (sources_dir / SOURCES_BY_KEY["wpp2024_net_migration"].path).read_bytes()
    assert refresh(sources_dir, None, client, only=["wpp2024_net_migration"], build=False, sources=sources) == 1
    assert "timed out" in log(sources_dir)["wpp2024_net_migration"]["problem"]
    assert (sources_dir / SOURCES_BY_KEY["wpp2024_net_migration"].path).read_bytes() == before


def test_one_failure_does_not_stop_the_others(publisher, sources_dir, client):
    new, _ = changed_wpp()
    wpp = publisher.serve("/wpp", Answer(body=new))
    knomad = publisher.serve("/knomad", Answer(body=b"<html>maintenance</html>"))
    urls = {"wpp2024_net_migration": wpp, "knomad_remittance_matrix_2021": knomad}
    sources = tuple(dataclasses.replace(s, download_url=urls[s.key]) if s.key in urls else s for s in SOURCES)
    assert refresh(sources_dir, None, client, only=list(urls), build=False, sources=sources) == 1
    records = log(sources_dir)
    assert records["wpp2024_net_migration"]["outcome"] == "updated"
    assert records["knomad_remittance_matrix_2021"]["outcome"] == "failed"


def test_by_hand_sources_are_reported_with_their_reason(sources_dir, client, capsys):
    by_hand = [s for s in SOURCES if s.by_hand]
    assert refresh(sources_dir, None, client, build=False, sources=by_hand) == 0
    out = capsys.readouterr().out
    for source in by_hand:
        assert f"{source.path}: refreshed by hand: {source.by_hand}" in out
        assert log(sources_dir)[source.key]["outcome"] == "by hand"


def test_a_dry_run_replaces_and_logs_nothing(publisher, sources_dir, client):
    new, _ = changed_wpp()
    sources = served(publisher, "wpp2024_net_migration", Answer(body=new))
    target = sources_dir / SOURCES_BY_KEY["wpp2024_net_migration"].path
    before = target.read_bytes()
    code = refresh(sources_dir, None, client, only=["wpp2024_net_migration"], dry_run=True, sources=sources)
    assert code == 0 and target.read_bytes() == before and not (sources_dir / LOG).exists()


# --- with the build --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_build(tmp_path_factory, synthetic) -> Path:
    from data.build import build

    folder = tmp_path_factory.mktemp("synthetic-build")
    build(synthetic, folder)
    return folder


@pytest.fixture
def data_dir(tmp_path, synthetic_build) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(synthetic_build, folder, symlinks=True, copy_function=os.link)
    return folder


def test_a_failed_fetch_leaves_the_previous_build_served(publisher, sources_dir, data_dir, client):
    version = store.current_version(data_dir)
    sources = served(publisher, "wpp2024_net_migration", Answer(body=b"<html>error</html>"))
    assert refresh(sources_dir, data_dir, client, only=["wpp2024_net_migration"], sources=sources) == 1
    assert store.current_version(data_dir) == version


def test_an_accepted_file_is_built_and_served(publisher, sources_dir, data_dir, client):
    new, value = changed_wpp()
    sources = served(publisher, "wpp2024_net_migration", Answer(body=new))
    version = store.current_version(data_dir)
    assert refresh(sources_dir, data_dir, client, only=["wpp2024_net_migration"], sources=sources) == 0
    assert store.current_version(data_dir) != version
    first = pd.read_csv(io.BytesIO(new), index_col=0).iloc[0]
    table = store.read_table(store.resolve_current(data_dir), "net_migration")
    row = table[(table["country"] == first["Country ISO"]) & (table["year"] == int(first["Year"]))]
    assert row["net_migration"].tolist() == [value]


def test_a_file_the_build_refuses_is_put_back(publisher, sources_dir, data_dir, client, monkeypatch, capsys):
    """A file can pass its own reader and still fail the build (with the other files): the
    previous file goes back, so the source folder matches the build still served."""
    from data import build

    new, _ = changed_wpp()
    sources = served(publisher, "wpp2024_net_migration", Answer(body=new, headers={"ETag": '"v2"'}))
    monkeypatch.setattr(build, "main", lambda argv: 1)  # a build that fails, as a SourceError makes it
    version = store.current_version(data_dir)
    target = sources_dir / SOURCES_BY_KEY["wpp2024_net_migration"].path
    before = target.read_bytes()
    assert refresh(sources_dir, data_dir, client, only=["wpp2024_net_migration"], sources=sources) == 1
    assert target.read_bytes() == before and store.current_version(data_dir) == version
    record = log(sources_dir)["wpp2024_net_migration"]
    assert record["outcome"] == "rejected by the build" and record["etag"] is None
    assert record["sha256"] == sha256(before)
    assert "put back the previous file" in capsys.readouterr().out


def test_a_refused_new_file_is_removed_again(publisher, sources_dir, data_dir, client, monkeypatch):
    """A file the folder did not have before the run: putting back means removing it."""
    from data import build

    monkeypatch.setattr(build, "main", lambda argv: 1)
    target = sources_dir / SOURCES_BY_KEY["wpp2024_net_migration"].path
    target.unlink()
    sources = served(publisher, "wpp2024_net_migration", Answer(body=original("wpp2024_net_migration")))
    assert refresh(sources_dir, data_dir, client, only=["wpp2024_net_migration"], sources=sources) == 1
    assert not target.exists()
    assert log(sources_dir)["wpp2024_net_migration"]["outcome"] == "rejected by the build"


def test_two_runs_never_overlap(sources_dir, client, capsys):
    with (sources_dir / fetch.LOCK).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        assert refresh(sources_dir, None, client, build=False) == 1
    assert "another fetch is running" in capsys.readouterr().err


def test_the_command_line(publisher, sources_dir, monkeypatch, capsys):
    new, _ = changed_wpp()
    monkeypatch.setattr(fetch, "SOURCES", served(publisher, "wpp2024_net_migration", Answer(body=new)))
    argv = ["--source-dir", str(sources_dir), "--only", "wpp2024_net_migration", "--no-build"]
    assert fetch.main(argv) == 0
    assert "un_wpp/UN_WPP_2024_net_migration.csv: updated" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        fetch.main(["--only", "nothing"])
    assert "unknown source nothing" in capsys.readouterr().err


def test_gzip_sources_keep_their_extension_while_checked(publisher, sources_dir, client):
    """pandas knows a .gz by its name: the temporary download keeps the file's."""
    body = original("abel_cohen_flows")
    frame = pd.read_csv(io.BytesIO(gzip.decompress(body)))
    frame.loc[0, "flow_da_pb_closed"] += 1
    new = gzip.compress(frame.to_csv(index=False).encode())
    sources = served(publisher, "abel_cohen_flows", Answer(body=new), by_hand="")
    assert refresh(sources_dir, None, client, only=["abel_cohen_flows"], build=False, sources=sources) == 0
    assert (sources_dir / SOURCES_BY_KEY["abel_cohen_flows"].path).read_bytes() == new
