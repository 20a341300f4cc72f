"""Two app hosts behind nginx with TLS, as production runs them (deploy/nginx.conf, rendered by
deploy/render.py): each host its own gunicorn and its own data folder built from the same
sources (two machines), one PostgreSQL programme database, one Redis, one secret key.

Everything goes through https://127.0.0.1:<port>, verified against a certificate the fixture
makes with openssl. Which host answered is told by X-Served-By (MIGDASH_SERVED_BY, set on each
host). One module-scoped topology; the test that stops Redis runs last.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import re
import shutil
from urllib.parse import urlsplit

import pytest
import requests

from tests.app_host import ROOT, in_a_thread
from tests.topology import SECRET_HEADER, USERS, demo_topology, nginx_in_front

pytestmark = [pytest.mark.multihost, pytest.mark.slow]

ROUTER_CALLBACK = {
    "output": ".._pages_content.children..._pages_store.data..",
    "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
    "inputs": [
        {"id": "_pages_location", "property": "pathname", "value": "/stocks"},
        {"id": "_pages_location", "property": "search", "value": ""},
    ],
    "state": [{"id": "shell-lang", "property": "data", "value": "en"}],
    "changedPropIds": ["_pages_location.pathname"],
}


@pytest.fixture(scope="module")
def topology(built_data_dir, postgres_server, tmp_path_factory):
    with demo_topology(built_data_dir, postgres_server, tmp_path_factory.mktemp("multihost")) as topology:
        yield topology


def test_tls_and_round_robin(topology):
    served = [topology.get("/healthz").headers["X-Served-By"] for _ in range(8)]
    assert set(served) == {"a", "b"}, served
    redirect = requests.get(
        topology.http_url + "/stocks?x=1", headers={"Host": "evil.example"}, allow_redirects=False, timeout=10
    )
    assert redirect.status_code == 301  # to the site's own origin, never to the Host the client sent
    assert redirect.headers["Location"] == topology.url + "/stocks?x=1"
    for name, feed in topology.on_each_host(lambda: topology.get("/updates.atom")).items():
        links = re.findall(r'<link[^>]* href="([^"]+)"', feed.text)  # absolute, from MIGDASH_PUBLIC_URL
        assert links and all(link.startswith(topology.url + "/") for link in links), (name, links[:3])


def test_the_app_sees_https_from_nginx_only(topology):
    """HSTS and the Secure cookie follow request.is_secure, which only nginx's X-Forwarded-Proto
    makes true: a client sending that header to a host's port directly is not believed."""
    for response in topology.on_each_host(lambda: topology.get("/stocks")).values():
        assert response.status_code == 200
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    direct = requests.get(topology.hosts["a"] + "/stocks", headers={"X-Forwarded-Proto": "https"}, timeout=30)
    assert direct.status_code == 200 and "Strict-Transport-Security" not in direct.headers


def _upload_page(topology, auth=None, headers=None, base=None) -> requests.Response:
    if base:
        return requests.get(base + "/programme/upload", headers=headers, allow_redirects=False, timeout=30)
    return topology.get("/programme/upload", auth=auth, headers=headers, allow_redirects=False)


def test_header_sign_in_through_nginx_works_on_both_hosts(topology):
    for name, response in topology.on_each_host(
        lambda: _upload_page(topology, auth=("alice", "alice-password"))
    ).items():
        assert response.status_code == 200, (name, response.status_code)
        assert "alice" in response.text
    assert _upload_page(topology).status_code == 401  # nginx's sign-on asks first


def test_client_sent_identity_and_secret_headers_are_not_believed(topology):
    forged = {
        "X-Forwarded-User": "alice",
        "X-Forwarded-Groups": "migdash-admin",
        "X-Forwarded-For": "203.0.113.9",
        "X-Forwarded-Host": "evil.example",
        SECRET_HEADER: "not-the-secret",
    }
    # Through nginx as bob (no groups): nginx sets the user and groups from its sign-on.
    for name, response in topology.on_each_host(
        lambda: _upload_page(topology, auth=("bob", "bob-password"), headers=forged)
    ).items():
        assert response.status_code in (302, 303, 403), (name, response.status_code)
        assert "migdash-admin" not in response.text
    # Straight to a host's port, without the secret: not signed in at all.
    for base in topology.hosts.values():
        direct = _upload_page(topology, headers=forged, base=base)
        assert direct.status_code in (302, 303, 401, 403), direct.status_code


@contextlib.contextmanager
def _echo_upstream():
    """An app host's stand-in answering every request with the headers it received (JSON
    pairs): what nginx passes upstream. Its address, host:port."""

    class Echo(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(list(self.headers.items())).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args):
            pass

    with in_a_thread(http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)) as port:
        yield f"127.0.0.1:{port}"


@pytest.mark.parametrize("auth", ["header", "local"])
def test_the_app_gets_only_the_identity_nginx_checked_and_the_sites_own_host(tmp_path, auth):
    """Whatever a client sends, X-Forwarded-User/-Groups reach an app host only from nginx's
    sign-on (auth="header"), on the paths it guards, for the user whose password it checked:
    elsewhere, and everywhere with auth="local", an Authorization header (which fills nginx's
    $remote_user unchecked) names nobody. Host is always the site's own (from public_origin)."""
    forged = {"Host": "evil.example", "X-Forwarded-User": "alice", "X-Forwarded-Groups": "migdash-admin"}
    guarded = {  # the staff pages, path: who signs on there
        "/programme/upload": "bob",
        "/signin": "alice",
        "/programme/publish": "bob",
        "/programme/history/3.xlsx": "alice",
        "/programme/rollback": "alice",
    }
    public = ["/programme", "/programme/MDA", "/programme/template.xlsx", "/programme/data.xlsx"]
    lookalikes = ["/programme/uploads", "/signin.html"]  # not staff pages: no identity either
    with _echo_upstream() as upstream, nginx_in_front(tmp_path, [upstream], auth) as proxy:

        def upstream_headers(path, credentials) -> dict:
            response = proxy.get(path, headers=forged, auth=credentials)
            assert response.status_code == 200, (path, response.status_code)
            pairs = [(name.lower(), value) for name, value in response.json()]
            assert len(dict(pairs)) == len(pairs), pairs  # no header twice
            assert dict(pairs)["host"] == urlsplit(proxy.url).netloc
            return dict(pairs)

        unguarded = ["/stocks", "/signout", "/api/v1/datasets.json", *public, *lookalikes]
        unguarded += list(guarded) if auth == "local" else []
        for path in unguarded:
            for credentials in (None, ("alice", "not-alices-password"), ("alice", USERS["alice"][0])):
                headers = upstream_headers(path, credentials)
                assert "x-forwarded-user" not in headers and "x-forwarded-groups" not in headers, (path, credentials)
        if auth == "header":
            for path, name in guarded.items():
                assert proxy.get(path, headers=forged, auth=(name, "not-the-password")).status_code == 401
                password, groups = USERS[name]
                signed_on = upstream_headers(path, (name, password))
                assert signed_on["x-forwarded-user"] == name, path
                assert signed_on.get("x-forwarded-groups", "") == groups, path


def test_pages_and_callbacks_are_compressed(topology):
    for name, page in topology.on_each_host(lambda: topology.get("/stocks", headers={"Accept-Encoding": "br"})).items():
        assert page.status_code == 200 and page.headers["Content-Encoding"] == "br", name
    callback = topology.post("/_dash-update-component", json=ROUTER_CALLBACK, headers={"Accept-Encoding": "gzip"})
    assert callback.status_code == 200 and callback.headers["Content-Encoding"] == "gzip"
    assert callback.json()["response"]["_pages_content"]


def test_assets_are_served_by_nginx_from_the_precompressed_copies(topology):
    page = topology.get("/stocks").text
    scripts = re.findall(r'src="(/assets/[^"?]+\.js\?v=[0-9a-f]+)"', page)
    assert scripts, "no fingerprinted asset on the page"
    for path in scripts[:3]:
        response = topology.get(path, headers={"Accept-Encoding": "br"})
        file = ROOT / path.split("?")[0].lstrip("/")
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "br"
        assert response.headers["Content-Type"] == "application/javascript"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert "X-Served-By" not in response.headers  # not from an app host
        assert "Content-Security-Policy" not in response.headers
        assert response.headers["Content-Length"] == str(file.with_name(file.name + ".br").stat().st_size)
        assert response.content == file.read_bytes()


def _programme_version(base: str) -> int:
    metadata = requests.get(base + "/api/v1/programme-indicators.metadata.json", timeout=30).json()
    return metadata["programme_version"] if "programme_version" in metadata else metadata["programme"]["version"]


def test_a_publish_through_one_host_is_served_by_the_other_at_its_next_request(topology):
    from programme import database, demo

    before = {name: _programme_version(base) for name, base in topology.hosts.items()}
    assert len(set(before.values())) == 1
    version = database.publish(
        topology.programme_db, demo.generate(seed=7), created_by="test", kind="demo", is_demo=True
    )
    assert version.version_id != before["a"]
    for name, base in topology.hosts.items():
        assert _programme_version(base) == version.version_id, name


def _workbook_with_budget(programme_db: str, budget: float) -> bytes:
    """The current programme data as a workbook, its first activity's budget set to `budget`."""
    import io

    import openpyxl

    from programme import database
    from programme.workbook import writing

    book = openpyxl.load_workbook(io.BytesIO(writing.export(database.read_current(programme_db))))
    sheet = book["activities"]
    sheet.cell(row=2, column=[cell.value for cell in sheet[1]].index("budget_usd") + 1, value=budget)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _hidden_fields(page: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))


def test_an_upload_previewed_on_one_host_is_published_from_the_other(topology):
    """The browser's requests are spread over both hosts: the preview is staged in the shared
    database, so the publish works whichever host it reaches (tried until it reaches the other)."""
    from programme import database

    browser = requests.Session()  # one cookie jar; verify per request (an environment's CA bundle would win)
    browser.auth = ("alice", "alice-password")
    tls = {"verify": str(topology.cert), "timeout": 60}
    crossed = []
    for attempt in range(6):
        budget = 7_000_000 + attempt
        form = browser.get(topology.url + "/programme/upload", **tls)
        preview = browser.post(
            topology.url + "/programme/upload",
            data={"csrf_token": _hidden_fields(form.text)["csrf_token"]},
            files={"workbook": ("results.xlsx", _workbook_with_budget(topology.programme_db, budget))},
            **tls,
        )
        assert preview.status_code == 200 and "Preview of the upload" in preview.text, preview.text[:300]
        published = browser.post(
            topology.url + "/programme/publish",
            data=_hidden_fields(preview.text) | {"confirm": "yes"},
            allow_redirects=False,
            **tls,
        )
        assert published.status_code in (302, 303), published.text[:300]
        assert published.headers["Location"].endswith("/programme/history")
        current = database.read_current(topology.programme_db)
        assert current.frames["activities"]["budget_usd"].iloc[0] == budget and current.version.created_by == "alice"
        if published.headers["X-Served-By"] != preview.headers["X-Served-By"]:
            crossed.append((preview.headers["X-Served-By"], published.headers["X-Served-By"]))
            break
    assert crossed, "every publish reached the host that made its preview"
    for name, base in topology.hosts.items():  # and both hosts serve it
        assert _programme_version(base) == current.version.version_id, name


def _health_versions(topology) -> dict:
    return {
        name: r.json()["data_version"] for name, r in topology.on_each_host(lambda: topology.get("/healthz")).items()
    }


def test_a_rolling_data_update_never_mixes_builds(topology, changed_build):
    """Host a gets the new build while b keeps the old: each response is one build's, and the
    shared Redis never hands one host's result to the other (keys carry the data version)."""
    from data import store

    new_dir, _edited, _report = changed_build
    new_build = store.resolve_current(new_dir)
    new_version = store.read_manifest(new_build)["data_version"]
    old_version = store.current_version(topology.data_dirs["a"])
    assert new_version != old_version
    target = store.builds_dir(topology.data_dirs["a"]) / new_build.name
    shutil.copytree(new_build, target, symlinks=True)
    store.switch_current(topology.data_dirs["a"], target)
    try:
        assert _health_versions(topology) == {"a": new_version, "b": old_version}
        for _round in range(2):  # the second round reads what the first put in Redis
            for name, response in topology.on_each_host(lambda: topology.get("/api/v1/datasets.json")).items():
                expected = new_version if name == "a" else old_version
                assert response.json()["data_version"] == expected, name
    finally:
        store.switch_current(topology.data_dirs["a"], store.resolve_current(topology.data_dirs["b"]))


def test_redis_down_both_hosts_keep_serving(topology):
    """Last: stops the topology's Redis."""
    topology.redis.process.terminate()
    topology.redis.process.wait(timeout=10)
    for name, page in topology.on_each_host(lambda: topology.get("/stocks")).items():
        assert page.status_code == 200, name
    for name, callback in topology.on_each_host(
        lambda: topology.post("/_dash-update-component", json=ROUTER_CALLBACK)
    ).items():
        assert callback.status_code == 200, name
