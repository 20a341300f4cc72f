"""Browser timelines: page loads, a second page in the same session, filter changes, in headless
chromium, as a reader on a laptop has them.

    python -m bench.pageload --url http://127.0.0.1:8061 [--repeat 5] [--out FILE.json] [PATH ...]

1. Per page, the timeline of one cold load (a new browser with a new empty profile each time):
   HTML received, the page's layout (the pages router's callback) received, the first and the
   last card render received, the first graph drawn, every graph above the fold drawn, the last
   graph drawn; the bytes on the wire per role (bench/timeline.py) and the layout callback's
   compressed body. Each milestone is the median of `repeat` loads, the pages taken in turn
   (round robin) so that the machine's moods fall on all of them alike, after one uncounted
   load of each (the server's caches warm: we measure the browser and the transfer). Every
   page is reported as a ratio to the one-chart embed measured in the same run.
2. A second page in the same session: a cold first visit of `/`, then a click on the navbar's
   link to `/stocks` (Dash's client-side router, no new document), then a full new load of
   `/flows` with the browser's cache warm; bytes, and what crossed the wire again.
3. Filter changes in the browser (FILTER_CHANGES): the bytes of every callback the change
   triggers, and the time from the input event to the last graph it redrew (the median of
   `repeat`, each value seen once before, uncounted, so the server's cache is warm).

The viewport is 1366 × 768 CSS px (the window is sized so: the commonest laptop screen);
"above the fold" is a graph whose top is above 768 px once the page has settled. A page with
no graph above the fold (a profile opens on its headline figures) has its fold ready when its
layout is.

"Drawn": a script injected before the page's own (WATCH_SCRIPT) checks the graphs on every
animation frame: a visible graph (hidden tab panels do not count) is drawn when plotly has put
its `.main-svg` in it, with data, and for a map its country shapes (plotly fetches the
topojson after drawing the frame); a redraw is a new figure (data or layout) drawn. The page
has settled when nothing has happened for SETTLE_MS: no draw, no fetch in flight, no response,
nothing marked `data-dash-is-loading`, and at least the page's known number of graphs drawn
(Dash renders in waves). Cards that render only when scrolled into view would never settle:
the page is then scrolled to its bottom once, and the run is marked `scrolled`.

Network figures are Chrome's own (its performance log, CDP Network.* events): compressed bytes
with headers (encodedDataLength), decoded bodies, the Content-Encoding negotiated (chromium
offers zstd and gzip, and brotli only over https). Console errors and warnings are collected.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from bench import timeline
from components.card_ids import dom_id, part_id

EMBED = "/embed/stocks-trend?country=MDA"
DEFAULT_PATHS = ["/", "/stocks", "/flows", "/remittances", "/country/MDA", "/programme", "/sources", EMBED]
# Graphs with data a page shows at least (path prefix -> count; the longest prefix wins).
MIN_GRAPHS = {
    "/": 1,
    "/stocks": 4,
    "/flows": 4,
    "/remittances": 4,
    "/country/": 8,
    "/programme": 4,
    "/embed/": 1,
    "/sources": 0,
    "/countries": 0,
}
VIEWPORT = (1366, 768)
SETTLE_MS = 500
TIMEOUT_S = 30.0
KB = 1000
# The targets: ratios to the embed (per page), bytes, a filter change.
TARGET_RATIO = {"/country/": {"above_fold": 1.2, "all_graphs": 1.5}}
TARGET_RATIO_DEFAULT = {"above_fold": 1.2, "all_graphs": 1.2}
TARGET_FIRST_VISIT_BYTES = 700 * KB
TARGET_SECOND_PAGE_BYTES = 60 * KB
TARGET_LAYOUT_BYTES = 20 * KB
TARGET_FILTER_BYTES = 30 * KB
TARGET_FILTER_MS = 300
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--window-size=1366,900",
)

# Runs in the page before its own scripts; window.__bench holds what it saw.
WATCH_SCRIPT = """
(function () {
  var state = window.__bench = {draws: [], first: {}, events: [], lastActivity: 0, pending: 0, shownMs: null,
                                watch: null};
  var seen = new WeakMap();
  function isMap(plot) {
    return (plot.data || []).some(function (t) { return t.type === 'choropleth' || t.type === 'scattergeo'; });
  }
  function drawn(plot) {
    return !!plot.querySelector('.main-svg') && (!isMap(plot) || plot.querySelector('.geolayer path') !== null);
  }
  function check() {
    var now = performance.now();
    document.querySelectorAll('.dash-graph').forEach(function (graph) {
      var plot = graph.querySelector('.js-plotly-plot');
      if (!plot || !(plot.data || []).length || graph.offsetParent === null || !drawn(plot)) { return; }
      var last = seen.get(plot);
      if (last && last[0] === plot.data && last[1] === plot.layout) { return; }
      seen.set(plot, [plot.data, plot.layout]);
      var id = graph.id || '?';
      state.draws.push({id: id, at_ms: now});
      if (!(id in state.first)) { state.first[id] = now; }
      state.lastActivity = now;
    });
    if (state.watch && state.shownMs === null) {
      var shown = document.querySelector(state.watch);
      if (shown && shown.childElementCount > 0 && shown.offsetParent !== null) { state.shownMs = now; }
    }
    if (document.querySelector('[data-dash-is-loading="true"]')) { state.lastActivity = now; }
  }
  function frame() { check(); requestAnimationFrame(frame); }
  requestAnimationFrame(frame);
  setInterval(check, 50);
  var fetch = window.fetch;
  window.fetch = function () {
    state.pending += 1;
    return fetch.apply(this, arguments).finally(function () {
      state.pending -= 1;
      state.lastActivity = performance.now();
    });
  };
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (entry) {
      state.lastActivity = Math.max(state.lastActivity, entry.responseEnd);
    });
  }).observe({type: 'resource', buffered: true});
  ['pointerdown', 'mousedown', 'click', 'change', 'keydown'].forEach(function (type) {
    document.addEventListener(type, function (event) { state.events.push(event.timeStamp); }, true);
  });
  state.graphs = function () {
    return Array.prototype.filter.call(document.querySelectorAll('.dash-graph'), function (graph) {
      return graph.offsetParent !== null && (graph.id || '?') in state.first;
    }).map(function (graph) {
      return {id: graph.id || '?', top: graph.getBoundingClientRect().top + window.scrollY,
              first_ms: state.first[graph.id || '?']};
    });
  };
  state.status = function () {
    var content = document.getElementById('_pages_content');
    return {now: performance.now(), lastActivity: state.lastActivity, pending: state.pending,
            graphs: state.graphs().length, ready: !!content && content.childElementCount > 0,
            shown: state.shownMs !== null || state.watch === null};
  };
})();
"""


def min_graphs(path: str) -> int:
    route = path.split("?")[0]
    prefixes = [prefix for prefix in MIN_GRAPHS if route == prefix or (prefix != "/" and route.startswith(prefix))]
    return MIN_GRAPHS[max(prefixes, key=len)] if prefixes else 0


@contextmanager
def browser():
    """Debian's chromium with a new empty profile (an empty cache: a first visit), 1366 × 768."""
    with tempfile.TemporaryDirectory(prefix="pageload-") as profile:
        options = Options()
        for flag in (*CHROME_FLAGS, f"--user-data-dir={profile}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        driver = webdriver.Chrome(options=options)
        try:
            width, height = VIEWPORT  # the window, less the browser's own bars
            inner = driver.execute_script("return [window.innerWidth, window.innerHeight];")
            size = driver.get_window_size()
            driver.set_window_size(width + size["width"] - inner[0], height + size["height"] - inner[1])
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_SCRIPT})
            driver.get_log("performance")  # drop what the browser did before: its start page
            yield driver
        finally:
            driver.quit()


def wait_settled(driver, minimum: int = 0, redrawn_after: float | None = None) -> dict:
    """Poll until the page has settled (module docstring); returns how: scrolled, timed out."""
    deadline = time.monotonic() + TIMEOUT_S
    scrolled = False
    while True:
        status = driver.execute_script("return window.__bench.status();")
        quiet = status["pending"] == 0 and status["now"] - status["lastActivity"] >= SETTLE_MS and status["ready"]
        if redrawn_after is not None:
            quiet = quiet and driver.execute_script(
                "var since = arguments[0];"
                " return window.__bench.draws.some(function (d) { return d.at_ms >= since; })"
                " || window.__bench.shownMs !== null;",
                redrawn_after,
            )
        if quiet and status["shown"] and status["graphs"] >= minimum:
            return {"scrolled": scrolled, "timed_out": False}
        if quiet and status["graphs"] < minimum and not scrolled:  # cards drawn on scrolling into view
            driver.execute_script("window.scrollTo(0, document.body.scrollHeight);")
            scrolled = True
        if time.monotonic() > deadline:
            return {"scrolled": scrolled, "timed_out": True}
        time.sleep(0.05)


def _console(driver) -> list[str]:
    return [
        f"{entry['level']}: {entry['message'][:300]}"
        for entry in driver.get_log("browser")
        if entry["level"] in ("SEVERE", "WARNING")
    ]


def _document(driver) -> tuple[str, float]:
    """The current document's URL and its fetchStart on the page clock."""
    entry = driver.execute_script(
        "var n = performance.getEntriesByType('navigation')[0]; return [n.name, n.fetchStart];"
    )
    return entry[0], entry[1]


def _recorded(driver) -> list[timeline.Request]:
    """Requests since the last call, on the current document's clock."""
    messages = timeline.events(driver.get_log("performance"))
    document_url, fetch_start = _document(driver)
    try:
        offset = timeline.clock_offset(messages, document_url, fetch_start)
    except LookupError:  # no new document (in-app navigation): the clock of the page's load
        offset = driver.execute_script("return window.__bench.offset;")
    driver.execute_script("window.__bench.offset = arguments[0];", offset)
    return timeline.requests(messages, offset, document_url)


def load(driver, url: str, path: str) -> dict:
    """Load `url` in `driver` (new document) and give its timeline."""
    driver.get(url)
    how = wait_settled(driver, min_graphs(path))
    found = _recorded(driver)
    result = timeline.load_timeline(found, driver.execute_script("return window.__bench.graphs();"), VIEWPORT[1])
    return {**result, **how, "refetched": timeline.refetched(found), "console": _console(driver)}


def _median(values: list) -> float | None:
    values = [value for value in values if value is not None]
    return round(statistics.median(values), 1) if values else None


MILESTONES = (
    "html_ms",
    "layout_ms",
    "first_card_ms",
    "last_card_ms",
    "first_graph_ms",
    "above_fold_ms",
    "last_graph_ms",
)


def _spread(values: list) -> list | None:
    values = [value for value in values if value is not None]
    return [round(min(values), 1), round(max(values), 1)] if values else None


def summarise_loads(runs: list[dict]) -> dict:
    """Median of each milestone and byte figure over runs; the spread of the last graph."""
    return {
        "n": len(runs),
        **{name: _median([run[name] for run in runs]) for name in MILESTONES},
        "last_graph_spread_ms": _spread([run["last_graph_ms"] for run in runs]),
        "graphs": max(run["graphs"] for run in runs),
        "graphs_above_fold": max(run["graphs_above_fold"] for run in runs),
        "cards": max(run["cards"] for run in runs),
        "wire_bytes": _median([run["wire_bytes"] for run in runs]),
        "decoded_bytes": _median([run["decoded_bytes"] for run in runs]),
        "bytes": {role: _median([run["bytes"][role] for run in runs]) for role in runs[0]["bytes"]},
        "router_body_bytes": _median([run["router_body_bytes"] for run in runs]),
        "router_decoded_bytes": _median([run["router_decoded_bytes"] for run in runs]),
        "requests": _median([run["requests"] for run in runs]),
        "scrolled": sum(run["scrolled"] for run in runs),
        "timeouts": sum(run["timed_out"] for run in runs),
        "console_problems": sorted({message for run in runs for message in run["console"]}),
    }


def ready_ms(row: dict) -> float | None:
    """When a page is complete for its reader: its last graph drawn, or its layout (no graph)."""
    return row["last_graph_ms"] if row["last_graph_ms"] is not None else row["layout_ms"]


def with_ratios(pages: dict, embed: str = EMBED) -> dict:
    """Each page's above-the-fold and all-graphs times as ratios to the embed's (all graphs
    drawn: it has one), against the page's targets."""
    reference = ready_ms(pages[embed])
    for path, row in pages.items():
        targets = next((t for prefix, t in TARGET_RATIO.items() if path.startswith(prefix)), TARGET_RATIO_DEFAULT)
        above, whole = row["above_fold_ms"], ready_ms(row)
        row["ratio"] = {
            "above_fold": None if above is None or not reference else round(above / reference, 2),
            "all_graphs": None if whole is None or not reference else round(whole / reference, 2),
        }
        row["ratio_target"] = targets
        row["ratio_met"] = all(
            row["ratio"][name] is not None and row["ratio"][name] <= limit for name, limit in targets.items()
        )
    return pages


def measure_page_loads(base_url: str, paths: list[str] | None = None, repeat: int = 5) -> dict:
    """Cold loads of `paths` (the embed always among them), `repeat` each, round robin."""
    paths = list(paths or DEFAULT_PATHS)
    if EMBED not in paths:
        paths.append(EMBED)
    base = base_url.rstrip("/")
    runs = {path: [] for path in paths}
    for counted in [False] + [True] * repeat:  # the first round warms the server's caches
        for path in paths:
            with browser() as driver:
                result = load(driver, base + path, path)
            if counted:
                runs[path].append(result)
    return with_ratios({path: summarise_loads(found) for path, found in runs.items()})


def measure_session(base_url: str) -> dict:
    """A first visit of `/`, a click to `/stocks` in the navbar, a new load of `/flows`."""
    base = base_url.rstrip("/")
    with browser() as driver:
        first = load(driver, base + "/", "/")
        driver.execute_script("window.__bench.draws = []; window.__bench.first = {}; window.__bench.events = [];")
        _click(driver, 'nav a.nav-link[href^="/stocks"]')
        how = wait_settled(driver, min_graphs("/stocks"))
        started = min(driver.execute_script("return window.__bench.events;"))
        found = _recorded(driver)
        draws = driver.execute_script("return window.__bench.draws;")
        in_app = {
            **timeline.interaction(found, draws, started),
            "wire_bytes": sum(r.wire_bytes for r in found),
            "bytes": timeline.bytes_by_role(found),
            "requests": len(found),
            "refetched": timeline.refetched(found),
            **how,
        }
        warm = load(driver, base + "/flows", "/flows")
    return {
        "first_visit /": {"wire_bytes": first["wire_bytes"], "last_graph_ms": first["last_graph_ms"]},
        "navbar click / -> /stocks": in_app,
        "new load /flows, warm cache": {
            key: warm[key] for key in ("wire_bytes", "bytes", "requests", "refetched", "last_graph_ms")
        },
    }


def _click(driver, selector: str) -> None:
    """A click on the element, scrolled into the viewport first (a script's click: chromedriver
    refuses real clicks below the first screen of some pages)."""
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();",
        driver.find_element(By.CSS_SELECTOR, selector),
    )


def _select(element_id: str):
    def act(driver, value):
        element = driver.find_element(By.ID, element_id)
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        Select(element).select_by_value(value)

    return act


def _radio(group_id: str):
    def act(driver, value):
        _click(driver, f'label[for="_dbcprivate_radioitems_{group_id}_input_{value}"]')

    return act


def _with_id(component_id: dict) -> str:
    """A CSS selector of the element with a Dash dict id."""
    return f"[id='{dom_id(component_id)}']"


def _tab(aio_id: str):
    """A card's tab buttons; the change is shown when the table tab's panel has its table."""

    def act(driver, value):
        _click(driver, _with_id(part_id(aio_id, f"tab-{value}")))

    return act


# (name, page, the action, values in turn; the first two are the warm-up, uncounted; and for a
# change that draws no graph, the element whose content shows it is done).
FILTER_CHANGES = [
    ("/stocks sex", "/stocks", _radio("stocks-control-sex"), ["female", "male", "total", "female"], None),
    ("/stocks year (map)", "/stocks", _select("stocks-control-year"), ["2020", "2024"], None),
    ("/remittances year (map)", "/remittances", _select("remittances-control-year"), ["2022", "2023"], None),
    (
        "/country/MDA card's table tab",
        "/country/MDA",
        _tab("country-emigrants-trend"),
        ["table", "chart"],
        _with_id(part_id("country-emigrants-trend", "table")),
    ),
]


def measure_filter_changes(base_url: str, repeat: int = 5) -> dict:
    """Each of FILTER_CHANGES `repeat` times (after one uncounted pass over its values)."""
    base = base_url.rstrip("/")
    report = {}
    for name, path, act, values, shown in FILTER_CHANGES:
        runs = []
        with browser() as driver:
            load(driver, base + path, path)
            for index in range(len(values) + repeat):
                value = values[index % len(values)]
                watch = shown if (shown and value == "table") else None
                driver.execute_script(
                    "var s = window.__bench; s.events = []; s.draws = []; s.shownMs = null; s.watch = arguments[0];",
                    watch,
                )
                _recorded(driver)  # drop the log so far
                act(driver, value)
                events = driver.execute_script("return window.__bench.events;")
                started = min(events) if events else driver.execute_script("return performance.now();")
                how = wait_settled(driver, redrawn_after=started if not (shown and value != "table") else None)
                found = _recorded(driver)
                result = timeline.interaction(found, driver.execute_script("return window.__bench.draws;"), started)
                shown_ms = driver.execute_script("return window.__bench.shownMs;")
                if watch and shown_ms is not None:
                    result["redrawn_ms"] = round(shown_ms - started, 1)
                if index >= len(values) and (not shown or value == "table"):
                    runs.append({**result, **how})
            console = _console(driver)
        report[name] = {
            "n": len(runs),
            "redrawn_ms": _median([run["redrawn_ms"] for run in runs]),
            "redrawn_spread_ms": _spread([run["redrawn_ms"] for run in runs]),
            "callback_bytes": _median([run["callback_bytes"] for run in runs]),
            "callback_bytes_max": max(run["callback_bytes"] for run in runs),
            "callbacks": _median([run["callbacks"] for run in runs]),
            "graphs_redrawn": max(run["graphs_redrawn"] for run in runs),
            "timeouts": sum(run["timed_out"] for run in runs),
            "console_problems": console,
        }
    return report


def measure(base_url: str, paths: list[str] | None = None, repeat: int = 5) -> dict:
    """Everything above: page timelines, the session, filter changes, and their targets."""
    report = {
        "viewport": list(VIEWPORT),
        "pages": measure_page_loads(base_url, paths, repeat),
        "session": measure_session(base_url),
        "filter_changes": measure_filter_changes(base_url, repeat),
    }
    report["targets"] = targets(report)
    return report


def targets(report: dict) -> dict:
    """The issue's browser targets: the figure, the limit, met or missed."""
    pages, session, changes = report["pages"], report["session"], report["filter_changes"]
    found = {}
    for path, row in pages.items():
        if path == EMBED:
            continue
        limits = " ".join(f"{name} <= {limit} x" for name, limit in row["ratio_target"].items())
        found[f"{path}: {limits} the embed"] = {
            "value": f"above the fold {row['ratio']['above_fold']} x, all graphs {row['ratio']['all_graphs']} x "
            f"({row['above_fold_ms']} / {ready_ms(row)} ms; embed {ready_ms(pages[EMBED])} ms)",
            "met": row["ratio_met"],
        }
    heaviest = max(pages, key=lambda path: pages[path]["wire_bytes"])
    found["first visit <= 700 kB on the wire"] = {
        "value": f"heaviest {heaviest}: {pages[heaviest]['wire_bytes'] / KB:.0f} kB",
        "met": pages[heaviest]["wire_bytes"] <= TARGET_FIRST_VISIT_BYTES,
    }
    for name in ("navbar click / -> /stocks", "new load /flows, warm cache"):
        wire = session[name]["wire_bytes"]
        found[f"second page ({name}) <= 60 kB"] = {
            "value": f"{wire / KB:.1f} kB",
            "met": wire <= TARGET_SECOND_PAGE_BYTES,
        }
    layouts = {path: row["router_body_bytes"] for path, row in pages.items() if row["router_body_bytes"]}
    largest = max(layouts, key=layouts.get)
    found["page layout <= 20 kB compressed"] = {
        "value": f"largest {largest}: {layouts[largest] / KB:.1f} kB",
        "met": layouts[largest] <= TARGET_LAYOUT_BYTES,
    }
    for name, row in changes.items():
        found[f"filter change {name}: <= 30 kB, redrawn <= 300 ms"] = {
            "value": f"{row['callback_bytes_max'] / KB:.1f} kB (max), {row['redrawn_ms']} ms (median of {row['n']})",
            "met": row["callback_bytes_max"] <= TARGET_FILTER_BYTES
            and row["redrawn_ms"] is not None
            and row["redrawn_ms"] <= TARGET_FILTER_MS,
        }
    return found


def _ms(value) -> str:
    return "-" if value is None else f"{value:.0f}"


def print_report(report: dict) -> None:
    width, height = report["viewport"]
    runs = next(iter(report["pages"].values()))["n"]
    print(
        f"\npage load timelines (headless chromium, cold cache, viewport {width}x{height};"
        f" ms from navigation start, medians of {runs})"
    )
    print(
        f"{'path':<34}{'html':>6}{'layout':>7}{'card1':>7}{'cardN':>7}{'graph1':>7}{'fold':>7}{'all':>7}"
        f"{'fold/e':>7}{'all/e':>7}{'kB':>6}{'layout kB':>10}  graphs"
    )
    for path, row in report["pages"].items():
        print(
            f"{path:<34}{_ms(row['html_ms']):>6}{_ms(row['layout_ms']):>7}{_ms(row['first_card_ms']):>7}"
            f"{_ms(row['last_card_ms']):>7}{_ms(row['first_graph_ms']):>7}{_ms(row['above_fold_ms']):>7}"
            f"{_ms(row['last_graph_ms']):>7}{row['ratio']['above_fold'] or '-':>7}"
            f"{row['ratio']['all_graphs'] or '-':>7}"
            f"{row['wire_bytes'] / KB:>6.0f}{row['router_body_bytes'] / KB:>10.1f}  "
            f"{row['graphs']} ({row['graphs_above_fold']} above the fold)"
            + (f", scrolled {row['scrolled']}" if row["scrolled"] else "")
            + (f", {row['timeouts']} TIMEOUTS" if row["timeouts"] else "")
        )
        bytes_line = ", ".join(f"{role} {value / KB:.0f}" for role, value in row["bytes"].items() if value)
        print(f"    kB by role: {bytes_line}")
        for note in row["console_problems"]:
            print(f"    console: {note}")
    print("\nsecond page in the same session")
    for name, row in report["session"].items():
        print(f"  {name:<32} {row['wire_bytes'] / KB:>7.1f} kB")
        for item in row.get("refetched", [])[:8]:
            print(f"      fetched: {item}")
    print("\nfilter changes (median of n; bytes of all the callbacks the change triggers)")
    for name, row in report["filter_changes"].items():
        print(
            f"  {name:<34} redrawn {_ms(row['redrawn_ms']):>5} ms (spread {row['redrawn_spread_ms']}), "
            f"{row['callbacks']} callbacks, "
            f"{row['callback_bytes'] / KB:.1f} kB (max {row['callback_bytes_max'] / KB:.1f}), "
            f"{row['graphs_redrawn']} graphs" + (f", {row['timeouts']} TIMEOUTS" if row["timeouts"] else "")
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8050", help="a running migdash")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, help="also write the JSON to this file")
    parser.add_argument("paths", nargs="*", help=f"pages (default: {' '.join(DEFAULT_PATHS)})")
    args = parser.parse_args()
    report = measure(args.url, args.paths or None, args.repeat)
    print_report(report)
    print("\ntargets")
    for name, row in report["targets"].items():
        print(f"  [{'met' if row['met'] else 'MISSED'}] {name}: {row['value']}")
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
