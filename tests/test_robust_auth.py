"""Staff sign-in under attack: headers only a proxy may set, sent by anyone else; start-up
refusal without a named proxy; sign-in throttling that never fails open and that a stranger
cannot use to lock a staff member out; session cookies that die at sign-out."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from flask import jsonify, request

from settings import Settings, SettingsError
from tests.test_auth import ROOT, make_app

PROXY = "10.0.0.5"
STRANGER = "203.0.113.9"
SECRET = "a-long-proxy-secret-0123456789"
ADMIN_HEADERS = {"X-Forwarded-User": "mallory", "X-Forwarded-Groups": "migdash-admin"}


def with_probe(app):
    """A route that shows what the app believed about the request."""

    def probe():
        return jsonify(remote_addr=request.remote_addr, scheme=request.scheme, host=request.host,
                       script_root=request.script_root,
                       identity=request.headers.get("X-Forwarded-User"),
                       secret=request.headers.get("X-Migdash-Proxy-Secret"))

    app.server.add_url_rule("/test-probe", "test_probe", probe)
    return app.server.test_client()


# --- start-up refusal -----------------------------------------------------------------------


@pytest.mark.parametrize("environ, names", [
    ({"MIGDASH_AUTH": "header"}, ["MIGDASH_AUTH=header", "MIGDASH_TRUSTED_PROXIES",
                                  "MIGDASH_PROXY_SECRET"]),
    ({"MIGDASH_PROXY_HOPS": "1"}, ["MIGDASH_PROXY_HOPS=1", "MIGDASH_TRUSTED_PROXIES",
                                   "MIGDASH_PROXY_SECRET"]),
    ({"MIGDASH_PROXY_SECRET": "short"}, ["MIGDASH_PROXY_SECRET", "16"]),
    ({"MIGDASH_PROXY_HOPS": "-1", "MIGDASH_TRUSTED_PROXIES": PROXY}, ["MIGDASH_PROXY_HOPS=-1"]),
    ({"MIGDASH_PROXY_SECRET_HEADER": "X Secret", "MIGDASH_PROXY_SECRET": SECRET},
     ["MIGDASH_PROXY_SECRET_HEADER"]),
    ({"MIGDASH_AUTH": "header", "MIGDASH_TRUSTED_PROXIES": "10.0.0.300"},
     ["MIGDASH_TRUSTED_PROXIES", "10.0.0.300"]),
])
def test_settings_refuse_to_believe_an_unnamed_proxy(environ, names):
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(environ=environ)
    for name in names:
        assert name in str(refused.value)


@pytest.mark.parametrize("environ", [
    {"MIGDASH_AUTH": "header", "MIGDASH_TRUSTED_PROXIES": PROXY},
    {"MIGDASH_AUTH": "header", "MIGDASH_PROXY_SECRET": SECRET},
    {"MIGDASH_PROXY_HOPS": "2", "MIGDASH_TRUSTED_PROXIES": "10.0.0.0/24, ::1"},
])
def test_settings_accept_a_named_proxy(environ):
    Settings.from_env(environ=environ)


@pytest.mark.parametrize("command", [["app.py"], ["-m", "gunicorn", "app:server"]])
def test_servers_exit_with_one_sentence_when_header_mode_has_no_proxy(command, tmp_path):
    env = {**os.environ, "MIGDASH_AUTH": "header", "PORT": "8290",
           "MIGDASH_DATA_DIR": str(tmp_path)}
    env.pop("MIGDASH_TRUSTED_PROXIES", None)
    env.pop("MIGDASH_PROXY_SECRET", None)
    done = subprocess.run([sys.executable, *command], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode != 0
    output = (done.stdout + done.stderr).strip()
    assert output.startswith("migdash: MIGDASH_AUTH=header needs MIGDASH_TRUSTED_PROXIES")
    assert output.count("\n") == 0 and "Traceback" not in output


# --- identity headers -----------------------------------------------------------------------


@pytest.fixture
def header_app(settings, tmp_path):
    def build(**trust):
        return make_app(settings, auth="header", accounts_file=tmp_path / "none.json", **trust)
    return build


def test_identity_headers_from_an_untrusted_address_are_ignored_and_logged(header_app, caplog):
    client = header_app(trusted_proxies=PROXY).server.test_client()
    caplog.set_level(logging.WARNING, logger="migdash.auth")
    spoofed = client.get("/test-admin", headers=ADMIN_HEADERS,
                         environ_base={"REMOTE_ADDR": STRANGER})
    assert spoofed.status_code == 303 and "/signin" in spoofed.headers["Location"]
    posted = client.post("/test-admin", headers=ADMIN_HEADERS,
                         environ_base={"REMOTE_ADDR": STRANGER})
    assert posted.status_code == 401
    warnings = [r.getMessage() for r in caplog.records if r.name == "migdash.auth"]
    assert warnings[0] == (f"Ignored X-Forwarded-User, X-Forwarded-Groups from {STRANGER}: "
                           "not in MIGDASH_TRUSTED_PROXIES")
    assert len(warnings) == 2  # one line per request, no traceback
    assert not any(r.exc_info for r in caplog.records)

    proxied = client.get("/test-admin", headers=ADMIN_HEADERS, environ_base={"REMOTE_ADDR": PROXY})
    assert proxied.status_code == 200 and proxied.get_data(as_text=True).startswith("done by mallory")


@pytest.mark.parametrize("sent, peer, status", [
    (None, PROXY, 303), ("wrong-secret-0123456789abc", PROXY, 303), (SECRET + "x", PROXY, 303),
    (SECRET, STRANGER, 303),  # the right secret from the wrong address: both are required
    (SECRET, PROXY, 200),
])
def test_with_address_and_secret_both_are_required(header_app, caplog, sent, peer, status):
    client = header_app(trusted_proxies=PROXY, proxy_secret=SECRET).server.test_client()
    headers = {**ADMIN_HEADERS, **({"X-Migdash-Proxy-Secret": sent} if sent else {})}
    caplog.set_level(logging.WARNING, logger="migdash.auth")
    assert client.get("/test-admin", headers=headers,
                      environ_base={"REMOTE_ADDR": peer}).status_code == status
    assert SECRET not in caplog.text
    if status != 200:
        reason = ("without the right MIGDASH_PROXY_SECRET header" if peer == PROXY
                  else "not in MIGDASH_TRUSTED_PROXIES")
        assert caplog.records[-1].getMessage().endswith(reason)


def test_the_secret_alone_identifies_the_proxy(header_app):
    client = header_app(proxy_secret=SECRET).server.test_client()
    for peer in (PROXY, STRANGER):
        assert client.get("/test-admin", headers=ADMIN_HEADERS,
                          environ_base={"REMOTE_ADDR": peer}).status_code == 303
    with_secret = {**ADMIN_HEADERS, "X-Migdash-Proxy-Secret": SECRET}
    assert client.get("/test-admin", headers=with_secret,
                      environ_base={"REMOTE_ADDR": STRANGER}).status_code == 200


def test_the_secret_header_never_reaches_the_app(header_app):
    client = with_probe(header_app(proxy_secret=SECRET, proxy_secret_header="X-Migdash-Proxy-Secret"))
    for sent in (SECRET, "wrong"):
        seen = client.get("/test-probe", headers={"X-Migdash-Proxy-Secret": sent}).get_json()
        assert seen["secret"] is None


# --- X-Forwarded-* --------------------------------------------------------------------------


FORWARDED = {"X-Forwarded-For": "198.51.100.1", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "evil.example", "X-Forwarded-Prefix": "/elsewhere"}


def test_forwarded_headers_from_an_untrusted_client_are_not_believed(settings):
    client = with_probe(make_app(settings, proxy_hops=1, trusted_proxies=PROXY))
    seen = client.get("/test-probe", headers=FORWARDED,
                      environ_base={"REMOTE_ADDR": STRANGER}).get_json()
    assert seen == {"remote_addr": STRANGER, "scheme": "http", "host": "localhost",
                    "script_root": "", "identity": None, "secret": None}


def test_forwarded_headers_from_the_trusted_proxy_are_believed(settings):
    client = with_probe(make_app(settings, proxy_hops=1, trusted_proxies="10.0.0.0/24"))
    seen = client.get("/test-probe", headers=FORWARDED,
                      environ_base={"REMOTE_ADDR": PROXY}).get_json()
    assert seen["remote_addr"] == "198.51.100.1" and seen["scheme"] == "https"


def test_without_proxy_hops_even_a_trusted_proxy_forwards_nothing(settings):
    client = with_probe(make_app(settings, trusted_proxies=PROXY))
    seen = client.get("/test-probe", headers=FORWARDED,
                      environ_base={"REMOTE_ADDR": PROXY}).get_json()
    assert seen["remote_addr"] == PROXY and seen["scheme"] == "http"
