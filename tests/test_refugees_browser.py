"""UNHCR's refugees in a real browser, in English, French and Spanish: on the country profile
(hosted by the country and from it, with period, source line and licence) and as a card of
the flows explorer that follows the URL's country; values read against UNHCR's own file."""

from __future__ import annotations

import pandas as pd
from selenium.webdriver.common.by import By

from i18n import translator
from tests.browser import assert_clean_console, card_part, visit, wait_for_lang

# Each visible trace of a card's plot: its name and last (x, y).
LAST_POINTS = """
const plot = document.querySelector(arguments[0] + ' .js-plotly-plot');
return plot.data.map(trace => [trace.name, trace.x[trace.x.length - 1], trace.y[trace.y.length - 1]]);
"""


def test_refugees_on_the_profile_and_in_the_flows_explorer(dash_duo, app, raw):
    unhcr = pd.read_csv(raw("unhcr")).query("group == 'refugee'")
    expected = {}
    for iso3 in ("MDA", "TUR"):
        hosted = unhcr[unhcr["geo"] == iso3].groupby("t")["n"].sum()
        abroad = unhcr[unhcr["from"] == iso3].groupby("t")["n"].sum()
        expected[iso3] = (int(hosted.index.max()), hosted.iloc[-1], abroad.iloc[-1])
    dash_duo.start_server(app)
    driver = dash_duo.driver
    for lang, iso3 in (("en", "MDA"), ("fr", "TUR"), ("es", "MDA")):
        _ = translator(lang)
        last_year, hosted, abroad = expected[iso3]
        for path, card in (
            (f"/country/{iso3}", "country-refugees"),
            (f"/flows?country={iso3}", "flows-card-refugees-trend"),
        ):
            visit(dash_duo, f"{path}{'&' if '?' in path else '?'}lang={lang}")
            wait_for_lang(driver, lang)
            graph = card_part(card, "graph")
            dash_duo.wait_for_element(graph + " .js-plotly-plot .main-svg", timeout=20)
            points = {name: (x, y) for name, x, y in driver.execute_script(LAST_POINTS, graph)}
            assert points == {
                _("Hosted (country of asylum)"): (last_year, hosted),
                _("Abroad (country of origin)"): (last_year, abroad),
            }, (lang, path)
            assert f"–{last_year}" in driver.find_element(By.CSS_SELECTOR, card_part(card, "subtitle")).text
            sources = driver.find_element(By.CSS_SELECTOR, card_part(card, "sources")).text
            assert _("UNHCR") in sources and "CC BY 4.0" in sources, (lang, sources)  # the publisher, translated
    assert_clean_console(driver)
