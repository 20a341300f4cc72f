"""Every internal URL is built here, so the base path and the language travel with each link.

The language is written only when it differs from the default, like every other piece of
view state. A link built from what a request says (its path, a `next` parameter) goes
through `same_site_path` first: `//other.host/x` and `/\\other.host` are other sites to a
browser. Absolute URLs come from `absolute` (the configured public address), never from the
request's Host header.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import dash

from i18n import DEFAULT_LANGUAGE


def href(path: str, lang: str | None = None, **params) -> str:
    """The link to `path` (an app path such as "/sources") for `lang`, with query `params`."""
    query = {key: value for key, value in params.items() if value not in (None, "")}
    if lang and lang != DEFAULT_LANGUAGE:
        query["lang"] = lang
    url = dash.get_relative_path(path)
    return f"{url}?{urlencode(query)}" if query else url


MAX_PATH_LENGTH = 2000
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f]")  # controls and spaces: never in a path we link to


def same_site_path(path, default: str = "/") -> str:
    """`path` (from a request: untrusted) as a path of this site, or `default`.

    Browsers read `//host/x`, `/\\host/x`, `\\\\host`, `https:host` and their variants with
    tabs or newlines as links to another site; this keeps only the path: backslashes become
    slashes, runs of leading slashes collapse to one, controls and spaces are dropped, and
    anything that still parses with a scheme or host is refused. The result always starts with
    one "/" and never has a host, so a link built from it stays on this site.
    """
    if not isinstance(path, str) or not path or len(path) > MAX_PATH_LENGTH:
        return default
    cleaned = _UNSAFE_CHARACTERS.sub("", path).replace("\\", "/")
    cleaned = "/" + cleaned.lstrip("/")
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        return default
    return cleaned


def with_language(pathname: str, search: str | None, lang: str) -> str:
    """The current URL (`pathname` + `search`, as the browser reports them) in `lang`: always
    a path of this site, whatever the address bar holds.

    The language is always written here: this is the switcher, and an explicit choice must
    override a remembered one.
    """
    query = [
        (key, value) for key, value in parse_qsl(search.lstrip("?") if isinstance(search, str) else "") if key != "lang"
    ]
    query.append(("lang", lang))
    return f"{same_site_path(pathname)}?{urlencode(query)}"


def absolute(path: str, public_url: str) -> str:
    """An absolute URL for an app path (from `href`), when the public address is configured
    (MIGDASH_PUBLIC_URL); the path itself otherwise. Never from the request's Host."""
    if not public_url:
        return path
    parts = urlsplit(public_url)
    return f"{parts.scheme}://{parts.netloc}{path}"
