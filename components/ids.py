"""Component IDs shared by layouts and callbacks: a mistyped ID fails at import, not silently.

Page-specific IDs are prefixed with the page name; pattern-matching IDs are built by the
functions below so their keys are spelled in one place. A chart card's parts have theirs in
components.card_ids (standard library only, for the load test).
"""

from dash import ALL

# app shell (app-wide, present on every page)
URL = "shell-url"
LANG = "shell-lang"  # dcc.Store: the page's language, passed to every page layout
NAVBAR_TOGGLER = "shell-navbar-toggler"
NAVBAR_COLLAPSE = "shell-navbar-collapse"
URL_SINK = "shell-url-sink"  # output of the client-side URL clean-up (no data)
PIN = "page-pin"  # dcc.Store on every page: the data version its view is pinned to (components/pins.py)


def nav_link(path: str) -> dict:
    """A navbar link to the page registered at `path`."""
    return {"type": "shell-nav-link", "path": path}


def language_link(lang: str) -> dict:
    """The language switcher's link to `lang`."""
    return {"type": "shell-language-link", "lang": lang}


NAV_LINK_ALL = {"type": "shell-nav-link", "path": ALL}
LANGUAGE_LINK_ALL = {"type": "shell-language-link", "lang": ALL}


# explorer pages (stocks, flows, remittances) and embeds
def view_url(page: str) -> dict:
    """The page's own dcc.Location: filter changes write the query string here."""
    return {"type": "view-url", "page": page}


VIEW_URL_ALL = {"type": "view-url", "page": ALL}


def control(page: str, param: str) -> str:
    """The filter control of `param` on `page`."""
    return f"{page}-control-{param}"


def card(page: str, chart: str) -> str:
    """The aio_id of a chart card on a page."""
    return f"{page}-card-{chart}"


# programme page
PROGRAMME_HEADLINES = "programme-headlines"  # the portfolio's headline tiles, which follow the filters

# home page
HOME_PROGRAMME_MAP = "home-programme-map"

# /country: the picker's search box, the list it filters and the count it announces
COUNTRY_SEARCH = "countries-search"
COUNTRY_LIST = "countries-list"
COUNTRY_SEARCH_STATUS = "countries-search-status"


def control_part(page: str, param: str, part: str) -> str:
    """A part of the control of `param` on `page` beside the input itself (a slider's value)."""
    return f"{control(page, param)}-{part}"


# /country/<ISO3>: the page's own URL state (the savings calculator's target)
PROFILE = "country"
