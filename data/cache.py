"""The flask-caching cache behind the query layer, configured from settings.

One `Cache` object serves every app built by `create_app` (flask-caching keeps one backend
per Flask app). Cache keys carry the data version (see data.queries), so a new build is a new
set of keys: nothing is ever flushed. With RedisCache, every worker and host shares the same
results; `cache_get`/`cache_set` keep serving (as misses) when Redis is unreachable.
"""

from __future__ import annotations

import logging
import time

from flask_caching import Cache

cache = Cache()
log = logging.getLogger("migdash.cache")

# After a failure (Redis down, network cut) the cache is left alone for this long, so an
# outage costs one short timeout now and then, not one per query.
PAUSE_SECONDS = 15.0
_paused_until = 0.0


def _pause(error: Exception) -> None:
    global _paused_until
    _paused_until = time.monotonic() + PAUSE_SECONDS
    log.warning("cache unavailable (%s): serving without it for %.0f s", error, PAUSE_SECONDS)


def cache_get(key: str):
    """The cached value, or None on a miss or while the cache is unavailable (never raises)."""
    if time.monotonic() < _paused_until:
        return None
    try:
        return cache.get(key)
    except Exception as error:  # noqa: BLE001 - a cache outage must cost a recomputation, not an error
        _pause(error)
        return None


def cache_set(key: str, value) -> None:
    """Store a value; silently skipped while the cache is unavailable (never raises)."""
    if time.monotonic() < _paused_until:
        return
    try:
        cache.set(key, value)
    except Exception as error:  # noqa: BLE001 - as above
        _pause(error)


def cache_config(settings) -> dict:
    config = {
        "CACHE_TYPE": settings.cache_type,
        "CACHE_DEFAULT_TIMEOUT": settings.cache_timeout,
        "CACHE_KEY_PREFIX": "migdash:",
    }
    if settings.cache_type == "FileSystemCache":
        config["CACHE_DIR"] = str(settings.cache_dir)
        config["CACHE_THRESHOLD"] = 5000
    if settings.cache_type == "RedisCache":
        config["CACHE_REDIS_URL"] = settings.redis_url
        # A Redis outage must cost a cache miss, not a hung request.
        config["CACHE_OPTIONS"] = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    return config


def init_cache(server, settings) -> None:
    cache.init_app(server, config=cache_config(settings))
