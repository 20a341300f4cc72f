"""The language cookie's flags (web.cookies): the session and device cookies are checked in
test_auth.py::test_session_cookie_flags."""

from __future__ import annotations


def test_the_language_cookie_is_secure_exactly_when_the_request_is(client):
    plain = client.get("/sources?lang=fr").headers["Set-Cookie"]
    assert plain.startswith("migdash_lang=fr;") and "Secure" not in plain
    for flag in ("HttpOnly", "SameSite=Lax", "Path=/", f"Max-Age={365 * 24 * 3600}"):
        assert flag in plain
    secure = client.get("/sources?lang=es", base_url="https://localhost").headers["Set-Cookie"]
    assert secure.startswith("migdash_lang=es;") and "Secure" in secure and "HttpOnly" in secure


def test_the_language_cookie_is_set_only_for_a_new_choice(client):
    client.set_cookie("migdash_lang", "fr")
    assert "Set-Cookie" not in client.get("/sources?lang=fr").headers
    assert "Set-Cookie" not in client.get("/sources").headers
