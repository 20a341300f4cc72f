"""The SDG tracker: each indicator's value computed again from the publishers' files for a
sample of countries (Moldova, Morocco, Serbia with Kosovo, and countries the sources lack), the
status rule on hand-made values, the /sdg table's filters and sort, and the profile's and
brief's "SDG indicators" section in three languages."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from data import sdg

SAMPLE = ("MDA", "MAR", "SRB")


# --- the status rule, on hand-made values ------------------------------------------------------


@pytest.mark.parametrize(
    "value, period, baseline, baseline_period, target, above, expected",
    [
        (None, "2020Q3", None, None, 3.0, 0, "no_data"),
        (float("nan"), "2020", None, None, None, None, "no_data"),
        (12.0, "2023", 10.0, "2015", None, None, "no_target"),
        (2.5, "2020Q3", 4.0, "2015Q1", 3.0, 0, "met"),
        (3.0, "2020Q3", 3.0, "2015Q1", 3.0, 0, "off_track"),  # not below 3 %, and flat
        # below 3 % on average but a corridor above 5 %: not met; falling, so on track
        (2.5, "2020Q3", 2.8, "2015Q1", 3.0, 1, "on_track"),
        (2.5, "2020Q3", None, None, 3.0, 1, "off_track"),  # no line to draw
        # 8 % in 2015Q1 to 6 % in 2020Q1: -0.4 a year, 6 - 0.4 x 10.75 = 1.7 % by the end of 2030
        (6.0, "2020Q1", 8.0, "2015Q1", 3.0, 2, "on_track"),
        # 5 % to 4.9 %: 4.9 - 0.02 x 10.75 = 4.69 % by the end of 2030
        (4.9, "2020Q1", 5.0, "2015Q1", 3.0, 1, "off_track"),
        (4.0, "2020Q1", 3.5, "2015Q1", 3.0, 0, "off_track"),  # rising
        (4.0, "2020Q1", 4.0, "2020Q1", 3.0, 0, "off_track"),  # the baseline is the latest value
    ],
)
def test_status_rule(value, period, baseline, baseline_period, target, above, expected):
    assert sdg.status(value, period, baseline, baseline_period, target, above) == expected


def test_time_axis():
    assert sdg.time_of("2020Q3") == 2020.5 and sdg.time_of("2015Q1") == 2015.0 and sdg.time_of(2019) == 2019.0
    assert sdg.time_of("2030Q4") == sdg.TARGET_TIME


# --- the built table, against the publishers' files --------------------------------------------


def _rpw(raw) -> pd.DataFrame:
    frame = pd.read_csv(raw("rpw_corridors"), na_values="..")
    frame.columns = [re.sub(r"\s+", " ", column).strip() for column in frame.columns]
    frame = frame[frame["Series Code"].notna()]
    quarters = [column for column in frame.columns if re.match(r"^\d{4}Q\d", column)]
    long = frame.melt(
        id_vars=["Sending Countries Code", "Receiving Countries Code"], value_vars=quarters, value_name="cost"
    ).dropna(subset=["cost"])
    long["period"] = long["variable"].str[:6]
    return long.rename(columns={"Sending Countries Code": "sender", "Receiving Countries Code": "receiver"})


def _wpp_population(raw, country: str) -> pd.Series:
    gdi = pd.read_csv(raw("gdi_wdi"))
    parts = ("SRB", "XKX") if country == "SRB" else (country,)  # UN DESA and UNHCR count Kosovo in Serbia
    pop = gdi[(gdi["var"] == "pop") & gdi["geo"].isin(parts)].groupby("t")["v"].agg(["sum", "count"])
    return pop.loc[pop["count"] == len(parts), "sum"]


def _row(built, country: str, indicator: str):
    table = built("sdg_indicators")
    rows = table[(table["country"] == country) & (table["indicator"] == indicator)]
    return None if rows.empty else rows.iloc[0]


def _baseline(series: pd.Series) -> tuple[int, float]:
    since = series[series.index >= 2015].sort_index()
    return int(since.index[0]), float(since.iloc[0])


@pytest.mark.parametrize("country", SAMPLE)
def test_10c1_is_the_mean_of_the_country_corridors_in_its_latest_quarter(built, raw, country):
    costs = _rpw(raw)
    mine = costs[
        ((costs["sender"] == country) | (costs["receiver"] == country)) & (costs["sender"] != costs["receiver"])
    ]
    latest = mine["period"].max()
    shown = mine[mine["period"] == latest]["cost"]
    first = mine[mine["period"] >= "2015Q1"]["period"].min()
    row = _row(built, country, "10.c.1")
    assert row["period"] == latest
    assert row["value"] == pytest.approx(shown.mean())
    assert row["corridors"] == len(shown) and row["corridors_above_5"] == int((shown > 5).sum())
    assert row["baseline_period"] == first
    assert row["baseline_value"] == pytest.approx(mine[mine["period"] == first]["cost"].mean())
    assert row["target"] == 3.0
    assert row["status"] == sdg.status(shown.mean(), latest, row["baseline_value"], first, 3.0, (shown > 5).sum())


@pytest.mark.parametrize("country", SAMPLE)
def test_10_7_4_is_refugees_per_100000_of_population_and_refugees(built, raw, country):
    unhcr = pd.read_csv(raw("unhcr"))
    refugees = unhcr[(unhcr["group"] == "refugee") & (unhcr["from"] == country)].groupby("t")["n"].sum()
    population = _wpp_population(raw, country)
    both = pd.concat([refugees.rename("r"), population.rename("p")], axis=1, join="inner").dropna()
    per_100k = both["r"] / (both["p"] + both["r"]) * 100_000
    row = _row(built, country, "10.7.4")
    assert row["period"] == str(per_100k.index.max()) == "2023"  # WPP 2024 population runs to 2023
    assert row["value"] == pytest.approx(per_100k.iloc[-1])
    year, value = _baseline(per_100k)
    assert (row["baseline_period"], row["baseline_value"]) == (str(year), pytest.approx(value))
    assert row["change"] == pytest.approx(per_100k.iloc[-1] - value)
    assert math.isnan(row["target"]) and row["status"] == "no_target"


@pytest.mark.parametrize("country", SAMPLE)
def test_17_3_2_is_remittances_over_gdp(built, raw, country):
    def wide(key, skiprows):
        frame = pd.read_csv(raw(key), skiprows=skiprows, encoding_errors="replace")
        row = frame[frame["Country Code"] == country].iloc[0]
        return pd.Series({int(c): row[c] for c in frame.columns if re.fullmatch(r"\d{4}", str(c))}, dtype=float)

    share = (wide("wdi_remittances_received", 4) / wide("wdi_gdp", 0) * 100).dropna()
    row = _row(built, country, "17.3.2")
    assert row["period"] == str(share.index.max())
    assert row["value"] == pytest.approx(share.iloc[-1])
    year, value = _baseline(share)
    assert (row["baseline_period"], row["baseline_value"]) == (str(year), pytest.approx(value))
    assert row["status"] == "no_target"


@pytest.mark.parametrize("country", SAMPLE)
def test_context_shares_are_ims_2024_over_wpp_population(built, raw, country):
    ims = pd.read_csv(raw("ims2024_bilateral"))
    population = _wpp_population(raw, country)
    immigrants = ims[ims["geo"] == country].groupby("t")["n"].sum()
    emigrants = ims[ims["from"] == country].groupby("t")["n"].sum()
    for indicator, migrants in (("immigrants", immigrants), ("emigrants", emigrants)):
        share = (migrants / population * 100).dropna()
        row = _row(built, country, indicator)
        assert row["period"] == str(share.index.max()) == "2020"  # no WPP population for 2024
        assert row["value"] == pytest.approx(share.iloc[-1])
        assert (row["baseline_period"], row["baseline_value"]) == ("2015", pytest.approx(share[2015]))


def test_countries_the_sources_lack_have_no_row_never_a_zero(built, raw):
    costs = _rpw(raw)
    surveyed = set(costs["sender"]) | set(costs["receiver"])
    assert "ASM" not in surveyed  # American Samoa: no corridor surveyed
    assert _row(built, "ASM", "10.c.1") is None
    unhcr = pd.read_csv(raw("unhcr"))
    assert "TKL" not in set(unhcr.loc[unhcr["group"] == "refugee", "from"])  # Tokelau: no refugees reported
    assert _row(built, "TKL", "10.7.4") is None


# --- the page's table and the profile section (any sources) --------------------------------------


def _state(**changes):
    from charts.sdg import SDG
    from components.url_state import from_values

    return from_values(list(SDG), changes)


def test_the_table_filters_and_sorts_with_missing_values_last(app):
    from charts.sdg import shown_rows, wide_table

    with app.server.test_request_context():
        every = wide_table("en")
        europe = shown_rows(_state(region="M908", sort="cost", order="desc"), "en")
        ascending = shown_rows(_state(region="M908", sort="cost", order="asc"), "en")
    assert set(europe["country"]) == set(every.loc[every["region_code"] == "M908", "country"])
    known = europe["cost"].dropna()
    assert list(known) == sorted(known, reverse=True)
    assert europe["cost"].isna().sum() == ascending["cost"].isna().sum()
    assert europe["cost"].iloc[len(known) :].isna().all()  # missing last, whatever the order
    assert list(ascending["cost"].dropna()) == sorted(known)


@pytest.mark.parametrize(
    "lang, heading, name",
    [
        ("en", "SDG indicators", "Remittance costs as a proportion of the amount remitted"),
        ("fr", "Indicateurs des ODD", "Coût des envois de fonds en proportion du montant rapatrié"),
        ("es", "Indicadores de los ODS", "Costo de las remesas en proporción a las sumas remitidas"),
    ],
)
def test_profile_and_brief_have_the_sdg_section(app, lang, heading, name):
    from pages import brief, country

    with app.server.test_request_context():
        pages = (country.profile("MDA", lang, ""), brief.layout(iso3="MDA", lang=lang))
    # the brief leaves out the context rows: its key figures give those shares
    for page, expected in zip(
        pages, (["10.c.1", "10.7.4", "17.3.2", "immigrants", "emigrants"], ["10.c.1", "10.7.4", "17.3.2"])
    ):
        assert heading in str(page) and name in str(page)
        rows = [getattr(part, "data-indicator", None) for part in page._traverse()]
        assert [code for code in rows if code] == expected
