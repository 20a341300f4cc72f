"""Every cookie migdash sets, with its flags in one place.

None is readable by scripts (HttpOnly) and none goes with other sites' requests (SameSite):
- the session (Flask's signed cookie: who is signed in, the CSRF token): SameSite=Lax, so a
  link from elsewhere arrives signed in; Secure with MIGDASH_SECURE_COOKIES;
- the sign-in device cookie (web.throttle): SameSite=Strict, on the sign-in path only;
  Secure with MIGDASH_SECURE_COOKIES;
- the language chosen with `?lang=` (i18n.COOKIE_NAME), so that it survives navigation to
  URLs that do not carry it: SameSite=Lax; Secure whenever the request came over HTTPS (it is
  set for every visitor, staff or not).
"""

from __future__ import annotations

from flask import request

import i18n

SAME_SITE = "Lax"
LANGUAGE_MAX_AGE = 365 * 24 * 3600


def set_cookie(response, name: str, value: str, *, max_age: int, secure: bool, path: str = "/", same_site=SAME_SITE):
    response.set_cookie(name, value, max_age=max_age, path=path, secure=secure, httponly=True, samesite=same_site)


def remember_language(response):
    """After-request hook: keep an explicit `?lang=` choice in the language cookie (not an
    embed's: the language of a chart in someone else's page is not the reader's choice)."""
    chosen = i18n.valid_language(request.args.get("lang"))
    if chosen and not i18n.is_embed_path(request.path) and request.cookies.get(i18n.COOKIE_NAME) != chosen:
        set_cookie(response, i18n.COOKIE_NAME, chosen, max_age=LANGUAGE_MAX_AGE, secure=request.is_secure)
    return response


def install(app, settings) -> None:
    app.server.config.update(
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE=SAME_SITE,
    )
    app.server.after_request(remember_language)
