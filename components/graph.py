"""`graph()`: every dcc.Graph in the product, with the same offline-safe configuration.

- map shapes come from our own assets (plotly.js would fetch them from a CDN otherwise);
- no "send to cloud" button and no plotly logo; only the modebar buttons readers use;
- plotly's own strings (the modebar's tooltips, "Double-click to zoom back out") in the
  page's language: plotly.js's fr and es locales are in our bundle (tools/plotly-bundle.js);
  numbers are formatted by us (components/figures.py).
"""

from __future__ import annotations

from dash import dcc

from components import urls
from i18n import DEFAULT_LANGUAGE

MODEBAR_REMOVE = ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "sendDataToCloud"]


def graph_config(lang: str = DEFAULT_LANGUAGE, filename: str = "migdash-chart") -> dict:
    return {
        "locale": lang,
        "displaylogo": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "modeBarButtonsToRemove": MODEBAR_REMOVE,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "topojsonURL": urls.asset("topojson/"),
        "responsive": True,
    }


def graph(component_id, figure, lang: str, *, filename: str = "migdash-chart", **kwargs) -> dcc.Graph:
    """A dcc.Graph with the product's config. Pair it with a text or table alternative:
    screen readers cannot read the SVG."""
    return dcc.Graph(id=component_id, figure=figure, config=graph_config(lang, filename), **kwargs)
