"""web.routing.page_for_path: the page Dash's router shows for a path (over dash.page_registry,
no private Dash function), which our 404 statuses and page titles rely on."""

from __future__ import annotations

import pytest

from web.routing import page_for_path

CASES = [
    ("/", "pages.home", {}),
    ("/stocks", "pages.stocks", {}),
    ("/stocks/", "pages.stocks", {}),
    ("/country", "pages.countries", {}),
    ("/country/MDA", "pages.country", {"iso3": "MDA"}),
    ("/brief/TUN.pdf", "pages.brief", {"iso3": "TUN.pdf"}),  # the PDF is a Flask route, not a page
    ("/programme/TUN", "pages.programme_country", {"iso3": "TUN"}),
    ("/embed/stocks-trend", "pages.embed", {"chart": "stocks-trend"}),
    ("/country/M\nDA", "pages.country", {"iso3": "M"}),  # Dash reads a variable up to a newline
    ("/nope", None, {}),
    ("/embed/", None, {}),
    ("/COUNTRY/MDA", None, {}),
]


def _found(path: str):
    page, variables = page_for_path(path)
    return page.get("module"), variables


@pytest.mark.parametrize("path, module, variables", CASES)
def test_the_page_of_a_path(app, path, module, variables):
    assert _found(path) == (module, variables)


def test_the_base_path_is_not_part_of_the_page_path(settings):
    from app import create_app

    create_app(settings.replace(base_path="/migdash/"))
    assert [_found("/migdash" + path) for path, _module, _variables in CASES] == [
        (module, variables) for _path, module, variables in CASES
    ]
