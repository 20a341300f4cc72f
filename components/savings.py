"""The savings calculator's target slider, on /remittances and the country profile: a native
range input (labelled, moved with the arrow keys), the target it holds in words ("3 %"), its
scale from 0 to today's cost, and the "modelled" badge of the volumes behind the sum.

Its range follows the country (`slider_range`), so the callbacks that move it with the
country call the same function as the layout."""

from __future__ import annotations

import math

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.narrative import target_text
from data import queries
from i18n import format_percent, translator


def slider_range(country: str | None, target: float) -> tuple[float, float | None]:
    """(the slider's maximum, today's cost): from 0 to today's cost of sending money to
    `country`, rounded up to a step, and never below the SDG target of 3 % nor the target
    chosen (a URL may ask for more); today's cost is None where no corridor is surveyed."""
    result = queries.remittance_savings(country) if country else None
    today = result.today_cost if result is not None and result.surveyed else None
    top = math.ceil((today or 0) / queries.TARGET_STEP - 1e-9) * queries.TARGET_STEP
    return round(max(top, queries.SDG_10C_TARGET, float(target)), 1), today


def scale_text(today: float | None, lang: str) -> str:
    _ = translator(lang)
    target = target_text(queries.SDG_10C_TARGET, lang)
    if today is None:
        return _("SDG target 10.c: {target}. No corridor to this country has a cost survey.").format(target=target)
    return _("Today's cost: {cost} · SDG target 10.c: {target}").format(cost=format_percent(today, lang), target=target)


def target_slider(page: str, param: str, value: float, country: str | None, label: str, lang: str) -> html.Div:
    """The labelled slider of the target cost on `page` (its id: ids.control(page, param))."""
    _ = translator(lang)
    control_id = ids.control(page, param)
    maximum, today = slider_range(country, value)
    return html.Div(
        [
            html.Div(
                [
                    html.Label(label, htmlFor=control_id, className="form-label small fw-semibold mb-0"),
                    html.Output(
                        target_text(value, lang),
                        id=ids.control_part(page, param, "value"),
                        htmlFor=control_id,
                        className="savings-target-value fw-semibold",
                        **{"aria-live": "polite"},
                    ),
                    dbc.Badge(
                        _("modelled"),
                        color="secondary",
                        class_name="savings-modelled",
                        title=_("The volumes are KNOMAD/World Bank's modelled estimates, not reported flows."),
                    ),
                ],
                className="d-flex flex-wrap gap-2 align-items-baseline",
            ),
            dcc.Input(
                id=control_id,
                type="range",
                min=0,
                max=maximum,
                step=queries.TARGET_STEP,
                value=value,
                list=ids.control_part(page, param, "marks"),
                className="savings-slider",
            ),
            html.Datalist(
                [html.Option(value=queries.SDG_10C_TARGET)],
                id=ids.control_part(page, param, "marks"),
            ),
            html.Div(
                [
                    html.Span(target_text(0, lang)),
                    html.Span(scale_text(today, lang), id=ids.control_part(page, param, "scale")),
                    html.Span(target_text(maximum, lang), id=ids.control_part(page, param, "max")),
                ],
                className="d-flex justify-content-between gap-2 small text-body-secondary",
            ),
        ],
        className="savings-control",
    )


def slider_outputs(country: str | None, target: float, lang: str) -> tuple[str, float, str, str]:
    """What the slider's parts show for a country and a target: its value in words, its
    maximum (the input's and in words) and its scale's words."""
    maximum, today = slider_range(country, target)
    return target_text(target, lang), maximum, target_text(maximum, lang), scale_text(today, lang)


def target_control(page: str, param: str, value: float, state: dict, label: str, lang: str) -> html.Div:
    """The explorer's control of the target (components.view.Control.build): the slider of the
    view's first country, the one the savings card shows."""
    countries = state.get("country") or ("MDA",)
    return target_slider(page, param, value, countries[0], label, lang)
