"""The libraries' own words and numbers in the reader's language, in a real browser: plotly's
modebar tooltips (its fr and es locales, in our bundle), axis tick labels in the locale's
separators and abbreviations, Dash's dropdown's buttons and search box."""

from __future__ import annotations

import math
import re
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import assert_clean_console, click, visit

PLOTLY_LOCALES = Path(__file__).resolve().parent.parent / "node_modules" / "plotly.js" / "lib" / "locales"

# What a reader of each language reads on an axis: decimal sign, and the words for powers of ten
# (CLDR's short forms: "2 Md $US" in French, "2000 M US$" in Spanish).
DECIMAL = {"en": ".", "fr": ",", "es": ","}
POWERS = {
    "en": {"K": 1e3, "M": 1e6, "B": 1e9},
    "fr": {"k": 1e3, "M": 1e6, "Md": 1e9},
    "es": {"mil": 1e3, "M": 1e6},
}
SELECT_ALL = {"en": "Select all", "fr": "Tout sélectionner", "es": "Seleccionar todo"}
SEARCH = {"en": "Search", "fr": "Rechercher", "es": "Buscar"}


def plotly_word(lang: str, english: str) -> str:
    """plotly.js's own translation of one of its strings (its locale file), English as is."""
    if lang == "en":
        return english
    source = (PLOTLY_LOCALES / f"{lang}.js").read_text(encoding="utf-8")
    match = re.search(re.escape(f"'{english}'") + r"\s*:\s*'((?:[^'\\]|\\.)*)'", source)
    assert match, english
    return match.group(1).replace("\\'", "'")


def tick_value(label: str, lang: str) -> float:
    """The number a tick label says, read as a reader of `lang` reads it."""
    words = re.sub(r"[\d.,\s\u00a0\u202f+−-]", " ", label).split()
    power = next((POWERS[lang][w] for w in words if w in POWERS[lang]), 1)
    number = re.search(r"[−-]?\d[\d.,\u00a0\u202f ]*", label).group(0).strip()
    group = {"en": ",", "fr": None, "es": "."}[lang]
    number = re.sub(r"[\u00a0\u202f ]", "", number)
    if group:
        number = number.replace(group, "")
    return float(number.replace(DECIMAL[lang], ".").replace("−", "-")) * power


def test_plotly_and_dash_speak_the_readers_language(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    for lang in ("en", "fr", "es"):
        visit(dash_duo, f"/remittances?lang={lang}")
        titles = {b.get_attribute("data-title") for b in driver.find_elements(By.CSS_SELECTOR, ".modebar-btn")}
        assert plotly_word(lang, "Reset axes") in titles and plotly_word(lang, "Zoom in") in titles, titles

        axes = driver.execute_script(
            "return [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd => "
            "['xaxis', 'yaxis'].filter(k => gd.layout[k] && gd.layout[k].ticktext).map(k => "
            "[gd.layout[k].tickvals, [...gd.querySelectorAll('.' + k[0] + 'tick text')].map(t => t.textContent)]));"
        )
        drawn = [(values, labels) for values, labels in axes if labels]
        assert drawn, f"{lang}: no value axis drawn"
        for values, labels in drawn:  # each label, read as the reader reads it, is the value it marks
            assert all(
                any(math.isclose(tick_value(label, lang), v, abs_tol=1e-9) for v in values) for label in labels
            ), (
                lang,
                labels,
                values,
            )

        click(driver, driver.find_element(By.CSS_SELECTOR, ".dash-dropdown-wrapper"))
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-action-button"))
        buttons = [b.text for b in driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-action-button")]
        assert SELECT_ALL[lang] in buttons, buttons
        search = driver.find_element(By.CSS_SELECTOR, ".dash-dropdown-search input, input.dash-dropdown-search")
        assert search.get_attribute("placeholder") == SEARCH[lang]
    assert_clean_console(driver)
