"""Shared fixtures: a fresh app per test (create_app with temporary settings), a Flask test
client, the browser options every browser test uses, and the test tiers.

Tiers (markers declared in pytest.ini, set here from the fixtures a test uses, so a new test
lands in its tier by itself): `browser`, a test driving headless chromium (dash_duo);
`real_data`, a test reading its expectations from the publishers' files (the `raw` fixture,
itself or through another fixture; marked by hand: a test asserting what those files hold
through the app); `slow`, a test starting a program of its own (redis-server, gunicorn,
chromium, `python app.py`, a command line: SLOW_FIXTURES, or marked by hand), fuzzing, or the
long tail of a matrix whose every case a fast test also checks (the hostile files through HTTP).
`make test-fast` runs none of them, on the synthetic source files tests/make_sources.py
writes into var/test-sources (never committed), where real_data tests are skipped; `make test` runs everything on the
real files.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest
from selenium.webdriver.chrome.options import Options

from settings import Settings

SOURCE_DIR = Settings.from_env().source_dir
SYNTHETIC_SOURCES = Path(__file__).resolve().parent.parent / "var" / "test-sources"  # tests/make_sources.py
BUILD_CACHE = Path(__file__).resolve().parent.parent / "var" / "test-store"  # builds kept between runs
BROWSER_FIXTURES = {"dash_duo", "dash_br", "dash_thread_server", "dash_process_server"}
# Fixtures that start a program of their own (a server, a loop-mounted disk): a test using one is slow.
SLOW_FIXTURES = {
    "redis_server",
    "postgres_server",
    "gunicorn",
    "fresh_gunicorn",
    "small_disk",
    "disk_for_a_store",
    "listeners",
    "topology",
}


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if used & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
        if "raw" in used:
            item.add_marker(pytest.mark.real_data)
        if SOURCE_DIR == SYNTHETIC_SOURCES and item.get_closest_marker("real_data"):
            item.add_marker(pytest.mark.skip(reason="needs the publishers' files; the sources are the synthetic ones"))


@pytest.fixture(scope="session")
def raw():
    """raw(key): the publisher's file behind data.sources key `key`, where a test reads its
    expectations (which makes it a real_data test)."""
    from data.sources import SOURCES_BY_KEY

    return lambda key: SOURCE_DIR / SOURCES_BY_KEY[key].path


@pytest.fixture(scope="session")
def built_data_dir(tmp_path_factory) -> Path:
    """One build from the source directory (the official files, or the synthetic ones), and the
    demo programme data (as set-up loads them), shared read-only by the session.

    The session gets a copy of a build kept between runs in var/test-store (BUILD_CACHE):
    build() is a no-op there while the sources and the build code are unchanged (its data
    version covers both, and it rebuilds a damaged store), and a lock makes parallel workers
    build it once. A test can never alter the kept build: it only sees its copy.
    """
    from data.build import build
    from programme import database, demo

    kept = BUILD_CACHE / hashlib.sha256(str(SOURCE_DIR.resolve()).encode()).hexdigest()[:16]
    kept.mkdir(parents=True, exist_ok=True)
    data_dir = tmp_path_factory.mktemp("store")
    with (kept.parent / f"{kept.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        build(SOURCE_DIR, kept)
        shutil.copytree(kept, data_dir, symlinks=True, dirs_exist_ok=True)
    database.publish(
        f"sqlite:///{data_dir / 'programme.sqlite'}", demo.generate(), created_by="set-up", kind="demo", is_demo=True
    )
    return data_dir


@pytest.fixture(scope="session")
def built(built_data_dir):
    """built(name): a table of the session's build, as the views read it."""
    from data import store

    path = store.resolve_current(built_data_dir)
    return lambda name: pd.read_parquet(path / f"{name}.parquet")


def settings_in(folder: Path, data_dir: Path) -> Settings:
    """The settings of a test's app: no environment, the session's build, a cache in `folder`."""
    return Settings.from_env(
        environ={}, data_dir=data_dir, source_dir=SOURCE_DIR, cache_dir=folder / "cache", cache_type="SimpleCache"
    )


@pytest.fixture
def settings(tmp_path, built_data_dir) -> Settings:
    return settings_in(tmp_path, built_data_dir)


@pytest.fixture
def app(settings):
    from app import create_app

    return create_app(settings)


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.fixture
def dash_thread_server():
    """The server of dash_duo: gunicorn with gunicorn.conf.py's settings, as `make run` and
    production serve the app (tests/gunicorn_runner.py), on a free port; not dash[testing]'s
    Werkzeug thread."""
    from tests.gunicorn_runner import GunicornRunner

    with GunicornRunner() as runner:
        yield runner


class _ChromeOptions(Options):
    """Chrome options whose logging preferences survive dash[testing]'s own.

    dash[testing] sets `goog:loggingPrefs` to SEVERE browser logs only; our tests also need
    warnings (the console must be clean of both) and the performance log (to see every
    network request the page makes).
    """

    LOGGING: ClassVar[dict] = {"browser": "ALL", "performance": "ALL"}

    def set_capability(self, name, value):
        if name == "goog:loggingPrefs":
            value = self.LOGGING
        super().set_capability(name, value)


def pytest_setup_options():
    options = _ChromeOptions()
    for flag in (
        "--window-size=1366,900",
        # Without these, chromium calls Google services at start-up: noise in the network
        # log, and refused connections on a machine without internet.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-features=Translate,OptimizationHints,MediaRouter",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", _ChromeOptions.LOGGING)
    return options


@pytest.fixture(autouse=True)
def _cache_available():
    """Each test starts with the cache in use (a simulated outage pauses it, per process)."""
    from data import cache

    cache._paused_until = 0.0
    yield
    cache._paused_until = 0.0


def free_port() -> int:
    """A TCP port of loopback that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RedisServer:
    url: str
    process: subprocess.Popen
    client: object  # redis.Redis


@contextlib.contextmanager
def running_redis():
    """A private redis-server on a free port, without persistence (Debian's redis-server;
    `.ci/run` and `make test` install it), stopped on leaving."""
    import redis

    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    try:
        yield RedisServer(f"redis://127.0.0.1:{port}/0", process, client)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def redis_server():
    """A private redis-server for one test (running_redis)."""
    with running_redis() as server:
        yield server


from tests.changed_build import changed_build  # noqa: E402, F401 - a session fixture: one rebuild for every module


@pytest.fixture(scope="session")
def postgres_server():
    """A private PostgreSQL cluster for the session (tests/postgres.py), stopped at its end."""
    from tests import postgres

    server = postgres.start(free_port())
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """The SQLAlchemy URL of a fresh, empty database of the session's PostgreSQL server."""
    return postgres_server.new_database()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def programme_db(request, tmp_path) -> str:
    """An empty programme store, once on SQLite (a file in tmp_path) and once on PostgreSQL (a
    fresh database of the session's server; slow, so `make test-fast` runs the SQLite case)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'programme.sqlite'}"
    return request.getfixturevalue("postgres_url")
