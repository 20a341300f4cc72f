"""/healthz: is the app up, which code and which data is it serving."""

from __future__ import annotations

from flask import jsonify

from data import store
from settings import APP_VERSION


def install(app, settings) -> None:
    def healthz():
        response = jsonify(
            status="ok",
            app_version=APP_VERSION,
            data_version=store.current_version(settings.data_dir),
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    app.server.add_url_rule(
        app.config.routes_pathname_prefix + "healthz", "migdash_healthz", healthz
    )
