"""A card's render sends the browser only what changed: a figure of the structure its graph
draws already (the keys the graph's figure carries, sent back in the card's "shown" store) as a
Patch of the values that differ, the same figure not at all, any other whole; and the map's
values are rounded to what they show (colours) while the numbers shown stay exact."""

from __future__ import annotations

import base64
import copy
import json
import math
import re
from urllib.parse import urlsplit

import pytest
from dash import no_update
from plotly.io.json import to_json_plotly
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from bench.dash_client import Callbacks
from components.card_ids import dom_id, part_id
from components.chart_card import CHARTS, RENDERED, render, spec
from components.url_state import parse
from tests.browser import assert_clean_console, card_part, visit, wait_until_rendered


def _json(value):
    return json.loads(to_json_plotly(value))


def _spec(app, name: str, query: dict, lang: str = "en") -> dict:
    chart = CHARTS[name]
    with app.server.test_request_context():
        return spec(chart, parse(list(chart.params), query).state, lang)


def _render(app, card_spec: dict, shown=None) -> dict:
    with app.server.test_request_context():
        return render(card_spec, shown)


def _shown(outputs: dict) -> dict:
    """The card's "shown" store as the browser writes it from its graphs' figures
    (assets/migdash.js, shownFigures: figure.layout.meta.migdash_structure)."""
    return {
        name: (outputs[name].get("layout", {}).get("meta") or {}).get("migdash_structure")
        for name in RENDERED
        if name in ("figure", "map_figure")
    }


def _apply(figure: dict, patch: dict) -> dict:
    """What dash-renderer does with a Patch's JSON: each operation at its location. Only
    Assign is expected; any other operation fails the test."""
    figure = copy.deepcopy(figure)
    assert patch["__dash_patch_update"] == "__dash_patch_update"
    for operation in patch["operations"]:
        assert operation["operation"] == "Assign", operation
        *parents, last = operation["location"]
        target = figure
        for step in parents:
            target = target[step]
        target[last] = operation["params"]["value"]
    return figure


def _post(client, card_spec: dict, shown) -> dict:
    callbacks = Callbacks(client.get("/_dash-dependencies").get_json())
    response = client.post("/_dash-update-component", json=callbacks.render_card("a-card", card_spec, shown))
    assert response.status_code == 200
    return response.get_json()["response"]


@pytest.mark.parametrize(
    ("chart", "before", "after"),
    [
        ("stocks-map", {"year": "2024"}, {"year": "1990"}),
        ("stocks-map", {"year": "2020", "sex": "total"}, {"year": "2020", "sex": "female"}),
        # The publisher's file has a row for every country in every year, so a year change
        # keeps the map's countries (the synthetic sources' years differ in their countries).
        pytest.param("remittances-map", {"year": "2022"}, {"year": "2010"}, marks=pytest.mark.real_data),
    ],
)
def test_a_year_or_sex_change_on_a_map_answers_a_patch_that_makes_the_new_figure(app, client, chart, before, after):
    drawn = _render(app, _spec(app, chart, before))
    new_spec = _spec(app, chart, after)
    whole = _render(app, new_spec)
    answered = _post(client, new_spec, _shown(drawn))
    patch = answered[dom_id(part_id("a-card", "map"))]["figure"]
    assert patch.get("__dash_patch_update"), "a whole figure was sent"
    # Applied to the figure drawn, as the browser does: the whole figure of the new view.
    assert _apply(_json(drawn["map_figure"]), patch) == _json(whole["map_figure"])
    # The countries' shapes and names are not sent again.
    assert not {"locations", "text", "locationmode"} & {op["location"][-1] for op in patch["operations"]}
    assert len(json.dumps(patch)) < 0.75 * len(json.dumps(_json(whole["map_figure"])))
    # Everything else the card shows is the new view's.
    assert answered[dom_id(part_id("a-card", "title"))]["children"] == whole["title"]


@pytest.mark.parametrize(
    ("chart", "before", "lang"),
    [
        ("stocks-map", {"year": "2024", "measure": "immigrants"}, "fr"),  # another language: other names
        ("remittances-map", {"year": "2022", "measure": "inflow_usd"}, "en"),  # another chart
        pytest.param(  # another scale (in the synthetic sources both scales' figures have one structure)
            "stocks-map", {"year": "2024", "measure": "immigrants_pct_population"}, "en", marks=pytest.mark.real_data
        ),
    ],
)
def test_a_change_of_structure_answers_the_whole_figure(app, chart, before, lang):
    drawn = _render(app, _spec(app, chart, before, lang))
    new_spec = _spec(app, "stocks-map", {"year": "2024", "measure": "immigrants"}, "en")
    answered = _render(app, new_spec, _shown(drawn))
    assert "__dash_patch_update" not in answered["map_figure"]
    assert _json(answered) == _json(_render(app, new_spec))


@pytest.mark.parametrize(
    "shown",
    [
        None,  # a first render: the graph has no figure yet
        {"figure": None, "map_figure": None},  # graphs drawn anew (re-mounted)
        "junk",
        {"map_figure": "b0e785465fe6c24c7b2acc19"},
        {"map_figure": {"structure": 5, "values": []}},
        {"map_figure": {"structure": None}},
    ],
)
def test_a_browser_drawing_no_figure_of_that_structure_gets_the_whole_figure(app, shown):
    card_spec = _spec(app, "stocks-map", {"year": "2005"})
    assert _json(_render(app, card_spec, shown)) == _json(_render(app, card_spec))


def test_the_same_view_again_sends_no_figure_and_an_unrelated_control_only_the_export_meta(app):
    card_spec = _spec(app, "stocks-map", {"year": "2005"})
    drawn = _render(app, card_spec)
    assert _render(app, card_spec, _shown(drawn))["map_figure"] is no_update
    # The trend does not depend on the year: its figure is the same but for what its
    # images carry (the link to the view).
    trend = _render(app, _spec(app, "stocks-trend", {"country": "MDA,TUN", "year": "2024"}))
    new_spec = _spec(app, "stocks-trend", {"country": "MDA,TUN", "year": "1990"})
    patch = _render(app, new_spec, _shown(trend))["figure"]
    assert [op["location"] for op in patch["operations"]] == [["layout", "meta"]]
    assert _apply(_json(trend["figure"]), _json(patch)) == _json(_render(app, new_spec)["figure"])


def test_map_colours_are_rounded_and_every_number_shown_stays_exact(app, built):
    """The hover of each country shows its value formatted from the built table here
    (English grouping by Python's format), and its colour value is within a ten-thousandth
    of the scale of the exact one; countries without the figure are in the map, uncoloured."""
    rows = built("stocks_country")
    rows = rows[(rows["year"] == 2020) & (rows["sex"] == "total") & (rows["edition"].astype(str) == "2024")]
    values = dict(zip(rows["country"], rows["immigrants"], strict=True))
    trace = _render(app, _spec(app, "stocks-map", {"year": "2020"}))["map_figure"]["data"][0]
    assert sorted(trace["locations"]) == sorted(values) == trace["locations"]
    logs = {code: math.log10(max(v, 1)) for code, v in values.items() if not math.isnan(v)}
    spread = max(logs.values()) - min(logs.values())
    assert trace["hovertemplate"] == "<b>%{text}</b><br>2020: %{customdata}<extra></extra>"
    for code, z, hover in zip(trace["locations"], trace["z"], trace["customdata"], strict=True):
        value = values[code]
        if math.isnan(value):
            assert z is None and hover == ""
            continue
        people = "person" if round(value) == 1 else "people"
        assert hover == f"{value:,.0f} {people}", code
        assert abs(z - logs[code]) <= spread / 10_000, code
        assert len(repr(z)) <= 8, code  # short: what it is for


MAP = "stocks-card-stocks-map"


def _drawn_map(driver) -> dict:
    """What the map's plotly graph holds: its locations, hover texts and keys."""
    return driver.execute_script(
        "const gd = document.querySelector(arguments[0] + ' .js-plotly-plot');"
        "if (!gd || !gd.data || !gd.data.length) { return null; }"
        "const t = gd.data[0];"
        "return {locations: t.locations, customdata: t.customdata, hovertemplate: t.hovertemplate,"
        " keys: gd.layout.meta.migdash_structure,"
        " shapes: gd.querySelectorAll('path.choroplethlocation').length};",
        card_part(MAP, "map"),
    )


def _shown_sent(driver) -> list:
    """The "shown" store the map card's render requests sent since the last call."""
    shown = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        request = message.get("params", {}).get("request", {})
        if message["method"] == "Network.requestWillBeSent" and urlsplit(request.get("url", "")).path.endswith(
            "/_dash-update-component"
        ):
            posted = request.get("postData")
            if posted is None:  # newer chromium: the body in entries, base64-encoded
                posted = "".join(
                    base64.b64decode(e.get("bytes", "")).decode() for e in request.get("postDataEntries", [])
                )
            body = json.loads(posted or "{}")
            shown.extend(s.get("value") for s in body.get("state", []) if s.get("id") == part_id(MAP, "shown"))
    return shown


def test_changing_a_maps_year_in_the_browser_patches_it_to_the_new_years_values(dash_duo, app, built):
    """In each language, one session: the year select changes, the map card asks with the
    keys of the figure it draws, and the map then draws the new year's values on the same
    shapes (hover of Moldova from the built table; as many coloured countries as have data)."""
    rows = built("stocks_country")
    rows = rows[(rows["sex"] == "total") & (rows["edition"].astype(str) == "2024")]
    value = {year: rows[rows["year"] == year].set_index("country")["immigrants"] for year in (2024, 1990)}
    dash_duo.start_server(app)
    driver = dash_duo.driver
    for lang in ("en", "fr", "es"):
        visit(dash_duo, f"/stocks?lang={lang}")
        before = _drawn_map(driver)
        assert before and before["hovertemplate"].count("2024: ") == 1, lang
        _shown_sent(driver)  # forget the page load's
        Select(driver.find_element(By.ID, "stocks-control-year")).select_by_value("1990")

        def redrawn(d):
            drawn = _drawn_map(d)
            return drawn if drawn and "1990: " in drawn["hovertemplate"] else None

        after = WebDriverWait(driver, 20).until(redrawn)
        wait_until_rendered(dash_duo)
        sent = _shown_sent(driver)
        assert sent and sent[-1]["map_figure"] == before["keys"], lang  # the keys of the figure drawn
        assert after["locations"] == before["locations"], lang  # the same shapes
        assert after["keys"]["structure"] == before["keys"]["structure"], lang
        moldova = after["customdata"][after["locations"].index("MDA")]
        assert re.sub(r"\D", "", moldova) == str(round(value[1990]["MDA"])), (lang, moldova)
        assert after["shapes"] == value[1990].notna().sum(), lang  # every country with data coloured
        dash_duo.wait_for_contains_text(card_part(MAP, "title"), "1990")
    assert_clean_console(driver)
