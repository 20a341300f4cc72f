"""Memory benchmark: the memory of the whole server (gunicorn's master and every worker), on
the real store and on inflated ones (bench/scale.py), after each worker has served views of
every page (the tables, their row indexes, the code paths all loaded).

    python -m bench.memory [--scale 1,100] [--workers N] [--actions 6]

Reported per process and in total: PSS (proportional set size: each shared page split between
the processes that map it, so the total counts the page cache's one copy of a mapped table
once), RSS and USS (the process's private pages), from /proc/<pid>/smaps_rollup. Twice as
many clients as workers read at once, so that every worker serves some of the views.

Writes bench/results/memory.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import tempfile
import threading
import urllib.request
from pathlib import Path

from bench.callbacks import Client, actions, run_pass
from bench.dash_client import Callbacks
from bench.data import RESULTS
from bench.pages import explorer_countries
from bench.server import serve

SEED = 20261129
MB = 1024  # smaps_rollup counts kB


def process_memory(pid: int) -> dict:
    """PSS, RSS and USS of one process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    private = fields["Private_Clean"] + fields["Private_Dirty"]
    return {
        "pid": pid,
        "pss_mb": round(fields["Pss"] / MB),
        "rss_mb": round(fields["Rss"] / MB),
        "uss_mb": round(private / MB),
    }


def server_memory(server) -> dict:
    """The master's and each worker's memory, and the whole server's PSS."""
    return memory_of(server.process.pid)


def memory_of(master_pid: int) -> dict:
    """The memory of a gunicorn master and of its workers (its children now)."""
    master = process_memory(master_pid)
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    workers = [process_memory(int(pid)) for pid in children]
    return {
        "total_pss_mb": master["pss_mb"] + sum(worker["pss_mb"] for worker in workers),
        "master": master,
        "workers": workers,
    }


class PeakMemory:
    """The largest whole-server PSS seen while the block runs, sampled every `every` s:

    with PeakMemory(master_pid) as peak:
        ...
    peak.total_pss_mb
    """

    def __init__(self, master_pid: int, every: float = 2.0):
        self.master_pid, self.every = master_pid, every
        self.total_pss_mb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            with contextlib.suppress(OSError):  # a worker ending between two reads
                self.total_pss_mb = max(self.total_pss_mb, memory_of(self.master_pid)["total_pss_mb"])
            if self._stop.wait(self.every):
                return

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()


def read_concurrently(url: str, planned: list, clients: int) -> int:
    """Each of `clients` connections performs `planned` at once; the errors."""
    callbacks = Callbacks(json.load(urllib.request.urlopen(url + "/_dash-dependencies")))
    errors = []

    def read(offset: int) -> None:
        mine = planned[offset:] + planned[:offset]  # each client its own order
        errors.append(run_pass(Client(url), callbacks, mine)[2])

    threads = [threading.Thread(target=read, args=(len(planned) * i // clients,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(errors)


def measure(
    data_dir: Path, factors: tuple[int, ...], workers: int | None, planned: list, work: Path, kept: dict | None = None
) -> dict:
    """The whole server's memory on the real store (×1) and on each inflated one (made in
    `work`, or taken from `kept`: {factor: data folder})."""
    from bench.scale import inflated_store, rows

    report, kept = {}, kept or {}
    for factor in factors:
        store = data_dir if factor == 1 else kept.get(factor) or inflated_store(data_dir, factor, work / f"x{factor}")
        env = {"MIGDASH_PROGRAMME_DB": f"sqlite:///{data_dir / 'programme.sqlite'}"}
        with serve(workers=workers, data_dir=store, env=env, local_cache_mb=None) as server:  # as in production
            errors = read_concurrently(server.url, planned, 2 * server.workers)
            report[f"x{factor}"] = {"rows": rows(store), "errors": errors, **server_memory(server)}
    base = report[f"x{factors[0]}"]["total_pss_mb"]
    for result in report.values():
        result["total_pss_ratio"] = round(result["total_pss_mb"] / base, 2)
    return report


def print_report(report: dict) -> None:
    print("whole server memory (gunicorn master + workers), MB: total PSS (ratio to x1); per process PSS/RSS/USS")
    for name, row in report.items():
        processes = [row["master"], *row["workers"]]
        print(
            f"  {name:<6}{row['rows']:>12,} rows  {row['total_pss_mb']:>6} MB ({row['total_pss_ratio']} x)  "
            + "  ".join(f"{p['pss_mb']}/{p['rss_mb']}/{p['uss_mb']}" for p in processes)
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="1,100", help="inflation factors, the first the reference")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--actions", type=int, default=6, help="random views per page")
    parser.add_argument(
        "--inflated", type=Path, action="append", default=[], help="a store made by `python -m bench.scale N DIR`"
    )
    args = parser.parse_args()
    from bench.scale import factor_of
    from settings import Settings

    planned = [a for a in actions(random.Random(SEED), args.actions, explorer_countries()) if a[1] in ("view", "visit")]
    factors = tuple(int(f) for f in args.scale.split(",") if f)
    with tempfile.TemporaryDirectory(prefix="migdash-bench-memory-") as tmp:
        report = measure(
            Settings.from_env().data_dir,
            factors,
            args.workers,
            planned,
            Path(tmp),
            {factor_of(d): d for d in args.inflated},
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "memory.json").write_text(json.dumps(report, indent=2))
    print_report(report)
    print(f"written to {RESULTS / 'memory.json'}")


if __name__ == "__main__":
    main()
