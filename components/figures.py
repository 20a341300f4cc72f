"""Pure figure builders: tidy data in, go.Figure out. No Dash, no globals, no I/O.

They take already-translated labels, so they can be unit-tested on tiny inputs in any
language.
"""

from __future__ import annotations

import plotly.graph_objects as go

FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
PRIMARY = "#0b5394"  # same blue as the navbar (assets/migdash.css)
LAND = "#e9ecef"
BORDER = "#ffffff"


def base_layout(**overrides) -> dict:
    layout = {
        "font": {"family": FONT_FAMILY, "size": 13, "color": "#212529"},
        "margin": {"l": 0, "r": 0, "t": 10, "b": 0},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
    }
    layout.update(overrides)
    return layout


def world_geo(**overrides) -> dict:
    geo = {
        "projection": {"type": "natural earth"},
        "showframe": False,
        "showcoastlines": False,
        "showcountries": True,
        "countrycolor": BORDER,
        "showland": True,
        "landcolor": LAND,
        "bgcolor": "rgba(0,0,0,0)",
        "lataxis": {"range": [-58, 85]},
    }
    geo.update(overrides)
    return geo


def highlighted_countries_map(iso3_codes, names, hover_label: str) -> go.Figure:
    """A world map with the given countries filled, named on hover."""
    figure = go.Figure(
        go.Choropleth(
            locations=list(iso3_codes),
            locationmode="ISO-3",
            z=[1] * len(iso3_codes),
            text=list(names),
            colorscale=[[0, PRIMARY], [1, PRIMARY]],
            showscale=False,
            marker={"line": {"color": BORDER, "width": 0.5}},
            hovertemplate="%{text}<extra>" + hover_label + "</extra>",
        )
    )
    figure.update_layout(base_layout(geo=world_geo(), height=380, dragmode=False))
    return figure
