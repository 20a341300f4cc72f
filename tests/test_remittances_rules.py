"""The remittance rules of issue 14, with expectations read from the World Bank's and UN
DESA's own files: one rule and one release per series for the share of GDP (no published
zero beside a positive inflow), aggregates that say how many economies they come from and
which ones a ratio leaves out, Kosovo counted in Southern Europe, and corridor costs with
both SDG 10.c thresholds and the quarter of every value."""

from __future__ import annotations

import pandas as pd
import pycountry
import pytest

from components import figures
from components.chart_card import CHARTS
from components.url_state import from_values, parse
from data.tables import COVERAGE_SHARE, aggregate
from tests.conftest import SOURCE_DIR

# The share of GDP the World Bank published on 2023-05-10, which the build no longer serves.
PUBLISHED_2023 = SOURCE_DIR / "worldbank_wdi/api_excel_2023-05-10/remittances-received-percent-gdp.xls"


def wide_to_long(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    years = [column for column in frame.columns if str(column).isdigit()]
    long = frame.melt(id_vars="Country Code", value_vars=years, var_name="year", value_name=value)
    return long.assign(year=long["year"].astype(int)).rename(columns={"Country Code": "country"})


@pytest.fixture(scope="module")
def wdi(raw):
    """Economies' remittances received (2025-07-01) and GDP (the next release), by year."""
    metadata = pd.read_csv(raw("wdi_country_metadata"), encoding="utf-8-sig")
    economies = set(metadata.loc[metadata["Region"].notna(), "Country Code"])
    inflow = wide_to_long(pd.read_csv(raw("wdi_remittances_received"), skiprows=4), "inflow")
    gdp = wide_to_long(pd.read_csv(raw("wdi_gdp")), "gdp")
    frame = inflow.merge(gdp, on=["country", "year"], how="outer")
    return frame[frame["country"].isin(economies)].set_index(["country", "year"]).sort_index()


@pytest.fixture(scope="module")
def ims2020_members(raw):
    """UN M49 sub-region -> ISO3 members, from the hierarchy of UN DESA's IMS 2020 Table 1."""
    sheet = pd.read_excel(raw("ims2020_destination"), sheet_name="Table 1", skiprows=10)
    members, current = {}, None
    for code in sheet["Location code"].astype(int):
        if code >= 900:
            current = code
            members.setdefault(code, set())
        elif current is not None:
            members[current].add("CHI" if code == 830 else pycountry.countries.get(numeric=f"{code:03d}").alpha_3)
    return members


# --- one rule for the share of GDP ------------------------------------------------------------


def test_the_31_published_zeros_beside_a_positive_inflow_are_gone(built, wdi):
    published = wide_to_long(pd.read_excel(PUBLISHED_2023, sheet_name="Data", skiprows=3), "published")
    rows = published.merge(wdi.reset_index(), on=["country", "year"])
    zeros = rows[(rows["published"] == 0) & (rows["inflow"] > 0)]
    assert len(zeros) == 31
    assert {"YEM", "FRO", "FSM", "BRB", "BDI", "PYF"} <= set(zeros["country"])
    served = built("remittances_country").merge(zeros[["country", "year", "inflow", "gdp"]], on=["country", "year"])
    assert len(served) == 31
    assert (served["inflow_pct_gdp"] > 0).all()
    assert served["inflow_pct_gdp"].to_numpy() == pytest.approx((served["inflow"] / served["gdp"] * 100).to_numpy())


def test_senegal_2019_is_its_inflow_over_its_gdp(built, wdi):
    expected = wdi.loc[("SEN", 2019), "inflow"] / wdi.loc[("SEN", 2019), "gdp"] * 100
    assert expected == pytest.approx(10.79, abs=0.01)  # 2.53 B / 23.4 B; the 2023 release said 0.59 %
    row = built("remittances_country").set_index(["country", "year"]).loc[("SEN", 2019)]
    assert row["inflow_pct_gdp"] == pytest.approx(expected, rel=1e-12)


def test_every_served_share_equals_its_inputs_of_the_same_row_and_release(built, wdi):
    served = built("remittances_country").set_index(["country", "year"])
    assert "inflow_pct_gdp_computed" not in served  # one rule: nothing to flag
    inputs = wdi.reindex(served.index)
    assert served["inflow_usd"].equals(inputs["inflow"].rename("inflow_usd"))
    with_gdp = served["gdp_usd"].notna()
    assert (served.loc[with_gdp, "gdp_usd"] == inputs.loc[with_gdp, "gdp"]).all()
    both = served["inflow_usd"].notna() & served["gdp_usd"].notna()
    assert both.sum() > 7000
    expected = inputs.loc[both, "inflow"] / inputs.loc[both, "gdp"] * 100
    assert (served.loc[both, "inflow_pct_gdp"] - expected).abs().max() < 1e-9
    assert served.loc[~both, "inflow_pct_gdp"].isna().all()  # missing, never 0
    zero = served["inflow_pct_gdp"] == 0
    assert (served.loc[zero, "inflow_usd"] == 0).all()  # a 0 % only where the inflow is 0


def test_the_share_has_no_break_between_2021_and_2022(built, wdi):
    """The old build switched from the 2023 release's % to a computed one after 2021."""
    served = built("remittances_country").set_index(["country", "year"])
    for key in [("SEN", 2021), ("SEN", 2022), ("MDA", 2021), ("MDA", 2022), ("XKX", 2021), ("XKX", 2022)]:
        assert served.loc[key, "inflow_pct_gdp"] == pytest.approx(wdi.loc[key, "inflow"] / wdi.loc[key, "gdp"] * 100)


# --- aggregates: coverage, and the members of a ratio -------------------------------------------


def test_the_aggregate_share_of_gdp_says_its_members_and_their_weight(built, wdi):
    aggregates = built("remittances_aggregates").set_index(["area", "year"])
    world = wdi.xs(2023, level="year")
    reporting = set(built("remittances_country")["country"])
    world = world[world.index.isin(reporting)]
    both = world.dropna(subset=["inflow", "gdp"])
    row = aggregates.loc[("WLD", 2023)]
    assert row["inflow_pct_gdp_countries"] == len(both) == 197
    assert set(row["inflow_pct_gdp_left_out"].split()) == set(world.index) - set(both.index)
    assert row["inflow_pct_gdp"] == pytest.approx(both["inflow"].sum() / both["gdp"].sum() * 100)
    assert row["inflow_pct_gdp_weight_pct"] == pytest.approx(both["gdp"].sum() / world["gdp"].sum() * 100)


def test_the_2024_world_share_is_withheld_though_its_reporters_hold_most_gdp(built, wdi):
    """104 economies with 94 % of world GDP report 2024: by GDP weight alone the world share
    would be shown, 0.72 % against 0.78 % in 2023; the same 104 economies went from 0.69 % to
    0.72 %. The fall would be who reports, so the members rule withholds it too."""
    world = wdi[wdi.index.get_level_values("country").isin(set(built("remittances_country")["country"]))]
    reporters = world.xs(2024, level="year").dropna(subset=["inflow", "gdp"]).index
    assert len(reporters) == 104 < COVERAGE_SHARE * 201
    same_2023 = world.xs(2023, level="year").loc[reporters]
    assert same_2023["inflow"].sum() / same_2023["gdp"].sum() * 100 == pytest.approx(0.69, abs=0.01)
    same_2024 = world.xs(2024, level="year")
    weight = same_2024.loc[reporters, "gdp"].sum() / same_2024["gdp"].sum() * 100
    assert weight > COVERAGE_SHARE * 100
    row = built("remittances_aggregates").set_index(["area", "year"]).loc[("WLD", 2024)]
    assert row["inflow_pct_gdp_weight_pct"] == pytest.approx(weight, rel=1e-12)
    assert pd.isna(row["inflow_pct_gdp"]) and pd.isna(row["inflow_usd"])


def test_aggregate_withholds_a_ratio_on_members_and_on_weights():
    areas = pd.DataFrame({"code": ["A"], "kind": ["world"], "name": ["A"], "members": [["X", "Y", "Z"]]})
    frame = pd.DataFrame(
        {
            "country": ["X", "Y", "Z"] * 2,
            "year": [1] * 3 + [2] * 3,
            "num": [1.0, 1.0, None, 5.0, 1.0, 1.0],
            "den": [10.0, 10.0, 80.0, 90.0, 5.0, 5.0],
        }
    )
    by_count = aggregate(frame, areas, ["year"], ["num"], {"r": ("num", "den", 100.0)}).set_index("year")
    by_weight = aggregate(frame, areas, ["year"], ["num"], {"r": ("num", "den", 100.0)}, ratio_weights=True).set_index(
        "year"
    )
    # year 1: 2 of 3 members report both, but they hold 20 % of the weight
    assert by_count.loc[1, "r"] == pytest.approx(10.0)
    assert pd.isna(by_weight.loc[1, "r"])
    assert by_weight.loc[1, "r_weight_pct"] == pytest.approx(20.0)
    assert by_weight.loc[1, "r_left_out"] == "Z" and pd.isna(by_weight.loc[2, "r_left_out"])  # nobody
    assert by_weight.loc[2, "r"] == pytest.approx(7 / 100 * 100) and by_weight.loc[2, "r_countries"] == 3


def test_the_api_metadata_describes_the_coverage_of_remittance_aggregates(client):
    meta = client.get("/api/v1/remittances-aggregates.metadata.json").json
    columns = {column["name"] for column in meta["columns"]}
    assert {
        "countries",
        "members",
        "coverage_pct",
        "inflow_pct_gdp_countries",
        "inflow_pct_gdp_weight_pct",
        "inflow_pct_gdp_left_out",
    } <= columns
    notes = " ".join(meta["notes"])
    assert "two thirds" in notes and "Kosovo" in notes


@pytest.mark.real_data
def test_the_trend_card_shows_coverage_and_does_not_draw_2024_as_a_fall(app):
    chart = CHARTS["remittances-trend"]
    with app.server.test_request_context():
        content = chart.render(parse(list(chart.params), {"country": "-", "area": "WLD,M925"}).state, "en")
        share = chart.render(parse(list(chart.params), {"area": "WLD", "measure": "inflow_pct_gdp"}).state, "fr")
    traces = {trace["name"]: trace for trace in content.figure["data"]}
    world = dict(zip(traces["World"]["x"], traces["World"]["customdata"]))
    assert max(world) == 2023 and world[2023].endswith("from 201 of 201 economies")
    europe = dict(zip(traces["Southern Europe"]["x"], traces["Southern Europe"]["customdata"]))
    assert europe[2024].endswith("from 11 of 15 economies")
    assert traces["Southern Europe"]["marker"]["symbol"][-1] == "circle-open"  # drawn as partial
    notes = " ".join(content.notes)
    assert "World: not shown for" in notes and "2024" in notes and "Kosovo" in notes
    assert {"remittance-aggregates", "kosovo-in-southern-europe"} <= set(content.methods)
    assert set(content.table["coverage"].dropna()) >= {"from 201 of 201 economies"}
    french = dict(zip(share.figure["data"][-1]["x"], share.figure["data"][-1]["customdata"]))
    assert "de 197 sur 201 économies" in french[2023]
    assert "remittances-pct-gdp" in share.methods


# --- Kosovo -------------------------------------------------------------------------------------


def test_kosovo_counts_in_southern_europes_remittances(built, wdi, ims2020_members):
    southern_europe = ims2020_members[925]
    assert "XKX" not in southern_europe and "SRB" in southern_europe  # UN M49 has no Kosovo
    year = wdi.xs(2023, level="year")
    expected = year.loc[year.index.isin(southern_europe | {"XKX"}), "inflow"].sum()
    assert year.loc["XKX", "inflow"] == pytest.approx(1.83e9, rel=0.01)
    aggregates = built("remittances_aggregates").set_index(["area", "year"])
    assert aggregates.loc[("M925", 2023), "inflow_usd"] == pytest.approx(expected, rel=1e-12)
    europe = year.loc[
        year.index.isin(set().union(*(ims2020_members[c] for c in (923, 924, 925, 926))) | {"XKX"}), "inflow"
    ].sum()
    assert aggregates.loc[("M908", 2023), "inflow_usd"] == pytest.approx(europe, rel=1e-12)
    countries = built("countries").set_index("iso3")
    assert pd.isna(countries.loc["XKX", "m49_region"])  # the country table keeps M49 as it is


def test_kosovo_is_not_counted_twice_in_migrant_stocks(built, ims2020_members, raw):
    """UN DESA counts Kosovo within Serbia: IMS has no XKX, and Southern Europe's stocks are
    the sum over UN DESA's own members."""
    ims = pd.read_csv(raw("ims2024_bilateral"))
    assert "XKX" not in set(ims["geo"])
    expected = ims[ims["geo"].isin(ims2020_members[925]) & (ims["t"] == 2024)]["n"].sum()
    stocks = built("stocks_aggregates").query("area == 'M925' and year == 2024 and sex == 'total'").iloc[0]
    assert stocks["immigrants"] == expected


@pytest.mark.real_data
def test_kosovos_profile_ranks_it_in_europe(app):
    from data.profile import country_facts

    with app.server.test_request_context():
        facts = country_facts("XKX")
    assert (facts.region, facts.subregion) == ("M908", "M925")
    rank = next(rank for rank in facts.ranks if rank.group == "M908" and rank.measure == "remittances_pct_gdp")
    assert rank.members == 43 and rank.size <= rank.members
    from components.profile import peers_table

    with app.server.test_request_context():
        table = str(peers_table(facts, {}, "fr"))
    assert f"{rank.size} sur 43" in table and "#method-kosovo-in-southern-europe" in table


# --- corridor costs (SDG 10.c.1) ----------------------------------------------------------------


@pytest.fixture(scope="module")
def rpw(raw):
    """Each corridor's latest surveyed quarter and cost, from the DataBank export."""
    frame = pd.read_csv(raw("rpw_corridors"), na_values="..")
    frame.columns = [" ".join(str(column).split()) for column in frame.columns]
    frame = frame[frame["Series Code"].notna()]
    quarters = [column for column in frame.columns if column[:4].isdigit()]
    long = frame.melt(
        id_vars=["Sending Countries Code", "Receiving Countries Code"],
        value_vars=quarters,
        var_name="quarter",
        value_name="cost",
    ).dropna(subset=["cost"])
    long["quarter"] = long["quarter"].str[:6]
    return long.sort_values("quarter").groupby(["Sending Countries Code", "Receiving Countries Code"]).tail(1)


def test_stale_corridors_are_counted_then_shown_marked_with_their_quarter(app, rpw):
    assert len(rpw) == 377 and (rpw["quarter"] != "2020Q3").sum() == 10
    australia = rpw[rpw["Sending Countries Code"] == "AUS"]
    stale = australia[australia["quarter"] != "2020Q3"]
    assert len(stale) == 4 and set(stale["quarter"]) == {"2011Q3"}
    chart = CHARTS["remittance-costs"]
    with app.server.test_request_context():
        latest = chart.render(parse(list(chart.params), {"country": "AUS"}).state, "en")
        every = chart.render(parse(list(chart.params), {"country": "AUS", "corridors": "all"}).state, "en")
    bars = latest.figure["data"][0]
    assert len(bars["y"]) == len(australia) - 4 and all(" (" not in label for label in bars["y"])
    assert "survey of Q3 2020" in latest.subtitle
    assert "4 corridors were last surveyed before Q3 2020 (in Q3 2011)" in " ".join(latest.notes)
    bars = every.figure["data"][0]
    assert len(bars["y"]) == len(australia)
    colours = dict(zip(bars["y"], bars["marker"]["color"]))
    marked = {label for label in colours if label.endswith("(Q3 2011)")}
    assert len(marked) == 4
    assert {colours[label] for label in marked} == {figures.MUTED}
    assert {colour for label, colour in colours.items() if label not in marked} == {figures.PALETTE[0]}
    assert all(hover.startswith(("Q3 2020:", "Q3 2011:")) for hover in bars["customdata"])


def test_both_sdg_thresholds_are_drawn_and_counted(app, rpw):
    moldova = rpw[(rpw["Receiving Countries Code"] == "MDA") & (rpw["quarter"] == "2020Q3")]
    chart = CHARTS["remittance-costs"]
    with app.server.test_request_context():
        content = chart.render(parse(list(chart.params), {"country": "MDA"}).state, "en")
    assert sorted(shape["x0"] for shape in content.figure["layout"]["shapes"]) == [3.0, 5.0]
    above = int((moldova["cost"] > 5).sum())
    assert f"Corridors costing more than 5 %: {above} of {len(moldova)} shown." in content.notes
    assert {"sdg-10c", "corridor-latest"} <= set(content.methods)


@pytest.mark.real_data
def test_a_country_surveyed_only_long_ago_says_when(app):
    chart = CHARTS["remittance-costs"]
    with app.server.test_request_context():
        content = chart.render(parse(list(chart.params), {"country": "PNG"}).state, "en")
    assert "was surveyed in Q3 2020" in content.empty and "All corridors" in content.empty


@pytest.mark.parametrize("lang, quarter", [("en", "Q3 2020"), ("fr", "T3 2020"), ("es", "T3 2020")])
def test_the_profiles_latest_cost_names_its_quarter(app, lang, quarter):
    from pages.country import CARDS

    chart_name, extra = next((chart, extra) for _suffix, chart, extra in CARDS if chart == "remittance-costs")
    chart = CHARTS[chart_name]
    with app.server.test_request_context():
        content = chart.render(from_values(list(chart.params), {"country": ["MDA"], **extra}), lang)
    assert quarter in content.subtitle
    assert all(hover.startswith(quarter) for hover in content.figure["data"][0]["customdata"])


@pytest.mark.parametrize("iso3", ["XKX", "TKL"])  # Kosovo: no UN DESA stocks; Tokelau: no World Bank data
def test_a_profile_and_brief_never_show_another_countrys_charts(app, client, iso3):
    """A chart whose data lacks the country used to fall back to its default, Moldova."""
    from pages.country import profile

    with app.server.test_request_context():
        page = str(profile(iso3, "en", "/"))
    assert "MDA" not in page and "Moldova" not in page
    assert f"'country': ['{iso3}']" in page
    from tests.dash_bodies import router_body

    brief = client.post("/_dash-update-component", json=router_body(f"/brief/{iso3}")).get_data(as_text=True)
    assert iso3 in brief and "Moldova" not in brief
