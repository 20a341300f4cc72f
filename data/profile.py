"""The facts of a country profile: each headline figure with its year, source and flags, the
country's main partners, and its rank among its peers. Numbers only, no language: the page,
the narrative and the brief format them.

Every figure is the latest year that has a value; a figure the data lacks is None, never 0,
and whatever is built on it (a sentence, a rank) is left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from data import queries
from data.tables import NOT_CLASSIFIED_CODE


@dataclass
class Figure:
    value: float
    year: int | str
    source: str  # a key of data.sources
    modelled: bool = False
    projected: bool = False
    computed: bool = False


@dataclass
class Rank:
    group: str  # area code (see the areas dataset)
    rank: int  # 1 = highest
    size: int  # members with a value
    measure: str
    members: int = 0  # members of the group that the measure's dataset covers
    years: tuple[int, int] = (0, 0)  # the first and last of the years ranked (each member's latest)


@dataclass
class Revision:
    """How a later edition revised a figure of the earlier one (data.tables.edition_revisions)."""

    year: int
    earlier: float
    later: float
    pct: float | None
    earlier_edition: str
    later_edition: str


@dataclass
class Facts:
    iso3: str
    region: str | None = None  # M49 region area code, e.g. M908
    subregion: str | None = None
    income_group: str | None = None  # e.g. WB_UMI
    programme: bool = False
    immigrants: Figure | None = None
    immigrants_pct: Figure | None = None
    female_pct: Figure | None = None
    emigrants: Figure | None = None
    emigrants_1990: Figure | None = None
    emigrants_pct: Figure | None = None  # of the country's population, computed
    remittances_usd: Figure | None = None
    remittances_pct_gdp: Figure | None = None
    net_migration: Figure | None = None
    net_migration_projected: Figure | None = None
    inflow: Figure | None = None
    outflow: Figure | None = None
    top_destinations: list[tuple[str, float]] = field(default_factory=list)
    top_origins: list[tuple[str, float]] = field(default_factory=list)
    top_senders: list[tuple[str, float]] = field(default_factory=list)
    ranks: list[Rank] = field(default_factory=list)
    savings: queries.Savings | None = None  # at the SDG 10.c target of 3 %
    emigrants_revision: Revision | None = None  # IMS 2024 against IMS 2020, latest year in both


def _latest(frame: pd.DataFrame, column: str) -> pd.Series | None:
    """The row of the latest year with a value in `column`."""
    rows = frame.dropna(subset=[column])
    return None if rows.empty else rows.sort_values("year").iloc[-1]


def _value(row, column: str) -> float | None:
    if row is None:
        return None
    value = row[column]
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def known_country(iso3: str) -> bool:
    return iso3 in queries.column_values("countries", "iso3")


@queries.cached
def country_facts(iso3: str) -> Facts:
    countries = queries.select("countries", {}).set_index("iso3")
    areas = queries.select("areas", {})
    facts = Facts(iso3=iso3, programme=bool(countries.loc[iso3, "programme"]) if iso3 in countries.index else False)
    member_of = {code: set(members.split()) for code, members in zip(areas["code"], areas["members"])}
    for code, kind in zip(areas["code"], areas["kind"]):
        if iso3 in member_of[code]:
            if kind == "m49_region":
                facts.region = code
            elif kind == "m49_subregion":
                facts.subregion = code
            elif kind == "wb_income_group" and code != NOT_CLASSIFIED_CODE:  # no peers to rank among
                facts.income_group = code

    stocks = (
        queries.select("stocks-country", {"country": (iso3,), "sex": ("total",), "edition": ("2024",)})
        if iso3 in queries.column_values("stocks-country", "country")
        else pd.DataFrame(columns=["year", "immigrants"])
    )
    if not stocks.empty:
        latest = _latest(stocks, "immigrants")
        facts.immigrants = _figure(latest, "immigrants", "ims2024_bilateral")
        facts.female_pct = _figure(latest, "female_pct_immigrants", "ims2024_bilateral", computed=True)
        share = _latest(stocks, "immigrants_pct_population")
        facts.immigrants_pct = _figure(share, "immigrants_pct_population", "ims2024_bilateral", computed=True)
        emigrants = _latest(stocks, "emigrants")
        facts.emigrants = _figure(emigrants, "emigrants", "ims2024_bilateral")
        first = stocks.dropna(subset=["emigrants"]).sort_values("year")
        if len(first) > 1:
            facts.emigrants_1990 = _figure(first.iloc[0], "emigrants", "ims2024_bilateral")
        with_population = stocks.dropna(subset=["emigrants", "population"]).sort_values("year")
        if not with_population.empty:
            row = with_population.iloc[-1]
            facts.emigrants_pct = Figure(
                row["emigrants"] / row["population"] * 100, int(row["year"]), "ims2024_bilateral", computed=True
            )
        last_year = int(stocks["year"].max())
        facts.top_destinations = _top(
            queries.select("stocks-bilateral", {"origin": (iso3,), "year": (last_year,), "sex": ("total",)})
            if iso3 in queries.column_values("stocks-bilateral", "origin")
            else None,
            "destination",
            "migrants",
        )
        facts.top_origins = _top(
            queries.select("stocks-bilateral", {"destination": (iso3,), "year": (last_year,), "sex": ("total",)})
            if iso3 in queries.column_values("stocks-bilateral", "destination")
            else None,
            "origin",
            "migrants",
        )

    facts.emigrants_revision = _revision(iso3, "emigrants")

    if iso3 in queries.column_values("remittances-country", "country"):
        remittances = queries.select("remittances-country", {"country": (iso3,)})
        row = _latest(remittances, "inflow_usd")
        facts.remittances_usd = _figure(row, "inflow_usd", "wdi_remittances_received")
        facts.remittances_pct_gdp = _figure(
            _latest(remittances, "inflow_pct_gdp"), "inflow_pct_gdp", "wdi_gdp", computed=True
        )
    if iso3 in queries.column_values("remittances-bilateral", "receiver"):
        senders = queries.select("remittances-bilateral", {"receiver": (iso3,), "year": (2021,)})
        facts.top_senders = _top(senders[senders["sender"] != iso3], "sender", "usd")
    facts.savings = queries.remittance_savings(iso3)

    if iso3 in queries.column_values("net-migration", "country"):
        net = queries.select("net-migration", {"country": (iso3,)}).dropna(subset=["net_migration"])
        estimates, projections = net[~net["projected"]], net[net["projected"]]
        if not estimates.empty:
            facts.net_migration = _figure(estimates.iloc[-1], "net_migration", "wpp2024_net_migration")
        if not projections.empty:
            facts.net_migration_projected = _figure(
                projections.iloc[-1], "net_migration", "wpp2024_net_migration", projected=True
            )
    if iso3 in queries.column_values("flows-country", "country"):
        flows = queries.select("flows-country", {"country": (iso3,), "sex": ("total",)}).sort_values("period")
        if not flows.empty:
            row = flows.iloc[-1]
            facts.inflow = Figure(float(row["inflow"]), row["period"], "abel_cohen_flows", modelled=True)
            facts.outflow = Figure(float(row["outflow"]), row["period"], "abel_cohen_flows", modelled=True)

    facts.ranks = _ranks(facts, member_of)
    return facts


def _revision(iso3: str, series: str) -> Revision | None:
    """The latest year both editions give `series` for the country, when the later one revised it."""
    if iso3 not in queries.column_values("edition-revisions", "code"):
        return None
    rows = queries.select("edition-revisions", {"series": (series,), "code": (iso3,), "status": ("revised",)})
    if rows.empty:
        return None
    row = rows.sort_values("year").iloc[-1]
    pct = _value(row, "revision_pct")
    return Revision(
        int(row["year"]),
        float(row["earlier_value"]),
        float(row["later_value"]),
        pct,
        str(row["earlier_edition"]),
        str(row["later_edition"]),
    )


def _figure(row, column: str, source: str, **flags) -> Figure | None:
    value = _value(row, column)
    if value is None:
        return None
    year = row["year"] if "year" in row else row["period"]
    return Figure(value, int(year) if not isinstance(year, str) else year, source, **flags)


def _top(frame: pd.DataFrame | None, column: str, value: str, n: int = 3) -> list[tuple[str, float]]:
    if frame is None or frame.empty:
        return []
    frame = frame[(frame[value] > 0) & (frame[column] != "OOO")].sort_values(value, ascending=False)
    return [(code, float(v)) for code, v in zip(frame[column].head(n), frame[value].head(n))]


def _latest_by_country(frame: pd.DataFrame, value: pd.Series) -> dict[str, tuple[float, int]]:
    """Each country's latest year with a value: code -> (value, year)."""
    rows = frame.assign(value=value).dropna(subset=["value"]).sort_values("year")
    latest = rows.groupby("country").tail(1)
    return {code: (float(v), int(year)) for code, v, year in zip(latest["country"], latest["value"], latest["year"])}


def _ranks(facts: Facts, member_of: dict[str, set]) -> list[Rank]:
    """Where the country stands among its region, income group and the programme countries,
    for emigrants as a share of population and remittances as a share of GDP: every member
    at its own latest year, so a peer whose data stops a year earlier is ranked, not dropped
    (the rank states the years it compares)."""
    ranks = []
    measures = []
    if facts.emigrants_pct is not None:
        stocks = queries.select("stocks-country", {"sex": ("total",), "edition": ("2024",)})
        measures.append(
            (
                "emigrants_pct",
                _latest_by_country(stocks, stocks["emigrants"] / stocks["population"]),
                queries.column_values("stocks-country", "country"),
            )
        )
    if facts.remittances_pct_gdp is not None:
        remittances = queries.select("remittances-country", {})
        measures.append(
            (
                "remittances_pct_gdp",
                _latest_by_country(remittances, remittances["inflow_pct_gdp"]),
                queries.column_values("remittances-country", "country"),
            )
        )
    for group in (facts.region, facts.income_group, "PRG"):
        if not group:
            continue
        for measure, values, covered in measures:
            members = {code: values[code] for code in member_of.get(group, ()) if code in values}
            if facts.iso3 not in members or len(members) < 3:
                continue
            ordered = sorted(members, key=lambda code: members[code][0], reverse=True)
            years = [year for _value, year in members.values()]
            ranks.append(
                Rank(
                    group,
                    ordered.index(facts.iso3) + 1,
                    len(members),
                    measure,
                    members=len(member_of.get(group, set()) & set(covered)),
                    years=(min(years), max(years)),
                )
            )
    return ranks
