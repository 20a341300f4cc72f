"""Country profile and brief in a real browser, and the PDF brief printed by the server."""

from __future__ import annotations

import io
import unicodedata

import pandas as pd
import pytest
import requests
from babel.numbers import format_compact_decimal
from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import (
    assert_accessible,
    assert_clean_console,
    foreign_requests,
    heading,
    visit,
)
from tests.conftest import free_port


@pytest.mark.parametrize(
    "path, title",
    [
        ("/country/MDA", "Republic of Moldova"),
        ("/brief/MDA?lang=fr", "République de Moldova"),
        ("/country?lang=es", "Perfiles de país"),
    ],
)
def test_profile_brief_and_picker_render_offline_accessibly_and_cleanly(dash_duo, app, path, title):
    dash_duo.start_server(app)
    visit(dash_duo, path)
    driver = dash_duo.driver
    assert heading(driver) == title
    if path.startswith("/country/"):
        assert len(driver.find_elements(By.CSS_SELECTOR, ".headline")) >= 5
        assert len(driver.find_elements(By.CSS_SELECTOR, ".narrative p")) >= 4
    if path.startswith("/brief/"):
        assert len(driver.find_elements(By.CSS_SELECTOR, ".brief-chart .main-svg")) >= 4
        assert not driver.find_element(By.CSS_SELECTOR, ".site-header").is_displayed()
    assert foreign_requests(driver, dash_duo.server_url) == []
    assert_accessible(driver)
    assert_clean_console(driver)


@pytest.mark.slow  # the server prints with chromium
def test_pdf_brief_has_one_or_two_pages_with_the_country_and_its_numbers_in_french(dash_duo, settings, raw):
    from app import create_app

    # The server is other processes: it must know its own address before it starts, and its
    # workers share the PDF through the cache of `make run` (files), not one worker's memory.
    port = free_port()
    served = settings.replace(internal_url=f"http://localhost:{port}", cache_type="FileSystemCache")
    dash_duo.start_server(create_app(served), port=port)
    ims = pd.read_csv(raw("ims2024_bilateral"))
    emigrants = ims.query("`from` == 'MDA' and t == 2024")["n"].sum()
    immigrants = ims.query("geo == 'MDA' and t == 2024")["n"].sum()

    response = requests.get(dash_duo.server_url + "/brief/MDA.pdf?lang=fr", timeout=90)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert 1 <= len(reader.pages) <= 2
    assert reader.metadata.title.startswith("République de Moldova · ")  # a saved or forwarded PDF names its country
    for number, page in enumerate(reader.pages, start=1):
        assert f"{number} / {len(reader.pages)}" in page.extract_text()  # page numbers, in the margin
    # NFKC undoes the typographic ligatures (ﬀ, ﬁ) the PDF's fonts use
    text = unicodedata.normalize("NFKC", " ".join(page.extract_text() for page in reader.pages))
    assert "Moldova" in text and "Chiffres clés" in text and "Données au" in text
    for value in (emigrants, immigrants):
        expected = format_compact_decimal(value, format_type="short", locale="fr", fraction_digits=1)
        assert unicodedata.normalize("NFKC", expected) in text

    again = requests.get(dash_duo.server_url + "/brief/MDA.pdf?lang=fr", timeout=30)
    assert again.content == response.content  # served from the cache
    assert_clean_console(dash_duo.driver)


@pytest.mark.real_data  # the names it types are the real data's areas
def test_the_picker_finds_countries_as_you_type_in_french(dash_duo, app):
    """Accents and case ignored, English names and ISO codes found too, the count announced in
    French, Enter opens the first match; the list runs down its columns in French order."""
    dash_duo.start_server(app)
    visit(dash_duo, "/country?lang=fr")
    driver = dash_duo.driver
    box = driver.find_element(By.ID, "countries-search")
    status = driver.find_element(By.ID, "countries-search-status")

    def shown():
        return [item.text for item in driver.find_elements(By.CSS_SELECTOR, "#countries-list li:not([hidden])")]

    everything = shown()
    assert everything.index("Dominique") < everything.index("Égypte") < everything.index("Espagne")
    assert everything.index("Hongrie") < everything.index("Île de Man") < everything.index("Inde")
    items = driver.find_elements(By.CSS_SELECTOR, "#countries-list li")
    first, second, last = items[0].location, items[1].location, items[-1].location
    assert first["x"] == second["x"] and second["y"] > first["y"] and last["x"] > first["x"]  # down, then across

    for typed, expected, count in [
        ("EGY", ["Égypte"], "1 pays ou zone"),  # the code, or the start of a name without its accent
        ("égy", ["Égypte"], "1 pays ou zone"),
        ("moldova", ["République de Moldova"], "1 pays ou zone"),  # its English name
        ("congo", ["Congo", "République démocratique du Congo"], "2 pays et zones"),
        ("rep dem cong", ["République démocratique du Congo"], "1 pays ou zone"),  # words in any order
        ("zzz", [], "Aucun pays ni aucune zone ne correspond à votre recherche."),
    ]:
        box.send_keys(Keys.CONTROL, "a")  # as a user would: clear() leaves Dash's input its old value
        box.send_keys(Keys.DELETE, typed)
        WebDriverWait(driver, 10).until(lambda _d, expected=expected: shown() == expected)
        assert status.text == count, typed
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE, "maroc", Keys.ENTER)
    WebDriverWait(driver, 20).until(lambda d: d.current_url.endswith("/country/MAR?lang=fr"))
    dash_duo.wait_for_text_to_equal("main h1", "Maroc")
    visit(dash_duo, "/country?lang=fr")
    assert_accessible(driver)
    assert_clean_console(driver)
