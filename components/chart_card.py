"""The chart card: every chart in the product, on pages and in embeds.

A card shows one registered `Chart` for a view state: title and subtitle; tabs chart / map /
table (those the chart has); the chart in words (`ChartContent.description`, behind "Describe
this chart": what the panels and the table are described by, and the images' text); a footer
with sources, editions, licences and notes; and actions: download the displayed data (the
table as shown, web/chart_files.py) or the API's rows and full dataset (CSV, XLSX; the /api/v1
URLs with the current filters), PNG and SVG carrying the card's title, source, licence, date
and link (`_export`, drawn by assets/migdash-export.js), copy a permalink, and an embed snippet.

All-in-one pattern: pages place `chart_card(aio_id, chart_name)` and write a small spec
(chart name, view state, language, permalink) into the card's store; the card's callbacks,
registered once per app with MATCH ids, do the rest. An embed is the same card.

The tab a card shows is in its permalink and embed URL as `view=<tab>` (`view_param`), left
out for the chart's first view, so links to it are what they always were. A page or embed
reads it with the rest of its URL: every card there that has that tab opens on it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import MATCH, ClientsideFunction, Input, Output, Patch, State, dcc, html, no_update
from plotly.io.json import to_json_plotly

from components import pins, urls
from components.card_ids import dom_id, part_id
from components.graph import graph
from components.mount import Mount
from components.table import TableColumn, data_table
from components.url_state import Param, from_values
from data import queries
from data.countries import country_name
from data.methods import METHODS
from data.sources import SOURCES_BY_KEY
from i18n import DEFAULT_LANGUAGE, format_date, resolve, translator

VIEWS = ("chart", "map", "table")
EXPORT_META = "migdash_export"  # the key of a figure's layout.meta that its images read
DISPLAYED_FORMATS = ("csv", "xlsx")
EMBED_HOST_SCRIPT = "host/embed.js"  # the script a page embedding our charts includes (a stable URL)
# Code columns a table may hold behind its names: its files show them beside the names.
CODE_COLUMNS = ("country", "area", "origin", "destination", "code")
VIEW = "view"  # the URL parameter of the tab cards open on
EMPTY_FIGURE = {"data": [], "layout": {}}
# The key of a figure's layout.meta holding its structure's and its content's keys; the card's
# "shown" store holds the keys of the figures the browser draws (assets/migdash.js, shownFigures).
STRUCTURE_META = "migdash_structure"
FIGURES = ("figure", "map_figure")  # the render outputs that are plotly figures
# What a change of year or sex may change in a figure while its structure stays: per trace
# its values, hover texts and colour scale; in the layout the axes' ticks and the export meta.
TRACE_VALUES = ("x", "y", "z", "customdata", "hovertext", "hovertemplate", "colorbar")
AXIS_VALUES = ("tickvals", "ticktext", "range")
GRAPH_VIEWS = {"chart": "graph", "map": "map"}  # the views drawn by plotly, and their graph's part


@dataclass
class Download:
    """A file behind the card: an /api/v1 dataset with filters (param -> values)."""

    label: str
    dataset: str
    filters: dict


@dataclass
class ChartContent:
    title: str
    subtitle: str = ""
    figure: dict | None = None  # plotly figure (components.figures)
    map_figure: dict | None = None
    table: object = None  # pandas frame shown in the table tab
    table_columns: list[TableColumn] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)
    sources: tuple[str, ...] = ()
    source_note: str = ""  # a source that is not a build input (programme data), as text
    notes: list[str] = field(default_factory=list)
    methods: tuple[str, ...] = ()  # keys of data.methods: how the numbers shown were derived
    empty: str | None = None  # why there is nothing to show (replaces the chart)
    demo: bool = False  # demo data: the card says "demo data - illustrative only"
    # What the chart shows, in one or two plain sentences written from the same data in the
    # reader's language (range, largest, trend): the chart's accessible description.
    description: str = ""


@dataclass(frozen=True)
class Chart:
    """A chart the product can show: on `page` (its URL state `params`) and at /embed/<name>.

    `path_params` are written into the page's path rather than its query, e.g. page
    "/programme/{country}".
    """

    name: str
    page: str
    params: tuple[Param, ...]
    views: tuple[str, ...]
    render: Callable[[dict, str], ChartContent]
    path_params: tuple[str, ...] = ()


CHARTS: dict[str, Chart] = {}


def register_chart(chart: Chart) -> Chart:
    CHARTS[chart.name] = chart
    return chart


# What the card's render callback sets: output name -> (part, property). render() returns a
# dict with exactly these keys, and the callback declares them as a Dash output grouping.
RENDERED = {
    "title": ("title", "children"),
    "subtitle": ("subtitle", "children"),
    "figure": ("graph", "figure"),
    "map_figure": ("map", "figure"),
    "graph_style": ("graph-box", "style"),
    "map_style": ("map-box", "style"),
    "sources": ("sources", "children"),
    "notes": ("notes", "children"),
    "downloads": ("downloads", "children"),
    "empty": ("empty", "children"),
    "empty_hidden": ("empty", "hidden"),
    "views_hidden": ("views", "hidden"),
    "back_link": ("back-link", "href"),
    "demo_hidden": ("demo", "hidden"),
    "description": ("description", "children"),
}


def view_param(charts) -> Param:
    """The `view` URL parameter of a page or embed showing cards of `charts`: the tab they open
    on, one that some of them have. Its default (each card on its chart's first view) is
    never written."""
    return Param(
        VIEW, "choice", "", allowed=tuple(view for view in VIEWS if any(view in chart.views for chart in charts))
    )


def spec(chart: Chart, state: dict, lang: str) -> dict:
    """What a page writes into a card's store: small keys only, never data. The permalink and
    the embed URL come for each tab of the chart (the card links to the one it shows)."""
    _ = translator(lang)
    tab = view_param([chart])
    page_params = [param for param in chart.params if param.name not in chart.path_params]
    page = chart.page.format(**{name: state[name] for name in chart.path_params})
    showing = {view: {**state, VIEW: "" if view == chart.views[0] else view} for view in chart.views}
    shown_version = queries.shown_version()
    return {
        "chart": chart.name,
        # The data version the card shows: `v` when the view is pinned to it (the card's
        # callbacks then read that build), `version` always (the share dialog's pinned links).
        **pins.param(),
        "version": shown_version,
        "state": {
            key: list(value) if isinstance(value, tuple) else value for key, value in state.items() if key != VIEW
        },
        "lang": lang,
        # The embed snippet's iframe title ({title}: the card's) and the host page's script.
        "embed_title": _("{title} (chart, Migration & Development Dashboard)"),
        "embed_script": dash.get_asset_url(EMBED_HOST_SCRIPT),
        "permalink": {view: urls.explorer(page, [*page_params, tab], opened, lang) for view, opened in showing.items()},
        "embed": {view: urls.embed(chart.name, [*chart.params, tab], opened) for view, opened in showing.items()},
    }


def chart_card(
    aio_id: str,
    chart_name: str,
    lang: str,
    initial_spec: dict | None = None,
    embed: bool = False,
    controls: bool = True,
    view: str = "",
) -> html.Section:
    """A card of `chart_name` for `initial_spec`, open on its tab `view` if it has it (on its
    chart's first view otherwise). On a page, its graph is drawn once the card is near the
    viewport; an embed's, the one card of its page, at once."""
    _ = translator(lang)
    chart = CHARTS[chart_name]
    labels = {"chart": _("Chart"), "map": _("Map"), "table": _("Table")}
    opening = view if view in chart.views else chart.views[0]
    waiting = {"chart": _("Loading the chart…"), "map": _("Loading the map…")}
    holders = {
        # Each graph is mounted (and drawn by plotly) once its tab is open and, on a page,
        # once the card is near the viewport (components/mount.py); the box has its height.
        view: Mount(
            graph(part_id(aio_id, part), EMPTY_FIGURE, lang, filename=f"migdash-{chart_name}{suffix}"),
            id=part_id(aio_id, f"{part}-box"),
            mounted=view == opening,
            lazy=not embed,
            wait_for_size=True,  # drawn once, with its figure: the render sets the box's height
            placeholder=waiting[view],
            className="graph-box",
        )
        for (view, part), suffix in zip(GRAPH_VIEWS.items(), ("", "-map"), strict=True)
    } | {
        # Built when its tab opens (render_card_table), or now for a card that opens on it.
        "table": html.Div(
            render_table(initial_spec, aio_id) if opening == "table" else None, id=part_id(aio_id, "table")
        ),
    }
    # Our own WAI-ARIA tabs (role tablist/tab/tabpanel): every card has the three buttons and
    # panels, so the MATCH callbacks have the same outputs everywhere; views a chart lacks
    # stay hidden.
    tab_buttons = [
        html.Button(
            labels[view],
            id=part_id(aio_id, f"tab-{view}"),
            type="button",
            role="tab",
            n_clicks=0,
            className="nav-link" + (" active" if view == opening else ""),
            hidden=view not in chart.views,
            tabIndex=0 if view == opening else -1,  # roving: Tab reaches the open tab, arrows the others
            **{
                "aria-selected": "true" if view == opening else "false",
                "aria-controls": dom_id(part_id(aio_id, f"panel-{view}")),
            },
        )
        for view in VIEWS
    ]
    described_by = dom_id(part_id(aio_id, "description"))
    panels = [
        html.Div(
            holders[view],
            id=part_id(aio_id, f"panel-{view}"),
            role="tabpanel",
            hidden=view != opening,
            className="chart-panel",
            **{"aria-labelledby": dom_id(part_id(aio_id, f"tab-{view}")), "aria-describedby": described_by},
        )
        for view in VIEWS
    ]
    tablist = html.Div(
        tab_buttons,
        role="tablist",
        className="nav nav-tabs chart-tabs" + ("" if controls and len(chart.views) > 1 else " d-none"),
        **{"aria-label": _("Views of this chart")},
    )
    tabs = html.Div([tablist, *panels])
    # The chart in words (ChartContent.description): what each view's panel and the table are
    # described by (aria-describedby), shown on request; a <details> opens from the keyboard.
    description = html.Details(
        [
            html.Summary(_("Describe this chart"), className="small"),
            html.P(id=part_id(aio_id, "description"), className="small mb-0 mt-1"),
        ],
        className="chart-description mt-2",
    )
    images_hidden = "" if any(view in chart.views for view in GRAPH_VIEWS) else " d-none"  # a table-only card
    actions = html.Div(
        [
            dbc.DropdownMenu(
                label=_("Download"),
                id=part_id(aio_id, "downloads"),
                size="sm",
                color="secondary",
                class_name="me-2",
                children=[],
            ),
            dbc.Button(
                _("PNG"),
                id=part_id(aio_id, "png"),
                size="sm",
                color="secondary",
                outline=True,
                class_name="me-1" + images_hidden,
                title=_("Download the chart as a PNG image, slide size (1600 × 900)"),
            ),
            dbc.Button(
                _("SVG"),
                id=part_id(aio_id, "svg"),
                size="sm",
                color="secondary",
                outline=True,
                class_name="me-2" + images_hidden,
                title=_("Download the chart as an SVG image, slide size (1600 × 900)"),
            ),
            *_copy_button(
                aio_id,
                "copy",
                _("Copy link"),
                _("Link copied"),
                "btn-outline-secondary me-1",
                title=_("Copy a link to this view"),
            ),
            dbc.Button(_("Embed"), id=part_id(aio_id, "embed-open"), size="sm", color="secondary", outline=True),
        ],
        className="chart-actions d-flex flex-wrap align-items-center gap-1" + ("" if controls else " d-none"),
    )
    embed_modal = dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Share or embed this chart"))),
            dbc.ModalBody(
                [
                    # Links that follow the data, or pinned to the version shown (components/pins.py).
                    pins.share_choice(part_id(aio_id, "embed-pin"), lang),
                    html.Label(
                        _("Link to this view"), htmlFor=dom_id(part_id(aio_id, "embed-link")), className="small"
                    ),
                    html.Div(
                        [
                            dbc.Input(
                                id=part_id(aio_id, "embed-link"), readonly=True, size="sm", className="font-monospace"
                            ),
                            *_copy_button(aio_id, "link-copy", _("Copy"), _("Link copied"), "btn-outline-primary ms-2"),
                        ],
                        className="d-flex align-items-center mb-3",
                    ),
                    html.P(
                        _(
                            "Paste this code into your page. The chart shows its source, and the data chosen "
                            "above: always the latest, or this version's numbers, unchanged."
                        )
                    ),
                    dbc.Textarea(
                        id=part_id(aio_id, "embed-code"),
                        readonly=True,
                        rows=4,
                        className="font-monospace small",
                        title=_("Embed code"),
                    ),
                    html.Div(
                        [
                            *_copy_button(aio_id, "embed-copy", _("Copy"), _("Embed code copied"), "btn-primary me-2"),
                        ],
                        className="mt-2 d-flex align-items-center",
                    ),
                    html.P(
                        _(
                            "The script line lets the frame take the chart's height on any page; "
                            "without it, the frame keeps its fixed height."
                        ),
                        className="small text-body-secondary mt-2 mb-0",
                    ),
                    dbc.Checkbox(
                        id=part_id(aio_id, "embed-controls"),
                        value=True,
                        label=_("Show the download and share buttons"),
                        class_name="mt-2",
                    ),
                ]
            ),
        ],
        id=part_id(aio_id, "embed-modal"),
        is_open=False,
        size="lg",
    )
    header = [
        html.P(
            _("Demo data — illustrative only"),
            id=part_id(aio_id, "demo"),
            hidden=True,
            className="badge text-bg-warning demo-badge mb-2",
        ),
        html.H2(id=part_id(aio_id, "title"), className="h5 mb-1"),
        html.P(id=part_id(aio_id, "subtitle"), className="text-body-secondary small mb-0"),
    ]
    body = dcc.Loading(
        html.Div(
            [
                html.P(id=part_id(aio_id, "empty"), className="chart-empty alert alert-light mb-0", hidden=True),
                html.Div([tabs, description], id=part_id(aio_id, "views")),
            ]
        ),
        delay_show=300,
        type="circle",
    )
    footer = html.Div(
        [
            html.Div(id=part_id(aio_id, "sources"), className="small"),
            html.Ul(id=part_id(aio_id, "notes"), className="small text-body-secondary mb-2 ps-3"),
            actions,
            html.A(
                _("See the full view on the Migration & Development Dashboard"),
                id=part_id(aio_id, "back-link"),
                className="small",
                target="_blank",
                hidden=not embed,
            ),
        ],
        className="card-footer bg-white",
    )
    return html.Section(
        [
            html.Div(header, className="card-header bg-white border-0 pb-0"),
            html.Div(body, className="card-body pt-2"),
            footer,
            embed_modal,
            dcc.Store(id=part_id(aio_id, "spec"), data=initial_spec),
            dcc.Store(id=part_id(aio_id, "image-sink")),
            dcc.Store(id=part_id(aio_id, "copy-sink")),
            dcc.Store(id=part_id(aio_id, "pin-sink")),
            dcc.Store(id=part_id(aio_id, "active-view"), data=opening),
            dcc.Store(id=part_id(aio_id, "shown")),
            dcc.Store(id=part_id(aio_id, "table-spec")),  # the spec, while the table tab is shown
        ],
        className="card chart-card mb-4 shadow-sm",
        id=aio_id,
    )


def _copy_button(aio_id: str, part: str, label: str, message: str, classes: str, title: str | None = None) -> list:
    """A Copy button (part `part`) and where it says it copied (part `<part>-status`, a polite
    live region: screen readers announce it); the script (assets/migdash.js, copyText) writes
    `data-message` into it after copying."""
    button = html.Button(
        label, id=part_id(aio_id, part), type="button", n_clicks=0, className=f"btn btn-sm {classes}", title=title
    )
    status = html.Span(
        id=part_id(aio_id, f"{part}-status"),
        className="small text-success me-2",
        role="status",
        **{"data-message": message},
    )
    return [button, status]


def _sources_line(keys, lang: str, note: str = "", link=html.A):
    """ "Source: publisher, name (edition) · licence; ..." with links; `link=None` gives the
    same words as plain text (for images and files)."""
    _ = translator(lang)
    parts = [html.Span(_("Source: "), className="fw-semibold") if link else _("Source: ")]
    if note:
        parts.append(note)
    for index, key in enumerate(dict.fromkeys(keys)):
        source = SOURCES_BY_KEY[key]
        if index or note:
            parts.append("; ")
        parts.extend(
            [
                f"{_(source.publisher)}, ",
                link(_(source.name), href=source.url, target="_blank") if link else _(source.name),
                f" ({_(source.edition)}) · ",
                link(source.licence, href=source.licence_url, target="_blank") if link else source.licence,
            ]
        )
    return parts


def _source_text(content: ChartContent, lang: str) -> str:
    return "".join(_sources_line(content.sources, lang, content.source_note, link=None))


def _data_date(content: ChartContent, lang: str) -> str:
    """When the numbers shown were last updated: the programme version's date for programme
    data (its source note), the data build's otherwise."""
    _ = translator(lang)
    try:
        stamp = queries.programme_version().created_at if content.source_note else queries.manifest()["built_at"]
    except queries.NoData:
        return ""
    return _("Data updated {date}").format(date=format_date(dt.date.fromisoformat(stamp[:10]), lang))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


MAX_PLACES_IN_NAME = 4


def file_stem(chart: Chart, state: dict, content: ChartContent, lang: str) -> str:
    """A descriptive name for the chart's files: chart, places, years, such as
    "stocks-trend_moldova-morocco_1990-2024" (a few places, then how many more)."""
    place_params = [p.name for p in chart.params if p.name in ("country", "area") and p.kind in ("code", "codes")]
    codes = [code for name in place_params for code in _as_tuple(state.get(name))]
    places = [_slug(country_name(code, lang)) for code in codes[:MAX_PLACES_IN_NAME]]
    if len(codes) > MAX_PLACES_IN_NAME:
        places.append(f"and-{len(codes) - MAX_PLACES_IN_NAME}-more")
    table = content.table
    if table is not None and "year" in table and table["year"].notna().any():
        first, last = int(table["year"].min()), int(table["year"].max())
        years = str(first) if first == last else f"{first}-{last}"
    else:
        years = next((str(state[name]) for name in ("year", "period", "matrix") if state.get(name)), "")
    return "_".join(part for part in (chart.name, "-".join(places), _slug(years)) if part)


def _as_tuple(value) -> tuple:
    if value in (None, ""):
        return ()
    return tuple(value) if isinstance(value, list | tuple) else (value,)


def _export(chart: Chart, state: dict, content: ChartContent, lang: str, permalink: str) -> dict:
    """What an image of the chart carries besides the plot, in the reader's language: read by
    assets/migdash-export.js from the figure's `layout.meta`, for the card's PNG and SVG
    buttons and for the modebar's camera alike."""
    _ = translator(lang)
    return {
        "title": content.title,
        "subtitle": content.subtitle,
        "source": _source_text(content, lang),
        "date": _data_date(content, lang),
        "url": permalink,
        "demo": _("Demo data — illustrative only") if content.demo else "",
        "description": description_text(content, lang),  # the images' alt text (<desc> in the SVG)
        "credit": _("Migration & Development Dashboard"),
        "filename": file_stem(chart, state, content, lang),
    }


def _with_export(figure: dict | None, export: dict, suffix: str = "") -> dict | None:
    if not figure:
        return figure
    meta = {EXPORT_META: {**export, "filename": export["filename"] + suffix}}
    return {**figure, "layout": {**figure.get("layout", {}), "meta": meta}}


def displayed_data(
    chart: Chart, state: dict, lang: str, public_url: str = ""
) -> tuple[pd.DataFrame, list[tuple], str] | None:
    """The card's table as a file: its columns with their headers in `lang` (each name with
    its code beside it), the rows' values unformatted, an "about" sheet (what, source, licence,
    date, links from `public_url`) and the file's name; None when the card shows no table."""
    _ = translator(lang)
    content = _content(chart, state, lang)
    if content.empty is not None or content.table is None:
        return None
    table = content.table
    shown = {column.key for column in content.table_columns} | {column.label for column in content.table_columns}
    # The names' codes, unless the table shows them already (e.g. a partner's "Code").
    has_codes = shown & {*CODE_COLUMNS, _("Code")}
    code = None if has_codes else next((key for key in CODE_COLUMNS if key in table), None)
    columns = []
    for column in content.table_columns:
        columns.append((column.key, column.label))
        if column.key == "name" and code:
            columns.append((code, _("Code")))
    frame = table[[key for key, _label in columns]].copy()
    frame.columns = [label for _key, label in columns]
    permalink = urls.absolute(spec(chart, state, lang)["permalink"][chart.views[0]], public_url)
    about = [
        (_("Chart"), content.title),
        (_("Subtitle"), content.subtitle),
        (_("Description"), description_text(content, lang)),
        (_("Source"), _source_text(content, lang)),
        (_("Data date"), _data_date(content, lang)),
        (_("Link"), permalink),
        (_("Demo data"), _("Demo data — illustrative only") if content.demo else ""),
        *[(_("Note"), note) for note in content.notes],
        *[
            (_("The same data with stable column names (API)"), urls.absolute(download_url(d, "csv"), public_url))
            for d in content.downloads
        ],
    ]
    return frame, [(item, value) for item, value in about if value], file_stem(chart, state, content, lang)


def download_url(download: Download, fmt: str, full: bool = False) -> str:
    filters = {} if full else {key: ",".join(str(v) for v in values) for key, values in download.filters.items()}
    return urls.api(download.dataset, fmt, filters)


def _download_items(downloads: list[Download], lang: str, displayed: dict | None = None):
    """The Download menu: the card's table as shown (headers in `lang`, `displayed` by
    format), then per dataset the API's filtered rows (stable column names) and full file."""
    _ = translator(lang)
    items = []
    if displayed:
        items.append(dbc.DropdownMenuItem(_("Displayed data (CSV)"), href=displayed["csv"], external_link=True))
        items.append(dbc.DropdownMenuItem(_("Displayed data (Excel)"), href=displayed["xlsx"], external_link=True))
    for download in downloads:
        items.append(dbc.DropdownMenuItem(download.label, header=True))
        items.append(
            dbc.DropdownMenuItem(
                _("Filtered data, stable column names (CSV)"), href=download_url(download, "csv"), external_link=True
            )
        )
        items.append(
            dbc.DropdownMenuItem(
                _("Full dataset (CSV)"), href=download_url(download, "csv", full=True), external_link=True
            )
        )
    items.append(dbc.DropdownMenuItem(divider=True))
    items.append(
        dbc.DropdownMenuItem(
            _("About the data (JSON)"),
            href=urls.api(downloads[0].dataset, "metadata.json") if downloads else "#",
            external_link=True,
        )
    )
    return items


def _checked(card_spec) -> tuple[Chart, dict, str] | None:
    """The chart, view state and language of a card's spec, checked like a URL (the spec
    comes back from the browser); None for a spec that names no chart."""
    name = card_spec.get("chart") if isinstance(card_spec, dict) else None
    if not isinstance(name, str) or name not in CHARTS:
        return None
    chart = CHARTS[name]
    raw_state = card_spec.get("state")
    state = from_values(list(chart.params), raw_state if isinstance(raw_state, dict) else {})
    return chart, state, resolve(card_spec.get("lang"))


def _unavailable(error: queries.NoData, lang: str) -> ChartContent:
    """A card saying why its data is not there (not built, not published, or a data file
    that failed its check): the reason in place of the chart."""
    _ = translator(lang)
    return ChartContent(title=_(error.title), empty=_(error.message))


def _content(chart: Chart, state: dict, lang: str) -> ChartContent:
    try:
        return chart.render(state, lang)
    except queries.NoData as error:
        return _unavailable(error, lang)


def _method_links(keys, lang: str) -> list:
    """ "How it is computed" links to the rules of /sources#method-<key> behind the numbers."""
    _ = translator(lang)
    links = [html.A(_(METHODS[key].title), href=urls.sources(lang, METHODS[key].anchor)) for key in dict.fromkeys(keys)]
    if not links:
        return []
    parts = [_("How these numbers are made: ")]
    for index, link in enumerate(links):
        parts.extend(([", "] if index else []) + [link])
    return [html.Li(parts, className="chart-methods")]


def _graph_style(figure: dict | None) -> dict:
    """The graph's box, as tall as its figure. A responsive plotly graph fills its box, and a
    box of no set height collapses to nothing at the first resize of the window (or of an
    embed's frame), leaving the plot drawn over the card's footer."""
    height = (figure or {}).get("layout", {}).get("height")
    return {"height": f"{height}px"} if height else {}


def value_paths(figure: dict) -> list[tuple]:
    """Where `figure` holds what a change of view may change without changing its structure
    (TRACE_VALUES, AXIS_VALUES, the layout's meta), as paths of keys and indexes."""
    paths = [
        ("data", index, key)
        for index, trace in enumerate(figure.get("data", []))
        for key in TRACE_VALUES
        if key in trace
    ]
    layout = figure.get("layout", {})
    for name, axis in layout.items():
        if re.fullmatch(r"[xy]axis\d*", name) and isinstance(axis, dict):
            paths.extend(("layout", name, key) for key in AXIS_VALUES if key in axis)
    if "meta" in layout:
        paths.append(("layout", "meta"))
    return paths


def _at(figure: dict, path: tuple):
    for step in path:
        figure = figure[step]
    return figure


def _digest(value, size: int = 12) -> str:
    text = json.dumps(value, sort_keys=True, default=str, allow_nan=True)
    return hashlib.blake2b(text.encode(), digest_size=size).hexdigest()


def structure_key(figure: dict) -> str:
    """A digest of everything in `figure` but its values (`value_paths`, which it names): two
    figures of the same key differ only at those paths, so assigning them turns one into the
    other."""
    data = [{k: v for k, v in trace.items() if k not in TRACE_VALUES} for trace in figure.get("data", [])]
    layout = {
        name: ({k: v for k, v in part.items() if k not in AXIS_VALUES} if re.fullmatch(r"[xy]axis\d*", name) else part)
        for name, part in figure.get("layout", {}).items()
        if name != "meta"
    }
    rest = {key: value for key, value in figure.items() if key not in ("data", "layout")}
    return _digest([value_paths(figure), data, layout, rest])


def with_structure(figure: dict | None) -> dict | None:
    """`figure` with its keys in its layout's meta, where the browser reads them back (and
    sends them with the next render, so they are short): its structure's (`structure_key`)
    and each of its values', in the order of `value_paths` (which the structure fixes). A
    figure without traces has none: it is always sent whole."""
    if not figure or not figure.get("data"):
        return figure
    layout = figure.get("layout", {})
    keys = {
        "structure": structure_key(figure),
        "values": [_digest(_at(figure, path), size=6) for path in value_paths(figure)],
    }
    return {**figure, "layout": {**layout, "meta": {**layout.get("meta", {}), STRUCTURE_META: keys}}}


def figure_patch(figure: dict, drawn_values: list) -> Patch:
    """The Patch that turns a figure of `figure`'s structure whose values have the keys
    `drawn_values` into `figure`: the values that differ, assigned (and the meta, which
    holds the keys)."""
    keys = figure["layout"]["meta"][STRUCTURE_META]["values"]
    drawn_values = drawn_values + [None] * (len(keys) - len(drawn_values))
    patch = Patch()
    for path, key, drawn in zip(value_paths(figure), keys, drawn_values, strict=False):
        if drawn == key and path != ("layout", "meta"):
            continue
        target = patch
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = _at(figure, path)
    return patch


def patched(outputs: dict, shown) -> dict:
    """The render's outputs as the browser needs them, from the keys of the figures its
    graphs draw (the card's "shown" store, read from the figures themselves): a figure it
    draws already is not sent (no_update); one of the same structure is sent as a Patch of
    the values that differ; any other whole."""
    if not isinstance(shown, dict):
        return outputs
    result = dict(outputs)
    for name in FIGURES:
        keys = outputs[name].get("layout", {}).get("meta", {}).get(STRUCTURE_META)
        drawn = shown.get(name)
        if not keys or not isinstance(drawn, dict) or drawn.get("structure") != keys["structure"]:
            continue
        drawn_values = drawn.get("values") if isinstance(drawn.get("values"), list) else []
        result[name] = (
            dash.no_update
            if drawn_values == keys["values"]
            else figure_patch(outputs[name], drawn_values).to_plotly_json()  # JSON, as the rest (_as_json)
        )
    return result


def _shown(
    content: ChartContent, lang: str, back_link: str = "", export: dict | None = None, displayed: dict | None = None
) -> dict:
    """The render callback's outputs (RENDERED, by name) for what a card shows; `export`
    travels in its figures for their images, `displayed` are its table's files."""
    notes = [html.Li(note) for note in content.notes] + _method_links(content.methods, lang)
    figure, map_figure = content.figure, content.map_figure
    if export:
        figure, map_figure = _with_export(figure, export), _with_export(map_figure, export, "_map")
    return {
        "title": content.title,
        "subtitle": content.subtitle,
        "figure": with_structure(figure) or EMPTY_FIGURE,
        "map_figure": with_structure(map_figure) or EMPTY_FIGURE,
        "graph_style": _graph_style(figure),
        "map_style": _graph_style(map_figure),
        "sources": (
            _sources_line(content.sources, lang, content.source_note) if content.sources or content.source_note else []
        ),
        "notes": notes,
        "downloads": _download_items(content.downloads, lang, displayed) if content.downloads or displayed else [],
        "empty": content.empty or "",
        "empty_hidden": content.empty is None,  # the empty message is hidden when there is content
        "views_hidden": content.empty is not None,  # and the views are hidden when there is none
        "back_link": back_link,
        "demo_hidden": not content.demo,
        "description": description_text(content, lang),
    }


def description_text(content: ChartContent, lang: str) -> str:
    """What the chart shows in words: its description, or why it shows nothing; demo data says so first."""
    _ = translator(lang)
    text = content.empty if content.empty is not None else content.description
    return f"{_('Demo data — illustrative only')}. {text}" if content.demo and text else text


def _outputs(chart_name: str, state_items: tuple, lang: str, base: str) -> dict:
    """The card's outputs for a checked view (`base`, the app's URL prefix, is in the
    arguments because the links carry it)."""
    chart, state = CHARTS[chart_name], dict(state_items)
    content = _content(chart, state, lang)
    permalink = spec(chart, state, lang)["permalink"][chart.views[0]]
    if content.empty is not None:
        return _as_json(_shown(content, lang, back_link=permalink))
    displayed = (
        {fmt: urls.chart_data(chart.name, fmt, chart.params, state, lang) for fmt in DISPLAYED_FORMATS}
        if content.table is not None
        else None
    )
    export = _export(chart, state, content, lang, permalink)
    return _as_json(_shown(content, lang, back_link=permalink, export=export, displayed=displayed))


def _as_json(outputs: dict) -> dict:
    """`outputs` as the JSON Dash sends (components as their dicts), which is what is cached:
    Dash then encodes a warm render in one orjson call, where components made plotly's encoder
    walk every value in Python (a map's outputs: 2.9 ms, plain 0.08 ms)."""
    return json.loads(to_json_plotly(outputs))


# Rendered cards are cached like query results (same keys: code, data and programme
# versions), so a view someone has already seen costs one cache read, not a figure build.
_cached_outputs = queries.cached(_outputs)


def _version_gone(lang: str) -> ChartContent:
    _ = translator(lang)
    return ChartContent(
        title=_("Data version not kept"),
        empty=_("The data version this view was pinned to is no longer kept on this server: reload the page."),
    )


def render(card_spec: dict | None, shown=None) -> dict:
    """Everything the card shows for a spec except its table, by output name (the MATCH
    callback's body, testable alone); its figures as Patches where `shown` (the card's
    "shown" store) says the browser draws one of the same structure. A spec that names no
    chart shows nothing; a spec pinned to a version no longer kept says so."""
    try:
        with queries.pinned(pins.pinned_spec(card_spec)):
            return _render(card_spec, shown)
    except queries.UnknownVersion:
        return _shown(_version_gone(resolve(card_spec.get("lang"))), resolve(card_spec.get("lang")))


def _render(card_spec: dict | None, shown=None) -> dict:
    try:
        checked = _checked(card_spec)
    except queries.NoData as error:  # its view cannot even be checked: the allowed values come from the data
        lang = resolve(card_spec.get("lang"))
        return _shown(_unavailable(error, lang), lang)
    if checked is None:
        return _shown(ChartContent(title=""), DEFAULT_LANGUAGE)
    chart, state, lang = checked
    return patched(_cached_outputs(chart.name, tuple(sorted(state.items())), lang, urls.base()), shown)


def render_table(card_spec: dict | None, aio_id=None):
    """The card's table tab (described, like the chart, by the card `aio_id`'s description).
    Built only when the tab is shown: a table is hundreds of components, and building every
    card's on page load took the browser seconds."""
    try:
        with queries.pinned(pins.pinned_spec(card_spec)):
            return _render_table(card_spec, aio_id)
    except queries.UnknownVersion:  # the card itself says so
        return None


def _render_table(card_spec: dict | None, aio_id=None):
    try:
        checked = _checked(card_spec)
    except queries.NoData:  # the card itself says why
        return None
    if checked is None:
        return None
    chart, state, lang = checked
    content = _content(chart, state, lang)
    if content.table is None or not len(content.table):
        return None
    described_by = dom_id(part_id(aio_id, "description")) if aio_id is not None else None
    return data_table(content.table, content.table_columns, lang, caption=content.title, described_by=described_by)


def register(app) -> None:
    """The card's callbacks, once per app, for every card on every page (MATCH)."""

    @app.callback(
        output={name: Output(part_id(MATCH, part), prop) for name, (part, prop) in RENDERED.items()},
        inputs=[Input(part_id(MATCH, "spec"), "data")],
        state=[State(part_id(MATCH, "shown"), "data")],
    )
    def render_card(card_spec, shown):
        return render(card_spec, shown)

    # The structure keys of the figures the card's graphs draw, read from the figures
    # themselves: a graph drawn anew (first render, re-mounted) holds no key until it is sent
    # a whole figure.
    app.clientside_callback(
        ClientsideFunction("chartCard", "shownFigures"),
        Output(part_id(MATCH, "shown"), "data"),
        Input(part_id(MATCH, "graph"), "figure"),
        Input(part_id(MATCH, "map"), "figure"),
    )

    # The table is built when its tab is opened, and again on a change of view while it is
    # shown; the spec reaches the server only then (a clientside gate, no round trip else).
    app.clientside_callback(
        ClientsideFunction("chartCard", "tableSpec"),
        Output(part_id(MATCH, "table-spec"), "data"),
        Input(part_id(MATCH, "active-view"), "data"),
        Input(part_id(MATCH, "spec"), "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(part_id(MATCH, "table"), "children"),
        Input(part_id(MATCH, "table-spec"), "data"),
        prevent_initial_call=True,
    )
    def render_card_table(card_spec):
        return render_table(card_spec, dash.ctx.outputs_list["id"]["aio_id"])

    app.clientside_callback(
        ClientsideFunction("chartCard", "selectView"),
        [Output(part_id(MATCH, f"tab-{view}"), "className") for view in VIEWS],
        [Output(part_id(MATCH, f"tab-{view}"), "aria-selected") for view in VIEWS],
        [Output(part_id(MATCH, f"tab-{view}"), "tabIndex") for view in VIEWS],
        [Output(part_id(MATCH, f"panel-{view}"), "hidden") for view in VIEWS],
        [Output(part_id(MATCH, f"{part}-box"), "mounted") for part in GRAPH_VIEWS.values()],
        Output(part_id(MATCH, "active-view"), "data"),
        [Input(part_id(MATCH, f"tab-{view}"), "n_clicks") for view in VIEWS],
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("chartCard", "downloadImage"),
        Output(part_id(MATCH, "image-sink"), "data"),
        Input(part_id(MATCH, "png"), "n_clicks"),
        Input(part_id(MATCH, "svg"), "n_clicks"),
        State(part_id(MATCH, "active-view"), "data"),
        State(part_id(MATCH, "spec"), "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("chartCard", "copy"),
        Output(part_id(MATCH, "copy-sink"), "data"),
        Input(part_id(MATCH, "copy"), "n_clicks"),
        Input(part_id(MATCH, "embed-copy"), "n_clicks"),
        Input(part_id(MATCH, "link-copy"), "n_clicks"),
        State(part_id(MATCH, "active-view"), "data"),
        State(part_id(MATCH, "spec"), "data"),
        State(part_id(MATCH, "embed-code"), "value"),
        State(part_id(MATCH, "embed-link"), "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("chartCard", "embedCode"),
        Output(part_id(MATCH, "embed-modal"), "is_open"),
        Output(part_id(MATCH, "embed-code"), "value"),
        Output(part_id(MATCH, "embed-link"), "value"),
        Input(part_id(MATCH, "embed-open"), "n_clicks"),
        Input(part_id(MATCH, "embed-controls"), "value"),
        Input(part_id(MATCH, "active-view"), "data"),
        Input(part_id(MATCH, "embed-pin"), "value"),
        State(part_id(MATCH, "spec"), "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(part_id(MATCH, "pin-sink"), "data"),
        Input(part_id(MATCH, "embed-pin"), "value"),
        State(part_id(MATCH, "spec"), "data"),
        prevent_initial_call=True,
    )
    def keep_pinned_build(choice, card_spec):
        """A pinned link was handed out: its build is kept on every host (data.pins.record)."""
        version = card_spec.get("version") if isinstance(card_spec, dict) else None
        if choice == "pinned" and isinstance(version, str):
            with contextlib.suppress(queries.UnknownVersion, queries.NoData):
                queries.pin_request(version)  # records the pin of a version kept here, only
        return no_update
