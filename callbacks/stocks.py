"""Migrant stocks: the charts of /stocks (also embeddable) and the page's view callback."""

from __future__ import annotations

import pandas as pd

from callbacks.views import country_map, register_view
from components import figures
from components.chart_card import Chart, ChartContent, Download, register_chart
from components.labels import join_names, names, value_text
from components.params import SEX_LABELS, STOCK_MEASURE_LABELS, STOCKS
from components.table import TableColumn
from data import queries
from i18n import translator

PAGE = "/stocks"
SOURCES = ("ims2024_bilateral",)
SHARE_SOURCES = ("ims2024_bilateral", "gdi_wdi")
CARDS = ("stocks-trend", "stocks-map", "stocks-top", "stocks-regions")
TOP = 10


def _unit(measure: str) -> str:
    return "percent" if measure == "immigrants_pct_population" else "persons"


def _measure_notes(measure: str, lang: str) -> list[str]:
    _ = translator(lang)
    notes = [_("Both sexes are the sum of women and men, as UN DESA publishes them.")]
    if measure == "immigrants_pct_population":
        notes.append(_("Share of population computed by migdash with UN WPP 2024 population; "
                       "no 2024 population was available, so the last share is for 2020."))
    return notes


def _measure_methods(measure: str, aggregates: bool = False) -> tuple[str, ...]:
    """The rules (data.methods) behind a stock measure, and behind aggregates when shown."""
    keys = ("both-sexes", "immigrants-emigrants")
    if measure == "immigrants_pct_population":
        keys += ("share-of-population",)
    return keys + (("sums-over-members",) if aggregates else ())


def _share_needs_both_sexes(state: dict, lang: str) -> str | None:
    _ = translator(lang)
    if state["measure"] == "immigrants_pct_population" and state["sex"] != "total":
        return _("Shares of population exist for both sexes only: choose \"Both sexes\".")
    return None


def _subtitle(state: dict, lang: str, extra: str = "") -> str:
    _ = translator(lang)
    unit = _("% of population") if _unit(state["measure"]) == "percent" else _("people")
    return " · ".join(part for part in (_(SEX_LABELS[state["sex"]]), unit, extra) if part)


def trend(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    measure, sex = state["measure"], state["sex"]
    lookup = names(lang)
    label = _(STOCK_MEASURE_LABELS[measure])
    series_names = [lookup[c] for c in state["country"] + state["area"]]
    title = _("{measure}: {places}, 1990-2024").format(measure=label, places=join_names(series_names, lang))
    downloads, parts = [], []
    if state["country"]:
        filters = {"country": state["country"], "sex": (sex,), "edition": ("2024",)}
        downloads.append(Download(_("Countries"), "stocks-country", filters))
        parts.append(queries.select("stocks-country", filters).rename(columns={"country": "code"}))
    if state["area"]:
        filters = {"area": state["area"], "sex": (sex,)}
        downloads.append(Download(_("Regions and groups"), "stocks-aggregates", filters))
        parts.append(queries.select("stocks-aggregates", filters).rename(columns={"area": "code"}))
    content = ChartContent(title=title, subtitle=_subtitle(state, lang), downloads=downloads,
                           sources=SHARE_SOURCES if _unit(measure) == "percent" else SOURCES,
                           notes=_measure_notes(measure, lang),
                           methods=_measure_methods(measure, aggregates=bool(state["area"])))
    content.empty = _share_needs_both_sexes(state, lang)
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["code", "year", measure])
    if content.empty is None and rows[measure].isna().all():
        content.empty = _("Choose at least one country or region with data.")
    if content.empty:
        return content
    order = {code: index for index, code in enumerate(state["country"] + state["area"])}
    rows = rows.assign(name=rows["code"].map(lookup)).sort_values(
        ["code", "year"], key=lambda s: s.map(order) if s.name == "code" else s)
    frame = rows.dropna(subset=[measure])
    lines = pd.DataFrame({
        "series": frame["name"], "x": frame["year"], "y": frame[measure],
        "hover": [f"{year}: {value_text(v, _unit(measure), lang)}" for year, v in zip(frame["year"], frame[measure])],
    })
    content.figure = figures.line_chart(lines, label, lang, percent=_unit(measure) == "percent")
    content.table = rows
    kind = "percent" if _unit(measure) == "percent" else "number"
    content.table_columns = [TableColumn("name", _("Country or region")), TableColumn("year", _("Year")),
                             TableColumn(measure, label, kind)]
    return content


def world_map(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    measure, sex, year = state["measure"], state["sex"], state["year"]
    label = _(STOCK_MEASURE_LABELS[measure])
    filters = {"year": (year,), "sex": (sex,), "edition": ("2024",)}
    content = ChartContent(
        title=_("{measure} by country, {year}").format(measure=label, year=year),
        subtitle=_subtitle(state, lang, _("Grey: no data")),
        downloads=[Download(_("Countries"), "stocks-country", filters)],
        sources=SHARE_SOURCES if _unit(measure) == "percent" else SOURCES,
        notes=_measure_notes(measure, lang),
        methods=_measure_methods(measure),
    )
    content.empty = _share_needs_both_sexes(state, lang)
    if content.empty:
        return content
    return country_map(content, queries.select("stocks-country", filters), measure, _unit(measure), label, year, lang)


def top_partners(state: dict, lang: str) -> ChartContent:
    """Where a country's immigrants come from, or where its emigrants live."""
    _ = translator(lang)
    sex, year = state["sex"], state["year"]
    country = (state["country"] or ("MDA",))[0]
    lookup = names(lang)
    outward = state["measure"] == "emigrants"
    if outward:
        filters = {"origin": (country,), "year": (year,), "sex": (sex,)}
        title = _("Where emigrants from {country} live, {year}")
        partner, partner_label = "destination", _("Country of destination")
    else:
        filters = {"destination": (country,), "year": (year,), "sex": (sex,)}
        title = _("Where immigrants in {country} come from, {year}")
        partner, partner_label = "origin", _("Country of origin")
    content = ChartContent(
        title=title.format(country=lookup.get(country, country), year=year),
        subtitle=_subtitle({**state, "measure": "immigrants"}, lang, _("top {n}").format(n=TOP)),
        downloads=[Download(_("Bilateral stocks"), "stocks-bilateral", filters)],
        sources=SOURCES,
        notes=[_("A country missing from the list has no estimate, which is not the same as zero.")],
    )
    frame = queries.select("stocks-bilateral", filters).sort_values("migrants", ascending=False, kind="stable")
    if frame.empty:
        content.empty = _("UN DESA has no estimate for {country} in {year}.").format(
            country=lookup.get(country, country), year=year)
        return content
    frame = frame.assign(name=frame[partner].map(lambda code: lookup.get(code, code)),
                         share=frame["migrants"] / frame["migrants"].sum() * 100)
    top = frame.head(TOP)
    bars = pd.DataFrame({"label": top["name"], "value": top["migrants"],
                         "hover": [f"{value_text(v, 'persons', lang)} ({value_text(s, 'percent', lang)})"
                                   for v, s in zip(top["migrants"], top["share"])]})
    content.figure = figures.bar_chart(bars, _("people"), lang)
    content.table = frame
    content.table_columns = [TableColumn("name", partner_label), TableColumn(partner, _("Code")),
                             TableColumn("migrants", _("Migrants"), "number"),
                             TableColumn("share", _("Share of total"), "percent")]
    return content


def regions(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    measure, sex, year = state["measure"], state["sex"], state["year"]
    label = _(STOCK_MEASURE_LABELS[measure])
    areas = queries.select("areas", {}, lang)
    codes = tuple(areas.loc[areas["kind"].isin(["m49_region", "wb_income_group"]), "code"])
    filters = {"area": codes, "year": (year,), "sex": (sex,)}
    content = ChartContent(
        title=_("{measure} by region and income group, {year}").format(measure=label, year=year),
        subtitle=_subtitle(state, lang),
        downloads=[Download(_("Regions and groups"), "stocks-aggregates", filters)],
        sources=SOURCES + ("ims2020_destination", "wdi_country_metadata"),
        notes=[_("Sums over member countries, computed by migdash; income groups are the World "
                 "Bank's 2025 classification.")] + _measure_notes(measure, lang)[1:],
        methods=_measure_methods(measure, aggregates=True),
    )
    content.empty = _share_needs_both_sexes(state, lang)
    rows = queries.select("stocks-aggregates", filters)
    if content.empty is None and rows[measure].isna().all():
        content.empty = _("No region has this figure for {year}.").format(year=year)
    if content.empty:
        return content
    kinds = {"m49_region": _("UN region"), "wb_income_group": _("Income group")}
    names_by_code = dict(zip(areas["code"], areas["name"]))
    rows = rows.assign(name=rows["area"].map(names_by_code), group=rows["kind"].map(kinds))
    rows = rows.sort_values(["kind", measure], ascending=[False, False])
    frame = rows.dropna(subset=[measure])
    unit = _unit(measure)
    bars = pd.DataFrame({"label": frame["name"], "value": frame[measure],
                         "hover": [value_text(v, unit, lang) for v in frame[measure]]})
    content.figure = figures.bar_chart(bars, label, lang, percent=unit == "percent")
    content.table = rows
    content.table_columns = [TableColumn("name", _("Region or group")), TableColumn("group", _("Kind")),
                             TableColumn(measure, label, "percent" if unit == "percent" else "number"),
                             TableColumn("countries", _("Countries with data"), "number")]
    return content


for _name, _views, _render in (
    ("stocks-trend", ("chart", "table"), trend),
    ("stocks-map", ("map", "table"), world_map),
    ("stocks-top", ("chart", "table"), top_partners),
    ("stocks-regions", ("chart", "table"), regions),
):
    register_chart(Chart(_name, PAGE, STOCKS, _views, _render))


def register(app) -> None:
    register_view(app, "stocks", STOCKS, CARDS)
