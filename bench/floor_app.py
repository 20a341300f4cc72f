"""The app as production builds it, plus one trivial callback: the floor of the benchmark.

`floor` returns a constant as large as a typical chart card's response (the stocks trend card
of the default view, rendered once), so timing it measures what Dash, Flask, gunicorn and the
JSON encoding cost on their own. Served only by the benchmark (`gunicorn bench.floor_app:server`).
"""

from __future__ import annotations

import functools

from dash import Input, Output

from app import create_app
from components.chart_card import CHARTS, render, spec
from components.url_state import parse

FLOOR_OUTPUT = "bench-floor.data"

app = create_app()
server = app.server


@functools.cache
def _constant():
    chart = CHARTS["stocks-trend"]
    return list(render(spec(chart, parse(list(chart.params), {}).state, "en")))


@app.callback(Output("bench-floor", "data"), Input("bench-floor-input", "value"))
def floor(_value):
    return _constant()


@functools.cache
def _raw_bilateral():
    from bench.naive import load_bilateral
    from settings import Settings

    return load_bilateral(Settings.from_env().source_dir)


@app.callback(Output("bench-naive", "figure"), Input("bench-naive-country", "value"),
              Input("bench-naive-year", "value"), Input("bench-naive-sex", "value"))
def naive_origins(country, year, sex):
    """The naive reference: the top origins of a country's immigrants, from the raw CSV on
    every request (as a typical Dash app does), drawn with plotly express."""
    import plotly.express as px

    from bench.naive import origins

    top = origins(_raw_bilateral(), country, int(year), sex).head(10)
    figure = px.bar(x=top.to_numpy(), y=top.index, orientation="h", labels={"x": "Immigrants", "y": "Origin"},
                    title=f"Immigrants in {country} by origin, {year}")
    return figure.to_dict()
