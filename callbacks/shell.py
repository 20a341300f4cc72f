"""Shell callbacks: the mobile menu, the active navbar link and the language switcher's hrefs."""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State
from dash.exceptions import UnsupportedRelativePath

from components import ids, urls


def active_flags(pathname, link_paths: list[str]) -> list[bool]:
    """Which navbar links point at the current page (the home link only on the home page)."""
    try:
        current = "/" + (dash.strip_relative_path(pathname if isinstance(pathname, str) else "/") or "")
    except UnsupportedRelativePath:  # not a path of this app: no link is the current one
        return [False] * len(link_paths)
    return [current == path or (path != "/" and current.startswith(path.rstrip("/") + "/")) for path in link_paths]


def register(app) -> None:
    @app.callback(
        Output(ids.NAVBAR_COLLAPSE, "is_open"),
        Output(ids.NAVBAR_TOGGLER, "aria-expanded"),
        Input(ids.NAVBAR_TOGGLER, "n_clicks"),
        State(ids.NAVBAR_COLLAPSE, "is_open"),
        prevent_initial_call=True,
    )
    def toggle_menu(_clicks, is_open):
        return (not is_open), ("false" if is_open else "true")

    # An explorer page renders its view from the URL, dropping invalid values; this writes the
    # cleaned query back into the address bar (history.replaceState: no new history entry).
    app.clientside_callback(
        ClientsideFunction("shell", "replaceSearch"),
        Output(ids.URL_SINK, "data"),
        Input(ids.VIEW_URL_ALL, "search"),
    )

    @app.callback(
        Output(ids.NAV_LINK_ALL, "active"),
        Output(ids.LANGUAGE_LINK_ALL, "href"),
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
        Input(ids.VIEW_URL_ALL, "search"),
    )
    def follow_location(pathname, search, view_searches):
        # Explorer pages write their filters into their own dcc.Location without telling the
        # shell's: take the view's query when there is one.
        search = next((s for s in view_searches if s is not None), search)
        nav_outputs, language_outputs = dash.callback_context.outputs_list
        link_paths = [output["id"]["path"] for output in nav_outputs]
        hrefs = [urls.with_language(pathname, search, output["id"]["lang"]) for output in language_outputs]
        return active_flags(pathname, link_paths), hrefs
