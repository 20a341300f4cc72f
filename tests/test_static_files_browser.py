"""Static files in a real browser, in three languages: a page without charts does not fetch
plotly.js; the first graph shown fetches our bundle once (never Dash's full plotly.js); a
second page takes every fingerprinted static file from the browser's cache."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import assert_clean_console, requested_urls, visit, wait_until_rendered

EMBED = "/embed/stocks-trend?country=MDA"
BUNDLE = Path(__file__).resolve().parent.parent / "assets" / "vendor" / "plotly"  # tools/plotly-bundle.js
STATIC = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")
# ours (?v=<hash>, or a folder's v-<hash>/), Dash's (.v<version>m<mtime>.), the favicon's (?v=)
FINGERPRINTED = re.compile(r"[?&]v=|/v-[0-9a-f]{16}/|\.v[\w-]+m\d+\.")


def plotly_requests(urls: list[str]) -> list[str]:
    """Requests for a plotly.js (ours or Dash's), path and query, sorted."""
    found = [urlsplit(url) for url in urls]
    found = [url for url in found if "plotly" in url.path and "plotly-loader" not in url.path]
    return sorted(f"{url.path}?{url.query}".rstrip("?") for url in found)


def bundle_files(*trace_types: str) -> list[str]:
    """The URLs of our bundle's files a page needs (sorted): its entry, the chunks the entry
    imports, and the chunks of these trace types, in the folder's fingerprinted URL."""
    files = sorted(BUNDLE.glob("*.js"))
    hashes = "".join(f"{path.name}:{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}\n" for path in files)
    digest = hashlib.sha256(hashes.encode()).hexdigest()[:16]
    prefixes = ("chunk-", *(f"{trace_type}-" for trace_type in trace_types))
    wanted = [path.name for path in files if path.name == "plotly.js" or path.name.startswith(prefixes)]
    return sorted(f"/assets/vendor/plotly/v-{digest}/{name}" for name in wanted)


def static_from_network(driver) -> list[str]:
    """Fingerprinted static files the browser downloaded (200 from the server, not from its
    cache) since the last look at the performance log. (dcc's lazily loaded parts, such as
    async-graph.js, have no fingerprint: webpack names them; they are revalidated, 304.)"""
    urls, from_cache, downloaded = {}, set(), []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            urls[params["requestId"]] = params["request"]["url"]
        elif message["method"] == "Network.requestServedFromCache":
            from_cache.add(params["requestId"])
        elif message["method"] == "Network.responseReceived":
            response = params["response"]
            if (
                urlsplit(response["url"]).path.startswith(STATIC)
                and FINGERPRINTED.search(response["url"])
                and response["status"] == 200
                and not response.get("fromDiskCache")
                and params["requestId"] not in from_cache
            ):
                downloaded.append(response["url"])
    return downloaded


def test_plotly_is_fetched_once_when_a_graph_is_shown_and_a_second_page_comes_from_the_cache(dash_duo, app):
    dash_duo.start_server(app)
    wait_until_rendered(dash_duo)  # the home page start_server opened: none of its requests later
    driver = dash_duo.driver
    bundle = bundle_files("choropleth")  # /stocks has a map
    for lang in ("en", "fr", "es"):
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})  # a first visit
        driver.get_log("performance")
        visit(dash_duo, f"/sources?lang={lang}")
        assert plotly_requests(requested_urls(driver)) == [], lang  # no chart, no plotly.js

        # The navbar's link, by Dash's router (the menu may be folded at this width in French).
        driver.execute_script("arguments[0].click()", driver.find_element(By.CSS_SELECTOR, 'a[href^="/stocks"]'))
        WebDriverWait(driver, 20).until(lambda d: d.execute_script("return location.pathname") == "/stocks")
        wait_until_rendered(dash_duo)
        drawn = driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg")
        assert len(drawn) >= 4, lang
        assert plotly_requests(requested_urls(driver)) == bundle, lang  # each once

        visit(dash_duo, f"/country/MDA?lang={lang}")  # a new page load in the same browser
        assert static_from_network(driver) == [], lang
        assert driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg"), lang
        assert_clean_console(driver)


# Wraps plotly.js's react as soon as the bundle has run, to see what each graph was drawn with.
RECORD_DRAWS = """
window.__draws = [];
(function wrapWhenReady() {
  var plotly = Object.getOwnPropertyDescriptor(window, "Plotly");
  var ready = plotly && "value" in plotly && plotly.value && plotly.value.react;
  if (!ready) { return setTimeout(wrapWhenReady, 1); }
  var react = plotly.value.react;
  plotly.value.react = function (gd, figure) {
    window.__draws.push((figure && figure.data ? figure.data : []).length);
    return react.apply(this, arguments);
  };
})();
"""


def test_a_page_with_charts_runs_plotly_once_from_the_start_and_draws_each_graph_once(dash_duo, app):
    """plotly.js runs as soon as it has come (assets/plotly-loader.js), and dcc.Graph waits for
    it rather than fetching it again; the chunk of a trace type comes only for a page that
    draws one (tools/plotly-bundle.js); a graph is drawn with its figure, never first empty
    (components/mount.py); Dash's legacy polyfill is not loaded (app.py), and what Dash's
    code takes from it, `regeneratorRuntime`, is there."""
    dash_duo.start_server(app)
    wait_until_rendered(dash_duo)  # the home page start_server opened: none of its requests later
    driver = dash_duo.driver
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_DRAWS})
    # each page fetches the chunks of the trace types it draws, and only those
    pages = {"/remittances?lang=en": ("choropleth",), "/flows?lang=fr": ("sankey",), f"{EMBED}&lang=es": ()}
    for page, trace_types in pages.items():
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        driver.get_log("performance")
        visit(dash_duo, page)
        urls = requested_urls(driver)
        assert plotly_requests(urls) == bundle_files(*trace_types), (page, plotly_requests(urls))
        assert driver.execute_script("return document.querySelectorAll('script[src*=\"vendor/plotly\"]').length") == 1
        assert not [url for url in urls if "polyfill" in url], page
        assert driver.execute_script("return typeof window.regeneratorRuntime") == "object"
        drawn = len(driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg"))
        draws = driver.execute_script("return window.__draws")
        assert drawn >= 1 and len(draws) == len(driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot")), draws
        assert all(traces >= 1 for traces in draws), draws  # never an empty plot first
        assert_clean_console(driver)


# Per cartesian graph: the margins it was drawn with and those plotly.js settled on.
MARGINS = """
return Array.from(document.querySelectorAll('.js-plotly-plot')).filter(function (gd) {
  return gd._fullLayout && gd._fullLayout._size && gd._fullLayout.xaxis;
}).map(function (gd) {
  var given = gd._fullLayout.margin, used = gd._fullLayout._size;
  return {graph: gd.parentElement.id, given: [given.l, given.t], used: [used.l, used.t]};
});
"""


def test_a_chart_is_drawn_with_the_room_its_labels_need_so_plotly_draws_it_once(dash_duo, app):
    """The bundle measures the value and category labels of an automargin axis, and the legend
    above the plot, before plotly.js draws (tools/plotly-bundle.js, reserveMargins): the
    margins plotly.js settles on are those it was given, so it never draws a chart a second time
    to make room. (A legend on two rows, rotated tick labels or a tick label past the right end
    still cost the second draw; these pages have none.)"""
    dash_duo.start_server(app)
    wait_until_rendered(dash_duo)
    for page in ("/country/MDA?lang=en", "/country/MAR?lang=fr", "/programme?lang=es"):
        visit(dash_duo, page)
        graphs = dash_duo.driver.execute_script(MARGINS)
        assert len(graphs) >= 5, page
        assert [graph for graph in graphs if graph["given"] != graph["used"]] == [], page
        assert all(graph["given"][0] > 10 for graph in graphs), graphs  # the figures' own margin is 10
    assert_clean_console(dash_duo.driver)
