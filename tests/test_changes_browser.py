"""The updates in a real browser: /sources#updates lists the changed build's revision and
Moldova's profile its own, with accessible sections and a clean console."""

from __future__ import annotations

from selenium.webdriver.support.ui import WebDriverWait

from i18n import format_compact
from tests.browser import assert_accessible, assert_clean_console, visit
from tests.conftest import settings_in


def _text(driver, selector: str) -> str:
    return driver.execute_script(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", selector
    )


def test_sources_updates_and_profile_revisions(dash_duo, tmp_path, changed_build):
    from app import create_app

    data_dir, done, report = changed_build
    [((_code, year), (old, new))] = done["revised"].items()
    revised = f"{format_compact(old, 'en')} → {format_compact(new, 'en')}"
    dash_duo.start_server(create_app(settings_in(tmp_path, data_dir)))
    driver = dash_duo.driver

    visit(dash_duo, "/sources#updates")
    WebDriverWait(driver, 20).until(lambda d: revised in _text(d, "section.updates"))
    updates = _text(driver, "section.updates")
    assert report["to"]["version"] in updates and "Net migration by country and year" in updates
    assert driver.execute_script("return document.getElementById('updates').getBoundingClientRect().top") < 200
    assert_accessible(driver, "/sources#updates")
    assert_clean_console(driver)

    visit(dash_duo, "/country/MDA")
    WebDriverWait(driver, 20).until(lambda d: revised in _text(d, "section.revisions-section"))
    mine = _text(driver, "section.revisions-section")
    assert str(year) in mine and "no estimate" not in mine  # Tunisia's withdrawn value is not Moldova's
    assert "/updates.atom?country=MDA" in driver.execute_script(
        "return Array.from(document.querySelectorAll('section.revisions-section a'), a => a.href).join(' ')"
    )
    assert_clean_console(driver)
