"""The explorer pages: an `Explorer` declares one (path, view parameters, cards, texts,
controls) and gives its page module the registered page and layout; the callbacks register
its view from the same declaration. Also the building blocks: filter controls derived from
their parameter, the notice about ignored URL values, and the page frame (heading,
controls, cards, the page's own dcc.Location)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids, shell, urls
from components.chart_card import CHARTS, VIEW, chart_card, spec, view_param
from components.url_state import Param, Parsed, parse, query_from_search, to_query
from data import queries
from data.countries import sort_key
from i18n import N_, format_number, format_period, ntranslator, resolve, translator


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


def _url_params(params, cards) -> list:
    """What an explorer's URL says: its filters, and the tab its cards open on."""
    return [*params, view_param([CHARTS[name] for name in cards])]


def cached_explorer(page: str, params, cards):
    """An explorer's layout(lang, **query), served from the cache (like query results) when
    its URL parses without notices: keyed by the checked view state, never the raw query, so
    odd URLs add no keys (they are built each time, with their notice)."""

    def decorate(layout):
        _EXPLORERS[page] = (layout, params, cards)

        @functools.wraps(layout)
        def wrapper(lang=None, **query):
            lang = resolve(lang)
            parsed = parse(_url_params(params, cards), query)
            if parsed.notices:
                return layout(lang=lang, **query)
            return _explorer_layout(page, tuple(parsed.state.items()), lang, urls.base())

        return wrapper

    return decorate


@queries.cached
def _explorer_layout(page: str, state_items: tuple, lang: str, _base: str):
    layout, params, cards = _EXPLORERS[page]
    query = to_query(_url_params(params, cards), dict(state_items))
    return layout(lang=lang, **query_from_search(query))


def country_options(lang: str, codes) -> list[dict]:
    names = queries.select("countries", {}, lang).set_index("iso3")["name"]
    options = [{"label": names.get(code, code), "value": code} for code in codes]
    return sorted(options, key=lambda option: sort_key(option["label"], lang))


def area_options(lang: str, codes) -> list[dict]:
    areas = queries.select("areas", {}, lang)
    areas = areas[areas["code"].isin(list(codes))]
    order = {"world": 0, "m49_region": 1, "m49_subregion": 2, "wb_income_group": 3, "programme": 4}
    rows = sorted(areas.itertuples(), key=lambda row: (order[row.kind], sort_key(row.name, lang)))
    return [{"label": row.name, "value": row.code} for row in rows]


def labelled(control_id: str, label: str, component, width: dict) -> dbc.Col:
    return dbc.Col(
        [html.Label(label, htmlFor=control_id, className="form-label small fw-semibold mb-1"), component],
        **width,
    )


def dropdown_labels(lang: str) -> dict:
    """Dash's dropdown's own words (its `labels`), which it writes in English otherwise."""
    _ = translator(lang)
    return {
        "select_all": _("Select all"),
        "deselect_all": _("Deselect all"),
        # Dash puts the number in place of {num_selected}, and shows it from two selected up.
        "selected_count": _("{num_selected} selected"),
        "search": _("Search"),
        "clear_search": _("Clear search"),
        "clear_selection": _("Clear selection"),
        "no_options_found": _("No options found"),
    }


def multi_dropdown(control_id: str, options, value, lang: str, placeholder: str = "") -> dcc.Dropdown:
    """A searchable multi-select (several countries): Dash's dropdown, in the page's language."""
    return dcc.Dropdown(
        id=control_id,
        options=options,
        value=list(value),
        multi=True,
        placeholder=placeholder,
        searchable=True,
        labels=dropdown_labels(lang),
    )


def select(control_id: str, options, value, *, label: str) -> dbc.Select:
    """One value from a list: the browser's own <select>, accessible and native on phones.

    dbc.Select always adds a hidden, disabled first option for its placeholder, which some
    browsers (Safari) list anyway: it carries the control's `label`, so no list ever shows
    a blank entry; a value not among the options falls back to the first one."""
    options = [{"label": o["label"], "value": str(o["value"])} for o in options]
    values = [o["value"] for o in options]
    chosen = str(value) if str(value) in values else (values[0] if values else "")
    return dbc.Select(id=control_id, value=chosen, options=options, placeholder=label)


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
    return to_query(list(params), state, urls.view_params(lang))


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
    card_controls=None,
) -> html.Div:
    """An explorer page: the view state from the URL (with a notice for ignored values), its
    filter controls (`controls(state, params_by_name)`), one chart card per chart (open on the
    URL's `view`), and the page's own dcc.Location that filter changes write to. `banner` goes above the title,
    `summary(state)` between the controls and the cards; `card_controls(state)` gives controls
    placed just above a card (card name -> control), such as the slider the card follows."""
    url_params = _url_params(params, cards)
    parsed = parse(url_params, query)
    state = parsed.state
    by_name = {param.name: param for param in params}
    above = card_controls(state) if card_controls else {}
    cards = [
        part
        for name in cards
        for part in (
            *(
                [html.Div(dbc.Row(above[name]), className="card card-body bg-light mb-3 view-controls")]
                if name in above
                else []
            ),
            chart_card(ids.card(page, name), name, lang, spec(CHARTS[name], state, lang), view=state[VIEW]),
        )
    ]
    notices = notices_alert(parsed, lang)
    return html.Div(
        [
            dcc.Location(id=ids.view_url(page), search=page_query(url_params, state, lang), refresh=False),
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


# A code parameter names countries or areas, as its name says: how its options are labelled
# and what its multi-select says while empty.
CODE_CONTROLS = {
    "country": (country_options, N_("Choose countries")),
    "area": (area_options, N_("Add the world or a region")),
}


def choice_options(param: Param, lang: str) -> list[dict]:
    """A choice's options: its labels in their order, or else its values (years, periods)
    newest first."""
    if param.labels:
        _ = translator(lang)
        return [
            {"label": label(lang) if callable(label) else _(label), "value": value}
            for value, label in param.labels.items()
        ]
    return [
        {"label": format_period(value, lang), "value": value} for value in sorted(param.allowed_values(), reverse=True)
    ]


@dataclass(frozen=True)
class Control:
    """An explorer's filter for one parameter: only its label (a msgid) and its place (dbc.Col
    widths) are given; the kind of control and its options follow from the parameter. Codes:
    a searchable multi-select (several) or a select (one); a choice or an integer: a select,
    or a row of buttons when `segmented` (a few short options)."""

    param: str
    label: str
    width: dict
    segmented: bool = False
    # A control of its own (a slider): build(page, param name, value, view state, label, lang).
    build: Callable | None = None
    card: str = ""  # shown just above this card (the one it drives) rather than with the filters

    def render(self, page: str, param: Param, value, lang: str, state: dict | None = None) -> dbc.Col:
        _ = translator(lang)
        control_id = ids.control(page, param.name)
        if self.build is not None:
            return dbc.Col(self.build(page, param.name, value, state or {}, _(self.label), lang), **self.width)
        if param.kind in ("code", "codes"):
            options_of, placeholder = CODE_CONTROLS[param.name]
            options = options_of(lang, param.allowed_values())
            if param.multi:
                component = multi_dropdown(control_id, options, value, lang, placeholder=_(placeholder))
            else:
                component = select(control_id, options, value, label=_(self.label))
        elif self.segmented:
            component = segmented(control_id, choice_options(param, lang), value)
        else:
            component = select(control_id, choice_options(param, lang), value, label=_(self.label))
        return labelled(control_id, _(self.label), component, self.width)


@dataclass(frozen=True)
class Explorer:
    """One explorer page, declared once. `path` ("/stocks") also names the page's ids and
    cache keys ("stocks"); `name` and `summary` are the navbar's and the home page's words;
    `title`, `lead` and `notice` head the page; all texts are msgids."""

    path: str
    name: str
    summary: str
    order: int
    params: tuple[Param, ...]
    cards: tuple[str, ...]
    title: str
    lead: str
    controls: tuple[Control, ...]
    notice: str | None = None

    @property
    def page(self) -> str:
        return self.path.strip("/")

    def register_page(self, module: str):
        """Register the page of `module` and return its layout (cached, explaining missing data)."""
        shell.register_page(module, path=self.path, name=self.name, summary=self.summary, order=self.order)
        return data_required(cached_explorer(self.page, self.params, self.cards)(self.layout))

    def layout(self, lang=None, **query) -> html.Div:
        lang = resolve(lang)
        _ = translator(lang)
        by_name = {param.name: param for param in self.params}
        return explorer(
            self.page,
            self.params,
            self.cards,
            lang,
            query,
            title=_(self.title),
            lead=_(self.lead),
            controls=lambda state, _params: [
                control.render(self.page, by_name[control.param], state[control.param], lang, state)
                for control in self.controls
                if not control.card
            ],
            card_controls=lambda state: {
                control.card: control.render(self.page, by_name[control.param], state[control.param], lang, state)
                for control in self.controls
                if control.card
            },
            notice_text=_(self.notice) if self.notice else None,
        )
