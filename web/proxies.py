"""Which request headers come from our own reverse proxy, and so may be believed.

A client that reaches the app's port directly can send any header: `X-Forwarded-For` to pick
the address sign-in throttling counts, `X-Forwarded-Proto`/`-Prefix` to change what the app
thinks its URL is, and (MIGDASH_AUTH=header) the user and groups headers to be an
administrator. So `TrustedProxies`, the outermost WSGI layer, believes them only from a
trusted proxy: a request whose direct peer (REMOTE_ADDR as the WSGI server saw it) is in
MIGDASH_TRUSTED_PROXIES and/or that carries MIGDASH_PROXY_SECRET in
MIGDASH_PROXY_SECRET_HEADER (both, when both are set). From a trusted proxy, werkzeug's
ProxyFix applies MIGDASH_PROXY_HOPS X-Forwarded-* hops; from anyone else those headers and the
identity headers are removed before the app sees them (identity headers with a one-line
warning). The secret header is always removed, so nothing downstream can log or echo it.

A forwarded host or port is believed from no one, not even our proxy: nothing may take the
site's name from a request (absolute links come from MIGDASH_PUBLIC_URL, the PDF renderer loads
MIGDASH_INTERNAL_URL), so those headers are removed from every request.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging

from werkzeug.middleware.proxy_fix import ProxyFix

log = logging.getLogger("migdash.auth")

FORWARDED_HEADERS = ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Prefix", "Forwarded")
# Removed from every request, trusted or not: the site's name never comes from a request.
NEVER_BELIEVED = ("X-Forwarded-Host", "X-Forwarded-Port")
TRUSTED_KEY = "migdash.trusted_proxy"  # in the WSGI environ: True when the peer is a trusted proxy
PEER_KEY = "migdash.peer"  # the direct peer's address, before ProxyFix rewrites REMOTE_ADDR


def environ_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def is_trusted(environ) -> bool:
    """True when TrustedProxies found this request's direct peer to be a trusted proxy."""
    return environ.get(TRUSTED_KEY) is True


class TrustedProxies:
    """WSGI middleware: X-Forwarded-* and sign-on headers only from trusted proxies."""

    def __init__(self, app, settings):
        self.app = app
        hops = settings.proxy_hops
        self.forwarded_app = ProxyFix(app, x_for=hops, x_proto=hops, x_prefix=hops) if hops else app
        self.networks = settings.trusted_proxies
        self.secret = settings.proxy_secret.encode()
        self.secret_key = environ_key(settings.proxy_secret_header)
        self.header_mode = settings.auth == "header"
        self.identity = {environ_key(name): name for name in (settings.auth_user_header, settings.auth_groups_header)}
        self.untrusted_keys = [*map(environ_key, FORWARDED_HEADERS), *self.identity]
        self.never_believed_keys = [environ_key(name) for name in NEVER_BELIEVED]

    def _peer_trusted(self, peer: str) -> bool:
        if not self.networks:
            return True  # the secret alone decides
        try:
            address = ipaddress.ip_address(peer.split("%", 1)[0])
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def _secret_matches(self, sent: str | None) -> bool:
        if not self.secret:
            return True  # the address alone decides
        return sent is not None and hmac.compare_digest(sent.encode("latin-1", "replace"), self.secret)

    def __call__(self, environ, start_response):
        peer = environ.get("REMOTE_ADDR") or ""
        sent_secret = environ.pop(self.secret_key, None)
        for key in self.never_believed_keys:
            environ.pop(key, None)
        trusted = bool(self.networks or self.secret) and (
            self._peer_trusted(peer) and self._secret_matches(sent_secret)
        )
        environ[PEER_KEY] = peer
        environ[TRUSTED_KEY] = trusted
        if trusted:
            return self.forwarded_app(environ, start_response)
        claimed = [name for key, name in self.identity.items() if key in environ]
        if claimed and self.header_mode:
            reason = (
                "without the right MIGDASH_PROXY_SECRET header"
                if self._peer_trusted(peer)
                else "not in MIGDASH_TRUSTED_PROXIES"
            )
            log.warning("Ignored %s from %s: %s", ", ".join(claimed), peer or "unknown", reason)
        for key in self.untrusted_keys:
            environ.pop(key, None)
        return self.app(environ, start_response)
