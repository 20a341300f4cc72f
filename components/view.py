"""Building blocks of the explorer pages: filter controls, the notice about ignored URL
values, and the page frame (heading, controls, cards, the page's own dcc.Location)."""

from __future__ import annotations

import functools
import unicodedata

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids, urls
from components.chart_card import CHARTS, chart_card, spec
from components.url_state import Parsed, parse, query_from_search, to_query
from data import queries
from i18n import format_number, ntranslator, resolve, translator


def data_required(layout):
    """A page layout that explains, rather than fails, when its data is not there: not built
    yet, no programme data published, or a data file that failed its check."""

    @functools.wraps(layout)
    def wrapper(lang=None, **query):
        try:
            return layout(lang=lang, **query)
        except queries.NoData as error:
            _ = translator(lang)
            color = "warning" if isinstance(error, queries.NoProgrammeData) else "danger"
            return dbc.Alert(_(error.message), color=color)

    return wrapper


# Explorer layouts by page, for the cache (its keys must name them by page, not by object).
_EXPLORERS: dict = {}


def cached_explorer(page: str, params):
    """An explorer's layout(lang, **query), served from the cache (like query results) when
    its URL parses without notices: keyed by the checked view state, never the raw query, so
    odd URLs add no keys (they are built each time, with their notice)."""

    def decorate(layout):
        _EXPLORERS[page] = (layout, params)

        @functools.wraps(layout)
        def wrapper(lang=None, **query):
            lang = resolve(lang)
            parsed = parse(list(params), query)
            if parsed.notices:
                return layout(lang=lang, **query)
            return _explorer_layout(page, tuple(parsed.state.items()), lang, urls.base())

        return wrapper

    return decorate


@queries.cached
def _explorer_layout(page: str, state_items: tuple, lang: str, _base: str):
    layout, params = _EXPLORERS[page]
    query = to_query(list(params), dict(state_items))
    return layout(lang=lang, **query_from_search(query))


def _sort_key(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def country_options(lang: str, codes) -> list[dict]:
    names = queries.select("countries", {}, lang).set_index("iso3")["name"]
    options = [{"label": names.get(code, code), "value": code} for code in codes]
    return sorted(options, key=lambda option: _sort_key(option["label"]))


def area_options(lang: str, codes) -> list[dict]:
    areas = queries.select("areas", {}, lang)
    areas = areas[areas["code"].isin(list(codes))]
    order = {"world": 0, "m49_region": 1, "m49_subregion": 2, "wb_income_group": 3, "programme": 4}
    areas = areas.assign(rank=areas["kind"].map(order)).sort_values(["rank", "name"])
    return [{"label": row.name, "value": row.code} for row in areas.itertuples()]


def labelled(control_id: str, label: str, component, width: dict) -> dbc.Col:
    return dbc.Col(
        [html.Label(label, htmlFor=control_id, className="form-label small fw-semibold mb-1"), component],
        **width,
    )


def multi_dropdown(control_id: str, options, value, placeholder: str = "") -> dcc.Dropdown:
    """A searchable multi-select (several countries): Dash's dropdown."""
    return dcc.Dropdown(
        id=control_id, options=options, value=list(value), multi=True, placeholder=placeholder, searchable=True
    )


def select(control_id: str, options, value) -> dbc.Select:
    """One value from a list: the browser's own <select>, accessible and native on phones."""
    return dbc.Select(
        id=control_id, value=str(value), options=[{"label": o["label"], "value": str(o["value"])} for o in options]
    )


def segmented(control_id: str, options, value) -> dbc.RadioItems:
    return dbc.RadioItems(
        id=control_id,
        options=options,
        value=value,
        inline=True,
        class_name="segmented",
        input_class_name="btn-check",
        label_class_name="btn btn-sm btn-outline-primary",
        label_checked_class_name="active",
    )


def notices_alert(parsed: Parsed, lang: str):
    """What the page ignored in its URL: the first few values, then how many more."""
    if not parsed.notices:
        return None
    _ = translator(lang)
    reasons = {
        "unknown": _("not a setting of this page"),
        "invalid": _("not a valid value"),
        "too_many": _("too many values; the first ones are shown"),
    }
    items = [html.Li(f"{notice.param}={notice.value}: {reasons[notice.reason]}") for notice in parsed.notices]
    if parsed.more_notices:
        ngettext = ntranslator(lang)
        more = ngettext("and {count} more", "and {count} more", parsed.more_notices)
        items.append(html.Li(more.format(count=format_number(parsed.more_notices, lang))))
    return dbc.Alert(
        [
            html.P(_("Some values in the link were ignored; the page shows the closest valid view."), className="mb-1"),
            html.Ul(items, className="mb-0 small"),
        ],
        color="warning",
        dismissable=True,
        class_name="view-notice",
    )


def page_query(params, state: dict, lang: str) -> str:
    """The page's query string for a view state (the language only when not the default)."""
    return to_query(list(params), state, urls.language_param(lang))


def explorer(
    page: str,
    params,
    cards,
    lang: str,
    query: dict,
    title: str,
    lead: str,
    controls,
    notice_text: str | None = None,
    banner=None,
    summary=None,
) -> html.Div:
    """An explorer page: the view state from the URL (with a notice for ignored values), its
    filter controls (`controls(state, params_by_name)`), one chart card per chart, and the
    page's own dcc.Location that filter changes write to. `banner` goes above the title,
    `summary(state)` between the controls and the cards."""
    parsed = parse(list(params), query)
    state = parsed.state
    by_name = {param.name: param for param in params}
    cards = [chart_card(ids.card(page, name), name, lang, spec(CHARTS[name], state, lang)) for name in cards]
    notices = notices_alert(parsed, lang)
    return html.Div(
        [
            dcc.Location(id=ids.view_url(page), search=page_query(params, state, lang), refresh=False),
            *([banner] if banner else []),
            html.H1(title),
            html.P(lead, className="lead"),
            *([notices] if notices else []),
            *([dbc.Alert(notice_text, color="info", class_name="py-2 small")] if notice_text else []),
            dbc.Card(
                dbc.CardBody(dbc.Row(controls(state, by_name), className="g-3")),
                class_name="mb-4 view-controls bg-light",
            ),
            *([summary(state)] if summary else []),
            *cards,
        ]
    )
