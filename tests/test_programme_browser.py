"""The programme views in a real browser, on the demo programme data the session store holds:
the /programme portfolio and its filters, a country's results at /programme/<ISO3>, the
programme section of the country profile, the programme embed, and French.

Expected values come from the demo generator's frames with plain pandas, never from the app.
"""

from __future__ import annotations

import re

import pandas as pd
import requests
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from i18n import translator
from programme import demo
from tests.browser import (
    assert_accessible,
    assert_clean_console,
    card_part,
    click,
    foreign_requests,
    heading,
    scroll_into_view,
    visit,
    wait_for_lang,
    wait_until_rendered,
)

AREA = "#programme-control-area"
COUNTRY = "#programme-control-country"
TILES = "#programme-headlines .headline"
STAMP = "Demo data — illustrative only"


def _demo_indicators() -> pd.DataFrame:
    """The demo's indicators with the country and result area of the result they measure."""
    frames = demo.generate()
    return frames["indicators"].merge(
        frames["results"][["result_id", "country", "area"]], on="result_id", how="left", validate="many_to_one"
    )


INDICATORS = _demo_indicators()


def _indicator_total(driver, tiles: str = TILES) -> int | None:
    """The number of indicators in the first headline tile ("on track / indicators")."""
    try:
        value = driver.find_element(By.CSS_SELECTOR, f"{tiles} .headline-value").text
    except (StaleElementReferenceException, NoSuchElementException):  # re-rendering: ask again
        return None
    return int(value.split("/")[1].strip()) if "/" in value else None


def _wait_for_total(driver, expected: int, tiles: str = TILES) -> None:
    WebDriverWait(driver, 15).until(
        lambda d: _indicator_total(d, tiles) == expected, message=f"indicator tile never showed {expected}"
    )


def _area_value(driver) -> str:
    return Select(driver.find_element(By.CSS_SELECTOR, AREA)).first_selected_option.get_attribute("value")


def _wait_for_cards_drawn(dash_duo, aio_ids) -> None:
    """Every card has drawn its plotly graph and shows the demo badge."""
    for aio_id in aio_ids:
        dash_duo.wait_for_element(card_part(aio_id, "graph") + " .js-plotly-plot .main-svg", timeout=20)
        WebDriverWait(dash_duo.driver, 10).until(
            lambda d, aio_id=aio_id: d.find_element(By.CSS_SELECTOR, card_part(aio_id, "demo")).is_displayed(),
            message=f"{aio_id}: demo badge not shown",
        )


def _card_ids(driver) -> list[str]:
    return [card.get_attribute("id") for card in driver.find_elements(By.CSS_SELECTOR, "main .chart-card")]


def test_portfolio_renders_offline_accessibly_with_the_demo_stamp(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/programme")
    assert heading(driver) == "Programme progress"
    assert driver.find_element(By.CSS_SELECTOR, "main .demo-banner").is_displayed()
    assert len(driver.find_elements(By.CSS_SELECTOR, TILES)) == 6
    _wait_for_total(driver, len(INDICATORS))
    cards = _card_ids(driver)
    assert len(cards) == 5
    _wait_for_cards_drawn(dash_duo, cards)
    assert foreign_requests(driver, dash_duo.server_url) == []
    assert_accessible(driver)
    assert_clean_console(driver)


def _counts() -> tuple[int, int, int]:
    """Indicators in all, in the "data" result area, and in that area in Moldova."""
    in_area = INDICATORS["area"] == "data"
    counts = len(INDICATORS), int(in_area.sum()), int((in_area & (INDICATORS["country"] == "MDA")).sum())
    assert 0 < counts[2] < counts[1] < counts[0]
    return counts


def _choose_area(driver, value: str) -> None:
    select = driver.find_element(By.CSS_SELECTOR, AREA)
    scroll_into_view(driver, select)
    Select(select).select_by_value(value)


def test_area_filter_writes_the_url_changes_the_headlines_and_back_restores(dash_duo, app):
    everything, in_data_area, moldova_data = _counts()
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/programme?area=data&country=MDA")  # a shared link
    assert _area_value(driver) == "data"
    dash_duo.wait_for_contains_text(COUNTRY, "Moldova")
    _wait_for_total(driver, moldova_data)

    visit(dash_duo, "/programme")
    _wait_for_total(driver, everything)
    driver.execute_script("window.__sameDocument = true;")  # gone if the page reloads
    _choose_area(driver, "data")
    WebDriverWait(driver, 10).until(lambda d: "area=data" in d.current_url)
    _wait_for_total(driver, in_data_area)
    wait_until_rendered(dash_duo)
    assert driver.execute_script("return window.__sameDocument === true;")
    assert_clean_console(driver)

    driver.back()  # to a history entry of the same document: no reload
    WebDriverWait(driver, 10).until(lambda d: "area=" not in d.current_url)
    wait_until_rendered(dash_duo)
    WebDriverWait(driver, 10).until(
        lambda d: _area_value(d) == "all", message="the address bar went back but the area filter did not"
    )
    _wait_for_total(driver, everything)
    assert_clean_console(driver)


def test_country_results_tree_links_choose_the_indicator_chart(dash_duo, app):
    own = INDICATORS[INDICATORS["country"] == "MDA"].set_index("indicator_id")
    chosen = "MDA-I5"
    name = own.loc[chosen, "name"]

    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/programme/MDA")
    assert "Moldova" in heading(driver)
    assert driver.find_element(By.CSS_SELECTOR, "main .demo-banner").is_displayed()
    links = driver.find_elements(By.CSS_SELECTOR, ".results-tree a.indicator-link")
    assert sorted(link.text for link in links) == sorted(own["name"])

    title = card_part("programme-indicator", "title")
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, title).text.strip())
    assert driver.find_element(By.CSS_SELECTOR, title).text != name  # the default is another one
    click(driver, next(link for link in links if link.text == name))
    WebDriverWait(driver, 10).until(lambda d: f"indicator={chosen}" in d.current_url)
    dash_duo.wait_for_text_to_equal(title, name, timeout=15)
    _wait_for_cards_drawn(dash_duo, ["programme-indicator"])

    driver.refresh()
    wait_until_rendered(dash_duo, timeout=30)
    assert f"indicator={chosen}" in driver.current_url
    dash_duo.wait_for_text_to_equal(title, name, timeout=15)
    _wait_for_cards_drawn(dash_duo, _card_ids(driver))
    assert_clean_console(driver)
    assert_accessible(driver)


def test_country_without_programme_and_unknown_code(dash_duo, app):
    assert "FRA" not in set(INDICATORS["country"])
    dash_duo.start_server(app)
    driver = dash_duo.driver
    statuses = {
        path: requests.get(dash_duo.server_url + path, timeout=10).status_code
        for path in ("/programme/FRA", "/programme/XXX")
    }
    assert statuses == {"/programme/FRA": 404, "/programme/XXX": 404}

    visit(dash_duo, "/programme/FRA")
    assert heading(driver).startswith("No programme data") and "France" in heading(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "main a[href='/programme']")
    assert not driver.find_elements(By.CSS_SELECTOR, ".results-tree")
    assert_clean_console(driver, allowed=["/programme/FRA - Failed to load resource"])

    visit(dash_duo, "/programme/XXX")
    assert heading(driver) == "No country with the code XXX"
    assert not driver.find_elements(By.CSS_SELECTOR, ".results-tree")
    assert_clean_console(driver, allowed=["/programme/XXX - Failed to load resource"])


def test_country_profile_has_a_programme_section_only_for_programme_countries(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/country/MDA", timeout=60)
    section = driver.find_element(By.CSS_SELECTOR, "main .programme-section")
    assert section.find_element(By.CSS_SELECTOR, ".demo-banner").is_displayed()
    assert len(section.find_elements(By.CSS_SELECTOR, ".headline")) == 6
    _wait_for_total(driver, int((INDICATORS["country"] == "MDA").sum()), tiles=".programme-section .headline")
    assert section.find_elements(By.CSS_SELECTOR, "a[href='/programme/MDA']")
    assert_clean_console(driver)

    visit(dash_duo, "/country/FRA")
    assert heading(driver) == "France"
    assert driver.find_elements(By.CSS_SELECTOR, "main .programme-section") == []
    assert_clean_console(driver)


def test_indicator_embed_carries_the_demo_badge_and_stamp(dash_duo, app):
    names = set(INDICATORS.loc[INDICATORS["country"] == "TUN", "name"])
    dash_duo.start_server(app)
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + "/embed/programme-indicator?country=TUN")
    _wait_for_cards_drawn(dash_duo, ["embed-card"])
    WebDriverWait(driver, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, card_part("embed-card", "title")).text)
    assert driver.find_element(By.CSS_SELECTOR, card_part("embed-card", "title")).text in names
    assert "Tunisia" in driver.find_element(By.CSS_SELECTOR, card_part("embed-card", "subtitle")).text
    annotations = driver.execute_script(
        "const plot = document.querySelector(arguments[0]);return (plot.layout.annotations || []).map(a => a.text);",
        card_part("embed-card", "graph") + " .js-plotly-plot",
    )
    assert STAMP in annotations
    assert foreign_requests(driver, dash_duo.server_url) == []
    assert_clean_console(driver)


def test_portfolio_in_french(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/programme?lang=fr")
    wait_for_lang(driver, "fr")
    # The French catalog is still being filled: the heading is whatever it says today.
    assert heading(driver) == translator("fr")("Programme progress")
    assert driver.find_element(By.CSS_SELECTOR, "main .demo-banner").is_displayed()
    assert len(driver.find_elements(By.CSS_SELECTOR, TILES)) == 6
    _wait_for_total(driver, len(INDICATORS))
    cards = _card_ids(driver)
    assert len(cards) == 5
    _wait_for_cards_drawn(dash_duo, cards)
    # The links to each country's results keep the language.
    hrefs = [
        link.get_attribute("href") for link in driver.find_elements(By.CSS_SELECTOR, "main a[href^='/programme/']")
    ]
    countries = sorted(match[1] for href in hrefs if (match := re.search(r"/programme/([A-Z]{3})\?lang=fr$", href)))
    assert countries == sorted(INDICATORS["country"].unique())
    assert_clean_console(driver)


# Objective 23 of the Global Compact as General Assembly resolution 73/195 words it in each
# language (typed from the UN's text, not read from our catalogs).
GCM_23 = {
    "en": "Strengthen international cooperation and global partnerships for safe, orderly and regular migration",
    "fr": "Renforcer la coopération internationale et les partenariats mondiaux pour des migrations sûres, "
    "ordonnées et régulières",
    "es": "Fortalecer la cooperación internacional y las alianzas mundiales para la migración segura, ordenada y "
    "regular",
}
# Per plot shown: the demo stamp's box and the boxes of every axis tick label and axis title.
STAMP_AND_TICKS = """
const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
const shown = [...document.querySelectorAll('main .js-plotly-plot')].filter(p => p.getBoundingClientRect().width > 0);
return shown.map(plot => ({
  stamps: [...plot.querySelectorAll('.annotation')].filter(a => a.textContent.includes(arguments[0])).map(box),
  ticks: [...plot.querySelectorAll('.xtick text, .ytick text, .g-xtitle text, .g-ytitle text')].map(box),
}));
"""


def _assert_stamps_clear_of_ticks(driver, stamp: str, where: str) -> None:
    plots = driver.execute_script(STAMP_AND_TICKS, stamp)
    stamped = [plot for plot in plots if plot["stamps"]]
    assert stamped and len(stamped) == len(plots), f"{where}: a programme chart without its demo stamp"
    for plot in stamped:
        (left, top, right, bottom) = plot["stamps"][0]
        covered = [t for t in plot["ticks"] if t[0] < right and left < t[2] and t[1] < bottom and top < t[3]]
        assert covered == [], f"{where}: the demo stamp covers axis labels"


def _no_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_programme_is_coherent_and_readable_in_three_languages(dash_duo, app):
    """In EN, FR and ES: the demo stamp never covers an axis label; budget bars say the share
    spent; GCM objectives have their official names; no select lists a blank entry; stale
    indicators are tagged, with the rule; activity names wrap whole; programme text is in the
    reader's language."""
    frames = demo.generate()
    activities = frames["activities"]
    execution = activities.groupby("country")[["expenditure_usd", "budget_usd"]].sum()
    expected_shares = sorted(round(s / b * 100) for s, b in zip(execution["expenditure_usd"], execution["budget_usd"]))
    totals = frames["indicator_values"].query("sex == 'total'")
    latest = totals.groupby("indicator_id")["period"].max()
    stale_in_mda = sorted(i for i, p in latest.items() if i.startswith("MDA-") and p < totals["period"].max())
    assert stale_in_mda, "the demo should have a stale indicator in Moldova"
    dash_duo.start_server(app)
    driver = dash_duo.driver
    for lang in ("en", "fr", "es"):
        _ = translator(lang)
        stamp = _("Demo data — illustrative only")
        visit(dash_duo, f"/programme?lang={lang}")
        wait_for_lang(driver, lang)
        _wait_for_cards_drawn(dash_duo, _card_ids(driver))
        _assert_stamps_clear_of_ticks(driver, stamp, f"/programme {lang}")
        bar_texts = [t.text for t in driver.find_elements(By.CSS_SELECTOR, "main [id*='programme-budget'] .bartext")]
        assert sorted(int(re.search(r"\d+", text)[0]) for text in bar_texts) == expected_shares, lang
        selects = driver.find_elements(By.CSS_SELECTOR, "main select")
        assert len(selects) == 3
        for select in selects:
            assert all(o.get_attribute("textContent").strip() for o in Select(select).options), lang
        gcm = [
            o.get_attribute("textContent")
            for o in Select(driver.find_element(By.CSS_SELECTOR, "#programme-control-gcm")).options
        ]
        assert any(GCM_23[lang] in text for text in gcm), (lang, gcm)

        visit(dash_duo, f"/programme/MDA?lang={lang}")
        _wait_for_cards_drawn(dash_duo, _card_ids(driver))
        _assert_stamps_clear_of_ticks(driver, stamp, f"/programme/MDA {lang}")
        tree = driver.find_element(By.CSS_SELECTOR, "main .results-tree")
        assert GCM_23[lang] in tree.text
        tagged = [
            re.search(
                r"indicator=([A-Z]{3}-I\d+)",
                item.find_element(By.CSS_SELECTOR, ".indicator-link").get_attribute("href"),
            )[1]
            for item in tree.find_elements(By.CSS_SELECTOR, ".indicator-item")
            if item.find_elements(By.CSS_SELECTOR, ".stale-badge")
        ]
        assert sorted(tagged) == stale_in_mda, lang
        assert "(" + totals["period"].max() + ")" in driver.find_element(By.CSS_SELECTOR, "main").text  # the rule
        if lang != "en":  # the demo is fully translated: nothing falls back to English
            assert driver.find_elements(By.CSS_SELECTOR, "main .lang-fallback") == []
            names = frames["indicators"].query("indicator_id.str.startswith('MDA-')")[f"name_{lang}"]
            assert set(names) <= {link.text for link in tree.find_elements(By.CSS_SELECTOR, ".indicator-link")}
        plan = driver.find_element(
            By.CSS_SELECTOR, "main [id*='programme-country-programme-activities'] .js-plotly-plot"
        )
        labels = _no_spaces(
            "".join(t.get_attribute("textContent") for t in plan.find_elements(By.CSS_SELECTOR, ".ytick text"))
        )
        titles = activities.query("country == 'MDA'")["title" if lang == "en" else f"title_{lang}"]
        assert all(_no_spaces(title) in labels for title in titles), lang  # whole, never cut
        assert "…" not in labels
    assert_clean_console(driver)
