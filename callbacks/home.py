"""Home page callbacks: a click on a programme country of the map opens its page (the list
beside the map has the same links, for keyboards and screen readers)."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output

from components import ids


def register(app) -> None:
    app.clientside_callback(
        ClientsideFunction("home", "openClickedCountry"),
        Output(ids.URL, "href"),
        Input(ids.HOME_PROGRAMME_MAP, "clickData"),
        prevent_initial_call=True,
    )
