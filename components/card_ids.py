"""The ids of a chart card's parts, spelled in one place: the card's layout and callbacks, the
browser tests and the benchmark's Dash client all build them here.

Standard library only: the load test imports it in locust's own virtual environment, which
has no Dash (pass Dash's MATCH as `aio_id` for a callback's pattern, `["MATCH"]` for its wire
form).
"""

from __future__ import annotations

import json

COMPONENT = "chart-card"


def part_id(aio_id, part: str) -> dict:
    """The id of `part` (e.g. "title", "spec", "tab-table") of the card `aio_id`."""
    return {"component": COMPONENT, "part": part, "aio_id": aio_id}


def dom_id(component_id) -> str:
    """The HTML id Dash gives a dict id (JSON with sorted keys): for aria-controls, CSS
    selectors and the prop ids of Dash's requests."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
