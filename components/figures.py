"""Pure figure builders: tidy data in, a plotly figure out. No Dash, no globals, no I/O.

Figures are plain dicts in plotly's figure schema (what dcc.Graph takes): building
go.Figure objects validates every property and cost ~15 ms per chart per request; the schema
is checked once, by the tests (`go.Figure(figure)` on every builder's output).

One look for the whole product: a colour-blind-safe palette (Okabe & Ito), the system font,
the locale's decimal and thousands separators, hover texts that carry the unit and the year
(pre-formatted by the caller, per locale), value axes whose tick labels are written by
`i18n`'s formatters (2 Md $US, 5772,2 M US$: plotly's own SI letters are English), no
gridline clutter. Builders take
already-translated labels, so they are unit-tested on tiny frames in any language.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from i18n import DEFAULT_LANGUAGE, format_compact, format_currency_usd, format_number, format_percent

FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
PRIMARY = "#0b5394"  # the navbar blue (assets/migdash.css)
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442")
SEQUENTIAL = [[0.0, "#deebf7"], [0.35, "#9ecae1"], [0.7, "#3182bd"], [1.0, "#08306b"]]
NO_DATA = "#d9d9d9"
BORDER = "#ffffff"
TARGET = "#D55E00"
MUTED = "#9ecae1"  # a value older than the others
# Room under a stamped plot: the x axis's ticks (two lines for dates) and title, then the stamp.
STAMP_AXIS_ROOM, STAMP_HEIGHT = 56, 22

# Decimal point then thousands separator, as plotly's `separators` wants them: the ones
# i18n.format_number writes (French groups with a narrow no-break space).
SEPARATORS = {"en": ".,", "fr": ",\u202f", "es": ",."}
TICKS = 5  # about this many tick labels on a value axis


def base_layout(lang: str = DEFAULT_LANGUAGE, **overrides) -> dict:
    layout = {
        "font": {"family": FONT_FAMILY, "size": 13, "color": "#212529"},
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
        "separators": SEPARATORS.get(lang, ".,"),
        "colorway": list(PALETTE),
        "showlegend": True,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
    }
    layout.update(overrides)
    return layout


def value_ticks(values, lang: str, percent: bool = False, money: bool = False) -> tuple[list, list]:
    """Round tick values spanning `values` (and zero), and their labels as the text around
    the chart writes numbers: US$ in the locale's short form, other counts short above a
    thousand, percentages with the locale's sign."""
    finite = [float(v) for v in values if v is not None and v is not pd.NA and np.isfinite(float(v))]
    low, high = min([0.0, *finite]), max([0.0, *finite])
    if high == low:
        high = low + 1
    raw_step = (high - low) / TICKS
    magnitude = 10 ** np.floor(np.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
    first, last = int(np.floor(low / step)), int(np.ceil(high / step))
    ticks = [round(float(k * step), 10) for k in range(first, last + 1)]
    decimals = max(0, int(-np.floor(np.log10(step)))) if step < 1 else (1 if step == 2.5 else 0)
    if percent:
        labels = [format_percent(t, lang, decimals=decimals) for t in ticks]
    elif money:
        labels = [format_currency_usd(t, lang) for t in ticks]
    elif high >= 1000 or low <= -1000:
        labels = [format_compact(t, lang) for t in ticks]
    else:
        labels = [format_number(t, lang, decimals=decimals) for t in ticks]
    return ticks, labels


def _value_axis(title: str, lang: str, values, percent: bool = False, money: bool = False) -> dict:
    tickvals, ticktext = value_ticks(values, lang, percent, money)
    return {
        "title": {"text": title},
        "gridcolor": "#e9ecef",
        "zeroline": True,
        "zerolinecolor": "#adb5bd",
        "rangemode": "tozero",
        "automargin": True,
        "tickmode": "array",
        "tickvals": tickvals,
        "ticktext": ticktext,
    }


def world_geo(**overrides) -> dict:
    geo = {
        "projection": {"type": "natural earth"},
        "showframe": False,
        "showcoastlines": False,
        "showcountries": True,
        "countrycolor": BORDER,
        "showland": True,
        "landcolor": NO_DATA,
        "bgcolor": "rgba(0,0,0,0)",
        "lataxis": {"range": [-58, 85]},
    }
    geo.update(overrides)
    return geo


def _list(values) -> list:
    return values.tolist() if hasattr(values, "tolist") else list(values)


def highlighted_countries_map(iso3_codes, names, hover_label: str, links=None) -> dict:
    """A world map with the given countries filled, named on hover; with `links` (one address
    per country, in the points' customdata) a click opens the country's page."""
    trace = {
        "type": "choropleth",
        "locations": _list(iso3_codes),
        "locationmode": "ISO-3",
        "z": [1] * len(iso3_codes),
        "text": _list(names),
        "colorscale": [[0, PRIMARY], [1, PRIMARY]],
        "showscale": False,
        "marker": {"line": {"color": BORDER, "width": 0.5}},
        "hovertemplate": "%{text}<extra>" + hover_label + "</extra>",
    }
    if links is not None:
        trace["customdata"] = _list(links)
    return {"data": [trace], "layout": base_layout(geo=world_geo(landcolor="#e9ecef"), height=380, dragmode=False)}


def line_chart(frame: pd.DataFrame, y_title: str, lang: str, percent: bool = False, money: bool = False) -> dict:
    """One line per `series`: columns series, x, y, hover (a formatted text); rows with
    `dashed` true are drawn dotted (projections), joined to the solid part; rows with
    `partial` true get an open circle (an aggregate that not every member reports); a missing
    `y` breaks the line (a year withheld between two shown). With a `group` column, the series
    of one group share its colour, and a series whose rows have `earlier` true is drawn dashed
    (an earlier edition beside the later one, solid)."""
    traces = []
    groups = list(dict.fromkeys(frame["group"])) if "group" in frame else []
    for index, (series, rows) in enumerate(frame.groupby("series", sort=False)):
        rows = rows.sort_values("x")
        color = PALETTE[(groups.index(rows["group"].iloc[0]) if groups else index) % len(PALETTE)]
        line = {"color": color, "width": 2.5}
        if "earlier" in rows and rows["earlier"].any():
            line["dash"] = "dash"
        dashed = rows["dashed"].to_numpy(dtype=bool) if "dashed" in rows else np.zeros(len(rows), dtype=bool)
        mode = "lines+markers" if len(rows) <= 15 else "lines"  # markers on long series are clutter
        hover = "<b>" + str(series) + "</b><br>%{customdata}<extra></extra>"
        solid = rows[~dashed]
        marker = {"size": 6}
        if "partial" in solid and solid["partial"].any():
            partial = solid["partial"].to_numpy(dtype=bool)
            mode = "lines+markers"
            marker = {
                "size": [8 if flag else (6 if len(rows) <= 15 else 0) for flag in partial],
                "symbol": ["circle-open" if flag else "circle" for flag in partial],
                "line": {"width": 2, "color": color},
            }
        traces.append(
            {
                "type": "scatter",
                "x": _list(solid["x"]),
                "y": [None if pd.isna(v) else v for v in solid["y"]],
                "name": series,
                "mode": mode,
                "line": line,
                "marker": marker,
                "customdata": _list(solid["hover"]),
                "hovertemplate": hover,
            }
        )
        if dashed.any():
            joined = pd.concat([solid.tail(1), rows[dashed]])
            traces.append(
                {
                    "type": "scatter",
                    "x": _list(joined["x"]),
                    "y": _list(joined["y"]),
                    "name": series,
                    "mode": mode,
                    "showlegend": False,
                    "line": {"color": color, "width": 2.5, "dash": "dot"},
                    "marker": {"size": 6, "symbol": "circle-open"},
                    "customdata": _list(joined["hover"]),
                    "hovertemplate": hover,
                }
            )
    layout = base_layout(
        lang,
        height=380,
        hovermode="closest",
        xaxis={"showgrid": False, "automargin": True, "tickformat": "d"},
        yaxis=_value_axis(y_title, lang, frame["y"], percent, money),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    return {"data": traces, "layout": layout}


def bar_chart(
    frame: pd.DataFrame,
    x_title: str,
    lang: str,
    percent: bool = False,
    money: bool = False,
    targets: tuple[tuple[float, str], ...] = (),
    height: int | None = None,
) -> dict:
    """Horizontal bars, largest on top: columns label, value, hover; rows with `muted` true in a
    lighter colour (values older than the rest); optional target lines (value, label), e.g.
    the two thresholds of SDG 10.c (3 % and 5 %)."""
    rows = frame.iloc[::-1]
    muted = rows["muted"].to_numpy(dtype=bool) if "muted" in rows else np.zeros(len(rows), dtype=bool)
    trace = {
        "type": "bar",
        "y": _list(rows["label"]),
        "x": _list(rows["value"]),
        "orientation": "h",
        "marker": {"color": [MUTED if flag else PALETTE[0] for flag in muted]},
        "customdata": _list(rows["hover"]),
        "hovertemplate": "<b>%{y}</b><br>%{customdata}<extra></extra>",
        "showlegend": False,
    }
    shapes, annotations = [], []
    for index, (value, label) in enumerate(sorted(targets)):
        dash = ("dash", "dot")[index % 2]
        shapes.append(
            {
                "type": "line",
                "x0": value,
                "x1": value,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": TARGET, "width": 2, "dash": dash},
            }
        )
        # one row of labels per line, so close lines' labels never overlap; "auto" keeps a label
        # near the right edge inside the chart
        annotations.append(
            {
                "x": value,
                "yref": "paper",
                "y": 1.0,
                "yanchor": "bottom",
                "text": label,
                "showarrow": False,
                "font": {"color": TARGET},
                "xanchor": "auto",
                "yshift": 18 * (len(targets) - 1 - index),
            }
        )
    axis = _value_axis(x_title, lang, [*_list(frame["value"]), *(value for value, _label in targets)], percent, money)
    axis.pop("rangemode")
    layout = base_layout(
        lang,
        height=height or max(260, 28 * len(rows) + 80),
        showlegend=False,
        xaxis=axis,
        yaxis={"automargin": True},
        shapes=shapes,
        annotations=annotations,
        margin={"l": 10, "r": 20, "t": 22 + 18 * len(targets) if targets else 20, "b": 10},
        bargap=0.25,
    )
    return {"data": [trace], "layout": layout}


def _log_ticks(values: pd.Series, formatter) -> tuple[list, list]:
    """Powers of ten spanning the values, at most six of them."""
    positive = values[values > 0]
    low = int(np.floor(np.log10(positive.min()))) if len(positive) else 0
    high = int(np.ceil(np.log10(max(1.0, float(values.max())))))
    exponents = list(range(low, high + 1))
    step = max(1, int(np.ceil(len(exponents) / 6)))
    powers = [10.0**k for k in exponents[::step]]
    return [float(np.log10(p)) for p in powers], [formatter(p) for p in powers]


COLOUR_STEPS = 10_000  # z values are kept to 1/COLOUR_STEPS of their range: far finer than a colour scale shows


def colour_values(z: pd.Series) -> list:
    """Values that only pick a colour (the numbers shown are in the hover texts), rounded to
    a ten-thousandth of their range: their JSON is a third as long, no colour changes; a
    missing value is null (no colour: the land's grey)."""
    finite = z[np.isfinite(z)]
    spread = float(finite.max() - finite.min()) if len(finite) else 0.0
    decimals = max(0, int(np.ceil(np.log10(COLOUR_STEPS / spread)))) if spread > 0 else 6
    return [None if not np.isfinite(v) else round(float(v), decimals) for v in z]


def choropleth(
    frame: pd.DataFrame,
    colorbar_title: str,
    lang: str,
    percent: bool = False,
    log_scale: bool = False,
    tick_format=None,
    hover_label: str = "",
) -> dict:
    """Countries coloured by value: columns iso3, value, name, hover (`hover_label`, such as
    the year, before each point's hover once for all). Countries absent from the frame or
    without a value keep the grey land colour: "no data" never looks like zero. Counts
    spanning several orders of magnitude read better on a log scale (`log_scale`, with
    `tick_format` writing the tick labels)."""
    values = frame["value"].astype(float)
    # The scale lies under the map, so the map has the figure's whole width: on a phone a
    # scale beside it left the world a third of the screen wide.
    colorbar = {
        "title": {"text": colorbar_title, "side": "top"},
        "orientation": "h",
        "x": 0.5,
        "xanchor": "center",
        "y": 0,
        "yanchor": "top",
        "thickness": 12,
        "len": 0.6,
    }
    z = values
    if log_scale:
        z = np.log10(values.clip(lower=1))
        colorbar["tickvals"], colorbar["ticktext"] = _log_ticks(values.dropna(), tick_format or str)
    else:
        colorbar["tickvals"], colorbar["ticktext"] = value_ticks(values.dropna(), lang, percent)
    trace = {
        "type": "choropleth",
        "locations": _list(frame["iso3"]),
        "z": colour_values(z),
        "locationmode": "ISO-3",
        "text": _list(frame["name"]),
        "customdata": _list(frame["hover"]),
        "hovertemplate": "<b>%{text}</b><br>"
        + (f"{hover_label}: " if hover_label else "")
        + "%{customdata}<extra></extra>",
        "marker": {"line": {"color": BORDER, "width": 0.4}},
        "colorscale": SEQUENTIAL,
        "colorbar": colorbar,
    }
    layout = base_layout(lang, geo=world_geo(), height=430, dragmode=False, margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return {"data": [trace], "layout": layout}


def sankey(left: pd.DataFrame, centre: str, right: pd.DataFrame, lang: str) -> dict:
    """Origins -> a country -> destinations: `left` and `right` have label, value, hover."""
    labels = [*_list(left["label"]), centre, *_list(right["label"])]
    middle = len(left)
    trace = {
        "type": "sankey",
        "arrangement": "snap",
        "node": {
            "label": labels,
            "color": [PALETTE[0]] * len(left) + [PRIMARY] + [PALETTE[1]] * len(right),
            "pad": 12,
            "thickness": 14,
            "line": {"color": BORDER, "width": 0.5},
            "hoverinfo": "skip",
        },
        "link": {
            "source": list(range(middle)) + [middle] * len(right),
            "target": [middle] * len(left) + list(range(middle + 1, middle + 1 + len(right))),
            "value": _list(left["value"]) + _list(right["value"]),
            "color": ["rgba(0,114,178,0.35)"] * len(left) + ["rgba(230,159,0,0.35)"] * len(right),
            "customdata": _list(left["hover"]) + _list(right["hover"]),
            "hovertemplate": "%{customdata}<extra></extra>",
        },
    }
    return {
        "data": [trace],
        "layout": base_layout(lang, height=460, showlegend=False, margin={"l": 10, "r": 10, "t": 10, "b": 10}),
    }


# Programme progress: fixed colours per status, the same on every chart and badge.
STATUS_COLOURS = {"on_track": "#009E73", "at_risk": "#E69F00", "off_track": "#D55E00", "no_data": "#bdbdbd"}
ACTIVITY_COLOURS = {
    "completed": "#009E73",
    "ongoing": "#0072B2",
    "planned": "#56B4E9",
    "delayed": "#D55E00",
    "cancelled": "#999999",
}


def stacked_bars(
    frame: pd.DataFrame,
    series: list[tuple[str, str, str]],
    x_title: str,
    lang: str,
    mode: str = "stack",
    money: bool = False,
    percent: bool = False,
) -> dict:
    """Horizontal bars per `label` (first row on top), one trace per series: `series` lists
    (column, legend label, colour); hover texts in columns `<column>_hover`, and a label
    written beside each bar in `<column>_text` where that column exists."""
    rows = frame.iloc[::-1]
    traces = []
    for column, name, colour in series:
        trace = {
            "type": "bar",
            "orientation": "h",
            "y": _list(rows["label"]),
            "x": _list(rows[column]),
            "name": name,
            "marker": {"color": colour},
            "customdata": _list(rows[f"{column}_hover"]),
            "hovertemplate": "<b>%{y}</b><br>" + name + ": %{customdata}<extra></extra>",
        }
        if f"{column}_text" in rows:
            trace.update(text=_list(rows[f"{column}_text"]), textposition="outside", cliponaxis=False)
        traces.append(trace)
    labelled = any(f"{column}_text" in rows for column, _name, _colour in series)
    sums = frame[[column for column, _name, _colour in series]]
    extent = sums.sum(axis=1) if mode == "stack" else sums.max(axis=1)
    axis = _value_axis(x_title, lang, _list(extent), percent, money)
    axis.pop("rangemode")
    bars_per_label = 1 if mode == "stack" else len(series)
    layout = base_layout(
        lang,
        barmode=mode,
        height=max(260, 30 * len(rows) * bars_per_label + 100),
        xaxis=axis,
        yaxis={"automargin": True},
        bargap=0.3,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "traceorder": "normal"},
        margin={"l": 10, "r": 90 if labelled else 20, "t": 40, "b": 10},  # room for the labels
    )
    return {"data": traces, "layout": layout}


def timeline(
    frame: pd.DataFrame,
    colours: dict[str, str],
    labels: dict[str, str],
    lang: str,
    as_of: str | None = None,
    as_of_label: str = "",
) -> dict:
    """A Gantt chart: a thick line per row from `start` to `end` (ISO dates) at `label`,
    coloured by `series` (legend: `labels`), hover text in `hover`; a dotted line at `as_of`."""
    traces = []
    for key, colour in colours.items():
        rows = frame[frame["series"] == key]
        if rows.empty:
            continue
        x, y, hover = [], [], []
        for row in rows.itertuples(index=False):  # one segment per row, None breaks the line
            x += [row.start, row.end, None]
            y += [row.label, row.label, None]
            hover += [row.hover, row.hover, None]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": x,
                "y": y,
                "name": labels.get(key, key),
                "line": {"color": colour, "width": 12},
                "customdata": hover,
                "hovertemplate": "<b>%{y}</b><br>%{customdata}<extra></extra>",
            }
        )
    return {"data": traces, "layout": _time_layout(frame["label"], lang, as_of, as_of_label)}


def milestone_chart(
    frame: pd.DataFrame, labels: dict[str, str], lang: str, as_of: str | None = None, as_of_label: str = ""
) -> dict:
    """Milestones on a time line: a row per `label`, a marker at `date`; `state` achieved
    (filled), pending (open) or overdue (open, red); hover text in `hover`."""
    styles = {"achieved": ("circle", PALETTE[2]), "pending": ("circle-open", PALETTE[0]), "overdue": ("x-open", TARGET)}
    traces = []
    for state, (symbol, colour) in styles.items():
        rows = frame[frame["state"] == state]
        if rows.empty:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": _list(rows["date"]),
                "y": _list(rows["label"]),
                "name": labels.get(state, state),
                "customdata": _list(rows["hover"]),
                "marker": {"symbol": symbol, "size": 12, "color": colour, "line": {"width": 2, "color": colour}},
                "hovertemplate": "<b>%{y}</b><br>%{customdata}<extra></extra>",
            }
        )
    return {"data": traces, "layout": _time_layout(frame["label"], lang, as_of, as_of_label)}


def _time_layout(labels: pd.Series, lang: str, as_of: str | None, as_of_label: str) -> dict:
    order = list(dict.fromkeys(_list(labels)))
    shapes, annotations = [], []
    if as_of:
        shapes.append(
            {
                "type": "line",
                "x0": as_of,
                "x1": as_of,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": "#6c757d", "width": 1.5, "dash": "dot"},
            }
        )
        annotations.append(
            {
                "x": as_of,
                "yref": "paper",
                "y": 1.0,
                "yanchor": "bottom",
                "text": as_of_label,
                "showarrow": False,
                "font": {"color": "#6c757d", "size": 11},
                "xanchor": "right",
            }
        )
    return base_layout(
        lang,
        barmode="overlay",
        height=max(260, sum(26 + 14 * str(label).count("<br>") for label in order) + 110),  # wrapped labels
        shapes=shapes,
        annotations=annotations,
        xaxis={"type": "date", "showgrid": True, "gridcolor": "#e9ecef", "automargin": True},
        yaxis={"automargin": True, "categoryorder": "array", "categoryarray": order[::-1]},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        margin={"l": 10, "r": 20, "t": 40, "b": 10},
    )


def indicator_chart(
    actuals: pd.DataFrame,
    baseline: tuple[str, float, str],
    target: tuple[str, float, str],
    y_title: str,
    lang: str,
    percent: bool = False,
    y_ticks: dict | None = None,
) -> dict:
    """Baseline -> actuals -> target: a dashed line for the planned path from the baseline
    (date, value, hover) to the target, and one line per `series` of actuals (columns series,
    x as ISO dates, y, hover). `y_ticks` names the values of ordinal indicators (stages)."""
    (base_x, base_y, base_hover), (target_x, target_y, target_hover) = baseline, target
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": [base_x, target_x],
            "y": [base_y, target_y],
            "name": "path",
            "showlegend": False,
            "line": {"color": "#adb5bd", "dash": "dash", "width": 1.5},
            "marker": {"size": [11, 14], "symbol": ["square", "star"], "color": ["#6c757d", TARGET]},
            "customdata": [base_hover, target_hover],
            "hovertemplate": "%{customdata}<extra></extra>",
        }
    ]
    for index, (series, rows) in enumerate(actuals.groupby("series", sort=False)):
        colour = PALETTE[index % len(PALETTE)]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": _list(rows["x"]),
                "y": _list(rows["y"]),
                "name": series,
                "line": {"color": colour, "width": 2.5},
                "marker": {"size": 6},
                "customdata": _list(rows["hover"]),
                "hovertemplate": "<b>" + str(series) + "</b><br>%{customdata}<extra></extra>",
            }
        )
    yaxis = _value_axis(y_title, lang, [base_y, target_y, *_list(actuals["y"])], percent)
    if y_ticks:
        yaxis.update(tickvals=list(y_ticks), ticktext=list(y_ticks.values()))
    layout = base_layout(
        lang,
        height=380,
        hovermode="closest",
        yaxis=yaxis,
        xaxis={"type": "date", "showgrid": False, "automargin": True},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    return {"data": traces, "layout": layout}


def with_stamp(figure: dict, text: str) -> dict:
    """The figure with `text` written in its bottom-right corner (kept in PNG and SVG exports).

    The stamp sits at the very foot of the figure, in a band of bottom margin reserved for
    the x axis's ticks and title (STAMP_AXIS_ROOM) plus the stamp itself: below the ticks,
    never over them, whatever the axis shows."""
    layout = dict(figure["layout"])
    margin = dict(layout.get("margin", {}))
    margin["b"] = margin.get("b", 10) + STAMP_AXIS_ROOM + STAMP_HEIGHT
    stamp = {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 1,
        "y": 0,
        "xanchor": "right",
        "yanchor": "bottom",
        "yshift": -margin["b"],  # from the foot of the plot down to the foot of the figure
        "showarrow": False,
        "font": {"color": "#7a4f01", "size": 11},
        "bgcolor": "#fff3cd",
        "bordercolor": "#e6b800",
        "borderpad": 2,
    }
    layout.update(
        annotations=[*layout.get("annotations", []), stamp],
        margin=margin,
        height=layout.get("height", 380) + STAMP_AXIS_ROOM + STAMP_HEIGHT,
    )
    return {**figure, "layout": layout}
