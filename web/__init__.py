"""The Flask side of migdash: the HTML index, security headers, cookies, error pages,
/healthz, the API, the chart cards' displayed-data files, the brief PDF, the programme
workbooks, staff sign-in and the governed upload.

Dash serves pages and callbacks; everything here wraps those responses so that every one of
them carries the same headers, the right language and a status that tells the truth. Our own
routes are each module's `create_blueprint()`, all registered by `install` under the base
path; the hooks (limits, headers, cookies, errors, the callback guard) are each module's
`install(app...)`.
"""


def install(app, settings) -> None:
    # Imported here rather than with the package, so that `python -m web.accounts` does not
    # import itself twice.
    from web import (
        api,
        auth,
        brief_pdf,
        callback_guard,
        chart_files,
        cookies,
        dash_routes,
        errors,
        feeds,
        health,
        pinning,
        programme_admin,
        programme_files,
        request_limits,
        security,
        static_files,
    )

    request_limits.install(app)
    security.install(app, settings)
    cookies.install(app, settings)
    errors.install(app)
    callback_guard.install(app)
    pinning.install(app)
    dash_routes.install(app, settings)
    static_files.install(app)
    base_path = app.config.routes_pathname_prefix.rstrip("/") or None
    for routes in (auth, health, feeds, brief_pdf, programme_files, programme_admin, api, chart_files):
        app.server.register_blueprint(routes.create_blueprint(), url_prefix=base_path)


def warm_up(app) -> None:
    """Once the app has its layout and callbacks: Dash's first-request set-up, done now."""
    from web import dash_routes, static_files

    dash_routes.warm_up(app)
    static_files.warn_without_copies(app)  # once Dash has registered its suites' files
