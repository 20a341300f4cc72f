"""Sources: every official file the dashboard is built from, with edition, licence and link."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from components.shell import register_page
from data.sources import publishers
from i18n import N_, translator

register_page(
    __name__,
    path="/sources",
    name=N_("Sources"),
    summary=N_(
        "Every official source behind the numbers: publisher, edition, licence, citation and "
        "where to download it."
    ),
    order=90,
)


def source_card(source, _) -> dbc.Card:
    details = [
        (_("Edition"), source.edition),
        (_("Licence"), html.A(source.licence, href=source.licence_url, rel="license")),
        (_("Official page"), html.A(source.url, href=source.url, className="text-break")),
        (_("Citation"), source.citation),
    ]
    if source.note:
        details.append((_("Note"), _(source.note)))
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(source.title, className="h6 card-title"),
                html.Dl(
                    [
                        part
                        for term, value in details
                        for part in (html.Dt(term, className="col-sm-3"), html.Dd(value, className="col-sm-9"))
                    ],
                    className="source-details row small mb-0",
                ),
            ]
        ),
        className="h-100",
    )


def layout(lang=None, **_query):
    _ = translator(lang)
    sections = []
    for publisher, sources in publishers():
        sections.append(html.H2(publisher, className="h4 mt-4"))
        sections.append(
            dbc.Row([dbc.Col(source_card(source, _), lg=6) for source in sources], className="g-3")
        )
    return html.Div(
        [
            html.H1(_("Sources")),
            html.P(
                _(
                    "The dashboard is built from the official files below. Numbers are shown "
                    "as published; where we derive a value (a share, a sum of female and "
                    "male, a regional total) the chart says how."
                ),
                className="lead",
            ),
            *sections,
        ]
    )
