"""The flask-caching cache behind the query layer, configured from settings.

One `Cache` object serves every app built by `create_app` (flask-caching keeps one backend
per Flask app). Cache keys carry the data version (see data.queries), so a new build is a new
set of keys: nothing is ever flushed.
"""

from __future__ import annotations

from flask_caching import Cache

cache = Cache()


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
