"""Pieces of a country profile shared by the profile page and the printable brief: headline
figures (value, what, year, source, flags) and the peers table."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from dash import html

from components import urls
from components.labels import names, value_text
from components.territories import country_notes
from data import queries
from data.countries import PLACED_IN_M49
from data.methods import METHODS
from data.profile import Facts, Figure, Rank, known_country
from data.sources import SOURCES_BY_KEY
from i18n import format_compact, format_ordinal, format_percent, translator


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
