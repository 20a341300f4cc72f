"""The staff pages in a real browser: sign in, a refused workbook's problem report, the
preview, publish and the history — accessible (axe), offline, with a clean console."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from tests.browser import (
    assert_accessible,
    assert_clean_console,
    click,
    foreign_requests,
)
from tests.staff import PASSWORD
from tests.test_upload import _set_budget, exported, staff_app  # noqa: F401 - a fixture


def test_sign_in_refuse_preview_publish_and_history(dash_duo, staff_app, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(exported(staff_app, lambda book: _set_budget(book, 3, "about 20k")))
    good = tmp_path / "good.xlsx"
    good.write_bytes(exported(staff_app, lambda book: _set_budget(book, 3, 77777)))
    dash_duo.start_server(staff_app)
    driver = dash_duo.driver

    driver.get(dash_duo.server_url + "/programme/upload")
    dash_duo.wait_for_element("#signin-username").send_keys("edith")
    driver.find_element(By.ID, "signin-password").send_keys(PASSWORD)
    click(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    dash_duo.wait_for_element("#workbook")
    assert_accessible(driver)

    driver.find_element(By.ID, "workbook").send_keys(str(bad))
    click(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    report = dash_duo.wait_for_element(".problem-report")
    assert "text in a number column" in report.text and "budget_usd" in report.text
    assert_accessible(driver)
    assert_clean_console(driver, allowed=("422",))  # the report's honest status

    driver.get(dash_duo.server_url + "/programme/upload")
    dash_duo.wait_for_element("#workbook").send_keys(str(good))
    click(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    dash_duo.wait_for_element("#confirm")
    assert "77,777" in driver.find_element(By.TAG_NAME, "main").text  # as numbers are written
    assert_accessible(driver)
    click(driver, driver.find_element(By.ID, "confirm"))
    click(driver, driver.find_element(By.CSS_SELECTOR, "main form.card button[type=submit]"))
    versions = dash_duo.wait_for_element("table.versions")
    assert "good.xlsx" in versions.text and "edith" in versions.text
    assert "Published as version 2" in driver.find_element(By.TAG_NAME, "main").text
    assert_accessible(driver)
    assert foreign_requests(driver, dash_duo.server_url) == []
    assert_clean_console(driver)
