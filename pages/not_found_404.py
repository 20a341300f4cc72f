"""Not found: shown for any path no page claims (the HTTP status is 404 too, see web.errors)."""

from __future__ import annotations

from dash import dcc, html

from components import urls
from components.shell import nav_pages, register_page
from i18n import N_, resolve, translator

register_page(
    __name__,
    path="/404",
    name=N_("Page not found"),
    summary=N_("There is nothing at this address."),
    charts=False,  # plotly.js not fetched (app.py, MigdashDash)
)


def layout(lang=None, **_query):
    lang = resolve(lang)
    _ = translator(lang)
    return html.Div(
        [
            html.H1(_("Page not found")),
            html.P(
                _("There is nothing at this address. It may have moved, or the link may be mistyped."),
                className="lead",
            ),
            html.P(_("Try one of these pages:")),
            html.Ul([html.Li(dcc.Link(_(page["name"]), href=urls.href(page["path"], lang))) for page in nav_pages()]),
        ]
    )
