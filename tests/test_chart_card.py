"""The chart card's wiring: its render callback's outputs by name (each answered with the value
render() gives that name), what it shows with nothing to show or no data."""

from __future__ import annotations

import json

import pytest
from plotly.io.json import to_json_plotly

from bench.dash_client import Callbacks
from components import chart_card
from components.card_ids import dom_id, part_id
from components.chart_card import CHARTS, RENDERED, render, spec
from components.url_state import parse
from data import queries
from i18n import translator


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
