"""PDF briefs under a storm: `python -m bench.pdf_storm http://127.0.0.1:8050/ [--requests 10]`.

Against a running server (gunicorn as deployed), times one cold PDF, then sends `--requests`
PDF requests at once for distinct, uncached briefs (country × language), and counts the
chromium processes of the PDF renderer (those whose command line names a migdash-pdf- temp
folder) while they run and after they end. Prints the statuses and the counts; asserts
nothing. The data version must not change during the run (the cache would be cold again).
"""

from __future__ import annotations

import argparse
import collections
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

MARKER = b"migdash-pdf-"
COUNTRIES = ("MDA", "TUN", "MAR", "SEN", "PHL", "MEX", "NGA", "BGD", "UKR", "GTM", "KEN", "NPL")
LANGUAGES = ("fr", "es", "en")


def renderer_processes() -> int:
    """Live processes (not zombies, whose command line is empty) of a PDF renderer."""
    count = 0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            count += MARKER in (proc / "cmdline").read_bytes()
        except OSError:
            continue
    return count


def get(url: str) -> tuple[int, float, str]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            response.read()
            status, retry = response.status, ""
    except urllib.error.HTTPError as error:
        status, retry = error.code, error.headers.get("Retry-After") or ""
    return status, time.perf_counter() - start, retry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="the server's address, e.g. http://127.0.0.1:8050/")
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()
    base = args.base_url.rstrip("/") + "/"

    status, seconds, _ = get(f"{base}brief/MDA.pdf")
    print(f"cold PDF (MDA, en): {status} in {seconds:.1f} s")
    status, seconds, _ = get(f"{base}brief/MDA.pdf")
    print(f"same PDF again:     {status} in {seconds:.3f} s")

    urls = [f"{base}brief/{country}.pdf?lang={lang}" for lang in LANGUAGES for country in COUNTRIES][: args.requests]
    results: list[tuple[int, float, str]] = []
    threads = [threading.Thread(target=lambda url=url: results.append(get(url))) for url in urls]
    peak = 0
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        peak = max(peak, renderer_processes())
        time.sleep(0.2)
    elapsed = time.perf_counter() - start
    statuses = collections.Counter(status for status, _, _ in results)
    retry = sorted({retry for _, _, retry in results if retry})
    print(
        f"{len(urls)} PDFs at once: {dict(statuses)} in {elapsed:.1f} s "
        f"(slowest {max(seconds for _, seconds, _ in results):.1f} s; Retry-After {retry or '-'})"
    )
    print(f"renderer processes: at most {peak} during, {renderer_processes()} just after", end="")
    time.sleep(5)
    print(f", {renderer_processes()} 5 s after")


if __name__ == "__main__":
    main()
