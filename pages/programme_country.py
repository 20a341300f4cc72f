"""/programme/<ISO3>: one country's programme results — who works on it, headline figures,
the results tree with every indicator's progress, one indicator's chart (chosen in the tree,
kept in the URL), the work plan, milestones with evidence and capacity building."""

from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
from dash import html

from components import urls
from components.chart_card import CHARTS, VIEW, chart_card, spec, view_param
from components.labels import by_name, names, place_forms
from components.params import PROGRAMME, PROGRAMME_COUNTRY
from components.profile import not_found
from components.programme import STALE_RULE, demo_banner, headlines, results_tree
from components.shell import register_page
from components.url_state import from_values, parse
from components.view import data_required, notices_alert
from data import queries
from data.countries import name_forms
from i18n import N_, format_date, resolve, translator
from programme.summaries import as_of_period, country_summary, programme_countries, selected_indicator

register_page(
    __name__,
    path_template="/programme/<iso3>",
    name=N_("Programme results"),
    summary=N_(
        "A country's programme results: indicators against targets, work plan, milestones and capacity building."
    ),
    nav=False,
    path_check=lambda iso3=None, **_variables: is_programme_country(iso3),
)

COUNTRY_CARDS = ("programme-activities", "programme-milestones", "programme-capacity")


def is_programme_country(iso3) -> bool:
    """The path check (a 404 status otherwise): a country with programme data."""
    try:
        return isinstance(iso3, str) and iso3.upper() in programme_countries()
    except queries.NoData:
        return False


@data_required
def layout(iso3=None, lang=None, **query):
    lang = resolve(lang)
    _ = translator(lang)
    code = str(iso3 or "").upper()
    if code not in programme_countries():
        if code not in queries.column_values("countries", "iso3"):
            return not_found(iso3, lang)
        return html.Div(
            [
                html.H1(_("No programme data for {the_country}").format(**name_forms(code, lang))),
                html.P(
                    _("The programme works in {the_places}.").format(
                        **place_forms(by_name(programme_countries(), lang), lang, limit=len(programme_countries()))
                    )
                ),
                html.P(
                    [
                        html.A(_("See the programme portfolio"), href=urls.programme(lang=lang)),
                        " · ",
                        html.A(_("Country profile"), href=urls.country(code, lang)),
                    ]
                ),
            ]
        )
    tab = view_param([CHARTS[name] for name in ("programme-indicator", *COUNTRY_CARDS)])
    parsed = parse([*PROGRAMME_COUNTRY, tab], {**query, "country": code})  # the path's country, always
    notices = notices_alert(parsed, lang)
    state = parsed.state
    return html.Div([notices, results_page(code, state["indicator"], state[VIEW], lang, urls.base())])


@queries.cached
def results_page(code: str, indicator_id: str, view: str, lang: str, _base: str):
    """A programme country's page for a checked indicator, its cards open on tab `view`
    (cached like query results: the results tree and summaries take ~0.1 s of pandas;
    `_base`, the app's URL prefix, keys it because its links carry it)."""
    _ = translator(lang)
    lookup = names(lang)
    state = parse(list(PROGRAMME_COUNTRY), {"country": code, "indicator": indicator_id}).state
    derived = queries.programme_tables_now()
    info = derived["countries"].set_index("country").loc[code]
    summary = country_summary(code)
    version = queries.programme_version()
    indicator = selected_indicator(derived["indicators"], code, state["indicator"])
    period = as_of_period(derived["as_of"]["as_of"].iloc[0])
    indicator_state = {**state, "indicator": indicator["indicator_id"]} if indicator is not None else state
    facts = [
        (_("Government counterpart"), info["government_counterpart"]),
        (_("Coordination mechanism"), info["coordination_mechanism"]),
        (_("IOM focal point"), info["iom_focal_point"]),
        (_("UNDP focal point"), info["undp_focal_point"]),
        (_("In the programme since"), format_date(date.fromisoformat(info["joined_date"]), lang)),
    ]
    # Full width: time lines with long item names need the room.
    cards = [
        dbc.Col(
            chart_card(
                f"programme-country-{name}",
                name,
                lang,
                spec(CHARTS[name], from_values(list(PROGRAMME), {"country": [code]}), lang),
                view=view,
            ),
            lg=12,
        )
        for name in COUNTRY_CARDS
    ]
    return html.Div(
        [
            *([demo_banner(lang)] if version.is_demo else []),
            html.H1(_("{country}: programme results").format(country=lookup.get(code, code)), className="mb-1"),
            html.P(
                [
                    html.A(_("Country profile"), href=urls.country(code, lang)),
                    " · ",
                    html.A(_("All programme countries"), href=urls.programme(lang=lang)),
                ],
                className="text-body-secondary",
            ),
            html.Dl(
                [
                    part
                    for label, value in facts
                    if isinstance(value, str)
                    for part in (html.Dt(label, className="col-sm-3"), html.Dd(value, className="col-sm-9"))
                ],
                className="row small programme-facts mb-3",
            ),
            headlines(*summary, lang) if summary else None,
            dbc.Row(
                [
                    dbc.Col(
                        html.Section(
                            [
                                html.H2(_("Results framework"), className="h4"),
                                html.P(_(STALE_RULE).format(period=period), className="small text-body-secondary")
                                if derived["indicators"].query("country == @code")["stale"].any()
                                else None,
                                results_tree(derived["results"], derived["indicators"], code, lang, period),
                            ]
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        html.Div(
                            chart_card(
                                "programme-indicator",
                                "programme-indicator",
                                lang,
                                spec(CHARTS["programme-indicator"], indicator_state, lang),
                                view=view,
                            ),
                            className="sticky-lg-top indicator-panel",
                        ),
                        lg=6,
                    ),
                ],
                className="g-3",
            ),
            html.H2(_("Work plan, milestones and capacity building"), className="h4 mt-2"),
            dbc.Row(cards, className="g-3"),
        ]
    )
