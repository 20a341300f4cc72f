"""/sdg in a real browser: sorting on a column and filtering by region write the URL, a reload
keeps the view, the displayed-data CSV holds exactly the rows and values of the table, in its
order, and the page is accessible with a clean console."""

from __future__ import annotations

import io

import pandas as pd
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser import assert_accessible, assert_clean_console, card_part, click, scroll_into_view, visit

CARD = "sdg-card-sdg-table"
ROWS = card_part(CARD, "panel-table") + " tbody tr"
COST = 3  # the column of 10.c.1's average cost (after country, region, income group)


def _table(driver) -> list[list[str]]:
    """The table's cells, read in one script (the table is re-rendered while the test looks)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]),"
        " r => Array.from(r.querySelectorAll('td'), c => c.textContent));",
        ROWS,
    )


def _number(text: str) -> float | None:
    return None if text in ("–", "") else float(text.replace(",", ""))


def _choose(driver, param: str, value: str) -> None:
    select = driver.find_element(By.CSS_SELECTOR, f"#sdg-control-{param}")
    scroll_into_view(driver, select)
    Select(select).select_by_value(value)


def test_sort_filter_reload_and_csv_of_what_is_shown(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/sdg")
    dash_duo.wait_for_element(ROWS)
    everything = _table(driver)
    assert len(everything) > 100
    names = [row[0] for row in everything]
    assert names[0] < names[-1]  # by country, A to Z

    _choose(driver, "sort", "cost")
    WebDriverWait(driver, 10).until(lambda d: "sort=cost" in d.current_url)
    click(driver, driver.find_element(By.XPATH, "//*[@id='sdg-control-order']//label[text()='Descending']"))
    WebDriverWait(driver, 10).until(lambda d: "order=desc" in d.current_url)
    _choose(driver, "region", "M908")
    WebDriverWait(driver, 10).until(lambda d: "region=M908" in d.current_url)

    def sorted_europe(d) -> list[list[str]] | None:
        rows = _table(d)
        if not rows or {row[1] for row in rows} != {"Europe"}:
            return None
        costs = [_number(row[COST]) for row in rows]
        known = [cost for cost in costs if cost is not None]
        return rows if costs == known + [None] * (len(costs) - len(known)) and known == sorted(known)[::-1] else None

    shown = WebDriverWait(driver, 10).until(sorted_europe)
    assert 10 < len(shown) < len(everything)
    dash_duo.wait_for_contains_text(card_part(CARD, "subtitle"), "Europe")

    driver.refresh()
    dash_duo.wait_for_element(ROWS)
    WebDriverWait(driver, 10).until(lambda d: _table(d) == shown)
    assert (
        Select(driver.find_element(By.CSS_SELECTOR, "#sdg-control-region")).first_selected_option.get_attribute("value")
        == "M908"
    )
    assert "sort=cost" in driver.current_url and "order=desc" in driver.current_url
    assert_accessible(driver, "/sdg")

    click(driver, driver.find_element(By.CSS_SELECTOR, card_part(CARD, "downloads") + " .dropdown-toggle"))
    menu = driver.find_element(By.CSS_SELECTOR, card_part(CARD, "downloads"))
    link = menu.find_element(By.XPATH, ".//a[contains(@class, 'dropdown-item') and text()='Displayed data (CSV)']")
    csv = requests.get(link.get_attribute("href"), timeout=10)
    assert csv.status_code == 200
    frame = pd.read_csv(io.StringIO(csv.text))
    assert list(frame["Country"]) == [row[0] for row in shown]
    assert list(frame["Region"].unique()) == ["Europe"]
    costs = [None if pd.isna(value) else f"{value:,.1f}" for value in frame["10.c.1 Remittance cost, %"]]
    assert costs == [None if row[COST] == "–" else row[COST] for row in shown]
    statuses = list(frame["10.c.1 Status"])
    assert statuses == [row[8] for row in shown]
    assert_clean_console(driver)
