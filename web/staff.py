"""Shared helpers of the server-rendered staff pages (sign-in, upload, preview, history).

    User, ROLES        who is signed in, and the roles in rising order ("editor" < "admin")
    current_user()     the signed-in User of this request, or None
    require(role)      decorator for Flask views: sign-in, role and (for POST etc.) CSRF checks
    csrf_token()       the session's CSRF token (templates call it as `csrf_token()`)
    check_csrf()       400 with a friendly page unless the request carries that token
    render(...)        a template of web/templates with the context base.html expects

Where the user comes from depends on MIGDASH_AUTH (see web.auth): the signed session cookie
(local accounts) or the headers set by the organisation's single sign-on proxy (header).
Every response of a staff page carries `Cache-Control: no-store`: they show who is signed in
and carry CSRF tokens, so neither browsers nor shared caches may keep them.
"""

from __future__ import annotations

import functools
import hmac
import logging
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import after_this_request, current_app, g, redirect, request, session
from jinja2 import FileSystemLoader
from werkzeug.exceptions import HTTPException

import i18n
from components import urls
from i18n import N_
from web import accounts, proxies, sessions

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

ROLES = (N_("editor"), N_("admin"))  # rising order: an admin can do everything an editor can
NO_ROLE = N_("no role")  # signed in through single sign-on, but in neither migdash group

SESSION_LIFETIME_SECONDS = 8 * 3600
ADMIN_GROUP = "migdash-admin"
EDITOR_GROUP = "migdash-editor"
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class User:
    name: str
    role: str  # one of ROLES, or NO_ROLE (header mode only)

    def can(self, role: str) -> bool:
        """True when this user's role is `role` or above it."""
        return self.role in ROLES and ROLES.index(self.role) >= ROLES.index(role)


class StaffError(HTTPException):
    """An HTTP error with a plain-language heading and message; web.errors renders it as its
    friendly page (or JSON for machine clients)."""

    def __init__(self, code: int, heading: str, message: str):
        super().__init__(description=message)
        self.code = code
        self._heading = heading

    @property
    def name(self) -> str:  # the heading of web.errors' page
        return self._heading


def settings():
    return current_app.config["MIGDASH_SETTINGS"]


def _translator():
    return i18n.translator(i18n.request_language())


def no_store() -> None:
    """Mark this request's response (whatever it turns out to be) `Cache-Control: no-store`."""
    if g.get("_migdash_no_store"):
        return
    g._migdash_no_store = True

    @after_this_request
    def _no_store(response):
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
        response.vary.add("Cookie")
        return response


# --- who is signed in -----------------------------------------------------------------------


def account_fingerprint(password_hash: str) -> str:
    """A short keyed digest of an account's password hash, kept in the session: resetting the
    password (`accounts add --replace`) ends that account's existing sessions."""
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, password_hash.encode(), "sha256").hexdigest()[:24]


def _session_user() -> User | None:
    name = session.get("user")
    since = session.get("since")
    if not isinstance(name, str) or not isinstance(since, (int, float)):
        return None
    if not 0 <= time.time() - since <= SESSION_LIFETIME_SECONDS:
        return None  # an absolute limit, even when the cookie keeps being refreshed
    account = accounts.current_accounts(settings().accounts_file).get(name)
    if account is None:  # removed since signing in
        return None
    if not hmac.compare_digest(str(session.get("account", "")), account_fingerprint(account["hash"])):
        return None  # the password was reset since signing in
    if not _session_is_live(session.get("session_id")):
        return None  # signed out (perhaps in another browser holding a copy of this cookie)
    return User(name, account["role"])  # the file's role: a change applies at once


def _session_is_live(session_id) -> bool:
    """web.sessions.is_live, asked once per request; False when the database cannot say."""
    if "_migdash_session_live" not in g:
        try:
            g._migdash_session_live = sessions.is_live(settings().programme_db, session_id)
        except sessions.Error:
            logging.getLogger("migdash.auth").error("Nobody is signed in: the programme database cannot be reached")
            g._migdash_session_live = False
    return g._migdash_session_live


def groups_role(groups: str) -> str:
    """The role given by a groups header value (comma- or space-separated group names)."""
    names = set(re.split(r"[,\s]+", groups.strip()))
    if ADMIN_GROUP in names:
        return "admin"
    if EDITOR_GROUP in names:
        return "editor"
    return NO_ROLE


def _header_user() -> User | None:
    if not proxies.is_trusted(request.environ):
        return None  # not from the sign-on proxy: web.proxies has removed (and logged) them
    config = settings()
    name = request.headers.get(config.auth_user_header, "").strip()
    if not name or len(name) > 200 or not name.isprintable():
        return None
    return User(name, groups_role(request.headers.get(config.auth_groups_header, "")))


def current_user() -> User | None:
    """The signed-in user of this request, or None (anonymous)."""
    if settings().auth == "header":
        return _header_user()
    return _session_user()


# --- CSRF -----------------------------------------------------------------------------------


def csrf_token() -> str:
    """This session's CSRF token, made on first use."""
    token = session.get("csrf_token")
    if not isinstance(token, str) or not token:
        token = session["csrf_token"] = secrets.token_urlsafe(32)
    return token


def new_csrf_token() -> str:
    """Replace the session's CSRF token (on sign-in)."""
    session["csrf_token"] = secrets.token_urlsafe(32)
    return session["csrf_token"]


def check_csrf() -> None:
    """Abort with 400 unless the form field `csrf_token` or the header `X-CSRF-Token` carries
    this session's token."""
    no_store()
    expected = session.get("csrf_token")
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token")
    if isinstance(expected, str) and expected and sent and hmac.compare_digest(expected.encode(), sent.encode()):
        return
    _ = _translator()
    raise StaffError(
        400,
        _("This form has expired"),
        _("This form has expired: reload the page and try again."),
    )


# --- access control -------------------------------------------------------------------------


def safe_next(value, default: str | None = None) -> str:
    """`value` when it is a path of this site (under the base path), else `default` (the
    upload page): never another site, so sign-in cannot be used for an open redirect."""
    base = settings().base_path
    default = default or urls.staff("upload")
    path = urls.same_site_path(value, default="")
    if path != value or not path.startswith(base):  # anything that had to be cleaned is refused
        return default
    return path


def _this_path() -> str:
    query = request.query_string.decode("latin-1")
    return request.path + ("?" + query if query else "")


def require(role: str):
    """Decorator for a Flask view only users with `role` (or above) may use.

    Anonymous: GET/HEAD redirects to the sign-in page (coming back here afterwards), other
    methods answer 401. Signed in without the role: 403. Other methods than GET/HEAD/OPTIONS
    must also carry the CSRF token (400 otherwise). Responses are never cached.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            no_store()
            _ = _translator()
            user = current_user()
            if user is None:
                if request.method in ("GET", "HEAD"):
                    return redirect(urls.signin(safe_next(_this_path())), 303)
                raise StaffError(401, _("Sign-in needed"), _("Sign in with a staff account to do this."))
            if not user.can(role):
                if user.role in ROLES:
                    message = _("Your account ({role}) cannot do this: ask an administrator.")
                    message = message.format(role=_(user.role))
                else:
                    message = _("Your account has no migdash role: ask an administrator.")
                raise StaffError(403, _("Not allowed"), message)
            if request.method not in _SAFE_METHODS:
                check_csrf()
            return view(*args, **kwargs)

        return guarded

    return decorate


# --- rendering ------------------------------------------------------------------------------


def _jinja_env():
    """The app's Jinja environment (its globals, filters, autoescaping) loading templates from
    web/templates, wherever the Flask app's own root path is."""
    app = current_app._get_current_object()
    env = app.extensions.get("migdash_staff_jinja")
    if env is None:
        app.jinja_env.globals["csrf_token"] = csrf_token
        env = app.jinja_env.overlay(loader=FileSystemLoader(str(TEMPLATES_DIR)))
        app.extensions["migdash_staff_jinja"] = env
    return env


def render(template: str, title: str, status: int = 200, **context) -> tuple[str, int]:
    """(html, status) of `template` (a file of web/templates) with what base.html expects:
    lang, `_`, `ngettext`, title, base_path, user, csrf_token() and flashed messages."""
    no_store()
    lang = i18n.request_language()
    values = {
        "lang": lang,
        "_": i18n.translator(lang),
        "ngettext": i18n.ntranslator(lang),
        "title": title,
        "base_path": settings().base_path,
        "user": current_user(),
        "csrf_token": csrf_token,
    }
    values.update(context)
    current_app.update_template_context(values)
    return _jinja_env().get_template(template).render(values), status
