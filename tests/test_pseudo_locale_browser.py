"""The pseudo-locale scan: every page in a pseudo-language whose catalog marks each translated
string ("Home" -> "⟦Home⟧"), and no visible word left outside a mark.

The catalog is built here, at test time, from i18n/messages.pot (every string the code hands
to the translator); nothing generated is committed. The pseudo-language formats numbers and
dates as English does (babel is told "xx" is English), so what it catches is text that never
went through the catalog: a string spelt in the code, a library's own text, a label taken from
a data file.

What may stay unmarked (a clear rule, not a list of what happened to show):
- proper names: countries and areas (the UN's, data/un_names.py, not our catalog's) and the product's name;
- data values: what M&E officers wrote in the programme data (names, statements, titles,
  means of verification, also as shortened beside a chart), which the catalog cannot hold;
- what the locale's formatters write: month and day names;
- identifiers: words with no lower-case letter (numbers, codes such as MAR or USD, acronyms
  such as SDG or IOM, unit letters such as M), words holding a digit, an underscore or an
  inner dot (file names, editions such as Rev.2020, domains), URLs and paths, and text in
  `code` elements (file names, hashes, commands);
- text inside an element that declares another language (`lang="en"` on the language
  switcher's "English", on a citation kept as published).

Visible text is the page's text nodes that are rendered (so not a closed menu nor a hidden
tab) plus, for each chart, its title, axis and colour-bar titles, tick labels, legend names,
annotations and hover texts (what the reader sees on hovering), read from the figure.
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass

import pytest
from babel import Locale, localedata
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import i18n
from data.un_names import UN_NAMES
from tests.browser import assert_clean_console, click, visit

PSEUDO = "xx"
OPEN, CLOSE = "⟦", "⟧"
MARKED = re.compile(OPEN + "[^" + OPEN + CLOSE + "]*" + CLOSE)
WORD = re.compile(r"[^\W\d_][\w'’.-]*")
IDENTIFIER = re.compile(r"\S*(?:://|/|=|@)\S*")  # URLs, paths, query strings, addresses
PRODUCT = "migdash"

# Every kind of page: the navbar's, a country's, a programme country's, the brief, an embed,
# the country picker, the not-found page and the staff sign-in (a Flask template).
PAGES = (
    "/",
    "/stocks",
    "/flows",
    "/remittances",
    "/programme",
    "/sources",
    "/country",
    "/country/MAR",
    "/programme/MAR",
    "/brief/MAR",
    "/embed/{chart}",
    "/no-such-page",
    "/signin",
)

# The texts a reader sees, from the DOM and from each plotly figure.
VISIBLE_TEXT_JS = r"""
const pageLang = document.documentElement.lang;
const texts = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const parent = node.parentElement;
  if (!parent || !node.textContent.trim()) continue;
  if (parent.closest('script, style, noscript, code, kbd, samp, .modebar, .hoverlayer')) continue;
  const declared = parent.closest('[lang]');
  if (declared && declared.lang !== pageLang) continue;
  if (!parent.checkVisibility({visibilityProperty: true, opacityProperty: false})) continue;
  texts.push(node.textContent);
}
for (const input of document.querySelectorAll('input[placeholder]')) {
  if (input.checkVisibility()) texts.push(input.placeholder);
}
const add = (value) => {
  if (typeof value === 'string') texts.push(value);
  else if (Array.isArray(value)) value.forEach(add);
};
const title = (value) => add(value && typeof value === 'object' ? value.text : value);
for (const gd of document.querySelectorAll('.js-plotly-plot')) {
  for (const trace of gd.data || []) {
    if (trace.showlegend !== false) add(trace.name);
    add(trace.hovertemplate); add(trace.customdata); add(trace.text);
    if (trace.colorbar) { title(trace.colorbar.title); add(trace.colorbar.ticktext); }
    if (trace.node) add(trace.node.label);
    if (trace.link) { add(trace.link.hovertemplate); add(trace.link.customdata); }
  }
  const layout = gd.layout || {};
  title(layout.title);
  for (const [key, axis] of Object.entries(layout)) {
    if (/^[xy]axis/.test(key) && axis) { title(axis.title); add(axis.ticktext); }
  }
  (layout.annotations || []).forEach(a => add(a.text));
}
return texts;
"""


def _pseudo_catalog() -> gettext.GNUTranslations:
    """Every msgid of the template, translated as itself between marks."""
    with (i18n.LOCALES_DIR.parent / "messages.pot").open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, str):
            message.string = OPEN + message.id + CLOSE
        else:
            message.string = tuple(OPEN + form + CLOSE for form in message.id)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@pytest.fixture
def pseudo_language(monkeypatch):
    """Serve "xx": its catalog marks every string; babel formats it as English."""
    pseudo = _pseudo_catalog()
    real_catalog, real_exists, real_load = i18n._catalog, localedata.exists, localedata.load
    monkeypatch.setitem(i18n.LANGUAGES, PSEUDO, OPEN + "Pseudo" + CLOSE)
    monkeypatch.setattr(i18n, "_catalog", lambda lang: pseudo if lang == PSEUDO else real_catalog(lang))
    monkeypatch.setattr(localedata, "exists", lambda name: name == PSEUDO or real_exists(name))
    monkeypatch.setattr(localedata, "load", lambda name, *a, **k: real_load("en" if name == PSEUDO else name, *a, **k))
    yield PSEUDO


PROGRAMME_TEXTS = {
    "countries": ("iom_focal_point", "undp_focal_point", "government_counterpart", "coordination_mechanism"),
    "results": ("statement",),
    "indicators": ("name", "means_of_verification"),
    "indicator_values": ("means_of_verification",),
    "activities": ("title",),
    "milestones": ("title",),
    "capacity_events": ("title",),
    "programme": ("title",),
}


@dataclass(frozen=True)
class Excused:
    names: tuple[str, ...]  # whole texts that may stay unmarked: proper names, data values
    words: frozenset[str]  # single words that may: the formatters'

    def remove_names(self, text: str) -> str:
        """`text` without the names, whole or cut short with "…" (as beside a chart), or one
        line of a name wrapped over several (a chart's tick label: "A6 Build a data-sharing
        protocol", with its code before it and the English-fallback mark after it)."""
        line = re.sub(r"^\s*[A-Z]{1,3}\d[\w.]*\s+|\s*\(EN\)\s*$", "", text).strip()
        fallback = text.rstrip().endswith("(EN)")  # programme text shown in English, marked so
        if line and (len(line) >= 12 or fallback) and any(line in name for name in self.names):
            return " "

        def cut(match: re.Match) -> str:
            segment = match.group(1)
            for start in [0, *(gap.end() for gap in re.finditer(r"\s+", segment))]:
                head = segment[start:].rstrip()
                if head and any(name.startswith(head) for name in self.names):
                    return segment[:start] + " "
            return match.group(0)

        text = re.sub(r"([^…]+)…", cut, text)
        pattern = "|".join(re.escape(name) for name in sorted(self.names, key=len, reverse=True))
        return re.sub(pattern, " ", text)


def _excused() -> Excused:
    """Countries' and areas' names, the product's, the programme data's texts; the month and
    day names the locale's date formats write."""
    from programme import demo

    english = Locale.parse("en")
    names = [*(area.en for area in UN_NAMES.values()), PRODUCT]
    data = demo.generate()
    for sheet, columns in PROGRAMME_TEXTS.items():
        for column in columns:
            names += [v for v in data[sheet][column].dropna().astype(str) if v.strip()]
    dates = []
    for width in ("wide", "abbreviated"):
        dates += [*english.months["format"][width].values(), *english.days["format"][width].values()]
    words = frozenset(word.strip(".") for name in dates for word in WORD.findall(name))
    return Excused(tuple(dict.fromkeys(names)), words)


def unmarked_words(text: str, excused: Excused) -> list[str]:
    """The words of `text` left outside every mark that the rule does not excuse."""
    text = re.sub(r"<[^>]+>|%\{[^}]*\}", " ", text)  # plotly's markup and placeholders
    while True:
        stripped = MARKED.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    text = excused.remove_names(IDENTIFIER.sub(" ", text))
    return [
        word
        for word in WORD.findall(text)
        if any(c.islower() for c in word)
        and not any(c.isdigit() or c == "_" for c in word)
        and "." not in word.strip(".")
        and word.strip(".-'’") not in excused.words
    ]


def test_unmarked_words_follow_the_rule():
    excused = Excused(("Republic of Moldova", "Morocco", "Train planners of line ministries"), frozenset({"November"}))
    assert unmarked_words("⟦Migrants in⟧ Morocco, Republic of Moldova: 12 %", excused) == []
    assert unmarked_words("⟦Share of ⟦people⟧⟧ MAR USD", excused) == []
    assert unmarked_words("<b>⟦Total⟧</b><br>%{customdata}", excused) == []
    assert unmarked_words("⟦File⟧ api_x.csv Rev.2020 https://example.org/a b.org ?lang=xx", excused) == []
    assert unmarked_words("⟦Built on⟧ November 28, 2026", excused) == []
    assert unmarked_words("Select All ⟦Countries⟧", excused) == ["Select", "All"]
    assert unmarked_words("Au 2026-Q3 of Moldova", excused) == ["Au", "of", "Moldova"]
    assert unmarked_words("A7 Train planners of li… ⟦Status⟧", excused) == []
    assert unmarked_words("A7 Train others… ⟦Status⟧", excused) == ["Train", "others"]
    assert unmarked_words("A7 Train planners of line", excused) == []  # one line of a wrapped name
    assert unmarked_words("planners of line (EN)", excused) == []
    assert unmarked_words("ministries (EN)", excused) == []
    assert unmarked_words("ministries", excused) == ["ministries"]
    assert unmarked_words("A7 Train planners of lines", excused) == ["Train", "planners", "of", "lines"]


def _open_a_dropdown(driver) -> bool:
    """Open the page's first multi-select (Dash's dropdown), if it has one."""
    wrappers = driver.find_elements(By.CSS_SELECTOR, ".dash-dropdown-wrapper")
    if not wrappers:
        return False
    click(driver, wrappers[0])
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".dash-dropdown-content"))
    return True


def test_every_page_is_translated_in_the_pseudo_language(dash_duo, app, pseudo_language):
    from components.chart_card import CHARTS

    dash_duo.start_server(app)
    excused = _excused()
    found = {}
    for path in PAGES:
        path = path.format(chart=next(iter(CHARTS)))
        visit(dash_duo, f"{path}?lang={pseudo_language}")
        texts = dash_duo.driver.execute_script(VISIBLE_TEXT_JS)
        if _open_a_dropdown(dash_duo.driver):  # its own words show only when it is open
            texts += dash_duo.driver.execute_script(VISIBLE_TEXT_JS)
        where = {word: text for text in texts for word in unmarked_words(text, excused)}
        if where:
            found[path] = where
    assert found == {}, "visible text that never went through the catalog (word: in what text):\n" + "\n".join(
        f"{path}: {word!r} in {text[:120]!r}" for path, where in found.items() for word, text in sorted(where.items())
    )
    assert_clean_console(dash_duo.driver, allowed=("no-such-page",))  # its 404 status
