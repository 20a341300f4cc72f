"""Every page at every width, in three languages, in one browser session (issue 16, items 1,
5 and 10): no horizontal scroll, the language switcher in view, the folded menu opens, a
card's modebar clear of its legend and labels, axe clean; the chart card's tabs by keyboard;
the home page's programme countries link to their pages; the brief prints."""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from components.shell import nav_pages
from data.countries import PROGRAMME_COUNTRIES
from i18n import LANGUAGES
from tests.browser import assert_accessible, assert_clean_console, card_part, click, scroll_into_view, visit

# The widths where a layout breaks first: the navbar's folding point and a laptop's (1024,
# 1366), a wide screen, and phones. 1280, 1440 and 1536 lie between widths checked here and
# never failed alone; they were dropped to keep CI within its time.
WIDTHS = (1024, 1366, 390, 320, 1920)
# Beyond the navbar's pages: a profile, a brief, a programme country, an explorer with a
# selection, the country picker and embeds.
OTHER_PAGES = (
    "/country",
    "/country/MAR",
    "/brief/MAR",
    "/programme/MDA",
    "/stocks?country=MAR,TUN,BGD,SRB,MDA,KGZ,JAM,ECU",
    "/embed/stocks-trend?country=MAR",
    "/embed/stocks-map",
)

# [scrollWidth, innerWidth, the language links out of view, modebars over a legend or label]
MEASURE = """
const inView = (e) => { const r = e.getBoundingClientRect();
  return e.offsetParent !== null && r.width > 0 && r.left >= 0 && r.right <= innerWidth + 0.5
    && r.top >= 0 && r.bottom <= innerHeight; };
const languages = arguments[0] ? [...document.querySelectorAll(arguments[0])] : [];
const hidden = languages.filter((a) => !inView(a)).map((a) => a.hreflang);
if (arguments[0] && languages.length < 3) hidden.push('missing');
const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const covered = [];
document.querySelectorAll('.chart-panel:not([hidden]) .js-plotly-plot').forEach((plot) => {
  const bar = plot.querySelector('.modebar');
  if (!bar || !bar.offsetParent) return;
  const box = bar.getBoundingClientRect();
  plot.querySelectorAll('.legend, .annotation, .gtitle').forEach((part) => {
    if (overlap(box, part.getBoundingClientRect())) covered.push(part.getAttribute('class'));
  });
});
return [document.documentElement.scrollWidth, innerWidth, hidden, covered];
"""


def set_width(driver, width: int) -> None:
    """A viewport `width` CSS pixels wide (Chrome's windows cannot be narrower than ~500)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def language_links(path: str) -> str:
    """Where a page's language links are: the navbar's, the brief's own toolbar; an embed has
    none (its language is its URL's)."""
    if path.startswith("/embed/"):
        return ""
    return ".brief-toolbar [hreflang]" if path.startswith("/brief/") else ".site-header .language-switcher a"


def measured(driver, path: str):
    """What MEASURE finds once the page has settled at its width (polled: the navbar refits and
    plotly redraws after a resize); the last measure if it never comes right."""
    result = {}

    def settled(_driver) -> bool:
        result["value"] = driver.execute_script(MEASURE, language_links(path))
        scroll_width, inner_width, hidden, covered = result["value"]
        return scroll_width <= inner_width and not hidden and not covered

    with contextlib.suppress(TimeoutException):  # the caller's assertion says what is wrong
        WebDriverWait(driver, 5, poll_frequency=0.1).until(settled)
    return result["value"]


def test_every_page_fits_every_width_in_three_languages_and_is_accessible(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    paths = [page["path"] for page in nav_pages()] + list(OTHER_PAGES)
    problems = []
    for lang in LANGUAGES:
        for path in paths:
            set_width(driver, 1366)
            visit(dash_duo, f"{path}{'&' if '?' in path else '?'}lang={lang}")
            assert_accessible(driver, where=f"{path} ({lang})")
            for width in WIDTHS:
                set_width(driver, width)
                scroll_width, inner_width, hidden, covered = measured(driver, path)
                if scroll_width > inner_width or hidden or covered:
                    problems.append((lang, path, width, scroll_width, hidden, covered))
            if path == "/" and len(driver.find_elements(By.CSS_SELECTOR, ".site-header .navbar-toggler")):
                _folded_menu_opens(driver)
    assert problems == [], "(language, page, width, page width, languages out of view, modebar covers):\n" + "\n".join(
        map(str, problems)
    )
    assert_clean_console(driver)


def _folded_menu_opens(driver) -> None:
    """At 320 px the menu folds behind its button, which shows every page's link."""
    set_width(driver, 320)
    toggler = driver.find_element(By.CSS_SELECTOR, ".site-header .navbar-toggler")
    WebDriverWait(driver, 5).until(lambda _d: toggler.is_displayed())
    shown = (  # the menu's links on screen (Dash redraws them as the menu opens)
        "return [...document.querySelectorAll('.site-header .navbar-collapse .nav-link')]"
        ".filter((a) => a.offsetParent !== null && a.getBoundingClientRect().height > 0).length"
    )
    assert driver.execute_script(shown) == 0
    click(driver, toggler)
    WebDriverWait(driver, 5).until(lambda d: d.execute_script(shown) == len(nav_pages()))
    assert toggler.get_attribute("aria-expanded") == "true"
    assert driver.execute_script("return document.documentElement.scrollWidth <= innerWidth")
    click(driver, toggler)
    WebDriverWait(driver, 5).until(lambda d: d.execute_script(shown) == 0)


def test_card_tabs_follow_the_aria_tabs_pattern_and_the_modebar_shows_focus(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    for lang in LANGUAGES:
        visit(dash_duo, f"/stocks?country=MAR&lang={lang}")
        card = "stocks-card-stocks-trend"  # chart and table tabs
        tabs = {
            view: driver.find_element(By.CSS_SELECTOR, card_part(card, f"tab-{view}")) for view in ("chart", "table")
        }
        panels = {view: driver.find_element(By.CSS_SELECTOR, card_part(card, f"panel-{view}")) for view in tabs}
        assert tabs["chart"].get_attribute("role") == "tab" and tabs["chart"].get_attribute("tabindex") == "0"
        assert tabs["table"].get_attribute("tabindex") == "-1"  # one Tab stop for the tab list

        tabs["chart"].send_keys(Keys.ARROW_RIGHT)
        WebDriverWait(driver, 10).until(opened(tabs, panels, "table"))
        driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)  # wraps round
        WebDriverWait(driver, 10).until(opened(tabs, panels, "chart"))
        driver.switch_to.active_element.send_keys(Keys.END)
        WebDriverWait(driver, 10).until(opened(tabs, panels, "table"))
        driver.switch_to.active_element.send_keys(Keys.HOME)
        WebDriverWait(driver, 10).until(opened(tabs, panels, "chart"))
        driver.switch_to.active_element.send_keys(Keys.ARROW_LEFT)
        WebDriverWait(driver, 10).until(opened(tabs, panels, "table"))
        driver.switch_to.active_element.send_keys(Keys.ARROW_LEFT)
        WebDriverWait(driver, 10).until(opened(tabs, panels, "chart"))

        # Tab from the open tab reaches the chart's modebar, which shows itself and its focus.
        driver.switch_to.active_element.send_keys(Keys.TAB)
        focused = driver.switch_to.active_element
        assert "modebar-btn" in focused.get_attribute("class")
        style = driver.execute_script(
            "const s = getComputedStyle(arguments[0]);"
            "return [s.outlineStyle, parseFloat(s.outlineWidth),"
            " getComputedStyle(arguments[0].closest('.modebar-group')).opacity];",
            focused,
        )
        assert style[0] == "solid" and style[1] >= 2 and style[2] == "1", style
    assert_clean_console(driver)


def opened(tabs: dict, panels: dict, view: str):
    """A wait condition: the tab of `view` is selected, focused, the one Tab stop, and only its
    panel shows."""

    def check(driver) -> bool:
        others = [other for other in tabs if other != view]
        return (
            tabs[view].get_attribute("aria-selected") == "true"
            and tabs[view].get_attribute("tabindex") == "0"
            and driver.switch_to.active_element == tabs[view]
            and panels[view].get_attribute("hidden") is None
            and all(tabs[o].get_attribute("tabindex") == "-1" and panels[o].get_attribute("hidden") for o in others)
        )

    return check


def test_home_links_programme_countries_and_the_brief_prints(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    for lang in LANGUAGES:
        visit(dash_duo, f"/?lang={lang}")
        links = driver.find_elements(By.CSS_SELECTOR, ".programme-list a")
        linked = {urlsplit(link.get_attribute("href")).path for link in links}
        assert linked == {f"/programme/{code}" for code in PROGRAMME_COUNTRIES}
        assert all(f"lang={lang}" in link.get_attribute("href") for link in links if lang != "en")
    # A click on a country of the map opens its page.
    shapes = driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot path.choroplethlocation")
    assert len(shapes) == len(PROGRAMME_COUNTRIES)
    biggest = max(shapes, key=lambda shape: shape.size["width"] * shape.size["height"])
    scroll_into_view(driver, biggest)
    ActionChains(driver).move_to_element(biggest).click().perform()  # plotly's layer over the shapes takes it
    WebDriverWait(driver, 20).until(lambda d: urlsplit(d.current_url).path.startswith("/programme/"))
    assert urlsplit(driver.current_url).path.removeprefix("/programme/") in PROGRAMME_COUNTRIES

    visit(dash_duo, "/brief/MDA?lang=fr")
    driver.execute_script("window.printed = 0; window.print = () => { window.printed += 1; };")
    click(driver, driver.find_element(By.CSS_SELECTOR, ".brief-print"))
    WebDriverWait(driver, 5).until(lambda d: d.execute_script("return window.printed") == 1)
    assert driver.title.startswith("République de Moldova · ")  # the UN's French name
    assert_clean_console(driver)
