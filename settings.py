"""Every setting of migdash, read from the environment in one place.

Each setting has a default and a line of help, so a new deployment can be configured without
reading code: `python settings.py` prints them all with their current values, and
`python settings.py --readme` writes the table of README.md's Configuration section from them
(tests/test_settings.py checks that the README's table is this one).
Secrets (MIGDASH_SECRET_KEY) only ever come from the environment, never from the repository.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import os
import re
import secrets
import sys
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

APP_VERSION = "0.1.0"
PROJECT_DIR = Path(__file__).resolve().parent
_SHARED_SOURCES = PROJECT_DIR.parent / "shared" / "data" / "raw"

CACHE_TYPES = ("FileSystemCache", "RedisCache", "SimpleCache", "NullCache")


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the code and translations that produce cached results: cache keys carry it
    with the data version, so new code never serves results the old code cached."""
    digest = hashlib.sha256(APP_VERSION.encode())
    paths = list(PROJECT_DIR.glob("*.py"))
    for folder in ("callbacks", "components", "data", "i18n", "pages", "programme", "web"):
        paths.extend((PROJECT_DIR / folder).rglob("*.py"))
    for path in sorted(paths):
        digest.update(path.read_bytes())
    for catalog in sorted((PROJECT_DIR / "i18n" / "locales").glob("*/LC_MESSAGES/messages.po")):
        digest.update(catalog.read_bytes())
    return digest.hexdigest()[:12]


class SettingsError(ValueError):
    """A setting has a value we cannot use; the message names the variable and what is accepted."""


def _default_source_dir() -> str:
    return str(_SHARED_SOURCES if _SHARED_SOURCES.is_dir() else PROJECT_DIR / "sources")


def _setting(env: str, default, help: str, shown: str | None = None):  # noqa: A002 - "help" reads best here
    """A setting: its environment variable, default and help; `shown` is how the default reads
    in the README when the value itself would not say it (a path on this machine, a computed one)."""
    return field(default=default, metadata={"env": env, "help": help, "shown": shown})


@dataclass(frozen=True)
class Settings:
    host: str = _setting("HOST", "127.0.0.1", "Interface the server listens on (`python app.py`, gunicorn).")
    port: int = _setting("PORT", 8050, "Port the server listens on (`python app.py`, gunicorn).")
    debug: bool = _setting(
        "MIGDASH_DEBUG",
        False,
        "1 turns on Dash's debugger and dev tools (local use only: refused unless HOST is loopback).",
    )
    data_dir: Path = _setting(
        "MIGDASH_DATA_DIR", PROJECT_DIR / "var" / "data", "Where the built data store lives.", shown="`var/data`"
    )
    keep_builds: int = _setting(
        "MIGDASH_KEEP_BUILDS",
        3,
        "How many of the newest data builds are kept; older ones are removed unless a pinned link (`v=`) names them.",
    )
    programme_db: str = _setting(
        "MIGDASH_PROGRAMME_DB",
        "",
        "SQLAlchemy URL of the programme store, e.g. postgresql://user@host/migdash.",
        shown="SQLite file `programme.sqlite` in the data folder",
    )
    source_dir: Path = _setting(
        "MIGDASH_SOURCE_DIR",
        _default_source_dir(),
        "Folder of official source files the build reads.",
        shown="`../shared/data/raw` if present",
    )
    cache_type: str = _setting(
        "MIGDASH_CACHE_TYPE",
        "",
        "flask-caching backend: FileSystemCache, RedisCache (the default when MIGDASH_REDIS_URL is "
        "set), SimpleCache or NullCache.",
        shown="`FileSystemCache`",
    )
    cache_dir: Path = _setting(
        "MIGDASH_CACHE_DIR", PROJECT_DIR / "var" / "cache", "Folder of the FileSystemCache.", shown="`var/cache`"
    )
    redis_url: str = _setting("MIGDASH_REDIS_URL", "", "Redis URL for RedisCache, e.g. redis://localhost:6379/0.")
    cache_timeout: int = _setting("MIGDASH_CACHE_TIMEOUT", 86400, "Seconds a cached query result is kept.")
    local_cache_mb: int = _setting(
        "MIGDASH_LOCAL_CACHE_MB",
        16,
        "MB of the most recently used cached results each worker also keeps in its own memory, in front of the "
        "shared cache (0: none).",
    )
    secret_key: str = _setting(
        "MIGDASH_SECRET_KEY",
        "",
        "Key that signs sessions: set it in production (sessions must survive restarts and be shared "
        "by workers); never commit it.",
        shown="random per process",
    )
    auth: str = _setting(
        "MIGDASH_AUTH",
        "local",
        "Staff sign-in for the upload and admin pages: local (accounts file) or header (the "
        "organisation's single sign-on proxy in front sets the user and groups headers; needs "
        "MIGDASH_TRUSTED_PROXIES and/or MIGDASH_PROXY_SECRET).",
    )
    accounts_file: Path = _setting(
        "MIGDASH_ACCOUNTS_FILE",
        PROJECT_DIR / "var" / "accounts.json",
        "Staff accounts for MIGDASH_AUTH=local (salted hashes; `python -m web.accounts add/list/remove`).",
        shown="`var/accounts.json`",
    )
    auth_user_header: str = _setting(
        "MIGDASH_AUTH_USER_HEADER", "X-Forwarded-User", "With MIGDASH_AUTH=header: the header naming the user."
    )
    auth_groups_header: str = _setting(
        "MIGDASH_AUTH_GROUPS_HEADER",
        "X-Forwarded-Groups",
        "With MIGDASH_AUTH=header: the comma-separated groups; migdash-admin and migdash-editor give roles.",
    )
    secure_cookies: bool = _setting(
        "MIGDASH_SECURE_COOKIES", False, "1 in production (HTTPS): the session cookie is sent over HTTPS only."
    )
    proxy_hops: int = _setting(
        "MIGDASH_PROXY_HOPS",
        0,
        "Reverse proxies in front of the app, one behind the other: the X-Forwarded-* hops "
        "believed (client address for sign-in limits, HTTPS) on requests from "
        "MIGDASH_TRUSTED_PROXIES; needs that or MIGDASH_PROXY_SECRET.",
    )
    upload_max_mb: int = _setting(
        "MIGDASH_UPLOAD_MAX_MB", 10, "Largest programme workbook accepted, in MB (1 MB = 1,000,000 bytes)."
    )
    base_path: str = _setting("MIGDASH_BASE_PATH", "/", "URL prefix when served under a sub-path, e.g. /migdash/.")
    public_url: str = _setting(
        "MIGDASH_PUBLIC_URL",
        "",
        "The site's public origin, e.g. https://migdash.example.org (the base path follows it): "
        "absolute links (API metadata, the brief's live-page link) start with it; unset, those "
        "links are relative. Never taken from the request's Host header.",
    )
    internal_url: str = _setting(
        "MIGDASH_INTERNAL_URL",
        "",
        "Where this server answers from the machine itself: the PDF renderer loads briefs from it and "
        "from nowhere else.",
        shown="`http://127.0.0.1:PORT` + the base path",
    )
    trusted_proxies: tuple = _setting(
        "MIGDASH_TRUSTED_PROXIES",
        "",
        "Comma-separated addresses or networks (CIDR) of the reverse proxies in front: only "
        "their X-Forwarded-* and sign-on headers are believed.",
    )
    proxy_secret: str = _setting(
        "MIGDASH_PROXY_SECRET",
        "",
        "A secret (16+ characters) the proxy in front adds to every request in MIGDASH_PROXY_SECRET_HEADER "
        "(instead of, or besides, MIGDASH_TRUSTED_PROXIES: with both, both are required); never commit it.",
    )
    proxy_secret_header: str = _setting(
        "MIGDASH_PROXY_SECRET_HEADER",
        "X-Migdash-Proxy-Secret",
        "The header that carries MIGDASH_PROXY_SECRET.",
    )
    served_by: str = _setting(
        "MIGDASH_SERVED_BY",
        "",
        "A name for this app host, sent in an X-Served-By response header (several hosts behind one proxy: "
        "which one answered); unset, no header.",
    )
    pdf_concurrency: int = _setting(
        "MIGDASH_PDF_CONCURRENCY",
        2,
        "PDF briefs printed at once on this host (all workers together); more answer 503 at once.",
    )
    pdf_timeout: int = _setting(
        "MIGDASH_PDF_TIMEOUT", 30, "Seconds a PDF brief may take before its renderer is killed."
    )
    chromium: str = _setting(
        "MIGDASH_CHROMIUM", "", "The chromium binary that prints PDF briefs.", shown="`chromium` on `PATH`"
    )
    export_max_rows: int = _setting(
        "MIGDASH_EXPORT_MAX_ROWS",
        100000,
        "Most rows a filtered download (CSV, JSON; Excel a fifth) gives; beyond, 413 pointing to the "
        "full dataset, a static file.",
    )
    workers: int = _setting(
        "MIGDASH_WORKERS",
        0,
        "gunicorn worker processes (gunicorn.conf.py).",
        shown="2 x CPUs + 1",
    )
    threads: int = _setting("MIGDASH_THREADS", 4, "Threads per gunicorn worker (gunicorn.conf.py).")
    fetch_proxy: str = _setting(
        "MIGDASH_FETCH_PROXY",
        "",
        "Proxy through which `python -m data.fetch` reaches the publishers, e.g. http://proxy.example.org:3128; "
        "unset, the standard HTTPS_PROXY, HTTP_PROXY and NO_PROXY variables apply.",
    )
    fetch_timeout: int = _setting(
        "MIGDASH_FETCH_TIMEOUT",
        60,
        "Seconds `python -m data.fetch` waits to connect to a publisher and for each read of a download.",
    )
    fetch_max_mb: int = _setting(
        "MIGDASH_FETCH_MAX_MB",
        100,
        "Largest download `python -m data.fetch` accepts (and largest file unpacked from a zip), in MB.",
    )

    def __post_init__(self):
        if not self.cache_type:
            object.__setattr__(self, "cache_type", "RedisCache" if self.redis_url else "FileSystemCache")
        if self.cache_type not in CACHE_TYPES:
            raise SettingsError(f"MIGDASH_CACHE_TYPE={self.cache_type!r} is not one of {', '.join(CACHE_TYPES)}.")
        if self.cache_type == "RedisCache" and not self.redis_url:
            raise SettingsError("MIGDASH_CACHE_TYPE=RedisCache needs MIGDASH_REDIS_URL.")
        if not (0 < self.port < 65536):
            raise SettingsError(f"PORT={self.port} is not a port number (1-65535).")
        base = "/" + self.base_path.strip("/") + "/" if self.base_path.strip("/") else "/"
        object.__setattr__(self, "base_path", base)
        if not self.secret_key:
            object.__setattr__(self, "secret_key", secrets.token_hex(32))
        if self.auth not in ("local", "header"):
            raise SettingsError(f"MIGDASH_AUTH={self.auth!r} is not one of local, header.")
        if not 0 < self.upload_max_mb <= 100:
            raise SettingsError(f"MIGDASH_UPLOAD_MAX_MB={self.upload_max_mb} must be 1-100.")
        if self.public_url:
            object.__setattr__(self, "public_url", _base_url("MIGDASH_PUBLIC_URL", self.public_url))
        internal = self.internal_url or f"http://{_loopback(self.host)}:{self.port}{self.base_path}"
        object.__setattr__(self, "internal_url", _base_url("MIGDASH_INTERNAL_URL", internal))
        object.__setattr__(self, "trusted_proxies", _networks(self.trusted_proxies))
        _check_proxy_trust(self)
        if not 1 <= self.pdf_concurrency <= 16:
            raise SettingsError(f"MIGDASH_PDF_CONCURRENCY={self.pdf_concurrency} must be 1-16.")
        if not 5 <= self.pdf_timeout <= 300:
            raise SettingsError(f"MIGDASH_PDF_TIMEOUT={self.pdf_timeout} must be 5-300 seconds.")
        if not 0 <= self.workers <= 64:
            raise SettingsError(f"MIGDASH_WORKERS={self.workers} must be 1-64 (or unset).")
        if not 1 <= self.threads <= 64:
            raise SettingsError(f"MIGDASH_THREADS={self.threads} must be 1-64.")
        if not 0 <= self.local_cache_mb <= 1024:
            raise SettingsError(f"MIGDASH_LOCAL_CACHE_MB={self.local_cache_mb} must be 0-1024.")
        if self.fetch_proxy:
            object.__setattr__(self, "fetch_proxy", _base_url("MIGDASH_FETCH_PROXY", self.fetch_proxy).rstrip("/"))
        if not 1 <= self.fetch_timeout <= 600:
            raise SettingsError(f"MIGDASH_FETCH_TIMEOUT={self.fetch_timeout} must be 1-600 seconds.")
        if not 1 <= self.fetch_max_mb <= 2000:
            raise SettingsError(f"MIGDASH_FETCH_MAX_MB={self.fetch_max_mb} must be 1-2000.")
        if not 1000 <= self.export_max_rows <= 10_000_000:
            raise SettingsError(f"MIGDASH_EXPORT_MAX_ROWS={self.export_max_rows} must be 1000-10000000.")
        for name in ("data_dir", "source_dir", "cache_dir", "accounts_file"):
            object.__setattr__(self, name, Path(getattr(self, name)).expanduser().resolve())
        if not self.programme_db:
            object.__setattr__(self, "programme_db", f"sqlite:///{self.data_dir / 'programme.sqlite'}")

    @classmethod
    def from_env(cls, environ=None, **overrides) -> Settings:
        """Settings from environment variables; `overrides` (used by tests) win."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is None or raw == "":
                continue
            values[f.name] = _parse(f, raw)
        values.update(overrides)
        return cls(**values)

    def replace(self, **changes) -> Settings:
        return replace(self, **changes)


def _parse(f, raw: str):
    env = f.metadata["env"]
    if f.type in ("int", int):
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{env}={raw!r} is not a whole number.") from None
    if f.type in ("bool", bool):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"{env}={raw!r}: use 1 or 0.")
    return raw


def _loopback(host: str) -> str:
    """The address to reach a server listening on `host` from the same machine."""
    if host in ("", "0.0.0.0", "localhost"):
        return "127.0.0.1"
    if host in ("::", "[::]", "::1"):
        return "[::1]"
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _base_url(env: str, value: str) -> str:
    """An absolute http(s) base URL ending in "/", without query or fragment."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SettingsError(
            f"{env}={value!r} must be an http:// or https:// address, e.g. https://migdash.example.org/"
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/"


def _networks(value) -> tuple:
    """MIGDASH_TRUSTED_PROXIES as a tuple of ip_network (a single address is a /32 or /128)."""
    if isinstance(value, tuple):
        return value
    networks = []
    for item in (part.strip() for part in str(value).split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise SettingsError(
                f"MIGDASH_TRUSTED_PROXIES: {item!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)."
            ) from None
    return tuple(networks)


def _check_proxy_trust(settings: Settings) -> None:
    """Headers that only a proxy should set are believed only from a configured one (see
    web.proxies): refuse to start where the settings rely on them without naming it."""
    secret = settings.proxy_secret
    if secret and (len(secret) < 16 or not secret.isascii() or not secret.isprintable()):
        raise SettingsError(
            "MIGDASH_PROXY_SECRET must be at least 16 printable ASCII characters "
            "(e.g. from `python -c 'import secrets; print(secrets.token_urlsafe())'`)."
        )
    if not re.fullmatch(r"[A-Za-z0-9-]+", settings.proxy_secret_header):
        raise SettingsError(
            f"MIGDASH_PROXY_SECRET_HEADER={settings.proxy_secret_header!r} is not a "
            "header name (letters, digits and dashes)."
        )
    if not 0 <= settings.proxy_hops <= 5:
        raise SettingsError(f"MIGDASH_PROXY_HOPS={settings.proxy_hops} must be 0-5.")
    if settings.trusted_proxies or secret:
        return
    if settings.auth == "header":
        raise SettingsError(
            "MIGDASH_AUTH=header needs MIGDASH_TRUSTED_PROXIES (the sign-on proxy's addresses) "
            "or MIGDASH_PROXY_SECRET (a secret header it adds): otherwise anyone who reaches "
            "the app could send MIGDASH_AUTH_USER_HEADER and MIGDASH_AUTH_GROUPS_HEADER "
            "themselves and be an administrator."
        )
    if settings.proxy_hops:
        raise SettingsError(
            f"MIGDASH_PROXY_HOPS={settings.proxy_hops} needs MIGDASH_TRUSTED_PROXIES (e.g. "
            "127.0.0.1 for a proxy on this machine) or MIGDASH_PROXY_SECRET: X-Forwarded-* "
            "headers are believed only from the proxies they name."
        )


def describe() -> str:
    """A table of every setting: variable, current value (secrets hidden), help."""
    current = Settings.from_env()
    lines = []
    for f in fields(Settings):
        value = getattr(current, f.name)
        if f.name == "trusted_proxies":
            value = ",".join(map(str, value))
        if f.name in ("secret_key", "proxy_secret"):
            value = "(hidden)"
        elif f.name in ("programme_db", "redis_url", "fetch_proxy"):  # URLs may carry a password
            value = re.sub(r"://([^:/@]*):[^@]*@", r"://\1:***@", str(value))
        lines.append(f"{f.metadata['env']:<27} {value!s:<40} {f.metadata['help']}")
    return "\n".join(lines)


def _shown_default(f) -> str:
    if f.metadata["shown"] is not None:
        return f.metadata["shown"]
    if isinstance(f.default, bool):
        return str(int(f.default))
    return str(f.default)


def readme_table() -> str:
    """The Markdown table of README.md's Configuration section: every setting, its default, its help."""
    rows = ["| variable | default | what |", "|---|---|---|"]
    for f in fields(Settings):
        default = _shown_default(f)
        default = f"`{default}`" if default and f.metadata["shown"] is None else default
        rows.append(f"| `{f.metadata['env']}` | {default} | {f.metadata['help']} |")
    return "\n".join(rows)


README = PROJECT_DIR / "README.md"
README_TABLE = re.compile(r"(<!-- settings: start -->\n).*?(<!-- settings: end -->)", re.S)


def write_readme_table() -> None:
    text = README.read_text(encoding="utf-8")
    README.write_text(
        README_TABLE.sub(lambda m: m.group(1) + readme_table() + "\n" + m.group(2), text), encoding="utf-8"
    )


if __name__ == "__main__":
    try:
        if sys.argv[1:] == ["--readme"]:
            write_readme_table()
        else:
            print(describe())
    except SettingsError as error:
        sys.exit(f"migdash: {error}")
