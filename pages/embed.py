"""/embed/<chart>: one chart card with minimal chrome, for iframes on other sites.

The state comes from the query string like on the chart's page (`view` the tab it opens on);
`controls=0` hides the tabs and the action buttons. This is the only route other origins may frame (web.security).
"""

from __future__ import annotations

from dash import dcc, html

from components import urls
from components.chart_card import CHARTS, VIEW, chart_card, spec, view_param
from components.shell import register_page
from components.url_state import parse
from components.view import data_required, notices_alert
from i18n import N_, resolve, translator

register_page(
    __name__,
    path_template="/embed/<chart>",
    name=N_("Embedded chart"),
    summary=N_("A chart for embedding in another site."),
    nav=False,
    path_check=lambda chart=None, **_variables: chart in CHARTS,
)


@data_required
def layout(chart=None, lang=None, controls="1", **query):
    lang = resolve(lang)
    _ = translator(lang)
    definition = CHARTS.get(chart)
    if definition is None:
        return html.Div(
            [
                html.H1(_("Chart not found"), className="h4"),
                html.P(_("There is no chart called {name}.").format(name=str(chart)[:40])),
                html.P(dcc.Link(_("Go to the home page"), href=urls.home(lang), target="_blank")),
            ]
        )
    parsed = parse([*definition.params, view_param([definition])], query)
    card_spec = spec(definition, parsed.state, lang)
    card = chart_card(
        "embed-card",
        definition.name,
        lang,
        card_spec,
        embed=True,
        controls=str(controls) != "0",
        view=parsed.state[VIEW],
    )
    return html.Div(
        [
            html.H1(_("Migration & Development Dashboard"), className="visually-hidden"),
            notices_alert(parsed, lang),
            card,
        ]
    )
