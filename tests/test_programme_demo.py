"""The demo programme data is coherent, as a real results framework would be: invariants over the
generated rows, checked with plain pandas (never through the app's own derivations)."""

from __future__ import annotations

import pandas as pd
import pytest

from programme import demo, derived_tables, schema

FRAMES = demo.generate()


def _quarter(iso_date: str) -> str:
    stamp = pd.Timestamp(iso_date)
    return f"{stamp.year}-Q{stamp.quarter}"


def _totals() -> pd.DataFrame:
    values = FRAMES["indicator_values"]
    return values[values["sex"] == "total"]


def test_every_milestone_agrees_with_its_indicator():
    """Reached from the quarter it is achieved on, and not before; not achieved while no value reaches it."""
    totals, milestones = _totals(), FRAMES["milestones"]
    assert milestones["indicator_id"].notna().all()
    contradictions = []
    for m in milestones.itertuples():
        values = totals[totals["indicator_id"] == m.indicator_id]
        reached = values[values["value"] >= m.indicator_value]["period"]
        short = values[values["value"] < m.indicator_value]["period"]
        if not isinstance(m.achieved_date, str):
            bad = len(reached) > 0
        else:
            since = _quarter(m.achieved_date)
            bad = (reached < since).any() or (short >= since).any() or reached.empty
        if bad:
            contradictions.append(m.milestone_id)
    assert contradictions == []
    # and the demo has both kinds, so the check means something
    assert milestones["achieved_date"].notna().any() and milestones["achieved_date"].isna().any()


def test_cumulative_counts_never_fall_for_either_sex():
    cumulative = FRAMES["indicators"].query("cumulative == True")["indicator_id"]
    assert len(cumulative) == len(FRAMES["countries"])  # one per country
    values = FRAMES["indicator_values"]
    values = values[values["indicator_id"].isin(cumulative)].sort_values("period")
    falls = values.groupby(["indicator_id", "sex"])["value"].apply(lambda v: (v.diff() < 0).sum())
    assert falls.sum() == 0
    assert set(values["sex"]) == {"total", "female", "male"}


def test_only_stale_indicators_lack_a_value_for_the_reporting_period():
    """Indicators reported on time have a value for the as-of quarter; the others are flagged stale."""
    totals = _totals()
    reporting_period = totals["period"].max()
    latest = totals.groupby("indicator_id")["period"].max()
    expected_stale = set(latest[latest < reporting_period].index)
    derived = derived_tables.derive(FRAMES)["indicators"]
    assert set(derived.loc[derived["stale"].astype(bool), "indicator_id"]) == expected_stale
    assert 0 < len(expected_stale) < len(latest) / 4  # deliberately a few, not most


@pytest.mark.parametrize(
    ("sheet", "field"),
    [
        ("results", "statement"),
        ("indicators", "name"),
        ("activities", "title"),
        ("milestones", "title"),
        ("capacity_events", "title"),
    ],
)
def test_demo_text_is_in_french_and_spanish(sheet, field):
    frame = FRAMES[sheet]
    for lang in schema.TEXT_LANGUAGES:
        translated = frame[f"{field}_{lang}"]
        assert translated.notna().all() and (translated.str.strip() != "").all()
        assert (translated != frame[field]).all()  # a translation, not a copy of the English
    assert field in schema.translated_fields(schema.SHEETS_BY_NAME[sheet])


def test_the_portfolio_counts_stale_indicators_and_states_the_rule(app):
    from components.chart_card import CHARTS

    totals = _totals()
    latest = totals.groupby("indicator_id")["period"].max()
    stale = latest[latest < totals["period"].max()]
    with app.server.test_request_context("/"):
        content = CHARTS["programme-status"].render({"country": (), "area": "all", "gcm": "all", "sdg": "all"}, "en")
    per_country = content.table.set_index("label")["stale"]
    assert per_country.iloc[-1] == len(stale)  # the row of all selected countries
    assert per_country.iloc[:-1].sum() == len(stale)
    note = next(note for note in content.notes if "out of date" in note)
    assert f"{len(stale)} indicators shown are out of date" in note and totals["period"].max() in note
