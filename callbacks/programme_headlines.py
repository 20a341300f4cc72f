"""/programme's own callback: its headline tiles follow the filters (the cards follow them
through the page's view callback, callbacks.views)."""

from __future__ import annotations

from dash import Input, Output, State

from charts.programme import portfolio_headlines
from components import ids
from components.params import PROGRAMME
from components.url_state import from_values
from i18n import resolve


def register(app) -> None:
    @app.callback(
        Output(ids.PROGRAMME_HEADLINES, "children"),
        [Input(ids.control("programme", param.name), "value") for param in PROGRAMME],
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def update_headlines(*args):
        *values, lang = args
        state = from_values(list(PROGRAMME), dict(zip((p.name for p in PROGRAMME), values)))
        return portfolio_headlines(state, resolve(lang))
