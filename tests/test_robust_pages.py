"""Every page, attacked through its URL: hostile path variables, unknown, huge, repeated and
percent-encoded junk parameters, `//host` paths. Both ways a page is reached: the HTTP GET of
its address (an honest 200 or 404) and the pages router's callback that renders it (200, a
response about the size of a normal one, a notice listing a handful of ignored values)."""

from __future__ import annotations

import itertools
import json
import logging
import re
import string
from urllib.parse import quote, urlencode

import dash
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.url_state import MAX_NOTICES, MAX_SHOWN_CHARS
from tests.dash_bodies import router_body
from web.request_limits import MAX_URL_BYTES

FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HOSTILE_VARIABLES = [
    "XYZ",
    "a" * 300,
    "../../etc/passwd",
    "%00",
    "<script>alert(1)</script>",
    "//evil.example",
    "ÉÇÀ",
    "x.js",
    "MDA/extra",
    " MDA ",
    "null",
    "__proto__",
]


def _render(client, pathname: str, search: str = "", lang="en"):
    return client.post("/_dash-update-component", json=router_body(pathname, search, lang))


def _page_paths() -> list[str]:
    """Every registered page, its path templates filled with a real value."""
    fill = {"iso3": "MDA", "chart": "stocks-trend"}
    paths = []
    for page in dash.page_registry.values():
        template = page.get("path_template")
        if template:
            for name, value in fill.items():
                template = template.replace(f"<{name}>", value)
            paths.append(template)
        else:
            paths.append(page["path"])
    return paths


def _notice(layout) -> list[str] | None:
    """The items of the page's notice about ignored URL values (None when there is none)."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if node.get("type") == "Alert" and "view-notice" in str(props.get("class_name", "")):
                found.append(props)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(layout)
    if not found:
        return None
    items = found[0]["children"][1]["props"]["children"]
    return [item["props"]["children"] for item in items]


def _errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.fixture
def normal_sizes(client) -> dict[str, int]:
    return {path: len(_render(client, path).data) for path in _page_paths()}


def test_every_page_renders_through_the_router(client):
    paths = _page_paths()
    assert {"/", "/stocks", "/country/MDA", "/embed/stocks-trend", "/programme/MDA"} <= set(paths)
    for path in paths:
        response = _render(client, path)
        assert response.status_code == 200, path
        assert _notice(response.json["response"]["_pages_content"]["children"]) is None, path


def test_a_language_that_is_not_one_falls_back_to_english(client):
    for path in _page_paths():
        for lang in (5, {"a": 1}, ["fr"], "xx", None):
            content = _render(client, path, lang=lang).json["response"]["_pages_content"]
            assert not [text for text in _strings(content) if "lang=" in text], (path, lang)


def _strings(value) -> list[str]:
    """Every string of a rendered layout (props, stores' data, links), except the address of a
    link to the page in another language (one with hrefLang, as the brief's language links)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    if not isinstance(value, dict):
        return []
    other_language = "hrefLang" in value
    return [text for key, item in value.items() if not (other_language and key == "href") for text in _strings(item)]


@pytest.mark.parametrize("template", ["/country/{}", "/programme/{}", "/brief/{}", "/embed/{}"])
def test_hostile_path_variables_are_an_honest_404(client, caplog, template):
    for variable in HOSTILE_VARIABLES:
        path = template.format(quote(variable, safe="/"))
        page = client.get(path)
        assert page.status_code == 404, path
        assert b'id="react-entry-point"' in page.data  # the page still explains, in the browser
        rendered = _render(client, template.format(variable))
        assert rendered.status_code == 200, path
        assert len(rendered.data) < 20_000, path
    assert _errors(caplog) == []


def test_unknown_embeds_are_404_and_say_so(client):
    assert client.get("/embed/no-such-chart").status_code == 404
    text = _render(client, "/embed/no-such-chart").get_data(as_text=True)
    assert "Chart not found" in text and "no-such-chart" in text


@pytest.mark.parametrize("path", ["//evil.example/x", "/\\evil.example", "//evil.example", "/%2F%2Fevil.example"])
def test_other_site_paths_are_404_pages_of_this_site(client, path):
    assert client.get("/", environ_overrides={"PATH_INFO": path}).status_code == 404
    rendered = _render(client, path)
    assert rendered.status_code == 200 and "evil.example" not in json.dumps(rendered.json["response"]["_pages_content"])


def test_four_hundred_thousand_parameters_are_refused_at_once(client, caplog):
    search = "?" + "&".join(f"p{index}=v" for index in range(400_000))
    response = _render(client, "/stocks", search)
    assert response.status_code == 413
    assert response.json == {"error": "The request is larger than we accept.", "status": 413}
    assert len(response.data) < 200 and _errors(caplog) == []


def test_the_longest_query_a_url_can_hold_gets_a_short_notice(client, normal_sizes):
    parameters = []
    while len(urlencode(parameters)) < MAX_URL_BYTES - 20:
        parameters.append((f"p{len(parameters)}", "v"))
    search = "?" + urlencode(parameters)
    for lang, count in (("en", f"{len(parameters) - MAX_NOTICES:,}"), ("fr", None), ("es", None)):
        response = _render(client, "/stocks", search, lang)
        assert response.status_code == 200
        assert len(response.data) < normal_sizes["/stocks"] + 4_000
        notice = _notice(response.json["response"]["_pages_content"]["children"])
        assert len(notice) == MAX_NOTICES + 1
        assert notice[0].startswith("p0=v:")
        if count:
            assert notice[-1] == f"and {count} more"
    assert notice[-1].startswith("y ") and notice[-1].endswith(" más")


def test_a_huge_value_is_not_echoed(client):
    response = _render(client, "/stocks", "?colour=" + "x" * (MAX_URL_BYTES - 20))
    notice = _notice(response.json["response"]["_pages_content"]["children"])
    assert notice == [f"colour={'x' * (MAX_SHOWN_CHARS - 1)}…: not a setting of this page"]


def test_the_french_notice_formats_the_count_in_french(client):
    names = ["".join(pair) for pair in itertools.product(string.ascii_lowercase + string.digits, repeat=2)]
    search = "?" + "&".join(names[:1_200])
    notice = _notice(_render(client, "/stocks", search, "fr").json["response"]["_pages_content"]["children"])
    assert notice[-1] == "et 1\u202f195 autres"


@pytest.mark.parametrize(
    "path, search, expected",
    [
        ("/stocks", "?country=MDA&country=TUN", ["MDA", "TUN"]),
        ("/stocks", "?country=MDA&countries=TUN", ["MDA", "TUN"]),  # the old name adds, it does not hide
        ("/stocks", "?iso3=TUN&country=MDA", ["MDA", "TUN"]),
        ("/remittances", "?country=MDA&country=TUN&country=MDA", ["MDA", "TUN"]),
        ("/programme", "?country=MDA&country=TUN", ["MDA", "TUN"]),
        ("/embed/stocks-trend", "?country=MDA&country=TUN", ["MDA", "TUN"]),
    ],
)
def test_repeated_parameters_are_all_read(client, path, search, expected):
    text = _render(client, path, search).get_data(as_text=True)
    states = [json.loads(state) for state in re.findall(r'"state":(\{[^{}]*\})', text)]
    assert states and all(state["country"] == expected for state in states), states


def test_a_programme_country_page_is_the_paths_country(client):
    for search in ("?country=MDA", "?country=MDA&country=SRB"):
        layout = _render(client, "/programme/TUN", search).json["response"]["_pages_content"]["children"]
        assert "Tunisia: programme results" in json.dumps(layout) and _notice(layout) is None


def test_a_repeated_single_value_is_a_notice_not_a_silent_choice(client):
    layout = _render(client, "/flows", "?country=MDA&country=TUN").json["response"]["_pages_content"]["children"]
    assert _notice(layout) == ["country=MDA,TUN: not a valid value"]


def test_back_and_forward_read_repeated_parameters(client):
    """The view callback reads the URL when the browser's history changes it."""
    dependencies = client.get("/_dash-dependencies").json
    callback = next(c for c in dependencies if c["output"].startswith('..{"page":"stocks","type":"view-url"}.search'))
    outputs = []
    for part in callback["output"][2:-2].split("..."):
        component, prop = part.rsplit(".", 1)
        outputs.append({"id": json.loads(component) if component.startswith("{") else component, "property": prop})
    url = {"page": "stocks", "type": "view-url"}
    body = {
        "output": callback["output"],
        "outputs": outputs,
        "inputs": [{"id": i["id"], "property": i["property"]} for i in callback["inputs"][:-1]]
        + [{"id": url, "property": "search", "value": "?country=MDA&country=TUN"}],
        "state": [
            {"id": "shell-lang", "property": "data", "value": "en"},
            {"id": "page-pin", "property": "data", "value": None},
        ],
        "changedPropIds": ['{"page":"stocks","type":"view-url"}.search'],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.json["response"]["stocks-control-country"]["value"] == ["MDA", "TUN"]


# --- fuzzing the query string of every page ---------------------------------------------------

JUNK = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
PARAMETER = (
    st.sampled_from(
        [
            "country",
            "countries",
            "iso3",
            "area",
            "measure",
            "sex",
            "year",
            "period",
            "matrix",
            "indicator",
            "gcm",
            "sdg",
            "lang",
            "controls",
            "chart",
        ]
    )
    | JUNK
)
VALUE = (
    st.sampled_from(
        [
            "MDA",
            "mda,tun",
            "-",
            "2024",
            "1850",
            "female",
            "inflow_pct_gdp",
            "0",
            "fr",
            "MDA," * 30,
            "%00",
            "%ff",
            "<b>x</b>",
        ]
    )
    | JUNK
)


@st.composite
def queries(draw) -> str:
    pairs = draw(st.lists(st.tuples(PARAMETER, VALUE), max_size=12))
    encoded = urlencode(pairs)
    junk = draw(st.sampled_from(["", "&%", "&%zz=%", "&a=%ff%fe", "&&&=", "&a=1&a=2&a=3", "&%00=%0a"]))
    return "?" + encoded + junk


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_fuzzed_queries_on_every_page(client, caplog, normal_sizes, data):
    caplog.clear()
    path = data.draw(st.sampled_from(sorted(normal_sizes)), label="path")
    search = data.draw(queries(), label="search")
    lang = data.draw(st.sampled_from(["en", "fr", "es", None, "xx", 5, ["fr"], {"a": 1}]), label="lang")
    response = _render(client, path, search, lang)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert len(response.data) < 2 * normal_sizes[path] + 8_000
    notice = _notice(response.json["response"]["_pages_content"]["children"])
    assert notice is None or len(notice) <= MAX_NOTICES + 1
    page = client.get(path + search)
    assert page.status_code in (200, 404), page.status_code
    assert _errors(caplog) == []
