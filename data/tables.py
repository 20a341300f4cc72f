"""From checked source frames to the tables the dashboard serves: pre-aggregated once, at
build time, in exactly the shapes the views and the API need.

Derivation rules (also stated in each dataset's metadata):
- Both sexes in IMS 2024 = female + male (the file has no both-sexes rows).
- Immigrants of a country = sum over origins (unknown origin included); emigrants = sum over
  destinations of people from it (UN DESA: by country of birth, or of citizenship where birth is
  unknown). This reproduces UN DESA's published totals.
- Immigrants as % of population (IMS 2024): immigrants / UN WPP 2024 population (the
  denominator UN DESA uses), both sexes only; computed by us, flagged. The denominator covers
  what the numerator covers: Serbia's population includes Kosovo (UN DESA counts Kosovo in
  Serbia), the Channel Islands' is Guernsey + Jersey (data.countries.POPULATION_PARTS).
  IMS 2020's own published shares are kept as edition 2020.
- Type of data: every UN DESA flag of a destination-year, in UN DESA's order ("C B R").
- Years for which IMS 2024 repeats one figure from 1990 on (South Sudan, Montenegro, Curaçao,
  Sint Maarten, before they were states of their own) are kept as published and flagged
  `repeated`.
- Aggregates (world, UN M49 regions and sub-regions, World Bank income groups, programme
  countries): edition 2024, sums over member countries with their coverage, withheld below
  two thirds of the members (aggregate()); ratios over the members that have both numerator
  and denominator. Edition 2020: UN DESA's own published rows. Income groups are the World
  Bank's classification of 1 July 2025, applied to every year of edition 2024; economies
  without a group are "Not classified" (WB_NC), so the groups add up to the world.
- Remittances as % of GDP: inflow / GDP x 100 of the same row, for every country and year
  (WDI inflow of 2025-07-01, WDI GDP of the release after it); aggregates divide the sums of
  the same two columns over the same members (a GDP-weighted average), withheld on the
  members rule and on the World Bank's rule for weighted averages (data.methods
  "remittance-aggregates").
- Kosovo, in no UN M49 region, is placed in Europe and Southern Europe (PLACED_IN_M49):
  counted there by data that report it apart from Serbia (remittances), absent from data
  that count it within Serbia (IMS stocks, which have no XKX rows).
- Remittance corridors (what the savings calculator reads, data.methods "remittance-savings"):
  each corridor sending money to a country, from the latest KNOMAD matrix that estimates
  remittances to it (a positive estimate), with the corridor's latest surveyed cost in
  Remittance Prices Worldwide, missing where it was never surveyed (never zero).
- Edition revisions (data.methods "edition-revisions"): each series that two editions of one
  source give (IMS 2020 and 2024: immigrants and emigrants, both sexes, each edition's by the
  rules above from its own bilateral table; WDI releases of 2023-05-10 and 2025-07-01:
  remittances received, each release's economies), for the years both editions cover:
  per country and year, the earlier value, the later value, revision = later - earlier and
  revision % = revision / earlier x 100. A value one edition lacks (a country it leaves out,
  such as Taiwan in IMS 2020) stays missing, with its status, never 0. Aggregates (world, M49
  regions and sub-regions, income groups, programme countries) sum, in each edition, the same
  members: those with a value in both ("the N countries present in both"), withheld below two
  thirds of the members (aggregate()), so a revision is never a change of coverage.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data import sdg
from data.countries import (
    FORMER_STATES,
    INCOME_GROUPS,
    M49_NAMES,
    NOT_CLASSIFIED,
    PLACED_IN_M49,
    POPULATION_PARTS,
    PROGRAMME_COUNTRIES,
    SPECIAL_ORIGINS,
    country_name,
)
from data.un_names import UN_NAMES
from data.validate import SourceError
from i18n import LANGUAGES, N_

SEXES = ("total", "female", "male")
IMS2024_EDITION = "2024"
IMS2020_EDITION = "2020"
WPP_PROJECTION_FROM = 2024  # WPP 2024 estimates run to 2023


def countries(geography: pd.DataFrame, wb_meta: pd.DataFrame, codes: set[str]) -> pd.DataFrame:
    """One row per country or area any dataset reports (never an aggregate)."""
    unknown_m49 = sorted((set(geography["m49_region_code"]) | set(geography["m49_subregion_code"])) - M49_NAMES.keys())
    if unknown_m49:
        raise SourceError("IMS 2020 destination", f"M49 areas without a declared name: {unknown_m49}")
    codes = sorted(code for code in codes if code not in SPECIAL_ORIGINS)
    frame = pd.DataFrame({"iso3": codes})
    frame = frame.merge(geography[["iso3", "m49_code", "m49_region_code", "m49_subregion_code"]], on="iso3", how="left")
    frame = frame.merge(wb_meta, on="iso3", how="left")
    frame["m49_region"] = frame["m49_region_code"].map(M49_NAMES)
    frame["m49_subregion"] = frame["m49_subregion_code"].map(M49_NAMES)
    for lang in LANGUAGES:
        frame[f"name_{lang}"] = [country_name(code, lang) for code in frame["iso3"]]
    frame["programme"] = frame["iso3"].isin(PROGRAMME_COUNTRIES)
    frame["former"] = frame["iso3"].isin(FORMER_STATES)
    unnamed = sorted(set(frame["iso3"]) - UN_NAMES.keys())
    if unnamed:
        raise SourceError("country codes", f"codes with no name in data/un_names.py: {unnamed}")
    for column in ("m49_code", "m49_region_code", "m49_subregion_code"):
        frame[column] = frame[column].astype("Int32")
    return frame


# The grouping behind each kind of area, as the areas and aggregate tables state it. The World
# Bank's country metadata we read (WDI release of 2025-07-01) carries the income classification
# of 1 July 2025: it leaves Ethiopia and Venezuela without a group.
CLASSIFICATIONS = {
    "world": "All countries and areas",
    "m49_region": "UN M49 regions, as UN DESA groups countries in International Migrant Stock 2020",
    "m49_subregion": "UN M49 sub-regions, as UN DESA groups countries in International Migrant Stock 2020",
    "wb_income_group": "World Bank income classification of 1 July 2025 (fiscal year 2026, from 2024 GNI "
    "per capita), applied to every year",
    "programme": "Countries of the IOM-UNDP programme",
}
IMS2020_INCOME_CLASSIFICATION = (
    "UN DESA's own income groups of International Migrant Stock 2020 (the World "
    "Bank classification UN DESA used), as published"
)


def income_code(group: str) -> str:
    """WB_HI, WB_UMI, ..., WB_NC (not classified): the area code of an income group."""
    return "WB_" + "".join(word[0] for word in group.split()).upper()


NOT_CLASSIFIED_CODE = income_code(NOT_CLASSIFIED)


def areas(country_table: pd.DataFrame) -> pd.DataFrame:
    """Aggregate areas and their member countries: code, kind, name (msgid), members,
    classification. Every country belongs to one income group, "not classified" included, so
    the groups add up to the world."""
    rows = [{"code": "WLD", "kind": "world", "name": N_("World"), "members": sorted(country_table["iso3"])}]
    placed = [
        (iso3, code) for iso3, codes in PLACED_IN_M49.items() if iso3 in set(country_table["iso3"]) for code in codes
    ]
    for column, kind in (("m49_region_code", "m49_region"), ("m49_subregion_code", "m49_subregion")):
        for code, members in country_table.dropna(subset=[column]).groupby(column)["iso3"]:
            if kind == "m49_subregion" and code == 905:  # Northern America is region and sub-region
                continue
            members = [*members, *(iso3 for iso3, placed_in in placed if placed_in == code)]
            rows.append(
                {"code": f"M{int(code)}", "kind": kind, "name": M49_NAMES[int(code)], "members": sorted(members)}
            )
    income = country_table["wb_income_group"].fillna(NOT_CLASSIFIED)
    for group in (*INCOME_GROUPS, NOT_CLASSIFIED):
        members = country_table.loc[income == group, "iso3"]
        rows.append({"code": income_code(group), "kind": "wb_income_group", "name": group, "members": sorted(members)})
    rows.append(
        {"code": "PRG", "kind": "programme", "name": N_("Programme countries"), "members": sorted(PROGRAMME_COUNTRIES)}
    )
    frame = pd.DataFrame(rows)
    frame["member_count"] = frame["members"].map(len)
    frame["classification"] = frame["kind"].map(CLASSIFICATIONS)
    return frame


def with_both_sexes(stocks: pd.DataFrame) -> pd.DataFrame:
    """Add sex == "total" rows as female + male; every pair has both in IMS 2024."""
    keys = ["destination", "origin", "year"]
    wide = stocks.pivot_table(index=keys, columns="sex", values="migrants", aggfunc="sum")
    if wide[["female", "male"]].isna().any().any():
        raise SourceError("IMS 2024", "a destination-origin-year has only one sex")
    total = wide["female"].add(wide["male"]).rename("migrants").reset_index().assign(sex="total")
    frame = pd.concat([stocks, total[stocks.columns]], ignore_index=True)
    frame["sex"] = pd.Categorical(frame["sex"], categories=SEXES)
    return frame.sort_values(["destination", "origin", "year", "sex"]).reset_index(drop=True)


def population_as_ims(population: pd.DataFrame) -> pd.DataFrame:
    """UN WPP population (country, year, value) for the areas IMS reports: an area IMS counts as
    one gets the sum of its WPP parts (data.countries.POPULATION_PARTS: Serbia with Kosovo, the
    Channel Islands as Guernsey + Jersey), for the years every part has a value."""
    frame = population[["country", "year", "value"]]
    part_of = {part: area for area, parts in POPULATION_PARTS.items() for part in parts}
    sums = (
        frame[frame["country"].isin(part_of)]
        .assign(country=lambda f: f["country"].map(part_of))
        .groupby(["country", "year"])["value"]
        .agg(["sum", "count"])
        .reset_index()
    )
    complete = sums["count"] == sums["country"].map(lambda area: len(POPULATION_PARTS[area]))
    summed = sums[complete].rename(columns={"sum": "value"})[["country", "year", "value"]]
    return pd.concat([frame[~frame["country"].isin(POPULATION_PARTS)], summed], ignore_index=True)


# UN DESA's type-of-data codes, in the order UN DESA writes them ("C B R", "I R").
DATA_TYPE_FLAGS = (("type_c", "C"), ("type_b", "B"), ("type_i", "I"), ("type_r", "R"))


def data_type_labels(data_types: pd.DataFrame) -> pd.Series:
    """Every flag a destination-year has, as UN DESA writes them: "C B R", "B R", "I"..."""
    flags = [np.where(data_types[column] == 1, code, "") for column, code in DATA_TYPE_FLAGS]
    return pd.Series(
        [" ".join(code for code in codes if code) or pd.NA for codes in zip(*flags)],
        index=data_types.index,
        dtype="string",
    )


def repeated_years(immigrants: pd.DataFrame) -> set[tuple[str, int]]:
    """(country, year) where the source repeats one figure from the first year on (two years
    or more): the years before the country existed as a state of its own, such as South Sudan
    1990-2005 in IMS 2024. They are not estimates of their own, and are noted where shown."""
    wide = immigrants.pivot_table(index="country", columns="year", values="immigrants")
    found = set()
    for country, values in wide.iterrows():
        run = 1
        while run < len(values) and values.iloc[run] == values.iloc[0]:
            run += 1
        if run >= 2:
            found |= {(country, int(year)) for year in wide.columns[:run]}
    return found


def stocks_country(
    bilateral: pd.DataFrame, data_types: pd.DataFrame, population: pd.DataFrame, ims2020: pd.DataFrame
) -> pd.DataFrame:
    """Country totals: IMS 2024 derived from the bilateral table, IMS 2020 as published."""
    immigrants = (
        bilateral.groupby(["destination", "year", "sex"], observed=True)["migrants"]
        .sum()
        .rename("immigrants")
        .rename_axis(["country", "year", "sex"])
    )
    emigrants = (
        bilateral[~bilateral["origin"].isin(SPECIAL_ORIGINS)]
        .groupby(["origin", "year", "sex"], observed=True)["migrants"]
        .sum()
        .rename("emigrants")
        .rename_axis(["country", "year", "sex"])
    )
    derived = pd.concat([immigrants, emigrants], axis=1).reset_index()
    derived["sex"] = derived["sex"].astype(str)
    totals = derived[derived["sex"] == "total"].set_index(["country", "year"])["immigrants"]
    female = derived[derived["sex"] == "female"].set_index(["country", "year"])["immigrants"]
    derived = derived.merge(
        (female / totals * 100).rename("female_pct_immigrants").reset_index().assign(sex="total"),
        on=["country", "year", "sex"],
        how="left",
    )
    pop = population_as_ims(population).rename(columns={"value": "population"})
    derived = derived.merge(pop.assign(sex="total"), on=["country", "year", "sex"], how="left")
    derived["immigrants_pct_population"] = derived["immigrants"] / derived["population"] * 100
    derived["pct_computed"] = True
    flags = data_types.assign(data_type=data_type_labels(data_types))[["country", "year", "data_type"]]
    derived = derived.merge(flags, on=["country", "year"], how="left")
    repeated = repeated_years(derived[derived["sex"] == "total"])
    derived["repeated"] = [(country, year) in repeated for country, year in zip(derived["country"], derived["year"])]
    derived["edition"] = IMS2024_EDITION

    published = ims2020.assign(emigrants=np.nan, pct_computed=False, repeated=False, edition=IMS2020_EDITION)
    frame = pd.concat([derived, published[derived.columns]], ignore_index=True)
    frame["year"] = frame["year"].astype("int16")
    return frame.sort_values(["edition", "country", "year", "sex"]).reset_index(drop=True)


# The World Bank's rule for its own group sums: "Sums are not computed if more than a third of
# the observations in the series or a proxy for the series are missing in a given year" (WDI,
# Statistical methods). We apply it to every aggregate we compute.
COVERAGE_SHARE = 2 / 3


def aggregate(
    frame: pd.DataFrame,
    area_table: pd.DataFrame,
    keys: list[str],
    sums: list[str],
    ratios: dict[str, tuple[str, str, float]],
    *,
    ratio_weights: bool = False,
) -> pd.DataFrame:
    """Sum `sums` over each area's members by `keys`, with the coverage of each sum.

    `members`: the area's members that the dataset covers (that have a row in any year);
    `countries`: those with a value of `sums[0]` for these keys (`<sum>_countries` for the
    other sums); `coverage_pct`: countries / members x 100. A sum with values for fewer than
    COVERAGE_SHARE of the members is withheld (missing), never shown as a fall.

    Each ratio is numerator / denominator x factor over the members that have both (the same
    members above and below the line), counted in `<ratio>_countries`; the members without
    both are listed in `<ratio>_left_out`, and `<ratio>_weight_pct` is their share of the
    denominator (the weight) of the members that report one. A ratio is withheld on the
    members rule above; with `ratio_weights`, also on the World Bank's rule for weighted
    averages: when its members hold less than COVERAGE_SHARE of the area's total weight, that
    total being itself a sum, known only when COVERAGE_SHARE of the members report a
    denominator. (The weights rule alone would show World remittances 2024 at 0.72 % of GDP
    against 0.78 % in 2023, from 104 economies holding 94 % of world GDP: the same 104 went
    from 0.69 % to 0.72 %, so the fall is only who reports.)
    """
    parts = []
    covered = set(frame["country"])
    for area in area_table.itertuples():
        in_dataset = [code for code in area.members if code in covered]
        members = frame[frame["country"].isin(in_dataset)]
        if members.empty:
            continue
        enough = COVERAGE_SHARE * len(in_dataset)
        grouped = members.groupby(keys, observed=True)
        result = grouped[sums].sum(min_count=1)
        counts = grouped[sums].count()
        result["countries"] = counts[sums[0]]
        result["members"] = len(in_dataset)
        for column in sums:  # each sum on its own coverage
            result.loc[counts[column] < enough, column] = np.nan
            if column != sums[0]:
                result[f"{column}_countries"] = counts[column]
        for name, (numerator, denominator, factor) in ratios.items():
            both = members.dropna(subset=[numerator, denominator])
            by = both.groupby(keys, observed=True)
            ratio = (by[numerator].sum() / by[denominator].sum() * factor).reindex(result.index)
            counted = by[numerator].count().reindex(result.index).fillna(0).astype(int)
            weights = grouped[denominator]
            weight_pct = (
                by[denominator].sum().reindex(result.index) / weights.sum().where(weights.count() >= enough) * 100
            )
            shown = counted >= enough
            if ratio_weights:
                shown &= weight_pct >= COVERAGE_SHARE * 100
            result[name] = ratio.where(shown)
            result[f"{name}_countries"] = counted
            result[f"{name}_weight_pct"] = weight_pct
            in_ratio = by["country"].agg(frozenset).reindex(result.index)
            result[f"{name}_left_out"] = [
                " ".join(sorted(set(in_dataset) - (codes if isinstance(codes, frozenset) else set()))) or None
                for codes in in_ratio
            ]
        result["coverage_pct"] = result["countries"] / len(in_dataset) * 100
        parts.append(result.reset_index().assign(area=area.code, kind=area.kind))
    return pd.concat(parts, ignore_index=True)


STOCKS_AGGREGATE_COLUMNS = [
    "area",
    "kind",
    "edition",
    "year",
    "sex",
    "immigrants",
    "emigrants",
    "population",
    "immigrants_pct_population",
    "countries",
    "members",
    "coverage_pct",
    "emigrants_countries",
    "population_countries",
    "immigrants_pct_population_countries",
    "published",
    "classification",
]
# UN DESA's income-group rows in IMS 2020 (location codes of its destination tables).
IMS2020_INCOME_ROWS = {
    1503: "High income",
    1502: "Upper middle income",
    1501: "Lower middle income",
    1500: "Low income",
}


def stocks_aggregates(
    stocks: pd.DataFrame, area_table: pd.DataFrame, ims2020_aggregates: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Edition 2024: sums over the members (aggregate()): UN DESA's own rows for it are in a file
    we could not obtain (UN DESA's 2024 destination tables are not among the source files).
    Edition 2020: UN DESA's own rows for the world, regions, sub-regions and income groups
    (ims2020_published_aggregates)."""
    current = stocks[stocks["edition"] == IMS2024_EDITION]
    frame = aggregate(
        current,
        area_table,
        ["year", "sex"],
        ["immigrants", "emigrants", "population"],
        {"immigrants_pct_population": ("immigrants", "population", 100.0)},
    )
    frame.loc[frame["sex"] != "total", ["population", "immigrants_pct_population"]] = np.nan
    frame = frame.assign(edition=IMS2024_EDITION, published=False, classification=frame["kind"].map(CLASSIFICATIONS))
    if ims2020_aggregates is not None:
        frame = pd.concat(
            [frame, ims2020_published_aggregates(stocks, area_table, ims2020_aggregates)], ignore_index=True
        )
    for column in (
        "countries",
        "members",
        "emigrants_countries",
        "population_countries",
        "immigrants_pct_population_countries",
    ):
        frame[column] = frame[column].astype("Int32")
    return frame[STOCKS_AGGREGATE_COLUMNS]


def ims2020_published_aggregates(
    stocks: pd.DataFrame, area_table: pd.DataFrame, published: pd.DataFrame
) -> pd.DataFrame:
    """UN DESA's aggregate rows of IMS 2020 under our area codes, as published.

    Their coverage: for the world and the M49 areas, UN DESA's members (our M49 membership is
    read from the same file) and those with a published figure; UN DESA does not list the
    members of its income groups, so theirs is unknown (empty). "Not classified" is the world
    less UN DESA's four income groups: the migrants of the areas UN DESA put in none.
    """
    kinds = dict(zip(area_table["code"], area_table["kind"]))
    codes = {
        900: "WLD",
        **{int(code[1:]): code for code in area_table["code"] if code[1:].isdigit()},
        **{location: income_code(group) for location, group in IMS2020_INCOME_ROWS.items()},
    }
    rows = published[published["location_code"].isin(codes)].assign(area=lambda f: f["location_code"].map(codes))
    rows = rows.drop(columns=["location_code", "label"])
    keys = ["year", "sex"]
    income = rows[rows["area"].isin([income_code(group) for group in IMS2020_INCOME_ROWS.values()])]
    world = rows[rows["area"] == "WLD"].set_index(keys)[["immigrants", "population"]]
    rest = world - income.groupby(keys)[["immigrants", "population"]].sum()
    rest["immigrants_pct_population"] = rest["immigrants"] / rest["population"] * 100
    rows = pd.concat([rows, rest.reset_index().assign(area=NOT_CLASSIFIED_CODE)], ignore_index=True)
    rows["kind"] = rows["area"].map(kinds)
    rows["published"] = rows["area"] != NOT_CLASSIFIED_CODE
    rows["classification"] = np.where(
        rows["kind"] == "wb_income_group", IMS2020_INCOME_CLASSIFICATION, rows["kind"].map(CLASSIFICATIONS)
    )
    rows.loc[rows["sex"] != "total", ["population", "immigrants_pct_population"]] = np.nan

    edition_2020 = stocks[stocks["edition"] == IMS2020_EDITION]
    geographic = area_table[area_table["kind"].isin(["world", "m49_region", "m49_subregion"])]
    coverage = aggregate(edition_2020, geographic, keys, ["immigrants", "population"], {})
    coverage = coverage[["area", *keys, "countries", "members", "coverage_pct", "population_countries"]]
    rows = rows.merge(coverage, on=["area", *keys], how="left")
    return rows.assign(edition=IMS2020_EDITION, emigrants=np.nan)


def flows_country(flows: pd.DataFrame) -> pd.DataFrame:
    """Per country, period and sex: estimated inflow, outflow and their difference."""
    inflow = flows.groupby(["destination", "period", "sex"])["flow"].sum().rename("inflow")
    outflow = flows.groupby(["origin", "period", "sex"])["flow"].sum().rename("outflow")
    inflow.index.names = outflow.index.names = ["country", "period", "sex"]
    frame = pd.concat([inflow, outflow], axis=1).fillna(0.0).reset_index()
    frame["net"] = frame["inflow"] - frame["outflow"]
    frame["modelled"] = True
    return frame


def net_migration(wpp: pd.DataFrame) -> pd.DataFrame:
    return wpp.assign(projected=wpp["year"] >= WPP_PROJECTION_FROM)


def remittances_country(inflow: pd.DataFrame, outflow: pd.DataFrame, gdp: pd.DataFrame) -> pd.DataFrame:
    """Remittances by country; % of GDP = inflow_usd / gdp_usd x 100 of the same row, always.

    The World Bank defines BX.TRF.PWKR.DT.GD.ZS this way. Its published % (release 2023-05)
    is not used: it divides an older inflow by an older GDP, so beside our inflow it gave
    figures such as Senegal 2019 = 0.59 % (inflow / GDP: 10.8 %) and zeros beside positive
    inflows. No release we have pairs the 2025-07-01 inflow with its own GDP, so every share
    divides it by the one GDP release we read (data.methods "remittances-pct-gdp").
    """
    frame = inflow.merge(outflow, on=["country", "year"], how="outer").merge(gdp, on=["country", "year"], how="outer")
    frame["inflow_pct_gdp"] = frame["inflow_usd"] / frame["gdp_usd"].where(frame["gdp_usd"] > 0) * 100
    frame = frame[frame[["inflow_usd", "outflow_usd"]].notna().any(axis=1)]
    frame["year"] = frame["year"].astype("int16")
    return frame.sort_values(["country", "year"]).reset_index(drop=True)


def remittances_aggregates(remittances: pd.DataFrame, gdp: pd.DataFrame, area_table: pd.DataFrame) -> pd.DataFrame:
    """Sums of remittances and their share of GDP by area; the share is the World Bank's
    weighted average (weights: GDP), withheld by its rule for weighted averages, which needs
    the GDP of every member, also in years it reports no remittances."""
    weights = gdp[gdp["country"].isin(remittances["country"]) & gdp["year"].isin(remittances["year"])]
    frame = remittances.drop(columns="gdp_usd").merge(weights, on=["country", "year"], how="outer")
    frame = aggregate(
        frame,
        area_table,
        ["year"],
        ["inflow_usd", "outflow_usd"],
        {"inflow_pct_gdp": ("inflow_usd", "gdp_usd", 100.0)},
        ratio_weights=True,
    )
    return frame[
        [
            "area",
            "kind",
            "year",
            "inflow_usd",
            "outflow_usd",
            "inflow_pct_gdp",
            "countries",
            "members",
            "coverage_pct",
            "outflow_usd_countries",
            "inflow_pct_gdp_countries",
            "inflow_pct_gdp_weight_pct",
            "inflow_pct_gdp_left_out",
        ]
    ]


def latest_surveys(costs: pd.DataFrame, keys=("sender", "receiver")) -> pd.DataFrame:
    """Each corridor (`keys`) at its latest surveyed quarter (data.methods "corridor-latest")."""
    return costs.sort_values("period", kind="stable").groupby(list(keys), as_index=False).tail(1)


def corridors_by_latest_survey(
    frame: pd.DataFrame, partner: str, latest_quarter: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One country's corridors (by `partner`) at their latest survey: (those surveyed in
    `latest_quarter`, the latest survey of all, and the ones last surveyed before)."""
    latest = latest_surveys(frame, (partner,))
    current = latest["period"] == latest_quarter
    return latest[current], latest[~current]


def remittance_corridors(matrices: pd.DataFrame, costs: pd.DataFrame) -> pd.DataFrame:
    """receiver, sender, year, usd, modelled, period, cost_pct: every corridor with a positive
    KNOMAD estimate in the latest matrix that has one for its receiver, with its latest
    surveyed cost (period and cost missing where Remittance Prices Worldwide never surveyed
    it: an unknown cost, not a zero)."""
    positive = matrices[(matrices["usd"] > 0) & (matrices["sender"] != matrices["receiver"])]
    latest_year = positive.groupby("receiver")["year"].transform("max")
    volumes = positive[positive["year"] == latest_year][["receiver", "sender", "year", "usd"]]
    surveyed = latest_surveys(costs)[["receiver", "sender", "period", "cost_pct"]]
    frame = volumes.merge(surveyed, on=["receiver", "sender"], how="left", validate="one_to_one")
    return frame.assign(modelled=True)[["receiver", "sender", "year", "usd", "modelled", "period", "cost_pct"]]


SDG_COLUMNS = [
    "country",
    "indicator",
    "value",
    "period",
    "baseline_value",
    "baseline_period",
    "change",
    "target",
    "corridors",
    "corridors_above_5",
    "status",
]


def _sdg_rows(series: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """From one indicator's values (country, period, value, and for 10.c.1 corridors and
    corridors_above_5) to one row per country: the latest value and its period, the baseline
    (the value of BASELINE_YEAR or the first period after it with one), the change between
    them (when the baseline is earlier than the latest), the target and the status."""
    series = series.dropna(subset=["value"]).copy()
    series["period"] = series["period"].astype(str)
    series["time"] = series["period"].map(sdg.time_of)
    series = series.sort_values(["country", "time"])
    latest = series.groupby("country").tail(1).set_index("country")
    since = series[series["time"] >= sdg.BASELINE_YEAR].groupby("country").head(1).set_index("country")
    frame = latest.reindex(columns=["value", "period", "corridors", "corridors_above_5"]).copy()
    frame["baseline_value"] = since["value"].reindex(frame.index)
    frame["baseline_period"] = since["period"].reindex(frame.index)
    earlier = since["time"].reindex(frame.index) < latest["time"]
    frame.loc[~earlier, ["baseline_value", "baseline_period"]] = np.nan
    frame["change"] = frame["value"] - frame["baseline_value"]
    target = sdg.INDICATORS_BY_CODE[indicator].target
    frame["target"] = np.nan if target is None else target
    frame["status"] = [
        sdg.status(
            row.value,
            row.period,
            row.baseline_value,
            row.baseline_period if isinstance(row.baseline_period, str) else None,
            None if target is None else target,
            None if pd.isna(row.corridors_above_5) else int(row.corridors_above_5),
        )
        for row in frame.itertuples()
    ]
    return frame.reset_index().assign(indicator=indicator)


def sdg_indicators(
    costs: pd.DataFrame,
    refugees: pd.DataFrame,
    population: pd.DataFrame,
    remittances: pd.DataFrame,
    stocks: pd.DataFrame,
    codes,
) -> pd.DataFrame:
    """Each country's migration-related SDG indicators (data.sdg; rules in data.methods):

    - 10.c.1: per quarter, the simple mean of the costs of the country's corridors surveyed
      that quarter, to it and from it (each corridor once, as RPW averages corridors), and how
      many of them cost more than 5 %; the latest quarter is the country's latest survey.
    - 10.7.4: refugees of the country's origin (UNHCR group "refugee", every country of
      asylum) / (its UN WPP 2024 population + those refugees) x 100,000, UNHCR's SDG formula;
      years with both (WPP population runs to 2023).
    - 17.3.2: remittances received as % of GDP (remittances_country).
    - Context: immigrants and emigrants as % of the population, IMS 2024 only (both sexes).
    A country without a value for an indicator has no row for it: no data, never zero.
    """
    codes = set(codes)
    corridors = pd.concat(
        [
            costs.rename(columns={"receiver": "country", "sender": "partner"}),
            costs.rename(columns={"sender": "country", "receiver": "partner"}),
        ],
        ignore_index=True,
    )
    corridors = corridors[corridors["country"] != corridors["partner"]]
    cost = (
        corridors.groupby(["country", "period"])["cost_pct"]
        .agg(value="mean", corridors="count", corridors_above_5=lambda v: int((v > 5.0).sum()))
        .reset_index()
    )

    refugee_rows = refugees[(refugees["group"] == "refugee") & refugees["origin"].isin(codes)]
    by_origin = refugee_rows.groupby(["origin", "year"])["persons"].sum().rename_axis(["country", "year"])
    pop = population_as_ims(population).set_index(["country", "year"])["value"]
    both = pd.concat([by_origin.rename("refugees"), pop.rename("population")], axis=1, join="inner").dropna()
    both = both[both["population"] > 0]
    per_100k = (both["refugees"] / (both["population"] + both["refugees"]) * 100_000).rename("value").reset_index()

    remittance = remittances.rename(columns={"inflow_pct_gdp": "value"})[["country", "year", "value"]]
    current = stocks[(stocks["edition"] == IMS2024_EDITION) & (stocks["sex"].astype(str) == "total")]
    immigrants = current.rename(columns={"immigrants_pct_population": "value"})[["country", "year", "value"]]
    emigrants = current.assign(
        value=current["emigrants"] / current["population"].where(current["population"] > 0) * 100
    )

    parts = [
        _sdg_rows(cost, "10.c.1"),
        _sdg_rows(per_100k.rename(columns={"year": "period"}), "10.7.4"),
        _sdg_rows(remittance.rename(columns={"year": "period"}), "17.3.2"),
        _sdg_rows(immigrants.rename(columns={"year": "period"}), "immigrants"),
        _sdg_rows(emigrants[["country", "year", "value"]].rename(columns={"year": "period"}), "emigrants"),
    ]
    frame = pd.concat(parts, ignore_index=True)
    frame = frame[frame["country"].isin(codes)]
    for column in ("corridors", "corridors_above_5"):
        frame[column] = frame[column].astype("Int32")
    for column in ("period", "baseline_period"):
        frame[column] = frame[column].astype("string")
    return frame[SDG_COLUMNS].sort_values(["country", "indicator"]).reset_index(drop=True)


# --- edition revisions (data.methods "edition-revisions") ----------------------------------

# Each series two editions give, with the editions compared (earlier, later).
EDITION_PAIRS = {
    "immigrants": (IMS2020_EDITION, IMS2024_EDITION),
    "emigrants": (IMS2020_EDITION, IMS2024_EDITION),
    "remittances_received": ("2023-05-10", "2025-07-01"),
}
REVISION_COLUMNS = [
    "series",
    "code",
    "kind",
    "year",
    "earlier_edition",
    "earlier_value",
    "later_edition",
    "later_value",
    "revision",
    "revision_pct",
    "status",
    "countries",
    "members",
    "coverage_pct",
]


def migrant_totals(bilateral: pd.DataFrame) -> pd.DataFrame:
    """country, year, immigrants, emigrants (both sexes) of one edition's bilateral table (with
    its both-sexes rows), by the rule of stocks_country: unknown origins count as immigrants,
    never as anyone's emigrants."""
    total = bilateral[bilateral["sex"].astype(str) == "total"]
    immigrants = total.groupby(["destination", "year"])["migrants"].sum().rename_axis(["country", "year"])
    emigrants = (
        total[~total["origin"].isin(SPECIAL_ORIGINS)]
        .groupby(["origin", "year"])["migrants"]
        .sum()
        .rename_axis(["country", "year"])
    )
    return pd.concat([immigrants.rename("immigrants"), emigrants.rename("emigrants")], axis=1).reset_index()


def _revision_status(earlier: pd.Series, later: pd.Series) -> np.ndarray:
    return np.select(
        [earlier.isna() & later.isna(), earlier.isna(), later.isna(), earlier == later],
        ["withheld", "not_in_earlier", "not_in_later", "unchanged"],
        "revised",
    )


def edition_revisions(pairs: dict[str, tuple[pd.DataFrame, pd.DataFrame]], area_table: pd.DataFrame) -> pd.DataFrame:
    """One row per series, country or area, and year both editions cover: the two values and
    the revision. `pairs`: series -> (earlier, later) frames of country, year, value."""
    parts = []
    for series, (earlier, later) in pairs.items():
        earlier_edition, later_edition = EDITION_PAIRS[series]
        years = set(earlier["year"]) & set(later["year"])
        frame = earlier.rename(columns={"value": "earlier_value"}).merge(
            later.rename(columns={"value": "later_value"}), on=["country", "year"], how="outer"
        )
        frame = frame[frame["year"].isin(years)].dropna(subset=["earlier_value", "later_value"], how="all")
        paired = frame.assign(
            earlier_value=frame["earlier_value"].where(frame["later_value"].notna()),
            later_value=frame["later_value"].where(frame["earlier_value"].notna()),
        )
        sums = aggregate(paired, area_table, ["year"], ["earlier_value", "later_value"], {})
        sums = sums.rename(columns={"area": "code"})[
            ["code", "kind", "year", "earlier_value", "later_value", "countries", "members", "coverage_pct"]
        ]
        rows = pd.concat([frame.rename(columns={"country": "code"}).assign(kind="country"), sums], ignore_index=True)
        rows = rows.assign(series=series, earlier_edition=earlier_edition, later_edition=later_edition)
        parts.append(rows)
    frame = pd.concat(parts, ignore_index=True)
    frame["revision"] = frame["later_value"] - frame["earlier_value"]
    frame["revision_pct"] = frame["revision"] / frame["earlier_value"].where(frame["earlier_value"] > 0) * 100
    frame["status"] = _revision_status(frame["earlier_value"], frame["later_value"])
    frame["year"] = frame["year"].astype("int16")
    for column in ("countries", "members"):
        frame[column] = frame[column].astype("Int32")
    return frame[REVISION_COLUMNS].sort_values(["series", "code", "year"]).reset_index(drop=True)
