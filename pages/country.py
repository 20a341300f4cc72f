"""/country/<ISO3>: one country's migration and remittances on one page, with its
narrative, peers and a printable brief."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids, urls
from components.changes import revisions_section
from components.chart_card import CHARTS, chart_card, spec
from components.headline import headline
from components.labels import names
from components.narrative import sentences
from components.params import TARGET
from components.profile import (
    charts_country,
    country_subject,
    headlines,
    known_iso3,
    not_found,
    peers_table,
    sdg_section,
    territory_notes,
)
from components.programme import profile_section
from components.savings import target_slider
from components.shell import register_page
from components.url_state import from_values, parse
from components.view import data_required, notices_alert, page_query
from data import queries
from data.profile import country_facts
from i18n import N_, resolve, translator
from programme.summaries import country_summary

register_page(
    __name__,
    path_template="/country/<iso3>",
    name=N_("Country profile"),
    summary=N_("One country's migrants, emigrants, remittances and flows, compared with its peers."),
    nav=False,
    path_check=known_iso3,
    subject=country_subject,
)

# The cards of a profile: (card id suffix, chart, view state beyond the country).
CARDS = (
    ("emigrants-trend", "stocks-trend", {"measure": "emigrants"}),
    ("immigrants-trend", "stocks-trend", {"measure": "immigrants"}),
    ("destinations", "stocks-top", {"measure": "emigrants"}),
    ("origins", "stocks-top", {"measure": "immigrants"}),
    ("revisions", "stocks-revisions", {"measure": "emigrants"}),
    ("remittances", "remittances-trend", {"measure": "inflow_pct_gdp"}),
    ("senders", "remittances-senders", {}),
    ("costs", "remittance-costs", {}),
    ("net-migration", "net-migration", {}),
    ("refugees", "refugees-trend", {}),
)


def programme_section(iso3: str, lang: str):
    """The country's programme progress, when it has programme data."""
    summary = country_summary(iso3)
    return profile_section(iso3, summary, queries.programme_version().is_demo, lang) if summary else None


@data_required
def layout(iso3=None, lang=None, **query):
    lang = resolve(lang)
    if not known_iso3(iso3):
        return not_found(iso3, lang)
    parsed = parse([TARGET], query)  # the savings calculator's target, the page's one setting
    notices = notices_alert(parsed, lang)
    return html.Div([notices, profile(iso3.upper(), lang, urls.base(), parsed.state[TARGET.name])])


def savings_section(iso3: str, target: float, lang: str):
    """The savings calculator: the target slider and the savings card, which follows it
    (callbacks.savings), with the page's own URL state; None where KNOMAD estimates no
    remittances to the country."""
    _ = translator(lang)
    chart = CHARTS["remittance-savings"]
    if not charts_country(chart, iso3) or queries.remittance_savings(iso3) is None:
        return None
    state = from_values(list(chart.params), {"country": [iso3], "target": target})
    return html.Section(
        [
            dcc.Location(id=ids.view_url(ids.PROFILE), search=page_query([TARGET], state, lang), refresh=False),
            html.H2(_("What families would keep if sending money cost less"), className="h4"),
            html.Div(
                target_slider(ids.PROFILE, TARGET.name, target, iso3, _("Target cost of sending money"), lang),
                className="card card-body bg-light mb-3 view-controls",
            ),
            chart_card("country-savings", chart.name, lang, spec(chart, state, lang)),
        ],
        className="mb-4 savings-section",
    )


@queries.cached
def profile(iso3: str, lang: str, _base: str, target: float = TARGET.default):
    """The profile of a known country at a checked savings target (cached like query results:
    building it takes ~0.1 s of pandas; `_base`, the app's URL prefix, keys it because its
    links carry it)."""
    _ = translator(lang)
    facts = country_facts(iso3)
    lookup = names(lang)
    groups = [lookup[facts.subregion or facts.region]] if facts.subregion or facts.region else []
    if facts.income_group:
        groups.append(_("{group} (World Bank, July 2025)").format(group=lookup[facts.income_group]))
    cards = []
    for suffix, chart_name, extra in CARDS:
        chart = CHARTS[chart_name]
        if not charts_country(chart, iso3):
            continue
        state = from_values(list(chart.params), {"country": [iso3], **extra})
        cards.append(dbc.Col(chart_card(f"country-{suffix}", chart_name, lang, spec(chart, state, lang)), lg=6))
    peers = peers_table(facts, lookup, lang)
    return html.Div(
        [
            html.Div(
                [
                    html.H1(lookup.get(iso3, iso3), className="mb-1"),
                    html.P(
                        [
                            " · ".join(groups),
                            *(
                                [" ", dbc.Badge(_("Programme country"), color="primary", class_name="ms-1")]
                                if facts.programme
                                else []
                            ),
                        ],
                        className="text-body-secondary",
                    ),
                ]
            ),
            html.Div(
                [
                    dbc.Button(
                        _("Printable brief"),
                        href=urls.brief(iso3, lang),
                        external_link=True,
                        color="primary",
                        class_name="me-2",
                        target="_blank",
                    ),
                    dbc.Button(
                        _("Brief as PDF"),
                        href=urls.brief(iso3, lang, pdf=True),
                        external_link=True,
                        color="primary",
                        outline=True,
                        target="_blank",
                    ),
                ],
                className="mb-4",
            ),
            dbc.Row(
                [dbc.Col(headline(item.value, item.label, item.detail), md=6, lg=4) for item in headlines(facts, lang)],
                className="g-3 mb-4",
            ),
            territory_notes(iso3, lang),
            html.Section(
                [
                    html.H2(_("In brief"), className="h4"),
                    html.Div(
                        [html.P(text) for text in sentences(facts, lookup, lang, revision=True)], className="narrative"
                    ),
                ],
                className="mb-4",
            ),
            programme_section(iso3, lang),
            savings_section(iso3, target, lang),
            sdg_section(iso3, lang),
            html.H2(_("Trends, partners and remittances"), className="h4"),
            dbc.Row(cards, className="g-3"),
            *(
                [html.Section([html.H2(_("Compared with peers"), className="h4"), peers], className="mt-2")]
                if peers
                else []
            ),
            revisions_section(iso3, lang),
        ]
    )
