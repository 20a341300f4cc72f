"""Chart images carry their attribution (assets/migdash-export.js), in a real browser, in
English, French and Spanish: the SVG's text has the title, subtitle, source with edition and
licence, data date and link (and the demo stamp on programme charts); the PNG is 1600 x 900
from the card's button (a slide) and the chart's size on screen from the modebar's camera."""

from __future__ import annotations

import base64
import datetime as dt
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

from babel.dates import format_date
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import i18n
from data import store
from data.sources import SOURCES_BY_KEY
from tests.browser import assert_clean_console, card_part, click, visit

CARD = "stocks-card-stocks-trend"
PLOT = card_part(CARD, "graph") + " .js-plotly-plot"
RENDER = (
    "const done = arguments[arguments.length - 1];"
    "migdashExport.render(document.querySelector(arguments[0]), {format: arguments[1], size: arguments[2]})"
    ".then(done, e => done({error: String(e)}));"
)


def _render(driver, selector: str, fmt: str, size: str) -> dict:
    image = driver.execute_async_script(RENDER, selector, fmt, size)
    assert "error" not in image, image
    return image


def _words(svg: str) -> str:
    """Every text of the SVG, one space between (lines wrap between words)."""
    return re.sub(r"\s+", " ", " ".join(ET.fromstring(svg).itertext()))


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _png(image: dict) -> bytes:
    return base64.b64decode(image["url"].split(",", 1)[1])


def test_images_carry_title_source_licence_date_and_link_in_three_languages(dash_duo, app, built_data_dir):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    source = SOURCES_BY_KEY["ims2024_bilateral"]
    built = store.read_manifest(store.resolve_current(built_data_dir))["built_at"]
    for lang in ("en", "fr", "es"):
        visit(dash_duo, f"/stocks?country=MDA,MAR&lang={lang}")
        title = driver.find_element(By.CSS_SELECTOR, card_part(CARD, "title")).text
        subtitle = driver.find_element(By.CSS_SELECTOR, card_part(CARD, "subtitle")).text
        svg = _render(driver, PLOT, "svg", "slide")
        assert (svg["width"], svg["height"]) == (1600, 900)
        root = ET.fromstring(svg["svg"])
        assert (root.get("width"), root.get("height")) == ("1600", "900")
        words = _words(svg["svg"])
        day = format_date(dt.date.fromisoformat(built[:10]), "long", locale=lang)
        _ = i18n.translator(lang)  # publishers and editions are written in the reader's language
        for expected in (title, subtitle, _(source.publisher), _(source.edition), source.licence, day, "/stocks?"):
            assert re.sub(r"\s+", " ", expected) in words, (lang, expected, words[:600])
        assert "country=MDA" in words.replace(" ", "")  # the view's link (a long one wraps anywhere)

        slide = _render(driver, PLOT, "png", "slide")
        assert _png_size(_png(slide)) == (1600, 900)
        on_screen = driver.execute_script(
            "const gd = document.querySelector(arguments[0]); return [gd._fullLayout.width, gd._fullLayout.height];",
            PLOT,
        )
        screen = _render(driver, PLOT, "png", "screen")
        width, height = _png_size(_png(screen))
        assert width == round(on_screen[0]) and height > on_screen[1]  # the plot as shown, with text around
    assert_clean_console(driver)


def test_the_cards_button_and_the_modebar_download_attributed_images_with_telling_names(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    visit(dash_duo, "/stocks?country=MDA&lang=fr")
    folder = Path(dash_duo.download_path)

    def downloaded(suffix: str) -> Path:
        WebDriverWait(driver, 20).until(lambda d: list(folder.glob(f"stocks-trend_republique-de-moldova_*.{suffix}")))
        path = next(folder.glob(f"stocks-trend_republique-de-moldova_*.{suffix}"))
        WebDriverWait(driver, 10).until(lambda d: path.stat().st_size > 1000)
        return path

    click(driver, driver.find_element(By.CSS_SELECTOR, card_part(CARD, "svg")))
    words = _words(downloaded("svg").read_text(encoding="utf-8"))
    assert SOURCES_BY_KEY["ims2024_bilateral"].licence in words and "Source" in words

    click(driver, driver.find_element(By.CSS_SELECTOR, card_part(CARD, "png")))
    slide = downloaded("png")
    assert _png_size(slide.read_bytes()) == (1600, 900)
    slide.unlink()

    # The modebar's camera (plotly's own button) gives the chart at its size on screen.
    width = driver.execute_script("return Math.round(document.querySelector(arguments[0])._fullLayout.width)", PLOT)
    driver.execute_script(
        "document.querySelector(arguments[0]).querySelector('.modebar-btn[data-title*=\"PNG\"]').click()", PLOT
    )
    assert _png_size(downloaded("png").read_bytes())[0] == width
    assert_clean_console(driver)


def test_programme_images_carry_the_demo_stamp(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    for lang, stamp in (("en", "Demo data"), ("es", "demostración")):
        driver.get(dash_duo.server_url + f"/embed/programme-indicator?country=TUN&lang={lang}")
        plot = card_part("embed-card", "graph") + " .js-plotly-plot"
        WebDriverWait(driver, 30).until(
            lambda d, plot=plot: d.execute_script(
                "const g = document.querySelector(arguments[0]); return !!(g && g.layout && g.layout.meta)", plot
            )
        )
        words = _words(_render(driver, plot, "svg", "slide")["svg"])
        assert (words.count(stamp) >= 1 and "IOM" in words) or "OIM" in words, words[:400]
    assert_clean_console(driver)
