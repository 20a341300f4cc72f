"""Dash's "Select All" on an explorer, in a real browser and three languages: the URL keeps
every country, the trend draws the 12 largest and its subtitle says so."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from components.selection import MAX_LINES
from tests.browser import assert_clean_console, card_part, click, visit, wait_until_rendered

SAID = {
    "en": "the 12 largest of {n} in {year}",
    "fr": "les 12 plus grands sur {n} en {year}",
    "es": "los 12 mayores de {n} en {year}",
}
TREND = "stocks-card-stocks-trend"


def test_select_all_on_the_stocks_explorer_says_what_is_drawn(dash_duo, app, built):
    stocks = built("stocks_country")
    everyone = set(stocks["country"])  # the dropdown's options: a country of either edition
    stocks = stocks[(stocks["sex"] == "total") & (stocks["edition"] == "2024")]
    counts = stocks.dropna(subset=["immigrants"]).groupby("year")["country"].nunique()
    year = max(int(y) for y, n in counts.items() if n == counts.max())  # the latest of the fullest years
    largest = stocks[stocks["year"] == year].nlargest(MAX_LINES, "immigrants")["country"]
    country_names = built("countries").set_index("iso3")
    dash_duo.start_server(app)
    driver = dash_duo.driver
    for lang in SAID:
        visit(dash_duo, f"/stocks?lang={lang}")
        click(driver, driver.find_element(By.CSS_SELECTOR, "#stocks-control-country"))
        select_all = WebDriverWait(driver, 10).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-action-button")
        )[0]
        click(driver, select_all)
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
        subtitle = card_part(TREND, "subtitle")
        dash_duo.wait_for_contains_text(subtitle, SAID[lang].format(n=len(everyone), year=year), timeout=30)
        wait_until_rendered(dash_duo)
        query = driver.execute_script("return new URLSearchParams(location.search).get('country')")
        assert set(query.split(",")) == everyone
        drawn = driver.execute_script(
            "return document.querySelector(arguments[0]).data.map(trace => trace.name)",
            card_part(TREND, "graph") + " .js-plotly-plot",
        )
        assert set(drawn) == set(country_names.loc[largest, f"name_{lang}"])
    assert_clean_console(driver)
