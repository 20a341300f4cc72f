"""What drawing only what is seen relies on, without a browser: a card's graphs sit in Mount
boxes mounted only for the tab it opens on (lazy on pages, at once in an embed), and every
page's layout stays light (the router's answer, gzip-compressed, within the issue's bound)."""

from __future__ import annotations

import gzip

import pytest

from bench.layouts import PATHS, TARGET_COMPRESSED
from components.chart_card import chart_card
from components.mount import Mount
from tests.dash_bodies import router_body


def _boxes(card) -> dict:
    """The card's graph boxes by part ("graph-box", "map-box")."""
    found = {}

    def walk(node):
        if isinstance(node, Mount):
            found[node.id["part"]] = node
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list | tuple) else [children]:
            if child is not None and not isinstance(child, str):
                walk(child)

    walk(card)
    return found


@pytest.mark.parametrize(
    "chart, view, embed, mounted",
    [
        ("stocks-trend", "", False, {"graph-box": True, "map-box": False}),
        ("stocks-trend", "table", False, {"graph-box": False, "map-box": False}),
        ("stocks-map", "", True, {"graph-box": False, "map-box": True}),
        ("stocks-map", "chart", False, {"graph-box": False, "map-box": True}),  # it has no chart view
    ],
)
def test_only_the_opening_tabs_graph_is_mounted_lazily_on_pages(app, chart, view, embed, mounted):
    with app.server.test_request_context():
        boxes = _boxes(chart_card("a-card", chart, "en", None, embed=embed, view=view))
    assert {part: box.mounted for part, box in boxes.items()} == mounted
    assert all(box.lazy is not embed for box in boxes.values())


@pytest.mark.parametrize("path", PATHS)
def test_each_pages_layout_is_light(client, path):
    response = client.post("/_dash-update-component", json=router_body(path))
    assert response.status_code == 200
    assert len(gzip.compress(response.data, compresslevel=6)) <= TARGET_COMPRESSED
