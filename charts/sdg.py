"""/sdg: the migration-related SDG indicators of every country in one table (data.sdg), with
region and income filters and a sort on any column, all in the URL; its CSV is the table as
shown (the card's displayed data), its API dataset `sdg-indicators`."""

from __future__ import annotations

import pandas as pd

from components.chart_card import Chart, ChartContent, Download, register_chart
from components.labels import names
from components.table import TableColumn
from components.url_state import Param
from components.view import Control, Explorer
from data import queries
from data.countries import INCOME_GROUPS, M49_NAMES, sort_key
from data.sdg import INDICATORS_BY_CODE, STATUS_LABELS, STATUS_RULE, STATUSES
from data.tables import income_code
from i18n import N_, format_number, format_period, ntranslator, translator

M49_REGIONS = (903, 935, 908, 904, 905, 909)  # UN M49's regions, as UN DESA groups countries
REGION_LABELS = {"all": N_("All regions"), **{f"M{code}": M49_NAMES[code] for code in M49_REGIONS}}
INCOME_LABELS = {"all": N_("All income groups"), **{income_code(group): group for group in INCOME_GROUPS}}

# The table's columns: key -> (label msgid, kind). Every one can be sorted on.
COLUMNS = {
    "name": (N_("Country"), "text"),
    "region": (N_("Region"), "text"),
    "income": (N_("Income group"), "text"),
    "cost": (N_("10.c.1 Remittance cost, %"), "decimal"),
    "cost_period": (N_("10.c.1 Quarter"), "text"),
    "cost_corridors": (N_("10.c.1 Corridors"), "number"),
    "cost_above_5": (N_("10.c.1 Corridors above 5 %"), "number"),
    "cost_change": (N_("10.c.1 Change since 2015, points"), "decimal"),
    "cost_status": (N_("10.c.1 Status"), "text"),
    "refugees": (N_("10.7.4 Refugees per 100,000"), "decimal"),
    "refugees_period": (N_("10.7.4 Year"), "text"),
    "refugees_change": (N_("10.7.4 Change since 2015"), "decimal"),
    "remittances": (N_("17.3.2 Remittances, % of GDP"), "decimal"),
    "remittances_period": (N_("17.3.2 Year"), "text"),
    "remittances_change": (N_("17.3.2 Change since 2015, points"), "decimal"),
    "immigrants": (N_("Immigrants, % of population"), "decimal"),
    "immigrants_period": (N_("Immigrants: year"), "text"),
    "emigrants": (N_("Emigrants, % of population"), "decimal"),
    "emigrants_period": (N_("Emigrants: year"), "text"),
}
# Which indicator fills which columns: indicator -> column prefix.
PREFIXES = {"10.c.1": "cost", "10.7.4": "refugees", "17.3.2": "remittances", "immigrants": "immigrants"}
PREFIXES["emigrants"] = "emigrants"
ORDERS = ("asc", "desc")

SDG = (
    Param("region", "choice", "all", tuple(REGION_LABELS), labels=REGION_LABELS),
    Param("income", "choice", "all", tuple(INCOME_LABELS), labels=INCOME_LABELS),
    Param("sort", "choice", "name", tuple(COLUMNS), labels={key: label for key, (label, _kind) in COLUMNS.items()}),
    Param("order", "choice", "asc", ORDERS, labels={"asc": N_("Ascending"), "desc": N_("Descending")}),
)


def _period(value, lang: str) -> str | None:
    return format_period(value, lang, short=True) if isinstance(value, str) and value else None


@queries.cached
def wide_table(lang: str) -> pd.DataFrame:
    """One row per country with any indicator: each indicator's latest value, period, change
    and (10.c.1) corridors and status; the country's region and income group codes and names."""
    _ = translator(lang)
    long = queries.select("sdg-indicators", {})
    areas = queries.select("areas", {}, lang)
    lookup = names(lang)
    frame = pd.DataFrame({"country": sorted(set(long["country"]))})
    member = {}
    for row in areas[areas["code"].isin([*REGION_LABELS, *INCOME_LABELS])].itertuples():
        for code in row.members.split():
            member.setdefault(code, {})["region" if row.kind == "m49_region" else "income"] = row.code
    frame["region_code"] = frame["country"].map(lambda c: member.get(c, {}).get("region"))
    frame["income_code"] = frame["country"].map(lambda c: member.get(c, {}).get("income"))
    frame["name"] = frame["country"].map(lambda c: lookup.get(c, c))
    frame["region"] = frame["region_code"].map(lambda c: _(REGION_LABELS[c]) if isinstance(c, str) else None)
    frame["income"] = frame["income_code"].map(lambda c: _(INCOME_LABELS[c]) if isinstance(c, str) else None)
    for indicator, prefix in PREFIXES.items():
        rows = long[long["indicator"] == indicator].set_index("country")
        frame[prefix] = frame["country"].map(rows["value"])
        frame[f"{prefix}_period"] = frame["country"].map(rows["period"]).map(lambda v: _period(v, lang))
        if f"{prefix}_change" in COLUMNS:
            frame[f"{prefix}_change"] = frame["country"].map(rows["change"])
    costs = long[long["indicator"] == "10.c.1"].set_index("country")
    frame["cost_corridors"] = frame["country"].map(costs["corridors"]).astype("Float64")
    frame["cost_above_5"] = frame["country"].map(costs["corridors_above_5"]).astype("Float64")
    frame["cost_status_code"] = frame["country"].map(costs["status"]).fillna("no_data")
    frame["cost_status"] = frame["cost_status_code"].map(lambda s: _(STATUS_LABELS[s]))
    return frame


def shown_rows(state: dict, lang: str) -> pd.DataFrame:
    """The rows the table shows for a view state: filtered, then sorted on the chosen column
    (missing values last whatever the order; names in the language's order)."""
    frame = wide_table(lang)
    if state["region"] != "all":
        frame = frame[frame["region_code"] == state["region"]]
    if state["income"] != "all":
        frame = frame[frame["income_code"] == state["income"]]
    column = state["sort"]
    descending = state["order"] == "desc"
    frame = frame.assign(_name_key=frame["name"].map(lambda n: sort_key(n, lang)))
    if COLUMNS[column][1] == "text":
        key = frame[column].map(lambda v: sort_key(v, lang) if isinstance(v, str) else None)
        if column == "cost_status":  # the order of the statuses, not of their words
            key = frame["cost_status_code"].map(STATUSES.index)
        frame = frame.assign(_key=key)
    else:
        frame = frame.assign(_key=frame[column].astype("Float64"))
    known, unknown = frame[frame["_key"].notna()], frame[frame["_key"].isna()]
    known = known.sort_values(["_key", "_name_key"], ascending=[not descending, True], kind="stable")
    unknown = unknown.sort_values("_name_key", kind="stable")
    return pd.concat([known, unknown]).drop(columns=["_key", "_name_key"]).reset_index(drop=True)


def table(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    ngettext = ntranslator(lang)
    rows = shown_rows(state, lang)
    chosen = [
        _(labels[state[key]])
        for key, labels in (("region", REGION_LABELS), ("income", INCOME_LABELS))
        if state[key] != "all"
    ]
    scope = " · ".join(chosen) if chosen else _("All countries and areas")
    indicators = [INDICATORS_BY_CODE[code] for code in ("10.c.1", "10.7.4", "17.3.2")]
    content = ChartContent(
        title=_("Migration-related SDG indicators by country"),
        subtitle=scope
        + " · "
        + ngettext("{count} country or area", "{count} countries and areas", len(rows)).format(
            count=format_number(len(rows), lang)
        ),
        downloads=[
            Download(
                _("SDG indicators"),
                "sdg-indicators",
                {"country": tuple(sorted(rows["country"]))} if chosen and len(rows) else {},
            )
        ],
        sources=tuple(dict.fromkeys(key for code in INDICATORS_BY_CODE for key in INDICATORS_BY_CODE[code].sources)),
        notes=[
            *(f"{indicator.number} {_(indicator.name)}" for indicator in indicators),
            _(STATUS_RULE),
        ],
        methods=("sdg-status", "sdg-10c1", "sdg-10-7-4", "remittances-pct-gdp", "sdg-emigrants-share"),
    )
    if rows.empty:
        content.empty = _("No country matches these filters.")
        return content
    counts = rows["cost_status_code"].value_counts()
    content.description = ngettext(
        "{count} country or area shown. SDG 10.c.1: {met} met, {on_track} on track, {off_track} off "
        "track, {no_data} without data.",
        "{count} countries and areas shown. SDG 10.c.1: {met} met, {on_track} on track, {off_track} off "
        "track, {no_data} without data.",
        len(rows),
    ).format(
        count=format_number(len(rows), lang),
        **{
            status: format_number(int(counts.get(status, 0)), lang)
            for status in ("met", "on_track", "off_track", "no_data")
        },
    )
    content.table = rows
    content.table_columns = [TableColumn(key, _(label), kind) for key, (label, kind) in COLUMNS.items()]
    return content


EXPLORER = Explorer(
    path="/sdg",
    name=N_("SDG tracker"),
    summary=N_(
        "Every country's migration-related SDG indicators: remittance costs (10.c.1), refugees by "
        "origin (10.7.4), remittances as a share of GDP (17.3.2), with the trend since 2015 and the "
        "status against the target."
    ),
    order=35,
    params=SDG,
    cards=("sdg-table",),
    title=N_("Migration SDG tracker"),
    lead=N_(
        "The migration-related indicators of the 2030 Agenda that our sources support, for every "
        "country: the latest value and its period, the change since 2015, and the status against "
        "the target where the SDG framework sets one."
    ),
    controls=(
        Control("region", N_("Region"), {"lg": 3, "md": 6}),
        Control("income", N_("Income group"), {"lg": 3, "md": 6}),
        Control("sort", N_("Sort by"), {"lg": 4, "md": 8}),
        Control("order", N_("Order"), {"lg": 2, "md": 4}, segmented=True),
    ),
    notice=STATUS_RULE,
)

register_chart(Chart("sdg-table", EXPLORER.path, EXPLORER.params, ("table",), table))
