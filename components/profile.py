"""Pieces of a country profile shared by the profile page and the printable brief: headline
figures (value, what, year, source, flags) and the peers table."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import pandas as pd
from dash import html

from components import urls
from components.labels import names, value_text
from components.programme import local_plain
from components.territories import country_notes
from data import queries
from data.countries import PLACED_IN_M49
from data.methods import METHODS
from data.profile import Facts, Figure, Rank, known_country
from data.sdg import INDICATORS, STATUS_LABELS, STATUS_RULE
from data.sources import SOURCES_BY_KEY
from i18n import (
    format_compact,
    format_number,
    format_ordinal,
    format_percent,
    format_period,
    ntranslator,
    translator,
)


@dataclass
class Headline:
    value: str
    label: str
    detail: str  # year · source · flags
    source: str  # a key of data.sources


def _detail(figure: Figure, lang: str, extra: str = "") -> str:
    _ = translator(lang)
    flags = [
        label
        for flag, label in (
            (figure.modelled, _("modelled")),
            (figure.projected, _("projection")),
            (figure.computed, _("computed")),
        )
        if flag
    ]
    parts = [str(figure.year), _(SOURCES_BY_KEY[figure.source].name), *flags]
    return " · ".join(part for part in (*parts, extra) if part)


def headlines(facts: Facts, lang: str) -> list[Headline]:
    """The profile's headline figures, those the data has, each with its year and source."""
    _ = translator(lang)
    items = []

    def share_of_population(pct: Figure | None) -> str:
        if not pct:
            return ""
        return _("{share} of the population in {year}").format(share=format_percent(pct.value, lang), year=pct.year)

    for figure, pct, label in (
        (facts.immigrants, facts.immigrants_pct, _("immigrants (international migrants living in the country)")),
        (
            facts.emigrants,
            facts.emigrants_pct,
            _("emigrants (people from the country, by birth or citizenship, living abroad)"),
        ),
    ):
        if figure:
            items.append(
                Headline(
                    format_compact(figure.value, lang),
                    label,
                    _detail(figure, lang, share_of_population(pct)),
                    figure.source,
                )
            )
    if facts.remittances_usd:
        items.append(
            Headline(
                value_text(facts.remittances_usd.value, "usd", lang),
                _("remittances received"),
                _detail(facts.remittances_usd, lang),
                facts.remittances_usd.source,
            )
        )
    if facts.remittances_pct_gdp:
        items.append(
            Headline(
                format_percent(facts.remittances_pct_gdp.value, lang),
                _("remittances as a share of GDP"),
                _detail(facts.remittances_pct_gdp, lang),
                facts.remittances_pct_gdp.source,
            )
        )
    if facts.net_migration:
        sign = "+" if facts.net_migration.value > 0 else ""
        projected = ""
        if facts.net_migration_projected:
            projected = _("{year} projection: {value}").format(
                year=facts.net_migration_projected.year,
                value=("+" if facts.net_migration_projected.value > 0 else "")
                + format_compact(facts.net_migration_projected.value, lang),
            )
        items.append(
            Headline(
                sign + format_compact(facts.net_migration.value, lang),
                _("net migration (arrivals minus departures)"),
                _detail(facts.net_migration, lang, projected),
                facts.net_migration.source,
            )
        )
    if facts.outflow and facts.inflow:
        items.append(
            Headline(
                _("{out} left · {into} arrived").format(
                    out=format_compact(facts.outflow.value, lang), into=format_compact(facts.inflow.value, lang)
                ),
                _("estimated migration flows over five years"),
                _detail(facts.outflow, lang),
                facts.outflow.source,
            )
        )
    return items


def rank_years(rank: Rank) -> str:
    """The years a rank compares: "2020", or "2023–2024" when members' latest years differ."""
    first, last = rank.years
    return str(last) if first == last else f"{first}–{last}"


def peers_table(facts: Facts, names: dict[str, str], lang: str) -> html.Table | None:
    _ = translator(lang)
    if not facts.ranks:
        return None
    measures = {"emigrants_pct": _("Emigrants as % of population"), "remittances_pct_gdp": _("Remittances as % of GDP")}
    rows = [
        html.Tr(
            [
                html.Td(names.get(rank.group, rank.group)),
                html.Td(measures[rank.measure]),
                html.Td(
                    _("{rank} of {size}").format(rank=format_ordinal(rank.rank, lang), size=rank.size),
                    className="text-end",
                ),
                html.Td(rank_years(rank), className="text-end"),
                html.Td(
                    _("{size} of {members}").format(size=rank.size, members=rank.members or rank.size),
                    className="text-end",
                ),
            ]
        )
        for rank in facts.ranks
    ]
    table = html.Table(
        [
            html.Caption(
                [
                    _("Rank among peers (1st = highest share), each country at its latest year with data"),
                    " ",
                    html.A(_(METHODS["peer-ranks"].title), href=urls.sources(lang, METHODS["peer-ranks"].anchor)),
                ],
                className="caption-top",
            ),
            html.Thead(
                html.Tr(
                    [
                        html.Th(_("Peer group"), scope="col"),
                        html.Th(_("Measure"), scope="col"),
                        html.Th(_("Rank"), scope="col", className="text-end"),
                        html.Th(_("Year"), scope="col", className="text-end"),
                        html.Th(_("Countries with data"), scope="col", className="text-end"),
                    ]
                )
            ),
            html.Tbody(rows),
        ],
        className="table table-sm peers-table",
    )
    if facts.iso3 not in PLACED_IN_M49:
        return table
    rule = METHODS["kosovo-in-southern-europe"]
    return html.Div(
        [
            table,
            html.P(
                [
                    _(
                        "Kosovo, which UN M49 counts within Serbia, is included in Europe and "
                        "Southern Europe: the World Bank "
                        "reports its remittances apart from Serbia's."
                    ),
                    " ",
                    html.A(_(rule.title), href=urls.sources(lang, rule.anchor)),
                ],
                className="small",
            ),
        ]
    )


def charts_country(chart, iso3: str) -> bool:
    """Whether `chart` can show `iso3`: a country its data lacks would fall back to the chart's
    default country (Moldova), so a profile would show another country's figures."""
    country = next((param for param in chart.params if param.name == "country"), None)
    return country is not None and iso3 in country.allowed_values()


def territory_notes(iso3: str, lang: str, heading_class: str = "h4") -> html.Section | None:
    """ "About these figures": what the country's figures cover (Serbia with Kosovo...) and the
    changes of borders behind them (Sudan and South Sudan...), on the profile and the brief."""
    _ = translator(lang)
    notes = country_notes((iso3,), lang)
    if not notes:
        return None
    return html.Section(
        [
            html.H2(_("About these figures"), className=heading_class),
            html.Ul([html.Li(note) for note in notes], className="territory-notes"),
        ],
        className="territory-notes-section mb-4",
    )


def known_iso3(iso3=None, **_variables) -> bool:
    """A page's path check: is `iso3` a country we have data for?"""
    return isinstance(iso3, str) and known_country(iso3.upper())


def country_subject(lang: str, iso3=None, **_variables) -> str | None:
    """The country a page's path names, in `lang`, for its title (None for an unknown code
    or before the data is built)."""
    try:
        return names(lang).get(iso3.upper()) if known_iso3(iso3) else None
    except queries.NoData:
        return None


def suggestions(code: str, lang: str, lookup: dict[str, str]) -> list[str]:
    """Countries whose code or name is close to what was typed."""
    countries = {iso3: name for iso3, name in lookup.items() if known_country(iso3)}
    typed = code.strip()
    by_name = difflib.get_close_matches(typed.lower(), [n.lower() for n in countries.values()], n=5, cutoff=0.5)
    by_code = difflib.get_close_matches(typed.upper(), list(countries), n=5, cutoff=0.6)
    lower = {name.lower(): iso3 for iso3, name in countries.items()}
    found = [lower[name] for name in by_name] + by_code
    return list(dict.fromkeys(found))[:6]


def not_found(iso3: str, lang: str):
    _ = translator(lang)
    lookup = names(lang)
    matches = suggestions(str(iso3)[:60], lang, lookup)
    return html.Div(
        [
            html.H1(_("No country with the code {code}").format(code=str(iso3)[:12])),
            html.P(_("Country profiles use ISO 3166 three-letter codes, such as MDA for Moldova."), className="lead"),
            *(
                [
                    html.P(_("Did you mean:")),
                    html.Ul(
                        [html.Li(html.A(f"{lookup[code]} ({code})", href=urls.country(code, lang))) for code in matches]
                    ),
                ]
                if matches
                else []
            ),
            html.P(html.A(_("See all country profiles"), href=urls.country(lang=lang))),
        ]
    )


# --- SDG indicators ----------------------------------------------------------------------------


def _sdg_value(value, unit: str, lang: str, signed: bool = False) -> str:
    """An SDG value as read: "4.7 %", "173.9 per 100,000"; `signed`, a change: "+1.2 points"."""
    _ = translator(lang)
    number = format_number(value, lang, decimals=1)
    if signed:
        number = ("+" if round(value, 1) > 0 else "") + number
        return _("{value} points").format(value=number) if unit == "percent" else number
    return format_percent(value, lang) if unit == "percent" else _("{value} per 100,000").format(value=number)


SDG_BADGES = {"met": "success", "on_track": "info", "off_track": "danger", "no_target": "light", "no_data": "light"}
PROGRAMME_SHOWN = 3  # programme indicators listed beside an SDG indicator; the others are counted


def programme_by_sdg_target(iso3: str) -> tuple[dict[str, list], bool]:
    """The country's programme indicators by the SDG target they are tagged with ("10.c": rows),
    and whether the programme data is demo data; empty without programme data."""
    try:
        if iso3 not in queries.column_values("programme-indicators", "country"):
            return {}, False
        rows = queries.select("programme-indicators", {"country": (iso3,)})
    except queries.NoData:
        return {}, False
    tagged: dict[str, list] = {}
    for row in rows.itertuples():
        for tag in str(row.sdg_targets or "").split(";"):
            if tag:
                tagged.setdefault(tag, []).append(row)
    return tagged, bool(rows["demo_data"].any()) if len(rows) else False


def _programme_cell(iso3: str, target: str, tagged: dict, demo: bool, lang: str, compact: bool = False):
    """The programme's indicators tagged with `target`: the first few with their progress, the
    count of the others and a link to all of them; `compact` (the brief), their count and
    average progress with how many lack a value; a demo mark when they are demo data."""
    _ = translator(lang)
    ngettext = ntranslator(lang)
    rows = tagged.get(target, []) if target else []
    if not rows:
        return "–"
    if compact:
        progress = [float(item.progress) for item in rows if not pd.isna(item.progress)]
        text = ngettext(
            "{count} indicator, average progress {share}, {missing} without a value",
            "{count} indicators, average progress {share}, {missing} without a value",
            len(rows),
        ).format(
            count=len(rows),
            share=format_percent(sum(progress) / len(progress) * 100 if progress else None, lang, 0),
            missing=len(rows) - len(progress),
        )
        return _("{summary} (demo data)").format(summary=text) if demo else text
    items = [
        html.Li(
            [
                local_plain(item, "name", lang),
                ": ",
                format_percent(float(item.progress) * 100, lang, 0)
                if not pd.isna(item.progress)
                else _("no value reported"),
            ]
        )
        for item in rows[:PROGRAMME_SHOWN]
    ]
    more = len(rows) - PROGRAMME_SHOWN
    link = urls.href("/programme", lang, country=iso3, sdg=target)
    return html.Div(
        [
            *([html.Span(_("Demo data"), className="badge text-bg-warning mb-1")] if demo else []),
            html.Ul(items, className="list-unstyled mb-0 small"),
            html.A(
                ngettext("and {count} more", "and {count} more", more).format(count=more)
                if more > 0
                else _("See them in the programme"),
                href=link,
                className="small",
            ),
        ],
        className="sdg-programme",
    )


def sdg_section(iso3: str, lang: str, heading_class: str = "h4", compact: bool = False) -> html.Section:
    """ "SDG indicators" of a profile and a brief: each indicator's number and name, latest value
    and period, trend since 2015, target and status (data.sdg), and beside it the programme's
    indicators tagged with the same SDG target, flagged as demo data when they are (`compact`,
    the brief's two pages: their count and average progress, and no context rows, whose shares
    are among the brief's key figures)."""
    _ = translator(lang)
    if iso3 not in queries.column_values("sdg-indicators", "country"):
        rows = {}
    else:
        rows = queries.select("sdg-indicators", {"country": (iso3,)}).set_index("indicator").to_dict("index")
    tagged, demo = programme_by_sdg_target(iso3)
    body = []
    for indicator in INDICATORS:
        if compact and not indicator.number:  # the brief's key figures give these shares already
            continue
        row = rows.get(indicator.code)
        number = indicator.number or _("Context")
        name = html.Td([html.Span(number, className="sdg-number fw-semibold me-1"), _(indicator.name)])
        if row is None:
            latest, trend = _("No data"), "–"
            status = "no_data"
        else:
            latest = _("{value} in {period}").format(
                value=_sdg_value(row["value"], indicator.unit, lang),
                period=format_period(row["period"], lang, short=compact),
            )
            if indicator.code == "10.c.1" and not pd.isna(row["corridors"]):
                latest += " · " + _("{above} of {count} corridors above 5 %").format(
                    above=int(row["corridors_above_5"]), count=int(row["corridors"])
                )
            trend = (
                _("{change} since {period} ({baseline})").format(
                    change=_sdg_value(row["change"], indicator.unit, lang, signed=True),
                    period=format_period(row["baseline_period"], lang, short=compact),
                    baseline=_sdg_value(row["baseline_value"], indicator.unit, lang),
                )
                if isinstance(row["baseline_period"], str)
                else _("no earlier value since 2015")
            )
            status = row["status"]
        target = (
            _("average below 3 %, no corridor above 5 %, by 2030")
            if indicator.target is not None
            else _("no numeric target")
        )
        programme = _programme_cell(iso3, indicator.sdg_target, tagged, demo, lang, compact)
        badge = html.Span(
            _(STATUS_LABELS[status]),
            className=f"badge text-bg-{SDG_BADGES[status]} sdg-status",
            **{"data-status": status},
        )
        if compact:  # the brief: one item a line, the target only where there is one
            body.append(
                html.Li(
                    [
                        html.Strong(indicator.number),
                        " ",
                        _("{name}: {latest}; {trend}.").format(name=_(indicator.name), latest=latest, trend=trend),
                        " ",
                        badge,
                        *([" ", _("(target: {target})").format(target=target)] if indicator.target is not None else []),
                        *(
                            [
                                " ",
                                _("Programme indicators for the same SDG target: {summary}.").format(summary=programme),
                            ]
                            if programme != "–"
                            else []
                        ),
                    ],
                    **{"data-indicator": indicator.code},
                )
            )
            continue
        cells = [name, html.Td(latest), html.Td(trend), html.Td(target), html.Td(badge), html.Td(programme)]
        body.append(html.Tr(cells, **{"data-indicator": indicator.code}))
    rule = METHODS["sdg-status"]
    if compact:
        return html.Section(
            [
                html.H2(_("SDG indicators"), className=heading_class),
                html.Ul(body, className="sdg-brief mb-1"),
                html.P(
                    _(
                        "Status: met when below the target; on track when the straight line from 2015 to the "
                        "latest value reaches it by the end of 2030; off track otherwise (the rule in full: "
                        "the live page)."
                    ),
                    className="brief-detail",
                ),
            ],
            className="sdg-section brief-narrative",
            id="sdg",
        )
    return html.Section(
        [
            html.H2(_("SDG indicators"), className=heading_class),
            html.Div(
                html.Table(
                    [
                        html.Caption(
                            _("Migration-related SDG indicators, latest value and trend since 2015"),
                            className="visually-hidden",
                        ),
                        html.Thead(
                            html.Tr(
                                [
                                    html.Th(label, scope="col")
                                    for label in (
                                        _("Indicator"),
                                        _("Latest value"),
                                        _("Trend since 2015"),
                                        _("Target"),
                                        _("Status"),
                                        _("Programme indicators for the same SDG target"),
                                    )
                                ]
                            )
                        ),
                        html.Tbody(body),
                    ],
                    className="table table-sm sdg-table mb-1",
                ),
                className="table-responsive",
            ),
            html.P(
                [
                    _(STATUS_RULE),
                    " ",
                    html.A(_(rule.title), href=urls.sources(lang, rule.anchor)),
                ],
                className="small text-body-secondary",
            ),
        ],
        className="sdg-section mb-4",
        id="sdg",
    )
