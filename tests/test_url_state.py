"""URL state: every valid state survives a round trip; invalid values are ignored with a notice."""

from __future__ import annotations

import pytest

from components.url_state import Param, parse, to_query

COUNTRIES = {"MDA", "TUN", "MAR", "SRB"}
PARAMS = [
    Param("country", "codes", ("MDA",), COUNTRIES, multi=True, aliases=("countries",)),
    Param("area", "codes", (), {"WLD", "M903"}, multi=True),
    Param("measure", "choice", "immigrants", ("immigrants", "emigrants")),
    Param("year", "int", 2024, lambda: {1990, 2020, 2024}),
]


def _query(text: str) -> dict:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(text.lstrip("?"), keep_blank_values=True))


@pytest.mark.parametrize(
    "state, query",
    [
        ({"country": ("MDA",), "area": (), "measure": "immigrants", "year": 2024}, ""),
        ({"country": ("TUN", "MAR"), "area": (), "measure": "immigrants", "year": 2024}, "?country=TUN,MAR"),
        (
            {"country": (), "area": ("WLD",), "measure": "emigrants", "year": 1990},
            "?country=-&area=WLD&measure=emigrants&year=1990",
        ),
        (
            {"country": ("MDA", "SRB"), "area": ("WLD", "M903"), "measure": "immigrants", "year": 2020},
            "?country=MDA,SRB&area=WLD,M903&year=2020",
        ),
    ],
)
def test_round_trip_omits_defaults(state, query):
    assert to_query(PARAMS, state) == query
    parsed = parse(PARAMS, _query(query))
    assert parsed.state == state
    assert parsed.notices == []


@pytest.mark.parametrize(
    "query, expected, notices",
    [
        ("?country=XYZ", {"country": ("MDA",)}, [("country", "invalid")]),
        ("?country=tun,XYZ,tun", {"country": ("TUN",)}, [("country", "invalid")]),
        ("?year=1850", {"year": 2024}, [("year", "invalid")]),
        ("?year=twenty", {"year": 2024}, [("year", "invalid")]),
        ("?measure=<script>", {"measure": "immigrants"}, [("measure", "invalid")]),
        ("?colour=red", {}, [("colour", "unknown")]),
        ("?countries=SRB", {"country": ("SRB",)}, []),  # an old name still works
        ("?country=MAR&countries=SRB", {"country": ("MAR", "SRB")}, []),  # and adds to the new one
        ("?lang=fr&controls=0", {}, []),  # app-wide parameters are not the page's business
        ("?country=", {"country": ("MDA",)}, []),
    ],
)
def test_invalid_values_are_ignored_with_a_notice(query, expected, notices):
    parsed = parse(PARAMS, _query(query))
    for key, value in expected.items():
        assert parsed.state[key] == value
    assert [(n.param, n.reason) for n in parsed.notices] == notices


def test_too_many_values_are_cut_with_a_notice():
    many = Param("country", "codes", (), None, multi=True, max_values=2)
    parsed = parse([many], {"country": "AAA,BBB,CCC"})
    assert parsed.state["country"] == ("AAA", "BBB")
    assert [n.reason for n in parsed.notices] == ["too_many"]


def test_extra_parameters_are_appended():
    state = {"country": ("MDA",), "area": (), "measure": "immigrants", "year": 2024}
    assert to_query(PARAMS, state, {"lang": "fr", "controls": None}) == "?lang=fr"


def test_page_parameters_read_their_allowed_values_from_the_data(app):
    from components.params import FLOWS, REMITTANCES, STOCKS

    with app.server.test_request_context():
        for params in (STOCKS, FLOWS, REMITTANCES):
            defaults = parse(list(params), {}).state
            assert parse(list(params), _query(to_query(list(params), defaults))).state == defaults
        state = parse(list(STOCKS), {"country": "tun,mda", "area": "WLD,M903", "year": "2000", "sex": "female"}).state
        assert state["country"] == ("TUN", "MDA") and state["year"] == 2000
        assert parse(list(STOCKS), _query(to_query(list(STOCKS), state))).state == state
        assert [n.param for n in parse(list(FLOWS), {"period": "2020-2025"}).notices] == ["period"]


def test_repeated_parameters_are_read_as_one_list():
    parsed = parse(PARAMS, {"country": ["TUN", "MAR", "TUN"], "year": ["2020", "1990"]})
    assert parsed.state["country"] == ("TUN", "MAR")
    assert parsed.state["year"] == 2024  # one value expected, two given: a notice, not a silent pick
    assert [(n.param, n.value, n.reason) for n in parsed.notices] == [("year", "2020,1990", "invalid")]


def test_notices_are_capped_and_cut_short():
    from components.url_state import MAX_NOTICES, MAX_SHOWN_CHARS

    query = {f"p{index}": "v" for index in range(1000)} | {"x" * 500: "y" * 10_000}
    parsed = parse(PARAMS, query)
    assert len(parsed.notices) == MAX_NOTICES and parsed.more_notices == 1001 - MAX_NOTICES
    assert parse(PARAMS, {"x" * 500: "y" * 10_000}).notices[0].param == "x" * (MAX_SHOWN_CHARS - 1) + "…"
    assert parse(PARAMS, {"year": "9" * 10_000}).notices[0].value == "9" * (MAX_SHOWN_CHARS - 1) + "…"


@pytest.mark.parametrize(
    "search, query",
    [
        ("?a=1&b=2&b=3", {"a": "1", "b": ["2", "3"]}),
        ("a=&c", {"a": "", "c": ""}),
        (None, {}),
        (5, {}),
        (["?a=1"], {}),
    ],
)
def test_query_from_search_reads_a_search_as_dash_does(search, query):
    from components.url_state import query_from_search

    assert query_from_search(search) == query
