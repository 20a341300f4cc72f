"""Sign-in throttling that never fails open and that a stranger cannot turn into a lock-out.

Only failed sign-ins count; the rules are checked before the password, so a refused attempt
costs no password check and says nothing about whether the account exists. Following OWASP's
Authentication and Credential Stuffing cheat sheets, a browser that has signed in to an
account before carries a signed *device cookie* for it, and is throttled on its own:

    device          that browser, for that account: 5 per 15 min, 20 per day
    account-client  any other browser, per account name and client address:
                    5 per 15 min, 10 per hour, 20 per day (each step locks longer)
    account         all other browsers together, per account name: 20 per 15 min, 100 per day
    client          one client address across all account names: 20 per 15 min, 100 per day

So a stranger guessing a staff member's password locks out only browsers without that
member's device cookie; the member keeps signing in from their own. Windows are moving (a
slot frees a window after its failure); Retry-After says when. A success clears the rules
that were that browser's own (device or account-client).

Counts live in Redis when MIGDASH_REDIS_URL is set (every worker and host sees them) and, always,
in this process too: when Redis fails (a warning; it is tried again after RETRY_SHARED_SECONDS)
the process's own counts still apply, so an outage never lifts a limit. Without Redis each
process counts on its own. The client address is REMOTE_ADDR after web.proxies (X-Forwarded-For
only from a trusted proxy); IPv6 clients count per /64, the block one subscriber usually gets.
Counting is library code (`limits`, the storage and moving windows under Flask-Limiter);
Flask-Limiter itself counts requests, not failures, so it is not used.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import secrets
import time

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse_many
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from components import urls
from web import cookies

log = logging.getLogger("migdash.auth")

RULES = {
    "device": parse_many("5 per 15 minutes; 20 per day"),
    "account-client": parse_many("5 per 15 minutes; 10 per hour; 20 per day"),
    "account": parse_many("20 per 15 minutes; 100 per day"),
    "client": parse_many("20 per 15 minutes; 100 per day"),
}
OWN_RULES = ("device", "account-client")  # cleared by a success from that browser
RETRY_SHARED_SECONDS = 30
DEVICE_COOKIE = "migdash_device"
DEVICE_MAX_AGE = 90 * 24 * 3600
DEVICE_ACCOUNTS = 5  # accounts one browser's device cookie remembers


def client_address() -> str:
    """The client's address as sign-in counts it (an IPv6 client's /64)."""
    address = request.remote_addr or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _name_key(username: str) -> str:
    """Account names as typed are attacker-chosen text: keys carry a digest of them."""
    return hashlib.sha256(username.encode()).hexdigest()[:32]


class Throttle:
    """Failed sign-ins under each rule, in this process and (when configured) in Redis."""

    def __init__(self, redis_url: str = ""):
        self.local = MovingWindowRateLimiter(MemoryStorage())
        self.shared = None
        if redis_url:
            url = "redis+unix://" + redis_url.removeprefix("unix://") if redis_url.startswith("unix://") else redis_url
            storage = storage_from_string(
                url, key_prefix="migdash-signin", socket_timeout=0.5, socket_connect_timeout=0.5
            )
            self.shared = MovingWindowRateLimiter(storage)
        self._shared_down_until = 0.0

    def _on_all(self, method: str, *args) -> list:
        """The limiter `method` on this process's counts and on Redis's (skipped while down)."""
        results = [getattr(self.local, method)(*args)]
        if self.shared is None or time.monotonic() < self._shared_down_until:
            return results
        try:
            results.append(getattr(self.shared, method)(*args))
        except Exception as error:  # noqa: BLE001 - any Redis failure: this process's counts
            self._shared_down_until = time.monotonic() + RETRY_SHARED_SECONDS
            log.warning(
                "Sign-in limits: Redis unavailable (%s); counting in this process only for %d s",
                error,
                RETRY_SHARED_SECONDS,
            )
        return results

    def retry_after(self, keys) -> tuple[int, str | None]:
        """(seconds until one more attempt is allowed, the rule that refuses), or (0, None)."""
        waits = {}
        for rule, identifiers in keys:
            for item in RULES[rule]:
                for stats in self._on_all("get_window_stats", item, rule, *identifiers):
                    if stats.remaining <= 0:
                        waits[rule] = max(waits.get(rule, 0.0), stats.reset_time - time.time())
        if not waits:
            return 0, None
        rule = max(waits, key=waits.get)
        return max(1, math.ceil(waits[rule])), rule

    def failed(self, keys) -> None:
        for rule, identifiers in keys:
            for item in RULES[rule]:
                self._on_all("hit", item, rule, *identifiers)

    def succeeded(self, keys) -> None:
        for rule, identifiers in keys:
            if rule in OWN_RULES:
                for item in RULES[rule]:
                    self._on_all("clear", item, rule, *identifiers)


def keys_for(username: str, device: str | None) -> list[tuple[str, tuple]]:
    """The rules a sign-in attempt for `username` counts under (see the module docstring)."""
    if device:
        return [("device", (device,))]
    name, client = _name_key(username), client_address()
    return [("account-client", (name, client)), ("account", (name,)), ("client", (client,))]


# --- device cookies -------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="migdash-device-cookie")


def _devices() -> dict[str, str]:
    """{account name: nonce} from this browser's valid device cookie ({} without one)."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return {}
    try:
        devices = _serializer().loads(raw, max_age=DEVICE_MAX_AGE)
    except BadSignature:  # forged, damaged, or older than DEVICE_MAX_AGE
        return {}
    if not isinstance(devices, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in devices.items()):
        return {}
    return devices


def device_for(username: str) -> str | None:
    """The nonce of this browser's device cookie for `username`, if it has one."""
    return _devices().get(username)


def remember_device(response, username: str, settings) -> None:
    """Give (or renew) this browser's device cookie for `username`, after a successful sign-in."""
    devices = {name: nonce for name, nonce in _devices().items() if name != username}
    devices[username] = secrets.token_urlsafe(16)
    devices = dict(list(devices.items())[-DEVICE_ACCOUNTS:])
    cookies.set_cookie(
        response,
        DEVICE_COOKIE,
        _serializer().dumps(devices),
        max_age=DEVICE_MAX_AGE,
        secure=settings.secure_cookies,
        path=urls.signin(),
        same_site="Strict",
    )
