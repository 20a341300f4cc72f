"""The benchmark suite: `make bench` (or `python -m bench`).

Builds the data store (timed, in a temporary folder), serves the app as production does
(gunicorn, gthread workers, --preload, compression, Redis; bench/server.py) and measures:

  a. callback latency over HTTP, every main callback of every page, cold and warm cache
     (bench/callbacks.py), with
  b. the floor (a constant shaped and sized like a card's render: Dash's own cost) and
  c. the naive reference (the raw CSV filtered and grouped per request) through the same
     harness, and the naive query in one process (bench/naive.py);
  d. bytes on the wire per callback and per user action;
  e. in headless chromium (bench/pageload.py): each page's load timeline as a ratio to the
     one-chart embed, a second page in the same session, filter changes;
  f. 10, 50 and 100 simulated users (locust, bench/load.py), with the server's memory;
  g. the same callbacks on stores inflated ×10 and ×100 (bench/scale.py);
  h. build time, and resident memory per worker;
  i. the whole server's memory (master and workers, PSS) at x1 and x100 (bench/memory.py).

Each latency figure is the median of `--rounds` runs, with the spread (min-max) of the runs.
Writes bench/results/bench.json and prints the tables and the targets met or missed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

from bench.callbacks import Client, actions, percentiles, run_pass
from bench.dash_client import Callbacks
from bench.data import RESULTS, bench_build
from bench.pages import explorer_countries
from bench.server import serve

SEED = 20261129
KB = 1000


def _machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(
        next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024**2, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def latency(server, planned: list, rounds: int) -> dict:
    """Per "page | callback": cold and warm percentiles (median of rounds, p95 spread), bytes."""
    callbacks = Callbacks(json.load(urllib.request.urlopen(server.url + "/_dash-dependencies")))
    client = Client(server.url)
    run_pass(client, callbacks, planned[: len(planned) // 4])  # start-up: code paths, tables per worker
    per_round = {"cold": defaultdict(list), "warm": defaultdict(list)}
    wire, errors = None, 0
    for _ in range(rounds):
        server.flush_cache()
        for state in ("cold", "warm"):
            timings, wire, failed = run_pass(client, callbacks, planned)
            errors += failed
            for label, values in timings.items():
                per_round[state][label].append(percentiles(values))
    report = {}
    for label in sorted(per_round["warm"]):
        row = {}
        for state in ("cold", "warm"):
            runs = per_round[state][label]
            row[state] = {key: round(statistics.median(run[key] for run in runs), 2) for key in ("p50", "p95", "p99")}
            row[state]["p95_spread"] = [
                round(min(run["p95"] for run in runs), 2),
                round(max(run["p95"] for run in runs), 2),
            ]
            row[state]["n"] = sum(run["n"] for run in runs)
        if label in wire["callback"]:
            row["bytes_p50"] = round(statistics.median(wire["callback"][label]))
        report[label] = row
    actions_bytes = {page: {"p50": round(statistics.median(v)), "max": max(v)} for page, v in wire["action"].items()}
    return {"callbacks": report, "action_bytes": actions_bytes, "errors": errors}


def memory(server) -> list[dict]:
    """Resident (RSS) and proportional (PSS: shared pages split between processes) memory."""
    found = []
    for pid in server.worker_pids():
        fields = {}
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, value = line.split(":", 1)
            fields[name] = int(value.split()[0])
        found.append({"pid": pid, "rss_mb": round(fields["Rss"] / 1024), "pss_mb": round(fields["Pss"] / 1024)})
    return found


def scale(data_dir: Path, planned: list, factors: tuple[int, ...], rounds: int, work: Path) -> dict:
    """The explorer and profile callbacks on inflated stores, one worker each (same inputs)."""
    from bench.scale import inflated_store, rows

    planned = [action for action in planned if action[1] in ("view", "visit")]
    report = {}
    for factor in factors:
        started = time.perf_counter()
        store = inflated_store(data_dir, factor, work / f"x{factor}")
        inflate_s = time.perf_counter() - started
        env = {"MIGDASH_PROGRAMME_DB": f"sqlite:///{data_dir / 'programme.sqlite'}"}
        with serve(workers=1, data_dir=store, env=env) as server:
            result = latency(server, planned, rounds)
            report[f"x{factor}"] = {
                "rows": rows(store),
                "inflate_s": round(inflate_s, 1),
                **result,
                "memory": memory(server),
            }
    base = report[f"x{factors[0]}"]["callbacks"]
    for result in report.values():
        result["warm_p95_ratio"] = {
            label: round(row["warm"]["p95"] / base[label]["warm"]["p95"], 2)
            for label, row in result["callbacks"].items()
            if label in base
        }
        result["cold_p95_ratio"] = {
            label: round(row["cold"]["p95"] / base[label]["cold"]["p95"], 2)
            for label, row in result["callbacks"].items()
            if label in base
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="repeated runs of each measurement")
    parser.add_argument("--actions", type=int, default=20, help="random views per page and round")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py)")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--scale", default="1,10,100", help="inflation factors; empty to skip")
    parser.add_argument("--skip", default="", help="comma-separated: build,pageload,load,scale,memory")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 1 round, few actions, short load")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.actions, args.load_seconds, args.scale = 1, 4, 10, "1,10"
    skip = set(filter(None, args.skip.split(",")))

    from settings import Settings

    settings = Settings.from_env()
    report = {
        "machine": _machine(),
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "options": vars(args),
    }
    planned = actions(random.Random(SEED), args.actions, explorer_countries())
    with tempfile.TemporaryDirectory(prefix="migdash-bench-") as tmp:
        work = Path(tmp)
        if "build" not in skip:
            built = bench_build(settings.source_dir, work)
            built.pop("data_dir")
            report["build"] = built
        with serve(workers=args.workers, log=work / "gunicorn.log") as server:
            report["server"] = {
                "workers": server.workers,
                "threads": server.threads,
                "cache": "RedisCache",
                "compression": True,
                "preload": True,
            }
            report["latency"] = latency(server, planned, args.rounds)
            if "pageload" not in skip:
                from bench import pageload

                report["browser"] = pageload.measure(server.url, repeat=2 if args.quick else 5)
            if "load" not in skip:
                from bench.load import run_load

                report["load"] = {}
                for users in (10, 100) if args.quick else (10, 50, 100):  # each on an emptied cache
                    server.flush_cache()
                    report["load"][f"{users} users"] = run_load(
                        server.url,
                        users,
                        args.load_seconds,
                        server_pids=server.worker_pids(),
                        master_pid=server.process.pid,
                    )
            report["memory"] = memory(server)
        report["naive_in_process"] = __import__("bench.naive", fromlist=["compare"]).compare(30)
        factors = tuple(int(f) for f in args.scale.split(",") if f)
        if factors and "scale" not in skip:
            report["scale"] = scale(settings.data_dir, planned, factors, args.rounds, work)
        if "memory" not in skip:  # the whole server on the stores `scale` inflated (or made now)
            from bench.memory import measure

            kept = {factor: work / f"x{factor}" for factor in factors if (work / f"x{factor}").is_dir()}
            report["server_memory"] = measure(
                settings.data_dir, (1, max(factors, default=1)), args.workers, planned, work, kept
            )
    report["targets"] = targets(report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench.json").write_text(json.dumps(report, indent=2))
    print_report(report)
    print(f"\nwritten to {RESULTS / 'bench.json'}")


MAIN_CALLBACKS = ("view", "headlines")  # with every card render; the pages router is reported apart
BILATERAL_VIEWS = ("/stocks | stocks-top", "/country/<ISO3> | stocks-top", "/flows | flows-sankey")


def targets(report: dict) -> dict:
    """Each target of the issue: the figure, the limit, met or not."""
    callbacks = report["latency"]["callbacks"]
    floor = callbacks["floor | floor"]["warm"]["p95"]
    naive = callbacks["naive | naive origins"]["warm"]["p95"]
    main = {
        label: row
        for label, row in callbacks.items()
        if not label.startswith(("floor", "naive")) and not label.endswith(("| router", "| whole action"))
    }
    worst = max(main, key=lambda label: main[label]["warm"]["p95"])
    found = {
        "main callbacks warm p95 <= 1.5 x floor": {
            "value": f"worst {worst}: {main[worst]['warm']['p95']} ms = "
            f"{main[worst]['warm']['p95'] / floor:.1f} x floor "
            f"({floor} ms); {sum(row['warm']['p95'] <= 1.5 * floor for row in main.values())} of {len(main)} within",
            "met": main[worst]["warm"]["p95"] <= 1.5 * floor,
        },
        "bilateral views >= 10 x faster than naive (warm p95)": {
            "value": ", ".join(
                f"{label}: {naive / callbacks[label]['warm']['p95']:.1f} x"
                for label in BILATERAL_VIEWS
                if label in callbacks
            ),
            "met": all(
                naive / callbacks[label]["warm"]["p95"] >= 10 for label in BILATERAL_VIEWS if label in callbacks
            ),
        },
    }
    filter_changes = {
        page: row
        for page, row in report["latency"]["action_bytes"].items()
        if page in ("/stocks", "/flows", "/remittances", "/programme")
    }
    largest = max(row["max"] for row in filter_changes.values())
    found["filter change <= 50 kB over the wire"] = {
        "value": f"largest {largest / KB:.1f} kB",
        "met": largest <= 50 * KB,
    }
    if "browser" in report:
        found.update(report["browser"]["targets"])
    for users, p95_limit_ms in ((50, 300), (100, 250)):  # the load test's runs and their targets
        run = report.get("load", {}).get(f"{users} users")
        if run is None:
            continue
        memory = f", server {run['server_pss_mb_max']} MB PSS at most" if "server_pss_mb_max" in run else ""
        found[f"{users} users: 0 errors, p95 < {p95_limit_ms} ms"] = {
            "value": f"{run['failures']} errors, p95 {run['p95_ms']} ms, {run['requests_per_s']} req/s{memory}",
            "met": run["failures"] == 0 and run["p95_ms"] < p95_limit_ms,
        }
    if "x100" in report.get("server_memory", {}):
        memory_x100 = report["server_memory"]["x100"]
        found["x100 data <= 1.5 x the whole server's memory"] = {
            "value": f"{memory_x100['total_pss_mb']} MB PSS = {memory_x100['total_pss_ratio']} x "
            f"({report['server_memory']['x1']['total_pss_mb']} MB at x1)",
            "met": memory_x100["total_pss_ratio"] <= 1.5,
        }
    rss = max(worker["rss_mb"] for worker in report["memory"])
    found["<= 400 MB resident per worker"] = {"value": f"largest {rss} MB RSS", "met": rss <= 400}
    if "scale" in report and "x100" in report["scale"]:
        ratios = report["scale"]["x100"]["warm_p95_ratio"]
        worst = max(ratios, key=ratios.get)
        found["x100 data <= 1.2 x latency (warm p95)"] = {
            "value": f"worst {worst}: {ratios[worst]} x",
            "met": ratios[worst] <= 1.2,
        }
    return found


def print_report(report: dict) -> None:
    machine = report["machine"]
    print(f"{machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB, Python {machine['python']}")
    if "build" in report:
        build = report["build"]
        print(
            f"data build: {build['cold_build_s']} s cold, {build['noop_build_s']} s no-op, "
            f"store {build['store_bytes'] / 1e6:.1f} MB"
        )
    callbacks = report["latency"]["callbacks"]
    floor = callbacks["floor | floor"]["warm"]["p95"]
    print(f"\ncallback latency, ms (median of {report['options']['rounds']} rounds; p95 spread min-max)")
    print(
        f"{'page | callback':<46}{'cold p50':>9}{'p95':>7}{'p99':>7}{'warm p50':>10}{'p95':>7}"
        f"{'p99':>7}  {'p95 spread':<14}{'x floor':>8}{'bytes':>8}"
    )
    for label, row in callbacks.items():
        cold, warm = row["cold"], row["warm"]
        spread = f"{warm['p95_spread'][0]}-{warm['p95_spread'][1]}"
        print(
            f"{label:<46}{cold['p50']:>9}{cold['p95']:>7}{cold['p99']:>7}{warm['p50']:>10}{warm['p95']:>7}"
            f"{warm['p99']:>7}  {spread:<14}{warm['p95'] / floor:>8.1f}{row.get('bytes_p50', ''):>8}"
        )
    print(
        "\nbytes on the wire per user action (p50 / max): "
        + ", ".join(
            f"{page} {row['p50'] / KB:.1f}/{row['max'] / KB:.1f} kB"
            for page, row in report["latency"]["action_bytes"].items()
        )
    )
    if "browser" in report:
        from bench import pageload

        pageload.print_report(report["browser"])
    if "load" in report:
        print("\nload test (locust): users, req/s, p50, p95, p99 ms, failures")
        for name, row in report["load"].items():
            print(
                f"  {name:<10}{row['requests_per_s']:>8}{row['p50_ms']:>8}{row['p95_ms']:>8}{row['p99_ms']:>8}"
                f"{row['failures']:>6}"
            )
    if "server_memory" in report:
        from bench.memory import print_report as print_memory

        print()
        print_memory(report["server_memory"])
    print("\nmemory per worker: " + ", ".join(f"{w['rss_mb']} MB RSS ({w['pss_mb']} PSS)" for w in report["memory"]))
    if "scale" in report:
        print("\nscale (1 worker): rows, warm p95 ratio to x1 (worst), cold p95 ratio (worst), RSS")
        for name, row in report["scale"].items():
            warm_worst = max(row["warm_p95_ratio"].items(), key=lambda item: item[1])
            cold_worst = max(row["cold_p95_ratio"].items(), key=lambda item: item[1])
            print(
                f"  {name:<6}{row['rows']:>12,}  warm {warm_worst[1]} x ({warm_worst[0]})  "
                f"cold {cold_worst[1]} x ({cold_worst[0]})  {row['memory'][0]['rss_mb']} MB"
            )
    print("\ntargets")
    for name, row in report["targets"].items():
        print(f"  [{'met' if row['met'] else 'MISSED'}] {name}: {row['value']}")


if __name__ == "__main__":
    main()
