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
    trends = [aio_id for aio_id, _spec in specs if aio_id.endswith("migrants-trend")]
    assert trends == ["country-emigrants-trend", "country-immigrants-trend"]
    assert "country-savings" in [aio_id for aio_id, _spec in specs]
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
        "stocks-card-stocks-revisions",
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


def _cdp(method: str, **params) -> dict:
    """One entry of chromedriver's performance log, as Chrome writes it."""
    return {"message": json.dumps({"message": {"method": method, "params": params}})}


def _exchange(request_id, url, sent_s, finished_s, wire, headers, body=None, cached=False, status=200, kind="Fetch"):
    """The CDP events of one request: sent, response headers, data, finished."""
    request = {"url": url, "method": "POST" if body else "GET"}
    if body:
        request["postData"] = json.dumps(body)
    return [
        _cdp("Network.requestWillBeSent", requestId=request_id, timestamp=sent_s, type=kind, request=request),
        _cdp(
            "Network.responseReceived",
            requestId=request_id,
            timestamp=finished_s - 0.001,
            response={
                "status": status,
                "headers": {"Content-Encoding": "gzip"},
                "encodedDataLength": headers,
                "fromDiskCache": cached,
            },
        ),
        _cdp("Network.dataReceived", requestId=request_id, timestamp=finished_s, dataLength=wire * 4),
        _cdp("Network.loadingFinished", requestId=request_id, timestamp=finished_s, encodedDataLength=wire),
    ]


CARD = '..{"aio_id":"%s","component":"chart-card","part":"title"}.children...{"aio_id":"%s","part":"x"}.y..'
RECORDED = [  # a page load, by hand: Chrome's clock starts at 100 s; the page's fetchStart is 5 ms
    _cdp("Network.requestWillBeSent", requestId="0", timestamp=99.0, type="Other", request={"url": "chrome://newtab"}),
    *_exchange("1", "http://h/stocks", 100.000, 100.050, 3000, 200, kind="Document"),
    *_exchange("2", "http://h/assets/plotly.js", 100.060, 100.400, 500_000, 300),
    *_exchange("3", "http://h/_dash-layout", 100.410, 100.420, 2000, 200),
    *_exchange(
        "4",
        "http://h/_dash-update-component?endId=x",
        100.430,
        100.600,
        9000,
        250,
        body={"output": ".._pages_content.children...a.b..", "inputs": []},
    ),
    *_exchange(
        "5", "http://h/_dash-update-component", 100.610, 100.700, 5000, 250, body={"output": CARD % ("trend", "trend")}
    ),
    *_exchange(
        "6", "http://h/_dash-update-component", 100.610, 100.900, 7000, 250, body={"output": CARD % ("map", "map")}
    ),
    *_exchange(
        "7", "http://h/_dash-update-component", 100.620, 100.650, 800, 250, body={"output": "stocks-headlines.children"}
    ),
    *_exchange("8", "http://h/assets/world.json", 100.910, 100.950, 40_000, 300, cached=True),
]


def test_timeline_of_a_load_from_recorded_events():
    from bench import timeline

    messages = timeline.events(RECORDED)
    offset = timeline.clock_offset(messages, "http://h/stocks", fetch_start_ms=5.0)
    assert offset == 5.0 - 100_000.0
    found = timeline.requests(messages, offset, "http://h/stocks")
    assert [r.role for r in found] == ["html", "asset", "dash", "router", "card", "card", "callback", "asset"]
    graphs = [  # a trend above the fold, a map below it
        {"id": "trend", "top": 500, "first_ms": 800.0},
        {"id": "map", "top": 1200, "first_ms": 1100.0},
    ]
    result = timeline.load_timeline(found, graphs, fold_px=768)
    assert result["html_ms"] == 55.0  # 100.050 s on Chrome's clock, 5 ms after the page's origin
    assert result["layout_ms"] == 605.0
    assert (result["first_card_ms"], result["last_card_ms"]) == (705.0, 905.0)
    assert (result["first_graph_ms"], result["above_fold_ms"], result["last_graph_ms"]) == (800.0, 800.0, 1100.0)
    assert (result["graphs"], result["graphs_above_fold"], result["cards"]) == (2, 1, 2)
    assert result["bytes"] == {
        "html": 3000,
        "asset": 540_000,
        "dash": 2000,
        "router": 9000,
        "card": 12_000,
        "callback": 800,
    }
    assert result["wire_bytes"] == 3000 + 540_000 + 2000 + 9000 + 12_000 + 800
    assert result["router_body_bytes"] == 9000 - 250 and result["router_decoded_bytes"] == 36_000
    refetched = timeline.refetched(found)
    assert refetched[0] == "http://h/assets/plotly.js (500000 B)"
    assert not any("world.json" in item for item in refetched)  # it came from the cache


def test_no_graph_above_the_fold_is_ready_with_the_layout():
    from bench import timeline

    found = timeline.requests(timeline.events(RECORDED), -100_000.0, "http://h/stocks")
    result = timeline.load_timeline(found, [{"id": "trend", "top": 1500, "first_ms": 900.0}], fold_px=768)
    assert result["above_fold_ms"] == 600.0 and result["last_graph_ms"] == 900.0


def test_filter_change_counts_only_what_follows_the_click():
    from bench import timeline

    found = timeline.requests(timeline.events(RECORDED), -100_000.0, "http://h/stocks")
    draws = [{"id": "trend", "at_ms": 500.0}, {"id": "trend", "at_ms": 760.0}, {"id": "map", "at_ms": 940.0}]
    change = timeline.interaction(found, draws, started_ms=605.0)  # the two cards' renders and the headlines
    assert change["callbacks"] == 3 and change["callback_bytes"] == 5000 + 7000 + 800
    assert change["graphs_redrawn"] == 2 and change["redrawn_ms"] == 335.0 and change["last_response_ms"] == 295.0


def test_ratios_to_the_embed_and_their_targets():
    from bench.pageload import EMBED, with_ratios

    def row(above, last, layout=100.0):
        return {"above_fold_ms": above, "last_graph_ms": last, "layout_ms": layout}

    pages = with_ratios(
        {
            EMBED: row(700, 700),
            "/country/MDA": row(600, 1000),
            "/stocks": row(700, 900),
            "/sources": row(300, None, layout=300),
        }
    )
    assert pages["/country/MDA"]["ratio"] == {"above_fold": 0.86, "all_graphs": 1.43}
    assert pages["/country/MDA"]["ratio_met"]  # a profile may take 1.5 x for all its charts
    assert pages["/stocks"]["ratio"]["all_graphs"] == 1.29 and not pages["/stocks"]["ratio_met"]
    assert pages["/sources"]["ratio"] == {"above_fold": 0.43, "all_graphs": 0.43}  # no graph: its layout
