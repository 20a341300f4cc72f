"""/country: pick a country profile (programme countries first)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import urls
from components.shell import register_page
from components.view import country_options, data_required
from data import queries
from data.countries import PROGRAMME_COUNTRIES
from i18n import N_, resolve, translator

register_page(
    __name__,
    path="/country",
    name=N_("Country profiles"),
    summary=N_(
        "One page per country: headline figures with their year and source, a plain-language "
        "summary, comparison with peers, and a printable brief."
    ),
    order=5,
)


@data_required
def layout(lang=None, **_query):
    lang = resolve(lang)
    _ = translator(lang)
    codes = queries.column_values("stocks-country", "country")
    options = country_options(lang, codes)
    programme = list(country_options(lang, PROGRAMME_COUNTRIES))
    return html.Div(
        [
            html.H1(_("Country profiles")),
            html.P(
                _(
                    "Choose a country to see its migrants, emigrants and remittances, with a "
                    "summary in plain words and a brief to print."
                ),
                className="lead",
            ),
            html.H2(_("Programme countries"), className="h5"),
            html.Ul(
                [html.Li(dcc.Link(option["label"], href=urls.country(option["value"], lang))) for option in programme],
                className="programme-list mb-4",
            ),
            html.H2(_("All countries and areas"), className="h5"),
            dbc.Row(
                [
                    dbc.Col(
                        html.Ul(
                            [
                                html.Li(dcc.Link(option["label"], href=urls.country(option["value"], lang)))
                                for option in options[i::3]
                            ],
                            className="list-unstyled small",
                        ),
                        md=4,
                    )
                    for i in range(3)
                ]
            ),
        ]
    )
