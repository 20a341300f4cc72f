"""Concurrency benchmark: a bounded load test on loopback with locust, N simulated readers who
load a page, then change a filter every few seconds (bench/locustfile.py).

    python -m bench.load [--users 10 50 100] [--seconds 60] [--spawn-rate 10] [--url URL]

Without --url it serves the app itself as production does (bench.server.serve: gunicorn with
gthread workers, --preload, a private Redis as the shared cache), with gunicorn.conf.py's
default worker count for this machine (2 x cores + 1) unless --workers says otherwise. A new
server's workers first get --warm-up seconds of 10 users, not measured (each worker's first
requests load tables and code paths); then the shared cache is emptied before each run
(unless --keep-cache), so each run starts with warm workers and a cold cache, and runs are
comparable.

Locust runs in its own virtual environment, var/bench/locust-venv, made on first use from
bench/requirements-load.txt (its pins conflict with the project's dash[testing]), and remade
when that file changes.

What is measured: the steady state. Users start at --spawn-rate per second, each with a first
page load (HTML, /_dash-layout, /_dash-dependencies, the router, the cards): 50 users at 10
per second is a burst of first loads that takes the server some seconds to work off. So the
statistics are emptied when the last user has started (locust's --reset-stats) and again
--settle seconds later (bench/locustfile.py), and the run then goes on for --seconds: the
figures cover `seconds` of all users reading, their filter changes and page moves (a page
move is the router and the cards, as a link does; a first load comes only with a new user).
--settle 0 measures from the end of the ramp, first loads in flight included. Throughput
is requests completed per second over that window; p50/p95/p99 are over every HTTP request
(locust keeps response times to 2 significant digits, e.g. 230, 240 ms); failures are
requests with a status other than 200, a callback answer without "response" or a failed
connection; requests that the server dropped on a kept-alive connection as they went out are
sent again once, as browsers do, and counted apart ("resent", see bench/locustfile.py). A whole
action (a filter change with its card renders, in sequence) is reported apart ("actions").
Also reported: the CPU that locust itself, the gunicorn workers and everything else on the
machine (Redis, other programs) used, as a share of one core (the machine has few cores: the
load generator competes with the server; a busy machine spoils the figures), and locust's
own warnings about its CPU. (CPU shares are over the whole run, ramp and settling included.)
With its own server, also the whole server's memory during each run: the largest PSS of the
master and its workers together, sampled every 2 s (bench/memory.py).

Writes bench/results/load.json.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
REQUIREMENTS = PROJECT / "bench" / "requirements-load.txt"
LOCUSTFILE = PROJECT / "bench" / "locustfile.py"
VENV = PROJECT / "var" / "bench" / "locust-venv"
WORK = PROJECT / "var" / "bench" / "load"
RESULTS = PROJECT / "bench" / "results"
SEED = 20261129
SETTLE_S = 15  # after the ramp, before measuring: the burst of first page loads drains
PLANNED_PER_PAGE = 300  # planned actions per page kind (see bench.callbacks.actions)
PREBUILT = "gevent,greenlet,geventhttpclient,zope.interface,pyzmq"  # wheels only: no C compiler needed
HTTP = ("GET", "POST")  # request types of real requests (the locustfile reports two more:)
ACTION, RESENT = "ACTION", "RESENT"  # whole actions, and attempts dropped by the server and sent again


# -- locust's virtual environment ---------------------------------------------------------------


def _pinned_version() -> str:
    for line in REQUIREMENTS.read_text().splitlines():
        if line.strip().startswith("locust=="):
            return line.split("==", 1)[1].strip()
    raise ValueError(f"no locust== pin in {REQUIREMENTS}")


def _venv_ready(locust: Path) -> bool:
    """The venv has the pinned locust and was installed from the current requirements."""
    installed = VENV / REQUIREMENTS.name
    if not (locust.exists() and installed.exists() and installed.read_text() == REQUIREMENTS.read_text()):
        return False
    done = subprocess.run([str(locust), "--version"], check=False, capture_output=True, text=True)
    return done.returncode == 0 and f"locust {_pinned_version()} " in done.stdout


def ensure_locust() -> Path:
    """The locust executable of var/bench/locust-venv, made (or brought up to date) if needed."""
    locust = VENV / "bin" / "locust"
    if _venv_ready(locust):
        return locust
    if not (VENV / "bin" / "python").exists():
        python = shutil.which("python3") or sys.executable
        subprocess.run([python, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [
            str(VENV / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-qq",
            "--only-binary",
            PREBUILT,
            "-r",
            str(REQUIREMENTS),
        ],
        check=True,
    )
    shutil.copyfile(REQUIREMENTS, VENV / REQUIREMENTS.name)
    if not _venv_ready(locust):
        raise RuntimeError(f"locust {_pinned_version()} did not install into {VENV}")
    return locust


# -- the plan -----------------------------------------------------------------------------------


def write_plan(path: Path, seed: int = SEED, per_page: int = PLANNED_PER_PAGE) -> Path:
    """The planned user actions (bench.callbacks.actions) as JSON, for the locustfile."""
    from bench.callbacks import actions
    from bench.pages import explorer_countries

    planned = actions(random.Random(seed), per_page, explorer_countries())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([[page, kind, args] for page, kind, args in planned if kind in ("view", "visit")]))
    return path


# -- statistics ---------------------------------------------------------------------------------


def percentile(histogram: Counter, q: float) -> float | None:
    """The q-quantile of locust's response-time histogram (ms -> count)."""
    total = sum(histogram.values())
    if not total:
        return None
    rank, seen = max(1, math.ceil(q * total)), 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return float(value)
    return float(max(histogram))


def _histogram(entries: list[dict]) -> Counter:
    merged = Counter()
    for entry in entries:
        merged.update({int(k): v for k, v in entry["response_times"].items()})
    return merged


def _row(entries: list[dict]) -> dict:
    histogram = _histogram(entries)
    return {
        "requests": sum(e["num_requests"] for e in entries),
        "failures": sum(e["num_failures"] for e in entries),
        "p50_ms": percentile(histogram, 0.50),
        "p95_ms": percentile(histogram, 0.95),
        "p99_ms": percentile(histogram, 0.99),
        "max_ms": round(max((e["max_response_time"] for e in entries), default=0), 1),
    }


def _failures(path: Path) -> list[dict]:
    """Failures by type, name and error, from locust's _failures.csv."""
    if not path.exists():
        return []
    with path.open(newline="") as file:
        return [
            {"type": row["Method"], "name": row["Name"], "error": row["Error"], "count": int(row["Occurrences"])}
            for row in csv.DictReader(file)
        ]


def summarise(entries: list[dict], users: int, failures: list[dict]) -> dict:
    """The run's figures from locust's JSON stats entries and its failures."""
    requests = [e for e in entries if e["method"] in HTTP]
    actions = [e for e in entries if e["method"] == ACTION]
    resent = Counter()
    for failure in failures:
        if failure["type"] == RESENT:
            resent[failure["name"]] += failure["count"]
    started = min((e["start_time"] for e in requests), default=0)
    ended = max((e["last_request_timestamp"] or 0 for e in requests), default=0)
    window = max(ended - started, 1e-9)
    total = _row(requests)
    rows = {e["name"]: _row([e]) for e in requests}
    by_name = dict(sorted(rows.items(), key=lambda item: -(item[1]["p95_ms"] or 0)))
    return {
        "users": users,
        "duration_s": round(window, 1),
        "requests": total["requests"],
        "requests_per_s": round(total["requests"] / window, 1),
        "failures": total["failures"],
        "p50_ms": total["p50_ms"],
        "p95_ms": total["p95_ms"],
        "p99_ms": total["p99_ms"],
        "max_ms": total["max_ms"],
        "by_name": by_name,
        "actions": {e["name"].removeprefix("action "): _row([e]) for e in actions},
        "errors": [f for f in failures if f["type"] in HTTP],
        "resent": {"count": sum(resent.values()), "by_name": dict(resent)},
    }


# -- CPU ----------------------------------------------------------------------------------------


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of processes (all their threads), from /proc."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def _machine_cpu() -> float:
    """CPU seconds all the machine's cores have been busy (everything but idle and iowait)."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# -- a run --------------------------------------------------------------------------------------


def locust_command(
    locust: Path, base_url: str, users: int, run_seconds: int, spawn_rate: float, prefix: Path, processes: int | None
) -> list[str]:
    command = [
        str(locust),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "-u",
        str(users),
        "-r",
        str(spawn_rate),
        "-t",
        f"{run_seconds}s",
        "--host",
        base_url,
        "--only-summary",
        "--reset-stats",
        "--csv",
        str(prefix),
        "--json-file",
        str(prefix),
        "--logfile",
        f"{prefix}.log",
    ]
    return command + (["--processes", str(processes)] if processes else [])


def _cpu_now(server_pids: list[int]) -> dict[str, float]:
    """CPU seconds so far: of this process's finished children (locust), of the server's
    processes, and of the whole machine."""
    return {"locust": _children_cpu(), "server": _cpu_seconds(server_pids), "machine": _machine_cpu()}


def run_load(
    base_url: str,
    users: int,
    seconds: int = 60,
    spawn_rate: float = 10,
    *,
    settle: float = SETTLE_S,
    seed: int = SEED,
    processes: int | None = None,
    server_pids: list[int] | None = None,
    master_pid: int | None = None,
) -> dict:
    """Run `users` simulated readers against `base_url` for `seconds` of steady state (after a
    ramp of users / spawn_rate seconds and `settle` seconds more, not counted); the figures as
    a JSON-ready dict. `server_pids`: processes whose CPU to report (the gunicorn workers);
    `master_pid`: gunicorn's master, whose and whose workers' memory (PSS) to sample."""
    from bench.memory import PeakMemory

    locust = ensure_locust()
    plan = write_plan(WORK / f"plan-{seed}.json", seed)
    prefix = WORK / f"users-{users}"
    for stale in WORK.glob(f"{prefix.name}[._]*"):
        stale.unlink()
    ramp = math.ceil(users / spawn_rate)
    env = {
        **os.environ,
        "MIGDASH_LOAD_ACTIONS": str(plan),
        "MIGDASH_LOAD_SEED": str(seed),
        "MIGDASH_LOAD_SETTLE": str(settle),
        "MIGDASH_LOAD_CA": os.environ.get("MIGDASH_LOAD_CA", ""),
    }
    env.pop("PYTHONPATH", None)  # the locust venv must not see the project venv's packages
    command = locust_command(locust, base_url, users, math.ceil(ramp + settle + seconds), spawn_rate, prefix, processes)
    before, started = _cpu_now(server_pids or []), time.monotonic()
    with PeakMemory(master_pid) if master_pid else contextlib.nullcontext() as peak:
        done = subprocess.run(command, check=False, cwd=PROJECT, env=env, capture_output=True, text=True)
    wall, after = time.monotonic() - started, _cpu_now(server_pids or [])
    stats = Path(f"{prefix}.json")
    if not stats.exists():
        raise RuntimeError(f"locust failed ({done.returncode}): {done.stderr[-2000:]}")
    figures = summarise(json.loads(stats.read_text()), users, _failures(Path(f"{prefix}_failures.csv")))
    log = Path(f"{prefix}.log").read_text() if Path(f"{prefix}.log").exists() else ""
    cpu = {f"{what}_cpu_percent": round(100 * (after[what] - before[what]) / wall) for what in after}
    if server_pids:  # what else kept the machine busy: other programs compete with both
        cpu["other_cpu_percent"] = cpu["machine_cpu_percent"] - cpu["locust_cpu_percent"] - cpu["server_cpu_percent"]
    else:
        del cpu["server_cpu_percent"]
    return {
        **figures,
        "spawn_rate": spawn_rate,
        "ramp_s": ramp,
        "settle_s": settle,
        "processes": processes or 1,
        **cpu,
        **({"server_pss_mb_max": peak.total_pss_mb} if peak else {}),
        "locust_warnings": sorted(
            {line.split("] ", 1)[-1].strip() for line in log.splitlines() if "CPU usage" in line}
        ),
    }


# -- command line -------------------------------------------------------------------------------


def print_table(runs: list[dict], top: int = 6) -> None:
    print(
        f"{'users':>6}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}{'fails':>7}"
        f"   %CPU: {'locust':>7}{'server':>8}{'other':>7}{'machine':>9}   server PSS MB (max)"
    )
    for run in runs:
        print(
            f"{run['users']:>6}{run['requests_per_s']:>8}{run['p50_ms']:>8.0f}{run['p95_ms']:>8.0f}"
            f"{run['p99_ms']:>8.0f}{run['max_ms']:>8.0f}{run['failures']:>7}         {run['locust_cpu_percent']:>7}"
            f"{run.get('server_cpu_percent', '-'):>8}{run.get('other_cpu_percent', '-'):>7}"
            f"{run['machine_cpu_percent']:>9}   {run.get('server_pss_mb_max', '-')}"
        )
    for run in runs:
        print(f"\n{run['users']} users, slowest requests by p95 (n, p50, p95 ms):")
        for name, row in list(run["by_name"].items())[:top]:
            print(f"  {name:<34}{row['requests']:>7}{row['p50_ms']:>8.0f}{row['p95_ms']:>8.0f}")
        for error in run["errors"]:
            print(f"  error: {error['count']} x {error['name']}: {error['error']}")
        if run["resent"]["count"]:
            print(
                f"  resent after the server dropped a kept-alive connection: {run['resent']['count']} "
                f"({', '.join(f'{n} {c}' for n, c in run['resent']['by_name'].items())})"
            )
        for warning in run["locust_warnings"]:
            print(f"  locust: {warning}")


def run_own_server(args, options: dict) -> list[dict]:
    """Serve the app, warm its workers, then each run on an emptied cache (unless kept)."""
    from bench.server import serve

    WORK.mkdir(parents=True, exist_ok=True)
    runs = []
    with serve(workers=args.workers, threads=args.threads, log=WORK / "gunicorn.log") as server:
        args.server = f"gunicorn, {server.workers} gthread workers x {server.threads} threads, Redis"
        if args.warm_up:  # each worker's first requests load tables and code paths: not steady state
            run_load(server.url, 10, **{**options, "seconds": args.warm_up, "seed": options["seed"] + 1})
        for users in args.users:
            if not args.keep_cache:
                server.flush_cache()
            runs.append(
                run_load(server.url, users, server_pids=server.worker_pids(), master_pid=server.process.pid, **options)
            )
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--seconds", type=int, default=60, help="steady-state seconds per run")
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--settle", type=float, default=SETTLE_S, help="seconds after the ramp, not measured")
    parser.add_argument("--url", help="a running server (default: start one)")
    parser.add_argument("--ca", help="the certificate an https --url is verified against (tests/topology.py's)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: gunicorn.conf.py's)")
    parser.add_argument("--warm-up", type=int, default=20, help="seconds of 10 users, not measured, on a new server")
    parser.add_argument("--keep-cache", action="store_true", help="don't empty the cache before each run")
    parser.add_argument("--processes", type=int, help="locust worker processes (locust --processes)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    options = {
        "seconds": args.seconds,
        "spawn_rate": args.spawn_rate,
        "settle": args.settle,
        "seed": args.seed,
        "processes": args.processes,
    }
    if args.ca:  # read by bench/locustfile.py in locust's process (run_load passes it on)
        os.environ["MIGDASH_LOAD_CA"] = str(Path(args.ca).resolve())
    ensure_locust()
    runs = [run_load(args.url, users, **options) for users in args.users] if args.url else run_own_server(args, options)
    report = {"server": args.url or args.server, "cores": os.cpu_count(), "runs": runs}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(report, indent=2))
    print_table(runs)
    print(json.dumps(report, indent=2))
    print(f"written to {RESULTS / 'load.json'}")


if __name__ == "__main__":
    main()
