"""The one callback shape of every explorer page: filter controls -> checked view state ->
URL (without reload) and a spec for each chart card. Pages register theirs with
`register_view`; the cards render themselves (components.chart_card)."""

from __future__ import annotations

from dash import Input, Output, State

from components import ids
from components.chart_card import CHARTS, spec
from components.url_state import Param, parse, to_query


def view_state(params: tuple[Param, ...], values: dict) -> dict:
    """Control values -> a valid state: they pass the same checks as a URL (inputs are
    untrusted, and a cleared control falls back to its default)."""
    query = {}
    for param in params:
        value = values.get(param.name)
        if value is None or value == []:
            continue
        query[param.name] = ",".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
    return parse(list(params), query).state


def page_query(params: tuple[Param, ...], state: dict, lang: str) -> str:
    return to_query(list(params), state, {"lang": lang if lang != "en" else None})


def register_view(app, page: str, params: tuple[Param, ...], cards: tuple[str, ...]) -> None:
    @app.callback(
        Output(ids.view_url(page), "search"),
        [Output({"component": "chart-card", "part": "spec", "aio_id": ids.card(page, chart)}, "data")
         for chart in cards],
        [Input(ids.control(page, param.name), "value") for param in params],
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def update_view(*args):
        *values, lang = args
        state = view_state(params, dict(zip((p.name for p in params), values)))
        return page_query(params, state, lang), *(spec(CHARTS[chart], state, lang) for chart in cards)
