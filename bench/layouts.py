"""Page layouts' weight: the bytes of the pages router's answer (the layout the browser must
parse and turn into components before any card renders), as JSON and gzip-compressed.

    python -m bench.layouts --url http://127.0.0.1:8061 [PATH ...]

Target (issue 17): at most 20 kB compressed for every page.
"""

from __future__ import annotations

import argparse
import gzip
import json
import urllib.request

from bench.dash_client import UPDATE_PATH, Callbacks

PATHS = ["/", "/stocks", "/flows", "/remittances", "/country/MDA", "/programme", "/programme/MDA"]
TARGET_COMPRESSED = 20_000


def sizes(body: bytes) -> dict:
    """JSON bytes and gzip bytes (level 6, what a server's compression gives) of an answer."""
    return {"json": len(body), "gzip": len(gzip.compress(body, compresslevel=6))}


def _post(url: str, payload: dict) -> bytes:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def measure(base_url: str, paths: list[str] | None = None, lang: str = "en") -> dict:
    with urllib.request.urlopen(base_url + "/_dash-dependencies", timeout=30) as response:
        callbacks = Callbacks(json.load(response))
    results = {}
    for path in paths or PATHS:
        page, _, search = path.partition("?")
        body = _post(base_url + UPDATE_PATH, callbacks.visit(page, "?" + search if search else "", lang))
        results[path] = sizes(body)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8061")
    parser.add_argument("--lang", default="en")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    results = measure(args.url.rstrip("/"), args.paths or None, args.lang)
    print(f"{'page':<18} {'JSON bytes':>11} {'gzip bytes':>11}")
    for path, size in results.items():
        flag = "" if size["gzip"] <= TARGET_COMPRESSED else "  > target"
        print(f"{path:<18} {size['json']:>11,} {size['gzip']:>11,}{flag}")


if __name__ == "__main__":
    main()
