"""`graph()`: every dcc.Graph in the product, with the same offline-safe configuration.

- map shapes come from our own assets (plotly.js would fetch them from a CDN otherwise);
- no "send to cloud" button and no plotly logo; only the modebar buttons readers use;
- the figure's own language for plotly's built-in strings is left to the page (numbers are
  formatted by us).
"""

from __future__ import annotations

import dash
from dash import dcc

MODEBAR_REMOVE = ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "sendDataToCloud"]


def graph_config(filename: str = "migdash-chart") -> dict:
    return {
        "displaylogo": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "modeBarButtonsToRemove": MODEBAR_REMOVE,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "topojsonURL": dash.get_asset_url("topojson/"),
        "responsive": True,
    }


def graph(component_id, figure, *, filename: str = "migdash-chart", **kwargs) -> dcc.Graph:
    """A dcc.Graph with the product's config. Pair it with a text or table alternative:
    screen readers cannot read the SVG."""
    return dcc.Graph(id=component_id, figure=figure, config=graph_config(filename), **kwargs)
