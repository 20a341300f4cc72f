"""The savings calculator's callbacks: on /remittances, the target slider's words and range
follow the target and the country (the explorer's own callback writes the URL and the cards);
on a country profile, the slider writes the page's URL and the savings card's spec, and the
browser's back and forward buttons move the slider back."""

from __future__ import annotations

from dash import Input, Output, State, ctx, no_update

from components import ids
from components.card_ids import part_id
from components.chart_card import CHARTS, spec
from components.params import REMITTANCES, TARGET
from components.pins import pinned_or_latest
from components.savings import slider_outputs
from components.url_state import from_values, parse, query_from_search
from components.view import page_query
from i18n import resolve

SAVINGS_CHART = "remittance-savings"
PROFILE_CARD = "country-savings"  # the card's aio_id on the profile (pages/country.py)
REMITTANCES_PAGE = "remittances"


def profile_target(page: str = ids.PROFILE) -> str:
    return ids.control(page, TARGET.name)


def slider_parts(page: str) -> list[Output]:
    """The slider's words and range: its value, its maximum (the input's and in words), its scale."""
    return [
        Output(ids.control_part(page, TARGET.name, "value"), "children"),
        Output(ids.control(page, TARGET.name), "max"),
        Output(ids.control_part(page, TARGET.name, "max"), "children"),
        Output(ids.control_part(page, TARGET.name, "scale"), "children"),
    ]


def register(app) -> None:
    @app.callback(
        *slider_parts(REMITTANCES_PAGE),
        Input(ids.control(REMITTANCES_PAGE, TARGET.name), "value"),
        Input(ids.control(REMITTANCES_PAGE, "country"), "value"),
        State(ids.LANG, "data"),
        State(ids.PIN, "data"),
        prevent_initial_call=True,
    )
    def follow_remittances(value, countries, lang, pin):
        with pinned_or_latest(pin):
            state = from_values(list(REMITTANCES), {"target": value, "country": countries})
            return slider_outputs((state["country"] or ("MDA",))[0], state["target"], resolve(lang))

    @app.callback(
        Output(ids.view_url(ids.PROFILE), "search"),
        Output(profile_target(), "value"),
        Output(part_id(PROFILE_CARD, "spec"), "data"),
        *slider_parts(ids.PROFILE),
        Input(profile_target(), "value"),
        Input(ids.view_url(ids.PROFILE), "search"),
        State(part_id(PROFILE_CARD, "spec"), "data"),
        State(ids.LANG, "data"),
        State(ids.PIN, "data"),
        prevent_initial_call=True,
    )
    def follow_profile(value, search, card_spec, lang, pin):
        with pinned_or_latest(pin):
            return _followed_profile(value, search, card_spec, resolve(lang))

    def _followed_profile(value, search, card_spec, lang):
        chart = CHARTS[SAVINGS_CHART]
        shown = card_spec.get("state") if isinstance(card_spec, dict) else None
        country = from_values(list(chart.params), shown if isinstance(shown, dict) else {})["country"]
        if ctx.triggered_id == ids.view_url(ids.PROFILE):  # back or forward: the URL leads
            target = parse([TARGET], query_from_search(search)).state[TARGET.name]
            query, slider = no_update, str(target)
        else:
            target = from_values([TARGET], {TARGET.name: value})[TARGET.name]
            query, slider = page_query([TARGET], {TARGET.name: target}, lang), no_update
        state = from_values(list(chart.params), {"country": list(country), "target": target})
        return query, slider, spec(chart, state, lang), *slider_outputs(country[0], target, lang)
