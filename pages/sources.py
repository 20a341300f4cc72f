"""Sources: every official file the dashboard is built from, with edition, licence and link."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import html

from components import urls
from components.changes import updates_section
from components.shell import register_page
from data import queries
from data.methods import by_topic
from data.sources import publishers
from i18n import N_, format_date, resolve, translator

register_page(
    __name__,
    path="/sources",
    name=N_("Sources"),
    summary=N_(
        "Every official source behind the numbers: publisher, edition, licence, citation and where to download it."
    ),
    order=90,
    charts=False,  # plotly.js not fetched (app.py, MigdashDash)
)


def source_card(source, _, inputs: dict) -> dbc.Card:
    details = [
        (_("Edition"), _(source.edition)),
        (_("Licence"), html.A(source.licence, href=source.licence_url, rel="license")),
        (_("Official page"), html.A(source.url, href=source.url, className="text-break")),
        (_("Citation"), html.Span(source.citation, lang="en")),
    ]
    if source.note:
        details.append((_("Note"), _(source.note)))
    if source.key in inputs:
        details.append(
            (
                _("File used"),
                html.Span(
                    [html.Code(source.path), html.Br(), "SHA-256 ", html.Code(inputs[source.key]["sha256"][:16])],
                    className="text-break",
                ),
            )
        )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(_(source.title), className="h6 card-title"),
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


def build_summary(manifest: dict | None, lang: str) -> html.P:
    _ = translator(lang)
    if manifest is None:
        return html.P(_("The data has not been built yet: run `make setup`."), className="text-danger")
    built = format_date(dt.datetime.fromisoformat(manifest["built_at"]).date(), lang)
    return html.P(
        [
            _("Data version {version}, built on {date}.").format(version=manifest["data_version"], date=built),
            " ",
            html.A(_("Every dataset as CSV and JSON"), href=urls.api("datasets", "json")),
        ]
    )


def methods_section(lang: str) -> html.Section:
    """Every derivation rule (data.methods), each with the anchor chart cards link to."""
    _ = translator(lang)
    parts = [
        html.H2(_("Methods"), id="methods", className="h4 mt-5"),
        html.P(
            _(
                "How migdash derives every number it does not take as published: the rules "
                "below are applied by the data build, and each chart links to the ones behind "
                "its figures."
            ),
            className="text-body-secondary",
        ),
    ]
    for topic, methods in by_topic():
        parts.append(html.H3(_(topic), className="h5 mt-4"))
        parts.append(
            html.Dl(
                [
                    item
                    for m in methods
                    for item in (
                        html.Dt(_(m.title), id=m.anchor, className="mt-2"),
                        html.Dd(_(m.text), className="mb-2"),
                    )
                ],
                className="methods",
            )
        )
    return html.Section(parts, **{"aria-labelledby": "methods"})


def names_section(lang: str) -> html.Section:
    """Where each language's country names come from (data/un_names.py)."""
    _ = translator(lang)
    return html.Section(
        [
            html.H2(_("Country names"), id="names", className="h4 mt-5"),
            html.P(_("Countries and areas are named as the United Nations names them, in each language:")),
            html.Ul(
                [
                    html.Li(
                        _(
                            "English: as UN DESA names them in International Migrant Stock, with the "
                            "UN's renamings since (Türkiye, Netherlands (Kingdom of the)); Kosovo as UN "
                            "DESA writes it."
                        )
                    ),
                    html.Li(
                        _(
                            "French and Spanish: the short names of the UN Statistics Division's "
                            "Standard country or area codes for statistical use (M49), which are the "
                            "UN terminology's (UNTERM)."
                        )
                    ),
                    html.Li(
                        _(
                            "States that no longer exist (the former Sudan, Serbia and Montenegro, the "
                            "Netherlands Antilles), and Guernsey and Jersey apart: our own names."
                        )
                    ),
                ]
            ),
            html.P(
                _(
                    "The designations employed do not imply the expression of any opinion whatsoever "
                    "on the part of the United Nations concerning the legal status of any country, "
                    "territory, city or area or of its authorities, or concerning the delimitation of "
                    "its frontiers or boundaries."
                ),
                className="small text-body-secondary",
            ),
        ],
        **{"aria-labelledby": "names"},
    )


def layout(lang=None, **_query):
    lang = resolve(lang)
    _ = translator(lang)
    try:
        manifest = queries.manifest()
    except queries.NoData:
        manifest = None
    inputs = {item["key"]: item for item in (manifest or {}).get("inputs", [])}
    sections = [build_summary(manifest, lang)]
    for publisher, sources in publishers():
        sections.append(html.H2(_(publisher), className="h4 mt-4"))
        sections.append(dbc.Row([dbc.Col(source_card(source, _, inputs), lg=6) for source in sources], className="g-3"))
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
            updates_section(lang),
            names_section(lang),
            methods_section(lang),
        ]
    )
