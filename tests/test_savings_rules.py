"""The savings calculator's rules on small frames written here (fast tier): each receiver's
latest KNOMAD matrix, each corridor's latest survey, an unknown cost kept unknown, the sum and
today's cost, the target's URL values, and the calculator on a profile and /remittances built
from whatever sources the session has (synthetic in the fast tier)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from components.chart_card import CHARTS
from components.params import TARGET
from components.url_state import parse, to_query
from data import queries, tables

MATRICES = pd.DataFrame(
    {
        "sender": ["DEU", "ITA", "RUS", "ROU", "ITA", "FRA", "MDA", "FRA"],
        "receiver": ["MDA", "MDA", "MDA", "MDA", "MDA", "YEM", "MDA", "MAR"],
        "year": [2021, 2021, 2021, 2021, 2017, 2017, 2021, 2021],
        "usd": [100e6, 200e6, 500e6, 300e6, 999e6, 40e6, 5e6, 0.0],
    }
)
COSTS = pd.DataFrame(
    {
        "sender": ["DEU", "DEU", "ITA", "RUS", "FRA", "FRA"],
        "receiver": ["MDA", "MDA", "MDA", "MDA", "YEM", "MAR"],
        "period": ["2019Q1", "2020Q3", "2020Q3", "2014Q2", "2020Q3", "2020Q3"],
        "cost_pct": [9.0, 8.0, 4.0, -1.0, 10.0, 6.0],
    }
)


@pytest.fixture
def corridors():
    return tables.remittance_corridors(MATRICES, COSTS)


def test_each_receiver_has_its_latest_matrix_and_each_corridor_its_latest_survey(corridors):
    moldova = corridors[corridors["receiver"] == "MDA"].set_index("sender")
    assert set(moldova.index) == {"DEU", "ITA", "RUS", "ROU"}  # 2017 and its own row left out
    assert (moldova["year"] == 2021).all()
    assert moldova.loc["DEU", ["period", "cost_pct"]].tolist() == ["2020Q3", 8.0]
    assert moldova.loc["RUS", ["period", "cost_pct"]].tolist() == ["2014Q2", -1.0]  # as published
    assert pd.isna(moldova.loc["ROU", "cost_pct"]) and pd.isna(moldova.loc["ROU", "period"])  # never surveyed
    assert corridors.loc[corridors["receiver"] == "YEM", "year"].tolist() == [2017]  # its latest matrix
    assert "MAR" not in set(corridors["receiver"])  # a zero estimate is no corridor
    assert corridors["modelled"].all()


def test_the_rule(corridors):
    result = queries.corridor_savings(corridors[corridors["receiver"] == "MDA"], "MDA", 3.0)
    assert result.saving_usd == pytest.approx(100e6 * 5 / 100 + 200e6 * 1 / 100)  # RUS costs less: 0
    assert result.total_usd == 1100e6
    assert result.unknown_usd == 300e6 and result.unknown_pct == pytest.approx(300 / 11)
    assert result.today_cost == pytest.approx((100 * 8 + 200 * 4 + 500 * -1) / 800)
    assert result.surveyed == 3 and result.at_or_below_target == 1
    assert (result.first_period, result.last_period) == ("2014Q2", "2020Q3")
    assert result.corridors["sender"].tolist() == ["DEU", "ITA", "RUS", "ROU"]  # largest saving first
    assert math.isnan(result.corridors.set_index("sender").loc["ROU", "saving_usd"])  # unknown, not 0
    assert queries.corridor_savings(corridors[corridors["receiver"] == "MDA"], "MDA", 9.0).saving_usd == 0
    zero = queries.corridor_savings(corridors[corridors["receiver"] == "MDA"], "MDA", 0.0)
    assert zero.saving_usd == pytest.approx(100e6 * 0.08 + 200e6 * 0.04)  # a negative cost saves nothing


def test_a_receiver_without_any_survey_has_no_cost_and_everything_unknown():
    frame = tables.remittance_corridors(MATRICES[MATRICES["sender"] == "ROU"], COSTS)
    result = queries.corridor_savings(frame, "MDA", 3.0)
    assert result.surveyed == 0 and result.today_cost is None and result.unknown_pct == 100
    assert result.saving_usd == 0 and result.first_period is None


@pytest.mark.parametrize(
    ("query", "target", "notices"),
    [
        ({}, 3.0, 0),
        ({"target": "2.5"}, 2.5, 0),
        ({"target": "0"}, 0.0, 0),
        ({"target": "100"}, 100.0, 0),
        ({"target": "2.50"}, 2.5, 0),
        ({"target": "abc"}, 3.0, 1),
        ({"target": "-1"}, 3.0, 1),
        ({"target": "2.55"}, 3.0, 1),  # the calculator's steps are tenths
        ({"target": "101"}, 3.0, 1),
        ({"target": "nan"}, 3.0, 1),
        ({"target": "inf"}, 3.0, 1),
    ],
)
def test_the_target_in_the_url(query, target, notices):
    parsed = parse([TARGET], query)
    assert parsed.state["target"] == target
    assert len(parsed.notices) == notices
    assert all(notice.reason == "invalid" for notice in parsed.notices)


def test_the_target_is_written_without_its_default_nor_trailing_zeros():
    assert to_query([TARGET], {"target": 3.0}) == ""
    assert to_query([TARGET], {"target": 2.5}) == "?target=2.5"
    assert to_query([TARGET], {"target": 2.0}) == "?target=2"
    for value in (0.0, 0.1, 0.3, 4.7, 99.9):
        assert parse([TARGET], {"target": to_query([TARGET], {"target": value})[len("?target=") :]}).state == {
            "target": value
        }


def find(component, component_id):
    """The component of a layout with that id (None if there is none)."""
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found = find(child, component_id)
            if found is not None:
                return found
    return None


def test_the_profile_drops_a_bad_target_with_a_notice(app):
    from pages.country import layout

    with app.server.test_request_context():
        page = layout(iso3="MDA", lang="en", target="cheap")
        fine = layout(iso3="MDA", lang="en", target="2.5")
    assert "target=cheap" in str(page) and "not a valid value" in str(page)
    assert "Some values in the link were ignored" not in str(fine)
    assert find(page, "country-control-target").value == 3.0  # the default, as the notice says
    assert find(fine, "country-control-target").value == 2.5


def test_the_card_renders_for_each_programme_country_and_moves_with_the_target(app):
    chart = CHARTS["remittance-savings"]
    with app.server.test_request_context():
        for country in ("MDA", "MAR", "TUN"):
            at_3 = chart.render(parse(list(chart.params), {"country": country}).state, "en")
            at_0 = chart.render(parse(list(chart.params), {"country": country, "target": "0"}).state, "en")
            result = queries.remittance_savings(country)
            if result is None or not result.surveyed:
                assert at_3.empty
                continue
            assert at_3.title != at_0.title
            assert queries.remittance_savings(country, 0.0).saving_usd >= result.saving_usd
            assert at_3.methods[0] == "remittance-savings"
            assert at_3.description
