"""The one callback shape of every explorer page: filter controls -> checked view state ->
URL (without reload) and a spec for each chart card. callbacks.register_all registers one
per explorer declaration (charts.EXPLORERS) and the programme's; the cards render
themselves (components.chart_card)."""

from __future__ import annotations

from dash import Input, Output, State, ctx, no_update

from components import ids
from components.card_ids import part_id
from components.chart_card import CHARTS, spec
from components.pins import pinned_or_latest
from components.url_state import Param, from_values, parse, query_from_search
from components.view import page_query
from i18n import resolve


def control_value(param: Param, value):
    """What a control shows for a state value: a list for multi-selects, text otherwise
    (dbc.Select and the radio items hold strings)."""
    return list(value) if param.multi else str(value)


def register_view(app, page: str, params: tuple[Param, ...], cards: tuple[str, ...]) -> None:
    """Controls -> URL and card specs; and URL -> controls and card specs when the browser's
    back and forward buttons change the URL (the page's own dcc.Location hears those, the
    pages router does not)."""
    url = ids.view_url(page)

    @app.callback(
        Output(url, "search"),
        [Output(ids.control(page, param.name), "value") for param in params],
        [Output(part_id(ids.card(page, chart), "spec"), "data") for chart in cards],
        [Input(ids.control(page, param.name), "value") for param in params],
        Input(url, "search"),
        State(ids.LANG, "data"),
        State(ids.PIN, "data"),
        prevent_initial_call=True,
    )
    def update_view(*args):
        *values, search, lang, pin = args
        with pinned_or_latest(pin):
            return _updated_view(values, search, resolve(lang))

    def _updated_view(values, search, lang):
        if ctx.triggered_id == url:  # back or forward: the URL leads, the controls follow
            state = parse(list(params), query_from_search(search)).state
            controls = [control_value(param, state[param.name]) for param in params]
            return no_update, *controls, *(spec(CHARTS[chart], state, lang) for chart in cards)
        state = from_values(list(params), dict(zip((p.name for p in params), values)))
        return (
            page_query(params, state, lang),
            *[no_update] * len(params),
            *(spec(CHARTS[chart], state, lang) for chart in cards),
        )
