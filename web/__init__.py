"""The Flask side of migdash: the HTML index, security headers, error pages, /healthz.

Dash serves pages and callbacks; everything here wraps those responses so that every one of
them carries the same headers, the right language and a status that tells the truth.
"""

from web import api, brief_pdf, errors, health, programme_files, security


def install(app, settings) -> None:
    security.install(app, settings)
    errors.install(app)
    health.install(app, settings)
    brief_pdf.install(app)
    programme_files.install(app)
    prefix = app.config.routes_pathname_prefix
    app.server.register_blueprint(api.create_blueprint(prefix), url_prefix=prefix + "api/v1")
