"""Two app hosts behind nginx with TLS, as production runs them (deploy/nginx.conf, rendered by
deploy/render.py): each host its own gunicorn and its own data folder built from the same
sources (two machines), one PostgreSQL programme database, one Redis, one secret key.

Everything goes through https://127.0.0.1:<port>, verified against a certificate the fixture
makes with openssl. Which host answered is told by X-Served-By (MIGDASH_SERVED_BY, set on each
host). One module-scoped topology; the test that stops Redis runs last.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from deploy.render import render
from tests.app_host import ROOT, free_port, gunicorn_host
from tests.conftest import running_redis

pytestmark = [pytest.mark.multihost, pytest.mark.slow]

SECRET = "proxy-secret-of-the-test-0123456789"
SECRET_HEADER = "X-Migdash-Proxy-Secret"
USERS = {"alice": ("alice-password", "migdash-admin"), "bob": ("bob-password", "")}
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


@dataclass
class Topology:
    url: str  # https://127.0.0.1:port, through nginx
    http_url: str  # nginx's plain-HTTP port (redirects)
    cert: Path
    hosts: dict  # name -> direct http URL of the app host
    data_dirs: dict  # name -> the host's data folder
    programme_db: str
    redis: object  # tests.conftest.RedisServer
    nginx_log: Path

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url + path, verify=str(self.cert), timeout=60, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return requests.post(self.url + path, verify=str(self.cert), timeout=60, **kwargs)

    def on_each_host(self, request, tries: int = 20) -> dict:
        """request() repeated until both hosts answered: the last response of each, by host."""
        seen = {}
        for _ in range(tries):
            response = request()
            seen[response.headers.get("X-Served-By")] = response
            if set(self.hosts) <= seen.keys():
                break
        assert set(self.hosts) <= seen.keys(), sorted(map(str, seen))
        return {name: seen[name] for name in self.hosts}


def _make_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _htpasswd(folder: Path) -> tuple[Path, Path]:
    """The sign-on's users (read by nginx's workers, who run as nobody: a folder they can
    enter, not pytest's private tmp) and their groups (read by nginx's master)."""
    lines, groups = [], []
    for name, (password, group) in USERS.items():
        hashed = subprocess.run(
            ["openssl", "passwd", "-apr1", password], check=True, capture_output=True, text=True
        ).stdout.strip()
        lines.append(f"{name}:{hashed}")
        groups.append(f'{name} "{group}";')
    readable = Path(tempfile.mkdtemp(prefix="migdash-signon-"))
    readable.chmod(0o755)
    (readable / "htpasswd").write_text("\n".join(lines) + "\n")
    (readable / "htpasswd").chmod(0o644)
    (folder / "groups.map").write_text("\n".join(groups) + "\n")
    return readable / "htpasswd", folder / "groups.map"


@contextlib.contextmanager
def _nginx(folder: Path, upstreams: list[str], cert: Path, key: Path):
    """nginx in the foreground on deploy/nginx.conf, its own prefix, pid and temp paths."""
    https_port, http_port = free_port(), free_port()
    htpasswd, groups = _htpasswd(folder)
    conf = folder / "nginx.conf"
    conf.write_text(
        render(
            {
                "run_dir": folder,
                "log_dir": folder,
                "listen_host": "127.0.0.1",
                "http_port": http_port,
                "https_port": https_port,
                "cert_file": cert,
                "key_file": key,
                "upstreams": ",".join(upstreams),
                "checkout": ROOT,
                "body_max_mb": 11,
                "proxy_secret": SECRET,
                "read_timeout": 45,
                "htpasswd_file": htpasswd,
                "groups_file": groups,
            }
        )
    )
    command = ["nginx", "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log"), "-g", "daemon off;"]
    check = subprocess.run([*command[:-2], "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                requests.get(f"https://127.0.0.1:{https_port}/healthz", verify=str(cert), timeout=5)
                break
            except requests.ConnectionError:
                assert process.poll() is None, (folder / "error.log").read_text()
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        yield f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", folder / "access.log"
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(htpasswd.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def topology(built_data_dir, postgres_server, tmp_path_factory):
    from programme import database, demo

    folder = tmp_path_factory.mktemp("multihost")
    cert, key = _make_certificate(folder)
    programme_db = postgres_server.new_database()
    database.publish(programme_db, demo.generate(), created_by="set-up", kind="demo", is_demo=True)
    ports = {"a": free_port(), "b": free_port()}
    public_url = "https://127.0.0.1"  # the site's origin as configured (nginx's port is free-chosen)
    with contextlib.ExitStack() as stack:
        redis = stack.enter_context(running_redis())
        data_dirs, hosts = {}, {}
        for name, port in ports.items():
            data_dirs[name] = folder / name / "data"
            shutil.copytree(built_data_dir, data_dirs[name], symlinks=True)
            environ = {
                "MIGDASH_PROGRAMME_DB": programme_db,
                "MIGDASH_REDIS_URL": redis.url,
                "MIGDASH_SECRET_KEY": "secret-key-shared-by-both-hosts-0123456789",
                "MIGDASH_PUBLIC_URL": public_url,
                "MIGDASH_TRUSTED_PROXIES": "127.0.0.1",
                "MIGDASH_PROXY_SECRET": SECRET,
                "MIGDASH_PROXY_HOPS": "1",
                "MIGDASH_SECURE_COOKIES": "1",
                "MIGDASH_AUTH": "header",
                "MIGDASH_SERVED_BY": name,
            }
            hosts[name], _log = stack.enter_context(
                gunicorn_host(data_dirs[name], folder / name, environ, workers=2, port=port)
            )
        url, http_url, access_log = stack.enter_context(
            _nginx(folder, [f"127.0.0.1:{port}" for port in ports.values()], cert, key)
        )
        yield Topology(url, http_url, cert, hosts, data_dirs, programme_db, redis, access_log)


def test_tls_and_round_robin(topology):
    served = [topology.get("/healthz").headers["X-Served-By"] for _ in range(8)]
    assert set(served) == {"a", "b"}, served
    redirect = requests.get(topology.http_url + "/stocks?x=1", allow_redirects=False, timeout=10)
    assert redirect.status_code == 301
    assert redirect.headers["Location"].startswith("https://127.0.0.1:") and redirect.headers["Location"].endswith(
        "/stocks?x=1"
    )


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
