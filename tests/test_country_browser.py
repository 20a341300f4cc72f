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

from tests.browser import (
    assert_accessible,
    assert_clean_console,
    foreign_requests,
    heading,
    visit,
)


@pytest.mark.parametrize(
    "path, title",
    [("/country/MDA", "Moldova"), ("/brief/MDA?lang=fr", "Moldavie"), ("/country?lang=es", "Perfiles de país")],
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
def test_pdf_brief_has_one_or_two_pages_with_the_country_and_its_numbers_in_french(dash_duo, app, settings, raw):
    dash_duo.start_server(app)
    app.server.config["MIGDASH_SETTINGS"] = settings.replace(internal_url=dash_duo.server_url)
    ims = pd.read_csv(raw("ims2024_bilateral"))
    emigrants = ims.query("`from` == 'MDA' and t == 2024")["n"].sum()
    immigrants = ims.query("geo == 'MDA' and t == 2024")["n"].sum()

    response = requests.get(dash_duo.server_url + "/brief/MDA.pdf?lang=fr", timeout=90)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert 1 <= len(reader.pages) <= 2
    assert reader.metadata.title.startswith("Moldavie · ")  # a saved or forwarded PDF names its country
    for number, page in enumerate(reader.pages, start=1):
        assert f"{number} / {len(reader.pages)}" in page.extract_text()  # page numbers, in the margin
    # NFKC undoes the typographic ligatures (ﬀ, ﬁ) the PDF's fonts use
    text = unicodedata.normalize("NFKC", " ".join(page.extract_text() for page in reader.pages))
    assert "Moldavie" in text and "Chiffres clés" in text and "Données au" in text
    for value in (emigrants, immigrants):
        expected = format_compact_decimal(value, format_type="short", locale="fr", fraction_digits=1)
        assert unicodedata.normalize("NFKC", expected) in text

    again = requests.get(dash_duo.server_url + "/brief/MDA.pdf?lang=fr", timeout=30)
    assert again.content == response.content  # served from the cache
    assert_clean_console(dash_duo.driver)
