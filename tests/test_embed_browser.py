"""The embed snippet in a host page, as a journalist pastes it, opened from disk (file://) and
from a web server: each frame takes its content's height (and follows it when the content
changes), keeps the language its URL pins whatever the reader's cookie says, and has a
translated title; the modal's Copy button works from the keyboard and says so."""

from __future__ import annotations

import contextlib
import http.server
import re
from functools import partial

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.app_host import in_a_thread
from tests.browser import assert_clean_console, card_part, click, visit

CARD = "remittances-card-remittances-trend"
FIXED_HEIGHT = 600  # the snippet's height attribute
# What the copy status says, and a word of each language's iframe title, as a reader reads them.
COPIED = {"en": "Embed code copied", "fr": "Code d’intégration copié", "es": "Código para insertar copiado"}
CHART_WORD = {"en": "chart", "fr": "graphique", "es": "gráfico"}
HOST_PORTS = range(8321, 8330)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _web_server(folder):
    """A static server of `folder` on the first free port of HOST_PORTS."""
    for port in HOST_PORTS:
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(_QuietHandler, directory=str(folder)))
            break
        except OSError:
            continue
    else:
        raise RuntimeError("no free port for the host page")
    with in_a_thread(server) as port:
        yield f"http://127.0.0.1:{port}"


def _snippet(dash_duo, lang: str) -> tuple[str, str]:
    """The embed code of the card in `lang`, copied with the keyboard, and the card's title."""
    driver = dash_duo.driver
    visit(dash_duo, f"/remittances?country=KGZ&lang={lang}")
    title = driver.find_element(By.CSS_SELECTOR, card_part(CARD, "title")).text
    click(driver, driver.find_element(By.CSS_SELECTOR, card_part(CARD, "embed-open")))
    code = dash_duo.wait_for_element(card_part(CARD, "embed-code"))
    WebDriverWait(driver, 10).until(lambda d: "<iframe" in code.get_attribute("value"))
    copy = driver.find_element(By.CSS_SELECTOR, card_part(CARD, "embed-copy"))
    assert copy.tag_name == "button"
    origin = driver.execute_script("return window.location.origin")
    driver.execute_cdp_cmd(
        "Browser.grantPermissions", {"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}
    )
    copy.send_keys(Keys.ENTER)
    status = driver.find_element(By.CSS_SELECTOR, card_part(CARD, "embed-copy-status"))
    WebDriverWait(driver, 10).until(lambda d: status.text == COPIED[lang])
    assert status.get_attribute("role") == "status"
    copied = driver.execute_async_script("navigator.clipboard.readText().then(arguments[0])")
    assert copied == code.get_attribute("value")
    return copied, title


def _frame_heights(driver, frame_id: str) -> tuple[float, float]:
    """(the frame's height in the host page, its content's height inside)."""
    frame = driver.find_element(By.ID, frame_id)
    outer = driver.execute_script("return arguments[0].getBoundingClientRect().height", frame)
    driver.switch_to.frame(frame)
    inner = driver.execute_script(
        "const main = document.getElementById('main'); return main ? main.getBoundingClientRect().height : 0"
    )
    driver.switch_to.default_content()
    return outer, inner


def _fits(driver, frame_id: str) -> bool:
    outer, inner = _frame_heights(driver, frame_id)
    return inner > 0 and abs(outer - inner) <= 1


def test_embeds_fit_their_content_and_keep_their_language_in_pages_from_disk_and_the_web(dash_duo, app, tmp_path):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    snippets = {lang: _snippet(dash_duo, lang) for lang in ("en", "fr", "es")}
    for lang, (code, title) in snippets.items():
        src = re.search(r'<iframe src="([^"]+)"', code).group(1).replace("&amp;", "&")
        assert f"lang={lang}" in src  # always pinned, English too
        frame_title = re.search(r'title="([^"]+)"', code).group(1)
        assert title in frame_title.replace("&amp;", "&") and CHART_WORD[lang] in frame_title
        assert re.search(r'<script async src="[^"]+/assets/host/embed\.js"></script>', code)
    visit(dash_duo, "/?lang=fr")  # the reader's own choice, in the cookie: never the embeds'

    def with_id(code: str, lang: str) -> str:
        return code.replace("<iframe ", f'<iframe id="frame-{lang}" ', 1)

    frames = "".join(f'<div id="box-{lang}">{with_id(code, lang)}</div>' for lang, (code, _title) in snippets.items())
    (tmp_path / "story.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A story</title>'
        f'<link rel="icon" href="data:,"></head><body><h1>A story</h1>{frames}<p>The end.</p></body></html>',
        encoding="utf-8",
    )
    fixed = with_id(snippets["es"][0].split("<script")[0], "fixed")
    (tmp_path / "fixed.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>No script</title>'
        f'<link rel="icon" href="data:,"></head><body>{fixed}</body></html>',
        encoding="utf-8",
    )
    with _web_server(tmp_path) as web:
        for host in ((tmp_path / "story.html").as_uri(), web + "/story.html"):
            driver.get(host)
            for lang, (_code, title) in snippets.items():
                frame = f"frame-{lang}"
                WebDriverWait(driver, 30).until(
                    lambda d, frame=frame: _fits(d, frame), message=f"{host} {frame} {_frame_heights(driver, frame)}"
                )
                assert _frame_heights(driver, frame)[0] != FIXED_HEIGHT
                driver.switch_to.frame(driver.find_element(By.ID, frame))
                assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
                assert driver.find_element(By.CSS_SELECTOR, card_part("embed-card", "title")).text == title
                driver.switch_to.default_content()
            # The content changes (the table tab opens): the frame follows.
            before = _frame_heights(driver, "frame-en")[0]
            driver.switch_to.frame(driver.find_element(By.ID, "frame-en"))
            click(driver, driver.find_element(By.CSS_SELECTOR, card_part("embed-card", "tab-table")))
            dash_duo.wait_for_element(card_part("embed-card", "panel-table") + " tbody tr")
            driver.switch_to.default_content()
            WebDriverWait(driver, 20).until(
                lambda d, before=before: _fits(d, "frame-en") and _frame_heights(d, "frame-en")[0] != before
            )

        driver.get(web + "/fixed.html")  # without the script: the fixed height, and a working chart
        driver.switch_to.frame(driver.find_element(By.ID, "frame-fixed"))
        dash_duo.wait_for_element(card_part("embed-card", "graph") + " .main-svg", timeout=30)
        driver.switch_to.default_content()
        assert _frame_heights(driver, "frame-fixed")[0] == FIXED_HEIGHT
    assert_clean_console(driver)
