"""Bytes on the wire, resource by resource: a first visit, a second page, an in-app navigation.

    python -m bench.wire --url http://127.0.0.1:8061 [--second /stocks] [--out FILE.json] [PATH ...]

For each page, in one new browser with an empty profile (headless chromium, as bench.pageload):
1. first visit: the page loaded cold; every response with its compressed bytes on the wire
   (headers included), decoded body bytes, Content-Encoding and Cache-Control;
2. second page: `--second` opened by a new navigation in the same browser (a reader opening
   another page, or a link in a new tab): what its cache did not spare;
3. in-app navigation: back on the first page, a click on a link to `--second` (Dash's router:
   no new HTML, only the layout and the callbacks).
Targets (issue 17): a first visit at most 0.7 MB (10^6 bytes) on the wire, a second page at most
60 kB. The total of each step is Chrome's `encodedDataLength` summed over the step's
responses; a response served from the browser's cache counts 0 bytes and is listed as cached.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.pageload import browser, min_graphs, wait_settled

DEFAULT_PATHS = ["/", "/stocks", "/country/MDA", "/sources", "/embed/stocks-trend?country=MDA"]
TARGET_FIRST_BYTES = 700_000
TARGET_SECOND_BYTES = 60_000
CLICK_SCRIPT = """
var link = document.querySelector('a[href="' + arguments[0] + '"]');
if (!link) { return false; }
link.click();
return true;
"""


def responses(performance_log: list[dict]) -> list[dict]:
    """One row per http(s) response of the log: url, bytes on the wire and decoded, headers."""
    rows: dict[str, dict] = {}
    for entry in performance_log:
        message = json.loads(entry["message"])["message"]
        method, params = message["method"], message.get("params", {})
        key = params.get("requestId")
        if method == "Network.requestWillBeSent" and params["request"]["url"].startswith("http"):
            rows[key] = {"url": params["request"]["url"], "wire": 0, "decoded": 0, "cached": False}
        elif key not in rows:
            continue
        elif method == "Network.requestServedFromCache":
            rows[key]["cached"] = True
        elif method == "Network.responseReceived":
            response = params["response"]
            headers = {name.lower(): value for name, value in response["headers"].items()}
            rows[key].update(
                status=response["status"],
                encoding=headers.get("content-encoding", ""),
                cache_control=headers.get("cache-control", ""),
                cached=rows[key]["cached"] or response.get("fromDiskCache", False),
            )
        elif method == "Network.dataReceived":
            rows[key]["decoded"] += params["dataLength"]
        elif method == "Network.loadingFinished":
            rows[key]["wire"] = params["encodedDataLength"]
    return list(rows.values())


def summary(rows: list[dict]) -> dict:
    return {
        "wire": sum(row["wire"] for row in rows),
        "decoded": sum(row["decoded"] for row in rows),
        "requests": len(rows),
        "from_cache": sum(row["cached"] for row in rows),
        "resources": sorted(rows, key=lambda row: row["wire"], reverse=True),
    }


def _settle(driver, path: str) -> None:
    if wait_settled(driver, min_graphs(path)).get("timed_out"):
        print(f"    {path}: not settled within the time limit")


def visit(base: str, path: str, second: str) -> dict:
    """The three steps for `path` in one new browser."""
    steps = {}
    with browser() as driver:
        driver.get(base + path)
        _settle(driver, path)
        steps["first"] = summary(responses(driver.get_log("performance")))
        driver.get(base + second)
        _settle(driver, second)
        steps["second"] = summary(responses(driver.get_log("performance")))
        driver.get(base + path)
        _settle(driver, path)
        driver.get_log("performance")
        if driver.execute_script(CLICK_SCRIPT, second):
            deadline = time.monotonic() + 10
            while driver.execute_script("return location.pathname") != second.split("?")[0]:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            _settle(driver, second)
            steps["in_app"] = summary(responses(driver.get_log("performance")))
    return steps


def print_report(results: dict, top: int) -> None:
    for path, result in results.items():
        print(f"\n{path}")
        second = result["second_path"]
        for name, step in result["steps"].items():
            target = {"first": TARGET_FIRST_BYTES, "second": TARGET_SECOND_BYTES}.get(name)
            verdict = "" if target is None else ("ok" if step["wire"] <= target else "OVER")
            label = name if name == "first" else f"{name} ({second})"
            print(
                f"  {label:28} {step['wire'] / 1000:8.1f} kB wire {step['decoded'] / 1000:8.1f} kB decoded "
                f"{step['requests']:3} requests ({step['from_cache']} from cache) {verdict}"
            )
            for row in step["resources"][:top]:
                print(
                    f"      {row['wire'] / 1000:7.1f} {row['decoded'] / 1000:7.1f} {row.get('encoding') or '-':5} "
                    f"{'cache' if row['cached'] else '':5} {row.get('cache_control', '')[:40]:40} {row['url'][:90]}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8050", help="a running migdash")
    parser.add_argument("--second", default="/stocks", help="the page opened second")
    parser.add_argument("--top", type=int, default=25, help="resources listed per step")
    parser.add_argument("--out", type=Path, help="also write the JSON to this file")
    parser.add_argument("paths", nargs="*", help=f"pages (default: {' '.join(DEFAULT_PATHS)})")
    args = parser.parse_args()
    base = args.url.rstrip("/")
    results = {}
    for path in args.paths or DEFAULT_PATHS:
        second = args.second if args.second != path else "/"
        results[path] = {"second_path": second, "steps": visit(base, path, second)}
    print_report(results, args.top)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
