"""The savings calculator in a real browser: the target slider moved with the keyboard changes
the sum and the top corridors, writes the URL, and a reload keeps it; on a profile and on
/remittances, with no serious accessibility problem and a clean console."""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from components.card_ids import dom_id, part_id
from tests.browser import (
    assert_accessible,
    assert_clean_console,
    card_part,
    scroll_into_view,
    visit,
    wait_until_rendered,
)


def shown(driver, card: str, slider: str) -> dict:
    """What the calculator shows, read in one script (the card re-renders while we look)."""
    return driver.execute_script(
        "const box = document.getElementById(arguments[0]);"
        "const plot = box && (box.classList.contains('js-plotly-plot') ? box : box.querySelector('.js-plotly-plot'));"
        "const bars = plot && plot.data ? plot.data[0] : {y: [], x: []};"
        "return {title: document.getElementById(arguments[1]).textContent,"
        " labels: Array.from(bars.y || []), values: Array.from(bars.x || []),"
        " value: document.getElementById(arguments[2]).value,"
        " words: document.getElementById(arguments[2] + '-value').textContent};",
        dom_id(part_id(card, "graph")),
        dom_id(part_id(card, "title")),
        slider,
    )


def move_with_keys(driver, slider_id: str, key: str, times: int) -> None:
    slider = driver.find_element(By.ID, slider_id)
    scroll_into_view(driver, slider)
    driver.execute_script("arguments[0].focus();", slider)
    for _ in range(times):
        slider.send_keys(key)


def test_the_profile_calculator_follows_the_keyboard_and_keeps_its_target(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/country/MAR")
    slider, card = "country-control-target", "country-savings"
    dash_duo.wait_for_contains_text(card_part(card, "title"), "if sending money cost 3%")
    before = shown(driver, card, slider)
    assert before["words"] == "3%" and float(before["value"]) == 3
    assert before["labels"][-1].startswith("France")  # the largest saving, on top

    move_with_keys(driver, slider, Keys.ARROW_LEFT, 5)
    WebDriverWait(driver, 10).until(lambda d: re.search(r"[?&]target=2\.5(&|$)", d.current_url))
    dash_duo.wait_for_contains_text(card_part(card, "title"), "if sending money cost 2.5%")
    wait_until_rendered(dash_duo)
    after = shown(driver, card, slider)
    assert after["words"] == "2.5%"
    assert after["title"] != before["title"]
    assert sum(after["values"]) > sum(before["values"])  # a lower target keeps more
    assert after["values"] != before["values"]  # every corridor's saving moved

    driver.refresh()
    wait_until_rendered(dash_duo)
    dash_duo.wait_for_contains_text(card_part(card, "title"), "if sending money cost 2.5%")
    again = shown(driver, card, slider)
    assert float(again["value"]) == 2.5 and again["words"] == "2.5%"
    assert again["values"] == after["values"]
    assert_accessible(driver, "/country/MAR?target=2.5")
    assert_clean_console(driver)


def test_remittances_calculator_follows_the_keyboard_and_the_url(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/remittances?country=MDA&lang=fr")
    slider, card = "remittances-control-target", "remittances-card-remittance-savings"
    dash_duo.wait_for_contains_text(card_part(card, "title"), "Les familles en République de Moldova garderaient")
    before = shown(driver, card, slider)
    assert before["words"] == "3\u00a0%"

    move_with_keys(driver, slider, Keys.ARROW_LEFT, 10)
    WebDriverWait(driver, 10).until(lambda d: re.search(r"[?&]target=2(&|$)", d.current_url))
    dash_duo.wait_for_contains_text(card_part(card, "title"), "coûtait 2 %")
    after = shown(driver, card, slider)
    assert after["words"] == "2\u00a0%" and after["values"] != before["values"]

    driver.refresh()
    wait_until_rendered(dash_duo)
    dash_duo.wait_for_contains_text(card_part(card, "title"), "coûtait 2 %")
    assert float(shown(driver, card, slider)["value"]) == 2
    assert_accessible(driver, "/remittances?target=2&lang=fr")
    assert_clean_console(driver)
