"""Plotly draws only what a reader sees (components/mount.py, assets/migdash-mount.js): a card's
graph is mounted when its tab opens (by mouse or keyboard), a card below the fold when it is
scrolled to, every card before printing and for a link to it, in every language. One browser
session for all of it.

The page's idle-time filling is switched off here (requestIdleCallback never calls back, as
for a reader whose background tab has its timers throttled), so what is drawn is what the
scrolling, the tabs, the link and the print asked for (window 1366 x 900)."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import assert_clean_console, card_part, scroll_into_view, wait_until_rendered

NO_IDLE = "window.requestIdleCallback = function () { return 0; };"
# What each language's waiting box says, as a translator wrote it (the .po files).
WAITING = {"en": "Loading the chart…", "fr": "Chargement du graphique…", "es": "Cargando el gráfico…"}


def _plots(driver, aio_id: str, part: str = "graph") -> int:
    """How many plotly plots are mounted in the card's graph (or map) box."""
    return len(driver.find_elements(By.CSS_SELECTOR, card_part(aio_id, f"{part}-box") + " .js-plotly-plot"))


def _drawn(driver, aio_id: str, part: str = "graph", timeout: float = 20) -> None:
    selector = card_part(aio_id, f"{part}-box") + " .js-plotly-plot .main-svg"
    WebDriverWait(driver, timeout).until(lambda d: d.find_elements(By.CSS_SELECTOR, selector))


def _open(dash_duo, path: str) -> None:
    dash_duo.driver.get(dash_duo.server_url + path)
    dash_duo.wait_for_element("main h1", timeout=30)
    WebDriverWait(dash_duo.driver, 30).until(
        lambda d: (
            not d.find_elements(By.CSS_SELECTOR, '[data-dash-is-loading="true"]')
            and d.find_elements(By.CSS_SELECTOR, ".graph-box")
        )
    )


def test_graphs_are_drawn_when_their_tab_card_print_or_link_asks(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    driver.set_window_size(1366, 900)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": NO_IDLE})

    # Cards opened on their table: no graph until its tab opens, by keyboard here.
    _open(dash_duo, "/stocks?view=table")
    trend, world = "stocks-card-stocks-trend", "stocks-card-stocks-map"
    assert driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot") == []
    table_tab = driver.find_element(By.CSS_SELECTOR, card_part(trend, "tab-table"))
    scroll_into_view(driver, table_tab)
    table_tab.send_keys(Keys.ARROW_LEFT)  # to the Chart tab, which opens
    _drawn(driver, trend)
    assert driver.switch_to.active_element == driver.find_element(By.CSS_SELECTOR, card_part(trend, "tab-chart"))
    assert _plots(driver, world, "map") == 0  # the other cards keep their table
    driver.find_element(By.CSS_SELECTOR, card_part(world, "tab-table")).send_keys(Keys.HOME)
    _drawn(driver, world, "map")
    # A view a chart does not have is never mounted.
    assert _plots(driver, trend, "map") == 0 and _plots(driver, world, "graph") == 0

    for lang in ("en", "fr", "es"):
        # The profile's cards far below the fold wait, saying what is coming, until scrolled
        # near (those within a screen of it are drawn at once).
        _open(dash_duo, f"/country/MDA?lang={lang}")
        last = driver.find_elements(By.CSS_SELECTOR, "section.chart-card")[-1].get_attribute("id")
        waiting = driver.find_element(By.CSS_SELECTOR, card_part(last, "graph-box"))
        assert waiting.get_attribute("aria-busy") == "true" and waiting.text == WAITING[lang]
        assert _plots(driver, last) == 0
        scroll_into_view(driver, driver.find_element(By.CSS_SELECTOR, card_part(last, "title")))
        _drawn(driver, last)
        # Printing draws them all.
        driver.execute_script("window.dispatchEvent(new Event('beforeprint'));")
        wait_until_rendered(dash_duo)
        boxes = driver.find_elements(By.CSS_SELECTOR, ".chart-panel:not([hidden]) .graph-box")
        assert len(boxes) >= 8
        assert all(box.find_elements(By.CSS_SELECTOR, ".main-svg") for box in boxes)

    # A link to a card draws it at once and brings it into view.
    _open(dash_duo, f"/country/MDA#{last}")  # the last card of the last language
    _drawn(driver, last)
    in_view = (
        f"var box = document.getElementById('{last}').getBoundingClientRect();"
        # in view to a fraction of a pixel, or from its top when the card is taller than the window
        "return box.top > -1 && (box.bottom < innerHeight + 1 || box.top < 1);"
    )
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(in_view))
    assert_clean_console(driver)
