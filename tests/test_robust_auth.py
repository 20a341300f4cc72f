"""Staff sign-in under attack: headers only a proxy may set, sent by anyone else; start-up
refusal without a named proxy; sign-in throttling that never fails open and that a stranger
cannot use to lock a staff member out; session cookies that die at sign-out."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time

import pytest
from flask import jsonify, request

from settings import Settings, SettingsError
from tests.conftest import free_port
from tests.staff import PASSWORD
from tests.test_auth import CSRF_FIELD, ROOT, accounts_file, make_app, session_token  # noqa: F401 - accounts_file is a fixture

PROXY = "10.0.0.5"
STRANGER = "203.0.113.9"
SECRET = "a-long-proxy-secret-0123456789"
ADMIN_HEADERS = {"X-Forwarded-User": "mallory", "X-Forwarded-Groups": "migdash-admin"}


def with_probe(app):
    """A route that shows what the app believed about the request."""

    def probe():
        return jsonify(
            remote_addr=request.remote_addr,
            scheme=request.scheme,
            host=request.host,
            script_root=request.script_root,
            identity=request.headers.get("X-Forwarded-User"),
            secret=request.headers.get("X-Migdash-Proxy-Secret"),
        )

    app.server.add_url_rule("/test-probe", "test_probe", probe)
    return app.server.test_client()


# --- start-up refusal -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "environ, names",
    [
        ({"MIGDASH_AUTH": "header"}, ["MIGDASH_AUTH=header", "MIGDASH_TRUSTED_PROXIES", "MIGDASH_PROXY_SECRET"]),
        ({"MIGDASH_PROXY_HOPS": "1"}, ["MIGDASH_PROXY_HOPS=1", "MIGDASH_TRUSTED_PROXIES", "MIGDASH_PROXY_SECRET"]),
        ({"MIGDASH_PROXY_SECRET": "short"}, ["MIGDASH_PROXY_SECRET", "16"]),
        ({"MIGDASH_PROXY_HOPS": "-1", "MIGDASH_TRUSTED_PROXIES": PROXY}, ["MIGDASH_PROXY_HOPS=-1"]),
        ({"MIGDASH_PROXY_SECRET_HEADER": "X Secret", "MIGDASH_PROXY_SECRET": SECRET}, ["MIGDASH_PROXY_SECRET_HEADER"]),
        (
            {"MIGDASH_AUTH": "header", "MIGDASH_TRUSTED_PROXIES": "10.0.0.300"},
            ["MIGDASH_TRUSTED_PROXIES", "10.0.0.300"],
        ),
    ],
)
def test_settings_refuse_to_believe_an_unnamed_proxy(environ, names):
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(environ=environ)
    for name in names:
        assert name in str(refused.value)


@pytest.mark.parametrize(
    "environ",
    [
        {"MIGDASH_AUTH": "header", "MIGDASH_TRUSTED_PROXIES": PROXY},
        {"MIGDASH_AUTH": "header", "MIGDASH_PROXY_SECRET": SECRET},
        {"MIGDASH_PROXY_HOPS": "2", "MIGDASH_TRUSTED_PROXIES": "10.0.0.0/24, ::1"},
    ],
)
def test_settings_accept_a_named_proxy(environ):
    Settings.from_env(environ=environ)


@pytest.mark.slow
@pytest.mark.parametrize("command", [["app.py"], ["-m", "gunicorn", "app:server"]])
def test_servers_exit_with_one_sentence_when_header_mode_has_no_proxy(command, tmp_path):
    env = {**os.environ, "MIGDASH_AUTH": "header", "PORT": "8290", "MIGDASH_DATA_DIR": str(tmp_path)}
    env.pop("MIGDASH_TRUSTED_PROXIES", None)
    env.pop("MIGDASH_PROXY_SECRET", None)
    done = subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
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
    spoofed = client.get("/test-admin", headers=ADMIN_HEADERS, environ_base={"REMOTE_ADDR": STRANGER})
    assert spoofed.status_code == 303 and "/signin" in spoofed.headers["Location"]
    posted = client.post("/test-admin", headers=ADMIN_HEADERS, environ_base={"REMOTE_ADDR": STRANGER})
    assert posted.status_code == 401
    warnings = [r.getMessage() for r in caplog.records if r.name == "migdash.auth"]
    assert warnings[0] == (
        f"Ignored X-Forwarded-User, X-Forwarded-Groups from {STRANGER}: not in MIGDASH_TRUSTED_PROXIES"
    )
    assert len(warnings) == 2  # one line per request, no traceback
    assert not any(r.exc_info for r in caplog.records)

    proxied = client.get("/test-admin", headers=ADMIN_HEADERS, environ_base={"REMOTE_ADDR": PROXY})
    assert proxied.status_code == 200 and proxied.get_data(as_text=True).startswith("done by mallory")


@pytest.mark.parametrize(
    "sent, peer, status",
    [
        (None, PROXY, 303),
        ("wrong-secret-0123456789abc", PROXY, 303),
        (SECRET + "x", PROXY, 303),
        (SECRET, STRANGER, 303),  # the right secret from the wrong address: both are required
        (SECRET, PROXY, 200),
    ],
)
def test_with_address_and_secret_both_are_required(header_app, caplog, sent, peer, status):
    client = header_app(trusted_proxies=PROXY, proxy_secret=SECRET).server.test_client()
    headers = {**ADMIN_HEADERS, **({"X-Migdash-Proxy-Secret": sent} if sent else {})}
    caplog.set_level(logging.WARNING, logger="migdash.auth")
    assert client.get("/test-admin", headers=headers, environ_base={"REMOTE_ADDR": peer}).status_code == status
    assert SECRET not in caplog.text
    if status != 200:
        reason = "without the right MIGDASH_PROXY_SECRET header" if peer == PROXY else "not in MIGDASH_TRUSTED_PROXIES"
        assert caplog.records[-1].getMessage().endswith(reason)


def test_the_secret_alone_identifies_the_proxy(header_app):
    client = header_app(proxy_secret=SECRET).server.test_client()
    for peer in (PROXY, STRANGER):
        assert client.get("/test-admin", headers=ADMIN_HEADERS, environ_base={"REMOTE_ADDR": peer}).status_code == 303
    with_secret = {**ADMIN_HEADERS, "X-Migdash-Proxy-Secret": SECRET}
    assert client.get("/test-admin", headers=with_secret, environ_base={"REMOTE_ADDR": STRANGER}).status_code == 200


def test_the_secret_header_never_reaches_the_app(header_app):
    client = with_probe(header_app(proxy_secret=SECRET, proxy_secret_header="X-Migdash-Proxy-Secret"))
    for sent in (SECRET, "wrong"):
        seen = client.get("/test-probe", headers={"X-Migdash-Proxy-Secret": sent}).get_json()
        assert seen["secret"] is None


# --- X-Forwarded-* --------------------------------------------------------------------------


FORWARDED = {
    "X-Forwarded-For": "198.51.100.1",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "evil.example",
    "X-Forwarded-Prefix": "/elsewhere",
}


def test_forwarded_headers_from_an_untrusted_client_are_not_believed(settings):
    client = with_probe(make_app(settings, proxy_hops=1, trusted_proxies=PROXY))
    seen = client.get("/test-probe", headers=FORWARDED, environ_base={"REMOTE_ADDR": STRANGER}).get_json()
    assert seen == {
        "remote_addr": STRANGER,
        "scheme": "http",
        "host": "localhost",
        "script_root": "",
        "identity": None,
        "secret": None,
    }


def test_forwarded_headers_from_the_trusted_proxy_are_believed(settings):
    client = with_probe(make_app(settings, proxy_hops=1, trusted_proxies="10.0.0.0/24"))
    seen = client.get("/test-probe", headers=FORWARDED, environ_base={"REMOTE_ADDR": PROXY}).get_json()
    assert seen["remote_addr"] == "198.51.100.1" and seen["scheme"] == "https"


def test_a_forwarded_host_or_port_is_believed_from_no_one_not_even_the_trusted_proxy(settings):
    client = with_probe(make_app(settings, proxy_hops=1, trusted_proxies="10.0.0.0/24"))
    headers = {**FORWARDED, "X-Forwarded-Port": "8443"}
    seen = client.get("/test-probe", headers=headers, environ_base={"REMOTE_ADDR": PROXY}).get_json()
    assert seen["host"] == "localhost"


def test_without_proxy_hops_even_a_trusted_proxy_forwards_nothing(settings):
    client = with_probe(make_app(settings, trusted_proxies=PROXY))
    seen = client.get("/test-probe", headers=FORWARDED, environ_base={"REMOTE_ADDR": PROXY}).get_json()
    assert seen["remote_addr"] == PROXY and seen["scheme"] == "http"


# --- sign-in throttling ---------------------------------------------------------------------


def attempt(app_or_client, name, password="wrong password!", address="127.0.0.1", headers=None):
    """One sign-in POST (with a fresh CSRF token) from `address`; returns the response."""
    client = app_or_client if hasattr(app_or_client, "post") else app_or_client.server.test_client()
    environ = {"REMOTE_ADDR": address}
    token = CSRF_FIELD.search(client.get("/signin", environ_base=environ).get_data(as_text=True)).group(1)
    return client.post(
        "/signin",
        environ_base=environ,
        headers=headers or {},
        data={"csrf_token": token, "username": name, "password": password},
    )


def fail(app_or_client, name, times, address="127.0.0.1", headers=None):
    codes = {attempt(app_or_client, name, address=address, headers=headers).status_code for _ in range(times)}
    assert codes == {401}, codes


def assert_locked(response, minutes=15):
    assert response.status_code == 429
    assert f"Too many failed sign-ins: try again in {minutes} min." in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > (minutes - 1) * 60


@pytest.fixture
def staff(settings, accounts_file):
    def build(**changes):
        return make_app(settings, accounts_file=accounts_file, **changes)

    return build


def test_throttling_counts_with_nullcache(staff):
    app = staff(cache_type="NullCache")
    fail(app, "eddie", 5)
    assert_locked(attempt(app, "eddie", PASSWORD))


def test_throttling_counts_while_the_cache_raises(staff, monkeypatch):
    from data.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    app = staff()
    for method in ("get", "set", "add", "delete", "get_many", "set_many"):
        monkeypatch.setattr(cache, method, broken)
    fail(app, "eddie", 5)
    assert_locked(attempt(app, "eddie", PASSWORD))


def test_throttling_counts_in_the_process_while_redis_is_down(staff, caplog):
    app = staff(redis_url=f"redis://127.0.0.1:{free_port()}/0")  # nothing answers there
    caplog.set_level(logging.WARNING, logger="migdash.auth")
    fail(app, "eddie", 5)
    assert_locked(attempt(app, "eddie", PASSWORD))
    down = [r for r in caplog.records if "Redis unavailable" in r.getMessage()]
    assert len(down) == 1 and not down[0].exc_info  # one line, then left alone for a while


def test_failures_counted_in_redis_are_seen_by_every_host(staff, redis_server, monkeypatch):
    first, second = staff(redis_url=redis_server.url), staff(redis_url=redis_server.url)
    fail(first, "eddie", 3)
    fail(second, "eddie", 2)
    assert_locked(attempt(first, "eddie", PASSWORD))
    assert_locked(attempt(second, "eddie", PASSWORD))

    from limits.storage import RedisStorage

    def down(*args, **kwargs):
        raise ConnectionError("redis down")

    fail(first, "ada", 5)
    monkeypatch.setattr(RedisStorage, "get_moving_window", down)
    monkeypatch.setattr(RedisStorage, "acquire_entry", down)
    assert_locked(attempt(first, "ada", PASSWORD))  # this process's own counts still hold
    fail(second, "ada", 5)  # the other host had only Redis's: it counts on its own from now
    assert_locked(attempt(second, "ada", PASSWORD))


def test_forwarded_for_from_an_untrusted_client_does_not_escape_throttling(staff):
    app = staff(proxy_hops=1, trusted_proxies=PROXY)
    for number in range(5):
        spoofed = {"X-Forwarded-For": f"198.51.100.{number}"}
        assert attempt(app, "eddie", address=STRANGER, headers=spoofed).status_code == 401
    assert_locked(attempt(app, "eddie", PASSWORD, address=STRANGER, headers={"X-Forwarded-For": "198.51.100.99"}))
    # Behind the trusted proxy, the forwarded address is the client: others are not locked.
    assert (
        attempt(app, "eddie", PASSWORD, address=PROXY, headers={"X-Forwarded-For": "198.51.100.99"}).status_code == 303
    )


def test_a_stranger_cannot_lock_a_staff_member_out_of_their_own_browser(staff):
    app = staff()
    own_browser = app.server.test_client()
    assert attempt(own_browser, "ada", PASSWORD, address="192.0.2.10").status_code == 303
    own_browser.post("/signout", data={"csrf_token": session_token(own_browser)})

    for number in range(4):  # a distributed guesser: 20 failures from 4 addresses
        fail(app, "ada", 5, address=f"203.0.113.{number}")
    assert_locked(attempt(app, "ada", PASSWORD, address="203.0.113.77"))  # new browsers: locked
    assert_locked(attempt(app, "ada", PASSWORD, address="192.0.2.10"))  # even from ada's address
    assert attempt(own_browser, "ada", PASSWORD, address="192.0.2.10").status_code == 303
    assert attempt(own_browser, "ada", PASSWORD, address="198.51.100.3").status_code == 303
    assert attempt(app, "eddie", PASSWORD, address="203.0.113.77").status_code == 303


def test_a_stranger_at_the_same_address_cannot_lock_the_account_either(staff):
    app = staff()
    own_browser = app.server.test_client()
    assert attempt(own_browser, "ada", PASSWORD).status_code == 303
    fail(app, "ada", 5)  # the same office address, another browser
    assert_locked(attempt(app, "ada", PASSWORD))
    assert attempt(own_browser, "ada", PASSWORD).status_code == 303


def test_the_device_cookie_is_throttled_on_its_own_and_only_for_its_account(staff):
    app = staff()
    browser = app.server.test_client()
    assert attempt(browser, "eddie", PASSWORD).status_code == 303
    fail(browser, "eddie", 5)
    assert_locked(attempt(browser, "eddie", PASSWORD))  # a stolen device cookie: 5 guesses
    assert attempt(app, "eddie", PASSWORD).status_code == 303  # other browsers: their own count

    fail(browser, "ada", 5)  # eddie's device cookie does not exempt ada's account
    assert_locked(attempt(browser, "ada", PASSWORD))


def test_a_forged_or_foreign_device_cookie_counts_as_none(staff, settings, accounts_file):
    app = staff()
    other = make_app(settings, accounts_file=accounts_file, secret_key="another-secret-key")
    foreign = other.server.test_client()
    assert attempt(foreign, "ada", PASSWORD).status_code == 303  # signed with another key
    for browser_cookie in (
        foreign.get_cookie("migdash_device", path="/signin").value,
        "eyJhZGEiOiJ4In0.forged.signature",
    ):
        fail(app, "ada", 5)
        browser = app.server.test_client()
        browser.set_cookie("migdash_device", browser_cookie, path="/signin")
        assert_locked(attempt(browser, "ada", PASSWORD))
        app = staff()


def test_one_address_is_capped_across_account_names(staff):
    app = staff()
    own_browser = app.server.test_client()
    assert attempt(own_browser, "eddie", PASSWORD, address=STRANGER).status_code == 303
    for number in range(20):  # credential stuffing: one guess each for many names
        assert attempt(app, f"user{number}", address=STRANGER).status_code == 401
    assert_locked(attempt(app, "ada", PASSWORD, address=STRANGER))
    assert attempt(app, "ada", PASSWORD, address="198.51.100.3").status_code == 303
    assert attempt(own_browser, "eddie", PASSWORD, address=STRANGER).status_code == 303


def test_ipv6_clients_are_counted_per_64(staff):
    app = staff()
    for number in range(5):
        assert attempt(app, "eddie", address=f"2001:db8:1:2::{number + 1}").status_code == 401
    assert_locked(attempt(app, "eddie", PASSWORD, address="2001:db8:1:2:ffff::9"))
    assert attempt(app, "eddie", PASSWORD, address="2001:db8:1:3::1").status_code == 303


def test_each_step_of_failures_locks_longer(staff, monkeypatch):
    app = staff()
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    fail(app, "eddie", 5)
    assert_locked(attempt(app, "eddie", PASSWORD), minutes=15)
    now[0] += 15 * 60 + 1
    fail(app, "eddie", 5)
    assert_locked(attempt(app, "eddie", PASSWORD), minutes=45)  # 10 per hour
    now[0] += 45 * 60 + 1
    for _ in range(2):
        fail(app, "eddie", 5)
        now[0] += 60 * 60 + 1
    locked = attempt(app, "eddie", PASSWORD)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 18 * 3600  # 20 a day


# --- sessions end at sign-out ---------------------------------------------------------------


def test_a_session_cookie_copied_before_sign_out_is_worthless_after_it(staff):
    app = staff(secret_key="one-key-for-every-host")
    other_host = staff(secret_key="one-key-for-every-host")  # the same programme database
    browser = app.server.test_client()
    assert attempt(browser, "eddie", PASSWORD).status_code == 303
    copied = browser.get_cookie("session").value
    thief = other_host.server.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/test-editor").status_code == 200  # a copy works while signed in...

    assert browser.post("/signout", data={"csrf_token": session_token(browser)}).status_code == 303
    for client in (thief, app.server.test_client()):
        client.set_cookie("session", copied)
        replayed = client.get("/test-editor")
        assert replayed.status_code == 303 and "/signin" in replayed.headers["Location"]
        assert client.post("/test-admin", data={"csrf_token": "x"}).status_code == 401


def test_sessions_fail_closed_when_the_database_is_down(staff, monkeypatch, caplog):
    import sqlalchemy as sa

    from web import sessions

    def down(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT", {}, Exception("database is down"))

    app = staff()
    browser = app.server.test_client()
    assert attempt(browser, "eddie", PASSWORD).status_code == 303
    monkeypatch.setattr(sessions, "is_live", down)
    assert browser.get("/test-editor").status_code == 303  # nobody is signed in
    monkeypatch.setattr(sessions, "start", down)
    refused = attempt(app, "ada", PASSWORD)
    assert refused.status_code == 503
    assert "cannot reach its database" in refused.get_data(as_text=True)
    monkeypatch.setattr(sessions, "end", down)
    token = session_token(browser)
    assert browser.post("/signout", data={"csrf_token": token}).status_code == 503
    assert "Traceback" not in caplog.text


def test_password_checks_run_one_at_a_time_per_process(staff, monkeypatch):
    """scrypt takes ~32 MB a check: a storm of anonymous sign-ins (one per worker thread) must
    queue, not hold 32 MB per thread at once (bench.worst measured +129 MB for 20 at once)."""
    from web import auth

    running, most = [0], [0]
    counted = threading.Lock()
    overlap_window = threading.Event()  # never set: each check holds its turn a moment

    def slow_check(stored, password):
        with counted:
            running[0] += 1
            most[0] = max(most[0], running[0])
        overlap_window.wait(0.05)
        with counted:
            running[0] -= 1
        return False

    monkeypatch.setattr(auth, "check_password_hash", slow_check)
    app = staff()
    addresses = [f"192.0.2.{n}" for n in range(1, 7)]  # other clients: no throttling between them
    threads = [threading.Thread(target=attempt, args=(app, "eddie"), kwargs={"address": a}) for a in addresses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert most[0] == 1
