"""UNHCR's refugee figures where users look for them: a card of the flows explorer and of every
country profile (refugees hosted by the country and refugees from it), its values read against
UNHCR's own file."""

from __future__ import annotations

import pandas as pd
import pytest

from components.chart_card import CHARTS


@pytest.mark.parametrize("iso3", ["TUR", "MDA", "DEU"])
def test_refugees_hosted_and_from_equal_unhcr(app, raw, iso3):
    unhcr = pd.read_csv(raw("unhcr"))
    hosted = unhcr[(unhcr["geo"] == iso3) & (unhcr["group"] == "refugee")].groupby("t")["n"].sum()
    abroad = unhcr[(unhcr["from"] == iso3) & (unhcr["group"] == "refugee")].groupby("t")["n"].sum()
    seekers = unhcr[(unhcr["geo"] == iso3) & (unhcr["group"] == "asylum")].groupby("t")["n"].sum()
    with app.server.test_request_context("/"):
        content = CHARTS["refugees-trend"].render({"country": iso3, "period": "2015-2020", "sex": "total"}, "en")
    table = content.table.set_index("year")
    for year, persons in hosted.items():
        assert table.loc[year, "hosted_refugee"] == persons
    for year, persons in abroad.items():
        assert table.loc[year, "from_refugee"] == persons
    for year, persons in seekers.items():
        assert table.loc[year, "hosted_asylum"] == persons
    first, last = min(hosted.index.min(), abroad.index.min()), max(hosted.index.max(), abroad.index.max())
    assert f"{first}–{last}" in content.subtitle  # the period is named, never just "latest"
    assert content.sources == ("unhcr",)
    # a year UNHCR has no figure for stays empty: missing is never zero
    missing = sorted(set(range(first, last + 1)) - set(abroad.index))
    if missing:
        assert table.loc[missing, "from_refugee"].isna().all()


def test_the_refugees_card_is_on_the_profile_and_in_the_flows_explorer(app):
    from charts.flows import EXPLORER

    assert "refugees-trend" in EXPLORER.cards
    with app.server.test_request_context("/"):
        from pages.country import profile

        tree = profile("MDA", "fr", "/")
    ids = [str(getattr(node, "id", "")) for node in tree._traverse()]
    assert any("country-refugees" in identifier for identifier in ids)
