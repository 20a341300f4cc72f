"""Callback latency over HTTP, as the browser calls them: every main callback of every page,
posted to /_dash-update-component of a running server, for random views (fixed seed).

A scenario is what one user action costs: a filter change on an explorer (the page's view
callback, then the render of each card it sends a spec to, and the programme's headline
tiles), or a navigation to a page (the pages router, then each card's render). Each scenario
runs once with an empty shared cache (cold) and once more with the same inputs (warm). Two
references run through the same harness: the floor (a callback returning a constant of a
card's size: Dash's own cost) and the naive origins view (raw CSV filtered and grouped per
request, then a figure), see bench/floor_app.py.

Also records the bytes on the wire (compressed bodies plus headers, both ways) per callback
and per user action.
"""

from __future__ import annotations

import http.client
import json
import random
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from bench.dash_client import UPDATE_PATH, Callbacks, Drawn

ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what chromium sends


def _decode(body: bytes, encoding: str | None) -> bytes:
    if encoding == "br":
        import brotli

        return brotli.decompress(body)
    if encoding == "zstd":
        from backports import zstd

        return zstd.decompress(body)
    if encoding in ("gzip", "deflate"):
        return zlib.decompress(body, 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS)
    return body


@dataclass
class Answer:
    body: dict
    seconds: float
    wire_bytes: int  # request and response, headers and (compressed) bodies
    status: int


class Client:
    """One keep-alive connection, like one browser tab."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.drawn = Drawn()  # what the tab's card graphs draw

    def request(self, method: str, path: str, body: dict | None = None) -> Answer:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Accept-Encoding": ACCEPT_ENCODING, "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, ConnectionError):  # the server closed an idle connection
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
        raw = response.read()
        seconds = time.perf_counter() - started
        sent = len(data or b"") + sum(len(k) + len(v) + 4 for k, v in headers.items()) + len(method) + len(path) + 12
        received = len(raw) + sum(len(k) + len(v) + 4 for k, v in response.getheaders()) + 17
        decoded = _decode(raw, response.getheader("Content-Encoding"))
        parsed = (
            json.loads(decoded)
            if decoded and response.getheader("Content-Type", "").startswith("application/json")
            else {}
        )
        return Answer(parsed, seconds, sent + received, response.status)

    def post(self, body: dict) -> Answer:
        return self.request("POST", UPDATE_PATH, body)


# What a user does: (page label, function(rng, inputs) -> the first request and whether
# its response's specs are rendered).
def _controls(params, query: dict) -> dict:
    controls = {}
    for param in params:
        raw = query.get(param.name)
        if param.multi:
            controls[param.name] = [v for v in (raw or "").split(",") if v] if raw is not None else list(param.default)
        else:
            controls[param.name] = str(raw if raw is not None else param.default)
    return controls


def actions(rng: random.Random, n: int, countries: list[str]) -> list[tuple[str, str, dict]]:
    """n random user actions per page: (page, kind, arguments), kind "view" or "visit"."""
    from bench.pages import YEARS, random_query
    from components.params import FLOWS, PROGRAMME, REMITTANCES, STOCKS
    from data.countries import PROGRAMME_COUNTRIES

    explorers = {"stocks": STOCKS, "flows": FLOWS, "remittances": REMITTANCES, "programme": PROGRAMME}
    planned = []
    other_year = random.Random(n)  # its own draws: the other actions stay those of before
    for _ in range(n):
        for page, params in explorers.items():
            controls = _controls(params, random_query(f"/{page}", rng, countries))
            planned.append((f"/{page}", "view", {"page": page, "controls": controls}))
            if f"/{page}" in YEARS:  # then only the year changes (the maps' Patch)
                year = other_year.choice([y for y in YEARS[f"/{page}"] if y != controls["year"]])
                planned.append(
                    (f"/{page} (year changed)", "view", {"page": page, "controls": {**controls, "year": year}})
                )
            query = {key: value for key, value in random_query(f"/{page}", rng, countries).items() if value}
            planned.append(
                (f"/{page} (opened by URL)", "visit", {"path": f"/{page}", "search": "?" + urlencode(query)})
            )
        planned.append(("/country/<ISO3>", "visit", {"path": f"/country/{rng.choice(countries)}", "search": ""}))
        country = rng.choice(PROGRAMME_COUNTRIES)
        planned.append(
            (
                "/programme/<ISO3>",
                "visit",
                {"path": f"/programme/{country}", "search": f"?indicator={country}-I{rng.randint(1, 10)}"},
            )
        )
        planned.append(("/", "visit", {"path": "/", "search": ""}))
        planned.append(("floor", "floor", {"chart": "floor", "value": rng.random()}))
        planned.append(
            (
                "naive",
                "naive",
                {
                    "country": rng.choice(countries),
                    "year": rng.choice([1990, 2005, 2020, 2024]),
                    "sex": rng.choice(["total", "female", "male"]),
                },
            )
        )
    return planned


def perform(client: Client, callbacks: Callbacks, page: str, kind: str, args: dict) -> list[tuple[str, Answer]]:
    """Run one user action; (callback label, answer) for every request it made."""
    if kind == "floor":
        return [("floor", client.post(callbacks.floor_card("floor-card-stocks-trend", args)))]
    if kind == "naive":
        dependency = callbacks.by_output["bench-naive.figure"]
        values = {f"bench-naive-{key}.value": value for key, value in args.items()}
        return [("naive origins", client.post(callbacks.payload(dependency, values, "bench-naive-country.value")))]
    if kind == "view":
        first = ("view", client.post(callbacks.view(args["page"], args["controls"])))
    else:
        first = ("router", client.post(callbacks.visit(args["path"], args["search"])))
        client.drawn = Drawn()  # a new page: its cards' graphs draw nothing yet
    headline_controls = args["controls"] if page == "/programme" else None
    answers = [first]
    for label, payload in callbacks.follow_ups(first[1].body, headline_controls, client.drawn):
        answers.append((label, client.post(payload)))
        client.drawn.update(answers[-1][1].body)
    return answers


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)

    def at(q):
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return {"n": len(ordered), "p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "max": ordered[-1]}


def run_pass(client: Client, callbacks: Callbacks, planned) -> tuple[dict, dict, int]:
    """Latencies (ms) by "page | callback", wire bytes per callback and per action, errors."""
    latencies, callback_bytes, action_bytes = defaultdict(list), defaultdict(list), defaultdict(list)
    errors = 0
    for page, kind, args in planned:
        answers = perform(client, callbacks, page, kind, args)
        for label, answer in answers:
            latencies[f"{page} | {label}"].append(answer.seconds * 1000)
            callback_bytes[f"{page} | {label}"].append(answer.wire_bytes)
            errors += answer.status != 200
        action_bytes[page].append(sum(answer.wire_bytes for _, answer in answers))
        if kind in ("view", "visit"):
            latencies[f"{page} | whole action"].append(sum(a.seconds for _, a in answers) * 1000)
    return latencies, {"callback": callback_bytes, "action": action_bytes}, errors
