"""Links built from what a request says stay on this site, and absolute links come from the
configured public address, never from the request's Host header (issue 13, findings 4 and 11)."""

from __future__ import annotations

import json
from urllib.parse import urljoin, urlsplit

import pytest

from components import urls
from settings import Settings, SettingsError
from tests.dash_bodies import router_body

SITE = "https://migdash.example.org/some/page"

# Paths a browser would read as another site, or that smuggle one in (tabs, newlines and
# backslashes are dropped or turned into slashes by browsers' URL parsers).
HOSTILE_PATHS = [
    "//other.host/x",
    "/\\other.host",
    "\\\\other.host",
    "/\\/other.host",
    "\\/other.host",
    "///other.host",
    "/\t/other.host",
    "/\n/other.host",
    "/\r\n/other.host",
    " //other.host",
    "https://other.host/",
    "https:other.host",
    "//other.host:443@evil.example/",
    "/%09/other.host",
]


def _browser_host(link: str) -> str:
    """The host a browser would go to, following `link` from a page of this site (the same
    cleaning a browser does: tabs and newlines removed, backslashes as slashes)."""
    cleaned = link.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    return urlsplit(urljoin(SITE, cleaned)).netloc


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_same_site_path_never_leaves_the_site(path):
    safe = urls.same_site_path(path)
    assert safe.startswith("/") and not safe.startswith("//")
    assert _browser_host(safe) == "migdash.example.org"


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_language_links_of_a_hostile_address_stay_on_the_site(path):
    for lang in ("en", "fr", "es"):
        link = urls.with_language(path, "?country=MDA", lang)
        assert _browser_host(link) == "migdash.example.org", link
        assert link.endswith(f"lang={lang}")


@pytest.mark.parametrize("path", ["/", "/stocks", "/country/MDA", "/a/b/c", "/embed/stocks-trend"])
def test_ordinary_paths_are_kept(path):
    assert urls.same_site_path(path) == path
    assert urls.with_language(path, "?country=MDA&lang=es", "fr") == f"{path}?country=MDA&lang=fr"


@pytest.mark.parametrize("value", [None, 3, ["/x"], {"a": 1}, "", "x" * 5000])
def test_odd_values_give_the_default(value):
    assert urls.same_site_path(value) == "/"
    assert urls.with_language(value, value, "fr") == "/?lang=fr"


def test_absolute_links_use_the_public_url_only():
    assert urls.absolute("/country/MDA", "") == "/country/MDA"
    assert (
        urls.absolute("/migdash/country/MDA", "https://migdash.example.org/")
        == "https://migdash.example.org/migdash/country/MDA"
    )


@pytest.mark.parametrize("value", ["migdash.example.org", "ftp://x.org", "https://x.org/?a=1", "https://"])
def test_public_url_must_be_an_http_address(value):
    with pytest.raises(SettingsError, match="MIGDASH_PUBLIC_URL"):
        Settings.from_env(environ={"MIGDASH_PUBLIC_URL": value})


def test_internal_url_defaults_to_loopback_and_the_port():
    assert Settings.from_env(environ={}).internal_url == "http://127.0.0.1:8050/"
    served = Settings.from_env(environ={"HOST": "0.0.0.0", "PORT": "9000", "MIGDASH_BASE_PATH": "m"})
    assert served.internal_url == "http://127.0.0.1:9000/m/"


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1:9999", "internal.corp:6379"])
def test_api_metadata_never_repeats_the_host_header(client, host):
    response = client.get("/api/v1/programme-indicators.metadata.json", headers={"Host": host})
    assert response.status_code == 200
    assert host not in response.get_data(as_text=True)


def test_api_metadata_links_to_the_public_url_when_set(settings):
    from app import create_app

    app = create_app(settings.replace(public_url="https://migdash.example.org"))
    metadata = (
        app.server.test_client()
        .get("/api/v1/programme-indicators.metadata.json", headers={"Host": "evil.example"})
        .json
    )
    programme = next(s for s in metadata["sources"] if s["publisher"].startswith("IOM"))
    assert programme["url"] == "https://migdash.example.org/programme"


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1:9999"])
def test_the_briefs_live_link_never_repeats_the_host_header(client, host):
    response = client.post("/_dash-update-component", headers={"Host": host}, json=router_body("/brief/MDA"))
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    layout = json.dumps(response.json)  # Dash writes "/" as \u002f: compare the decoded text
    assert host not in layout
    assert '"href": "/country/MDA"' in layout


# One sample value per route variable, so every GET route the server has is tried.
ROUTE_SAMPLES = {
    "filename": "remittances-country.csv?country=MDA",
    "path": "stocks",
    "iso3": "MDA",
    "version_id": "1",
    "chart": "remittances-trend",
}
SKIPPED_RULES = {"/static/<path:filename>", "/assets/<path:filename>", "/brief/<string:iso3>.pdf"}  # files; chromium


def _every_get_route(app) -> list[str]:
    import re

    paths = []
    for rule in app.server.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule in SKIPPED_RULES or "package_name" in rule.arguments:
            continue
        paths.append(re.sub(r"<(?:\w+:)?(\w+)>", lambda match: ROUTE_SAMPLES[match.group(1)], rule.rule))
    return paths


def test_no_route_and_no_page_repeats_a_forged_host(app, client):
    """The class, not a sample: every GET route of the server and every page through the router,
    with a forged Host and X-Forwarded-Host, never carries the forged name in a header (a
    redirect's Location) or in the body: absolute links come from MIGDASH_PUBLIC_URL only."""
    import dash

    forged = {"Host": "evil.example", "X-Forwarded-Host": "evil2.example"}
    routes = _every_get_route(app)
    assert {"/signin", "/programme/upload", "/updates.atom", "/api/v1/datasets.json"} <= set(routes)
    for path in routes:
        response = client.get(path, headers=forged)
        assert response.status_code < 500, path
        assert "evil" not in str(response.headers) and b"evil" not in response.get_data(), path  # workbooks too
    for page in dash.page_registry.values():
        path = (page["path_template"] or page["path"]).replace("<iso3>", "MDA").replace("<chart>", "remittances-trend")
        response = client.post("/_dash-update-component", headers=forged, json=router_body(path))
        assert response.status_code == 200 and "evil" not in response.get_data(as_text=True), path
