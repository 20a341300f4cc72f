"""The chart card's wiring: its render callback's outputs by name (each answered with the value
render() gives that name), what it shows with nothing to show or no data; and the tab it
shows in its links (`view`), read back by pages and embeds."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from plotly.io.json import to_json_plotly

from bench.dash_client import Callbacks
from components import chart_card
from components.card_ids import dom_id, part_id
from components.chart_card import CHARTS, RENDERED, render, spec
from components.url_state import parse
from data import queries
from i18n import translator
from tests.dash_bodies import router_body


def _json(value):
    return json.loads(to_json_plotly(value))


def test_the_server_answers_each_output_with_the_value_render_gives_its_name(app, client):
    chart = CHARTS["stocks-top"]
    with app.server.test_request_context():
        card_spec = spec(chart, parse(list(chart.params), {"country": "TUN"}).state, "en")
        shown = render(card_spec)
    callbacks = Callbacks(client.get("/_dash-dependencies").get_json())
    response = client.post("/_dash-update-component", json=callbacks.render_card("a-card", card_spec))
    assert response.status_code == 200
    answered = response.get_json()["response"]
    assert set(shown) == set(RENDERED)
    for name, (part, prop) in RENDERED.items():
        assert answered[dom_id(part_id("a-card", part))][prop] == _json(shown[name]), name
    # A bar chart with content: the chart is drawn, the map is not, the views show.
    assert answered[dom_id(part_id("a-card", "graph"))]["figure"]["data"]
    assert not answered[dom_id(part_id("a-card", "map"))]["figure"]["data"]
    assert answered[dom_id(part_id("a-card", "empty"))]["hidden"] is True
    assert answered[dom_id(part_id("a-card", "views"))]["hidden"] is False


@pytest.mark.parametrize("card_spec", [{"chart": "nope"}, "junk", None, {"state": {}}])
def test_a_spec_naming_no_chart_shows_nothing(app, card_spec):
    with app.server.test_request_context():
        shown = render(card_spec)
    assert set(shown) == set(RENDERED)
    assert shown["title"] == shown["subtitle"] == shown["empty"] == shown["back_link"] == ""
    assert not shown["figure"]["data"] and not shown["map_figure"]["data"]
    assert shown["sources"] == shown["notes"] == shown["downloads"] == []
    assert shown["empty_hidden"] and shown["demo_hidden"] and not shown["views_hidden"]


def test_a_card_whose_view_needs_missing_data_says_why_in_place_of_its_views(app, monkeypatch):
    def no_programme_data(_spec):
        raise queries.NoProgrammeData

    monkeypatch.setattr(chart_card, "_checked", no_programme_data)
    with app.server.test_request_context():
        shown = render({"chart": "programme-status", "lang": "fr"})
    _ = translator("fr")
    assert set(shown) == set(RENDERED)
    assert shown["title"] == _(queries.NoProgrammeData.title) != queries.NoProgrammeData.title
    assert shown["empty"] == _(queries.NoProgrammeData.message)
    assert not shown["empty_hidden"] and shown["views_hidden"]
    assert not shown["figure"]["data"] and shown["back_link"] == ""


# --- the tab in the URL -----------------------------------------------------------------------


def _query(link: str) -> dict:
    return parse_qs(urlsplit(link).query)


def test_each_tab_has_its_link_and_the_first_one_is_the_link_of_before(app):
    chart = CHARTS["stocks-map"]  # tabs map, table
    with app.server.test_request_context():
        links = spec(chart, parse(list(chart.params), {"year": "2020"}).state, "fr")
    assert set(links["permalink"]) == set(links["embed"]) == {"map", "table"}
    assert urlsplit(links["permalink"]["map"]).path == "/stocks"
    assert _query(links["permalink"]["map"]) == {"year": ["2020"], "lang": ["fr"]}
    assert _query(links["permalink"]["table"]) == {"year": ["2020"], "lang": ["fr"], "view": ["table"]}
    assert urlsplit(links["embed"]["table"]).path == "/embed/stocks-map"
    assert _query(links["embed"]["map"]) == {"year": ["2020"]}
    assert _query(links["embed"]["table"]) == {"year": ["2020"], "view": ["table"]}


def _page(client, path: str, search: str) -> dict:
    response = client.post("/_dash-update-component", json=router_body(path, search))
    assert response.status_code == 200
    return response.get_json()["response"]["_pages_content"]["children"]


def _nodes(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def _props(layout, component_id) -> dict:
    return next(node["props"] for node in _nodes(layout) if node.get("props", {}).get("id") == component_id)


def _open_tab(layout, aio_id: str) -> str:
    """The tab the card shows, checked the way a browser and a screen reader see it."""
    selected = [
        view
        for view in ("chart", "map", "table")
        if _props(layout, part_id(aio_id, f"tab-{view}")).get("aria-selected") == "true"
    ]
    assert len(selected) == 1, selected
    view = selected[0]
    assert "active" in _props(layout, part_id(aio_id, f"tab-{view}"))["className"].split()
    panels = {v: _props(layout, part_id(aio_id, f"panel-{v}"))["hidden"] for v in ("chart", "map", "table")}
    assert [v for v, hidden in panels.items() if not hidden] == [view]
    assert _props(layout, part_id(aio_id, "active-view"))["data"] == view
    return view


def _notice_items(layout) -> list[str]:
    notices = [node for node in _nodes(layout) if "view-notice" in str(node.get("props", {}).get("class_name", ""))]
    return [json.dumps(item) for notice in notices for item in _nodes(notice) if item.get("type") == "Li"]


@pytest.mark.parametrize(
    "path, search, aio_id",
    [
        ("/stocks", "?country=TUN&view=table", "stocks-card-stocks-top"),
        ("/embed/stocks-map", "?view=table", "embed-card"),
        ("/programme/MDA", "?view=table", "programme-indicator"),
    ],
)
def test_a_link_with_view_table_opens_the_table_tab_with_its_table(client, path, search, aio_id):
    layout = _page(client, path, search)
    assert _open_tab(layout, aio_id) == "table"
    table = _props(layout, part_id(aio_id, "table"))["children"]
    assert any(node.get("type") == "Td" for node in _nodes(table))  # built with the page: no click to wait for
    assert _notice_items(layout) == []


def test_a_link_without_view_opens_each_card_on_its_first_tab(client):
    layout = _page(client, "/stocks", "?country=TUN")
    assert _open_tab(layout, "stocks-card-stocks-top") == "chart"
    assert _open_tab(layout, "stocks-card-stocks-map") == "map"
    assert _props(layout, part_id("stocks-card-stocks-top", "table")).get("children") is None  # built on opening


@pytest.mark.parametrize(
    "path, search, aio_id, first",
    [
        ("/stocks", "?view=graph", "stocks-card-stocks-trend", "chart"),
        ("/flows", "?view=map", "flows-card-flows-sankey", "chart"),  # no chart on /flows has a map
        ("/embed/stocks-trend", "?view=map", "embed-card", "chart"),  # nor has this one
        ("/embed/stocks-map", "?view=TABLE", "embed-card", "map"),
    ],
)
def test_an_invalid_view_is_ignored_with_the_pages_notice(client, path, search, aio_id, first):
    layout = _page(client, path, search)
    value = search.removeprefix("?view=")
    assert [item for item in _notice_items(layout) if f"view={value}" in item and "not a valid value" in item]
    assert _open_tab(layout, aio_id) == first
