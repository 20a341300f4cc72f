"""Which registered page a browser path shows, as Dash's own page router decides it."""

from __future__ import annotations

import dash
from dash import _pages


def page_for_path(path: str) -> tuple[dict, dict]:
    """(page, path variables) for a request path, or ({}, {}) when no page has that path.

    Uses Dash's router function so that our 404 status and page titles agree exactly with
    what the browser will render.
    """
    page, variables = _pages._path_to_page(dash.strip_relative_path(path) or "")
    return page, variables or {}
