"""What each worker's own cache (data.cache.LocalCache) saves per warm callback: the same warm
passes against two servers at once, one without it and one with it (one worker each, one Redis
each), taking turns, so both see the same machine moment.

    python -m bench.local_cache [--rounds 3] [--actions 6]

Prints, per callback, the warm p50 and p95 of each and their ratio (with / without); writes
bench/results/local_cache.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import urllib.request
from collections import defaultdict

from bench.callbacks import Client, actions, percentiles, run_pass
from bench.dash_client import Callbacks
from bench.data import RESULTS
from bench.pages import explorer_countries
from bench.server import serve

SEED = 20261129
SIZES = {"without": 0, "with": 16}  # MIGDASH_LOCAL_CACHE_MB


def compare(rounds: int, per_page: int) -> dict:
    planned = [a for a in actions(random.Random(SEED), per_page, explorer_countries()) if a[1] in ("view", "visit")]
    timings = {name: defaultdict(list) for name in SIZES}
    with (
        serve(workers=1, local_cache_mb=SIZES["without"]) as without,
        serve(workers=1, local_cache_mb=SIZES["with"]) as with_,
    ):
        servers = {"without": without, "with": with_}
        clients = {name: Client(server.url) for name, server in servers.items()}
        callbacks = Callbacks(json.load(urllib.request.urlopen(without.url + "/_dash-dependencies")))
        for name in SIZES:  # cold pass: fills both caches
            run_pass(clients[name], callbacks, planned)
        for _ in range(rounds):
            for name in SIZES:
                for label, values in run_pass(clients[name], callbacks, planned)[0].items():
                    timings[name][label].append(percentiles(values))
    report = {}
    for label in sorted(timings["with"]):
        row = {
            name: {q: round(statistics.median(run[q] for run in timings[name][label]), 2) for q in ("p50", "p95")}
            for name in SIZES
        }
        row["p50_ratio"] = round(row["with"]["p50"] / row["without"]["p50"], 2)
        report[label] = row
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--actions", type=int, default=6, help="random views per page")
    args = parser.parse_args()
    report = compare(args.rounds, args.actions)
    print(f"{'warm callback, ms':<46}{'without p50':>12}{'p95':>7}{'with p50':>10}{'p95':>7}{'ratio':>7}")
    for label, row in report.items():
        print(
            f"{label:<46}{row['without']['p50']:>12}{row['without']['p95']:>7}"
            f"{row['with']['p50']:>10}{row['with']['p95']:>7}{row['p50_ratio']:>7}"
        )
    ratios = [row["p50_ratio"] for label, row in report.items() if not label.endswith(("| router", "| whole action"))]
    actions_ratio = sum(row["with"]["p50"] for label, row in report.items() if label.endswith("| whole action")) / sum(
        row["without"]["p50"] for label, row in report.items() if label.endswith("| whole action")
    )
    print(
        f"\nwith / without, warm p50: median over callbacks {statistics.median(ratios):.2f}, "
        f"whole actions together {actions_ratio:.2f}"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "local_cache.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
