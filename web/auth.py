"""Staff sign-in: `GET/POST <base>signin` and `POST <base>signout`.

Two modes, chosen by MIGDASH_AUTH:

local (default)
    Accounts in MIGDASH_ACCOUNTS_FILE, managed with `python -m web.accounts` (salted scrypt
    hashes; no default account, so until one is added nobody can sign in). A successful
    sign-in starts a fresh signed session (user, role, CSRF token, session id) that lasts at
    most 8 hours and that web.sessions records server-side: sign-out ends it on every host, so
    a copy of the cookie is worthless afterwards; a password reset or the account's removal
    ends it too. Failed sign-ins are throttled by web.throttle (per account and client, per
    account, per client address, and per device cookie for browsers that signed in before),
    in this process and in Redis when configured: it never fails open, and a stranger's
    failures do not lock a staff member out of their own browser.

header
    The organisation's single sign-on proxy (oauth2-proxy, an OIDC gateway...) signs users in
    and passes who they are in MIGDASH_AUTH_USER_HEADER and their groups in
    MIGDASH_AUTH_GROUPS_HEADER: group migdash-admin gives the admin role, migdash-editor the
    editor role, neither no role (403 on staff pages). This is the designed switch to
    OIDC/SSO: configuration only, no code change. The headers are believed only from the
    proxy named by MIGDASH_TRUSTED_PROXIES and/or MIGDASH_PROXY_SECRET (web.proxies; the app
    refuses to start in this mode without either); from anyone else they are ignored and
    logged. The proxy must still strip them from its clients' requests.

Sign-ins, failures, refusals and sign-outs are logged on "migdash.auth" (names and addresses,
never passwords or secrets).
"""

from __future__ import annotations

import functools
import logging
import math
import secrets
import threading
import time
from datetime import timedelta

from flask import Blueprint, current_app, redirect, request, session
from werkzeug.security import check_password_hash, generate_password_hash

import i18n
from components import urls
from web import accounts, sessions, staff, throttle

log = logging.getLogger("migdash.auth")

CREATE_ACCOUNT_COMMAND = "python -m web.accounts add NAME --role admin"


@functools.cache
def _dummy_hash() -> str:
    """A hash to check unknown names against, so they take as long as known ones."""
    return generate_password_hash(secrets.token_urlsafe(16), method=accounts.HASH_METHOD)


# scrypt is made to cost memory: each check takes ~32 MB for ~50 ms. One at a time per process,
# so a storm of anonymous sign-ins queues (each thread waits its turn) instead of growing a
# worker by 32 MB per thread at once.
_one_hash_at_a_time = threading.Lock()


def _password_matches(account: dict | None, password: str) -> bool:
    """Checks the password in about the same time whether or not the account exists."""
    try:
        with _one_hash_at_a_time:
            matches = check_password_hash(account["hash"] if account else _dummy_hash(), password)
    except (ValueError, TypeError):  # a damaged hash in the accounts file
        log.error("The password hash of an account in the accounts file is damaged")
        return False
    return matches and account is not None


def _database_down(_) -> str:
    return _("The server cannot reach its database just now: try again in a few minutes.")


LIMITS = "migdash_signin_limits"  # the app's throttle.Throttle, in app.extensions


def create_blueprint() -> Blueprint:
    signin_pages = Blueprint("auth", __name__)

    @signin_pages.record
    def set_up(state):
        """Each app its own sign-in limits (its own Redis), and staff sessions' lifetime."""
        state.app.extensions[LIMITS] = throttle.Throttle(state.app.config["MIGDASH_SETTINGS"].redis_url)
        state.app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=staff.SESSION_LIFETIME_SECONDS)

    def page(next_path: str, status: int = 200, headers=None, **context):
        settings = staff.settings()
        _ = i18n.translator(i18n.request_language())
        html, status = staff.render(
            "signin.html",
            _("Staff sign-in"),
            status,
            mode=settings.auth,
            next_path=next_path,
            no_accounts=settings.auth == "local" and not accounts.current_accounts(settings.accounts_file),
            create_command=CREATE_ACCOUNT_COMMAND,
            **context,
        )
        return html, status, headers or {}

    @signin_pages.route("/signin", methods=["GET", "POST"])
    def signin():
        settings, limits = staff.settings(), current_app.extensions[LIMITS]
        staff.no_store()
        if request.method == "POST":
            staff.check_csrf()
        next_path = staff.safe_next(request.values.get("next"))
        if settings.auth == "header" or request.method == "GET":
            return page(next_path)

        _ = i18n.translator(i18n.request_language())
        username = request.form.get("username", "").strip().lower()[:100]
        password = request.form.get("password", "")[: accounts.MAX_PASSWORD_LENGTH]
        client = throttle.client_address()
        keys = throttle.keys_for(username, throttle.device_for(username))
        wait, rule = limits.retry_after(keys)
        if wait:
            log.warning("Sign-in refused for %r from %s: too many failures (%s)", username, client, rule)
            error = _("Too many failed sign-ins: try again in {minutes} min.")
            return page(
                next_path,
                429,
                {"Retry-After": str(wait)},
                error=error.format(minutes=math.ceil(wait / 60)),
                username=username,
            )

        known = accounts.current_accounts(settings.accounts_file)
        account = known.get(username) if accounts.NAME_PATTERN.fullmatch(username) else None
        if not _password_matches(account, password):
            limits.failed(keys)
            log.warning("Sign-in failed for %r from %s", username, client)
            error = _("That user name and password do not match a staff account. Check them and try again.")
            return page(next_path, 401, error=error, username=username)

        try:
            session_id = sessions.start(settings.programme_db, username, staff.SESSION_LIFETIME_SECONDS)
        except sessions.Error:
            log.error("Sign-in of %s failed: the programme database cannot be reached", username)
            raise staff.StaffError(503, _("Sign-in is unavailable"), _database_down(_)) from None
        limits.succeeded(keys)
        session.clear()
        session["user"] = username
        session["role"] = account["role"]
        session["since"] = int(time.time())
        session["account"] = staff.account_fingerprint(account["hash"])
        session["session_id"] = session_id
        staff.new_csrf_token()
        session.permanent = True
        log.info("Signed in: %s (%s) from %s", username, account["role"], client)
        response = redirect(next_path, 303)
        throttle.remember_device(response, username, settings)
        return response

    @signin_pages.post("/signout")
    def signout():
        settings = staff.settings()
        staff.check_csrf()
        user = staff.current_user()
        try:
            sessions.end(settings.programme_db, session.get("session_id"))
        except sessions.Error:
            log.error("Sign-out failed: the programme database cannot be reached")
            _ = i18n.translator(i18n.request_language())
            raise staff.StaffError(503, _("Sign-out did not finish"), _database_down(_)) from None
        session.clear()
        if user:
            log.info("Signed out: %s from %s", user.name, throttle.client_address())
        return redirect(urls.programme(), 303)

    return signin_pages
