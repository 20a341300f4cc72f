"""Staff sign-in: the accounts command line, sign-in and sign-out, CSRF, the rate limit,
`require` on routes, the single sign-on header mode, and public pages staying public."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from flask import request

from tests import staff as staff_accounts
from tests.staff import PASSWORD
from web import accounts, staff

ROOT = Path(__file__).resolve().parent.parent
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def run_cli(accounts_file, *args, password=None):
    env = {**os.environ, "MIGDASH_ACCOUNTS_FILE": str(accounts_file)}
    return subprocess.run(
        [sys.executable, "-m", "web.accounts", *args],
        input=password,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


def make_app(settings, **changes):
    from app import create_app

    app = create_app(settings.replace(**changes))

    @staff.require("editor")
    def editor_page():
        return staff.render("base.html", "Editor page")

    @staff.require("admin")
    def admin_action():
        return f"done by {staff.current_user().name} with {request.form.get('value', '')}"

    app.server.add_url_rule("/test-editor", "test_editor", editor_page, methods=["GET", "POST"])
    app.server.add_url_rule("/test-admin", "test_admin", admin_action, methods=["GET", "POST"])
    return app


@pytest.fixture
def accounts_file(tmp_path):
    return staff_accounts.accounts_file(tmp_path / "accounts.json", eddie="editor", ada="admin")


@pytest.fixture
def staff_app(settings, accounts_file):
    return make_app(settings, accounts_file=accounts_file)


@pytest.fixture
def staff_client(staff_app):
    return staff_app.server.test_client()


@pytest.fixture
def store_client(settings, accounts_file, programme_db):
    """A staff client whose sessions live in a store of its own, on SQLite and PostgreSQL."""
    return make_app(settings, accounts_file=accounts_file, programme_db=programme_db).server.test_client()


def token_of(client, path="/signin") -> str:
    return CSRF_FIELD.search(client.get(path).get_data(as_text=True)).group(1)


def sign_in(client, name, password=PASSWORD, next_path=None):
    form = {"csrf_token": token_of(client), "username": name, "password": password}
    if next_path is not None:
        form["next"] = next_path
    return client.post("/signin", data=form)


def session_token(client) -> str:
    with client.session_transaction() as session:
        return session["csrf_token"]


# --- the accounts command line --------------------------------------------------------------


@pytest.mark.slow
def test_cli_adds_lists_and_removes_accounts(tmp_path):
    path = tmp_path / "new-folder" / "accounts.json"
    added = run_cli(path, "add", "maria.k", "--role", "editor", "--password-stdin", password=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert run_cli(path, "add", "sam", "--role", "admin", "--password-stdin", password=PASSWORD + "\n").returncode == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    users = json.loads(path.read_text())["users"]
    assert users["maria.k"]["role"] == "editor" and users["sam"]["role"] == "admin"
    assert PASSWORD not in path.read_text()
    assert users["maria.k"]["hash"].startswith("scrypt:32768:8:1$")  # the real work factor (tests use less)
    assert users["maria.k"]["hash"] != users["sam"]["hash"]  # salted: same password, new hash

    listing = run_cli(path, "list")
    assert listing.returncode == 0 and listing.stdout.split() == ["maria.k", "editor", "sam", "admin"]
    assert "scrypt" not in listing.stdout

    again = run_cli(path, "add", "sam", "--role", "editor", "--password-stdin", password=PASSWORD)
    assert again.returncode == 1 and "--replace" in again.stderr

    assert run_cli(path, "remove", "maria.k").returncode == 0
    assert list(json.loads(path.read_text())["users"]) == ["sam"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert run_cli(path, "remove", "nobody").returncode == 1
    assert [p.name for p in path.parent.iterdir()] == ["accounts.json"]  # no temporary files left


@pytest.mark.slow
def test_cli_refuses_short_passwords_and_bad_names(tmp_path):
    path = tmp_path / "accounts.json"
    short = run_cli(path, "add", "maria", "--role", "editor", "--password-stdin", password="short\n")
    assert short.returncode == 1 and "at least 12 characters" in short.stderr
    for name in ("Maria", "a", "x" * 41, "ma ria", "maria/../x"):
        bad = run_cli(path, "add", name, "--role", "editor", "--password-stdin", password=PASSWORD)
        assert bad.returncode == 1 and "not a valid account name" in bad.stderr
    assert run_cli(path, "add", "maria", "--role", "owner", "--password-stdin", password=PASSWORD).returncode != 0
    assert not path.exists()


# --- signing in and out ---------------------------------------------------------------------


def test_signin_page_renders_with_a_csrf_field(staff_client):
    response = staff_client.get("/signin")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert CSRF_FIELD.search(page)
    assert '<label class="form-label" for="signin-username">' in page
    assert 'autocomplete="current-password"' in page
    assert response.headers["Cache-Control"] == "no-store"
    assert "<script" not in page


def test_without_accounts_nobody_can_sign_in_and_the_page_says_how_to_add_one(settings, tmp_path):
    client = make_app(settings, accounts_file=tmp_path / "none.json").server.test_client()
    assert "python -m web.accounts add" in client.get("/signin").get_data(as_text=True)
    assert sign_in(client, "admin", "admin").status_code == 401


def test_wrong_password_is_refused_without_a_session(staff_client):
    response = sign_in(staff_client, "eddie", "not the password")
    assert response.status_code == 401
    assert "do not match a staff account" in response.get_data(as_text=True)
    with staff_client.session_transaction() as session:
        assert "user" not in session
    assert sign_in(staff_client, "nobody", PASSWORD).status_code == 401
    assert staff_client.get("/test-editor").status_code == 303


def test_right_password_signs_in_and_goes_to_next(staff_client):
    response = sign_in(staff_client, "eddie", next_path="/test-editor?x=1")
    assert response.status_code == 303 and response.headers["Location"] == "/test-editor?x=1"
    with staff_client.session_transaction() as session:
        assert session["user"] == "eddie" and session["role"] == "editor" and session.permanent
    page = staff_client.get("/test-editor")
    assert page.status_code == 200 and "eddie" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "next_path", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "http:/x"]
)
def test_offsite_next_is_ignored(staff_client, next_path):
    response = sign_in(staff_client, "eddie", next_path=next_path)
    assert response.status_code == 303
    assert response.headers["Location"] == "/programme/upload"


def test_session_cookie_flags(settings, accounts_file):
    client = make_app(settings, accounts_file=accounts_file).server.test_client()
    cookies = cookies_set(sign_in(client, "eddie"))
    cookie = cookies["session"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert "Expires=" in cookie  # permanent: it outlives the browser session, for 8 hours
    device = cookies["migdash_device"]  # see web.throttle
    assert "HttpOnly" in device and "SameSite=Strict" in device and "Path=/signin" in device
    assert "Max-Age=7776000" in device and "Secure" not in device

    secure = make_app(settings, accounts_file=accounts_file, secure_cookies=True)
    client = secure.server.test_client()
    token = CSRF_FIELD.search(client.get("/signin", base_url="https://localhost").get_data(as_text=True)).group(1)
    response = client.post(
        "/signin", base_url="https://localhost", data={"csrf_token": token, "username": "eddie", "password": PASSWORD}
    )
    assert response.status_code == 303
    for cookie in cookies_set(response).values():
        assert "Secure" in cookie and "HttpOnly" in cookie
    assert "SameSite=Lax" in cookies_set(response)["session"]


def cookies_set(response) -> dict[str, str]:
    """{name: Set-Cookie header} of a response."""
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def test_signin_starts_a_fresh_session_and_csrf_token(staff_client):
    before = token_of(staff_client)
    sign_in(staff_client, "eddie")
    assert session_token(staff_client) != before


def test_posts_need_the_csrf_token(staff_client):
    no_token = staff_client.post("/signin", data={"username": "eddie", "password": PASSWORD})
    assert no_token.status_code == 400
    assert "This form has expired" in no_token.get_data(as_text=True)
    token_of(staff_client)
    wrong = staff_client.post("/signin", data={"csrf_token": "wrong", "username": "eddie", "password": PASSWORD})
    assert wrong.status_code == 400
    with staff_client.session_transaction() as session:
        assert "user" not in session

    sign_in(staff_client, "ada")
    assert staff_client.post("/test-admin", data={"value": "1"}).status_code == 400
    assert staff_client.post("/test-admin", data={"value": "1", "csrf_token": "x"}).status_code == 400
    good = staff_client.post("/test-admin", data={"value": "1", "csrf_token": session_token(staff_client)})
    assert good.status_code == 200 and good.get_data(as_text=True) == "done by ada with 1"
    header = staff_client.post("/test-admin", headers={"X-CSRF-Token": session_token(staff_client)})
    assert header.status_code == 200


def test_signout_needs_csrf_and_ends_the_session(store_client):
    staff_client = store_client
    sign_in(staff_client, "eddie")
    assert staff_client.post("/signout").status_code == 400
    assert staff_client.get("/test-editor").status_code == 200
    page = staff_client.get("/test-editor").get_data(as_text=True)
    assert 'action="/signout"' in page  # base.html's sign-out form, with its token
    response = staff_client.post("/signout", data={"csrf_token": session_token(staff_client)})
    assert response.status_code == 303 and response.headers["Location"] == "/programme"
    assert staff_client.get("/test-editor").status_code == 303
    assert staff_client.get("/signout").status_code == 404  # Dash's not-found page: GET never signs out


def test_removed_accounts_and_reset_passwords_end_sessions(staff_client, accounts_file):
    sign_in(staff_client, "eddie")
    assert staff_client.get("/test-editor").status_code == 200
    accounts.add_account(accounts_file, "eddie", PASSWORD + "!", "editor", replace=True)
    assert staff_client.get("/test-editor").status_code == 303
    sign_in(staff_client, "eddie", PASSWORD + "!")
    assert staff_client.get("/test-editor").status_code == 200
    accounts.remove_account(accounts_file, "eddie")
    assert staff_client.get("/test-editor").status_code == 303


# --- the rate limit -------------------------------------------------------------------------


def test_five_failures_lock_sign_in_for_the_account_from_that_address(staff_client):
    for _ in range(5):
        assert sign_in(staff_client, "eddie", "wrong password!").status_code == 401
    locked = sign_in(staff_client, "eddie")
    assert locked.status_code == 429
    assert "Too many failed sign-ins: try again in 15 min." in locked.get_data(as_text=True)
    assert 890 <= int(locked.headers["Retry-After"]) <= 900
    with staff_client.session_transaction() as session:
        assert "user" not in session
    assert sign_in(staff_client, "ada").status_code == 303  # other accounts: not yet locked


def test_a_success_clears_that_browsers_count(staff_app):
    first = staff_app.server.test_client()
    for _ in range(4):
        sign_in(first, "eddie", "wrong password!")
    assert sign_in(first, "eddie").status_code == 303
    second = staff_app.server.test_client()  # the same address, without the device cookie
    for _ in range(5):
        assert sign_in(second, "eddie", "wrong password!").status_code == 401
    assert sign_in(second, "eddie").status_code == 429


def test_a_cache_outage_does_not_stop_sign_in(staff_client, monkeypatch):
    from data.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "set", "delete"):
        monkeypatch.setattr(cache, method, broken)
    assert sign_in(staff_client, "eddie", "wrong password!").status_code == 401
    assert sign_in(staff_client, "eddie").status_code == 303


# --- require --------------------------------------------------------------------------------


def test_require_sends_anonymous_visitors_to_sign_in(staff_client):
    response = staff_client.get("/test-editor?tab=2")
    assert response.status_code == 303
    assert response.headers["Location"] == "/signin?next=%2Ftest-editor%3Ftab%3D2"
    assert response.headers["Cache-Control"] == "no-store"
    posted = staff_client.post("/test-admin", data={"value": "1"})
    assert posted.status_code == 401 and "Sign in" in posted.get_data(as_text=True)


def test_require_checks_the_role(staff_client):
    sign_in(staff_client, "eddie")
    assert staff_client.get("/test-editor").status_code == 200
    refused = staff_client.get("/test-admin")
    assert refused.status_code == 403
    assert "Your account (editor) cannot do this: ask an administrator" in refused.get_data(as_text=True)
    assert refused.headers["Cache-Control"] == "no-store"

    sign_in(staff_client, "ada")
    assert staff_client.get("/test-admin").status_code == 200
    assert staff_client.get("/test-editor").status_code == 200


def test_require_refuses_unknown_roles():
    with pytest.raises(ValueError):
        staff.require("owner")


# --- header mode (single sign-on) -----------------------------------------------------------


@pytest.fixture
def sso_client(settings, tmp_path):
    # The test client's requests come from 127.0.0.1: the sign-on proxy (see test_robust_auth
    # for requests from anywhere else).
    return make_app(
        settings, auth="header", accounts_file=tmp_path / "none.json", trusted_proxies="127.0.0.1"
    ).server.test_client()


def test_header_mode_maps_groups_to_roles(sso_client):
    admin = {"X-Forwarded-User": "ada@example.org", "X-Forwarded-Groups": "staff,migdash-admin"}
    editor = {"X-Forwarded-User": "eddie@example.org", "X-Forwarded-Groups": "migdash-editor"}
    nobody = {"X-Forwarded-User": "sam@example.org", "X-Forwarded-Groups": "staff"}
    assert sso_client.get("/test-admin", headers=admin).status_code == 200
    assert sso_client.get("/test-editor", headers=editor).status_code == 200
    assert "eddie@example.org" in sso_client.get("/test-editor", headers=editor).get_data(as_text=True)
    assert sso_client.get("/test-admin", headers=editor).status_code == 403
    no_role = sso_client.get("/test-editor", headers=nobody)
    assert no_role.status_code == 403 and "no migdash role" in no_role.get_data(as_text=True)
    token = session_token_after_get(sso_client, admin)
    posted = sso_client.post("/test-admin", headers=admin, data={"csrf_token": token, "value": "2"})
    assert posted.get_data(as_text=True) == "done by ada@example.org with 2"
    assert sso_client.post("/test-admin", headers=admin, data={"value": "2"}).status_code == 400


def session_token_after_get(client, headers):
    page = client.get("/test-editor", headers=headers).get_data(as_text=True)
    return CSRF_FIELD.search(page).group(1)


def test_header_mode_without_headers_is_anonymous(sso_client):
    assert sso_client.get("/test-editor").status_code == 303
    assert sso_client.post("/test-admin").status_code == 401
    groups_only = {"X-Forwarded-Groups": "migdash-admin"}
    assert sso_client.get("/test-admin", headers=groups_only).status_code == 303


def test_header_mode_signin_page_explains_single_sign_on(sso_client):
    page = sso_client.get("/signin").get_data(as_text=True)
    assert "single sign-on" in page and 'name="password"' not in page


def test_header_mode_ignored_in_local_mode(staff_client):
    headers = {"X-Forwarded-User": "ada", "X-Forwarded-Groups": "migdash-admin"}
    assert staff_client.get("/test-admin", headers=headers).status_code == 303


# --- public pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/programme", "/api/v1/datasets.json", "/embed/stocks-trend"])
def test_public_pages_need_no_sign_in(staff_client, path):
    response = staff_client.get(path)
    assert response.status_code == 200
    assert "/signin" not in response.headers.get("Location", "")


def test_sign_in_under_a_base_path(settings, accounts_file):
    from app import create_app

    app = create_app(settings.replace(accounts_file=accounts_file, base_path="/migdash/"))

    @staff.require("editor")
    def editor_page():
        return staff.render("base.html", "Editor page")

    app.server.add_url_rule("/migdash/test-editor", "test_editor", editor_page)
    client = app.server.test_client()
    assert client.get("/migdash/test-editor").headers["Location"] == ("/migdash/signin?next=%2Fmigdash%2Ftest-editor")
    page = client.get("/migdash/signin").get_data(as_text=True)
    assert 'action="/migdash/signin"' in page
    token = CSRF_FIELD.search(page).group(1)
    form = {"csrf_token": token, "username": "eddie", "password": PASSWORD, "next": "/elsewhere"}
    response = client.post("/migdash/signin", data=form)
    assert response.headers["Location"] == "/migdash/programme/upload"  # outside the app: ignored
    assert client.get("/migdash/test-editor").status_code == 200
    signed_out = client.post("/migdash/signout", data={"csrf_token": session_token(client)})
    assert signed_out.headers["Location"] == "/migdash/programme"
