"""The world map shared by the stocks and remittances explorers: one value per country, with
the table of the same rows."""

from __future__ import annotations

import pandas as pd

from components import describe, figures
from components.chart_card import ChartContent
from components.labels import names, value_text
from components.table import TableColumn
from i18n import format_compact, format_currency_usd, translator

TABLE_KIND = {"persons": "number", "usd": "usd", "percent": "percent"}


def country_map(
    content: ChartContent, rows: pd.DataFrame, measure: str, unit: str, label: str, year: int, lang: str
) -> ChartContent:
    """Fill a card with a world map of `measure` by country (rows of a country dataset) and
    the table of the same rows; or say that no country has the figure."""
    _ = translator(lang)
    if rows[measure].isna().all():
        content.empty = _("No country has this figure for {year}.").format(year=year)
        return content
    lookup = names(lang)
    rows = rows.assign(name=rows["country"].map(lambda code: lookup.get(code, code)))
    # Every country of the dataset, in the order of their codes, those without the figure
    # too (left grey): another year or sex then changes the map's values only, and the card
    # sends them alone (components/chart_card.py, patched).
    drawn = rows.sort_values("country")
    ticks = {"persons": lambda v: format_compact(v, lang), "usd": lambda v: format_currency_usd(v, lang)}
    content.map_figure = figures.choropleth(
        pd.DataFrame(
            {
                "iso3": drawn["country"],
                "value": drawn[measure],
                "name": drawn["name"],
                "hover": ["" if pd.isna(v) else value_text(v, unit, lang) for v in drawn[measure]],
            }
        ),
        label,
        lang,
        hover_label=str(year),
        percent=unit == "percent",
        log_scale=unit in ticks,
        tick_format=ticks.get(unit),
    )
    content.table = rows.sort_values(measure, ascending=False)
    content.description = describe.joined(
        content.description, describe.mapped(rows.assign(value=rows[measure]), label, unit, year, lang)
    )
    content.table_columns = [
        TableColumn("name", _("Country")),
        TableColumn("country", _("Code")),
        TableColumn(measure, label, TABLE_KIND[unit]),
    ]
    content.notes.append(
        _(
            "Map: Natural Earth boundaries. The boundaries and names shown do not imply "
            "official endorsement or acceptance by the United Nations."
        )
    )
    return content
