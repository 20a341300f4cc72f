"""Soak test: many simulated readers for a long time, to see what grows.

    python -m bench.soak [--users 50] [--minutes 30] [--sample 30]    (make soak)

Serves the app as production does (bench.server.serve: gunicorn, gthread workers, --preload,
a private Redis), warms the workers up (their first requests load tables and code paths, which
is not growth), then runs `--users` locust readers (bench/locustfile.py, the load test's user)
for `--minutes`, sampling every worker's resident memory every `--sample` seconds from /proc.

Reports errors (any status but 200, failed connections), latency percentiles over the whole
soak, and for each worker its RSS at the baseline, at the end and at its peak, with the
growth in % (target: < 10 % per worker), plus whether any worker was restarted (a new pid is
a crash or gunicorn's timeout killing it). The baseline is the first sample after
`--baseline-after` seconds of the soak: the warm-up gives each worker its tables, but a
worker's caches of per-country indexes and layouts fill during the first minutes of real
traffic, which is not a leak. Writes bench/results/soak.json.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from pathlib import Path

from bench.load import RESULTS, SEED, WORK, ensure_locust, run_load
from bench.server import serve

GROWTH_TARGET_PERCENT = 10


def rss_kb(pid: int) -> int | None:
    """VmRSS of a process in kB, or None when it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class Sampler(threading.Thread):
    """Samples the server's workers' RSS every `every` seconds until stopped."""

    def __init__(self, server, every: float):
        super().__init__(daemon=True)
        self.server, self.every = server, every
        self.samples: list[tuple[float, dict[int, int]]] = []
        self.stopped = threading.Event()

    def sample(self) -> dict[int, int]:
        return {pid: kb for pid in self.server.worker_pids() if (kb := rss_kb(pid)) is not None}

    def run(self) -> None:
        started = time.monotonic()
        while not self.stopped.wait(self.every):
            self.samples.append((round(time.monotonic() - started), self.sample()))


def growth(baseline: dict[int, int], samples: list[tuple[float, dict[int, int]]], final: dict[int, int]) -> list[dict]:
    """Per worker of the baseline: RSS at start, end and peak (MB) and growth in %."""
    rows = []
    for pid, start in sorted(baseline.items()):
        seen = [values[pid] for _, values in samples if pid in values] + ([final[pid]] if pid in final else [])
        end = final.get(pid)
        rows.append(
            {
                "pid": pid,
                "start_mb": round(start / 1024, 1),
                "end_mb": round(end / 1024, 1) if end else None,
                "peak_mb": round(max(seen) / 1024, 1) if seen else None,
                "growth_percent": round(100 * (end - start) / start, 1) if end else None,
                "restarted": end is None,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--sample", type=float, default=30, help="seconds between memory samples")
    parser.add_argument("--warm-up", type=int, default=60, help="seconds of 10 users before the soak")
    parser.add_argument(
        "--baseline-after", type=float, default=180, help="seconds into the soak of the memory baseline"
    )
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    ensure_locust()
    WORK.mkdir(parents=True, exist_ok=True)
    with serve(workers=args.workers, log=WORK / "soak-gunicorn.log") as server:
        run_load(server.url, 10, seconds=args.warm_up, settle=0, seed=args.seed + 1)
        sampler = Sampler(server, args.sample)
        at_start = sampler.sample()
        sampler.start()
        try:
            run = run_load(
                server.url,
                args.users,
                seconds=round(args.minutes * 60),
                settle=0,
                seed=args.seed,
                server_pids=list(at_start),
            )
        finally:
            sampler.stopped.set()
            sampler.join()
        final = sampler.sample()
        baseline_t, baseline = next(
            ((t, values) for t, values in sampler.samples if t >= args.baseline_after), (0, at_start)
        )
        later = [(t, values) for t, values in sampler.samples if t >= baseline_t]
        workers = growth(baseline, later, final)
        since_start = {row["pid"]: row["growth_percent"] for row in growth(at_start, sampler.samples, final)}
        for row in workers:
            row["growth_since_soak_start_percent"] = since_start.get(row["pid"])
        new_workers = sorted(set(final) - set(at_start))
        log = (WORK / "soak-gunicorn.log").read_text(errors="replace")
    report = {
        "users": args.users,
        "minutes": args.minutes,
        "server": f"gunicorn, {server.workers} gthread workers x {server.threads} threads, Redis",
        "requests": run["requests"],
        "requests_per_s": run["requests_per_s"],
        "failures": run["failures"],
        "errors": run["errors"],
        "p50_ms": run["p50_ms"],
        "p95_ms": run["p95_ms"],
        "p99_ms": run["p99_ms"],
        "max_ms": run["max_ms"],
        "baseline_at_s": baseline_t,
        "workers": workers,
        "new_workers": new_workers,
        "tracebacks_in_log": log.count("Traceback"),
        "worker_timeouts_in_log": log.count("WORKER TIMEOUT"),
        "samples": [
            {"t_s": t, "rss_mb": {str(pid): round(kb / 1024, 1) for pid, kb in values.items()}}
            for t, values in sampler.samples
        ],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "soak.json").write_text(json.dumps(report, indent=2))
    print(f"soak: {args.users} users, {args.minutes:g} min, {report['server']}")
    print(
        f"requests {run['requests']} ({run['requests_per_s']}/s), failures {run['failures']}, "
        f"p50 {run['p50_ms']:.0f} ms, p95 {run['p95_ms']:.0f} ms, p99 {run['p99_ms']:.0f} ms, max "
        f"{run['max_ms']:.0f} ms"
    )
    for error in run["errors"]:
        print(f"  error: {error['count']} x {error['name']}: {error['error']}")
    print(
        f"tracebacks in the server log: {report['tracebacks_in_log']}; worker timeouts: "
        f"{report['worker_timeouts_in_log']}; workers started during the soak: {len(new_workers)}"
    )
    print(f"memory per worker: baseline at {baseline_t} s into the soak; growth since the soak's start in brackets")
    print(f"{'worker':>8}{'base MB':>10}{'end MB':>9}{'peak MB':>9}{'growth':>9}{'(from start)':>14}")
    for row in workers:
        print(
            f"{row['pid']:>8}{row['start_mb']:>10}{row['end_mb'] or '-':>9}{row['peak_mb'] or '-':>9}"
            f"{(str(row['growth_percent']) + ' %') if row['growth_percent'] is not None else 'gone':>9}"
            f"{'(' + str(row['growth_since_soak_start_percent']) + ' %)':>14}"
        )
    worst = max((row["growth_percent"] or 0 for row in workers), default=0)
    met = worst < GROWTH_TARGET_PERCENT and not run["failures"] and not new_workers
    print(
        f"target: 0 errors and RSS growth < {GROWTH_TARGET_PERCENT} % per worker: {'met' if met else 'MISSED'}"
        f" (worst growth {worst} %)"
    )
    print(f"written to {RESULTS / 'soak.json'}")


if __name__ == "__main__":
    main()
