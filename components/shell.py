"""The app shell around every page: skip link, navbar, language switcher, footer.

The navbar is built from `dash.page_registry`, so a page appears in it by registering itself;
pages that need a parameter (a country, say) opt out with `nav=False` in `register_page`.
The shell is rendered per request, in the request's language (i18n.request_language).
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids, urls
from data.sources import publishers
from i18n import LANGUAGES, N_, request_language, translator
from settings import APP_VERSION

PRODUCT_NAME = N_("Migration & Development Dashboard")
PRODUCT_SUMMARY = N_(
    "International migrant stocks, migration flows and remittances by country, from official "
    "sources, with the results of the IOM-UNDP programme on migration and development."
)


def nav_pages() -> list[dict]:
    """Registered pages that belong in the navbar, in their declared order."""
    pages = [
        page
        for page in dash.page_registry.values()
        if page.get("nav", True) and not page.get("path_template") and not page["module"].endswith("not_found_404")
    ]
    return sorted(pages, key=lambda page: (page.get("order") is None, page.get("order") or 0))


def register_page(module: str, *, name: str, summary: str, subject=None, **kwargs) -> None:
    """dash.register_page with translated title and meta description.

    `name` and `summary` are msgids (marked with N_): the navbar and home cards show them
    translated, and the browser title and meta description follow the request's language.
    `subject(lang, **path_variables)`, if given, names what the page shows (a country, say)
    at the head of the title, so a tab, a bookmark or a printed PDF says which one it is.
    `charts=False` for a page that shows no graph: it does not fetch plotly.js (app.py).
    """

    def title(**path_variables) -> str:
        lang = request_language()
        _ = translator(lang)
        shown = subject(lang, **path_variables) if subject else None
        return " · ".join(part for part in (shown, _(name), _(PRODUCT_NAME)) if part)

    def description(**_path_variables) -> str:
        return translator(request_language())(summary)

    dash.register_page(module, name=name, summary=summary, title=title, description=description, **kwargs)


def layout():
    """The app layout: called for every page load, in that request's language."""
    lang = request_language()
    _ = translator(lang)
    return html.Div(
        [
            dcc.Location(id=ids.URL),
            dcc.Store(id=ids.LANG, data=lang),
            dcc.Store(id=ids.URL_SINK),
            html.A(_("Skip to main content"), href="#main", className="visually-hidden-focusable"),
            navbar(lang),
            html.Main(dash.page_container, id="main", className="container-lg py-4"),
            footer(lang),
        ],
        className="d-flex flex-column min-vh-100",
    )


def navbar(lang: str) -> html.Header:
    _ = translator(lang)
    links = [
        dbc.NavItem(
            dbc.NavLink(
                _(page["name"]),
                href=urls.href(page["path"], lang),
                id=ids.nav_link(page["path"]),
                class_name="text-nowrap",
            )
        )
        for page in nav_pages()
    ]
    # Order: brand, menu button, menu, languages. Expanded, that is also the visual order; when
    # the menu does not fit (assets/migdash.js measures it, in whatever language), the navbar
    # folds: the languages stay beside the brand and the menu opens below.
    return html.Header(
        dbc.Navbar(
            dbc.Container(
                [
                    html.A(
                        [
                            html.Span("migdash", className="brand-mark"),
                            html.Span(_(PRODUCT_NAME), className="brand-name"),
                        ],
                        href=urls.home(lang),
                        className="navbar-brand",
                    ),
                    html.Button(
                        html.Span(className="navbar-toggler-icon"),
                        id=ids.NAVBAR_TOGGLER,
                        className="navbar-toggler",
                        type="button",
                        **{
                            "aria-label": _("Menu"),
                            "aria-controls": ids.NAVBAR_COLLAPSE,
                            "aria-expanded": "false",
                        },
                    ),
                    dbc.Collapse(
                        dbc.Nav(links, navbar=True, className="me-auto"),
                        id=ids.NAVBAR_COLLAPSE,
                        navbar=True,
                    ),
                    language_switcher(lang),
                ],
                fluid=True,
            ),
            color="primary",
            dark=True,
            expand=True,
            class_name="site-navbar",
        ),
        className="site-header",
    )


def language_switcher(lang: str) -> html.Nav:
    """Links to the current page in each language (hrefs kept current by a callback)."""
    _ = translator(lang)
    items = []
    for code, name in LANGUAGES.items():
        current = code == lang
        items.append(
            html.Li(
                html.A(
                    [
                        html.Span(name, className="language-name"),
                        html.Span(code.upper(), className="language-code", **{"aria-hidden": "true"}),
                    ],
                    id=ids.language_link(code),
                    href=f"?lang={code}",
                    lang=code,
                    hrefLang=code,
                    className="nav-link" + (" active fw-semibold" if current else ""),
                    title=name,
                    **({"aria-current": "true"} if current else {}),
                ),
                className="nav-item",
            )
        )
    return html.Nav(
        html.Ul(items, className="navbar-nav flex-row gap-2"),
        className="language-switcher",
        **{"aria-label": _("Language")},
    )


def footer(lang: str) -> html.Footer:
    _ = translator(lang)
    source_items = [
        html.Li(
            [
                html.Span(_(publisher), className="fw-semibold"),
                ": ",
                "; ".join(dict.fromkeys(_(source.name) for source in sources)),
                " (",
                ", ".join(sorted({source.licence for source in sources})),
                ")",
            ]
        )
        for publisher, sources in publishers()
    ]
    return html.Footer(
        dbc.Container(
            [
                html.H2(_("Data sources"), className="h6"),
                html.Ul(source_items, className="small list-unstyled mb-2"),
                html.P(
                    [
                        dcc.Link(_("Sources, editions and licences"), href=urls.sources(lang)),
                        f" · migdash {APP_VERSION}",
                    ],
                    className="small mb-0",
                ),
            ],
            fluid="lg",
        ),
        className="site-footer mt-auto py-4",
    )
