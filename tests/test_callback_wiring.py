"""Every callback is wired to components that exist: each id a callback reads or writes is in
the shell or in a page's layout, as Dash's own check would find (the app turns that check off,
suppress_callback_exceptions, so that it neither calls every layout at start-up nor sends
them all in every page)."""

from __future__ import annotations

import json
import re

import dash
import pytest
from dash.dependencies import ALL, ALLSMALLER, MATCH, Input, Output

WILDCARDS = (ALL, MATCH, ALLSMALLER)


def _ids(component) -> list:
    """The ids of a component tree (dash's own traversal)."""
    found = [component.id] if getattr(component, "id", None) is not None else []
    return found + [child.id for child in component._traverse() if getattr(child, "id", None) is not None]


def _matches(wanted, present) -> bool:
    if isinstance(wanted, str) or isinstance(present, str):
        return wanted == present
    return wanted.keys() == present.keys() and all(
        _wildcard(value) or value == present[key] for key, value in wanted.items()
    )


def _wildcard(value) -> bool:
    """ALL, MATCH or ALLSMALLER, as an object or as Dash writes it in JSON (["ALL"])."""
    return value in WILDCARDS or (
        isinstance(value, list) and len(value) == 1 and value[0] in ("ALL", "MATCH", "ALLSMALLER")
    )


def _layout(page: dict):
    """A page's layout; a page with variables in its path (/country/<iso3>) for Moldova's."""
    if not callable(page["layout"]):
        return page["layout"]
    variables = re.findall(r"<(\w+)>", page.get("path_template") or "")
    return page["layout"](**dict.fromkeys(variables, "MDA"))


@pytest.fixture
def layouts_ids(app) -> list:
    from components import shell

    with app.server.test_request_context("/"):
        trees = [shell.layout()] + [_layout(page) for page in dash.page_registry.values()]
    return [identifier for tree in trees for identifier in _ids(tree)]


def _callback_ids(app) -> list:
    """Every component id the app's callbacks read or write (pattern ids as dicts)."""
    wired = {}
    for callback in app.callback_map.values():
        outputs = callback["output"] if isinstance(callback["output"], list) else [callback["output"]]
        identifiers = [output.component_id for output in outputs]
        identifiers += [dependency["id"] for dependency in [*callback["inputs"], *callback["state"]]]
        for identifier in identifiers:
            if isinstance(identifier, str) and identifier.startswith("{"):  # a pattern id, as JSON
                identifier = json.loads(identifier)
            wired[json.dumps(identifier, sort_keys=True, default=str)] = identifier
    return list(wired.values())


def _unwired(app, layouts_ids) -> list:
    return [
        identifier
        for identifier in _callback_ids(app)
        if not any(_matches(identifier, present) for present in layouts_ids)
    ]


def test_every_id_a_callback_uses_is_in_a_layout(app, layouts_ids):
    assert len(_callback_ids(app)) > 20
    assert _unwired(app, layouts_ids) == []


def test_the_check_finds_a_callback_wired_to_nothing(app, layouts_ids):
    app.callback(Output("no-such-output", "children"), Input({"type": "no-such-input", "n": ALL}, "value"))(len)
    assert _unwired(app, layouts_ids) == ["no-such-output", {"type": "no-such-input", "n": ["ALL"]}]
