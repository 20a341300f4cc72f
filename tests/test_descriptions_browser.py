"""A chart's description in a real browser, in English, French and Spanish: "Describe this
chart" opens from the keyboard and shows the words; the chart's, the map's and the table's
panels and the table itself point `aria-describedby` at the element holding them; the embed
has them, its snippet gives them to the frame; the SVG carries them as <desc>, the PNG as its
"Description" text; axe finds nothing serious with the description open."""

from __future__ import annotations

import base64
import re
import struct
import xml.etree.ElementTree as ET

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from components.card_ids import dom_id, part_id
from components.chart_card import CHARTS, spec
from components.url_state import parse
from tests.browser import assert_accessible, assert_clean_console, card_part, click, visit, wait_until_rendered

CARD = "stocks-card-stocks-trend"
SUMMARY = {"en": "Describe this chart", "fr": "Décrire ce graphique", "es": "Describir este gráfico"}
RENDER = (
    "const done = arguments[arguments.length - 1];"
    "migdashExport.render(document.querySelector(arguments[0]), {format: arguments[1], size: 'slide'})"
    ".then(done, e => done({error: String(e)}));"
)
# What the browser says of the card: the description element, what each panel and the table
# point to, whether the <details> is open, read in one script (the card re-renders).
READ = """
const card = document.getElementById(arguments[0]);
const described = id => (document.getElementById(id) || {}).textContent || null;
return {
  text: described(arguments[1]),
  visible: document.getElementById(arguments[1]).checkVisibility(),
  open: card.querySelector('details.chart-description').open,
  panels: [...card.querySelectorAll('[role=tabpanel]')].map(p => p.getAttribute('aria-describedby')),
  table: (card.querySelector('.chart-table-wrap') || {getAttribute: () => null}).getAttribute('aria-describedby'),
};
"""


def _expected(app, query: dict, lang: str) -> str:
    from components.chart_card import render

    chart = CHARTS["stocks-trend"]
    with app.server.test_request_context():
        return render(spec(chart, parse(list(chart.params), query).state, lang))["description"]


def _png_texts(data: bytes) -> dict[str, str]:
    """The iTXt chunks of a PNG: keyword -> text."""
    texts, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"iTXt":
            keyword, rest = body.split(b"\0", 1)
            _flags, rest = rest[:2], rest[2:]
            _language, _translated, text = rest.split(b"\0", 2)
            texts[keyword.decode()] = text.decode("utf-8")
        at += 12 + length
    return texts


def test_the_description_is_shown_on_request_and_describes_the_chart_and_table(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    description_id = dom_id(part_id(CARD, "description"))
    for lang in ("en", "fr", "es"):
        visit(dash_duo, f"/stocks?country=MDA&measure=emigrants&lang={lang}")
        expected = _expected(app, {"country": "MDA", "measure": "emigrants"}, lang)
        assert "Moldova" in expected
        seen = driver.execute_script(READ, CARD, description_id)
        assert seen["text"] == expected and not seen["visible"] and not seen["open"]
        assert set(seen["panels"]) == {description_id}  # chart, map and table panels
        summary = driver.find_element(By.CSS_SELECTOR, f"#{CARD} details.chart-description summary")
        assert summary.text == SUMMARY[lang]
        driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", summary)
        summary.send_keys(Keys.ENTER)  # a <summary> opens from the keyboard
        WebDriverWait(driver, 10).until(lambda d: d.execute_script(READ, CARD, description_id)["visible"])
        paragraph = driver.find_element(By.CSS_SELECTOR, card_part(CARD, "description"))
        assert paragraph.text == expected
        if lang == "fr":
            assert_accessible(driver, "/stocks with the description open")
            click(driver, driver.find_element(By.CSS_SELECTOR, card_part(CARD, "tab-table")))
            WebDriverWait(driver, 20).until(lambda d: d.execute_script(READ, CARD, description_id)["table"])
            assert driver.execute_script(READ, CARD, description_id)["table"] == description_id
            summary.send_keys(Keys.ENTER)
            WebDriverWait(driver, 10).until(lambda d: not d.execute_script(READ, CARD, description_id)["open"])
    assert_clean_console(driver)


def test_the_embed_its_snippet_and_the_images_carry_the_description(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    expected = _expected(app, {"country": "PER"}, "es")
    driver.get(dash_duo.server_url + "/embed/stocks-trend?country=PER&lang=es")
    wait_until_rendered(dash_duo)
    embed_card = driver.find_element(By.CSS_SELECTOR, "section.chart-card").get_attribute("id")
    text = driver.execute_script(READ, embed_card, dom_id(part_id(embed_card, "description")))["text"]
    assert text == expected and "el Perú" in expected

    visit(dash_duo, "/stocks?country=PER&lang=es")
    plot = card_part(CARD, "graph") + " .js-plotly-plot"
    svg = driver.execute_async_script(RENDER, plot, "svg")
    assert "error" not in svg, svg
    root = ET.fromstring(svg["svg"])
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert root.get("role") == "img" and root.get("aria-labelledby") == "migdash-title migdash-desc"
    assert root.find("svg:desc", ns).text == expected
    assert root.find("svg:title", ns).text == driver.find_element(By.CSS_SELECTOR, card_part(CARD, "title")).text
    png = driver.execute_async_script(RENDER, plot, "png")
    texts = _png_texts(base64.b64decode(png["url"].split(",", 1)[1]))
    assert texts["Description"] == expected and texts["Title"] == root.find("svg:title", ns).text

    click(driver, driver.find_element(By.CSS_SELECTOR, card_part(CARD, "embed-open")))
    code = dash_duo.wait_for_element(card_part(CARD, "embed-code"))
    WebDriverWait(driver, 10).until(lambda d: "<iframe" in code.get_attribute("value"))
    described = re.search(r'aria-description="([^"]*)"', code.get_attribute("value"))
    assert described and described.group(1) == expected
    assert_clean_console(driver)
