"""/flows: estimated migration flows to and from a country, and net migration."""

from __future__ import annotations

from callbacks.flows import CARDS
from components import ids
from components.params import FLOWS, SEX_LABELS, SEXES
from components.shell import register_page
from components.view import (
    cached_explorer,
    country_options,
    data_required,
    explorer,
    labelled,
    segmented,
    select,
)
from i18n import N_, resolve, translator

register_page(
    __name__,
    path="/flows",
    name=N_("Migration flows"),
    summary=N_(
        "Estimated moves between countries over five-year periods, by sex, and net migration each year since 1950."
    ),
    order=20,
)


@data_required
@cached_explorer("flows", FLOWS, CARDS)
def layout(lang=None, **query):
    lang = resolve(lang)
    _ = translator(lang)

    def controls(state, params):
        def control(param):
            return ids.control("flows", param)

        periods = sorted(params["period"].allowed_values(), reverse=True)
        return [
            labelled(
                control("country"),
                _("Country"),
                select(control("country"), country_options(lang, params["country"].allowed_values()), state["country"]),
                {"lg": 5},
            ),
            labelled(
                control("period"),
                _("Period"),
                select(control("period"), [{"label": p, "value": p} for p in periods], state["period"]),
                {"lg": 3, "md": 6},
            ),
            labelled(
                control("sex"),
                _("Sex"),
                segmented(control("sex"), [{"label": _(SEX_LABELS[s]), "value": s} for s in SEXES], state["sex"]),
                {"lg": 4, "md": 6},
            ),
        ]

    return explorer(
        "flows",
        FLOWS,
        CARDS,
        lang,
        query,
        title=_("Migration flows"),
        lead=_(
            "How many people moved into and out of a country during five-year periods, "
            "estimated from changes in migrant stocks, births and deaths."
        ),
        controls=controls,
        notice_text=_("These are modelled estimates (Abel & Cohen 2022), not counts of people crossing borders."),
    )
