"""migdash, the Migration & Development Dashboard: the Dash app.

`create_app(settings)` builds an app (tests build one per test with their own settings);
`server` is the Flask server of the app built from the environment, for `gunicorn app:server`
(`make run`, and production); `python app.py` (`make dev`) serves it on HOST:PORT with
Werkzeug's development server.
"""

from __future__ import annotations

import sys
from html import escape

import dash
import dash_bootstrap_components as dbc  # noqa: F401 - registers the component suite
from dash import State
from flask import request

import callbacks
import i18n
import web
from components import chart_card, ids, pins, shell, static_assets
from data import queries
from data.cache import init_cache
from settings import Settings, SettingsError
from web import proxies, static_files
from web.routing import page_for_path
from web.serving import QuietRequestHandler

MAX_REQUEST_BYTES = 16 * 1024 * 1024
# plotly.js with only our trace types (tools/plotly-bundle.js), ES modules in a folder of assets/.
PLOTLY_FOLDER = "vendor/plotly/"
PLOTLY_ENTRY = "plotly.js"

INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
{metas}
<title>{title}</title>
{plotly}
{favicon}
{css}
</head>
<body class="{body_class}">
{app_entry}
<noscript><p class="container py-4">{noscript}</p></noscript>
<div hidden>
{config}
{scripts}
{renderer}
</div>
</body>
</html>"""


def _is_legacy_polyfill(resource) -> bool:
    """Dash's renderer brings @babel/polyfill (core-js 2), for browsers older than React 18
    supports: 30 kB on the wire and ~50 ms of a page's start for nothing. The one thing of it
    Dash's code uses, the `regeneratorRuntime` global, dash-bootstrap-components' bundle
    defines too (tests/test_static_files_browser.py checks that every page has it)."""
    url = resource.get("src", "") if isinstance(resource, dict) else resource
    return "/deps/polyfill@" in url


class MigdashDash(dash.Dash):
    """Dash with an index page in the request's language (`<html lang>`, title, description),
    whose assets' URLs carry their content's fingerprint (web.static_files), and plotly.js
    out of the page's scripts: pages without charts (registered with `charts=False`) never
    fetch it, pages with charts preload it and run it at once (assets/plotly-loader.js, which
    dcc.Graph waits on), and without Dash's legacy polyfill."""

    def _collect_and_register_resources(self, resources, include_async=True, url_attr="src"):
        collected = super()._collect_and_register_resources(resources, include_async, url_attr)
        kept = [resource for resource in collected if not _is_legacy_polyfill(resource)]
        return static_files.fingerprint_resources(self, kept)

    def interpolate_index(self, **parts):
        lang = i18n.request_language()
        _ = i18n.translator(lang)
        page, variables = page_for_path(request.path)
        title = page.get("title") if page else None
        title = title(**variables) if callable(title) else (title or _(shell.PRODUCT_NAME))
        description = page.get("description") if page else None
        description = description(**variables) if callable(description) else description
        description = description or _(shell.PRODUCT_SUMMARY)
        metas = "\n".join(
            [
                parts["metas"],
                f'<meta name="description" content="{escape(description)}">',
                f'<meta property="og:title" content="{escape(title)}">',
                f'<meta property="og:description" content="{escape(description)}">',
                '<meta property="og:type" content="website">',
            ]
        )
        path = request.path[len(self.config.requests_pathname_prefix) :]
        folder = static_assets.url(self.config.requests_pathname_prefix, PLOTLY_FOLDER)
        plotly = folder + PLOTLY_ENTRY
        # Where dcc.Graph loads plotly.js from (assets/plotly-loader.js); fetched and run from
        # the start on a page with charts, and on the others only once a graph is shown. Not
        # from the start when every card opens on its table (?view=table): nothing would use
        # it soon (and the browser warns of a preload left unused).
        at_once = page and page.get("charts", True) and request.args.get(chart_card.VIEW) != "table"
        load = ' data-load="now"' if at_once else ""
        plotly_tags = [f'<meta name="migdash:plotly-js" content="{escape(plotly)}"{load}>']
        if at_once:  # the entry and the chunks it imports, fetched in parallel
            modules = [PLOTLY_ENTRY, *static_assets.module_imports(PLOTLY_FOLDER + PLOTLY_ENTRY)]
            plotly_tags += [f'<link rel="modulepreload" href="{escape(folder + name)}">' for name in modules]
        body_class = next((name for name in ("embed", "brief") if path.startswith(name + "/")), "")
        return INDEX_TEMPLATE.format(
            lang=lang,
            body_class=body_class,
            metas=metas,
            title=escape(title),
            plotly="\n".join(plotly_tags),
            favicon=parts["favicon"],
            css=parts["css"],
            app_entry=parts["app_entry"],
            noscript=escape(_("This dashboard needs JavaScript to show its charts.")),
            config=parts["config"],
            scripts=parts["scripts"],
            renderer=parts["renderer"],
        )


def create_app(settings: Settings | None = None) -> dash.Dash:
    settings = settings or Settings.from_env()
    app = MigdashDash(
        __name__,
        use_pages=True,
        # gzip/brotli for every response (plotly.js alone is 4.8 MB raw): weak connections.
        compress=True,
        url_base_pathname=settings.base_path,
        include_pages_meta=False,
        # Bootstrap is linked before our own CSS (assets are included alphabetically, folders
        # last); it is served from our assets, never from a CDN. (plotly.js is not a script of
        # the page: dcc.Graph loads it when a graph is shown, see MigdashDash.)
        external_stylesheets=[static_assets.url(settings.base_path, "vendor/bootstrap.min.css")],
        # host/: scripts for other sites' pages (served, never loaded by our own pages).
        assets_path_ignore=["^vendor$", "^host$"],
        title="migdash",
        update_title=None,
        serve_locally=True,
        routing_callback_inputs={"lang": State(ids.LANG, "data")},
        # Otherwise Dash calls every page's layout at start-up to build a "validation layout"
        # and embeds it in every HTML page (300 kB of components a reader never sees), for
        # checks shown only by its debugging tools. tests/test_callback_wiring.py makes the
        # same check once, in the tests.
        suppress_callback_exceptions=True,
    )
    server = app.server
    server.config.update(
        SECRET_KEY=settings.secret_key,
        # Requests are capped: the largest allowed workbook, with room for the form around it.
        MAX_CONTENT_LENGTH=max(MAX_REQUEST_BYTES, (settings.upload_max_mb + 1) * 1024 * 1024),
        MIGDASH_SETTINGS=settings,
    )
    # X-Forwarded-* and sign-on headers are believed only from MIGDASH_TRUSTED_PROXIES.
    server.wsgi_app = proxies.TrustedProxies(server.wsgi_app, settings)
    init_cache(server, settings)
    web.install(app, settings)
    app.layout = shell.layout
    pins.pin_pages()  # every page honours v=<data version>
    callbacks.register_all(app)
    web.warm_up(app)
    return app


def main() -> None:
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        sys.exit(f"migdash: {error}")
    if settings.debug and settings.host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("migdash: MIGDASH_DEBUG=1 is only allowed with HOST=127.0.0.1 (local use).")
    create_app(settings).run(
        host=settings.host,
        port=settings.port,
        debug=settings.debug,
        request_handler=QuietRequestHandler,
    )


_from_environment: dict = {}


def __getattr__(name: str):
    """`app` and `server` built from the environment on first use (`gunicorn app:server`),
    so importing this module to call create_app builds nothing."""
    if name in ("app", "server"):
        if not _from_environment:
            try:
                built = create_app()
            except SettingsError as error:  # one sentence, not a traceback, from gunicorn too
                sys.exit(f"migdash: {error}")
            with built.server.app_context():  # with --preload, in the master: shared by the workers
                queries.warm_up()
            _from_environment.update(app=built, server=built.server)
        return _from_environment[name]
    raise AttributeError(name)


if __name__ == "__main__":
    main()
