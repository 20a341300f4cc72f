"""Dash's callback endpoint, guarded: a request must look like one the browser sends for a
callback this app registered, or it gets a 4xx with a short JSON reason and one warning line.

Dash trusts the body of POST /_dash-update-component: `null`, a missing key, an unknown
output or a dict id without the pattern's keys raise inside Dash (a 500 with a traceback each
time), and deep nesting makes the JSON parser raise RecursionError. So, before Dash sees it:
- a body larger than MAX_BODY_BYTES gets 413 (our pages send at most ~3 KB: a card's spec
  with a dozen countries);
- a body nested deeper than MAX_DEPTH (ours: 6) gets 400, counted on the raw bytes before
  any parsing;
- then the JSON must have the shape the browser sends for that callback: `output` names one
  of the app's server-side callbacks; `outputs`, `inputs` and `state` are {id, property[,
  value]} items matching its declared dependencies in number, property and id (a string id
  exactly; a dict id with exactly the pattern's keys, MATCH the same value throughout, ALL
  and ALLSMALLER as lists); `changedPropIds` names some of those inputs;
- a location value (pathname, search, hash, href) is a string no longer than a URL the
  server accepts, and the page router's pathname a path of this app: Dash's own router
  cannot cope with anything else.
What the other values hold is the callbacks' business: they check them like URL parameters,
and a real bug in them is still logged as an error.
"""

from __future__ import annotations

import functools
import json
import logging
import re

from dash.dependencies import Output
from flask import jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from web.request_limits import MAX_URL_BYTES

log = logging.getLogger("migdash")

MAX_BODY_BYTES = 64 * 1024
MAX_DEPTH = 32
LOCATION_PROPERTIES = {"pathname", "search", "hash", "href"}
PAGES_LOCATION = "_pages_location"  # the pages router's dcc.Location: it needs strings
WILDCARDS = {"MATCH", "ALL", "ALLSMALLER"}

_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_QUOTED = re.compile(rb'"[^"]*"')
_OPENERS = frozenset(b"[{")
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")


class Refused(ValueError):
    """A callback request that is not one the browser sends: answered 400 with this reason."""


def nested_deeper_than(data: bytes, limit: int) -> bool:
    """Whether JSON text nests arrays and objects more than `limit` deep, in linear time and
    without parsing it: escapes and then strings are removed, the brackets that remain counted."""
    depth = 0
    for byte in _QUOTED.sub(b"", _ESCAPE.sub(b"", data)).translate(None, _NOT_BRACKETS):
        depth += 1 if byte in _OPENERS else -1
        if depth > limit:
            return True
    return False


def _declared_id(dependency: dict):
    """A declared id as Dash lists it: a string, or a dict whose wildcards are ["MATCH"]..."""
    return _parsed_id(dependency["id"])


@functools.lru_cache(maxsize=1024)
def _parsed_id(text: str):
    return json.loads(text) if text.startswith("{") else text


def _wildcard(value) -> str | None:
    if isinstance(value, list) and len(value) == 1 and value[0] in WILDCARDS:
        return value[0]
    return None


class _Checker:
    """Checks one body against one callback's declared dependencies."""

    def __init__(self, path_prefix: str):
        self.path_prefix = path_prefix  # every pathname of this app starts with it
        self.matched: dict = {}  # MATCH key -> the value it has throughout the request

    def item(self, item, declared: dict, where: str, with_value: bool) -> None:
        if not isinstance(item, dict):
            raise Refused(f"{where} must be an object")
        allowed = {"id", "property", "value"} if with_value else {"id", "property"}
        if not {"id", "property"} <= item.keys() <= allowed:
            raise Refused(f"{where} must have the keys {sorted(allowed)}")
        if item["property"] != declared["property"]:
            raise Refused(f"{where} has the wrong property")
        self.component_id(item["id"], _declared_id(declared), where)
        if declared["property"] in LOCATION_PROPERTIES:
            value = item.get("value")
            if value is None and item["id"] != PAGES_LOCATION:
                return
            if not isinstance(value, str) or len(value) > MAX_URL_BYTES:
                raise Refused(f"{where} must be a string of at most {MAX_URL_BYTES} characters")
            if (
                item["id"] == PAGES_LOCATION
                and item["property"] == "pathname"
                and not value.startswith(self.path_prefix)
            ):
                raise Refused(f"{where} must be a path of this app")

    def component_id(self, given, declared, where: str) -> None:
        if isinstance(declared, str):
            if given != declared:
                raise Refused(f"{where} has the wrong id")
            return
        if not isinstance(given, dict) or given.keys() != declared.keys():
            raise Refused(f"{where} must be an id with the keys {sorted(declared)}")
        for key, pattern in declared.items():
            value = given[key]
            wildcard = _wildcard(pattern)
            if wildcard is None:
                if value != pattern:
                    raise Refused(f"{where} has the wrong id")
                continue
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                raise Refused(f"{where}: id values are strings or numbers")
            if wildcard == "MATCH" and self.matched.setdefault(key, value) != value:
                raise Refused(f"{where}: MATCH ids differ within the request")

    def items(self, given, declared: list[dict], where: str, with_value: bool) -> None:
        if not isinstance(given, list) or len(given) != len(declared):
            raise Refused(f"{where} must be a list of {len(declared)}")
        for index, (item, dependency) in enumerate(zip(given, declared)):
            self.one(item, dependency, f"{where}[{index}]", with_value)

    def one(self, item, dependency: dict, where: str, with_value: bool) -> None:
        """One dependency: an item, or a list of items for an ALL or ALLSMALLER pattern."""
        declared_id = _declared_id(dependency)
        spread = isinstance(declared_id, dict) and any(
            _wildcard(pattern) in ("ALL", "ALLSMALLER") for pattern in declared_id.values()
        )
        if not spread:
            self.item(item, dependency, where, with_value)
            return
        if not isinstance(item, list):
            raise Refused(f"{where} must be a list (a pattern with ALL)")
        for index, each in enumerate(item):
            self.item(each, dependency, f"{where}[{index}]", with_value)


def _flattened(grouping) -> list[Output]:
    """The Outputs of an output grouping (one, a list or tuple, or a dict of them, nested), in
    the order the browser lists them."""
    if isinstance(grouping, Output):
        return [grouping]
    members = grouping.values() if isinstance(grouping, dict) else grouping
    return [output for member in members for output in _flattened(member)]


def _declared_outputs(callback: dict) -> list[dict]:
    return [dependency.to_dict() for dependency in _flattened(callback["output"])]


def _id_text(component_id) -> str:
    """A component id as changedPropIds spells it: a dict as JSON with sorted keys, no spaces."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return component_id


def _prop_id(text: str) -> str:
    """A changedPropIds entry in Dash's own spelling (dict ids: sorted keys, Python's JSON)."""
    if not text.startswith("{"):
        return text
    head, _dot, prop = text.rpartition(".")
    try:
        parsed = json.loads(head)
    except ValueError as error:
        raise Refused("changedPropIds must name inputs") from error
    if not isinstance(parsed, dict):
        raise Refused("changedPropIds must name inputs")
    return f"{_id_text(parsed)}.{prop}"


def check(body, callback_map: dict, path_prefix: str = "/") -> None:
    """Raise Refused unless `body` is a request the browser could send for one of the
    server-side callbacks in `callback_map`, on a page under `path_prefix`."""
    if not isinstance(body, dict):
        raise Refused("the body must be a JSON object")
    output = body.get("output")
    callback = callback_map.get(output) if isinstance(output, str) else None
    if callback is None or "callback" not in callback:  # clientside callbacks have no function
        raise Refused("output must name one of this app's server callbacks")
    checker = _Checker(path_prefix)
    outputs = _declared_outputs(callback)
    if callback.get("no_output"):
        if body.get("outputs") not in (None, []):
            raise Refused("this callback has no outputs")
    elif not isinstance(callback["output"], Output):  # several outputs
        checker.items(body.get("outputs"), outputs, "outputs", with_value=False)
    else:
        checker.one(body.get("outputs"), outputs[0], "outputs", with_value=False)
    checker.items(body.get("inputs"), callback["inputs"], "inputs", with_value=True)
    if callback["state"] or "state" in body:
        checker.items(body.get("state"), callback["state"], "state", with_value=True)
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(prop_id, str) for prop_id in changed):
        raise Refused("changedPropIds must be a list of strings")
    inputs = {
        f"{_id_text(item['id'])}.{item['property']}"
        for given in body["inputs"]
        for item in (given if isinstance(given, list) else [given])
    }
    if not {_prop_id(prop_id) for prop_id in changed} <= inputs:
        raise Refused("changedPropIds must name inputs")


def _refuse(status: int, reason: str):
    log.warning("Refused a callback request from %s: %s", request.remote_addr, reason)
    return jsonify(error=reason, status=status), status


def install(app) -> None:
    """Put the guard in front of Dash's view for /_dash-update-component."""
    server = app.server
    endpoint = app.config.routes_pathname_prefix + "_dash-update-component"
    dispatch = server.view_functions[endpoint]
    path_prefix = app.config.requests_pathname_prefix.rstrip("/") or "/"

    @functools.wraps(dispatch)
    def guarded_dispatch(*args, **kwargs):
        if not request.is_json:
            return _refuse(400, "the body must be JSON (Content-Type: application/json)")
        request.max_content_length = MAX_BODY_BYTES
        try:
            data = request.get_data(cache=True)
        except RequestEntityTooLarge:
            log.warning("Refused a callback request from %s: larger than %d bytes", request.remote_addr, MAX_BODY_BYTES)
            raise
        if nested_deeper_than(data, MAX_DEPTH):
            return _refuse(400, f"the body is nested more than {MAX_DEPTH} deep")
        try:
            body = json.loads(data)
        except ValueError:
            return _refuse(400, "the body is not valid JSON")
        try:
            check(body, app.callback_map, path_prefix)
        except Refused as refused:
            return _refuse(400, str(refused))
        return dispatch(*args, **kwargs)

    server.view_functions[endpoint] = guarded_dispatch
