"""Remittances: the charts of /remittances (also embeddable) and the page's view callback."""

from __future__ import annotations

import pandas as pd

from callbacks.views import country_map, register_view
from components import figures
from components.chart_card import Chart, ChartContent, Download, register_chart
from components.labels import join_names, names, value_text
from components.params import REMITTANCE_MEASURE_LABELS, REMITTANCES
from components.table import TableColumn
from data import queries
from i18n import format_currency_usd, format_percent, translator

PAGE = "/remittances"
CARDS = ("remittances-trend", "remittances-map", "remittances-senders", "remittance-costs")
TOP = 10
SDG_TARGET = 3.0
MEASURE_SOURCES = {
    "inflow_usd": ("wdi_remittances_received",),
    "outflow_usd": ("gdi_wdi",),
    "inflow_pct_gdp": ("wdi_remittances_pct_gdp", "wdi_remittances_received", "wdi_gdp"),
}


def _unit(measure: str) -> str:
    return "percent" if measure == "inflow_pct_gdp" else "usd"


def _notes(measure: str, lang: str) -> list[str]:
    _ = translator(lang)
    notes = [_("Current US dollars, not adjusted for inflation.")]
    if measure == "inflow_pct_gdp":
        notes = [_("Published by the World Bank up to 2021; later years computed by migdash as "
                   "remittances received / GDP (marked in the table).")]
    if measure == "outflow_usd":
        notes.append(_("Remittances paid are available up to 2023."))
    return notes


def _methods(measure: str) -> tuple[str, ...]:
    return ("remittances-pct-gdp",) if measure == "inflow_pct_gdp" else ()


def trend(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    measure = state["measure"]
    lookup = names(lang)
    label = _(REMITTANCE_MEASURE_LABELS[measure])
    places = [lookup.get(c, c) for c in state["country"]]
    filters = {"country": state["country"]}
    content = ChartContent(
        title=_("{measure}: {places}").format(measure=label, places=join_names(places, lang)),
        subtitle=_("% of GDP") if _unit(measure) == "percent" else _("current US$"),
        downloads=[Download(_("Countries"), "remittances-country", filters)] if state["country"] else [],
        sources=MEASURE_SOURCES[measure], notes=_notes(measure, lang),
        methods=_methods(measure),
    )
    rows = queries.select("remittances-country", filters) if state["country"] else pd.DataFrame(columns=[measure])
    if rows[measure].isna().all():
        content.empty = _("Choose at least one country with data.")
        return content
    order = {code: index for index, code in enumerate(state["country"])}
    rows = rows.assign(name=rows["country"].map(lambda c: lookup.get(c, c))).sort_values(
        ["country", "year"], key=lambda s: s.map(order) if s.name == "country" else s)
    frame = rows.dropna(subset=[measure])
    unit = _unit(measure)
    hover = []
    for year, value, computed in zip(frame["year"], frame[measure], frame["inflow_pct_gdp_computed"]):
        suffix = f" ({_('computed')})" if measure == "inflow_pct_gdp" and computed else ""
        hover.append(f"{year}: {value_text(value, unit, lang)}{suffix}")
    content.figure = figures.line_chart(pd.DataFrame({"series": frame["name"], "x": frame["year"],
                                                      "y": frame[measure], "hover": hover}),
                                        label, lang, percent=unit == "percent", money=unit == "usd")
    content.table = rows.assign(how=rows["inflow_pct_gdp_computed"].map({True: _("computed"), False: _("published")}))
    content.table_columns = [TableColumn("name", _("Country")), TableColumn("year", _("Year")),
                             TableColumn(measure, label, "percent" if unit == "percent" else "usd")]
    if measure == "inflow_pct_gdp":
        content.table_columns.append(TableColumn("how", _("Share of GDP")))
    return content


def world_map(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    measure, year = state["measure"], state["year"]
    label = _(REMITTANCE_MEASURE_LABELS[measure])
    filters = {"year": (year,)}
    content = ChartContent(
        title=_("{measure} by country, {year}").format(measure=label, year=year),
        subtitle=(_("% of GDP") if _unit(measure) == "percent" else _("current US$")) + " · " + _("Grey: no data"),
        downloads=[Download(_("Countries"), "remittances-country", filters)],
        sources=MEASURE_SOURCES[measure], notes=_notes(measure, lang),
        methods=_methods(measure),
    )
    rows = queries.select("remittances-country", filters)
    return country_map(content, rows, measure, _unit(measure), label, year, lang)


def senders(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    lookup = names(lang)
    code = (state["country"] or ("MDA",))[0]
    country, year = lookup.get(code, code), state["matrix"]
    filters = {"receiver": (code,), "year": (year,)}
    content = ChartContent(
        title=_("Where remittances to {country} come from, {year}").format(country=country, year=year),
        subtitle=_("current US$ · modelled · top {n}").format(n=TOP),
        downloads=[Download(_("Bilateral remittances"), "remittances-bilateral", filters)],
        sources=(f"knomad_remittance_matrix_{year}",),
        notes=[_("Modelled by KNOMAD/World Bank from migrant stocks and incomes, not reported flows.")],
    )
    frame = queries.select("remittances-bilateral", filters).sort_values("usd", ascending=False, kind="stable")
    if not (frame["usd"] > 0).any():
        content.empty = _("KNOMAD has no estimate of remittances to {country} in {year}.").format(country=country, year=year)
        return content
    frame = frame.assign(name=frame["sender"].map(lambda c: lookup.get(c, c)),
                         share=frame["usd"] / frame["usd"].sum() * 100)
    top = frame[frame["usd"] > 0].head(TOP)
    content.figure = figures.bar_chart(pd.DataFrame({
        "label": top["name"], "value": top["usd"],
        "hover": [f"{format_currency_usd(v, lang)} ({format_percent(s, lang)})" for v, s in zip(top["usd"], top["share"])],
    }), _("current US$"), lang, money=True)
    content.table = frame
    content.table_columns = [TableColumn("name", _("Sending country")), TableColumn("sender", _("Code")),
                             TableColumn("usd", _("Remittances"), "usd"), TableColumn("share", _("Share of total"), "percent")]
    return content


def costs(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    lookup = names(lang)
    code = (state["country"] or ("MDA",))[0]
    country = lookup.get(code, code)
    target = _("SDG 10.c target: 3 %")
    received = queries.select("remittance-costs", {"receiver": (code,)}) if code in queries.column_values("remittance-costs", "receiver") else pd.DataFrame()
    sent = queries.select("remittance-costs", {"sender": (code,)}) if code in queries.column_values("remittance-costs", "sender") else pd.DataFrame()
    inward = not received.empty
    frame = received if inward else sent
    filters = {"receiver" if inward else "sender": (code,)}
    title = (_("Cost of sending US$200 to {country}, by corridor") if inward
             else _("Cost of sending US$200 from {country}, by corridor"))
    content = ChartContent(
        title=title.format(country=country),
        subtitle=_("% of the amount sent · latest quarter of each corridor · dashed: SDG target"),
        downloads=[Download(_("Corridor costs"), "remittance-costs", filters)],
        sources=("rpw_corridors",),
        notes=[_("Average total cost (fee and exchange-rate margin) of sending US$200. The "
                 "World Bank surveys a selection of corridors; 2011 to 2020."),
               _("SDG indicator 10.c.1: reduce to less than 3 % by 2030.")],
    )
    if frame.empty:
        content.empty = _("Remittance Prices Worldwide does not survey corridors to or from {country}.").format(country=country)
        return content
    partner = "sender" if inward else "receiver"
    latest = frame.sort_values("period").groupby(partner, as_index=False).tail(1)
    latest = latest.assign(name=latest[partner].map(lambda c: lookup.get(c, c))).sort_values("cost_pct", ascending=False)
    content.figure = figures.bar_chart(pd.DataFrame({
        "label": latest["name"], "value": latest["cost_pct"],
        "hover": [f"{period}: {format_percent(v, lang)}" for period, v in zip(latest["period"], latest["cost_pct"])],
    }), _("% of US$200"), lang, percent=True, target=(SDG_TARGET, target))
    content.table = frame.assign(name=frame[partner].map(lambda c: lookup.get(c, c)))
    content.table_columns = [TableColumn("name", _("Sending country") if inward else _("Receiving country")),
                             TableColumn("period", _("Quarter")), TableColumn("cost_pct", _("Cost"), "percent")]
    return content


for _name, _views, _render in (
    ("remittances-trend", ("chart", "table"), trend),
    ("remittances-map", ("map", "table"), world_map),
    ("remittances-senders", ("chart", "table"), senders),
    ("remittance-costs", ("chart", "table"), costs),
):
    register_chart(Chart(_name, PAGE, REMITTANCES, _views, _render))


def register(app) -> None:
    register_view(app, "remittances", REMITTANCES, CARDS)
