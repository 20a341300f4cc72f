"""The flask-caching cache behind the query layer, configured from settings.

One `Cache` object serves every app built by `create_app` (flask-caching keeps one backend
per Flask app). Cache keys carry the data version (see data.queries), so a new build is a new
set of keys: nothing is ever flushed. With RedisCache, every worker and host shares the same
results; `cache_get`/`cache_set` keep serving (as misses) when Redis is unreachable.

In front of it, each app (each worker) keeps the results it used last in a LocalCache of
MIGDASH_LOCAL_CACHE_MB: a hit there costs no round trip to Redis or the disk. Its keys are
the shared cache's, versions included, so a new build or a publish is a new key on every
worker at its next request: no entry needs to be dropped for it.
"""

from __future__ import annotations

import logging
import pickle
import threading
import time
from collections import OrderedDict

from flask import current_app
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


class LocalCache:
    """The most recently used values, pickled, up to `max_bytes` of pickles in all.

    Pickled, as the shared cache keeps them: each hit is a fresh copy a caller may change, and
    the bound is the bytes really held. A value larger than an eighth of the bound is not
    kept (one big selection would push out everything else)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            blob = self._entries.get(key)
            if blob is None:
                return None
            self._entries.move_to_end(key)
        return pickle.loads(blob)

    def set(self, key: str, value) -> None:
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if len(blob) > self.max_bytes // 8:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self.bytes += len(blob) - (len(old) if old is not None else 0)
            self._entries[key] = blob
            while self.bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self.bytes -= len(dropped)

    def __len__(self) -> int:
        return len(self._entries)


def local_cache() -> LocalCache | None:
    """The app's own LocalCache (None when MIGDASH_LOCAL_CACHE_MB is 0)."""
    return current_app.extensions.get("migdash_local_cache")


def cache_get(key: str):
    """The cached value, or None on a miss or while the cache is unavailable (never raises):
    from the app's LocalCache, else from the shared cache (then kept in the LocalCache)."""
    local = local_cache()
    value = local.get(key) if local is not None else None
    if value is not None or time.monotonic() < _paused_until:
        return value
    try:
        value = cache.get(key)
    except Exception as error:  # noqa: BLE001 - a cache outage must cost a recomputation, not an error
        _pause(error)
        return None
    if value is not None and local is not None:
        local.set(key, value)
    return value


def cache_set(key: str, value) -> None:
    """Store a value, in the LocalCache and the shared cache; the latter silently skipped while
    it is unavailable (never raises)."""
    local = local_cache()
    if local is not None:
        local.set(key, value)
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
    if settings.local_cache_mb and settings.cache_type != "NullCache":
        server.extensions["migdash_local_cache"] = LocalCache(settings.local_cache_mb * 1024 * 1024)
