"""/stocks: international migrant stocks, by country, region, year and sex."""

from __future__ import annotations

from callbacks.stocks import CARDS
from callbacks.views import page_query
from components import ids
from components.chart_card import CHARTS, chart_card, spec
from components.params import (
    SEX_LABELS,
    SEXES,
    STOCK_MEASURE_LABELS,
    STOCK_MEASURES,
    STOCKS,
)
from components.shell import register_page
from components.url_state import parse
from components.view import (
    area_options,
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
    path="/stocks",
    name=N_("Migrant stocks"),
    summary=N_("How many international migrants live in each country, where they come from, "
               "and how that changed since 1990, by sex."),
    order=10,
)


@data_required
def layout(lang=None, **query):
    lang = resolve(lang)
    _ = translator(lang)
    parsed = parse(list(STOCKS), query)
    state = parsed.state
    params = {param.name: param for param in STOCKS}
    controls = [
        labelled(ids.control("stocks", "country"), _("Countries"),
                 multi_dropdown(ids.control("stocks", "country"),
                          country_options(lang, params["country"].allowed_values()), state["country"],
                          placeholder=_("Choose countries")), {"lg": 4}),
        labelled(ids.control("stocks", "area"), _("Regions and groups"),
                 multi_dropdown(ids.control("stocks", "area"), area_options(lang, params["area"].allowed_values()),
                                state["area"], placeholder=_("Add the world or a region")), {"lg": 4}),
        labelled(ids.control("stocks", "year"), _("Year (map, rankings)"),
                 select(ids.control("stocks", "year"),
                          [{"label": str(y), "value": y} for y in sorted(params["year"].allowed_values(), reverse=True)],
                          state["year"]), {"lg": 2, "md": 4}),
        labelled(ids.control("stocks", "measure"), _("Measure"),
                 select(ids.control("stocks", "measure"),
                          [{"label": _(STOCK_MEASURE_LABELS[m]), "value": m} for m in STOCK_MEASURES],
                          state["measure"]), {"lg": 6, "md": 8}),
        labelled(ids.control("stocks", "sex"), _("Sex"),
                 segmented(ids.control("stocks", "sex"), [{"label": _(SEX_LABELS[s]), "value": s} for s in SEXES],
                           state["sex"]), {"lg": 6}),
    ]
    cards = [chart_card(ids.card("stocks", name), name, lang, spec(CHARTS[name], state, lang)) for name in CARDS]
    return view_layout(
        "stocks",
        title=_("International migrant stocks"),
        lead=_("People living outside their country of birth or citizenship, at mid-year, from UN "
               "DESA's International Migrant Stock 2024."),
        notices=notices_alert(parsed.notices, lang),
        controls=controls,
        cards=cards,
        query=page_query(STOCKS, state, lang),
    )
