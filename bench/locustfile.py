"""Simulated readers of migdash for locust: each loads a page, then changes a filter every few
seconds, now and then moving to another page.

Run by bench/load.py in locust's own virtual environment (its pins conflict with the
project's), so this file imports only the standard library, locust and bench/dash_client.py:
the requests are the very bodies the browser's Dash renderer posts (the same client as
bench/callbacks.py), not a second copy of them.

The planned actions come from a JSON file named by MIGDASH_LOAD_ACTIONS, written by load.py
from `bench.callbacks.actions`: [page label, kind, arguments] with kind "view" (a filter change
on an explorer: page and controls) or "visit" (a navigation: path and search); other kinds are
benchmark references and are skipped. MIGDASH_LOAD_SEED seeds each user's choices.
MIGDASH_LOAD_SETTLE (seconds, default 0) empties the statistics that long after the last
user has started (see `_settle`).

One user:
- on start, a first visit to a page drawn at random (an explorer's default view or a
  planned visit: an explorer opened by a link with filters, a country profile, a programme
  country page, the home page): GET the page's HTML, GET /_dash-layout and
  /_dash-dependencies (parsed once per process), then the pages router callback and one
  render per chart card whose spec the layout holds;
- then, every 2 to 5 s (`wait_time`), one action: on an explorer, a filter change (the page's
  view callback, a render per card it sends a spec to, and the headline tiles on /programme)
  with probability 1 - NAVIGATE; otherwise, and always on a page without filters, a move to
  another page as a link does (the router callback and the card renders, no HTML).

A user's requests run one after another on one keep-alive session (the browser sends a
page's card renders side by side, up to six at a time). Requests are named by callback
("view /stocks", "render stocks-trend", "router /country/<ISO3>", ...), so locust's
statistics are per callback. Each action's total is reported too, as request type "ACTION"
(name "action view /stocks", ...): load.py keeps those out of the request aggregates.

A request fails when its status is not 200, or when a callback's answer is not JSON with a
"response" key, or when its connection fails. One exception: a request whose kept-alive
connection the server closed as it went out (reset, or closed without an answer) is sent
again once on a new connection, as browsers do for a reused connection; the dropped attempt
is reported as request type "RESENT", and load.py counts those apart. (gunicorn closes
connections idle for `keepalive` = 5 s, and the pause between actions is up to 5 s.)
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import threading
import time
from pathlib import Path

from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dash_client import UPDATE_PATH, Callbacks

HEADERS = {"Accept-Encoding": "gzip, deflate, br, zstd", "Accept": "application/json"}
RESENT = "RESENT"  # request type of an attempt the server dropped, sent again
NAVIGATE = 0.2  # share of an explorer reader's actions that move to another page
TIMEOUT_S = 60


def load_plan(path: str) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """Filter changes by explorer label and navigations by page label, from the plan file."""
    views, visits = {}, {}
    for label, kind, args in json.loads(Path(path).read_text()):
        if kind == "view":
            views.setdefault(label, []).append(args)
        elif kind == "visit":
            visits.setdefault(label, []).append(args)
    return views, visits


VIEWS, VISITS = load_plan(os.environ["MIGDASH_LOAD_ACTIONS"])
DESTINATIONS = sorted(VIEWS) + sorted(VISITS)  # explorers (default view) and the other pages
SEED = int(os.environ.get("MIGDASH_LOAD_SEED", "0"))
SETTLE_S = float(os.environ.get("MIGDASH_LOAD_SETTLE", "0"))
_user_numbers = itertools.count()
_callbacks: Callbacks | None = None  # parsed once per process from /_dash-dependencies


def problem(response) -> str:
    """Why a request failed: the connection's error, or the HTTP status."""
    error = getattr(response, "error", None)
    return f"{type(error).__name__}: {error}" if error else f"HTTP {response.status_code}"


def dropped(response) -> bool:
    """The connection was reset or closed before any answer came (requests' ConnectionError
    "Connection aborted.": ECONNRESET, or RemoteDisconnected)."""
    error = getattr(response, "error", None)
    return (
        response.status_code == 0 and type(error).__name__ == "ConnectionError" and "Connection aborted" in str(error)
    )


def callback_answer(response) -> tuple[str | None, dict | None]:
    """(problem, parsed answer) of a callback request: 200 and JSON with a "response"."""
    if response.status_code != 200:
        return problem(response), None
    try:
        body = response.json()
    except ValueError:
        return "answer is not JSON", None
    if not isinstance(body, dict) or "response" not in body:
        return 'answer has no "response"', None
    return None, body


@events.init.add_listener
def _settle(environment, **_kwargs) -> None:
    """Empty the statistics SETTLE_S seconds after the last user has started, once the first
    page loads of a fast ramp have drained (locust's --reset-stats empties them at that start).
    Under locust, threading is gevent's, so the timer is a greenlet."""

    def later(**_):
        threading.Timer(SETTLE_S, environment.stats.reset_all).start()

    if SETTLE_S > 0:
        environment.events.spawning_complete.add_listener(later)


class Reader(HttpUser):
    """A reader with a browser: one page at a time, a filter change every few seconds."""

    wait_time = between(2, 5)

    def on_start(self) -> None:
        self.rng = random.Random(SEED * 100_003 + next(_user_numbers))
        self.client.headers.update(HEADERS)
        # An https server with a certificate of its own (nginx of tests/topology.py): bench.load --ca.
        if os.environ.get("MIGDASH_LOAD_CA"):
            self.client.verify = os.environ["MIGDASH_LOAD_CA"]
        self.page = None
        label, path, search = self.destination()
        self.get(path + search, f"page {label}")
        self.get("/_dash-layout", "GET /_dash-layout")
        self.callbacks = self.dependencies()
        if self.callbacks is not None:
            self.go(label, path, search)

    @task
    def act(self) -> None:
        if self.callbacks is None:  # the first visit failed: try it again
            self.on_start()
        elif self.page in VIEWS and self.rng.random() >= NAVIGATE:
            self.change_filter()
        else:
            self.go(*self.destination(avoid=self.page))

    # -- actions -----------------------------------------------------------------------------

    def destination(self, avoid: str | None = None) -> tuple[str, str, str]:
        """(page label, path, search) of a page to go to: an explorer's default view or a
        planned visit."""
        label = self.rng.choice([d for d in DESTINATIONS if d != avoid])
        if label in VIEWS:
            return label, label, ""
        args = self.rng.choice(VISITS[label])
        return label, args["path"], args["search"]

    def go(self, label: str, path: str, search: str) -> None:
        """A navigation: the pages router's layout, then each card's render."""
        started = time.perf_counter()
        body = self.post(f"router {label}", self.callbacks.visit(path, search))
        ok = body is not None and self.render_cards(body)
        self.page = path if path in VIEWS else label  # an explorer, however it was opened
        self.action(f"action router {label}", started, ok)

    def change_filter(self) -> None:
        """A filter change on the current explorer: view callback, card renders, headlines."""
        started = time.perf_counter()
        args = self.rng.choice(VIEWS[self.page])
        body = self.post(f"view {self.page}", self.callbacks.view(args["page"], args["controls"]))
        headline_controls = args["controls"] if self.page == "/programme" else None
        ok = body is not None and self.render_cards(body, headline_controls)
        self.action(f"action view {self.page}", started, ok)

    def render_cards(self, body: dict, headline_controls: dict | None = None) -> bool:
        """The requests that follow a router or view answer (bench.dash_client.follow_ups)."""
        ok = True
        for label, payload in self.callbacks.follow_ups(body, headline_controls):
            name = "headlines /programme" if label == "headlines" else f"render {label}"
            ok = self.post(name, payload) is not None and ok
        return ok

    # -- requests ----------------------------------------------------------------------------

    def send(self, method: str, path: str, name: str, check, **kwargs):
        """One request, judged by `check(response) -> (problem or None, value)`; its value, or
        None (and a failure). A request the server dropped before answering (a kept-alive
        connection it closed as the request went out) is sent again once, as browsers do;
        the lost attempt is reported apart, as request type RESENT."""
        for attempt in range(2):
            with self.client.request(
                method, path, name=name, catch_response=True, timeout=TIMEOUT_S, **kwargs
            ) as response:
                if attempt == 0 and dropped(response):
                    response.request_meta["request_type"] = RESENT
                    response.failure(problem(response))
                    continue
                trouble, value = check(response)
                if trouble:
                    response.failure(trouble)
                    return None
                return value
        return None

    def dependencies(self) -> Callbacks | None:
        """GET /_dash-dependencies as the browser does; parse it once per process."""

        def check(response):
            global _callbacks
            if response.status_code != 200:
                return problem(response), None
            if _callbacks is None:
                _callbacks = Callbacks(response.json())
            return None, _callbacks

        return self.send("GET", "/_dash-dependencies", "GET /_dash-dependencies", check)

    def get(self, path: str, name: str) -> bool:
        return bool(
            self.send("GET", path, name, lambda r: (problem(r), None) if r.status_code != 200 else (None, True))
        )

    def post(self, name: str, payload: dict) -> dict | None:
        """POST a callback; its parsed answer, or None (and a failure) when it is not right."""
        return self.send("POST", UPDATE_PATH, name, callback_answer, json=payload)

    def action(self, name: str, started: float, ok: bool) -> None:
        """Report a whole action's time (its requests in sequence) as an "ACTION" entry."""
        self.environment.events.request.fire(
            request_type="ACTION",
            name=name,
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0,
            exception=None if ok else RuntimeError("a request of the action failed"),
            context={},
        )
