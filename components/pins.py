"""Pinned views: `v=<data version>` in the URL of any page, embed or brief shows that data
build, unchanged, for as long as the server keeps it (data.store.prune_builds keeps every
build a pinned link names).

The pin is view state like the language: the page router passes it to the layout, which
`pinnable` reads inside `queries.pinned`, so every query, card spec and link made there is
that build's; the card specs and the page's `ids.PIN` store carry it to the callbacks. A
pinned view says "data as of <date>" and, when a newer build exists, links to the same view
on the latest data. An unknown or removed version shows the latest data with a notice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from urllib.parse import parse_qsl, urlencode

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from data import queries
from i18n import format_date, resolve, translator

PARAM = "v"


def param() -> dict:
    """The query parameter that pins a link to the build this request shows ({} when unpinned)."""
    version = queries.pinned_version()
    return {PARAM: version} if version else {}


def build_date(lang: str) -> str:
    """When the build this request reads was made, in words ("2 December 2026")."""
    return format_date(dt.date.fromisoformat(queries.manifest()["built_at"][:10]), lang)


def _latest_href() -> str:
    """The same view without its pin: the router's current path and query, minus `v` (the
    banner's script follows the address bar, which an explorer changes without reloading)."""
    try:
        inputs = dash.callback_context.inputs
    except dash.exceptions.MissingCallbackContextException:  # a layout built outside the router
        inputs = {}
    path = inputs.get("_pages_location.pathname") if isinstance(inputs, dict) else None
    search = inputs.get("_pages_location.search") if isinstance(inputs, dict) else None
    query = [(key, value) for key, value in parse_qsl((search or "").lstrip("?")) if key != PARAM]
    return (path if isinstance(path, str) and path.startswith("/") else "") + (f"?{urlencode(query)}" if query else "?")


def banner(lang: str) -> html.Div:
    """What a pinned view says above its content: its data date, and whether newer data exists."""
    _ = translator(lang)
    version = queries.pinned_version()
    dated = _("Data as of {date} (data version {version}).").format(date=build_date(lang), version=version[:8])
    if queries.newer_version_exists():
        after = html.A(_("Newer data is available →"), href=_latest_href(), className="pin-latest alert-link ms-1")
    else:
        after = html.Span(_("This pinned view stays as it is when the data is updated."), className="ms-1")
    return html.Div([html.Span(dated), after], className="pin-banner alert alert-info py-2 px-3 small", role="note")


def unknown_notice(version: str, lang: str) -> html.Div:
    _ = translator(lang)
    return html.Div(
        _(
            "The data version “{version}” is not kept on this server (it was removed, or never existed), "
            "so this view shows the latest data, as of {date}."
        ).format(version=str(version)[:20], date=build_date(lang)),
        className="pin-banner alert alert-warning py-2 px-3 small",
        role="note",
    )


def pinnable(layout):
    """A page layout that honours `v=`: built inside the pinned build, with its banner; the
    page's PIN store says to the callbacks which build the view shows (None: the latest)."""

    @functools.wraps(layout)
    def wrapper(*args, **query):
        version = query.pop(PARAM, None)
        if not isinstance(version, str) or not version:
            return html.Div([dcc.Store(id=ids.PIN, data=None), layout(*args, **query)])
        lang = resolve(query.get("lang"))
        try:
            with queries.pinned(version):
                content = layout(*args, **query)
                notice = banner(lang)
        except queries.UnknownVersion:
            content, notice = layout(*args, **query), unknown_notice(version, lang)
            version = None
        except queries.NoData:  # nothing built at all: the page itself says so
            content, version, notice = layout(*args, **query), None, None
        return html.Div([dcc.Store(id=ids.PIN, data=version), *([notice] if notice else []), content])

    wrapper.pinnable = True
    return wrapper


def pin_pages() -> None:
    """Make every registered page's layout honour `v=` (once, whatever the number of apps)."""
    for page in dash.page_registry.values():
        layout = page.get("layout")
        if callable(layout) and not getattr(layout, "pinnable", False):
            page["layout"] = pinnable(layout)


@contextlib.contextmanager
def pinned_or_latest(version):
    """For a callback: its page's pinned build (the PIN store, from the browser: untrusted),
    or the latest when it names none or one no longer kept (the cards then say so)."""
    version = version if isinstance(version, str) and version else None
    with queries.pinned(version if version and queries.is_kept(version) else None):
        yield


def pinned_spec(card_spec) -> str | None:
    """The version a card's spec (from the browser: untrusted) pins, or None."""
    version = card_spec.get(PARAM) if isinstance(card_spec, dict) else None
    return version if isinstance(version, str) and version else None


def share_choice(aio_id_part, lang: str) -> dbc.RadioItems:
    """The share dialog's choice: links that follow the data, or links pinned to this version."""
    _ = translator(lang)
    pinned = queries.pinned_version() is not None
    return dbc.RadioItems(
        id=aio_id_part,
        options=[
            {"label": _("Always the latest data"), "value": "latest"},
            {
                "label": _("As of this data version ({date}): never changes").format(date=build_date(lang)),
                "value": "pinned",
            },
        ],
        value="pinned" if pinned else "latest",
        class_name="mb-2 small",
    )
