"""/flows: estimated migration flows to and from a country, and net migration."""

from __future__ import annotations

from callbacks.flows import CARDS
from callbacks.views import page_query
from components import ids
from components.chart_card import CHARTS, chart_card, spec
from components.params import FLOWS, SEX_LABELS, SEXES
from components.shell import register_page
from components.url_state import parse
from components.view import (
    country_options,
    data_required,
    labelled,
    notices_alert,
    segmented,
    select,
    view_layout,
)
from i18n import N_, resolve, translator

register_page(
    __name__,
    path="/flows",
    name=N_("Migration flows"),
    summary=N_("Estimated moves between countries over five-year periods, by sex, and net "
               "migration each year since 1950."),
    order=20,
)


@data_required
def layout(lang=None, **query):
    lang = resolve(lang)
    _ = translator(lang)
    parsed = parse(list(FLOWS), query)
    state = parsed.state
    params = {param.name: param for param in FLOWS}
    periods = sorted(params["period"].allowed_values(), reverse=True)
    controls = [
        labelled(ids.control("flows", "country"), _("Country"),
                 select(ids.control("flows", "country"), country_options(lang, params["country"].allowed_values()),
                          state["country"]), {"lg": 5}),
        labelled(ids.control("flows", "period"), _("Period"),
                 select(ids.control("flows", "period"), [{"label": p, "value": p} for p in periods],
                          state["period"]), {"lg": 3, "md": 6}),
        labelled(ids.control("flows", "sex"), _("Sex"),
                 segmented(ids.control("flows", "sex"), [{"label": _(SEX_LABELS[s]), "value": s} for s in SEXES],
                           state["sex"]), {"lg": 4, "md": 6}),
    ]
    cards = [chart_card(ids.card("flows", name), name, lang, spec(CHARTS[name], state, lang)) for name in CARDS]
    return view_layout(
        "flows",
        title=_("Migration flows"),
        lead=_("How many people moved into and out of a country during five-year periods, "
               "estimated from changes in migrant stocks, births and deaths."),
        notices=notices_alert(parsed.notices, lang),
        notice_text=_("These are modelled estimates (Abel & Cohen 2022), not counts of people "
                      "crossing borders."),
        controls=controls,
        cards=cards,
        query=page_query(FLOWS, state, lang),
    )
