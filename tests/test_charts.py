"""Every chart renders for its page's default view in three languages; its table shows exactly
the rows of its "displayed data" download; empty views explain themselves."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from components.chart_card import CHARTS, download_url, render, render_table
from components.chart_card import spec as card_spec
from components.url_state import parse

KEYS = {
    "stocks-country": ["country", "year", "sex"],
    "stocks-aggregates": ["area", "year", "sex"],
    "stocks-bilateral": ["destination", "origin", "year", "sex"],
    "flows-bilateral": ["origin", "destination", "period", "sex"],
    "net-migration": ["country", "year"],
    "remittances-country": ["country", "year"],
    "remittances-bilateral": ["sender", "receiver", "year"],
    "remittance-costs": ["sender", "receiver", "period"],
}


def _content(name: str, query: dict, lang: str = "en"):
    chart = CHARTS[name]
    return chart.render(parse(list(chart.params), query).state, lang)


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_every_chart_renders_its_default_view(app, lang):
    with app.server.test_request_context():
        for name, chart in sorted(CHARTS.items()):
            content = _content(name, {}, lang)
            assert content.title and (content.sources or content.source_note), name
            assert content.empty is None, (name, content.empty)
            if chart.views == ("table",):  # a table card (the SDG tracker's)
                assert content.table is not None and content.table_columns, name
            else:
                assert content.figure is not None or content.map_figure is not None, name
                go.Figure(content.figure or content.map_figure)  # valid plotly
            assert content.downloads, name
            outputs = render(card_spec(chart, parse(list(chart.params), {}).state, lang))
            assert outputs["title"] == content.title


@pytest.mark.parametrize(
    "name, query",
    [
        ("stocks-trend", {"country": "MDA,TUN", "area": "WLD"}),
        ("stocks-map", {"measure": "emigrants", "year": "2020", "sex": "female"}),
        ("stocks-top", {"country": "SRB", "year": "2010"}),
        ("stocks-regions", {"measure": "immigrants_pct_population", "year": "2020"}),
        ("flows-sankey", {"country": "MAR"}),
        ("flows-in", {"country": "ECU", "period": "2000-2005", "sex": "male"}),
        ("net-migration", {"country": "JAM"}),
        ("remittances-trend", {"country": "BGD,KGZ", "measure": "inflow_pct_gdp"}),
        ("remittances-map", {"year": "2010"}),
        ("remittances-senders", {"country": "MAR", "matrix": "2017"}),
        ("remittance-costs", {"country": "TUN"}),
    ],
)
def test_table_rows_are_exactly_the_displayed_data_download(app, client, name, query):
    with app.server.test_request_context():
        content = _content(name, query)
    downloaded = []
    for download in content.downloads:
        response = client.get(download_url(download, "csv"))
        assert response.status_code == 200
        frame = pd.read_csv(io.BytesIO(response.data), keep_default_na=False, na_values=[""])
        # trend cards mix countries and areas: compare both under one "code" column
        downloaded.append(frame.rename(columns={KEYS[download.dataset][0]: "code"}))
    keys = ["code", *KEYS[content.downloads[0].dataset][1:]]
    first_key = KEYS[content.downloads[0].dataset][0]
    table = content.table if "code" in content.table else content.table.rename(columns={first_key: "code"})
    csv_rows = pd.concat(downloaded, ignore_index=True)
    assert len(table) == len(csv_rows) > 0
    as_set = lambda frame: set(map(tuple, frame[keys].astype(str).to_numpy()))  # noqa: E731
    assert as_set(table) == as_set(csv_rows)


def test_empty_views_say_why(app):
    with app.server.test_request_context():
        share_by_sex = _content("stocks-map", {"measure": "immigrants_pct_population", "sex": "female", "year": "2020"})
        assert "both sexes" in share_by_sex.empty
        no_survey = _content("remittance-costs", {"country": "DNK"})
        assert "does not survey" in no_survey.empty
        nothing_chosen = _content("stocks-trend", {"country": "-"})
        assert "at least one" in nothing_chosen.empty


def test_projected_years_are_marked(app):
    with app.server.test_request_context():
        content = _content("net-migration", {"country": "MDA"})
    dotted = [trace for trace in content.figure["data"] if trace["line"].get("dash") == "dot"]
    assert dotted and 2024 in dotted[0]["x"]
    assert "projection" in set(content.table["status"])


def test_a_forged_card_spec_is_checked_like_a_url(app):
    forged = {
        "chart": "stocks-top",
        "lang": "xx",
        "permalink": "javascript:alert(1)",
        "state": {"country": ["<script>", "TUN"], "year": "1800", "sex": {"$gt": ""}},
    }
    with app.server.test_request_context():
        shown = render(forged)
        assert shown["title"] == "Where immigrants in Tunisia come from, 2024"
        assert shown["back_link"] == "/stocks?country=TUN"
        assert render({"chart": "nope"})["title"] == "" and render("junk")["title"] == ""


def test_the_table_tab_is_built_from_the_same_content(app):
    """The table (built when its tab opens) holds one row per row of the chart's table frame."""
    chart = CHARTS["stocks-top"]
    with app.server.test_request_context():
        state = parse(list(chart.params), {"country": "MDA", "year": "2020"}).state
        content = chart.render(state, "en")
        table = render_table(card_spec(chart, state, "en"))
        assert render_table({"chart": "nope"}) is None and render_table("junk") is None
    body = table.children[0].children[2]  # wrap > table > [caption, thead, tbody]
    assert len(body.children) == len(content.table) > 10


BUNDLE_ENTRY = Path(__file__).resolve().parent.parent / "tools" / "plotly-bundle.js"


def test_every_trace_type_drawn_is_in_our_plotly_bundle(app):
    """Our plotly.js bundle (tools/plotly-bundle.js) holds only some trace types; plotly.js
    draws an unregistered one as nothing, silently. Scatter is in plotly.js's core."""
    registered = re.findall(r"(?:require|import)\('plotly\.js/lib/(\w+)'\)", BUNDLE_ENTRY.read_text())
    bundled = {"scatter", *registered} - {"core"}  # required, or imported when a figure has one
    drawn = set()
    with app.server.test_request_context():
        for name in CHARTS:
            content = _content(name, {})
            for figure in (content.figure, content.map_figure):
                drawn |= {trace.get("type", "scatter") for trace in (figure or {}).get("data", [])}
    assert drawn and drawn <= bundled, f"trace types missing from {BUNDLE_ENTRY.name}: {drawn - bundled}"


def test_our_plotly_bundle_is_the_plotly_js_version_dash_ships():
    """Figures are validated by plotly.py against the plotly.js it ships with dash; our bundle
    must be built from the same release (package.json)."""
    import plotly

    shipped = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    version = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", shipped.read_text(encoding="utf-8")[:500]).group(1)
    package = json.loads((BUNDLE_ENTRY.parent.parent / "package.json").read_text())
    assert package["dependencies"]["plotly.js"] == version
