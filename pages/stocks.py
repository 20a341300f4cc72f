"""/stocks: international migrant stocks, by country, region, year and sex."""

from __future__ import annotations

from callbacks.stocks import CARDS
from components import ids
from components.params import (
    SEX_LABELS,
    SEXES,
    STOCK_MEASURE_LABELS,
    STOCK_MEASURES,
    STOCKS,
)
from components.shell import register_page
from components.view import (
    area_options,
    cached_explorer,
    country_options,
    data_required,
    explorer,
    labelled,
    multi_dropdown,
    segmented,
    select,
)
from i18n import N_, resolve, translator

register_page(
    __name__,
    path="/stocks",
    name=N_("Migrant stocks"),
    summary=N_(
        "How many international migrants live in each country, where they come from, "
        "and how that changed since 1990, by sex."
    ),
    order=10,
)


@data_required
@cached_explorer("stocks", STOCKS, CARDS)
def layout(lang=None, **query):
    lang = resolve(lang)
    _ = translator(lang)

    def controls(state, params):
        def control(param):
            return ids.control("stocks", param)

        years = sorted(params["year"].allowed_values(), reverse=True)
        return [
            labelled(
                control("country"),
                _("Countries"),
                multi_dropdown(
                    control("country"),
                    country_options(lang, params["country"].allowed_values()),
                    state["country"],
                    placeholder=_("Choose countries"),
                ),
                {"lg": 4},
            ),
            labelled(
                control("area"),
                _("Regions and groups"),
                multi_dropdown(
                    control("area"),
                    area_options(lang, params["area"].allowed_values()),
                    state["area"],
                    placeholder=_("Add the world or a region"),
                ),
                {"lg": 4},
            ),
            labelled(
                control("year"),
                _("Year (map, rankings)"),
                select(control("year"), [{"label": str(y), "value": y} for y in years], state["year"]),
                {"lg": 2, "md": 4},
            ),
            labelled(
                control("measure"),
                _("Measure"),
                select(
                    control("measure"),
                    [{"label": _(STOCK_MEASURE_LABELS[m]), "value": m} for m in STOCK_MEASURES],
                    state["measure"],
                ),
                {"lg": 6, "md": 8},
            ),
            labelled(
                control("sex"),
                _("Sex"),
                segmented(control("sex"), [{"label": _(SEX_LABELS[s]), "value": s} for s in SEXES], state["sex"]),
                {"lg": 6},
            ),
        ]

    return explorer(
        "stocks",
        STOCKS,
        CARDS,
        lang,
        query,
        title=_("International migrant stocks"),
        lead=_(
            "People living outside their country of birth or citizenship, at mid-year, from UN "
            "DESA's International Migrant Stock 2024."
        ),
        controls=controls,
    )
