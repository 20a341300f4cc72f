"""Aggregates carry their coverage and follow the World Bank's rule for group sums (withheld
when more than a third of the members lack data), with expectations read from the raw files;
and every derivation rule is stated on /sources and linked from the cards that use it."""

from __future__ import annotations

import pandas as pd
import pytest

from data import store
from data.methods import METHODS
from data.tables import COVERAGE_SHARE


@pytest.fixture(scope="module")
def remittance_aggregates(built_data_dir):
    return pd.read_parquet(store.resolve_current(built_data_dir) / "remittances_aggregates.parquet")


@pytest.fixture(scope="module")
def wdi_economies(raw):
    """Remittances received by economy (aggregates left out: they have no Region), from the
    World Bank's own files."""
    data = pd.read_csv(raw("wdi_remittances_received"), skiprows=4).set_index("Country Code")
    metadata = pd.read_csv(raw("wdi_country_metadata"))
    economies = metadata.loc[metadata["Region"].notna(), "Country Code"]
    return data.loc[data.index.isin(economies)]


def test_the_2024_world_remittance_total_is_withheld_not_shown_as_a_fall(remittance_aggregates, wdi_economies):
    """201 economies report 2023 and only 106 report 2024: $740 B against $823 B would be a
    false 10 % fall. Fewer than two thirds report, so the world sum for 2024 is withheld."""
    reporting = wdi_economies[["2023", "2024"]].notna().sum()
    assert (reporting["2023"], reporting["2024"]) == (201, 106)
    world = remittance_aggregates[remittance_aggregates["area"] == "WLD"].set_index("year")
    assert world.loc[2024, "countries"] == 106
    assert pd.isna(world.loc[2024, "inflow_usd"])
    assert world.loc[2024, "coverage_pct"] == pytest.approx(106 / world.loc[2024, "members"] * 100)
    assert world.loc[2023, "inflow_usd"] == pytest.approx(wdi_economies["2023"].sum(), rel=1e-9)
    assert world.loc[2023, "countries"] == 201


def test_no_sum_is_shown_with_less_than_two_thirds_of_its_members(remittance_aggregates):
    shown = remittance_aggregates.dropna(subset=["inflow_usd"])
    assert (shown["countries"] >= COVERAGE_SHARE * shown["members"]).all()
    thin = remittance_aggregates[remittance_aggregates["countries"] < COVERAGE_SHARE * remittance_aggregates["members"]]
    assert len(thin) and thin["inflow_usd"].isna().all()


def test_a_ratio_aggregate_counts_the_members_above_and_below_the_line(remittance_aggregates, built_data_dir):
    countries = pd.read_parquet(store.resolve_current(built_data_dir) / "remittances_country.parquet")
    year = countries[countries["year"] == 2020].dropna(subset=["inflow_usd", "gdp_usd"])
    world = remittance_aggregates[(remittance_aggregates["area"] == "WLD")].set_index("year").loc[2020]
    assert world["inflow_pct_gdp_countries"] == len(year)
    assert world["inflow_pct_gdp"] == pytest.approx(year["inflow_usd"].sum() / year["gdp_usd"].sum() * 100)


def test_sources_page_states_every_method_with_its_anchor(client):
    from tests.dash_bodies import router_body

    layout = client.post("/_dash-update-component", json=router_body("/sources")).get_data(as_text=True)
    for method in METHODS.values():
        assert f'"id":"{method.anchor}"' in layout, method.key


def test_cards_link_to_the_methods_behind_their_numbers():
    from components.chart_card import _method_links

    links = _method_links(("both-sexes", "sums-over-members", "both-sexes"), "fr")
    anchors = [child.href for child in links[0].children if hasattr(child, "href")]
    assert anchors == ["/sources?lang=fr#method-both-sexes", "/sources?lang=fr#method-sums-over-members"]
    assert _method_links((), "en") == []
