"""A formatted, accessible HTML table of a data frame, numbers written per locale."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from dash import html

from i18n import format_currency_usd, format_number, format_percent, translator

FORMATTERS: dict[str, Callable] = {
    "number": lambda value, lang: format_number(value, lang),
    "decimal": lambda value, lang: format_number(value, lang, decimals=1),
    "percent": lambda value, lang: format_percent(value, lang),
    "usd": lambda value, lang: format_currency_usd(value, lang),
    "text": lambda value, lang: (
        "–" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)
    ),
    # A link to a document (evidence): only http(s) addresses become links.
    "link": lambda value, lang: (
        html.A(translator(lang)("Open"), href=value, target="_blank", rel="noopener")
        if isinstance(value, str) and value.startswith(("https://", "http://"))
        else "–"
    ),
}
NUMERIC = {"number", "decimal", "percent", "usd"}


@dataclass(frozen=True)
class TableColumn:
    key: str
    label: str  # translated
    kind: str = "text"  # text | number | decimal | percent | usd | link


def data_table(
    frame: pd.DataFrame,
    columns: list[TableColumn],
    lang: str,
    caption: str,
    max_rows: int = 500,
    described_by: str | None = None,
) -> html.Div:
    """The first `max_rows` rows of `frame` (a page stays light), saying how many more there
    are and where they all are (the card's downloads); `described_by`, the id of the element
    describing it (a chart card's description)."""
    rows = frame.head(max_rows)
    body = [
        html.Tr(
            [
                html.Td(
                    FORMATTERS[column.kind](record[column.key], lang),
                    className="text-end" if column.kind in NUMERIC else None,
                )
                for column in columns
            ]
        )
        for record in rows.to_dict("records")
    ]
    parts = [
        html.Table(
            [
                html.Caption(caption, className="visually-hidden"),
                html.Thead(
                    html.Tr(
                        [
                            html.Th(c.label, scope="col", className="text-end" if c.kind in NUMERIC else None)
                            for c in columns
                        ]
                    )
                ),
                html.Tbody(body),
            ],
            className="table table-sm table-striped table-hover mb-0 chart-table",
        )
    ]
    described = {"aria-describedby": described_by} if described_by else {}
    table = html.Div(
        parts,
        className="table-responsive chart-table-wrap",
        tabIndex=0,
        role="region",
        **{"aria-label": caption},
        **described,
    )
    if len(frame) <= max_rows:
        return table
    _ = translator(lang)
    shown = _("The first {shown} of {total} rows are shown; the downloads hold them all.").format(
        shown=format_number(max_rows, lang), total=format_number(len(frame), lang)
    )
    return html.Div([table, html.P(shown, className="small text-body-secondary mt-2 mb-0 table-rows-shown")])
