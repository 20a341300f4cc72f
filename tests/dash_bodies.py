"""Request bodies of Dash's own callbacks, written out as the browser's renderer sends them
(tests that build bodies for our callbacks read them from /_dash-dependencies with
bench.dash_client.Callbacks)."""

from __future__ import annotations

ROUTER = ".._pages_content.children..._pages_store.data.."


def router_body(pathname, search="", lang="en") -> dict:
    """The pages router's request when the browser opens `pathname` + `search` in `lang`."""
    return {
        "output": ROUTER,
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "state": [{"id": "shell-lang", "property": "data", "value": lang}],
        "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
    }
