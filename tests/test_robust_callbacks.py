"""POST /_dash-update-component, attacked: every callback the app lists in /_dash-dependencies,
with bodies built as the browser builds them, then with odd values and mutated structure.

A valid body answers 200 or 204; anything else answers 400 (or 413 when too large) with a
JSON reason; never 500, and nothing is logged as an error. Hypothesis runs with a fixed
derandomised seed and modest example counts, so CI is reproducible and fast.
"""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.card_ids import dom_id, part_id
from components.chart_card import RENDERED
from tests.dash_bodies import router_body
from web.callback_guard import MAX_BODY_BYTES, MAX_DEPTH, nested_deeper_than
from web.request_limits import MAX_URL_BYTES

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
ENDPOINT = "/_dash-update-component"
CARD = f"..{dom_id(part_id(['MATCH'], 'title'))}.children"  # the card's render, as the browser names it
NAV = '..{"path":["ALL"],"type":"shell-nav-link"}.active'
LOCATION_PROPERTIES = {"pathname", "search", "hash", "href"}
ABSENT = object()  # a property the component does not have: the browser leaves out "value"


# --- bodies as the browser (dash-renderer) builds them ---------------------------------------


def _declared_outputs(output: str) -> list[tuple[str, str]]:
    multi = output.startswith("..")
    parts = output[2:-2].split("...") if multi else [output]
    return [tuple(part.rsplit(".", 1)) for part in parts]


def _concrete(id_text: str, match="m", count: int = 2):
    """A component id the page could have for a declared id: MATCH -> `match`, ALL -> `count`
    components. A string, a dict, or a list of dicts (for ALL)."""
    if not id_text.startswith("{"):
        return id_text
    pattern = json.loads(id_text)
    wildcards = {key: value[0] for key, value in pattern.items() if isinstance(value, list)}
    if not any(w in ("ALL", "ALLSMALLER") for w in wildcards.values()):
        return {key: match if key in wildcards else value for key, value in pattern.items()}
    return [
        {
            key: (f"v{index}" if wildcards.get(key) in ("ALL", "ALLSMALLER") else match if key in wildcards else value)
            for key, value in pattern.items()
        }
        for index in range(count)
    ]


def _items(id_text: str, prop: str, value=ABSENT, with_value: bool = True):
    component = _concrete(id_text)

    def item(component_id, each_value):
        entry = {"id": component_id, "property": prop}
        if with_value and each_value is not ABSENT:
            entry["value"] = each_value
        return entry

    if isinstance(component, list):
        values = value if isinstance(value, list) and len(value) == len(component) else [value] * len(component)
        return [item(c, v) for c, v in zip(component, values)]
    return item(component, value)


def _prop_id(item: dict) -> str:
    """As the browser writes it: a dict id as JSON with sorted keys and no spaces."""
    component_id = item["id"]
    if isinstance(component_id, dict):
        component_id = json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return f"{component_id}.{item['property']}"


def browser_body(callback: dict, value_for=lambda dependency: ABSENT) -> dict:
    """The request the browser sends when the callback's first input changes."""
    outputs = [_items(i, p, with_value=False) for i, p in _declared_outputs(callback["output"])]
    inputs = [_items(dep["id"], dep["property"], value_for(dep)) for dep in callback["inputs"]]
    state = [_items(dep["id"], dep["property"], value_for(dep)) for dep in callback["state"]]
    first = inputs[0][0] if isinstance(inputs[0], list) else inputs[0]
    body = {
        "output": callback["output"],
        "outputs": outputs if callback["output"].startswith("..") else outputs[0],
        "inputs": inputs,
        "changedPropIds": [_prop_id(first)] if not isinstance(inputs[0], list) or inputs[0] else [],
    }
    if state:
        body["state"] = state
    return body


def plausible_value(dependency: dict):
    """What a page would hold: a location's strings, a language, else nothing."""
    if dependency["property"] in LOCATION_PROPERTIES:
        return {"pathname": "/stocks", "search": "", "hash": "", "href": "/stocks"}[dependency["property"]]
    if dependency["id"] == "shell-lang":
        return "en"
    return ABSENT


@pytest.fixture
def server_callbacks(client) -> list[dict]:
    dependencies = client.get("/_dash-dependencies").json
    return [callback for callback in dependencies if not callback.get("clientside_function")]


def _post(client, body, **kwargs):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(ENDPOINT, data=data, content_type=kwargs.pop("content_type", "application/json"), **kwargs)


def _errors(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR or record.exc_info]


def _assert_refused(response, status: int = 400) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert set(response.json) == {"error", "status"} and response.json["status"] == status
    assert isinstance(response.json["error"], str) and 0 < len(response.json["error"]) < 200
    return response.json["error"]


def _callback(callbacks, output: str) -> dict:
    return next(callback for callback in callbacks if callback["output"].startswith(output))


# --- the bodies the browser sends are answered ---------------------------------------------


def test_every_callback_answers_the_browsers_body(client, server_callbacks, caplog):
    assert len(server_callbacks) >= 8
    for callback in server_callbacks:
        response = _post(client, browser_body(callback, plausible_value))
        assert response.status_code in (200, 204), (callback["output"][:80], response.get_data(as_text=True)[:300])
    assert _errors(caplog) == []
    assert "Refused" not in caplog.text


def _card_spec(app, chart_name: str, query: dict, lang: str) -> dict:
    """The spec a page writes into a card's store."""
    from components.chart_card import CHARTS, spec
    from components.url_state import parse

    chart = CHARTS[chart_name]
    with app.server.test_request_context():
        return spec(chart, parse(list(chart.params), query).state, lang)


def test_a_card_renders_from_the_spec_a_page_writes(app, client, server_callbacks):
    card_spec = _card_spec(app, "stocks-trend", {"country": "MDA,TUN"}, "fr")
    body = browser_body(_callback(server_callbacks, CARD), lambda dep: card_spec)
    response = _post(client, body)
    assert response.status_code == 200
    assert "République de Moldova" in response.get_data(as_text=True)


# --- malformed bodies: 400 with a reason, one warning line -----------------------------------


@pytest.mark.parametrize(
    "body, reason",
    [
        ("null", "the body must be a JSON object"),
        ("[]", "the body must be a JSON object"),
        ('"text"', "the body must be a JSON object"),
        ("{}", "output must name one of this app's server callbacks"),
        ('{"output": "x.children"}', "output must name one of this app's server callbacks"),
        ('{"output": "nope.children", "inputs": []}', "output must name one of this app's server callbacks"),
        ('{"output": ["shell-url.pathname"]}', "output must name one of this app's server callbacks"),
        ('{"output": "shell-url-sink.data"}', "output must name one of this app's server callbacks"),  # clientside
        ("{not json", "the body is not valid JSON"),
        (b"\xff\xfe\x00", "the body is not valid JSON"),
        ('{"a": 1' + "0" * 5000 + "}", "the body is not valid JSON"),  # an int longer than Python reads
        ("[" * 100_000 + "]" * 100_000, None),  # larger than the cap: 413
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), f"the body is nested more than {MAX_DEPTH} deep"),
    ],
)
def test_malformed_bodies_are_refused_with_a_reason(client, caplog, body, reason):
    caplog.set_level(logging.WARNING, logger="migdash")
    response = _post(client, body)
    if reason is None:
        assert response.status_code == 413 and response.json["status"] == 413
    else:
        assert _assert_refused(response) == reason
    warnings = [r for r in caplog.records if r.name == "migdash"]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING and "\n" not in warnings[0].getMessage()
    assert _errors(caplog) == []


def test_a_body_that_is_not_json_typed_is_refused(client):
    response = client.post(ENDPOINT, data='{"output": "x"}', content_type="text/plain")
    assert _assert_refused(response) == "the body must be JSON (Content-Type: application/json)"


def test_ten_megabytes_of_state_is_413_before_parsing(client, server_callbacks):
    body = browser_body(_callback(server_callbacks, CARD), lambda dep: "x" * 10_000_000)
    response = _post(client, body)
    assert response.status_code == 413
    assert response.json == {"error": "The request is larger than we accept.", "status": 413}


def test_the_size_cap_leaves_a_wide_margin_over_the_largest_real_body(app, client, server_callbacks):
    """The largest body our pages send: a card with twelve countries (~3 KB)."""
    twelve = "MDA,TUN,MAR,SRB,KGZ,BGD,ECU,JAM,FRA,DEU,ITA,ESP"
    card_spec = _card_spec(app, "remittances-trend", {"country": twelve}, "en")
    body = json.dumps(browser_body(_callback(server_callbacks, CARD), lambda dep: card_spec))
    assert len(body) * 10 < MAX_BODY_BYTES
    assert not nested_deeper_than(body.encode(), MAX_DEPTH // 4)
    assert _post(client, body).status_code == 200


@pytest.mark.parametrize(
    "pathname, search",
    [
        (5, ""),
        (None, ""),
        (["/stocks"], ""),
        ({"a": 1}, ""),
        ("/stocks", 7),
        ("/stocks", None),
        ("/" + "a" * MAX_URL_BYTES, ""),
        ("/stocks", "?" + "a" * MAX_URL_BYTES),
    ],
)
def test_the_router_needs_its_location_as_strings_of_url_size(client, pathname, search):
    reason = _assert_refused(_post(client, router_body(pathname, search)))
    which = 1 if pathname == "/stocks" else 0
    assert reason == f"inputs[{which}] must be a string of at most {MAX_URL_BYTES} characters"


def test_the_router_answers_a_location_of_url_size(client):
    response = _post(client, router_body("/stocks", "?" + "a" * (MAX_URL_BYTES - 1)))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "mutate, reason",
    [
        (lambda body: body.pop("inputs"), "inputs must be a list of 1"),
        (lambda body: body.pop("outputs"), f"outputs must be a list of {len(RENDERED)}"),  # the card's outputs
        (lambda body: body["inputs"].append(body["inputs"][0]), "inputs must be a list of 1"),
        (
            lambda body: body["inputs"][0]["id"].pop("part"),
            "inputs[0] must be an id with the keys ['aio_id', 'component', 'part']",
        ),
        (lambda body: body["inputs"][0]["id"].update(part="title"), "inputs[0] has the wrong id"),
        (lambda body: body["inputs"][0].update(property="children"), "inputs[0] has the wrong property"),
        (lambda body: body["inputs"][0].update(extra=1), "inputs[0] must have the keys ['id', 'property', 'value']"),
        (lambda body: body["inputs"][0]["id"].update(aio_id=["x"]), "inputs[0]: id values are strings or numbers"),
        (lambda body: body["inputs"][0]["id"].update(aio_id="other"), "inputs[0]: MATCH ids differ within the request"),
        (
            lambda body: body["outputs"][3].update(id="graph"),
            "outputs[3] must be an id with the keys ['aio_id', 'component', 'part']",
        ),
        (lambda body: body.update(changedPropIds="x"), "changedPropIds must be a list of strings"),
        (lambda body: body.update(changedPropIds=["shell-url.pathname"]), "changedPropIds must name inputs"),
        (lambda body: body.update(changedPropIds=['{"aio_id":.data']), "changedPropIds must name inputs"),
        (lambda body: body.update(state=[]), "state must be a list of 1"),  # the "shown" store
    ],
)
def test_a_card_body_that_does_not_match_the_card_is_refused(client, server_callbacks, caplog, mutate, reason):
    body = browser_body(_callback(server_callbacks, CARD), lambda dep: None)
    assert _post(client, body).status_code == 200
    mutate(body)
    assert _assert_refused(_post(client, body)) == reason
    assert _errors(caplog) == []


def test_all_patterns_are_lists_and_concrete_keys_must_match(client, server_callbacks):
    callback = _callback(server_callbacks, NAV)
    body = browser_body(callback, plausible_value)
    assert _post(client, body).status_code == 200
    body["outputs"][0] = body["outputs"][0][0]
    assert _assert_refused(_post(client, body)) == "outputs[0] must be a list (a pattern with ALL)"
    body = browser_body(callback, plausible_value)
    body["outputs"][0][0]["id"]["type"] = "shell-language-link"
    assert _assert_refused(_post(client, body)) == "outputs[0][0] has the wrong id"
    body = browser_body(callback, plausible_value)
    body["outputs"][0] = []  # a page without those links: nothing to update
    body["outputs"][1] = []
    assert _post(client, body).status_code in (200, 204)


def test_a_real_bug_in_a_callback_is_still_a_logged_error(client, server_callbacks, caplog, monkeypatch):
    from components import chart_card

    def broken(*_args):
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(chart_card, "_cached_outputs", broken)
    body = browser_body(_callback(server_callbacks, CARD), lambda dep: {"chart": "stocks-trend"})
    response = _post(client, body)
    assert response.status_code == 500
    assert "a bug of ours" not in response.get_data(as_text=True)
    assert any(record.levelno == logging.ERROR and record.exc_info for record in caplog.records)


@pytest.mark.parametrize(
    "text, deeper",
    [
        (b'{"a": [1, {"b": 2}]}', False),
        (b'{"a": [1, {"b": []}]}', True),
        (b'["[[[[[[[[[[", "{{{{{{{{{{{{"]', False),  # brackets in strings do not count
        (b'["\\"[[[[[[[[[[\\"", 1]', False),  # nor after escaped quotes
        (b"[" * 4 + b"]" * 4, True),
        (b'"\\"' * 10_000, False),  # unterminated strings, many escapes: still linear
    ],
)
def test_nesting_is_counted_without_parsing(text, deeper):
    assert nested_deeper_than(text, 3) is deeper


# --- fuzzing: odd values, then odd structure ---------------------------------------------------

LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "MDA",
            "mda",
            "MDA,TUN",
            "-",
            "2024",
            "all",
            "table",
            "fr",
            "en",
            "stocks-trend",
            "programme-indicator",
            "?country=MDA",
        ]
    )
)
JSON = st.recursive(
    LEAVES,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


def _nested(depth: int, value="deep"):
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def odd_values(draw):
    """Values a forged request could hold: JSON of any shape, card specs with odd parts,
    huge strings, nesting up to the cap."""
    from components.chart_card import CHARTS
    from components.url_state import GLOBAL_PARAMS

    names = sorted({param.name for chart in CHARTS.values() for param in chart.params} | GLOBAL_PARAMS)
    spec_like = st.fixed_dictionaries(
        {
            "chart": st.sampled_from(sorted(CHARTS)) | JSON,
            "state": st.dictionaries(st.sampled_from(names), JSON | st.lists(LEAVES, max_size=15), max_size=5) | JSON,
            "lang": st.sampled_from(["en", "fr", "es"]) | JSON,
        }
    )
    return draw(
        st.one_of(
            JSON,
            spec_like,
            st.just("x" * 40_000),
            st.integers(1, MAX_DEPTH - 8).map(_nested),
            st.lists(st.sampled_from(["MDA", "TUN", "XYZ", "WLD", 2024, None]), max_size=30),
        )
    )


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_fuzzed_values_in_browser_bodies_never_fail(client, server_callbacks, caplog, data):
    caplog.clear()
    callback = data.draw(st.sampled_from(server_callbacks), label="callback")

    def value_for(dependency):
        if dependency["property"] in LOCATION_PROPERTIES:  # as a browser reports them: strings, paths from "/"
            text = data.draw(st.text(max_size=200), label=dependency["property"])
            return "/" + text if dependency["property"] == "pathname" else text
        return data.draw(odd_values() | st.just(ABSENT), label=dependency["id"][:40])

    body = json.dumps(browser_body(callback, value_for))
    response = _post(client, body)
    expected = (200, 204) if len(body.encode()) <= MAX_BODY_BYTES else (413,)
    assert response.status_code in expected, (callback["output"][:80], response.get_data(as_text=True)[:500])
    assert _errors(caplog) == []


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _paths(child, (*path, index))


def _replace(node, path, make):
    if not path:
        return make(node)
    parent = node
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = make(parent[path[-1]])
    return node


def _drop(node, path):
    if not path:
        return None
    parent = node
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]
    return node


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_fuzzed_structure_is_refused_with_a_reason_never_a_500(client, server_callbacks, caplog, data):
    caplog.clear()
    callback = data.draw(st.sampled_from(server_callbacks), label="callback")
    body = browser_body(callback, plausible_value)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        path = data.draw(st.sampled_from(list(_paths(body))), label="path")
        mutation = data.draw(
            st.sampled_from(["replace", "drop", "extra key", "truncate id", "wrap deep", "huge", "duplicate"]),
            label="mutation",
        )
        if mutation == "replace":
            body = _replace(body, path, lambda _old: data.draw(JSON, label="new"))
        elif mutation == "drop":
            body = _drop(body, path)
        elif mutation == "extra key":
            body = _replace(body, path, lambda old: {**old, "extra": 1} if isinstance(old, dict) else old)
        elif mutation == "truncate id":
            body = _replace(body, path, lambda old: dict(list(old.items())[:-1]) if isinstance(old, dict) else old)
        elif mutation == "wrap deep":
            depth = data.draw(st.integers(1, 3 * MAX_DEPTH), label="depth")
            body = _replace(body, path, lambda old, depth=depth: _nested(depth, old))
        elif mutation == "huge":
            body = _replace(
                body, path, lambda _old: "x" * data.draw(st.sampled_from([10_000, MAX_BODY_BYTES]), label="size")
            )
        else:
            body = _replace(body, path, lambda old: [old, old] if not isinstance(old, list) else old + old[:1])
        if body is None:
            break
    response = _post(client, body)
    assert response.status_code in (200, 204, 400, 413), response.get_data(as_text=True)[:500]
    if response.status_code >= 400:
        assert response.json["status"] == response.status_code and isinstance(response.json["error"], str)
    assert _errors(caplog) == []
