"""A damaged data store: a table cut short, altered, deleted, or a manifest that cannot be read.

Each process checks a table against the manifest's sha256 when it loads it, so a damaged file
is never served: the views that need it say the data is unavailable (503 for the API and
callbacks that cannot explain it themselves, a message in the page or card), the others keep
working, /healthz reports "degraded" naming the file, and `python -m data.build` finds it and
rebuilds. Staging folders of killed builds are removed by the next build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.dash_client import UPDATE_PATH, Callbacks, specs_in_response
from data import store
from data.build import LEFTOVER_SECONDS, STAGING, main, remove_leftovers
from tests.conftest import SOURCE_DIR

UNAVAILABLE = "This data is unavailable right now"
PAGES = [
    "/",
    "/stocks",
    "/flows",
    "/remittances",
    "/country",
    "/country/MDA",
    "/programme",
    "/programme/MDA",
    "/sources",
    "/embed/stocks-trend",
    "/embed/flows-sankey",
    "/brief/MDA",
]


def copy_store(built_data_dir: Path, target: Path) -> Path:
    shutil.copytree(built_data_dir, target, symlinks=True)
    return target


def damage(data_dir: Path, file: str, how: str = "truncate") -> bytes:
    """Damage one file of the current build; returns its original bytes (to repair it)."""
    path = store.resolve_current(data_dir) / file
    original = path.read_bytes()
    if how == "truncate":
        path.write_bytes(original[: len(original) // 2])
    elif how == "flip":  # same size, one byte changed: only the hash can tell
        middle = len(original) // 2
        path.write_bytes(original[:middle] + bytes([original[middle] ^ 0xFF]) + original[middle + 1 :])
    elif how == "delete":
        path.unlink()
    else:
        path.write_bytes(how.encode())
    return original


@pytest.fixture
def data_dir(tmp_path, built_data_dir) -> Path:
    return copy_store(built_data_dir, tmp_path / "data")


@pytest.fixture
def make_client(settings):
    from app import create_app

    def make(data_dir: Path):
        app = create_app(settings.replace(data_dir=data_dir, programme_db=settings.programme_db))
        client = app.server.test_client()
        client.get("/")  # Dash's first request builds every page's layout once, to validate callbacks
        return client

    return make


def post(client, body: dict):
    return client.post(UPDATE_PATH, json=body)


# --- the store ----------------------------------------------------------------------------------


@pytest.mark.parametrize("file", ["refugees.parquet", "refugees.arrow"])  # each file the build writes of a table
@pytest.mark.parametrize(
    "how, problem",
    [("truncate", "bytes where the manifest says"), ("flip", "sha256 is not the manifest's"), ("delete", "missing")],
)
def test_a_damaged_table_is_never_loaded(data_dir, file, how, problem):
    damage(data_dir, file, how)
    build = store.resolve_current(data_dir)

    with pytest.raises(store.DamagedFile) as error:
        store.read_table(build, "refugees")

    assert error.value.file == file and problem in error.value.problem
    assert store.damaged_files(build) == {file: error.value.problem}
    assert store.damaged_files(build, thorough=True) == {file: error.value.problem}
    assert len(store.read_table(build, "net_migration")) > 0  # the others load


def test_a_mapped_table_changed_on_disk_is_refused_at_the_next_ask(data_dir):
    """The Arrow file is read from disk as the table is used, not copied once: a change made
    after it was mapped must be caught before it is served again."""
    build = store.resolve_current(data_dir)
    assert len(store.read_table(build, "refugees")) > 0

    damage(data_dir, "refugees.arrow", "flip")

    with pytest.raises(store.DamagedFile, match="sha256 is not the manifest's"):
        store.read_table(build, "refugees")


def test_every_file_the_manifest_lists_is_checked_wherever_it_is_listed(data_dir):
    """The tables and the full downloads (data.exports, listed under "exports"); not the inputs."""
    build = store.resolve_current(data_dir)
    manifest = json.loads((build / store.MANIFEST).read_text())
    export = manifest["exports"]["refugees.csv.gz"]["file"]
    damage(data_dir, export, how="flip")

    files = store.built_files(store.read_manifest(build))

    tables = manifest["tables"].values()
    listed = {info["file"] for info in tables} | {info["arrow"]["file"] for info in tables}
    listed |= {e["file"] for e in manifest["exports"].values()}
    assert set(files) == listed and export in files
    assert not {item["file"] for item in manifest["inputs"]} & set(files)  # source files are not the build's
    assert store.damaged_files(build) == {export: "its sha256 is not the manifest's"}


def test_the_manifest_cannot_point_outside_the_build(data_dir):
    build = store.resolve_current(data_dir)
    manifest = json.loads((build / store.MANIFEST).read_text())
    manifest["tables"]["refugees"]["file"] = "../../../etc/passwd"
    (build / store.MANIFEST).write_text(json.dumps(manifest))

    with pytest.raises(store.DamagedFile, match="outside the build folder"):
        store.read_table(build, "refugees")


# --- what the site answers ----------------------------------------------------------------------


def test_healthz_is_degraded_and_names_the_damaged_file(data_dir, make_client):
    client = make_client(data_dir)
    healthy = client.get("/healthz")
    assert healthy.status_code == 200 and healthy.json["status"] == "ok" and "damaged" not in healthy.json

    damage(data_dir, "stocks_country.parquet")
    response = client.get("/healthz")

    assert response.status_code == 200  # up and serving most views: monitoring reads `status`
    assert response.json["status"] == "degraded"
    assert list(response.json["damaged"]) == ["stocks_country.parquet"]
    assert "bytes where the manifest says" in response.json["damaged"]["stocks_country.parquet"]
    assert response.json["data_version"] == store.current_version(data_dir)


def test_healthz_names_an_unreadable_manifest(data_dir, make_client):
    damage(data_dir, store.MANIFEST, how='{"data_version": ')

    response = make_client(data_dir).get("/healthz")

    assert response.json["status"] == "degraded" and list(response.json["damaged"]) == ["manifest.json"]


def test_views_that_need_a_damaged_table_say_so_and_the_others_work(data_dir, make_client):
    damage(data_dir, "stocks_country.parquet")
    client = make_client(data_dir)
    callbacks = Callbacks(client.get("/_dash-dependencies").get_json())

    stocks = post(client, callbacks.visit("/stocks"))
    assert stocks.status_code == 200 and UNAVAILABLE in stocks.get_data(as_text=True)
    embed = post(client, callbacks.visit("/embed/stocks-trend"))
    [(aio_id, spec)] = specs_in_response(embed.get_json())
    card = post(client, callbacks.render_card(aio_id, spec))
    assert card.status_code == 200
    outputs = {json.loads(key)["part"]: value for key, value in card.get_json()["response"].items()}
    assert outputs["title"]["children"] == "Data unavailable" and UNAVAILABLE in outputs["empty"]["children"]
    api = client.get("/api/v1/stocks-country.csv?country=MDA")
    assert api.status_code == 503 and "stocks_country.parquet" in api.json["error"]
    assert "failed its integrity check" in api.json["error"]

    flows = post(client, callbacks.visit("/flows"))
    specs = specs_in_response(flows.get_json())
    assert flows.status_code == 200 and specs and UNAVAILABLE not in flows.get_data(as_text=True)
    for aio_id, spec in specs:
        rendered = post(client, callbacks.render_card(aio_id, spec))
        assert rendered.status_code == 200 and UNAVAILABLE not in rendered.get_data(as_text=True), spec["chart"]
    assert client.get("/api/v1/flows-country.csv?country=MDA").status_code == 200


@pytest.mark.parametrize(
    "file", ["countries.parquet", "stocks_bilateral.arrow", "remittances_country.parquet", store.MANIFEST]
)
def test_no_request_answers_500_whichever_file_is_damaged(data_dir, make_client, file):
    """Every page and each of its cards, after a restart on a damaged build (the finding: 6 of
    27 requests answered 500)."""
    damage(data_dir, file)
    client = make_client(data_dir)
    callbacks = Callbacks(client.get("/_dash-dependencies").get_json())
    statuses = {}
    for path in PAGES:
        page = post(client, callbacks.visit(path))
        statuses[path] = page.status_code
        for aio_id, spec in specs_in_response(page.get_json()) if page.status_code == 200 else ():
            statuses[f"{path} {spec['chart']}"] = post(client, callbacks.render_card(aio_id, spec)).status_code
    for path in ("/api/v1/datasets.json", "/api/v1/stocks-country.json?country=MDA", "/country/MDA", "/healthz"):
        response = client.get(path)
        statuses[path] = response.status_code
        if response.status_code == 503:
            assert "unavailable" in response.json["error"], path
    # The PDF of a brief whose data is damaged: 503 before any renderer starts (chromium would
    # print, and the cache keep, a page saying the data is unavailable), never "no such country".
    pdf = client.get("/brief/MDA.pdf")
    statuses["/brief/MDA.pdf"] = pdf.status_code
    assert pdf.status_code == 503 and "unavailable" in pdf.get_data(as_text=True), file

    assert not {path: status for path, status in statuses.items() if status not in (200, 503)}
    assert sum(status == 200 for status in statuses.values()) > len(PAGES)


def test_a_card_made_while_its_data_was_unavailable_is_not_cached(data_dir, make_client):
    """The sankey's view is checked against flows_country, its figure comes from flows_bilateral."""
    original = damage(data_dir, "flows_bilateral.parquet")
    client = make_client(data_dir)
    callbacks = Callbacks(client.get("/_dash-dependencies").get_json())
    spec = {"chart": "flows-sankey", "state": {"country": "MDA"}, "lang": "en"}

    first = post(client, callbacks.render_card("sankey", spec)).get_data(as_text=True)
    (store.resolve_current(data_dir) / "flows_bilateral.parquet").write_bytes(original)  # repaired
    second = post(client, callbacks.render_card("sankey", spec)).get_data(as_text=True)

    assert UNAVAILABLE in first and UNAVAILABLE not in second and "Moldova" in second


# --- the build finds it and repairs it ----------------------------------------------------------


@pytest.mark.slow
def test_the_build_finds_a_damaged_build_says_so_and_rebuilds_it(data_dir, capsys):
    before = store.resolve_current(data_dir)
    version = store.current_version(data_dir)
    damage(data_dir, "flows_country.parquet", "flip")

    assert main(["--source-dir", str(SOURCE_DIR), "--data-dir", str(data_dir)]) == 0

    out = capsys.readouterr().out
    assert "the current build failed its check (flows_country.parquet: its sha256 is not the manifest's)" in out
    assert f"data version {version} built" in out
    after = store.resolve_current(data_dir)
    assert after != before and not before.exists()  # a new folder; the damaged one is gone
    assert store.current_version(data_dir) == version and store.damaged_files(after, thorough=True) == {}
    assert main(["--source-dir", str(SOURCE_DIR), "--data-dir", str(data_dir)]) == 0
    assert "every file matches its manifest; nothing to do" in capsys.readouterr().out


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_leftovers_of_killed_builds_are_removed_and_running_ones_kept(data_dir):
    import socket

    builds = store.builds_dir(data_dir)
    host = socket.gethostname()
    killed = builds / f"{STAGING}0123456789abcdef-{host}-{_dead_pid()}"
    old_format = builds / f"{STAGING}0123456789abcdef-{_dead_pid()}"
    running = builds / f"{STAGING}0123456789abcdef-{host}-{os.getpid()}"
    elsewhere = builds / f"{STAGING}0123456789abcdef-another-host-1"
    stale = builds / f"{STAGING}0123456789abcdef-another-host-2"
    for folder in (killed, old_format, running, elsewhere, stale):
        (folder).mkdir()
        (folder / "stocks_country.parquet").write_bytes(b"half written")
    hour_ago = time.time() - LEFTOVER_SECONDS - 60
    os.utime(stale, (hour_ago, hour_ago))
    link = data_dir / f".current-{_dead_pid()}-1"
    link.symlink_to("builds")

    removed = remove_leftovers(data_dir)

    assert sorted(removed) == sorted([killed.name, old_format.name, stale.name, link.name])
    assert running.exists() and elsewhere.exists() and not killed.exists() and not link.is_symlink()


def test_the_build_removes_leftovers_even_when_nothing_changed(data_dir, capsys):
    leftover = store.builds_dir(data_dir) / f"{STAGING}0123456789abcdef-{_dead_pid()}"
    leftover.mkdir()

    assert main(["--source-dir", str(SOURCE_DIR), "--data-dir", str(data_dir)]) == 0

    assert not leftover.exists()
    assert f"removed leftovers of interrupted builds: {leftover.name}" in capsys.readouterr().out
