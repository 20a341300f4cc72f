"""The shared cache: two app instances on one Redis share results; a published programme
version switches both at the next request (the version is in the key, nothing is flushed);
Redis down at start or mid-run costs cache misses, never an error.

Needs `redis-server` (Debian's redis-server; `.ci/run` installs it). Each test starts its own
on a free port, without persistence.
"""

from __future__ import annotations

import io
import time

import pandas as pd

from data import cache as cache_module
from programme import database, demo
from tests.conftest import free_port


def _instance(settings, redis_url: str, programme_db: str):
    from app import create_app

    return create_app(settings.replace(cache_type="RedisCache", redis_url=redis_url, programme_db=programme_db))


def _csv(client, url: str) -> pd.DataFrame:
    response = client.get(url)
    assert response.status_code == 200, response.data[:200]
    return pd.read_csv(io.BytesIO(response.data))


def test_two_instances_share_results_and_switch_version_together(tmp_path, settings, redis_server, monkeypatch):
    url, client = redis_server.url, redis_server.client
    programme_db = f"sqlite:///{tmp_path / 'programme.sqlite'}"
    database.publish(programme_db, demo.generate(), created_by="set-up", kind="demo", is_demo=True)
    first = _instance(settings, url, programme_db).server.test_client()
    second = _instance(settings, url, programme_db).server.test_client()

    path = "/api/v1/stocks-country.csv?country=MDA,TUN&year=2020"
    computed = _csv(first, path)
    assert any(key.startswith(b"migdash:q:") for key in client.keys("*"))

    from data import queries

    def must_not_compute(*_args):
        raise AssertionError("computed again: the second instance did not use the shared cache")

    monkeypatch.setattr(queries, "dataset_table", must_not_compute)
    pd.testing.assert_frame_equal(_csv(second, path), computed)  # served from Redis
    monkeypatch.undo()

    indicators = "/api/v1/programme-indicators.csv?country=MDA"
    assert _csv(first, indicators)["demo_data"].all() and _csv(second, indicators)["demo_data"].all()
    real = {name: frame.copy() for name, frame in demo.generate().items()}
    database.publish(programme_db, real, created_by="test", kind="upload", is_demo=False)
    for instance in (first, second):  # the very next request, on either instance
        assert not _csv(instance, indicators)["demo_data"].any()


def test_redis_going_down_mid_run_costs_misses_not_errors(tmp_path, settings, redis_server, caplog):
    url, process = redis_server.url, redis_server.process
    programme_db = f"sqlite:///{tmp_path / 'programme.sqlite'}"
    database.publish(programme_db, demo.generate(), created_by="set-up", kind="demo", is_demo=True)
    app = _instance(settings, url, programme_db).server.test_client()
    assert app.get("/api/v1/net-migration.csv?country=MAR").status_code == 200
    process.terminate()
    process.wait(timeout=10)
    started = time.monotonic()
    for path in (
        "/api/v1/net-migration.csv?country=TUN",
        "/api/v1/programme-indicators.csv",
        "/programme",
        "/country/MDA",
        "/healthz",
    ):
        assert app.get(path).status_code == 200, path
    assert time.monotonic() - started < 10  # one short timeout, then the cache is left alone a while
    assert any("cache unavailable" in record.getMessage() for record in caplog.records)


def test_redis_unavailable_at_start(tmp_path, settings):
    programme_db = f"sqlite:///{tmp_path / 'programme.sqlite'}"
    database.publish(programme_db, demo.generate(), created_by="set-up", kind="demo", is_demo=True)
    cache_module._paused_until = 0.0
    app = _instance(settings, f"redis://127.0.0.1:{free_port()}/0", programme_db).server.test_client()
    for path in ("/api/v1/stocks-country.csv?country=MDA", "/programme", "/"):
        assert app.get(path).status_code == 200, path
