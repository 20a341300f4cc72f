"""/remittances: money migrants send home, its weight in the economy, where it comes from,
and what sending it costs."""

from __future__ import annotations

from callbacks.remittances import CARDS
from components import ids
from components.params import (
    CORRIDOR_LABELS,
    CORRIDORS,
    REMITTANCE_MEASURE_LABELS,
    REMITTANCE_MEASURES,
    REMITTANCES,
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
    path="/remittances",
    name=N_("Remittances"),
    summary=N_(
        "Remittances received and paid, as money and as a share of GDP, where they come "
        "from, and the cost of sending them against the SDG target of 3 %."
    ),
    order=30,
)


@data_required
@cached_explorer("remittances", REMITTANCES, CARDS)
def layout(lang=None, **query):
    lang = resolve(lang)
    _ = translator(lang)

    def controls(state, params):
        def control(param):
            return ids.control("remittances", param)

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
                control("measure"),
                _("Measure"),
                select(
                    control("measure"),
                    [{"label": _(REMITTANCE_MEASURE_LABELS[m]), "value": m} for m in REMITTANCE_MEASURES],
                    state["measure"],
                ),
                {"lg": 4, "md": 6},
            ),
            labelled(
                control("year"),
                _("Year (map)"),
                select(control("year"), [{"label": str(y), "value": y} for y in years], state["year"]),
                {"lg": 2, "md": 3},
            ),
            labelled(
                control("matrix"),
                _("Bilateral estimates"),
                segmented(
                    control("matrix"),
                    [{"label": "2021", "value": 2021}, {"label": "2017", "value": 2017}],
                    state["matrix"],
                ),
                {"lg": 3, "md": 3},
            ),
            labelled(
                control("corridors"),
                _("Corridor costs"),
                segmented(
                    control("corridors"),
                    [{"label": _(CORRIDOR_LABELS[c]), "value": c} for c in CORRIDORS],
                    state["corridors"],
                ),
                {"lg": 4, "md": 6},
            ),
        ]

    return explorer(
        "remittances",
        REMITTANCES,
        CARDS,
        lang,
        query,
        title=_("Remittances"),
        lead=_(
            "Personal remittances: money and goods that migrants send to households in "
            "their countries of origin, from World Bank and KNOMAD data."
        ),
        controls=controls,
    )
