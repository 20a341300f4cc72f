"""The timeline of a page load or of a filter change, from what the browser recorded: Chrome's
performance log (CDP Network.* events) and the draws the page's watch script saw
(bench/pageload.py). Pure functions over recorded data, so tests feed them events by hand.

Times are milliseconds on the page's clock (`performance.now()`: 0 is the navigation start).
CDP timestamps are seconds on Chrome's monotonic clock; `clock_offset` maps them onto the page
clock by pairing the document's request (CDP Network.requestWillBeSent) with the navigation
timing entry's `fetchStart` (the same moment, seen from both sides).

A request's role says which phase it belongs to:
  html      the page's document;
  router    the pages router's callback (the page's layout: output `_pages_content.children`);
  card      a chart card's render (its outputs include the card's title part);
  callback  any other Dash callback (views, tables, headline tiles...);
  dash      Dash's own start-up requests (`_dash-layout`, `_dash-dependencies`);
  asset     everything else: scripts (Dash's component suites too), styles, fonts, map shapes.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from bench.dash_client import UPDATE_PATH
from components.card_ids import dom_id, part_id

ROUTER_OUTPUT = "_pages_content.children"
DASH_START = ("/_dash-layout", "/_dash-dependencies", "/_reload-hash")
CARD_OUTPUT = dom_id(part_id("", "title"))[len('{"aio_id":""') :] + ".children"  # ,"component":...}.children


@dataclass
class Request:
    """One request as Chrome saw it; times on the page clock, bytes as on the wire."""

    url: str
    method: str
    role: str
    sent_ms: float
    finished_ms: float | None = None
    wire_bytes: int = 0  # compressed body + headers (CDP encodedDataLength at loadingFinished)
    header_bytes: int = 0  # the response headers' share (encodedDataLength at responseReceived)
    decoded_bytes: int = 0  # the body once decompressed (sum of dataReceived dataLength)
    encoding: str = ""
    status: int | None = None
    from_cache: bool = False
    failed: bool = False

    @property
    def body_wire_bytes(self) -> int:
        return max(self.wire_bytes - self.header_bytes, 0)


def _post_body(request: dict) -> str:
    if "postData" in request:
        return request["postData"]
    return "".join(
        base64.b64decode(entry.get("bytes", "")).decode("utf-8", "replace")
        for entry in request.get("postDataEntries", [])
    )


def role(url: str, method: str, body: str = "", document_url: str | None = None) -> str:
    path = url.split("?", 1)[0]
    if url == document_url:
        return "html"
    if path.endswith(UPDATE_PATH) and method == "POST":
        try:
            output = json.loads(body).get("output", "")
        except ValueError:
            output = ""
        if ROUTER_OUTPUT in output:
            return "router"
        return "card" if CARD_OUTPUT in output else "callback"
    if path.endswith(DASH_START):
        return "dash"
    return "asset"


def events(performance_log: list[dict]) -> list[dict]:
    """CDP messages ({"method", "params"}) out of chromedriver's performance log entries."""
    return [json.loads(entry["message"])["message"] for entry in performance_log]


def clock_offset(messages: list[dict], document_url: str, fetch_start_ms: float) -> float:
    """Milliseconds to add to a CDP timestamp (in ms) to put it on the page clock."""
    for message in messages:
        params = message.get("params", {})
        if (
            message["method"] == "Network.requestWillBeSent"
            and params.get("type") == "Document"
            and params["request"]["url"] == document_url
        ):
            return fetch_start_ms - params["timestamp"] * 1000
    raise LookupError(f"no document request for {document_url}")


def requests(messages: list[dict], offset_ms: float, document_url: str | None = None) -> list[Request]:
    """Every http(s) request in `messages`, in the order sent (a redirect counts once, under
    its final URL; a new profile's own pages are not http)."""
    found: dict[str, Request] = {}
    for message in messages:
        method, params = message["method"], message.get("params", {})
        request_id = params.get("requestId")
        at_ms = params["timestamp"] * 1000 + offset_ms if "timestamp" in params else None
        if method == "Network.requestWillBeSent":
            request = params["request"]
            if not request["url"].startswith("http"):
                continue
            found[request_id] = Request(
                url=request["url"],
                method=request["method"],
                role=role(request["url"], request["method"], _post_body(request), document_url),
                sent_ms=found[request_id].sent_ms if request_id in found else at_ms,
            )
            continue
        request = found.get(request_id)
        if request is None:
            continue
        if method == "Network.responseReceived":
            response = params["response"]
            headers = {key.lower(): value for key, value in response.get("headers", {}).items()}
            request.status = response.get("status")
            request.encoding = headers.get("content-encoding", "")
            request.header_bytes = int(response.get("encodedDataLength", 0))
            request.from_cache = request.from_cache or bool(
                response.get("fromDiskCache") or response.get("fromMemoryCache")
            )
        elif method == "Network.requestServedFromCache":
            request.from_cache = True
        elif method == "Network.dataReceived":
            request.decoded_bytes += params.get("dataLength", 0)
        elif method == "Network.loadingFinished":
            request.finished_ms = at_ms
            request.wire_bytes = int(params.get("encodedDataLength", 0))
        elif method == "Network.loadingFailed":
            request.finished_ms, request.failed = at_ms, True
    return sorted(found.values(), key=lambda request: request.sent_ms)


def _finished(found: list[Request], wanted: str) -> list[float]:
    return sorted(r.finished_ms for r in found if r.role == wanted and r.finished_ms is not None and not r.failed)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def bytes_by_role(found: list[Request]) -> dict:
    totals = dict.fromkeys(("html", "asset", "dash", "router", "card", "callback"), 0)
    for request in found:
        totals[request.role] += request.wire_bytes
    return totals


def refetched(found: list[Request], at_least: int = 1000) -> list[str]:
    """Requests that crossed the wire with a body (not from the browser's cache, not a bare 304),
    largest first: what a warm cache failed to spare."""
    heavy = [r for r in found if not r.from_cache and r.status != 304 and r.body_wire_bytes >= at_least]
    return [f"{r.url} ({r.wire_bytes} B)" for r in sorted(heavy, key=lambda r: r.wire_bytes, reverse=True)]


def load_timeline(found: list[Request], graphs: list[dict], fold_px: int) -> dict:
    """The milestones of one load (ms on the page clock) and its bytes per role.

    `graphs`: the visible graphs with data once the page settled, each {"id", "top" (px from the
    page's top), "first_ms" (first drawn with data)}; above the fold means top < fold_px."""
    cards = _finished(found, "card")
    router = _finished(found, "router")
    html = _finished(found, "html")
    drawn = sorted(graph["first_ms"] for graph in graphs)
    above = [graph["first_ms"] for graph in graphs if graph["top"] < fold_px]
    last_graph = drawn[-1] if drawn else None
    return {
        "html_ms": _round(html[0] if html else None),
        "layout_ms": _round(router[0] if router else None),
        "first_card_ms": _round(cards[0] if cards else None),
        "last_card_ms": _round(cards[-1] if cards else None),
        "first_graph_ms": _round(drawn[0] if drawn else None),
        # No graph above the fold: the fold is ready once the layout is (the charts are below).
        "above_fold_ms": _round(max(above) if above else (router[0] if router else last_graph)),
        "last_graph_ms": _round(last_graph),
        "graphs": len(drawn),
        "graphs_above_fold": len(above),
        "cards": len(cards),
        "bytes": bytes_by_role(found),
        "wire_bytes": sum(r.wire_bytes for r in found),
        "decoded_bytes": sum(r.decoded_bytes for r in found),
        "requests": len(found),
        "router_body_bytes": sum(r.body_wire_bytes for r in found if r.role == "router"),
        "router_decoded_bytes": sum(r.decoded_bytes for r in found if r.role == "router"),
    }


def interaction(found: list[Request], draws: list[dict], started_ms: float) -> dict:
    """A filter change started at `started_ms` (the input event's timeStamp): its callbacks'
    bytes, and the time until the last graph it redrew was drawn. `draws`: {"id", "at_ms"},
    every draw the watch script saw."""
    after = [r for r in found if r.sent_ms >= started_ms and r.role in ("router", "card", "callback")]
    redrawn = [draw["at_ms"] for draw in draws if draw["at_ms"] >= started_ms]
    finished = [r.finished_ms for r in after if r.finished_ms is not None]
    return {
        "callbacks": len(after),
        "callback_bytes": sum(r.wire_bytes for r in after),
        "graphs_redrawn": len({draw["id"] for draw in draws if draw["at_ms"] >= started_ms}),
        "redrawn_ms": _round(max(redrawn) - started_ms) if redrawn else None,
        "last_response_ms": _round(max(finished) - started_ms) if finished else None,
    }
