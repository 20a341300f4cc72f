"""Staff sign-in: `GET/POST <base>signin` and `POST <base>signout`.

Two modes, chosen by MIGDASH_AUTH:

local (default)
    Accounts in MIGDASH_ACCOUNTS_FILE, managed with `python -m web.accounts` (salted scrypt
    hashes; no default account, so until one is added nobody can sign in). A successful
    sign-in starts a fresh signed session (user, role, CSRF token) that lasts at most 8 hours.
    Failed sign-ins are counted per client address and per account name in the shared cache;
    after 5 within 15 minutes, sign-in answers 429 without checking the password.

header
    The organisation's single sign-on proxy (oauth2-proxy, an OIDC gateway...) signs users in
    and passes who they are in MIGDASH_AUTH_USER_HEADER and their groups in
    MIGDASH_AUTH_GROUPS_HEADER: group migdash-admin gives the admin role, migdash-editor the
    editor role, neither no role (403 on staff pages). This is the designed switch to
    OIDC/SSO: configuration only, no code change.

    ONLY SAFE BEHIND A PROXY THAT STRIPS (or overwrites) THESE HEADERS ON EVERY CLIENT REQUEST
    and that is the only way to reach migdash: otherwise anyone can claim to be an admin by
    sending the headers themselves. Never expose the app's own port in this mode.

Sign-ins, failures and sign-outs are logged on "migdash.auth" (names and addresses, never
passwords).
"""

from __future__ import annotations

import functools
import logging
import secrets
import time
from datetime import timedelta

from flask import redirect, request, session
from werkzeug.security import check_password_hash, generate_password_hash

import i18n
from data.cache import cache
from web import accounts, staff

log = logging.getLogger("migdash.auth")

MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 15 * 60
CREATE_ACCOUNT_COMMAND = "python -m web.accounts add NAME --role admin"


@functools.cache
def _dummy_hash() -> str:
    """A hash to check unknown names against, so they take as long as known ones."""
    return generate_password_hash(secrets.token_urlsafe(16), method=accounts.HASH_METHOD)


def _client_address() -> str:
    return request.remote_addr or "unknown"


def _failure_keys(username: str) -> list[str]:
    keys = [f"signin-fail:ip:{_client_address()}"]
    if username:
        keys.append(f"signin-fail:user:{username}")
    return keys


def _failures(keys) -> int:
    """The most failures counted under any of `keys`; 0 when the cache cannot tell."""
    try:
        return max(int(cache.get(key) or 0) for key in keys)
    except Exception:  # a cache outage must not stop staff signing in
        log.warning("Sign-in failure counts unavailable (cache error)", exc_info=True)
        return 0


def _record_failure(keys) -> None:
    # get + set rather than inc: inc does not set an expiry on every backend (Redis). Two
    # simultaneous failures may count once: the limit stays within a few attempts.
    try:
        for key in keys:
            cache.set(key, int(cache.get(key) or 0) + 1, timeout=FAILURE_WINDOW_SECONDS)
    except Exception:
        log.warning("Sign-in failure not counted (cache error)", exc_info=True)


def _reset_failures(username: str) -> None:
    try:
        cache.delete(f"signin-fail:user:{username}")
    except Exception:
        log.warning("Sign-in failure count not reset (cache error)", exc_info=True)


def _password_matches(account: dict | None, password: str) -> bool:
    """Checks the password in about the same time whether or not the account exists."""
    try:
        matches = check_password_hash(account["hash"] if account else _dummy_hash(), password)
    except (ValueError, TypeError):  # a damaged hash in the accounts file
        log.error("The password hash of an account in the accounts file is damaged")
        return False
    return matches and account is not None


def install(app, settings) -> None:
    server = app.server
    prefix = app.config.routes_pathname_prefix
    server.config.update(
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(seconds=staff.SESSION_LIFETIME_SECONDS),
    )

    def page(next_path: str, status: int = 200, headers=None, **context):
        _ = i18n.translator(i18n.request_language())
        html, status = staff.render(
            "signin.html",
            _("Staff sign-in"),
            status,
            mode=settings.auth,
            next_path=next_path,
            no_accounts=settings.auth == "local"
            and not accounts.current_accounts(settings.accounts_file),
            create_command=CREATE_ACCOUNT_COMMAND,
            **context,
        )
        return html, status, headers or {}

    def signin():
        staff.no_store()
        if request.method == "POST":
            staff.check_csrf()
        next_path = staff.safe_next(request.values.get("next"))
        if settings.auth == "header" or request.method == "GET":
            return page(next_path)

        _ = i18n.translator(i18n.request_language())
        username = request.form.get("username", "").strip().lower()[:100]
        password = request.form.get("password", "")[: accounts.MAX_PASSWORD_LENGTH]
        keys = _failure_keys(username)
        if _failures(keys) >= MAX_FAILURES:
            log.warning("Sign-in refused for %r from %s: too many failures", username,
                        _client_address())
            error = _("Too many failed sign-ins: try again in 15 minutes.")
            return page(next_path, 429, {"Retry-After": str(FAILURE_WINDOW_SECONDS)},
                        error=error, username=username)

        known = accounts.current_accounts(settings.accounts_file)
        account = known.get(username) if accounts.NAME_PATTERN.fullmatch(username) else None
        if not _password_matches(account, password):
            _record_failure(keys)
            log.warning("Sign-in failed for %r from %s", username, _client_address())
            error = _("That user name and password do not match a staff account. Check them "
                      "and try again.")
            return page(next_path, 401, error=error, username=username)

        _reset_failures(username)
        session.clear()
        session["user"] = username
        session["role"] = account["role"]
        session["since"] = int(time.time())
        session["account"] = staff.account_fingerprint(account["hash"])
        staff.new_csrf_token()
        session.permanent = True
        log.info("Signed in: %s (%s) from %s", username, account["role"], _client_address())
        return redirect(next_path, 303)

    def signout():
        staff.check_csrf()
        user = staff.current_user()
        session.clear()
        if user:
            log.info("Signed out: %s from %s", user.name, _client_address())
        return redirect(settings.base_path + "programme", 303)

    server.add_url_rule(prefix + "signin", "migdash_signin", signin, methods=["GET", "POST"])
    server.add_url_rule(prefix + "signout", "migdash_signout", signout, methods=["POST"])
