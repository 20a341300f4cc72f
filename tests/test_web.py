"""The HTTP side: headers on every response, honest statuses, friendly errors, /healthz,
the index page in the request's language, and `python app.py` itself."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from settings import APP_VERSION

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("path", ["/", "/sources", "/healthz", "/no-such-page", "/_dash-layout"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in csp
    assert "unsafe-eval" not in csp
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'self'", "default-src 'self'"):
        assert directive in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_csp_allows_exactly_the_inline_scripts_of_the_page(app, client):
    client.get("/")  # the first request lets Dash's page router add its inline script
    response = client.get("/")
    for script_hash in app.csp_hashes():
        assert script_hash in response.headers["Content-Security-Policy"]


def test_healthz_reports_versions(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["app_version"] == APP_VERSION
    assert len(response.json["data_version"]) == 16


def test_registered_pages_are_200_and_unknown_paths_404(client):
    assert client.get("/").status_code == 200
    assert client.get("/sources").status_code == 200
    missing = client.get("/no/such/page")
    assert missing.status_code == 404
    assert b'id="react-entry-point"' in missing.data  # the app still renders its not-found page


def test_index_speaks_the_requested_language(app, client):
    page = client.get("/sources?lang=fr").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "<title>Sources · Tableau de bord Migration et développement</title>" in page
    assert 'name="description"' in page
    fresh_browser = app.server.test_client()
    spanish = fresh_browser.get("/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="es">' in spanish


def test_explicit_language_is_remembered_in_a_cookie(client):
    response = client.get("/?lang=es")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("migdash_lang=es") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert '<html lang="es">' in client.get("/sources").get_data(as_text=True)


def test_errors_are_friendly_and_never_show_a_traceback(app, client):
    def broken():
        raise RuntimeError("secret internals")

    app.server.add_url_rule("/broken-page", "broken_page", broken)
    app.server.add_url_rule("/api/v1/broken", "broken_api", broken)

    page = client.get("/broken-page")
    assert page.status_code == 500
    assert "Something went wrong" in page.get_data(as_text=True)
    api = client.get("/api/v1/broken")
    assert api.status_code == 500 and api.json["status"] == 500
    for response in (page, api):
        body = response.get_data(as_text=True)
        assert "secret internals" not in body and "Traceback" not in body


def test_a_forged_callback_answers_400_with_its_reason(client):
    response = client.post("/_dash-update-component", json={"output": "nope.children"})
    assert response.status_code == 400
    assert response.json == {"error": "output must name one of this app's server callbacks", "status": 400}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_python_app_py_serves_without_version_banner_or_debugger(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "MIGDASH_DATA_DIR": str(tmp_path / "data"),
        "MIGDASH_CACHE_DIR": str(tmp_path / "cache"),
    }
    process = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                response = requests.get(url + "/healthz", timeout=2)
                break
            except requests.ConnectionError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "app.py did not start"
                time.sleep(0.2)
        assert response.json()["status"] == "ok"
        assert response.headers["Server"] == "migdash"
        debugger = requests.get(url + "/?__debugger__=yes&cmd=resource&f=debugger.js", timeout=5)
        assert "javascript" not in debugger.headers["Content-Type"]
        assert "Werkzeug" not in debugger.text
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.slow
def test_debug_is_refused_on_a_public_interface():
    env = {**os.environ, "MIGDASH_DEBUG": "1", "HOST": "0.0.0.0"}
    result = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "MIGDASH_DEBUG" in result.stderr


@pytest.mark.slow
def test_bad_setting_stops_with_a_message_not_a_traceback():
    env = {**os.environ, "PORT": "eighty"}
    result = subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "PORT" in result.stderr and "Traceback" not in result.stderr


def test_app_serves_under_a_base_path(settings):
    from app import create_app

    app = create_app(settings.replace(base_path="/migdash/"))
    client = app.server.test_client()
    page = client.get("/migdash/sources")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'href="/migdash/assets/vendor/bootstrap.min.css?v=' in html
    assert client.get("/migdash/healthz").json["status"] == "ok"
    assert client.get("/migdash/assets/topojson/world_110m.json").status_code == 200


def test_only_embeds_may_be_framed_by_other_sites(client):
    embed = client.get("/embed/stocks-trend?country=MDA")
    assert embed.status_code == 200
    assert "frame-ancestors" not in embed.headers["Content-Security-Policy"]  # any page, file:// too
    assert "X-Frame-Options" not in embed.headers
    assert '<body class="embed">' in embed.get_data(as_text=True)
    for path in ("/stocks", "/", "/api/v1/datasets.json", "/_dash-layout"):
        response = client.get(path)
        assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN", path


def test_unknown_chart_embed_explains_itself(app, client):
    import dash

    assert client.get("/embed/no-such-chart").status_code == 404  # and the page explains in the browser
    with app.server.test_request_context():
        page = dash.page_registry["pages.embed"]["layout"](chart="no-such-chart", lang="en")
    assert "Chart not found" in str(page) and "no-such-chart" in str(page)
