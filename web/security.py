"""Security headers on every response.

The Content-Security-Policy allows scripts from our own origin plus the hashes of Dash's few
inline scripts (app.csp_hashes(), recomputed per response because Dash's page router adds
its inline callback on the first request). Styles need 'unsafe-inline': React and plotly.js
set style attributes. frame-ancestors is 'self' everywhere; embed routes open it themselves
by setting `g.frame_ancestors` to None: no frame-ancestors at all, because "*" matches only
network schemes and would refuse a page opened from disk (file://), where briefs and
articles are often drafted.
"""

from __future__ import annotations

from flask import g, request


def content_security_policy(script_hashes, frame_ancestors: str | None = "'self'") -> str:
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "worker-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors,
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items() if value is not None)


def install(app, settings) -> None:
    server = app.server
    embed_prefix = app.config.routes_pathname_prefix + "embed/"

    @server.before_request
    def open_embeds_to_other_sites():
        if request.path.startswith(embed_prefix):
            g.frame_ancestors = None  # any page, from any scheme

    @server.after_request
    def add_security_headers(response):
        frame_ancestors = g.get("frame_ancestors", "'self'")
        headers = response.headers
        headers["Content-Security-Policy"] = content_security_policy(app.csp_hashes(), frame_ancestors)
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if frame_ancestors == "'self'":
            headers["X-Frame-Options"] = "SAMEORIGIN"
        if settings.served_by:
            headers["X-Served-By"] = settings.served_by
        if request.is_secure:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response
