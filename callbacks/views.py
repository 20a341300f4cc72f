"""The one callback shape of every explorer page: filter controls -> checked view state ->
URL (without reload) and a spec for each chart card. Pages register theirs with
`register_view`; the cards render themselves (components.chart_card)."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, ctx, no_update

from components import figures, ids
from components.card_ids import part_id
from components.chart_card import CHARTS, ChartContent, spec
from components.labels import names, value_text
from components.table import TableColumn
from components.url_state import Param, from_values, parse, query_from_search
from components.view import page_query
from i18n import format_compact, format_currency_usd, resolve, translator

TABLE_KIND = {"persons": "number", "usd": "usd", "percent": "percent"}


def control_value(param: Param, value):
    """What a control shows for a state value: a list for multi-selects, text otherwise
    (dbc.Select and the radio items hold strings)."""
    return list(value) if param.multi else str(value)


def register_view(app, page: str, params: tuple[Param, ...], cards: tuple[str, ...]) -> None:
    """Controls -> URL and card specs; and URL -> controls and card specs when the browser's
    back and forward buttons change the URL (the page's own dcc.Location hears those, the
    pages router does not)."""
    url = ids.view_url(page)

    @app.callback(
        Output(url, "search"),
        [Output(ids.control(page, param.name), "value") for param in params],
        [Output(part_id(ids.card(page, chart), "spec"), "data") for chart in cards],
        [Input(ids.control(page, param.name), "value") for param in params],
        Input(url, "search"),
        State(ids.LANG, "data"),
        prevent_initial_call=True,
    )
    def update_view(*args):
        *values, search, lang = args
        lang = resolve(lang)
        if ctx.triggered_id == url:  # back or forward: the URL leads, the controls follow
            state = parse(list(params), query_from_search(search)).state
            controls = [control_value(param, state[param.name]) for param in params]
            return no_update, *controls, *(spec(CHARTS[chart], state, lang) for chart in cards)
        state = from_values(list(params), dict(zip((p.name for p in params), values)))
        return (
            page_query(params, state, lang),
            *[no_update] * len(params),
            *(spec(CHARTS[chart], state, lang) for chart in cards),
        )


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
    rows = rows.sort_values(measure, ascending=False)
    shown = rows.dropna(subset=[measure])
    ticks = {"persons": lambda v: format_compact(v, lang), "usd": lambda v: format_currency_usd(v, lang)}
    content.map_figure = figures.choropleth(
        pd.DataFrame(
            {
                "iso3": shown["country"],
                "value": shown[measure],
                "name": shown["name"],
                "hover": [f"{year}: {value_text(v, unit, lang)}" for v in shown[measure]],
            }
        ),
        label,
        lang,
        percent=unit == "percent",
        log_scale=unit in ticks,
        tick_format=ticks.get(unit),
    )
    content.table = rows
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
