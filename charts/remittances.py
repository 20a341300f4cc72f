"""Remittances: the charts of /remittances (also embeddable)."""

from __future__ import annotations

import pandas as pd

from charts.editions import revisions
from charts.maps import country_map
from components import describe, figures
from components.chart_card import Chart, ChartContent, Download, register_chart
from components.labels import join_names, latest_cost_survey, names, place_forms, value_text
from components.narrative import savings_coverage, savings_sentence, target_text
from components.params import REMITTANCE_MEASURE_LABELS, REMITTANCES
from components.savings import target_control
from components.selection import largest_of, largest_series, with_part
from components.table import TableColumn
from components.view import Control, Explorer
from data import queries
from data.countries import PLACED_IN_M49, name_forms
from data.tables import corridors_by_latest_survey
from i18n import (
    N_,
    format_currency_usd,
    format_number,
    format_percent,
    format_period,
    ntranslator,
    translator,
)

TOP = 10
SDG_AVERAGE = 3.0  # SDG 10.c: the average cost below 3 %...
SDG_CORRIDOR_CEILING = 5.0  # ...and no corridor above 5 %
MEASURE_SOURCES = {
    "inflow_usd": ("wdi_remittances_received",),
    "outflow_usd": ("gdi_wdi",),
    "inflow_pct_gdp": ("wdi_remittances_received", "wdi_gdp"),
}
# How a remittance measure rose or fell over the years, for one country (components/describe.py).
TREND_SENTENCES = {
    "inflow_usd": (
        N_("Remittances received by {the_country} rose from {first} in {start} to {last} in {end}."),
        N_("Remittances received by {the_country} fell from {first} in {start} to {last} in {end}."),
    ),
    "outflow_usd": (
        N_("Remittances paid from {the_country} rose from {first} in {start} to {last} in {end}."),
        N_("Remittances paid from {the_country} fell from {first} in {start} to {last} in {end}."),
    ),
    "inflow_pct_gdp": (
        N_("Remittances received by {the_country} rose from {first} of GDP in {start} to {last} in {end}."),
        N_("Remittances received by {the_country} fell from {first} of GDP in {start} to {last} in {end}."),
    ),
}
# The aggregate column counting the members behind each measure (data.tables.aggregate).
MEASURE_COUNTS = {
    "inflow_usd": "countries",
    "outflow_usd": "outflow_usd_countries",
    "inflow_pct_gdp": "inflow_pct_gdp_countries",
}
# Areas that hold an area UN M49 does not list apart (Kosovo in Europe and Southern Europe).
PLACED_AREAS = {f"M{code}" for codes in PLACED_IN_M49.values() for code in codes}


def _unit(measure: str) -> str:
    return "percent" if measure == "inflow_pct_gdp" else "usd"


def _notes(measure: str, lang: str) -> list[str]:
    _ = translator(lang)
    notes = [_("Current US dollars, not adjusted for inflation.")]
    if measure == "inflow_pct_gdp":
        notes = [
            _(
                "Remittances received / GDP, both in current US dollars, computed by migdash for every "
                "year with one rule: remittances of the World Bank's 1 July 2025 release, GDP of its "
                "next release."
            )
        ]
    if measure == "outflow_usd":
        notes.append(_("Remittances paid are available up to 2023."))
    return notes


def _methods(measure: str, areas: tuple[str, ...] = ()) -> tuple[str, ...]:
    keys = ("remittances-pct-gdp",) if measure == "inflow_pct_gdp" else ()
    if areas:
        keys += ("remittance-aggregates",)
    if PLACED_AREAS & set(areas):
        keys += ("kosovo-in-southern-europe",)
    return keys


def _years_text(years: list[int]) -> str:
    """1970, 1971, 1972, 2024 -> "1970-1972, 2024"."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def coverage_text(row, measure: str, lang: str) -> str:
    """How many members an aggregate's figure comes from: "from 104 of 201 economies", and
    for the share of GDP, their share of the group's GDP."""
    _, ngettext = translator(lang), ntranslator(lang)
    text = ngettext(
        "from {countries} of {members} economy", "from {countries} of {members} economies", int(row["members"])
    ).format(countries=format_number(row[MEASURE_COUNTS[measure]], lang), members=format_number(row["members"], lang))
    if measure == "inflow_pct_gdp" and pd.notna(row["inflow_pct_gdp_weight_pct"]):
        text += " " + _("({share} of their GDP)").format(
            share=format_percent(row["inflow_pct_gdp_weight_pct"], lang, 0)
        )
    return text


def _aggregate_notes(rows: pd.DataFrame, measure: str, partial: bool, lookup: dict, lang: str) -> list[str]:
    """Per area: the years withheld and why; who the share of GDP is over; open circles (when
    `partial`); and the Kosovo placement."""
    _ = translator(lang)
    notes = []
    for code, area in rows.groupby("area", sort=False):
        withheld = area.loc[area[measure].isna(), "year"].astype(int).tolist()
        if not withheld:
            continue
        reason = (
            _(
                "fewer than two thirds of its economies report both remittances and GDP, or they hold less "
                "than two thirds of its GDP"
            )
            if measure == "inflow_pct_gdp"
            else _("fewer than two thirds of its economies report")
        )
        notes.append(
            _("{area}: not shown for {years}: {reason} (World Bank rule).").format(
                area=lookup.get(code, code), years=_years_text(withheld), reason=reason
            )
        )
    if PLACED_AREAS & set(rows["area"]):
        notes.append(
            _(
                "Kosovo, which UN M49 counts within Serbia, is included in Europe and Southern Europe: "
                "the World Bank reports its remittances apart from Serbia's."
            )
        )
    if measure == "inflow_pct_gdp":
        notes.append(
            _(
                "The share of GDP of a region or group is the remittances over the GDP of the same "
                "economies, those that report both: how many, in the table."
            )
        )
    if partial:
        notes.append(_("Open circles: not every economy of the region or group reports that year."))
    return notes


def trend(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    measure = state["measure"]
    lookup = names(lang)
    label = _(REMITTANCE_MEASURE_LABELS[measure])
    codes = list(state["country"]) + list(state["area"])
    places = [lookup.get(c, c) for c in codes]
    downloads, parts = [], []
    if state["country"]:
        filters = {"country": state["country"]}
        downloads.append(Download(_("Countries"), "remittances-country", filters))
        parts.append(queries.select("remittances-country", filters).rename(columns={"country": "code"}))
    areas = pd.DataFrame(columns=["area", "year", measure])
    if state["area"]:
        filters = {"area": state["area"]}
        downloads.append(Download(_("Regions and groups"), "remittances-aggregates", filters))
        areas = queries.select("remittances-aggregates", filters)
        parts.append(areas.rename(columns={"area": "code"}))
    content = ChartContent(
        title=_("{measure}: {places}").format(measure=label, places=join_names(places, lang)),
        subtitle=_("% of GDP") if _unit(measure) == "percent" else _("current US$"),
        downloads=downloads,
        sources=MEASURE_SOURCES[measure],
        notes=_notes(measure, lang),
        methods=_methods(measure, tuple(state["area"])),
    )
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["code", "year", measure])
    if rows[measure].isna().all():
        content.empty = _("Choose at least one country or region with data.")
        return content
    drawn = largest_series(rows, codes, measure)
    order = {code: index for index, code in enumerate(drawn.order)}
    rows = rows.assign(name=rows["code"].map(lambda c: lookup.get(c, c))).sort_values(
        ["code", "year"], key=lambda s: s.map(order) if s.name == "code" else s
    )
    is_area = rows["code"].isin(state["area"])
    shown = rows[measure].notna()
    # An area's withheld years stay in the frame between its first and last shown year, so the
    # line breaks there rather than jumping over them.
    span = rows[shown].groupby("code")["year"].agg(["min", "max"])
    within = rows["year"].between(rows["code"].map(span["min"]), rows["code"].map(span["max"]))
    if drawn.cut:
        content.title = _("{measure}: {places}").format(measure=label, places=drawn.places(lang))
        content.subtitle += " · " + drawn.subtitle(lang)
        content.notes.insert(0, drawn.note(label, lang))
    frame = rows[(shown | (is_area & within)) & rows["code"].isin(drawn.codes)]
    unit = _unit(measure)
    coverage = pd.Series("", index=rows.index)
    if is_area.any():
        coverage[is_area] = [coverage_text(row, measure, lang) for _index, row in rows[is_area].iterrows()]
    hover = [
        f"{year}: {value_text(value, unit, lang)}" + (f" · {cover}" if cover else "")
        for year, value, cover in zip(frame["year"], frame[measure], coverage[frame.index])
    ]
    partial = (
        is_area & shown & (rows[MEASURE_COUNTS[measure]] < rows["members"])
        if is_area.any()
        else pd.Series(False, index=rows.index)
    )
    content.figure = figures.line_chart(
        pd.DataFrame(
            {
                "series": frame["name"],
                "x": frame["year"],
                "y": frame[measure],
                "hover": hover,
                "partial": partial[frame.index],
            }
        ),
        label,
        lang,
        percent=unit == "percent",
        money=unit == "usd",
    )
    content.description = describe.series(
        frame.assign(value=frame[measure]), label, unit, lang, TREND_SENTENCES[measure]
    )
    content.table = rows.assign(coverage=coverage)
    content.table_columns = [
        TableColumn("name", _("Country or region")),
        TableColumn("year", _("Year")),
        TableColumn(measure, label, "percent" if unit == "percent" else "usd"),
    ]
    if state["area"]:
        content.table_columns.append(TableColumn("coverage", _("Economies with data")))
        if measure == "inflow_pct_gdp":
            content.table_columns.append(TableColumn("inflow_pct_gdp_left_out", _("Economies left out (codes)")))
        content.notes.extend(_aggregate_notes(areas, measure, bool(partial[frame.index].any()), lookup, lang))
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
        sources=MEASURE_SOURCES[measure],
        notes=_notes(measure, lang),
        methods=_methods(measure),
    )
    rows = queries.select("remittances-country", filters)
    return country_map(content, rows, measure, _unit(measure), label, year, lang)


def senders(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    lookup = names(lang)
    code = (state["country"] or ("MDA",))[0]
    year = state["matrix"]
    filters = {"receiver": (code,), "year": (year,)}
    content = ChartContent(
        title=_("Where remittances to {the_country} come from, {year}").format(**name_forms(code, lang), year=year),
        subtitle=_("current US$ · modelled"),
        downloads=[Download(_("Bilateral remittances"), "remittances-bilateral", filters)],
        sources=(f"knomad_remittance_matrix_{year}",),
        notes=[_("Modelled by KNOMAD/World Bank from migrant stocks and incomes, not reported flows.")],
    )
    frame = queries.select("remittances-bilateral", filters).sort_values("usd", ascending=False, kind="stable")
    if not (frame["usd"] > 0).any():
        content.empty = _("KNOMAD has no estimate of remittances to {the_country} in {year}.").format(
            **name_forms(code, lang), year=year
        )
        return content
    frame = frame.assign(
        name=frame["sender"].map(lambda c: lookup.get(c, c)), share=frame["usd"] / frame["usd"].sum() * 100
    )
    positive = frame[frame["usd"] > 0]
    top = positive.head(TOP)
    content.subtitle = with_part(content.subtitle, largest_of(len(top), len(positive), lang))
    content.figure = figures.bar_chart(
        pd.DataFrame(
            {
                "label": top["name"],
                "value": top["usd"],
                "hover": [
                    f"{format_currency_usd(v, lang)} ({format_percent(s, lang)})"
                    for v, s in zip(top["usd"], top["share"])
                ],
            }
        ),
        _("current US$"),
        lang,
        money=True,
    )
    ngettext = ntranslator(lang)
    content.description = describe.joined(
        ngettext(
            "In {year}, {the_country} received an estimated {total} from {count} sending country.",
            "In {year}, {the_country} received an estimated {total} from {count} sending countries.",
            len(positive),
        ).format(
            **name_forms(code, lang),
            year=year,
            total=format_currency_usd(positive["usd"].sum(), lang),
            count=format_number(len(positive), lang),
        ),
        _("The largest amounts came from {the_places}.").format(
            **describe.listed_forms(
                list(top["sender"][: describe.LISTED]),
                [format_percent(v, lang) for v in top["share"][: describe.LISTED]],
                lang,
            )
        ),
    )
    content.table = frame
    content.table_columns = [
        TableColumn("name", _("Sending country")),
        TableColumn("sender", _("Code")),
        TableColumn("usd", _("Remittances"), "usd"),
        TableColumn("share", _("Share of total"), "percent"),
    ]
    return content


def _costs_text(shown: pd.DataFrame, partner: str, inward: bool, forms: dict, above: int, quarter: str, lang: str):
    """The cheapest and the dearest corridor shown, and how many cost more than the SDG's 5 %
    (`quarter`: the survey shown, or "" for each corridor's latest)."""
    _, ngettext = translator(lang), ntranslator(lang)
    cheapest, dearest = shown.nsmallest(1, "cost_pct").iloc[0], shown.nlargest(1, "cost_pct").iloc[0]
    fields = {
        **forms,
        **describe.forms(cheapest[partner], lang, "cheapest"),
        **describe.forms(dearest[partner], lang, "dearest"),
        "low": format_percent(cheapest["cost_pct"], lang),
        "high": format_percent(dearest["cost_pct"], lang),
    }
    when = _("In {quarter}").format(quarter=quarter) if quarter else _("At each corridor's latest survey")
    if len(shown) == 1:
        sentence = (
            _("{when}, sending US$200 to {the_country} from {the_dearest} cost {high}.")
            if inward
            else _("{when}, sending US$200 from {the_country} to {the_dearest} cost {high}.")
        )
    else:
        sentence = (
            _(
                "{when}, sending US$200 to {the_country} cost least from {the_cheapest} ({low}) "
                "and most from {the_dearest} ({high})."
            )
            if inward
            else _(
                "{when}, sending US$200 from {the_country} cost least to {the_cheapest} ({low}) "
                "and most to {the_dearest} ({high})."
            )
        )
    total = len(shown)
    if total == 1:
        ceiling = (
            _("It costs more than 5 %, the SDG ceiling.") if above else _("It costs no more than 5 %, the SDG ceiling.")
        )
    elif above == total:  # "7 of the 7" reads as a slip
        ceiling = _("All {total} corridors shown cost more than 5 %, the SDG ceiling.")
    elif above == 0:
        ceiling = _("None of the {total} corridors shown costs more than 5 %, the SDG ceiling.")
    else:
        ceiling = ngettext(
            "{count} of the {total} corridors shown costs more than 5 %, the SDG ceiling.",
            "{count} of the {total} corridors shown cost more than 5 %, the SDG ceiling.",
            above,
        )
    return describe.joined(
        sentence.format(when=when, **fields),
        ceiling.format(count=format_number(above, lang), total=format_number(total, lang)),
    )


def costs(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    ngettext = ntranslator(lang)
    lookup = names(lang)
    code = (state["country"] or ("MDA",))[0]
    forms = name_forms(code, lang)
    received = (
        queries.select("remittance-costs", {"receiver": (code,)})
        if code in queries.column_values("remittance-costs", "receiver")
        else pd.DataFrame()
    )
    sent = (
        queries.select("remittance-costs", {"sender": (code,)})
        if code in queries.column_values("remittance-costs", "sender")
        else pd.DataFrame()
    )
    inward = not received.empty
    frame = received if inward else sent
    filters = {"receiver" if inward else "sender": (code,)}
    title = (
        _("Cost of sending US$200 to {the_country}, by corridor")
        if inward
        else _("Cost of sending US$200 from {the_country}, by corridor")
    )
    survey = format_period(latest_cost_survey(), lang, short=True)
    every = state["corridors"] == "all"
    content = ChartContent(
        title=title.format(**forms),
        subtitle=(
            _("% of the amount sent · each corridor's latest survey")
            if every
            else _("% of the amount sent · survey of {quarter}").format(quarter=survey)
        ),
        downloads=[Download(_("Corridor costs"), "remittance-costs", filters)],
        sources=("rpw_corridors",),
        notes=[
            _(
                "Average total cost (fee and exchange-rate margin) of sending US$200. The "
                "World Bank surveys a selection of corridors; 2011 to 2020."
            ),
            _("SDG target 10.c: by 2030, an average cost below 3 % and no corridor above 5 %."),
        ],
        methods=("sdg-10c", "corridor-latest"),
    )
    if frame.empty:
        content.empty = _("Remittance Prices Worldwide does not survey corridors to or from {the_country}.").format(
            **forms
        )
        return content
    partner = "sender" if inward else "receiver"
    current, older = corridors_by_latest_survey(frame, partner, latest_cost_survey())
    shown = pd.concat([current, older]) if every else current
    if not every and len(older):
        first, last = (
            format_period(older["period"].min(), lang, short=True),
            format_period(older["period"].max(), lang, short=True),
        )
        content.notes.insert(
            0,
            ngettext(
                "{count} corridor was last surveyed before {quarter} (in {when}): not shown; choose "
                '"All corridors" to see it.',
                "{count} corridors were last surveyed before {quarter} (in {when}): not shown; choose "
                '"All corridors" to see them.',
                len(older),
            ).format(
                count=len(older),
                quarter=survey,
                when=first if first == last else _("{first} to {last}").format(first=first, last=last),
            ),
        )
    if shown.empty:
        content.empty = _(
            'No corridor to or from {the_country} was surveyed in {quarter}; choose "All corridors" '
            "to see the older surveys."
        ).format(**forms, quarter=survey)
        return content
    stale = shown["period"] != latest_cost_survey()
    names_shown = shown[partner].map(lambda c: lookup.get(c, c))
    shown = shown.assign(
        name=names_shown,
        label=[
            f"{name} ({format_period(period, lang, short=True)})" if old else name
            for name, period, old in zip(names_shown, shown["period"], stale)
        ],
        stale=stale,
    ).sort_values("cost_pct", ascending=False)
    above = int((shown["cost_pct"] > SDG_CORRIDOR_CEILING).sum())
    content.notes.insert(
        0,
        ngettext(
            "Corridors costing more than 5 %: {above} of {count} shown.",
            "Corridors costing more than 5 %: {above} of {count} shown.",
            len(shown),
        ).format(above=above, count=len(shown)),
    )
    if every and stale.any():
        content.notes.insert(
            0,
            _(
                "Lighter bars: corridors last surveyed before {quarter}, with the quarter of their latest survey."
            ).format(quarter=survey),
        )
    content.description = _costs_text(shown, partner, inward, forms, above, survey if not every else "", lang)
    content.figure = figures.bar_chart(
        pd.DataFrame(
            {
                "label": shown["label"],
                "value": shown["cost_pct"],
                "muted": shown["stale"],
                "hover": [
                    f"{format_period(period, lang, short=True)}: {format_percent(v, lang)}"
                    for period, v in zip(shown["period"], shown["cost_pct"])
                ],
            }
        ),
        _("% of US$200"),
        lang,
        percent=True,
        targets=((SDG_AVERAGE, _("3 %: SDG average")), (SDG_CORRIDOR_CEILING, _("5 %: SDG corridor ceiling"))),
    )
    content.table = frame.assign(
        name=frame[partner].map(lambda c: lookup.get(c, c)),
        quarter=[format_period(period, lang, short=True) for period in frame["period"]],
    )
    content.table_columns = [
        TableColumn("name", _("Sending country") if inward else _("Receiving country")),
        TableColumn("quarter", _("Quarter")),
        TableColumn("cost_pct", _("Cost"), "percent"),
    ]
    return content


def savings(state: dict, lang: str) -> ChartContent:
    """The savings calculator: what families in the country would keep a year if every
    surveyed corridor cost at most the target, corridor by corridor (data.methods
    "remittance-savings")."""
    _ = translator(lang)
    ngettext = ntranslator(lang)
    lookup = names(lang)
    code = (state["country"] or ("MDA",))[0]
    forms = name_forms(code, lang)
    target = state["target"]
    result = queries.remittance_savings(code, target)
    content = ChartContent(
        title=_("What families in {the_country} would keep if sending money cost less").format(**forms),
        downloads=[Download(_("Remittance corridors"), "remittance-corridors", {"receiver": (code,)})],
        sources=("knomad_remittance_matrix_2021", "rpw_corridors"),
        methods=("remittance-savings", "sdg-10c", "corridor-latest"),
    )
    if result is None:
        content.empty = _("KNOMAD estimates no remittances to {the_country}.").format(**forms)
        return content
    content.sources = (f"knomad_remittance_matrix_{result.year}", "rpw_corridors")
    if not result.surveyed:
        content.empty = _(
            "The World Bank surveys the cost of none of the corridors sending money to {the_country}: "
            "what families would keep cannot be estimated."
        ).format(**forms)
        return content
    quarter = (
        format_period(result.last_period, lang, short=True)
        if result.first_period == result.last_period
        else _("{first} to {last}").format(
            first=format_period(result.first_period, lang, short=True),
            last=format_period(result.last_period, lang, short=True),
        )
    )
    content.title = savings_sentence(result, lang)
    content.subtitle = _("current US$ a year · modelled volumes of {year} · costs surveyed in {quarter}").format(
        year=result.year, quarter=quarter
    )
    corridors = result.corridors.assign(
        name=result.corridors["sender"].map(lambda c: lookup.get(c, c)),
        quarter=[
            format_period(period, lang, short=True) if isinstance(period, str) else _("not surveyed")
            for period in result.corridors["period"]
        ],
    )
    surveyed = corridors[corridors["cost_pct"].notna()]
    top = surveyed.head(TOP)
    content.notes = [
        savings_coverage(result, lang),
        ngettext(
            "Today's cost: {cost} of the amount sent, the cost of the {count} surveyed corridor.",
            "Today's cost: {cost} of the amount sent, the average of the {count} surveyed corridors "
            "weighted by their volumes.",
            result.surveyed,
        ).format(cost=format_percent(result.today_cost, lang), count=result.surveyed),
        _(
            "Volumes are KNOMAD/World Bank's estimates from migrant stocks and incomes, not reported "
            "flows; costs are the average total cost of sending US$200."
        ),
    ]
    if result.at_or_below_target:
        content.notes.insert(
            2,
            ngettext(
                "{count} surveyed corridor already costs {target} or less: it saves nothing.",
                "{count} surveyed corridors already cost {target} or less: they save nothing.",
                result.at_or_below_target,
            ).format(count=result.at_or_below_target, target=target_text(target, lang)),
        )
    if result.unestimated:
        content.notes.insert(
            1,
            ngettext(
                "The World Bank surveys the cost of {count} more corridor, from {the_places}, for which KNOMAD "
                "has no positive estimate: it is not in the sum.",
                "The World Bank surveys the cost of {count} more corridors, from {the_places}, for which KNOMAD "
                "has no positive estimate: they are not in the sum.",
                len(result.unestimated),
            ).format(count=len(result.unestimated), **place_forms(list(result.unestimated), lang)),
        )
    if len(surveyed) > len(top):
        content.subtitle = with_part(content.subtitle, largest_of(len(top), len(surveyed), lang))
    content.figure = figures.bar_chart(
        pd.DataFrame(
            {
                "label": [f"{name} ({format_percent(cost, lang)})" for name, cost in zip(top["name"], top["cost_pct"])],
                "value": top["saving_usd"],
                "hover": [
                    _("{volume} a year at {cost}: {saving} kept").format(
                        volume=format_currency_usd(volume, lang),
                        cost=format_percent(cost, lang),
                        saving=format_currency_usd(saving, lang),
                    )
                    for volume, cost, saving in zip(top["usd"], top["cost_pct"], top["saving_usd"])
                ],
            }
        ),
        _("kept a year, current US$"),
        lang,
        money=True,
    )
    content.table = corridors
    content.table_columns = [
        TableColumn("name", _("Sending country")),
        TableColumn("sender", _("Code")),
        TableColumn("usd", _("Remittances a year (modelled)"), "usd"),
        TableColumn("cost_pct", _("Cost"), "percent"),
        TableColumn("quarter", _("Cost survey")),
        TableColumn("saving_usd", _("Kept a year"), "usd"),
    ]
    largest = top.iloc[0]
    content.description = " ".join(
        [
            _(
                "The bars show the corridors where families in {the_country} would keep most at {target}; "
                "the largest: {sender}, {saving} of {total}."
            ).format(
                **forms,
                sender=largest["name"],
                target=target_text(target, lang),
                saving=format_currency_usd(largest["saving_usd"], lang),
                total=format_currency_usd(result.saving_usd, lang),
            )
            if result.saving_usd > 0
            else savings_sentence(result, lang),
            _("{unknown} of the money sent to {the_country} goes through corridors without a cost survey.").format(
                **forms, unknown=format_percent(result.unknown_pct, lang)
            ),
        ]
    )
    return content


def edition_revisions(state: dict, lang: str) -> ChartContent:
    """Remittances received in WDI's releases of 2023-05-10 and 2025-07-01."""
    return revisions(state, lang, "remittances_received")


EXPLORER = Explorer(
    path="/remittances",
    name=N_("Remittances"),
    summary=N_(
        "Remittances received and paid, as money and as a share of GDP, where they come "
        "from, and the cost of sending them against the SDG target of 3 %."
    ),
    order=30,
    params=REMITTANCES,
    cards=(
        "remittances-trend",
        "remittances-map",
        "remittances-senders",
        "remittance-costs",
        "remittance-savings",
        "remittances-revisions",
    ),
    title=N_("Remittances"),
    lead=N_(
        "Personal remittances: money and goods that migrants send to households in "
        "their countries of origin, from World Bank and KNOMAD data."
    ),
    controls=(
        Control("country", N_("Countries"), {"lg": 4}),
        Control("area", N_("Regions and groups"), {"lg": 4}),
        Control("measure", N_("Measure"), {"lg": 4, "md": 6}),
        Control("year", N_("Year (map)"), {"lg": 2, "md": 3}),
        Control("matrix", N_("Bilateral estimates"), {"lg": 3, "md": 3}, segmented=True),
        Control("corridors", N_("Corridor costs"), {"lg": 5, "md": 6}, segmented=True),
        Control(
            "target", N_("Target cost of sending money"), {"lg": 12}, build=target_control, card="remittance-savings"
        ),
    ),
)


# Each card reads the page's parameters it needs: only the savings card reads the target (so
# moving the slider re-renders that card alone), and it reads no other filter but the country.
_BESIDE_TARGET = tuple(param for param in EXPLORER.params if param.name != "target")
_SAVINGS_PARAMS = tuple(param for param in EXPLORER.params if param.name in ("country", "target"))
_PLACES = tuple(param for param in EXPLORER.params if param.name in ("country", "area"))
for _name, _views, _render, _params in (
    ("remittances-trend", ("chart", "table"), trend, _BESIDE_TARGET),
    ("remittances-map", ("map", "table"), world_map, _BESIDE_TARGET),
    ("remittances-senders", ("chart", "table"), senders, _BESIDE_TARGET),
    ("remittance-costs", ("chart", "table"), costs, _BESIDE_TARGET),
    ("remittance-savings", ("chart", "table"), savings, _SAVINGS_PARAMS),
    ("remittances-revisions", ("chart", "table"), edition_revisions, _PLACES),
):
    register_chart(Chart(_name, EXPLORER.path, _params, _views, _render))
