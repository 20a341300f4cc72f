"""/healthz: is the app up, which code and which data is it serving, and is that data intact.

`status` is "ok", or "degraded" when a file of the current data build is not as its manifest
says (`damaged` names each file and what is wrong; the views that need it say the data is
unavailable, the others keep working; `python -m data.build` repairs it). Degraded still
answers 200: the process is up and serving most views, and every worker and host reads the
same store, so a 503 would make a load balancer or orchestrator take every instance out (or
restart them in a loop) and turn a partial outage into a total one. Monitoring alerts on the
`status` field, as for the "warn" state of the IETF health check response format.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from data import store
from settings import APP_VERSION


def create_blueprint() -> Blueprint:
    health = Blueprint("health", __name__)

    @health.get("/healthz")
    def healthz():
        build = store.resolve_current(current_app.config["MIGDASH_SETTINGS"].data_dir)
        damaged = store.damaged_files(build) if build else {}
        try:
            version = store.read_manifest(build)["data_version"] if build else None
        except store.DamagedFile:
            version = None
        body = {"status": "degraded" if damaged else "ok", "app_version": APP_VERSION, "data_version": version}
        if damaged:
            body["damaged"] = damaged
        response = jsonify(body)
        response.headers["Cache-Control"] = "no-store"
        return response

    return health
