"""/remittances: money migrants send home, its weight in the economy, where it comes from,
and what sending it costs."""

from __future__ import annotations

from callbacks.remittances import CARDS
from callbacks.views import page_query
from components import ids
from components.chart_card import CHARTS, chart_card, spec
from components.params import (
    REMITTANCE_MEASURE_LABELS,
    REMITTANCE_MEASURES,
    REMITTANCES,
)
from components.shell import register_page
from components.url_state import parse
from components.view import (
    country_options,
    data_required,
    labelled,
    multi_dropdown,
    notices_alert,
    segmented,
    select,
    view_layout,
)
from i18n import N_, resolve, translator

register_page(
    __name__,
    path="/remittances",
    name=N_("Remittances"),
    summary=N_("Remittances received and paid, as money and as a share of GDP, where they come "
               "from, and the cost of sending them against the SDG target of 3 %."),
    order=30,
)


@data_required
def layout(lang=None, **query):
    lang = resolve(lang)
    _ = translator(lang)
    parsed = parse(list(REMITTANCES), query)
    state = parsed.state
    params = {param.name: param for param in REMITTANCES}
    years = sorted(params["year"].allowed_values(), reverse=True)
    controls = [
        labelled(ids.control("remittances", "country"), _("Countries"),
                 multi_dropdown(ids.control("remittances", "country"),
                          country_options(lang, params["country"].allowed_values()), state["country"],
                          placeholder=_("Choose countries")), {"lg": 5}),
        labelled(ids.control("remittances", "measure"), _("Measure"),
                 select(ids.control("remittances", "measure"),
                          [{"label": _(REMITTANCE_MEASURE_LABELS[m]), "value": m} for m in REMITTANCE_MEASURES],
                          state["measure"]), {"lg": 3, "md": 6}),
        labelled(ids.control("remittances", "year"), _("Year (map)"),
                 select(ids.control("remittances", "year"), [{"label": str(y), "value": y} for y in years],
                          state["year"]), {"lg": 2, "md": 3}),
        labelled(ids.control("remittances", "matrix"), _("Bilateral estimates"),
                 segmented(ids.control("remittances", "matrix"),
                           [{"label": "2021", "value": 2021}, {"label": "2017", "value": 2017}],
                           state["matrix"]), {"lg": 2, "md": 3}),
    ]
    cards = [chart_card(ids.card("remittances", name), name, lang, spec(CHARTS[name], state, lang))
             for name in CARDS]
    return view_layout(
        "remittances",
        title=_("Remittances"),
        lead=_("Personal remittances: money and goods that migrants send to households in "
               "their countries of origin, from World Bank and KNOMAD data."),
        notices=notices_alert(parsed.notices, lang),
        controls=controls,
        cards=cards,
        query=page_query(REMITTANCES, state, lang),
    )
