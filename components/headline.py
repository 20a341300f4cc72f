"""A headline figure: the number, what it is, and its year and source underneath."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html


def headline(value: str, label: str, detail: str) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.P(value, className="headline-value mb-1"),
                html.P(label, className="mb-1"),
                html.P(detail, className="small text-body-secondary mb-0"),
            ]
        ),
        className="h-100 headline",
    )
