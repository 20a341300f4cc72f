"""The one module of helpers for browser tests: opening a page and waiting until it has
drawn, clicking, what the console said, what the network fetched, what axe found.

Browser tests use dash[testing]'s `dash_duo` in Debian's headless chromium (see conftest's
`pytest_setup_options`), and every one of them ends with `assert_clean_console`. A helper two
test files need belongs here, not in either of them.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from selenium.common.exceptions import ElementClickInterceptedException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC  # noqa: N812 - selenium's usual name
from selenium.webdriver.support.ui import WebDriverWait

from components.card_ids import dom_id, part_id

AXE_SOURCE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def console_problems(driver, allowed=()) -> list[dict]:
    """Console errors and warnings since the last call, except messages containing any of
    the `allowed` fragments."""
    return [
        entry
        for entry in driver.get_log("browser")
        if entry["level"] in ("SEVERE", "WARNING") and not any(fragment in entry["message"] for fragment in allowed)
    ]


def assert_clean_console(driver, allowed=()) -> None:
    problems = console_problems(driver, allowed)
    assert problems == [], "browser console:\n" + "\n".join(p["message"] for p in problems)


def requested_urls(driver) -> list[str]:
    """Every URL the browser requested since the last call (Chrome's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def foreign_requests(driver, origin: str) -> list[str]:
    """Requests that left our origin (data: and blob: URLs stay in the page)."""
    own = urlsplit(origin)
    return [
        url
        for url in requested_urls(driver)
        if urlsplit(url).scheme not in ("data", "blob")
        and (urlsplit(url).scheme, urlsplit(url).netloc) != (own.scheme, own.netloc)
    ]


def axe_violations(driver, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's violations of the given impacts on the current page."""
    driver.execute_script(AXE_SOURCE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(done, e => done({error: String(e)}));"
    )
    assert "error" not in result, result
    return [v for v in result["violations"] if v["impact"] in impacts]


def assert_accessible(driver, where: str = "") -> None:
    """No serious or critical axe-core violation on the current page (`where` names it in the
    failure message)."""
    violations = axe_violations(driver)
    found = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )
    assert violations == [], f"{where}: {found}" if where else found


def visit(dash_duo, path: str, timeout: float = 30) -> None:
    """Open `path` on the test server and wait until the page has rendered."""
    dash_duo.driver.get(dash_duo.server_url + path)
    wait_until_rendered(dash_duo, timeout=timeout)


def wait_until_rendered(dash_duo, timeout: float = 20) -> None:
    """Wait until the page has its heading, Dash has no callback in flight and every graph
    on it has drawn (maps included: their shapes come from our assets)."""
    dash_duo.wait_for_element("main h1", timeout=timeout)
    driver = dash_duo.driver
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script(
            "const pending = document.querySelectorAll('[data-dash-is-loading=\"true\"]').length;"
            "const graphs = [...document.querySelectorAll('.js-plotly-plot')];"
            "const drawn = graphs.every(g => g.querySelector('.main-svg'));"
            "const maps = [...document.querySelectorAll('.js-plotly-plot .geo')];"
            "const mapsDrawn = maps.every(m => m.querySelector('path.choroplethlocation, "
            "path.country, .countries path'));"
            # graphs still waiting to be near the viewport (components/mount.py) are filled when idle
            "const waiting = document.querySelectorAll('.graph-box[aria-busy=\"true\"]').length;"
            "return pending === 0 && waiting === 0 && drawn && mapsDrawn;"
        )
    )


def heading(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "main h1").text


def wait_for_lang(driver, lang: str, timeout: float = 10) -> None:
    WebDriverWait(driver, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, f'html[lang="{lang}"]')))


def card_part(aio_id: str, part: str) -> str:
    """CSS selector of a chart card part (Dash writes dict ids as sorted-key JSON)."""
    return f"[id='{dom_id(part_id(aio_id, part))}']"


def scroll_into_view(driver, element) -> None:
    """Bring an element to the middle of the window at once (Bootstrap's smooth scrolling would
    still be moving when the next action comes)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element)


def click(driver, element) -> None:
    """Scroll to an element and click it, again while something else covers it."""

    def attempt(_driver) -> bool:
        scroll_into_view(driver, element)
        try:
            element.click()
        except ElementClickInterceptedException:
            return False
        return True

    WebDriverWait(driver, 10).until(attempt)
