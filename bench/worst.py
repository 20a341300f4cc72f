"""The costliest anonymous requests, on ONE gunicorn worker: `python -m bench.worst`.

Budget (issue 13): no anonymous request may take more than ~2 s of the worker's CPU or grow it
by more than ~50 MB. This serves a built store as production does (bench.server: gunicorn
gthread, --preload, compression, Redis) with one worker, and for each entry of REQUESTS
(requests sent together count as one entry): empties the cache (an attacker's every filter
combination is new), reads the worker's CPU seconds (/proc/PID/stat utime + stime) and memory
(VmRSS; VmHWM, the peak, reset through /proc/PID/clear_refs), sends the requests, reads each
whole body, and reads CPU and memory again. Prints a table sorted by CPU, worst first, and
writes bench/results/worst.json. Not a test: it measures.

REQUESTS is a plain list: add any other kind of anonymous request (a PDF brief, a callback
body, a page) as a Probe.

    python -m bench.worst [--data-dir DIR] [--only SUBSTRING]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import _cpu_seconds
from bench import server as bench_server
from bench.server import PROJECT, serve

RESULTS = Path(__file__).resolve().parent / "results"
BROWSER_ENCODINGS = {"Accept-Encoding": "gzip, deflate, br"}
BUDGET_CPU_S, BUDGET_MB = 2.0, 50


@dataclass(frozen=True)
class Probe:
    """One entry of the table: its requests are sent at once (a thread each)."""

    name: str
    paths: tuple[str, ...]
    method: str = "GET"
    body: bytes | None = None
    headers: dict = field(default_factory=lambda: dict(BROWSER_ENCODINGS))


def _datasets() -> list[str]:
    from data.datasets import DATASETS

    return [dataset.name for dataset in DATASETS]


FORMATS = ("csv", "json", "xlsx")
# Filter combinations that give the most rows a filtered download may give (the cap: 100,000
# rows for CSV and JSON, 20,000 for Excel by default), and the ones that defeat the per-code
# index (a filter on sex or period only scans the whole table). {countries}: every origin code
# of stocks-bilateral (up to the 300 values a filter takes).
FILTERED = (
    ("flows-bilateral two periods, two sexes (90k rows)",
     "/api/v1/flows-bilateral.{fmt}?sex=female,male&period=2010-2015,2015-2020", ("csv", "json")),
    ("refugees ten years (88k rows)",
     "/api/v1/refugees.{fmt}?year=2015,2016,2017,2018,2019,2020,2021,2022,2023,2024", ("csv", "json")),
    ("stocks-bilateral sex=total (77k rows)", "/api/v1/stocks-bilateral.{fmt}?sex=total", ("csv", "json")),
    ("stocks-bilateral every origin, sex=total",
     "/api/v1/stocks-bilateral.{fmt}?sex=total&origin={countries}", ("csv", "json")),
    ("stocks-bilateral two years, total (19k rows)",
     "/api/v1/stocks-bilateral.{fmt}?year=2020,2024&sex=total", ("xlsx",)),
    ("flows-bilateral sex=total (129k rows: over the cap)", "/api/v1/flows-bilateral.{fmt}?sex=total", FORMATS),
)
TOGETHER = ("flows-bilateral.xlsx", "stocks-bilateral.xlsx", "refugees.xlsx", "flows-bilateral.json",
            "stocks-bilateral.json")


def requests() -> list[Probe]:
    probes = [Probe(f"full {name}.{fmt}", (f"/api/v1/{name}.{fmt}",)) for name in _datasets() for fmt in FORMATS]
    probes += [Probe(f"filtered {what} .{fmt}", (path.replace("{fmt}", fmt),))
               for what, path, formats in FILTERED for fmt in formats]
    probes += [Probe("5 distinct full exports at once", tuple(f"/api/v1/{file}" for file in TOGETHER)),
               Probe("5 distinct filtered downloads at the cap at once",
                     tuple(path.replace("{fmt}", formats[0]) for _, path, formats in FILTERED[:5])),
               Probe("full flows-bilateral.csv, no compression", ("/api/v1/flows-bilateral.csv",), headers={}),
               Probe("datasets.json", ("/api/v1/datasets.json",)),
               Probe("openapi.json", ("/api/v1/openapi.json",))]
    return probes


REQUESTS = requests()


def _status_kb(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            name, value = line.split(":", 1)
            fields[name] = int(value.split()[0])
    return fields


def _fetch(base: str, probe: Probe, path: str) -> tuple[int, int, float]:
    """(status, bytes received, seconds) of one whole request."""
    started = time.perf_counter()
    request = urllib.request.Request(base + path, data=probe.body, method=probe.method, headers=probe.headers)
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            size = sum(len(block) for block in iter(lambda: response.read(1 << 20), b""))
            status = response.status
    except urllib.error.HTTPError as error:
        size, status = len(error.read()), error.code
    return status, size, time.perf_counter() - started


def _countries(server) -> str:
    """Every origin code of stocks-bilateral (each one valid for the origin filter)."""
    with urllib.request.urlopen(server.url + "/api/v1/stocks-bilateral.csv?year=2024&sex=total") as response:
        rows = csv.DictReader(io.TextIOWrapper(response, encoding="utf-8"))
        codes = sorted({row["origin"] for row in rows})
    return ",".join(codes[:300])


def measure(server, probe: Probe, countries: str) -> dict:
    pid = server.worker_pids()[0]
    probe = Probe(probe.name, tuple(path.replace("{countries}", countries) for path in probe.paths),
                  probe.method, probe.body, probe.headers)
    server.flush_cache()
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM := VmRSS
    before, cpu_before = _status_kb(pid), _cpu_seconds([pid])
    with ThreadPoolExecutor(len(probe.paths)) as pool:
        results = list(pool.map(lambda path: _fetch(server.url, probe, path), probe.paths))
    after, cpu_after = _status_kb(pid), _cpu_seconds([pid])
    return {
        "name": probe.name, "paths": [path[:200] for path in probe.paths], "status": sorted({status for status, _, _ in results}),
        "wall_s": round(max(seconds for _, _, seconds in results), 2), "cpu_s": round(cpu_after - cpu_before, 2),
        "rss_growth_mb": round((after["VmRSS"] - before["VmRSS"]) / 1024, 1),
        "peak_growth_mb": round((after["VmHWM"] - before["VmRSS"]) / 1024, 1),
        "rss_mb": round(after["VmRSS"] / 1024), "bytes": sum(size for _, size, _ in results),
    }


def _warm(server) -> None:
    """Every table loaded in the worker: what is measured is each request's own cost."""
    for name in _datasets():
        _fetch(server.url, Probe("warm", ()), f"/api/v1/{name}.metadata.json")


def _free_port_in(low: int, high: int) -> int:
    for port in range(low, high + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {low}-{high}")


def ensure_store(data_dir: Path) -> Path:
    """A build of this checkout's code, with the demo programme data, in `data_dir`."""
    env = {**os.environ, "MIGDASH_DATA_DIR": str(data_dir)}
    for command in (["-m", "data.build"], ["-m", "data.programme", "demo", "--if-empty"]):
        subprocess.run([sys.executable, *command], cwd=PROJECT, env=env, check=True)
    return data_dir


def print_table(rows: list[dict]) -> None:
    rows = sorted(rows, key=lambda row: row["cpu_s"], reverse=True)
    width = max(len(row["name"]) for row in rows)
    print(f"{'request':<{width}}  status     wall s   CPU s   RSS +MB  peak +MB    MB sent")
    for row in rows:
        over = " *" if row["cpu_s"] > BUDGET_CPU_S or max(row["rss_growth_mb"], row["peak_growth_mb"]) > BUDGET_MB else ""
        status = ",".join(map(str, row["status"]))
        print(f"{row['name']:<{width}}  {status:<9} {row['wall_s']:>7.2f} {row['cpu_s']:>7.2f} "
              f"{row['rss_growth_mb']:>9.1f} {row['peak_growth_mb']:>9.1f} {row['bytes'] / 1e6:>10.1f}{over}")
    worst = rows[0]
    print(f"\nworst: {worst['name']}: {worst['cpu_s']} s CPU, {worst['wall_s']} s wall, "
          f"+{worst['rss_growth_mb']} MB RSS (peak +{worst['peak_growth_mb']} MB), worker at {worst['rss_mb']} MB")
    print(f"* over the budget ({BUDGET_CPU_S} s CPU or {BUDGET_MB} MB)")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.worst", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=PROJECT / "var" / "bench" / "worst-data",
                        help="store to serve (built there when out of date)")
    parser.add_argument("--only", default="", help="measure only the requests whose name has this")
    parser.add_argument("--ports", default="", help="e.g. 8400-8499: serve (gunicorn, Redis) on free ports of "
                        "this range only (default: any free port)")
    args = parser.parse_args(argv)
    if args.ports:
        low, high = map(int, args.ports.split("-"))
        bench_server.free_port = lambda: _free_port_in(low, high)
    data_dir = ensure_store(args.data_dir.resolve())
    probes = [probe for probe in REQUESTS if args.only in probe.name]
    with serve(workers=1, app="app:server", data_dir=data_dir) as server:
        _warm(server)
        countries = _countries(server)
        rows = []
        for probe in probes:
            rows.append(measure(server, probe, countries))
            print(f"  {probe.name}: {rows[-1]['cpu_s']} s CPU", file=sys.stderr, flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "worst.json").write_text(json.dumps(rows, indent=2))
    print_table(rows)


if __name__ == "__main__":
    main()
