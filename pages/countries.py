"""/country: pick a country profile (programme countries first), or find one by typing.

The search box filters the list as you type, in the browser (assets/country_search.js), with
no round trip: accents and case are ignored, every word typed must begin a word of the name
(in the page's language or English) or the ISO code, and Enter opens the first match. The
list flows down its columns, in the language's alphabetical order.
"""

from __future__ import annotations

from dash import dcc, html

from components import ids, urls
from components.shell import register_page
from components.view import country_options, data_required
from data import queries
from data.countries import PROGRAMME_COUNTRIES, country_name
from i18n import N_, ntranslator, resolve, translator

register_page(
    __name__,
    path="/country",
    name=N_("Country profiles"),
    summary=N_(
        "One page per country: headline figures with their year and source, a plain-language "
        "summary, comparison with peers, and a printable brief."
    ),
    order=5,
    charts=False,  # plotly.js not fetched (app.py, MigdashDash)
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
            html.H2(_("All countries and areas"), className="h5", id=f"{ids.COUNTRY_LIST}-heading"),
            search_box(lang, len(options)),
            html.Ul(
                [
                    html.Li(
                        dcc.Link(option["label"], href=urls.country(option["value"], lang)),
                        **{
                            "data-search": " ".join(
                                dict.fromkeys((option["label"], country_name(option["value"], "en"), option["value"]))
                            )
                        },
                    )
                    for option in options
                ],
                id=ids.COUNTRY_LIST,
                className="country-columns list-unstyled small",
                **{"aria-labelledby": f"{ids.COUNTRY_LIST}-heading"},
            ),
        ]
    )


def search_box(lang: str, total: int) -> html.Div:
    """The search box and the status line that says how many places match, worded per
    language: the script picks the plural form (Intl.PluralRules) among those given here. The
    settings are on the wrapper: Dash's inputs take no data- attributes."""
    _, ngettext = translator(lang), ntranslator(lang)
    counts = {
        "data-one": ngettext("{count} country or area", "{count} countries and areas", 1),
        "data-other": ngettext("{count} country or area", "{count} countries and areas", 2),
        "data-none": _("No country or area matches your search."),
        "data-lang": lang,
    }
    return html.Div(
        [
            html.Label(_("Find a country or area"), htmlFor=ids.COUNTRY_SEARCH, className="form-label"),
            dcc.Input(
                id=ids.COUNTRY_SEARCH,
                type="search",
                className="form-control",
                autoComplete="off",
                spellCheck="false",
            ),
            html.Div(
                _("Type part of a name or an ISO code; Enter opens the first country listed."),
                className="form-text",
            ),
            html.P(
                ngettext("{count} country or area", "{count} countries and areas", total).format(count=total),
                id=ids.COUNTRY_SEARCH_STATUS,
                role="status",
                className="small text-muted mt-1 mb-2",
                **counts,
            ),
        ],
        className="country-search mb-3",
        **{"data-filters": ids.COUNTRY_LIST, "data-status": ids.COUNTRY_SEARCH_STATUS},
    )
