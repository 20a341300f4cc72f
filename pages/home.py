"""Home: what the dashboard is, where to go next, and where the programme works."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids, urls
from components.figures import highlighted_countries_map
from components.graph import graph
from components.headline import headline
from components.shell import PRODUCT_NAME, PRODUCT_SUMMARY, nav_pages, register_page
from data import queries
from data.countries import PROGRAMME_COUNTRIES, country_name, sort_key
from i18n import N_, format_compact, format_number, format_percent, ntranslator, resolve, translator

register_page(__name__, path="/", name=N_("Home"), summary=PRODUCT_SUMMARY, order=0)


def world_figures(lang: str) -> list:
    """Three world figures from IMS 2024: migrants, women's share, growth since 1990."""
    _, ngettext = translator(lang), ntranslator(lang)
    try:
        world = queries.select("stocks-aggregates", {"area": ("WLD",), "edition": ("2024",)}).set_index(["year", "sex"])
    except queries.NoData as error:
        return [html.P(_(error.message), className="text-danger")]
    first, last = world.index.get_level_values("year").min(), world.index.get_level_values("year").max()
    total, female = world.loc[(last, "total"), "immigrants"], world.loc[(last, "female"), "immigrants"]
    growth = (total / world.loc[(first, "total"), "immigrants"] - 1) * 100
    source = _("UN DESA, International Migrant Stock 2024")
    members = int(world.loc[(last, "total"), "members"])
    coverage = ngettext(
        "{countries} of {members} country or area", "{countries} of {members} countries and areas", members
    ).format(
        countries=format_number(world.loc[(last, "total"), "countries"], lang), members=format_number(members, lang)
    )
    cards = [
        headline(
            format_compact(total, lang), _("international migrants in the world"), f"{last} · {source} · {coverage}"
        ),
        headline(format_percent(female / total * 100, lang), _("of them are women"), f"{last} · {source}"),
        headline(
            "+" + format_percent(growth, lang, decimals=0),
            _("more migrants than in {year}").format(year=first),
            f"{first}–{last} · {source}",
        ),
    ]
    return [dbc.Row([dbc.Col(card, md=4) for card in cards], className="g-3")]


def layout(lang=None, **_query):
    return home(resolve(lang), urls.base())


@queries.cached
def home(lang: str, _base: str):
    """The home page in `lang` (cached like query results; `_base`, the app's URL prefix,
    keys it because its links carry it)."""
    _, ngettext = translator(lang), ntranslator(lang)
    programme = sorted(
        ((code, country_name(code, lang)) for code in PROGRAMME_COUNTRIES),
        key=lambda pair: sort_key(pair[1], lang),
    )
    explore = [
        dbc.Col(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H3(
                            dcc.Link(_(page["name"]), href=urls.href(page["path"], lang), className="stretched-link"),
                            className="h5 card-title",
                        ),
                        html.P(_(page["summary"]), className="card-text small mb-0"),
                    ]
                ),
                className="h-100 shadow-sm",
            ),
            md=6,
            lg=4,
        )
        for page in nav_pages()
        if page["path"] != "/"
    ]
    return html.Div(
        [
            html.H1(_(PRODUCT_NAME), className="display-6"),
            html.P(_(PRODUCT_SUMMARY), className="lead"),
            html.H2(_("The world in three numbers"), className="visually-hidden"),
            *world_figures(lang),
            html.H2(_("Explore"), className="h4 mt-4"),
            dbc.Row(explore, className="g-3"),
            html.H2(_("Where the programme works"), className="h4 mt-5"),
            html.P(
                ngettext(
                    'The joint IOM-UNDP programme "Mainstreaming Migration into National '
                    'Development Strategies" works with the government of {count} country.',
                    'The joint IOM-UNDP programme "Mainstreaming Migration into National '
                    'Development Strategies" works with the governments of {count} countries.',
                    len(programme),
                ).format(count=len(programme))
            ),
            dbc.Row(
                [
                    dbc.Col(
                        graph(
                            ids.HOME_PROGRAMME_MAP,
                            highlighted_countries_map(
                                [code for code, _name in programme],
                                [name for _code, name in programme],
                                _("Programme country"),
                                links=[urls.programme(code, lang) for code, _name in programme],
                            ),
                            lang,
                            filename="migdash-programme-countries",
                        ),
                        lg=9,
                    ),
                    dbc.Col(
                        html.Ul(
                            [html.Li(dcc.Link(name, href=urls.programme(code, lang))) for code, name in programme],
                            className="programme-list",
                        ),
                        lg=3,
                    ),
                ],
                className="align-items-center",
            ),
        ]
    )
