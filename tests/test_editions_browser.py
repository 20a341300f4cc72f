"""The revisions card in a real browser, on /stocks: both editions drawn (IMS 2020 dashed,
IMS 2024 solid) for the country chosen, described in words, and a clean console."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from components.card_ids import dom_id, part_id
from tests.browser import assert_clean_console, card_part, scroll_into_view, visit, wait_until_rendered

CARD = "stocks-card-stocks-revisions"


def test_the_revisions_card_draws_both_editions_on_stocks(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/stocks?country=MDA&measure=emigrants")
    scroll_into_view(driver, driver.find_element(By.CSS_SELECTOR, card_part(CARD, "title")))
    dash_duo.wait_for_contains_text(card_part(CARD, "title"), "Revisions between editions: Emigrants")
    wait_until_rendered(dash_duo)
    drawn = driver.execute_script(
        "const box = document.getElementById(arguments[0]);"
        "const plot = box && (box.classList.contains('js-plotly-plot') ? box : box.querySelector('.js-plotly-plot'));"
        "return plot && plot.data ? plot.data.map(t => [t.name, (t.line || {}).dash || 'solid', t.x.length]) : [];",
        dom_id(part_id(CARD, "graph")),
    )
    assert drawn == [
        ["IMS 2020", "dash", 7],
        ["IMS 2024", "solid", 7],
    ]
    assert "The 2024 edition revised emigrants from the Republic of Moldova in 2020" in driver.find_element(
        By.CSS_SELECTOR, card_part(CARD, "description")
    ).get_attribute("textContent")
    assert_clean_console(driver)
