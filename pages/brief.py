"""/brief/<ISO3>: a country brief for ministers, on at most two A4 pages.

Key figures with year and source, the narrative, four small charts, the sources with their
editions, the data date and the address of the live page. The browser's print gives the same
pages as /brief/<ISO3>.pdf (web.brief_pdf prints this page with headless chromium).
"""

from __future__ import annotations

import datetime as dt

from dash import dcc, html
from flask import has_request_context, request

from components import urls
from components.chart_card import CHARTS
from components.graph import graph_config
from components.labels import names
from components.narrative import sentences
from components.profile import headlines, known_iso3, not_found
from components.shell import PRODUCT_NAME, register_page
from components.url_state import from_values
from components.view import data_required
from data import queries
from data.profile import country_facts
from data.sources import SOURCES_BY_KEY
from i18n import N_, format_date, resolve, translator

register_page(
    __name__,
    path_template="/brief/<iso3>",
    name=N_("Country brief"),
    summary=N_("A two-page printable brief on a country's migration and remittances."),
    nav=False,
    path_check=known_iso3,
)

# Small charts of the brief: (chart, view state beyond the country).
CHARTS_IN_BRIEF = (
    ("stocks-trend", {"measure": "emigrants"}),
    ("stocks-top", {"measure": "emigrants"}),
    ("remittances-trend", {"measure": "inflow_pct_gdp"}),
    ("net-migration", {}),
)


def small_chart(chart_name: str, extra: dict, iso3: str, lang: str):
    chart = CHARTS[chart_name]
    content = chart.render(from_values(list(chart.params), {"country": [iso3], **extra}), lang)
    if content.empty or content.figure is None:
        return None, []
    figure = {"data": content.figure["data"], "layout": {**content.figure["layout"], "height": 230,
                                                          "font": {**content.figure["layout"]["font"], "size": 10},
                                                          "margin": {"l": 5, "r": 5, "t": 24, "b": 5}}}
    config = {**graph_config(), "staticPlot": True}
    return html.Figure([
        html.Figcaption(content.title, className="brief-chart-title"),
        dcc.Graph(figure=figure, config=config, style={"height": "230px"}),
    ], className="brief-chart"), list(content.sources)


@data_required
def layout(iso3=None, lang=None, **_query):
    lang = resolve(lang)
    _ = translator(lang)
    if not known_iso3(iso3):
        return not_found(iso3, lang)
    iso3 = iso3.upper()
    facts = country_facts(iso3)
    lookup = names(lang)
    manifest = queries.manifest()
    built = format_date(dt.datetime.fromisoformat(manifest["built_at"]).date(), lang)
    live = urls.href(f"/country/{iso3}", lang)
    if has_request_context():
        live = request.host_url.rstrip("/") + live
    figures = headlines(facts, lang)
    sources = [item.source for item in figures]
    charts = []
    for chart_name, extra in CHARTS_IN_BRIEF:
        chart, chart_sources = small_chart(chart_name, extra, iso3, lang)
        if chart is not None:
            charts.append(chart)
            sources.extend(chart_sources)
    source_items = [html.Li(f"{SOURCES_BY_KEY[key].publisher}, {SOURCES_BY_KEY[key].title}, "
                            f"{SOURCES_BY_KEY[key].edition} ({SOURCES_BY_KEY[key].licence})")
                    for key in dict.fromkeys(sources)]
    return html.Article([
        html.Header([
            html.P(_(PRODUCT_NAME) + " · " + _("Country brief"), className="brief-kicker"),
            html.H1(lookup.get(iso3, iso3)),
            html.P(_("Data as of {date} (data version {version}).").format(date=built, version=manifest["data_version"]),
                   className="brief-meta"),
        ]),
        html.Section([
            html.H2(_("Key figures")),
            html.Div([html.Div([html.P(item.value, className="brief-value"), html.P(item.label, className="brief-label"),
                                html.P(item.detail, className="brief-detail")], className="brief-figure")
                      for item in figures], className="brief-figures"),
        ]),
        html.Section([html.H2(_("In brief")), *[html.P(text) for text in sentences(facts, lookup, lang)]],
                     className="brief-narrative"),
        html.Section([html.H2(_("Charts")), html.Div(charts, className="brief-charts")]),
        html.Footer([
            html.H2(_("Sources")),
            html.Ul(source_items),
            html.P([_("Live page, with downloadable data: "), html.A(live, href=live)]),
        ], className="brief-sources"),
    ], className="brief-sheet", lang=lang)
