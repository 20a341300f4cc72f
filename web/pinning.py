"""`v=<data version>` on the server's own routes: the API, the displayed-data downloads and
the PDF briefs read the pinned build for the whole request (data.queries.pin_request), as the
pages do through their layouts (components/pins.py).

A version this server does not keep answers 404 on those routes, saying which versions it
keeps: a script that pinned its data must not silently get other numbers. A page with such a
version shows the latest data with a notice instead (its layout), so a reader is never stuck.
"""

from __future__ import annotations

from flask import current_app, jsonify, request

from data import queries, store

STRICT_BLUEPRINTS = {"api_v1", "chart_files", "brief_pdf"}  # files and data: no fallback to the latest
MAX_VERSION_CHARS = 40


def install(app) -> None:
    @app.server.before_request
    def pin_from_query():
        version = request.args.get("v")
        if not version or request.method not in ("GET", "HEAD"):
            return None
        try:
            queries.pin_request(version)
        except queries.UnknownVersion:
            if request.blueprint in STRICT_BLUEPRINTS:
                return _not_kept(version)
        except queries.NoData:  # nothing built: the route itself says so
            pass
        return None


def _not_kept(version: str):
    kept = [item["version"] for item in store.kept_versions(current_app.config["MIGDASH_SETTINGS"].data_dir)]
    message = (
        f"data version {version[:MAX_VERSION_CHARS]!r} is not kept on this server; "
        f"it keeps {', '.join(kept) or 'none'} (drop v= for the latest)"
    )
    if request.blueprint == "api_v1":
        response = jsonify({"error": message, "status": 404, "parameter": "v", "kept_versions": kept})
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response, 404
    return message + "\n", 404, {"Content-Type": "text/plain; charset=utf-8"}
