"""Migrant stocks: the charts of /stocks (also embeddable)."""

from __future__ import annotations

import pandas as pd

from charts.editions import revisions
from charts.maps import country_map
from components import describe, figures
from components.chart_card import Chart, ChartContent, Download, register_chart
from components.labels import join_names, names, place_forms, value_text
from components.params import SEX_LABELS, STOCK_MEASURE_LABELS, STOCKS
from components.selection import largest_of, largest_series, with_part
from components.table import TableColumn
from components.territories import counted_together, country_notes, methods_for, repeated_in
from components.view import Control, Explorer
from data import queries
from data.countries import SPECIAL_ORIGINS, name_forms
from data.tables import COVERAGE_SHARE, NOT_CLASSIFIED_CODE
from i18n import N_, format_number, ntranslator, translator

SOURCES = ("ims2024_bilateral",)
# How a stock measure rose or fell over the years, for one country (components/describe.py).
TREND_SENTENCES = {
    "immigrants": (
        N_("Immigrants in {the_country} rose from {first} in {start} to {last} in {end}."),
        N_("Immigrants in {the_country} fell from {first} in {start} to {last} in {end}."),
    ),
    "emigrants": (
        N_("Emigrants from {the_country} rose from {first} in {start} to {last} in {end}."),
        N_("Emigrants from {the_country} fell from {first} in {start} to {last} in {end}."),
    ),
    "immigrants_pct_population": (
        N_("Immigrants as a share of the population of {the_country} rose from {first} in {start} to {last} in {end}."),
        N_("Immigrants as a share of the population of {the_country} fell from {first} in {start} to {last} in {end}."),
    ),
}
SHARE_SOURCES = ("ims2024_bilateral", "gdi_wdi")
TOP = 10


def _unit(measure: str) -> str:
    return "percent" if measure == "immigrants_pct_population" else "persons"


def _measure_notes(measure: str, lang: str) -> list[str]:
    _ = translator(lang)
    notes = [_("Both sexes are the sum of women and men, as UN DESA publishes them.")]
    if measure == "immigrants_pct_population":
        notes.append(
            _(
                "Share of population computed by migdash with UN WPP 2024 population; "
                "no 2024 population was available, so the last share is for 2020."
            )
        )
    return notes


def _measure_methods(measure: str, aggregates: bool = False, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The rules (data.methods) behind a stock measure, and behind aggregates when shown."""
    keys = ("both-sexes", "immigrants-emigrants")
    if measure == "immigrants_pct_population":
        keys += ("share-of-population",)
    return keys + extra + (("stock-aggregates", "income-groups", "sums-over-members") if aggregates else ())


def _data_type_legend(lang: str) -> str:
    _ = translator(lang)
    return _(
        "Type of data (UN DESA), every code that applies: C foreign citizens, B foreign-born, "
        "I no data, imputed; R refugees added."
    )


def _with_coverage(rows: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Aggregate rows with the coverage of `measure` (each sum has its own: data.tables.aggregate)."""
    counted = rows[f"{measure}_countries"] if f"{measure}_countries" in rows else rows["countries"]
    return rows.assign(with_data=counted, coverage=counted / rows["members"] * 100)


def _coverage_notes(rows: pd.DataFrame, measure: str, lang: str) -> list[str]:
    """How many members each aggregate covers, and which are withheld (the World Bank's rule)."""
    _ = translator(lang)
    notes = [
        _(
            "Each sum covers the members with data (see the table); a sum with data for fewer than two "
            "thirds of its members is withheld, never shown as a fall."
        )
    ]
    rows = _with_coverage(rows, measure)
    thin = rows[rows[measure].isna() & (rows["with_data"] > 0) & (rows["with_data"] < COVERAGE_SHARE * rows["members"])]
    if not thin.empty:
        lookup = names(lang)
        places = sorted({lookup.get(code, code) for code in thin["area"]})
        notes.append(_("Withheld, too few members with data: {places}.").format(places=join_names(places, lang)))
    return notes


def _income_note(year: int, lang: str) -> str:
    """Which classification the income groups follow and who is not classified."""
    _ = translator(lang)
    areas = queries.select("areas", {"area": (NOT_CLASSIFIED_CODE,)})
    members = tuple(
        code
        for code in (areas["members"].iloc[0].split() if len(areas) else ())
        if code in queries.column_values("stocks-country", "country")
    )
    rows = (
        queries.select("stocks-country", {"country": members, "year": (year,), "sex": ("total",), "edition": ("2024",)})
        if members
        else pd.DataFrame()
    )
    unclassified = list(rows.sort_values("immigrants", ascending=False)["country"]) if len(rows) else []
    return _(
        "Income groups: the World Bank's classification of 1 July 2025 (fiscal year 2026), for every "
        'year; {the_places} have no group and are shown as "Not classified", so the groups add up to the '
        "world."
    ).format(**place_forms(unclassified, lang))


def _share_needs_both_sexes(state: dict, lang: str) -> str | None:
    _ = translator(lang)
    if state["measure"] == "immigrants_pct_population" and state["sex"] != "total":
        return _('Shares of population exist for both sexes only: choose "Both sexes".')
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
    notes = _measure_notes(measure, lang)
    if state["area"]:
        filters = {"area": state["area"], "sex": (sex,), "edition": ("2024",)}
        downloads.append(Download(_("Regions and groups"), "stocks-aggregates", filters))
        aggregates = queries.select("stocks-aggregates", filters)
        parts.append(_with_coverage(aggregates, measure).rename(columns={"area": "code"}))
        notes += _coverage_notes(aggregates, measure, lang)
        if (aggregates["kind"] == "wb_income_group").any():
            notes.append(_income_note(int(aggregates["year"].max()), lang))
        notes.append(repeated_in(None, lang))
    if state["country"]:
        notes += [*country_notes(state["country"], lang), _data_type_legend(lang)]
    content = ChartContent(
        title=title,
        subtitle=_subtitle(state, lang),
        downloads=downloads,
        sources=SHARE_SOURCES if _unit(measure) == "percent" else SOURCES,
        notes=[note for note in notes if note],
        methods=_measure_methods(
            measure,
            aggregates=bool(state["area"]),
            extra=(("data-type",) if state["country"] else ()) + methods_for(state["country"]),
        ),
    )
    content.empty = _share_needs_both_sexes(state, lang)
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["code", "year", measure])
    if content.empty is None and rows[measure].isna().all():
        content.empty = _("Choose at least one country or region with data.")
    if content.empty:
        return content
    drawn = largest_series(rows, state["country"] + state["area"], measure)
    order = {code: index for index, code in enumerate(drawn.order)}
    rows = rows.assign(name=rows["code"].map(lookup)).sort_values(
        ["code", "year"], key=lambda s: s.map(order) if s.name == "code" else s
    )
    if drawn.cut:
        content.title = _("{measure}: {places}, 1990-2024").format(measure=label, places=drawn.places(lang))
        content.subtitle = _subtitle(state, lang, drawn.subtitle(lang))
        content.notes.insert(0, drawn.note(label, lang))
    frame = rows[rows["code"].isin(drawn.codes)].dropna(subset=[measure])
    lines = pd.DataFrame(
        {
            "series": frame["name"],
            "x": frame["year"],
            "y": frame[measure],
            "hover": [
                f"{year}: {value_text(v, _unit(measure), lang)}" for year, v in zip(frame["year"], frame[measure])
            ],
        }
    )
    content.figure = figures.line_chart(lines, label, lang, percent=_unit(measure) == "percent")
    content.description = describe.joined(
        describe.only_sex(sex, lang),
        describe.series(frame.assign(value=frame[measure]), label, _unit(measure), lang, TREND_SENTENCES[measure]),
    )
    content.table = rows
    kind = "percent" if _unit(measure) == "percent" else "number"
    content.table_columns = [
        TableColumn("name", _("Country or region")),
        TableColumn("year", _("Year")),
        TableColumn(measure, label, kind),
    ]
    if state["country"]:
        content.table_columns.append(TableColumn("data_type", _("Type of data")))
    if state["area"]:
        content.table_columns += [
            TableColumn("with_data", _("Countries with data"), "number"),
            TableColumn("members", _("Members"), "number"),
        ]
    return content


def world_map(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    measure, sex, year = state["measure"], state["sex"], state["year"]
    label = _(STOCK_MEASURE_LABELS[measure])
    filters = {"year": (year,), "sex": (sex,), "edition": ("2024",)}
    notes = [*_measure_notes(measure, lang), counted_together(lang), repeated_in(year, lang), _data_type_legend(lang)]
    content = ChartContent(
        title=_("{measure} by country, {year}").format(measure=label, year=year),
        subtitle=_subtitle(state, lang, _("Grey: no data")),
        downloads=[Download(_("Countries"), "stocks-country", filters)],
        sources=SHARE_SOURCES if _unit(measure) == "percent" else SOURCES,
        notes=[note for note in notes if note],
        methods=_measure_methods(measure, extra=("data-type", "population-parts", "border-changes")),
    )
    content.empty = _share_needs_both_sexes(state, lang)
    if content.empty:
        return content
    content.description = describe.only_sex(sex, lang)
    content = country_map(
        content, queries.select("stocks-country", filters), measure, _unit(measure), label, year, lang
    )
    if content.empty is None:
        content.table_columns.append(TableColumn("data_type", _("Type of data")))
    return content


def top_partners(state: dict, lang: str) -> ChartContent:
    """Where a country's immigrants come from, or where its emigrants live."""
    _ = translator(lang)
    sex, year = state["sex"], state["year"]
    country = (state["country"] or ("MDA",))[0]
    lookup = names(lang)
    outward = state["measure"] == "emigrants"
    if outward:
        filters = {"origin": (country,), "year": (year,), "sex": (sex,)}
        title = _("Where emigrants from {the_country} live, {year}")
        partner, partner_label = "destination", _("Country of destination")
    else:
        filters = {"destination": (country,), "year": (year,), "sex": (sex,)}
        title = _("Where immigrants in {the_country} come from, {year}")
        partner, partner_label = "origin", _("Country of origin")
    content = ChartContent(
        title=title.format(**name_forms(country, lang), year=year),
        subtitle=_subtitle({**state, "measure": "immigrants"}, lang),
        downloads=[Download(_("Bilateral stocks"), "stocks-bilateral", filters)],
        sources=SOURCES,
        notes=[
            _("A country missing from the list has no estimate, which is not the same as zero."),
            *country_notes((country,), lang),
        ],
        methods=methods_for((country,)),
    )
    frame = queries.select("stocks-bilateral", filters).sort_values("migrants", ascending=False, kind="stable")
    if frame.empty:
        content.empty = _("UN DESA has no estimate for {the_country} in {year}.").format(
            **name_forms(country, lang), year=year
        )
        return content
    frame = frame.assign(
        name=frame[partner].map(lambda code: lookup.get(code, code)),
        share=frame["migrants"] / frame["migrants"].sum() * 100,
    )
    top = frame.head(TOP)
    content.subtitle = with_part(content.subtitle, largest_of(len(top), len(frame), lang))
    bars = pd.DataFrame(
        {
            "label": top["name"],
            "value": top["migrants"],
            "hover": [
                f"{value_text(v, 'persons', lang)} ({value_text(s, 'percent', lang)})"
                for v, s in zip(top["migrants"], top["share"])
            ],
        }
    )
    content.figure = figures.bar_chart(bars, _("people"), lang)
    content.description = describe.joined(
        describe.only_sex(sex, lang), _partners_text(frame, partner, outward, country, year, lang)
    )
    content.table = frame
    content.table_columns = [
        TableColumn("name", partner_label),
        TableColumn(partner, _("Code")),
        TableColumn("migrants", _("Migrants"), "number"),
        TableColumn("share", _("Share of total"), "percent"),
    ]
    return content


def _partners_text(frame: pd.DataFrame, partner: str, outward: bool, country: str, year: int, lang: str) -> str:
    """How many people, in or from how many places, and the largest of those places with their
    share (special origins such as "unknown" are counted, never named as places)."""
    _, ngettext = translator(lang), ntranslator(lang)
    total = int(frame["migrants"].sum())
    fields = {**name_forms(country, lang), "year": year, "count": describe.amount(total, "persons", lang)}
    partners = format_number(len(frame), lang)
    places = frame[~frame[partner].isin(SPECIAL_ORIGINS)].head(describe.LISTED)
    found = describe.listed_forms(
        list(places[partner]), [value_text(s, "percent", lang) for s in places["share"]], lang
    )
    if outward:
        return describe.joined(
            ngettext(
                "In {year}, {count} emigrant from {the_country} lived abroad.",
                "In {year}, {count} emigrants from {the_country} lived abroad.",
                total,
            ).format(**fields),
            ngettext("They lived in {count} country.", "They lived in {count} countries.", len(frame)).format(
                count=partners
            ),
            _("The largest numbers lived in {the_places}.").format(**found),
        )
    return describe.joined(
        ngettext(
            "In {year}, {count} immigrant lived in {the_country}.",
            "In {year}, {count} immigrants lived in {the_country}.",
            total,
        ).format(**fields),
        ngettext(
            "They came from {count} place of origin.", "They came from {count} places of origin.", len(frame)
        ).format(count=partners),
        _("The largest numbers came from {the_places}.").format(**found),
    )


def regions(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    measure, sex, year = state["measure"], state["sex"], state["year"]
    label = _(STOCK_MEASURE_LABELS[measure])
    areas = queries.select("areas", {}, lang)
    codes = tuple(areas.loc[areas["kind"].isin(["m49_region", "wb_income_group"]), "code"])
    filters = {"area": codes, "year": (year,), "sex": (sex,), "edition": ("2024",)}
    rows = queries.select("stocks-aggregates", filters)
    notes = [
        _(
            "Sums over member countries, computed by migdash: UN DESA's own regional figures for its 2024 "
            "edition are in a file we could not obtain, and may differ."
        ),
        *_coverage_notes(rows, measure, lang),
        _income_note(year, lang),
        *_measure_notes(measure, lang)[1:],
        counted_together(lang),
        repeated_in(year, lang),
    ]
    content = ChartContent(
        title=_("{measure} by region and income group, {year}").format(measure=label, year=year),
        subtitle=_subtitle(state, lang),
        downloads=[Download(_("Regions and groups"), "stocks-aggregates", filters)],
        sources=(*SOURCES, "ims2020_destination", "wdi_country_metadata"),
        notes=[note for note in notes if note],
        methods=_measure_methods(measure, aggregates=True, extra=("population-parts", "border-changes")),
    )
    content.empty = _share_needs_both_sexes(state, lang)
    if content.empty is None and rows[measure].isna().all():
        content.empty = _("No region has this figure for {year}.").format(year=year)
    if content.empty:
        return content
    kinds = {"m49_region": _("UN region"), "wb_income_group": _("Income group")}
    names_by_code = dict(zip(areas["code"], areas["name"]))
    rows = _with_coverage(rows, measure).assign(
        name=rows["area"].map(names_by_code),
        group=rows["kind"].map(kinds),
        unclassified=rows["area"] == NOT_CLASSIFIED_CODE,
    )  # after the four groups, whatever its size
    rows = rows.sort_values(["kind", "unclassified", measure], ascending=[False, True, False])
    frame = rows.dropna(subset=[measure])
    unit = _unit(measure)
    bars = pd.DataFrame(
        {"label": frame["name"], "value": frame[measure], "hover": [value_text(v, unit, lang) for v in frame[measure]]}
    )
    content.figure = figures.bar_chart(bars, label, lang, percent=unit == "percent")
    content.description = describe.joined(
        describe.only_sex(sex, lang),
        *(
            describe.extent(group.assign(value=group[measure]), kinds[kind], unit, lang)
            for kind, group in frame[~frame["unclassified"]].groupby("kind", sort=False)
        ),
    )
    content.table = rows
    content.table_columns = [
        TableColumn("name", _("Region or group")),
        TableColumn("group", _("Kind")),
        TableColumn(measure, label, "percent" if unit == "percent" else "number"),
        TableColumn("with_data", _("Countries with data"), "number"),
        TableColumn("members", _("Members"), "number"),
        TableColumn("coverage", _("Coverage"), "percent"),
    ]
    return content


def edition_revisions(state: dict, lang: str) -> ChartContent:
    """IMS 2020 against IMS 2024 for the measure chosen (immigrants or emigrants)."""
    measure = state["measure"] if state["measure"] in ("immigrants", "emigrants") else "immigrants"
    content = revisions(state, lang, measure)
    if state["measure"] == "immigrants_pct_population":
        _ = translator(lang)
        content.empty = _("The two editions are compared for immigrants and emigrants: choose one of them.")
    return content


EXPLORER = Explorer(
    path="/stocks",
    name=N_("Migrant stocks"),
    summary=N_(
        "How many international migrants live in each country, where they come from, "
        "and how that changed since 1990, by sex."
    ),
    order=10,
    params=STOCKS,
    cards=("stocks-trend", "stocks-map", "stocks-top", "stocks-regions", "stocks-revisions"),
    title=N_("International migrant stocks"),
    lead=N_(
        "People living outside their country of birth or citizenship, at mid-year, from UN "
        "DESA's International Migrant Stock 2024."
    ),
    controls=(
        Control("country", N_("Countries"), {"lg": 4}),
        Control("area", N_("Regions and groups"), {"lg": 4}),
        Control("year", N_("Year (map, rankings)"), {"lg": 2, "md": 4}),
        Control("measure", N_("Measure"), {"lg": 6, "md": 8}),
        Control("sex", N_("Sex"), {"lg": 6}, segmented=True),
    ),
)


for _name, _views, _render in (
    ("stocks-trend", ("chart", "table"), trend),
    ("stocks-map", ("map", "table"), world_map),
    ("stocks-top", ("chart", "table"), top_partners),
    ("stocks-regions", ("chart", "table"), regions),
):
    register_chart(Chart(_name, EXPLORER.path, EXPLORER.params, _views, _render))
# Both sexes in every year both editions cover: it reads neither the sex nor the year.
register_chart(
    Chart(
        "stocks-revisions",
        EXPLORER.path,
        tuple(param for param in EXPLORER.params if param.name in ("country", "area", "measure")),
        ("chart", "table"),
        edition_revisions,
    )
)
