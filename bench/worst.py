"""The costliest anonymous requests, on ONE gunicorn worker: `python -m bench.worst`.

Budget (issue 13): no anonymous request may take more than ~2 s of the worker's CPU or grow it
by more than ~50 MB. This serves a built store as production does (bench.server: gunicorn
gthread, --preload, compression, Redis) with one worker, and for each entry of REQUESTS
(requests sent together count as one entry): empties the cache (an attacker's every filter
combination is new), reads the worker's CPU seconds (/proc/PID/stat utime + stime) and memory
(VmRSS; VmHWM, the peak, reset through /proc/PID/clear_refs), sends the requests, reads each
whole body, and reads CPU and memory again. Prints a table sorted by CPU, worst first, and
writes bench/results/worst.json. Not a test: it measures.

REQUESTS is a plain list of Probes: downloads, pages, Dash callbacks (bodies built from the
server's /_dash-dependencies as the browser builds them, and hostile ones), PDF briefs (the
renderer's CPU counts: chromium is the worker's child) and failed sign-ins. CPU is the
worker's own plus that of its children it has waited for.

    python -m bench.worst [--data-dir DIR] [--only SUBSTRING]
"""

from __future__ import annotations

import argparse
import csv
import inspect
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench import server as bench_server
from bench.dash_client import UPDATE_PATH, Callbacks
from bench.load import _machine_cpu
from bench.server import PROJECT, serve

RESULTS = Path(__file__).resolve().parent / "results"
BROWSER_ENCODINGS = {"Accept-Encoding": "gzip, deflate, br"}
BUDGET_CPU_S, BUDGET_MB = 2.0, 50


@dataclass(frozen=True)
class Probe:
    """One entry of the table: its requests are sent at once (a thread each). `body` is bytes,
    or a function of the app's callbacks (bench.dash_client.Callbacks) giving the JSON body."""

    name: str
    paths: tuple[str, ...]
    method: str = "GET"
    body: bytes | Callable | None = None
    headers: dict = field(default_factory=lambda: dict(BROWSER_ENCODINGS))


def _callback(name: str, make_body: Callable, copies: int = 1) -> Probe:
    """A POST to /_dash-update-component (`copies` of it at once)."""
    return Probe(
        name, (UPDATE_PATH,) * copies, "POST", make_body, {**BROWSER_ENCODINGS, "Content-Type": "application/json"}
    )


def _router_with_search(search: str):
    return lambda callbacks: callbacks.visit("/stocks", search)


def _signin_form(_callbacks, url: str) -> tuple[bytes, dict]:
    """A wrong password as a browser would post it: with the sign-in page's session cookie and
    CSRF token (without them the form is refused before any password is checked)."""
    with urllib.request.urlopen(url + "/signin") as response:
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        token = re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode()).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "username": "ada", "password": "wrong-password"})
    return form.encode(), {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}


def _deep(callbacks) -> bytes:
    body = json.dumps(callbacks.visit("/stocks"))
    return body.replace('"value": ""', '"value": ' + "[" * 10_000 + "]" * 10_000, 1).encode()


def _every_country_spec(chart: str, **state):
    def body(callbacks):
        return callbacks.render_card(
            "worst", {"chart": chart, "state": {"country": COUNTRIES[:12], **state}, "lang": "fr"}
        )

    return body


# Twelve countries (the most a view takes) of every region, for the heaviest card renders.
COUNTRIES = ["MDA", "TUN", "MAR", "SRB", "BGD", "ECU", "JAM", "KGZ", "IND", "MEX", "USA", "DEU"]
PAGES = (
    "/",
    "/stocks?country=" + ",".join(COUNTRIES),
    "/flows",
    "/remittances?country=" + ",".join(COUNTRIES),
    "/country/IND",
    "/programme",
    "/programme/MDA",
    "/sources",
    "/brief/MDA",
)


def _datasets() -> list[str]:
    from data.datasets import DATASETS

    return [dataset.name for dataset in DATASETS]


FORMATS = ("csv", "json", "xlsx")
# Filter combinations that give the most rows a filtered download may give (the cap: 100,000
# rows for CSV and JSON, 20,000 for Excel by default), and the ones that defeat the per-code
# index (a filter on sex or period only scans the whole table). {countries}: every origin code
# of stocks-bilateral (up to the 300 values a filter takes).
FILTERED = (
    (
        "flows-bilateral two periods, two sexes (90k rows)",
        "/api/v1/flows-bilateral.{fmt}?sex=female,male&period=2010-2015,2015-2020",
        ("csv", "json"),
    ),
    (
        "refugees ten years (88k rows)",
        "/api/v1/refugees.{fmt}?year=2015,2016,2017,2018,2019,2020,2021,2022,2023,2024",
        ("csv", "json"),
    ),
    ("stocks-bilateral sex=total (77k rows)", "/api/v1/stocks-bilateral.{fmt}?sex=total", ("csv", "json")),
    (
        "stocks-bilateral every origin, sex=total",
        "/api/v1/stocks-bilateral.{fmt}?sex=total&origin={countries}",
        ("csv", "json"),
    ),
    (
        "stocks-bilateral two years, total (19k rows)",
        "/api/v1/stocks-bilateral.{fmt}?year=2020,2024&sex=total",
        ("xlsx",),
    ),
    ("flows-bilateral sex=total (129k rows: over the cap)", "/api/v1/flows-bilateral.{fmt}?sex=total", FORMATS),
)
TOGETHER = (
    "flows-bilateral.xlsx",
    "stocks-bilateral.xlsx",
    "refugees.xlsx",
    "flows-bilateral.json",
    "stocks-bilateral.json",
)


def requests() -> list[Probe]:
    probes = [Probe(f"full {name}.{fmt}", (f"/api/v1/{name}.{fmt}",)) for name in _datasets() for fmt in FORMATS]
    probes += [
        Probe(f"filtered {what} .{fmt}", (path.replace("{fmt}", fmt),))
        for what, path, formats in FILTERED
        for fmt in formats
    ]
    probes += [
        Probe("5 distinct full exports at once", tuple(f"/api/v1/{file}" for file in TOGETHER)),
        Probe(
            "5 distinct filtered downloads at the cap at once",
            tuple(path.replace("{fmt}", formats[0]) for _, path, formats in FILTERED[:5]),
        ),
        Probe("full flows-bilateral.csv, no compression", ("/api/v1/flows-bilateral.csv",), headers={}),
        Probe("datasets.json", ("/api/v1/datasets.json",)),
        Probe("openapi.json", ("/api/v1/openapi.json",)),
    ]
    probes += [Probe(f"page {path[:40]}", (path,)) for path in PAGES]
    probes += [
        _callback(f"router {path[:40]}", lambda callbacks, path=path: callbacks.visit(*_split(path))) for path in PAGES
    ]
    probes += [
        _callback("card stocks-top, 12 countries", _every_country_spec("stocks-top")),
        _callback("card stocks-map (map), 12 countries", _every_country_spec("stocks-map")),
        _callback(
            "card flows-sankey",
            lambda callbacks: callbacks.render_card(
                "worst", {"chart": "flows-sankey", "state": {"country": "IND"}, "lang": "es"}
            ),
        ),
        _callback(
            "router, longest search a URL holds (4 kB)",
            _router_with_search(("?" + "&".join(f"p{n}=x" for n in range(800)))[:4096]),
        ),
        _callback(
            "router, 400k parameters (3 MB body)",
            _router_with_search("?" + "&".join(f"p{n}=x" for n in range(400_000))),
        ),
        _callback("router, 10k nested brackets (20 kB)", _deep),
        _callback(
            "router, 10 MB of state",
            lambda callbacks: {
                **callbacks.visit("/stocks"),
                "state": [{"id": "shell-lang", "property": "data", "value": "x" * 10_000_000}],
            },
        ),
        _callback("20 routers of /country/IND at once", lambda callbacks: callbacks.visit("/country/IND"), 20),
        Probe("PDF brief, cold", ("/brief/SRB.pdf?lang=es",)),
        Probe("PDF brief, Host of a tarpit", ("/brief/TUN.pdf",), headers={"Host": "10.255.255.1:9"}),
        Probe("6 distinct PDF briefs at once", tuple(f"/brief/{code}.pdf" for code in COUNTRIES[:6])),
        Probe("20 wrong sign-ins at once", ("/signin",) * 20, "POST", _signin_form),
    ]
    return probes


def _split(path: str) -> tuple[str, str]:
    path, _, query = path.partition("?")
    return path, "?" + query if query else ""


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
    headers = {key: value for key, value in probe.headers.items() if key != "Host"}
    request = urllib.request.Request(base + path, data=probe.body, method=probe.method, headers=headers)
    if "Host" in probe.headers:  # urllib sets Host itself unless told otherwise
        request.add_unredirected_header("Host", probe.headers["Host"])
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            size = sum(len(block) for block in iter(lambda: response.read(1 << 20), b""))
            status = response.status
    except urllib.error.HTTPError as error:
        size, status = len(error.read()), error.code
    except (urllib.error.URLError, ConnectionError):  # the server answered (413) and closed before the
        size, status = 0, 0  # whole body was sent: shown as status 0
    return status, size, time.perf_counter() - started


def _countries(server) -> str:
    """Every origin code of stocks-bilateral (each one valid for the origin filter)."""
    with urllib.request.urlopen(server.url + "/api/v1/stocks-bilateral.csv?year=2024&sex=total") as response:
        rows = csv.DictReader(io.TextIOWrapper(response, encoding="utf-8"))
        codes = sorted({row["origin"] for row in rows})
    return ",".join(codes[:300])


def measure(server, probe: Probe, countries: str, callbacks: Callbacks) -> dict:
    pid = server.worker_pids()[0]
    body, headers = probe.body, probe.headers
    if callable(body):
        body = body(callbacks, server.url) if "url" in inspect.signature(body).parameters else body(callbacks)
    if isinstance(body, tuple):
        body, extra = body
        headers = {**headers, **extra}
    if isinstance(body, dict):
        body = json.dumps(body).encode()
    probe = Probe(
        probe.name, tuple(path.replace("{countries}", countries) for path in probe.paths), probe.method, body, headers
    )
    server.flush_cache()
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM := VmRSS
    before, cpu_before, machine_before = _status_kb(pid), _cpu_with_children(pid), _machine_cpu()
    with ThreadPoolExecutor(len(probe.paths)) as pool:
        results = list(pool.map(lambda path: _fetch(server.url, probe, path), probe.paths))
    after, cpu_after, machine_after = _status_kb(pid), _cpu_with_children(pid), _machine_cpu()
    return {
        "name": probe.name,
        "paths": [path[:200] for path in probe.paths],
        "status": sorted({status for status, _, _ in results}),
        "wall_s": round(max(seconds for _, _, seconds in results), 2),
        "cpu_s": round(cpu_after - cpu_before, 2),
        "machine_cpu_s": round(machine_after - machine_before, 2),
        "rss_growth_mb": round((after["VmRSS"] - before["VmRSS"]) / 1024, 1),
        "peak_growth_mb": round((after["VmHWM"] - before["VmRSS"]) / 1024, 1),
        "rss_mb": round(after["VmRSS"] / 1024),
        "bytes": sum(size for _, size, _ in results),
    }


def _cpu_with_children(pid: int) -> float:
    """CPU seconds of a process and of the children it has waited for (the PDF renderer)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime


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
    for command in (["-m", "data.build"], ["-m", "programme", "demo", "--if-empty"]):
        subprocess.run([sys.executable, *command], cwd=PROJECT, env=env, check=True)
    return data_dir


def print_table(rows: list[dict]) -> None:
    rows = sorted(rows, key=lambda row: row["cpu_s"], reverse=True)
    width = max(len(row["name"]) for row in rows)
    print(f"{'request':<{width}}  status     wall s   CPU s  all CPU s   RSS +MB  peak +MB    MB sent")
    for row in rows:
        over = (
            " *" if row["cpu_s"] > BUDGET_CPU_S or max(row["rss_growth_mb"], row["peak_growth_mb"]) > BUDGET_MB else ""
        )
        status = ",".join(map(str, row["status"]))
        print(
            f"{row['name']:<{width}}  {status:<9} {row['wall_s']:>7.2f} {row['cpu_s']:>7.2f} "
            f"{row['machine_cpu_s']:>10.2f} {row['rss_growth_mb']:>9.1f} "
            f"{row['peak_growth_mb']:>9.1f} {row['bytes'] / 1e6:>10.1f}{over}"
        )
    worst = rows[0]
    print(
        f"\nworst: {worst['name']}: {worst['cpu_s']} s CPU, {worst['wall_s']} s wall, "
        f"+{worst['rss_growth_mb']} MB RSS (peak +{worst['peak_growth_mb']} MB), worker at {worst['rss_mb']} MB"
    )
    print(
        "CPU s: the worker's and its reaped children's; all CPU s: the whole machine's (chromium's every "
        "process, Redis, this script; other programs would count too)"
    )
    print(
        f"* over the budget ({BUDGET_CPU_S} s CPU or {BUDGET_MB} MB); status 0: the server refused the "
        "request and closed the connection before the client had sent all of it"
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.worst", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=PROJECT / "var" / "bench" / "worst-data",
        help="store to serve (built there when out of date)",
    )
    parser.add_argument("--only", default="", help="measure only the requests whose name has this")
    parser.add_argument(
        "--ports",
        default="",
        help="e.g. 8400-8499: serve (gunicorn, Redis) on free ports of this range only (default: any free port)",
    )
    args = parser.parse_args(argv)
    if args.ports:
        low, high = map(int, args.ports.split("-"))
        bench_server.free_port = lambda: _free_port_in(low, high)
    data_dir = ensure_store(args.data_dir.resolve())
    probes = [probe for probe in REQUESTS if args.only in probe.name]
    with serve(workers=1, app="app:server", data_dir=data_dir) as server:
        _warm(server)
        countries = _countries(server)
        callbacks = Callbacks(json.load(urllib.request.urlopen(server.url + "/_dash-dependencies")))
        rows = []
        for probe in probes:
            rows.append(measure(server, probe, countries, callbacks))
            print(f"  {probe.name}: {rows[-1]['cpu_s']} s CPU", file=sys.stderr, flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "worst.json").write_text(json.dumps(rows, indent=2))
    print_table(rows)


if __name__ == "__main__":
    main()
