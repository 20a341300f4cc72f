"""The app as production builds it, plus one trivial callback: the floor of the benchmark.

`floor` answers exactly like a chart card's render (the same outputs by name, ids of the same
form) with a constant of a typical card's size, so timing it measures what Dash, Flask,
gunicorn, the JSON encoding and compression cost on their own. Served only by the benchmark (`gunicorn
bench.floor_app:server`).
"""

from __future__ import annotations

import functools

from dash import MATCH, Input, Output

from app import app  # built from the environment as for `gunicorn app:server` (tables loaded before the fork)
from components.chart_card import CHARTS, RENDERED, render, spec
from components.url_state import parse

server = app.server
# The benchmark's callbacks have no components in any page: without this, the browser's Dash
# renderer reports their ids as missing, on every page the page-load benchmark opens.
app.config.suppress_callback_exceptions = True


def _floor_part(part: str) -> dict:
    return {"component": "bench-floor", "part": part, "aio_id": MATCH}


@functools.cache
def _constant() -> dict:
    """A card of typical size: the stocks trend of three countries, rendered once."""
    chart = CHARTS["stocks-trend"]
    return render(spec(chart, parse(list(chart.params), {"country": "MDA,TUN,PHL"}).state, "en"))


@app.callback(
    output={name: Output(_floor_part(part), prop) for name, (part, prop) in RENDERED.items()},
    inputs=[Input(_floor_part("spec"), "data")],
)
def floor(_spec):
    """The floor: a chart card's outputs (same ids, same shape), as a constant."""
    return _constant()


@functools.cache
def _raw_bilateral():
    from bench.naive import load_bilateral
    from settings import Settings

    return load_bilateral(Settings.from_env().source_dir)


@app.callback(
    Output("bench-naive", "figure"),
    Input("bench-naive-country", "value"),
    Input("bench-naive-year", "value"),
    Input("bench-naive-sex", "value"),
)
def naive_origins(country, year, sex):
    """The naive reference: the top origins of a country's immigrants, from the raw CSV on
    every request (as a typical Dash app does), drawn with plotly express."""
    import plotly.express as px

    from bench.naive import origins

    top = origins(_raw_bilateral(), country, int(year), sex).head(10)
    figure = px.bar(
        x=top.to_numpy(),
        y=top.index,
        orientation="h",
        labels={"x": "Immigrants", "y": "Origin"},
        title=f"Immigrants in {country} by origin, {year}",
    )
    return figure.to_dict()
