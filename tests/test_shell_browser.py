"""The shell in a real browser: every page renders cleanly, offline, accessibly, in three
languages; unknown paths get the not-found page."""

from __future__ import annotations

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from components.shell import nav_pages
from tests.browser import (
    assert_clean_console,
    click,
    foreign_requests,
    heading,
    visit,
    wait_for_lang,
    wait_until_rendered,
)


def test_every_page_renders_with_heading_and_clean_console(dash_duo, app):
    dash_duo.start_server(app)
    pages = nav_pages()
    assert len(pages) >= 2
    for page in pages:
        visit(dash_duo, page["path"])
        assert heading(dash_duo.driver), page["path"]
        assert_clean_console(dash_duo.driver)


def test_pages_load_nothing_from_other_origins(dash_duo, app):
    dash_duo.start_server(app)
    requested_somewhere_else = {}
    for page in nav_pages():
        visit(dash_duo, page["path"])
        requested_somewhere_else[page["path"]] = foreign_requests(dash_duo.driver, dash_duo.server_url)
    assert all(not urls for urls in requested_somewhere_else.values()), requested_somewhere_else
    assert_clean_console(dash_duo.driver)


def test_maps_draw_from_local_shapes(dash_duo, app):
    dash_duo.start_server(app)
    visit(dash_duo, "/")
    countries = dash_duo.driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot path.choroplethlocation")
    assert len(countries) == 8  # the programme's participating countries
    assert_clean_console(dash_duo.driver)


def test_language_switch_changes_text_and_survives_navigation(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/")
    english_heading = heading(driver)
    driver.find_element(By.CSS_SELECTOR, '[lang="fr"].nav-link').click()
    wait_for_lang(driver, "fr")
    wait_until_rendered(dash_duo)
    assert heading(driver) != english_heading
    assert heading(driver) == "Tableau de bord Migration et développement"
    assert "lang=fr" in driver.current_url

    # Client-side navigation keeps French, and so does a URL typed without ?lang=. French's
    # menu does not fit beside the brand at 1366 px: it is folded behind its button.
    toggler = driver.find_element(By.CSS_SELECTOR, "header .navbar-toggler")
    if toggler.is_displayed():
        click(driver, toggler)
    sources = driver.find_element(By.CSS_SELECTOR, "header a.nav-link[href*='/sources']")
    WebDriverWait(driver, 5).until(lambda _d: sources.is_displayed())
    click(driver, sources)
    dash_duo.wait_for_text_to_equal("main h1", "Sources")
    assert driver.find_element(By.CSS_SELECTOR, "html").get_attribute("lang") == "fr"
    dash_duo.wait_for_text_to_equal("header .nav-link.active", "Sources")
    driver.get(dash_duo.server_url + "/")
    wait_for_lang(driver, "fr")
    wait_until_rendered(dash_duo)
    assert heading(driver) == "Tableau de bord Migration et développement"
    assert_clean_console(driver)


@pytest.mark.parametrize(
    "lang, expected",
    [("fr", "Tableau de bord Migration et développement"), ("es", "Panel de Migración y Desarrollo")],
)
def test_cold_load_in_another_language(dash_duo, app, lang, expected):
    dash_duo.start_server(app)
    visit(dash_duo, f"/?lang={lang}")
    assert dash_duo.driver.find_element(By.CSS_SELECTOR, "html").get_attribute("lang") == lang
    assert heading(dash_duo.driver) == expected
    assert_clean_console(dash_duo.driver)


def test_unknown_path_shows_not_found_page(dash_duo, app):
    dash_duo.start_server(app)
    visit(dash_duo, "/no/such/page")
    assert heading(dash_duo.driver) == "Page not found"
    links = dash_duo.driver.find_elements(By.CSS_SELECTOR, "main li a")
    assert {link.text for link in links} >= {"Home", "Sources"}
    # The only console line is the browser reporting the document's own 404 status.
    assert_clean_console(dash_duo.driver, allowed=["/no/such/page - Failed to load resource"])


@pytest.mark.parametrize("path", ["//other.example/x", "/\\other.example", "/%5Cother.example/x"])
def test_language_links_of_a_hostile_address_stay_on_the_site(dash_duo, app, path):
    """Issue 13, finding 4: on `//other.host/x` the 404 page's language links pointed to the
    other host. Every link of the page, as the browser resolves it, stays on this server."""
    from urllib.parse import urlsplit

    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, path)
    own = urlsplit(dash_duo.server_url).netloc
    WebDriverWait(driver, 10).until(  # the switcher's hrefs are set by a callback after load
        lambda d: all(
            "lang=" in a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "nav[aria-label] a[hreflang]")
        )
    )
    hrefs = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href]")]
    assert hrefs and all(
        urlsplit(href).netloc == own
        for href in hrefs
        if href.startswith("http") and "/api/" not in href and not _is_source_link(href)
    ), hrefs
    french = driver.find_element(By.CSS_SELECTOR, "a[hreflang='fr']")
    click(driver, french)
    wait_for_lang(driver, "fr")
    assert urlsplit(driver.current_url).netloc == own
    assert_clean_console(driver, allowed=["Failed to load resource: the server responded with a status of 404"])


def _is_source_link(href: str) -> bool:
    """The footer's links to the publishers and licences (other sites on purpose)."""
    from data.sources import SOURCES

    return any(href in (source.url, source.licence_url) for source in SOURCES)


def test_debugger_is_not_served(dash_duo, app):
    dash_duo.start_server(app)
    response = requests.get(dash_duo.server_url + "/?__debugger__=yes&cmd=resource&f=debugger.js", timeout=10)
    assert "javascript" not in response.headers.get("Content-Type", "")
    assert "Werkzeug" not in response.text and "debugger" not in response.text.lower()
    assert_clean_console(dash_duo.driver)
