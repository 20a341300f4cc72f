"""Several app hosts behind nginx with TLS on one machine, as production runs them on several
(deploy/nginx.conf, rendered by deploy/render.py): each host its own gunicorn and its own
data folder, one programme database, one Redis, one secret key. The sign-on is nginx's
auth_basic (auth="header": the hosts believe nginx's X-Forwarded-User/-Groups) or the app's own
accounts (auth="local": one accounts file for every host, nginx without a sign-on).
Used by tests/test_multihost.py, tests/test_multihost_sessions.py, and by the load benchmark
through nginx:

    python -m tests.topology [--hosts 2] [--workers 2]   # prints the https URL and the certificate
    python -m bench.load --url https://127.0.0.1:PORT --ca CERT --users 100   # in another shell

It runs until Ctrl-C or SIGTERM (then stops everything it started).
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from deploy.render import render
from tests.app_host import ROOT, free_port, gunicorn_host
from tests.conftest import running_redis

SECRET = "proxy-secret-of-the-test-0123456789"
SECRET_HEADER = "X-Migdash-Proxy-Secret"
# name: (password, groups). auth="local" makes an account of each whose groups give a role (alice).
USERS = {"alice": ("alice-password", "migdash-admin"), "bob": ("bob-password", "")}


@dataclass
class Proxy:
    """nginx, as nginx_in_front started it."""

    url: str  # https://127.0.0.1:port
    http_url: str  # nginx's plain-HTTP port (redirects)
    cert: Path  # the certificate it was made with, to verify it
    access_log: Path

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url + path, verify=str(self.cert), timeout=60, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return requests.post(self.url + path, verify=str(self.cert), timeout=60, **kwargs)

    def browser(self) -> requests.Session:
        """A client that keeps its cookies and its one connection to nginx, as a browser does
        (so nginx's round robin takes turns between the hosts for it)."""
        session = requests.Session()
        session.verify = str(self.cert)
        session.trust_env = False  # else REQUESTS_CA_BUNDLE, when set, would win over `verify`
        return session


@dataclass
class Topology(Proxy):
    """The app hosts behind nginx (its URLs are the Proxy's), as hosts_behind_nginx started them."""

    hosts: dict  # name -> direct http URL of the app host
    data_dirs: dict  # name -> the host's data folder
    programme_db: str
    redis: object  # tests.conftest.RedisServer

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


def _workers_folder() -> Path:
    """A folder nginx's workers, who run as nobody, can enter (unlike pytest's private tmp),
    for the files they read themselves and their run folder, where they write request bodies
    too large for memory (every workbook upload)."""
    folder = Path(tempfile.mkdtemp(prefix="migdash-nginx-"))
    folder.chmod(0o755)
    return folder


def _htpasswd(folder: Path, workers_folder: Path) -> tuple[Path, Path]:
    """The sign-on's users (read by nginx's workers: in `workers_folder`) and their groups
    (read by nginx's master)."""
    lines, groups = [], []
    for name, (password, group) in USERS.items():
        hashed = subprocess.run(
            ["openssl", "passwd", "-apr1", password], check=True, capture_output=True, text=True
        ).stdout.strip()
        lines.append(f"{name}:{hashed}")
        groups.append(f'{name} "{group}";')
    (workers_folder / "htpasswd").write_text("\n".join(lines) + "\n")
    (workers_folder / "htpasswd").chmod(0o644)
    (folder / "groups.map").write_text("\n".join(groups) + "\n")
    return workers_folder / "htpasswd", folder / "groups.map"


def _sign_on(folder: Path, workers_folder: Path, auth: str) -> dict:
    """deploy/render.py's sign-on values for hosts running MIGDASH_AUTH=`auth`."""
    if auth == "local":
        return {"sign_on": "none"}
    assert auth == "header", auth
    htpasswd, groups = _htpasswd(folder, workers_folder)
    return {"sign_on": "basic", "htpasswd_file": htpasswd, "groups_file": groups}


def _accounts_file(folder: Path) -> Path:
    """The local accounts (MIGDASH_AUTH=local) of USERS with a role, made by web.accounts'
    own API: one file, which every host reads, as a deployment copies it to each."""
    from web import accounts, staff

    path = folder / "accounts.json"
    for name, (password, groups) in USERS.items():
        if (role := staff.groups_role(groups)) in accounts.ROLES:
            accounts.add_account(path, name, password, role)
    return path


@contextlib.contextmanager
def nginx_in_front(folder: Path, upstreams: list[str], auth: str = "header", https_port: int | None = None):
    """nginx in the foreground on deploy/nginx.conf in front of `upstreams` (host:port), with
    the sign-on that hosts running MIGDASH_AUTH=`auth` need, a certificate of its own and its
    own prefix and logs in `folder`, on `https_port` (a free one by default): a Proxy."""
    cert, key = _make_certificate(folder)
    https_port, http_port = https_port or free_port(), free_port()
    workers_folder = _workers_folder()
    conf = folder / "nginx.conf"
    conf.write_text(
        render(
            {
                "run_dir": workers_folder,  # the workers write request bodies (uploads) there
                "log_dir": folder,
                "listen_host": "127.0.0.1",
                "http_port": http_port,
                "https_port": https_port,
                "public_origin": f"https://127.0.0.1:{https_port}",
                "cert_file": cert,
                "key_file": key,
                "upstreams": ",".join(upstreams),
                "checkout": ROOT,
                "body_max_mb": 11,
                "proxy_secret": SECRET,
                "read_timeout": 45,
                **_sign_on(folder, workers_folder, auth),
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
        yield Proxy(f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", cert, folder / "access.log")
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(workers_folder, ignore_errors=True)


@contextlib.contextmanager
def hosts_behind_nginx(
    built_data_dir: Path, programme_db: str, folder: Path, names=("a", "b"), workers: int = 2, auth: str = "header"
):
    """`names` app hosts (each a copy of `built_data_dir`, programme data in `programme_db`,
    MIGDASH_AUTH=`auth`), one Redis, nginx with TLS and the sign-on for `auth` in front: a
    Topology, until the block ends."""
    ports = {name: free_port() for name in names}
    signing_in = {"MIGDASH_AUTH": auth}
    if auth == "local":
        signing_in["MIGDASH_ACCOUNTS_FILE"] = str(_accounts_file(folder))
    https_port = free_port()  # chosen first: the hosts' MIGDASH_PUBLIC_URL is nginx's origin
    public_url = f"https://127.0.0.1:{https_port}"
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
                "MIGDASH_SERVED_BY": name,
                **signing_in,
            }
            hosts[name], _log = stack.enter_context(
                gunicorn_host(data_dirs[name], folder / name, environ, workers=workers, port=port)
            )
        upstreams = [f"127.0.0.1:{port}" for port in ports.values()]
        proxy = stack.enter_context(nginx_in_front(folder, upstreams, auth, https_port))
        yield Topology(**vars(proxy), hosts=hosts, data_dirs=data_dirs, programme_db=programme_db, redis=redis)


@contextlib.contextmanager
def demo_topology(built_data_dir: Path, postgres_server, folder: Path, **options):
    """hosts_behind_nginx(**options) on a new database of `postgres_server` (tests/postgres.py)
    holding the demo programme data, published as set-up does."""
    from programme import database, demo

    programme_db = postgres_server.new_database()
    database.publish(programme_db, demo.generate(), created_by="set-up", kind="demo", is_demo=True)
    with hosts_behind_nginx(built_data_dir, programme_db, folder, **options) as topology:
        yield topology


def main() -> None:
    """Copy the data folder (`make data`) to each host, publish the demo programme data in a
    private PostgreSQL, start the hosts and nginx, and wait."""
    from settings import Settings
    from tests import postgres

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per host")
    parser.add_argument("--data-dir", type=Path, default=Settings.from_env().data_dir)
    args = parser.parse_args()
    # Started in the background, SIGINT may be ignored: SIGTERM also ends it cleanly.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    folder = Path(tempfile.mkdtemp(prefix="migdash-topology-"))
    data_dir = args.data_dir
    server = postgres.start(free_port())
    try:
        names = [chr(ord("a") + index) for index in range(args.hosts)]
        with demo_topology(data_dir, server, folder, names=names, workers=args.workers) as topology:
            print(f"{topology.url} cert={topology.cert} hosts={topology.hosts}", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
