"""The benchmark's own correctness (functional, never timed): its Dash client posts what the
app accepts and gets each page's cards back; inflated stores answer real countries exactly as
the real store does; and cached renders follow a new programme version."""

from __future__ import annotations

import json
import zlib

import pandas as pd
import pytest
from plotly.io.json import to_json_plotly

from bench.dash_client import UPDATE_PATH, Callbacks, specs_in_response
from components.card_ids import dom_id, part_id


@pytest.fixture
def callbacks(client) -> Callbacks:
    return Callbacks(client.get("/_dash-dependencies").get_json())


def _post(client, body: dict) -> dict:
    response = client.post(UPDATE_PATH, json=body)
    assert response.status_code == 200, response.data[:300]
    return response.get_json()


def _figure(body: dict, aio_id: str) -> dict:
    return body["response"][dom_id(part_id(aio_id, "graph"))]["figure"]


def test_visit_gives_the_profile_cards_and_each_renders(client, callbacks):
    visited = _post(client, callbacks.visit("/country/TUN"))
    specs = specs_in_response(visited)
    assert [aio_id for aio_id, _spec in specs][:2] == ["country-emigrants-trend", "country-immigrants-trend"]
    assert all(spec["state"]["country"] in (["TUN"], "TUN") for _aio, spec in specs)
    for aio_id, spec in specs:
        body = _post(client, callbacks.render_card(aio_id, spec))
        assert {json.loads(k)["aio_id"] for k in body["response"]} == {aio_id}


def test_filter_change_gives_specs_of_the_new_view(client, callbacks):
    controls = {"country": ["MDA", "TUN"], "area": [], "measure": "emigrants", "sex": "female", "year": "2020"}
    body = _post(client, callbacks.view("stocks", controls))
    specs = dict(specs_in_response(body))
    assert set(specs) == {
        "stocks-card-stocks-trend",
        "stocks-card-stocks-map",
        "stocks-card-stocks-top",
        "stocks-card-stocks-regions",
    }
    assert specs["stocks-card-stocks-trend"]["state"]["country"] == ["MDA", "TUN"]
    assert specs["stocks-card-stocks-trend"]["state"]["sex"] == "female"
    trend = _figure(
        _post(client, callbacks.render_card("stocks-card-stocks-trend", specs["stocks-card-stocks-trend"])),
        "stocks-card-stocks-trend",
    )
    assert len(trend["data"]) == 2  # one line per country


def test_programme_headlines_and_the_floor(client, callbacks):
    body = _post(client, callbacks.programme_headlines({"country": ["MDA"], "area": "all", "gcm": "all", "sdg": "all"}))
    assert body["response"]["programme-headlines"]["children"]
    assert callbacks.floor is None  # the floor is the benchmark's app only


@pytest.mark.real_data
def test_inflated_store_answers_real_countries_as_the_real_one(settings, tmp_path):
    from app import create_app
    from bench.scale import BILATERAL, inflated_store, rows
    from data import queries, store

    inflated = inflated_store(settings.data_dir, 3, tmp_path / "x3")
    assert rows(inflated) > 2.5 * rows(settings.data_dir)
    assert store.damaged_files(store.resolve_current(inflated), thorough=True) == {}  # its manifest is its own
    cases = [
        ("stocks-bilateral", {"destination": ("TUN",), "sex": ("total",)}),
        ("flows-bilateral", {"origin": ("MDA",), "period": ("2015-2020",)}),
        ("remittances-bilateral", {"receiver": ("PHL",)}),
    ]
    answers = []
    for data_dir in (settings.data_dir, inflated):
        app = create_app(settings.replace(data_dir=data_dir, programme_db=settings.programme_db))
        with app.server.app_context():
            answers.append([queries.select(name, filters) for name, filters in cases])
            if data_dir == inflated:  # the synthetic rows are there, under partners no country has
                table = queries.table("stocks_bilateral")
                assert len(table) == 3 * len(
                    pd.read_parquet(settings.data_dir / "current" / "stocks_bilateral.parquet")
                )
                assert table[BILATERAL["stocks_bilateral"][0]].str.startswith("X2").any()
    for real, grown in zip(*answers, strict=True):
        assert len(real) > 0
        pd.testing.assert_frame_equal(real, grown)


def test_cached_card_follows_a_new_programme_version(settings, tmp_path):
    from app import create_app
    from components.chart_card import CHARTS, render, spec
    from programme import database, demo

    url = f"sqlite:///{tmp_path / 'programme.sqlite'}"
    database.publish(url, demo.generate(), created_by="test", kind="demo", is_demo=True)
    app = create_app(settings.replace(programme_db=url))
    chart = CHARTS["programme-capacity"]
    card_spec = spec(chart, {"country": ("MDA",), "area": "all", "gcm": "all", "sdg": "all"}, "en")
    with app.server.test_request_context():
        before = render(card_spec)
        assert to_json_plotly(render(card_spec)) == to_json_plotly(before)  # from the cache
        tables = demo.generate()
        tables["capacity_events"] = tables["capacity_events"].assign(
            participants=tables["capacity_events"]["participants"] * 2, women=tables["capacity_events"]["women"] * 2
        )
        database.publish(url, tables, created_by="test", kind="upload", is_demo=True)
        after = render(card_spec)
    men_before = [trace for trace in before["figure"]["data"] if trace.get("name") == "Men"]
    men_after = [trace for trace in after["figure"]["data"] if trace.get("name") == "Men"]
    assert men_before and men_after
    assert [2 * v for v in men_before[0]["x" if men_before[0].get("orientation") == "h" else "y"]] == list(
        men_after[0]["x" if men_after[0].get("orientation") == "h" else "y"]
    )


def test_decode_of_compressed_answers():
    from bench.callbacks import _decode

    raw = b'{"a": 1}'
    assert _decode(zlib.compress(raw), "deflate") == raw
