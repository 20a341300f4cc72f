"""The rules of the migrant-stock figures, checked against the publishers' own files (read here
with pandas, never through data/): UN DESA's published aggregates for its 2020 edition served
as published; income groups, "not classified" included, that add up to the world; the coverage
of every aggregate; denominators that cover what their numerators cover (Serbia with Kosovo,
the Channel Islands as Guernsey + Jersey); every type-of-data flag; and the notes on the
countries whose borders changed."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from babel.numbers import format_decimal

from components.chart_card import CHARTS
from components.url_state import parse
from data.countries import TERRITORY_NOTES
from data.methods import METHODS
from data.sources import SOURCES_BY_KEY
from tests.dash_bodies import router_body

# UN DESA's income-group rows in the IMS 2020 destination tables, and our codes for them.
INCOME_ROWS = {1503: "WB_HI", 1502: "WB_UMI", 1501: "WB_LMI", 1500: "WB_LI"}
YEARS_2020 = (1990, 1995, 2000, 2005, 2010, 2015, 2020)
SEX_COLUMNS = {"total": "", "male": ".1", "female": ".2"}


@pytest.fixture(scope="module")
def ims2020_tables(raw):
    def table(number: int) -> pd.DataFrame:
        frame = pd.read_excel(raw("ims2020_destination"), sheet_name=f"Table {number}", skiprows=10)
        frame.columns = [str(column) for column in frame.columns]
        return frame.drop_duplicates(subset=["Location code"]).set_index("Location code")

    return {number: table(number) for number in (1, 2, 3)}


@pytest.fixture(scope="module")
def ims2024(raw):
    """The raw IMS 2024 file; IOM GDI codes the Channel Islands XCX, UN M49 and we CHI."""
    frame = pd.read_csv(raw("ims2024_bilateral"))
    return frame.assign(geo=frame["geo"].replace({"XCX": "CHI"}), **{"from": frame["from"].replace({"XCX": "CHI"})})


@pytest.fixture(scope="module")
def south_sudan_1990(ims2024) -> int:
    """South Sudan's immigrants in 1990, the figure IMS 2024 repeats to 2005."""
    return int(ims2024.query("geo == 'SSD' and t == 1990")["n"].sum())


@pytest.fixture(scope="module")
def wpp_population(raw):
    gdi = pd.read_csv(raw("gdi_wdi"))
    return gdi[gdi["var"] == "pop"].set_index(["geo", "t"])["v"]


@pytest.fixture(scope="module")
def wb_income(raw):
    metadata = pd.read_csv(raw("wdi_country_metadata"), encoding="utf-8-sig")
    economies = metadata[metadata["Region"].notna()]
    return dict(zip(economies["Country Code"], economies["IncomeGroup"]))


def _edition(frame: pd.DataFrame, edition: str) -> pd.DataFrame:
    return frame[frame["edition"] == edition]


def test_ims2020_income_groups_and_regions_are_un_desa_s_published_rows(built, ims2020_tables, wb_income):
    """Our former rule (the 2025 classification over the 2020 edition's countries) gave High
    income 2020 = 194,265,643; UN DESA publishes 181,897,756. Every published row is served as
    published: immigrants by sex (Table 1), population (Table 2, thousands) and share (Table 3)."""
    stock, population, share = ims2020_tables[1], ims2020_tables[2], ims2020_tables[3]
    countries = stock[stock.index < 900]
    assert stock.loc[1503, "2020"] == 181_897_756
    numeric = {int(code): code for code in countries.index}
    import pycountry

    iso3 = {code: "CHI" if code == 830 else pycountry.countries.get(numeric=f"{code:03d}").alpha_3 for code in numeric}
    high_2025 = [code for code, alpha in iso3.items() if wb_income.get(alpha) == "High income"]
    assert pd.to_numeric(countries.loc[high_2025, "2020"], errors="coerce").sum() == 194_265_643

    aggregates = _edition(built("stocks_aggregates"), "2020").set_index(["area", "year", "sex"])
    areas = set(built("areas")["code"])
    expected_codes = {
        900: "WLD",
        **INCOME_ROWS,
        **{code: f"M{code}" for code in stock.index if code >= 900 and f"M{code}" in areas},
    }
    assert len(expected_codes) == 1 + 4 + 6 + 21  # the world, four income groups, 6 regions, 21 sub-regions
    for location, area in expected_codes.items():
        for year in YEARS_2020:
            for sex, suffix in SEX_COLUMNS.items():
                row = aggregates.loc[(area, year, sex)]
                assert row["immigrants"] == stock.loc[location, f"{year}{suffix}"], (area, year, sex)
                assert row["published"]
            row = aggregates.loc[(area, year, "total")]
            assert row["population"] == pytest.approx(population.loc[location, str(year)] * 1000, rel=1e-12)
            assert row["immigrants_pct_population"] == pytest.approx(share.loc[location, str(year)], rel=1e-12)


def test_income_groups_with_not_classified_add_up_to_the_world(built, ims2024, wb_income):
    """In 2024, 4.19 M immigrants live in economies the World Bank gives no group (Ethiopia,
    Venezuela, Taiwan and 17 territories): they are "Not classified", so nothing is lost."""
    aggregates = built("stocks_aggregates")
    for edition in ("2024", "2020"):
        rows = _edition(aggregates, edition)
        world = rows[rows["area"] == "WLD"].set_index(["year", "sex"])["immigrants"]
        groups = rows[rows["kind"] == "wb_income_group"].groupby(["year", "sex"])["immigrants"].sum()
        assert len(world) == len(groups) and len(world) >= 21
        assert (groups - world).abs().max() == 0, edition
        assert set(rows.loc[rows["kind"] == "wb_income_group", "area"]) == {*INCOME_ROWS.values(), "WB_NC"}

    unclassified = sorted(code for code in ims2024["geo"].unique() if pd.isna(wb_income.get(code)))
    assert len(unclassified) == 20 and {"ETH", "VEN", "TWN"} <= set(unclassified)
    expected = ims2024[(ims2024["t"] == 2024) & ims2024["geo"].isin(unclassified)]["n"].sum()
    assert round(expected / 1e6, 2) == 4.19
    row = _edition(aggregates, "2024").set_index(["area", "year", "sex"]).loc[("WB_NC", 2024, "total")]
    assert (row["immigrants"], row["countries"], row["members"]) == (expected, 20, 20)
    members = built("areas").set_index("code").loc["WB_NC", "members"]
    assert set(unclassified) <= set(members)


def test_every_aggregate_reports_its_coverage_and_its_classification(built, ims2020_tables):
    aggregates = built("stocks_aggregates")
    computed = _edition(aggregates, "2024")
    assert computed[["countries", "members", "coverage_pct"]].notna().all().all()
    assert (computed["coverage_pct"] == computed["countries"] / computed["members"] * 100).all()
    assert not computed["published"].any()
    published = _edition(aggregates, "2020")
    geographic = published[published["kind"] != "wb_income_group"]
    assert geographic[["countries", "members", "coverage_pct"]].notna().all().all()
    # UN DESA's 2020 world row: 235 countries and areas, 232 of them with a 1990 figure.
    stock = ims2020_tables[1]
    countries = stock[stock.index < 900]
    world_1990 = published.set_index(["area", "year", "sex"]).loc[("WLD", 1990, "total")]
    assert world_1990["members"] == len(countries)
    assert world_1990["countries"] == pd.to_numeric(countries["1990"], errors="coerce").notna().sum()
    income = published[published["kind"] == "wb_income_group"]
    assert income["members"].isna().all()  # UN DESA does not list them: unknown, never made up
    assert (aggregates["classification"].str.len() > 10).all()
    assert computed.loc[computed["kind"] == "wb_income_group", "classification"].str.contains("1 July 2025").all()
    assert income["classification"].str.contains("UN DESA").all()
    assert "2025-07-01" in SOURCES_BY_KEY["wdi_country_metadata"].edition  # the classification of that date


def test_serbia_s_share_of_population_includes_kosovo_in_the_population(built, ims2024, wpp_population):
    """UN DESA counts Kosovo in Serbia: 733,091 / Serbia alone was 10.61 %; / Serbia + Kosovo is 8.47 %."""
    immigrants = ims2024.query("geo == 'SRB' and t == 2020")["n"].sum()
    assert round(immigrants / wpp_population[("SRB", 2020)] * 100, 2) == 10.61
    expected = immigrants / (wpp_population[("SRB", 2020)] + wpp_population[("XKX", 2020)]) * 100
    assert round(expected, 2) == 8.47
    serbia = _edition(built("stocks_country"), "2024").set_index(["country", "year", "sex"]).loc[("SRB", 2020, "total")]
    assert serbia["immigrants_pct_population"] == pytest.approx(expected, rel=1e-12)
    assert "XKX" not in set(built("stocks_country")["country"])  # never counted twice


def test_channel_islands_have_a_population_guernsey_plus_jersey(built, ims2024, wpp_population):
    countries = _edition(built("stocks_country"), "2024").set_index(["country", "year", "sex"])
    for year in (1990, 2020):
        expected = wpp_population[("GGY", year)] + wpp_population[("JEY", year)]
        row = countries.loc[("CHI", year, "total")]
        assert row["population"] == expected
        immigrants = ims2024.query("geo == 'CHI' and t == @year")["n"].sum()
        assert row["immigrants_pct_population"] == pytest.approx(immigrants / expected * 100)
    northern_europe = (
        _edition(built("stocks_aggregates"), "2024").set_index(["area", "year", "sex"]).loc[("M924", 2020, "total")]
    )
    assert northern_europe["population_countries"] == northern_europe["members"]  # CHI among them


def test_data_type_labels_keep_every_flag_in_un_desa_s_order(built, ims2024, ims2020_tables):
    stocks = built("stocks_country").set_index(["edition", "country", "year", "sex"])
    assert stocks.loc[("2024", "BEN", 2020, "total"), "data_type"] == "C B R"
    assert stocks.loc[("2024", "GIN", 2024, "total"), "data_type"] == "C B R"
    published = ims2020_tables[1]
    assert published.loc[204, "Type of data"].strip() == "C B R"  # Benin, as UN DESA writes it
    assert stocks.loc[("2020", "BEN", 2020, "total"), "data_type"] == "C B R"
    flags = ims2024.groupby(["geo", "t"])[["type_c", "type_b", "type_i", "type_r"]].max()
    expected = {
        key: " ".join(code for code, on in zip("CBIR", row) if on) for key, row in zip(flags.index, flags.to_numpy())
    }
    served = _edition(built("stocks_country"), "2024").query("sex == 'total'")
    assert dict(zip(zip(served["country"], served["year"]), served["data_type"])) == expected
    assert set(expected.values()) >= {"C B R", "B R", "C R", "I R", "I", "B", "C"}


def _repeated_in_raw(ims2024: pd.DataFrame) -> dict[str, list[int]]:
    """Destinations whose totals repeat one figure from 1990 on."""
    totals = ims2024.groupby(["geo", "t"])["n"].sum().unstack()
    found = {}
    for country, values in totals.iterrows():
        run = [year for year, value in values.items() if value == values.iloc[0]]
        run = [year for index, year in enumerate(run) if year == totals.columns[index]]
        if len(run) >= 2:
            found[country] = run
    return found


def test_every_repeated_series_is_flagged_and_explained(built, ims2024):
    """South Sudan gets a flat 652,365 for 1990-2005 while Sudan covers both; Montenegro, Curaçao
    and Sint Maarten the same way: each one found in the raw file is flagged and has its note."""
    repeated = _repeated_in_raw(ims2024)
    assert repeated["SSD"] == [1990, 1995, 2000, 2005]
    assert set(repeated) == {"SSD", "MNE", "CUW", "SXM"}
    served = _edition(built("stocks_country"), "2024")
    flagged = served[served["repeated"]]
    assert {country: sorted(set(group["year"])) for country, group in flagged.groupby("country")} == repeated
    for country in (*repeated, "SDN", "SRB", "CHI"):
        assert country in TERRITORY_NOTES, country
    assert {key for notes in TERRITORY_NOTES.values() for key, _text in notes} <= set(METHODS)


def _strings(value) -> str:
    """Every text of a Dash response, joined (the JSON escapes what it likes)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(_strings(item) for item in value.values())
    if isinstance(value, list):
        return " ".join(_strings(item) for item in value)
    return ""


def _page(client, path: str, lang: str = "en") -> str:
    response = client.post("/_dash-update-component", json=router_body(path, lang=lang))
    assert response.status_code == 200
    return _strings(json.loads(response.get_data(as_text=True)))


@pytest.mark.parametrize(
    "lang, sudan",
    [
        ("en", "UN DESA's figures for Sudan for 1990-2005 cover Sudan and South Sudan"),
        ("fr", "les chiffres du DAES de l’ONU pour le Soudan couvrent le Soudan et le Soudan du Sud"),
    ],
)
def test_sudan_and_south_sudan_profiles_and_briefs_say_that_they_overlap(client, lang, sudan, south_sudan_1990):
    for path in ("/country/SSD", "/brief/SSD", "/country/SDN", "/brief/SDN"):
        page = _page(client, path, lang)
        assert sudan in page, path
    assert format_decimal(south_sudan_1990, locale=lang) in _page(client, "/country/SSD", lang)


@pytest.mark.parametrize(
    "lang, fragment",
    [
        ("en", "UN DESA counts Kosovo in Serbia"),
        ("fr", "Le DAES de l’ONU compte le Kosovo avec la Serbie"),
        ("es", "El DAES de la ONU cuenta Kosovo dentro de Serbia"),
    ],
)
def test_serbia_s_profile_and_brief_say_that_its_population_includes_kosovo(client, lang, fragment):
    for path in ("/country/SRB", "/brief/SRB"):
        assert fragment in _page(client, path, lang), path
    assert "Kosovo" not in _page(client, "/country/MDA", lang)


def _card(name: str, query: dict, lang: str = "en"):
    chart = CHARTS[name]
    return chart.render(parse(list(chart.params), query).state, lang)


def test_stock_cards_explain_their_figures(app, south_sudan_1990):
    with app.server.test_request_context():
        serbia = _card("stocks-trend", {"country": "SRB", "measure": "immigrants_pct_population"})
        assert any("Kosovo" in note for note in serbia.notes)
        assert any(note.startswith("Type of data (UN DESA)") for note in serbia.notes)
        assert "data_type" in [column.key for column in serbia.table_columns]
        assert {"population-parts", "data-type"} <= set(serbia.methods)

        south_sudan = _card("stocks-top", {"country": "SSD", "year": "2000"})
        repeated = format_decimal(south_sudan_1990, locale="en")
        assert any(repeated in note for note in south_sudan.notes) and "border-changes" in south_sudan.methods

        old_map = _card("stocks-map", {"year": "2000"})
        assert any("South Sudan" in note and "Montenegro" in note for note in old_map.notes)
        assert not any("South Sudan" in note for note in _card("stocks-map", {"year": "2020"}).notes)

        regions = _card("stocks-regions", {})
        assert "Not classified" in list(regions.figure["data"][0]["y"]) + list(regions.figure["data"][0]["x"])
        assert {"with_data", "members", "coverage"} <= {column.key for column in regions.table_columns}
        assert any("1 July 2025" in note and "Ethiopia" in note for note in regions.notes)
        assert {"stock-aggregates", "income-groups"} <= set(regions.methods)


def test_the_world_figure_and_the_income_group_say_what_they_cover(client, ims2024):
    destinations = ims2024.query("t == 2024")["geo"].nunique()
    assert f"{destinations} of {destinations} countries and areas" in _page(client, "/")
    assert "Upper middle income (World Bank, July 2025)" in _page(client, "/country/SRB")
