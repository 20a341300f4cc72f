"""Every internal URL is built here, so the base path and the language travel with each link.

The language is written only when it differs from the default, like every other piece of
view state (DESIGN.md §2).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import dash

from i18n import DEFAULT_LANGUAGE


def href(path: str, lang: str | None = None, **params) -> str:
    """The link to `path` (an app path such as "/sources") for `lang`, with query `params`."""
    query = {key: value for key, value in params.items() if value not in (None, "")}
    if lang and lang != DEFAULT_LANGUAGE:
        query["lang"] = lang
    url = dash.get_relative_path(path)
    return f"{url}?{urlencode(query)}" if query else url


def with_language(pathname: str, search: str | None, lang: str) -> str:
    """The current URL (`pathname` + `search`, as the browser reports them) in `lang`.

    The language is always written here: this is the switcher, and an explicit choice must
    override a remembered one.
    """
    query = [(key, value) for key, value in parse_qsl((search or "").lstrip("?")) if key != "lang"]
    query.append(("lang", lang))
    return f"{pathname or '/'}?{urlencode(query)}"
