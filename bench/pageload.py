"""Page-load benchmark: a first visit in headless chromium, as a reader on a weak connection has it.

    python -m bench.pageload --url http://127.0.0.1:8061 [--repeat 5] [--out FILE.json] [PATH ...]

For each page: the time from navigation start until every graph on the page has rendered and
no Dash callback is in flight ("rendered"), and the bytes transferred for it (compressed, on
the wire, headers included), each over `repeat` cold loads: a new browser with a new empty
profile every time, so nothing comes from the browser's cache. One uncounted load of each page
comes first, so the server's own caches are warm: we measure the browser's work and the
transfer, not the first query after a restart. Targets: a first load of at most 1.5 MB
(10^6 bytes) over the wire, and all graphs rendered within 1.5 s.

How "rendered" is decided: a script injected before the page's own polls the DOM every 20 ms.
A graph (a `.dash-graph`) counts when it is visible: the chart cards' hidden tab panels hold
graphs too (plotly draws their empty figures; the tables are built only on demand). A visible
graph is drawn when its `.js-plotly-plot` has a `.main-svg` and, for a map, the country shapes
(plotly fetches its topojson after drawing the frame). The page is rendered when its layout is
in place, nothing is marked `data-dash-is-loading`, every visible graph is drawn, and at least
the page's known number of graphs have data (Dash renders in waves, the page's layout first,
then each card's figure, with moments in between when nothing is loading). The time reported
is the start of the first stretch in which this holds for SETTLE_MS without a break.

Bytes are Chrome's own figures from its performance log: the sum of `encodedDataLength` of
Network.loadingFinished (compressed bytes with headers), and the decoded body bytes
(Network.dataReceived `dataLength`) as `uncompressed_bytes`. The Content-Encodings the browser
negotiated are counted (chromium offers zstd and gzip, and brotli only over https), and
responses above 1 kB that arrive without one are listed. Console errors and warnings are
collected too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options

DEFAULT_PATHS = ["/", "/stocks", "/country/MDA", "/embed/stocks-trend?country=MDA"]
# Graphs with data a page shows at least (path prefix -> count; the longest prefix wins):
# the home page's programme map, the four stocks cards, a profile's eight cards, one embed.
MIN_GRAPHS = {
    "/": 1,
    "/stocks": 4,
    "/flows": 4,
    "/remittances": 4,
    "/country/": 8,
    "/embed/": 1,
    "/sources": 0,
    "/countries": 0,
}
TARGET_BYTES = 1_500_000
TARGET_SECONDS = 1.5
SETTLE_MS = 500  # the condition must hold this long: later callback waves would break it
TIMEOUT_S = 30.0
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

# Runs in the page before its own scripts; keeps window.__pageload up to date.
WATCH_SCRIPT = """
(function () {
  var state = window.__pageload = {minGraphs: 0, since: null, graphs: 0, total: 0, undrawn: []};
  function drawn(plot) {
    if (!plot || !plot.querySelector('.main-svg')) { return false; }
    var isMap = (plot.data || []).some(function (t) { return t.type === 'choropleth' || t.type === 'scattergeo'; });
    return !isMap || plot.querySelector('.geolayer path') !== null;
  }
  function check() {
    var content = document.getElementById('_pages_content');
    var graphs = Array.prototype.filter.call(document.querySelectorAll('.dash-graph'),
                                             function (g) { return g.offsetParent !== null; });
    var undrawn = [], withData = 0;
    graphs.forEach(function (g) {
      var plot = g.querySelector('.js-plotly-plot');
      if (!drawn(plot)) { undrawn.push(g.id || '?'); }
      else if ((plot.data || []).length) { withData += 1; }
    });
    var ok = !!content && content.childElementCount > 0
      && !document.querySelector('[data-dash-is-loading="true"]')
      && undrawn.length === 0 && withData >= state.minGraphs;
    state.since = ok ? (state.since === null ? performance.now() : state.since) : null;
    state.graphs = withData;
    state.total = document.querySelectorAll('.dash-graph').length;
    state.undrawn = undrawn;
  }
  setInterval(check, 20);
})();
"""


def min_graphs(path: str) -> int:
    route = path.split("?")[0]
    prefixes = [prefix for prefix in MIN_GRAPHS if route == prefix or (prefix != "/" and route.startswith(prefix))]
    return MIN_GRAPHS[max(prefixes, key=len)] if prefixes else 0


def cold_browser(profile: str) -> webdriver.Chrome:
    """Debian's chromium with a new empty profile: an empty cache, as on a first visit."""
    options = Options()
    for flag in (*CHROME_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_SCRIPT})
    return driver


def wait_rendered(driver: webdriver.Chrome, minimum: int) -> dict:
    """The page's state once it has held rendered for SETTLE_MS (or at the timeout)."""
    driver.execute_script("window.__pageload.minGraphs = arguments[0];", minimum)
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        state = driver.execute_script("var s = window.__pageload; return Object.assign({now: performance.now()}, s);")
        if state["since"] is not None and state["now"] - state["since"] >= SETTLE_MS:
            return state
        if time.monotonic() > deadline:
            return {**state, "since": None}
        time.sleep(0.05)


def transfer(performance_log: list[dict]) -> dict:
    """Bytes and requests of a page load (http and https only: a new profile also loads
    chromium's own new-tab page), from Chrome's Network events."""
    urls, headers, sizes, decoded, failed = {}, {}, {}, 0, 0
    for entry in performance_log:
        message = json.loads(entry["message"])["message"]
        method, params = message["method"], message.get("params", {})
        request_id = params.get("requestId")
        if method == "Network.requestWillBeSent" and params["request"]["url"].startswith("http"):
            urls[request_id] = params["request"]["url"]
        elif request_id not in urls:
            continue
        elif method == "Network.responseReceived":
            headers[request_id] = {key.lower(): value for key, value in params["response"]["headers"].items()}
        elif method == "Network.dataReceived":
            decoded += params["dataLength"]
        elif method == "Network.loadingFinished":
            sizes[request_id] = params["encodedDataLength"]
        elif method == "Network.loadingFailed":
            failed += 1
    encodings = Counter(headers.get(key, {}).get("content-encoding", "none") for key in sizes)
    plain = [
        f"{urls[key]} ({size} B)"
        for key, size in sizes.items()
        if size > 1000 and not headers.get(key, {}).get("content-encoding")
    ]
    largest = [f"{urls[key]} ({sizes[key]} B)" for key in sorted(sizes, key=sizes.get, reverse=True)[:5]]
    return {
        "wire": sum(sizes.values()),
        "decoded": decoded,
        "requests": len(sizes) + failed,
        "encodings": dict(encodings),
        "plain": plain,
        "largest": largest,
    }


def load_once(url: str, minimum: int) -> dict:
    """One cold load of `url` in a new browser."""
    with tempfile.TemporaryDirectory(prefix="pageload-") as profile:
        driver = cold_browser(profile)
        try:
            driver.get_log("performance")  # drop what the browser did before: its start page
            driver.get(url)
            state = wait_rendered(driver, minimum)
            traffic = transfer(driver.get_log("performance"))
            console = [
                f"{entry['level']}: {entry['message'][:300]}"
                for entry in driver.get_log("browser")
                if entry["level"] in ("SEVERE", "WARNING")
            ]
        finally:
            driver.quit()
    seconds = None if state["since"] is None else state["since"] / 1000
    return {
        "load_s": seconds,
        "graphs": state["graphs"],
        "total": state["total"],
        "undrawn": state["undrawn"],
        "console": console,
        **traffic,
    }


def stats(values: list) -> dict | None:
    if not values:
        return None
    return {"p50": statistics.median(values), "min": min(values), "max": max(values)}


def measure_page_loads(base_url: str, paths: list[str] | None = None, repeat: int = 5) -> dict:
    """Cold page loads of `paths` on the running app at `base_url`, `repeat` times each."""
    paths = paths or DEFAULT_PATHS
    base = base_url.rstrip("/")
    for path in paths:  # warm-up, not counted: the server's caches, the OS's file cache
        load_once(base + path, min_graphs(path))
    results = {}
    for path in paths:
        runs = [load_once(base + path, min_graphs(path)) for _ in range(repeat)]
        done = [run for run in runs if run["load_s"] is not None]
        load = stats([run["load_s"] for run in done])
        results[path] = {
            "n": repeat,
            "load_s": {key: round(value, 3) for key, value in load.items()} if load else None,
            "graphs": max(run["graphs"] for run in runs),
            "graphs_in_page": max(run["total"] for run in runs),  # hidden tab panels included
            "transfer_bytes": stats([run["wire"] for run in runs]),
            "uncompressed_bytes": stats([run["decoded"] for run in runs]),
            "requests": round(statistics.median(run["requests"] for run in runs)),
            "timeouts": len(runs) - len(done),
            "undrawn_at_timeout": sorted({graph for run in runs if run["load_s"] is None for graph in run["undrawn"]}),
            "encodings": runs[-1]["encodings"],
            "uncompressed_responses": sorted({item for run in runs for item in run["plain"]}),
            "largest_responses": runs[-1]["largest"],  # compressed bytes on the wire
            "console_problems": sorted({message for run in runs for message in run["console"]}),
        }
    return results


def print_table(results: dict) -> None:
    print(f"{'path':38} {'load p50 s':>10} {'max s':>6} {'graphs':>6} {'KB wire':>8} {'KB raw':>8} {'req':>4}  targets")
    for path, row in results.items():
        load, wire, raw = row["load_s"], row["transfer_bytes"], row["uncompressed_bytes"]
        fast = load is not None and load["p50"] <= TARGET_SECONDS
        small = wire["p50"] <= TARGET_BYTES
        verdict = ("ok" if fast else "SLOW") + " " + ("ok" if small else "HEAVY")
        p50, worst = ("-", "-") if load is None else (f"{load['p50']:.3f}", f"{load['max']:.2f}")
        print(
            f"{path:38} {p50:>10} {worst:>6} {row['graphs']:>6} {wire['p50'] / 1000:>8.0f} "
            f"{raw['p50'] / 1000:>8.0f} {row['requests']:>4}  {verdict}"
        )
        for note in (*row["uncompressed_responses"], *row["console_problems"]):
            print(f"    {note}")
        if row["timeouts"]:
            print(
                f"    {row['timeouts']} load(s) not rendered in {TIMEOUT_S:.0f} s, undrawn: {row['undrawn_at_timeout']}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8050", help="a running migdash")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, help="also write the JSON to this file")
    parser.add_argument("paths", nargs="*", help=f"pages (default: {' '.join(DEFAULT_PATHS)})")
    args = parser.parse_args()
    results = measure_page_loads(args.url, args.paths or None, args.repeat)
    print_table(results)
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
