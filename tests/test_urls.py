"""The named URL builders: each kind of page has one, the language is written only when it is
not the default, explorer and embed views are written as the page writes its own URL, and the
base path is in every link."""

from __future__ import annotations

import pytest

from components import urls
from components.url_state import Param

PARAMS = [
    Param("country", "codes", ("MDA",), {"MDA", "TUN", "MAR"}, multi=True),
    Param("year", "int", 2024, {2020, 2024}),
]


def _links() -> dict[str, str]:
    return {
        "home": urls.home(),
        "home fr": urls.home("fr"),
        "picker": urls.country(),
        "country": urls.country("MDA"),
        "country es": urls.country("MDA", "es"),
        "brief": urls.brief("TUN", "fr"),
        "brief pdf": urls.brief("TUN", "en", pdf=True),
        "programme": urls.programme(),
        "programme country": urls.programme("MDA", "fr", indicator="MDA-I3"),
        "workbook": urls.programme_workbook("template"),
        "upload": urls.staff("upload"),
        "signin": urls.signin("/programme/upload?x=1"),
        "signin alone": urls.signin(),
        "sources": urls.sources("es", "method-share"),
        "sources plain": urls.sources(),
        "api": urls.api("stocks-country", "csv", {"country": "MDA,TUN", "year": "2020"}),
        "api metadata": urls.api("stocks-country", "metadata.json"),
        "api index": urls.api("datasets", "json"),
        "api root": urls.api_root(),
        "explorer": urls.explorer("/stocks", PARAMS, {"country": ("MDA", "TUN"), "year": 2020}, "fr"),
        "explorer defaults": urls.explorer("/stocks", PARAMS, {"country": ("MDA",), "year": 2024}, "en"),
        "embed": urls.embed("stocks-trend", PARAMS, {"country": ("TUN", "MAR"), "year": 2024}),
        "base": urls.base(),
    }


EXPECTED = {
    "home": "/",
    "home fr": "/?lang=fr",
    "picker": "/country",
    "country": "/country/MDA",
    "country es": "/country/MDA?lang=es",
    "brief": "/brief/TUN?lang=fr",
    "brief pdf": "/brief/TUN.pdf",
    "programme": "/programme",
    "programme country": "/programme/MDA?indicator=MDA-I3&lang=fr",
    "workbook": "/programme/template.xlsx",
    "upload": "/programme/upload",
    "signin": "/signin?next=%2Fprogramme%2Fupload%3Fx%3D1",
    "signin alone": "/signin",
    "sources": "/sources?lang=es#method-share",
    "sources plain": "/sources",
    "api": "/api/v1/stocks-country.csv?country=MDA%2CTUN&year=2020",
    "api metadata": "/api/v1/stocks-country.metadata.json",
    "api index": "/api/v1/datasets.json",
    "api root": "/api/v1/",
    "explorer": "/stocks?country=MDA,TUN&year=2020&lang=fr",
    "explorer defaults": "/stocks",
    "embed": "/embed/stocks-trend?country=TUN,MAR",
    "base": "/",
}


def test_each_builder_gives_its_page(app):
    assert _links() == EXPECTED


def test_every_link_carries_the_base_path(settings):
    from app import create_app

    create_app(settings.replace(base_path="/migdash/"))
    assert _links() == {name: "/migdash" + link for name, link in EXPECTED.items()} | {"base": "/migdash/"}


@pytest.mark.parametrize("lang", [None, "", "en"])
def test_the_default_language_is_never_written(app, lang):
    assert urls.language_param(lang) == {}
    assert urls.country("MDA", lang) == "/country/MDA"
    assert urls.explorer("/stocks", PARAMS, {"country": ("TUN",), "year": 2024}, lang) == "/stocks?country=TUN"
