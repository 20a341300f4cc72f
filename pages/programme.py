"""/programme: the programme portfolio — every participating country side by side, filtered
by country, result area, Global Compact objective and SDG target."""

from __future__ import annotations

from dash import dcc, html

from charts.programme import CARDS, portfolio_headlines
from components import ids, urls
from components.labels import by_name, names
from components.params import PROGRAMME
from components.programme import AREA_LABELS, SDG_LABELS, demo_banner, gcm_objective
from components.shell import register_page
from components.view import (
    cached_explorer,
    country_options,
    data_required,
    explorer,
    labelled,
    multi_dropdown,
    select,
)
from data import queries
from i18n import N_, resolve, translator
from programme.summaries import used_tags

register_page(
    __name__,
    path="/programme",
    name=N_("Programme progress"),
    summary=N_(
        "Whether the IOM–UNDP programme delivers: indicators against targets, milestones, "
        "activities, budget and people trained, country by country."
    ),
    order=40,
)


@data_required
@cached_explorer("programme", PROGRAMME, CARDS)
def layout(lang=None, **query):
    lang = resolve(lang)
    _ = translator(lang)

    def controls(state, params):
        def control(param):
            return ids.control("programme", param)

        return [
            labelled(
                control("country"),
                _("Countries"),
                multi_dropdown(
                    control("country"),
                    country_options(lang, params["country"].allowed_values()),
                    state["country"],
                    lang,
                    placeholder=_("All programme countries"),
                ),
                {"lg": 6},
            ),
            labelled(
                control("area"),
                _("Result area"),
                select(
                    control("area"),
                    [{"label": _("All areas"), "value": "all"}]
                    + [{"label": _(label), "value": key} for key, label in AREA_LABELS.items()],
                    state["area"],
                    label=_("Result area"),
                ),
                {"lg": 2, "md": 4},
            ),
            labelled(
                control("gcm"),
                _("Global Compact objective"),
                select(
                    control("gcm"),
                    [{"label": _("All objectives"), "value": "all"}]
                    + [
                        {"label": gcm_objective(n, lang), "value": n}
                        for n in sorted(used_tags("gcm_objectives") | ({state["gcm"]} - {"all"}), key=int)
                    ],
                    state["gcm"],
                    label=_("Global Compact objective"),
                ),
                {"lg": 2, "md": 4},
            ),
            labelled(
                control("sdg"),
                _("SDG target"),
                select(
                    control("sdg"),
                    [{"label": _("All targets"), "value": "all"}]
                    + [
                        {"label": _(label), "value": key}
                        for key, label in SDG_LABELS.items()
                        if key in used_tags("sdg_targets") | {state["sdg"]}
                    ],
                    state["sdg"],
                    label=_("SDG target"),
                ),
                {"lg": 2, "md": 4},
            ),
        ]

    def summary(state):
        lookup = names(lang)
        countries = by_name(queries.column_values("programme-indicators", "country"), lang, lookup)
        links = [
            part
            for code in countries
            for part in (dcc.Link(lookup.get(code, code), href=urls.programme(code, lang)), " · ")
        ]
        return html.Div(
            [
                html.Div(portfolio_headlines(state, lang), id=ids.PROGRAMME_HEADLINES, **{"aria-live": "polite"}),
                html.P([html.Span(_("Results by country: "), className="fw-semibold"), *links[:-1]], className="small"),
                html.P(
                    [
                        html.Span(_("Workbooks: "), className="fw-semibold"),
                        html.A(_("Excel template for M&E officers"), href=urls.programme_workbook("template")),
                        " · ",
                        html.A(_("All programme data (Excel, same format)"), href=urls.programme_workbook("data")),
                        " · ",
                        html.A(_("Data API"), href=urls.api("datasets", "json")),
                        " · ",
                        html.A(_("Staff: update the data"), href=urls.staff("upload")),
                    ],
                    className="small",
                ),
            ]
        )

    return explorer(
        "programme",
        PROGRAMME,
        CARDS,
        lang,
        query,
        title=_("Programme progress"),
        lead=_(
            "The joint IOM–UNDP programme “Mainstreaming Migration into National Development "
            "Strategies”: is it delivering, country by country?"
        ),
        controls=controls,
        banner=demo_banner(lang) if queries.programme_version().is_demo else None,
        summary=summary,
    )
