"""The explorers in a real browser: filters write the URL, a reload or the back button restores
the view, the table shows what the CSV link downloads, an embed works inside an iframe on another
origin, and the open tab travels in the permalink and the embed code."""

from __future__ import annotations

import html
import http.server
import io
import json
import threading
from functools import partial
from pathlib import Path

import pandas as pd
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import assert_clean_console, card_part, click, visit, wait_until_rendered

SEX = "#stocks-control-sex"


def _checked_sex(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, f"{SEX} input:checked").get_attribute("value")


def test_filter_change_writes_url_and_reload_and_back_restore_the_view(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/stocks?country=TUN")
    title = card_part("stocks-card-stocks-top", "title")
    dash_duo.wait_for_contains_text(title, "Tunisia")

    driver.find_element(By.XPATH, "//*[@id='stocks-control-sex']//label[text()='Women']").click()
    WebDriverWait(driver, 10).until(lambda d: "sex=female" in d.current_url)
    assert "country=TUN" in driver.current_url
    dash_duo.wait_for_contains_text(card_part("stocks-card-stocks-trend", "subtitle"), "Women")

    driver.refresh()
    wait_until_rendered(dash_duo)
    assert _checked_sex(driver) == "female"
    dash_duo.wait_for_contains_text(card_part("stocks-card-stocks-trend", "subtitle"), "Women")
    dash_duo.wait_for_contains_text(title, "Tunisia")

    driver.back()
    WebDriverWait(driver, 10).until(lambda d: "sex=female" not in d.current_url)
    wait_until_rendered(dash_duo)
    WebDriverWait(driver, 10).until(lambda d: _checked_sex(d) == "total")
    dash_duo.wait_for_contains_text(card_part("stocks-card-stocks-trend", "subtitle"), "Both sexes")
    assert_clean_console(driver)


def _table_renders(driver) -> list[str]:
    """The cards whose table the browser asked the server to build, since the last look."""
    cards = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        request = message.get("params", {}).get("request", {})
        if message["method"] == "Network.requestWillBeSent" and "_dash-update-component" in request.get("url", ""):
            body = json.loads(request.get("postData") or "{}")
            if body.get("output", "").endswith('"part":"table"}.children'):
                cards.append(body["outputs"]["id"]["aio_id"])
    return cards


def test_a_filter_change_rebuilds_only_the_tables_shown(dash_duo, app):
    """A card's table is built on the server while its tab is shown, and only then: a filter
    change costs no round trip for the tables of the cards showing a chart or a map."""
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/stocks?country=MDA")
    card = "stocks-card-stocks-trend"
    rows = card_part(card, "panel-table") + " tbody tr"
    driver.get_log("performance")
    click(driver, driver.find_element(By.CSS_SELECTOR, card_part(card, "tab-table")))
    dash_duo.wait_for_element(rows)
    assert _table_renders(driver) == [card]

    # Read in one script: the table is re-rendered while we look, and an element found in
    # one call can be gone by the next.
    def row_texts(d):
        return d.execute_script("return Array.from(document.querySelectorAll(arguments[0]), r => r.textContent);", rows)

    both = row_texts(driver)

    driver.find_element(By.XPATH, "//*[@id='stocks-control-sex']//label[text()='Women']").click()
    WebDriverWait(driver, 10).until(lambda d: "sex=female" in d.current_url)
    WebDriverWait(driver, 10).until(lambda d: row_texts(d) not in ([], both))
    wait_until_rendered(dash_duo)
    assert _table_renders(driver) == [card]  # the other three cards show their charts
    assert_clean_console(driver)


def test_table_tab_shows_exactly_the_rows_of_the_csv_link(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/stocks?country=MDA&year=2020")
    card = "stocks-card-stocks-top"
    click(driver, driver.find_element(By.CSS_SELECTOR, card_part(card, "tab-table")))
    dash_duo.wait_for_element(card_part(card, "panel-table") + " table")
    # The tab really switches: the table shows, the chart hides, the tab says it is selected.
    assert driver.find_element(By.CSS_SELECTOR, card_part(card, "panel-table")).is_displayed()
    assert not driver.find_element(By.CSS_SELECTOR, card_part(card, "panel-chart")).is_displayed()
    assert driver.find_element(By.CSS_SELECTOR, card_part(card, "tab-table")).get_attribute("aria-selected") == "true"
    rows = driver.find_elements(By.CSS_SELECTOR, card_part(card, "panel-table") + " tbody tr")
    shown = [row.find_elements(By.TAG_NAME, "td")[1].get_attribute("textContent") for row in rows]  # ISO3

    click(driver, driver.find_element(By.CSS_SELECTOR, card_part(card, "downloads") + " .dropdown-toggle"))
    menu = driver.find_element(By.CSS_SELECTOR, card_part(card, "downloads"))

    def downloaded(label: str) -> pd.DataFrame:
        link = menu.find_element(By.XPATH, f".//a[contains(@class, 'dropdown-item') and text()='{label}']")
        csv = requests.get(link.get_attribute("href"), timeout=10)
        assert csv.status_code == 200
        return pd.read_csv(io.StringIO(csv.text), keep_default_na=False)

    displayed = downloaded("Displayed data (CSV)")  # the table as shown, in its order
    assert list(displayed["Code"]) == shown and len(shown) > 10
    rows = downloaded("Filtered data, stable column names (CSV)")  # the API's rows behind it
    assert len(shown) == len(rows)
    assert set(shown) == set(rows["origin"])
    assert set(rows["destination"]) == {"MDA"} and set(rows["year"]) == {2020}
    assert_clean_console(driver)


def test_invalid_url_values_are_ignored_with_a_visible_notice(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/flows?country=XXX&period=1800-1805&colour=red")
    notice = dash_duo.wait_for_element(".view-notice")
    for fragment in ("country=XXX", "period=1800-1805", "colour=red"):
        assert fragment in notice.text
    dash_duo.wait_for_contains_text(card_part("flows-card-flows-sankey", "title"), "Moldova")
    WebDriverWait(driver, 10).until(lambda d: "XXX" not in d.current_url)  # the URL is cleaned
    assert_clean_console(driver)


def test_country_dropdown_opens_from_the_keyboard(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/remittances")
    button = driver.find_element(By.CSS_SELECTOR, "button#remittances-control-country")
    WebDriverWait(driver, 10).until(lambda d: button.get_attribute("tabindex") == "0")
    button.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: button.get_attribute("aria-expanded") == "true")
    assert_clean_console(driver)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_embed_renders_in_an_iframe_on_another_origin(dash_duo, app, tmp_path):
    dash_duo.start_server(app)
    embed_url = dash_duo.server_url + "/embed/stocks-trend?country=MAR,TUN&controls=1&lang=fr"
    (tmp_path / "news.html").write_text(
        f'<!DOCTYPE html><html lang="en"><head><title>A news article</title><link rel="icon" '
        'href="data:,"></head><body>'
        f'<h1>Article</h1><iframe id="chart" src="{embed_url}" width="900" height="600" '
        f'title="chart"></iframe></body></html>'
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        driver = dash_duo.driver
        driver.get(f"http://127.0.0.1:{server.server_address[1]}/news.html")
        driver.switch_to.frame(driver.find_element(By.ID, "chart"))
        title = dash_duo.wait_for_element(card_part("embed-card", "title"), timeout=20)
        WebDriverWait(driver, 20).until(lambda d: "Maroc" in title.text)  # French, from ?lang=fr
        dash_duo.wait_for_element(card_part("embed-card", "graph") + " .main-svg", timeout=20)
        assert driver.find_element(By.CSS_SELECTOR, ".site-header").is_displayed() is False
        back = driver.find_element(By.CSS_SELECTOR, card_part("embed-card", "back-link"))
        assert "/stocks?" in back.get_attribute("href") and "country=MAR" in back.get_attribute("href")
        driver.switch_to.default_content()
        assert_clean_console(driver)
    finally:
        server.shutdown()


def test_embed_snippet_and_image_download(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/remittances?country=KGZ")
    card = "remittances-card-remittances-trend"
    click(driver, driver.find_element(By.CSS_SELECTOR, card_part(card, "embed-open")))
    code = dash_duo.wait_for_element(card_part(card, "embed-code"))
    WebDriverWait(driver, 10).until(lambda d: "/embed/remittances-trend?country=KGZ" in code.get_attribute("value"))
    assert "controls=1" in code.get_attribute("value") and code.get_attribute("value").startswith("<iframe")
    click(driver, driver.find_element(By.CSS_SELECTOR, card_part(card, "embed-controls")))
    WebDriverWait(driver, 10).until(lambda d: "controls=0" in code.get_attribute("value"))
    driver.find_element(By.CSS_SELECTOR, ".modal .btn-close").click()

    click(driver, driver.find_element(By.CSS_SELECTOR, card_part(card, "png")))
    folder = Path(dash_duo.download_path)
    WebDriverWait(driver, 20).until(lambda d: list(folder.glob("remittances-trend_kyrgyzstan_*.png")))
    target = next(folder.glob("remittances-trend_kyrgyzstan_*.png"))
    WebDriverWait(driver, 20).until(lambda d: target.stat().st_size > 10_000)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert_clean_console(driver)


def _copied_permalink(driver, card: str) -> str:
    """What the card's "Copy link" puts on the clipboard."""
    origin = driver.execute_script("return window.location.origin")
    driver.execute_cdp_cmd(
        "Browser.grantPermissions", {"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}
    )
    driver.execute_script("navigator.clipboard.writeText('')")
    click(driver, driver.find_element(By.CSS_SELECTOR, card_part(card, "copy")))
    copied = {}

    def read(d) -> bool:
        copied["text"] = d.execute_async_script("navigator.clipboard.readText().then(arguments[0])")
        return bool(copied["text"])

    WebDriverWait(driver, 10).until(read)
    return copied["text"]


def _part_of(dom_id: str) -> str:
    return json.loads(dom_id)["part"]


def _open_tab(driver, card: str) -> str:
    """The card's selected tab, and its panel the only one shown."""
    selected = driver.find_elements(By.CSS_SELECTOR, card_part(card, "views") + " [role=tab][aria-selected=true]")
    assert len(selected) == 1
    view = _part_of(selected[0].get_attribute("id")).removeprefix("tab-")
    shown = [
        panel
        for panel in driver.find_elements(By.CSS_SELECTOR, card_part(card, "views") + " [role=tabpanel]")
        if panel.is_displayed()
    ]
    assert [_part_of(panel.get_attribute("id")) for panel in shown] == [f"panel-{view}"]
    return view


def test_the_open_tab_is_in_the_permalink_and_opens_again_from_it(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + "/stocks?country=TUN")
    wait_until_rendered(dash_duo)
    card = "stocks-card-stocks-top"
    assert _open_tab(driver, card) == "chart"
    assert "view=" not in _copied_permalink(driver, card)  # the first tab: the link of before

    tab = driver.find_element(By.CSS_SELECTOR, card_part(card, "tab-table"))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", tab)
    tab.send_keys(Keys.ENTER)  # from the keyboard, as a focused tab button is used
    dash_duo.wait_for_element(card_part(card, "panel-table") + " table")
    permalink = _copied_permalink(driver, card)
    assert permalink.startswith(dash_duo.server_url + "/stocks?")
    assert "view=table" in permalink and "country=TUN" in permalink

    driver.get(permalink)
    wait_until_rendered(dash_duo)
    dash_duo.wait_for_element(card_part(card, "panel-table") + " tbody tr")
    assert _open_tab(driver, card) == "table"
    assert _open_tab(driver, "stocks-card-stocks-map") == "table"  # the link's tab, on every card that has it
    assert not driver.find_elements(By.CSS_SELECTOR, ".view-notice")
    assert "view=table" in driver.current_url and "country=TUN" in driver.current_url
    click(driver, driver.find_element(By.CSS_SELECTOR, card_part(card, "tab-chart")))
    WebDriverWait(driver, 10).until(lambda d: _open_tab(d, card) == "chart")
    assert "view=" not in _copied_permalink(driver, card)
    assert_clean_console(driver)


def test_the_open_tab_is_in_the_embed_code_and_the_embed_opens_on_it(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    driver.get(dash_duo.server_url + "/remittances?country=KGZ")
    wait_until_rendered(dash_duo)
    card = "remittances-card-remittances-trend"
    click(driver, driver.find_element(By.CSS_SELECTOR, card_part(card, "tab-table")))
    dash_duo.wait_for_element(card_part(card, "panel-table") + " table")
    click(driver, driver.find_element(By.CSS_SELECTOR, card_part(card, "embed-open")))
    code = dash_duo.wait_for_element(card_part(card, "embed-code"))
    WebDriverWait(driver, 10).until(lambda d: "view=table" in code.get_attribute("value"))
    src = html.unescape(code.get_attribute("value").split('src="', 1)[1].split('"', 1)[0])  # an HTML attribute
    assert "/embed/remittances-trend?" in src and "country=KGZ" in src

    driver.get(src)
    wait_until_rendered(dash_duo)
    dash_duo.wait_for_element(card_part("embed-card", "panel-table") + " tbody tr")
    assert _open_tab(driver, "embed-card") == "table"
    assert not driver.find_elements(By.CSS_SELECTOR, ".view-notice")
    assert_clean_console(driver)
