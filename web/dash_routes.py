"""Dash's own routes, made to tell the truth and set up before the first request.

- Dash builds its callback map, its script list and the pages router on the first request
  (before_request hooks that flip a flag, then mutate shared state). Concurrent first
  requests to a fresh worker raced that set-up: a script answered 500 ("dash is not a
  registered library") or a dict changed size during iteration. `warm_up` runs those
  hooks in create_app, so gunicorn's --preload master forks complete apps.
- /_reload-hash (hot reload, for `python app.py` in debug) answers 404 unless MIGDASH_DEBUG=1,
  the one switch for every debugging aid (settings.debug).
"""

from __future__ import annotations

import functools

from werkzeug.exceptions import NotFound


def warm_up(app) -> None:
    """Run Dash's first-request set-up now (its own before_request hooks do nothing after)."""
    server = app.server
    with server.test_request_context(app.config.requests_pathname_prefix):
        for hook in server.before_request_funcs.get(None, []):
            if getattr(hook, "__module__", "").split(".")[0] == "dash":
                hook()


def _replace_view(app, rule: str, make):
    server = app.server
    endpoint = app.config.routes_pathname_prefix + rule
    view = server.view_functions[endpoint]
    server.view_functions[endpoint] = functools.wraps(view)(make(view))


def install(app, settings) -> None:
    def not_found(view):
        def answer_404(*args, **kwargs):
            raise NotFound()

        return answer_404

    if not settings.debug:
        _replace_view(app, "_reload-hash", not_found)
