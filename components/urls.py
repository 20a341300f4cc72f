"""Every internal URL is built here, so the base path and the language travel with each link.

One named builder per kind of page (`country`, `brief`, `programme`, `sources`, `api`,
`embed`, `explorer`...), all on the one generic `href`: a call site names what it links to
and never spells a path. The language is written only when it differs from the default, like
every other piece of view state. A link built from what a request says (its path, a `next`
parameter) goes through `same_site_path` first: `//other.host/x` and `/\\other.host` are
other sites to a browser. Absolute URLs come from `absolute` (the configured public address),
never from the request's Host header.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit

import dash

from components import static_assets
from components.url_state import to_query
from data import queries
from i18n import DEFAULT_LANGUAGE


def language_param(lang: str | None) -> dict:
    """The query's language: none for the default language (like any default), else `lang`."""
    return {"lang": lang} if lang and lang != DEFAULT_LANGUAGE else {}


def pin_param() -> dict:
    """The pinned data version (`v=`) of the view being built, for the links that show its data
    (pages of a country, explorers, embeds, downloads, the API); the navbar's links lead to
    the latest data. components/pins.py says what a pin is."""
    version = queries.pinned_version()
    return {"v": version} if version else {}


def view_params(lang: str | None) -> dict:
    """What every view's query carries besides its own state: its pin and its language."""
    return {**pin_param(), **language_param(lang)}


def href(path: str, lang: str | None = None, **params) -> str:
    """The link to `path` (an app path such as "/sources") for `lang`, with query `params`."""
    query = {key: value for key, value in params.items() if value not in (None, "")}
    query.update(language_param(lang))
    url = dash.get_relative_path(path)
    return f"{url}?{urlencode(query)}" if query else url


def asset(relative: str) -> str:
    """A file of assets/ (a folder when `relative` ends with "/"), under a URL that changes
    with its content (components.static_assets): browsers keep it a year."""
    return static_assets.url(href("/"), relative)


def base() -> str:
    """The app's own prefix ("/", or the base path): part of the cache key of whatever holds links."""
    return href("/")


def home(lang: str | None = None) -> str:
    return href("/", lang)


def country(iso3: str | None = None, lang: str | None = None) -> str:
    """A country's profile, or the country picker without `iso3`."""
    return href(f"/country/{iso3}" if iso3 else "/country", lang, **(pin_param() if iso3 else {}))


def brief(iso3: str, lang: str | None = None, pdf: bool = False, version: str | None = None) -> str:
    """A country's brief: the printable page, or the PDF the server prints of it; pinned to
    `version` (else to the view's pin, if any)."""
    pin = {"v": version} if version else pin_param()
    return href(f"/brief/{iso3}.pdf" if pdf else f"/brief/{iso3}", lang, **pin)


def programme(iso3: str | None = None, lang: str | None = None, indicator: str | None = None) -> str:
    """The programme portfolio, or one country's results (showing `indicator`'s chart)."""
    return href(f"/programme/{iso3}" if iso3 else "/programme", lang, indicator=indicator)


def programme_workbook(kind: str) -> str:
    """The programme's Excel workbooks: "template" (to fill in) or "data" (what is served)."""
    return href(f"/programme/{kind}.xlsx")


def staff(page: str) -> str:
    """A staff page of the programme's data: "upload" or "history"."""
    return href(f"/programme/{page}")


def signin(next_path: str | None = None) -> str:
    """The staff sign-in page, coming back to `next_path` (a path of this site) afterwards."""
    return href("/signin", next=next_path)


def sources(lang: str | None = None, anchor: str | None = None) -> str:
    """The sources page, at `anchor` (e.g. a derivation rule of its Methods section)."""
    return href("/sources", lang) + (f"#{anchor}" if anchor else "")


def updates_feed(country: str | None = None, lang: str | None = None) -> str:
    """The Atom feed of data updates (web.feeds), or of one country's revisions."""
    return href("/updates.atom", lang, country=country)


def api(dataset: str, fmt: str, filters: Mapping[str, str] | None = None) -> str:
    """A file of the open data API: `dataset` as `fmt` ("csv", "json", "xlsx" or "metadata.json")
    with `filters` (param -> comma-separated values); "datasets" and "openapi" are its index files."""
    return href(f"/api/v1/{dataset}.{fmt}", **(filters or {}), **pin_param())


def api_root() -> str:
    """The API's own path, ending in "/" (the OpenAPI document's server)."""
    return href("/api/v1/")


def explorer(path: str, params, state: Mapping, lang: str | None = None) -> str:
    """A view of a page whose state lives in its query (an explorer; `path` with its path
    variables filled in): `state` written as the page itself writes it, defaults left out."""
    return href(path) + to_query(list(params), state, view_params(lang))


def chart_data(chart: str, fmt: str, params, state: Mapping, lang: str | None = None) -> str:
    """The table a chart card shows, as a file ("csv" or "xlsx") with headers in `lang`."""
    return href(f"/download/{chart}.{fmt}") + to_query(list(params), state, view_params(lang))


def embed(chart: str, params, state: Mapping) -> str:
    """A chart for other sites' iframes, in the view `state` (the embedding page may add ?lang=)."""
    return href(f"/embed/{chart}") + to_query(list(params), state, pin_param())


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
