"""Figure builders on tiny frames: valid plotly figures with the traces, order, marks and
locale settings they promise."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest
from babel.numbers import get_decimal_symbol, get_group_symbol

from components import figures
from i18n import LANGUAGES

# Okabe & Ito (2008), "Color Universal Design": the eight colours as they publish them, in RGB.
OKABE_ITO_RGB = {
    (0, 0, 0),
    (230, 159, 0),
    (86, 180, 233),
    (0, 158, 115),
    (240, 228, 66),
    (0, 114, 178),
    (213, 94, 0),
    (204, 121, 167),
}


def valid(figure: dict) -> go.Figure:
    """The figure as plotly validates it (raises on any unknown or invalid property)."""
    return go.Figure(figure)


def test_line_chart_draws_one_line_per_series_and_projections_dotted():
    frame = pd.DataFrame(
        {
            "series": ["Moldova"] * 4 + ["World"] * 2,
            "x": [2021, 2022, 2023, 2024, 2020, 2024],
            "y": [1.0, 2.0, 3.0, 4.0, 10.0, 11.0],
            "hover": ["a", "b", "c", "d", "e", "f"],
            "dashed": [False, False, False, True, False, False],
        }
    )
    figure = valid(figures.line_chart(frame, "people", "fr"))
    solid = [t for t in figure.data if t.line.dash is None]
    dotted = [t for t in figure.data if t.line.dash == "dot"]
    assert [t.name for t in solid] == ["Moldova", "World"]
    assert list(solid[0].x) == [2021, 2022, 2023]
    assert list(dotted[0].x) == [2023, 2024]  # joined to the last estimate
    assert dotted[0].showlegend is False
    assert figure.layout.separators == figures.base_layout("fr")["separators"]
    assert figure.layout.yaxis.title.text == "people"


NBSP = "\u00a0"


@pytest.mark.parametrize(
    "lang, two_billion, four_hundred_thousand",
    [
        ("en", "$2B", "400K"),
        ("fr", f"2{NBSP}Md{NBSP}$US", f"400{NBSP}k"),
        ("es", f"2000{NBSP}M{NBSP}US$", f"400{NBSP}mil"),
    ],
)
def test_value_axes_write_numbers_as_the_locale_does(lang, two_billion, four_hundred_thousand):
    """Tick labels in the locale's words and separators (plotly's own SI letters say G for
    billions in every language), on round values from zero."""
    frame = pd.DataFrame({"series": ["Moldova"] * 2, "x": [2022, 2023], "y": [2.0e9, 2.1e9], "hover": ["a", "b"]})
    axis = valid(figures.line_chart(frame, "US$", lang, money=True)).layout.yaxis
    assert axis.tickvals[0] == 0 and 2.0e9 in axis.tickvals and axis.tickvals[-1] >= 2.1e9
    assert axis.ticktext[list(axis.tickvals).index(2.0e9)] == two_billion
    people = pd.DataFrame({"label": ["A", "B"], "value": [520_000, 90_000], "hover": ["a", "b"]})
    axis = valid(figures.bar_chart(people, "people", lang)).layout.xaxis
    assert axis.ticktext[list(axis.tickvals).index(400_000)] == four_hundred_thousand


def test_bar_chart_puts_the_largest_on_top_and_draws_both_targets_and_muted_bars():
    frame = pd.DataFrame(
        {"label": ["Germany", "Italy (2015 Q1)"], "value": [7.9, 4.8], "hover": ["x", "y"], "muted": [False, True]}
    )
    figure = valid(
        figures.bar_chart(frame, "%", "en", percent=True, targets=((5.0, "5 %: ceiling"), (3.0, "3 %: average")))
    )
    assert list(figure.data[0].y) == ["Italy (2015 Q1)", "Germany"]  # plotly draws bottom-up
    assert list(figure.data[0].marker.color) == [figures.MUTED, figures.PALETTE[0]]
    assert [shape.x0 for shape in figure.layout.shapes] == [3.0, 5.0]
    assert [note.text for note in figure.layout.annotations] == ["3 %: average", "5 %: ceiling"]
    assert figure.layout.shapes[0].line.dash != figure.layout.shapes[1].line.dash
    assert list(figure.layout.xaxis.ticktext) == ["0%", "2%", "4%", "6%", "8%"]


def test_choropleth_leaves_no_data_grey_and_uses_a_log_scale_for_counts():
    frame = pd.DataFrame(
        {
            "iso3": ["MDA", "USA"],
            "value": [188_207.0, 52_000_000.0],
            "name": ["Moldova", "United States"],
            "hover": ["a", "b"],
        }
    )
    figure = valid(figures.choropleth(frame, "Immigrants", "en", log_scale=True, tick_format=lambda v: f"{v:g}"))
    trace = figure.data[0]
    assert list(trace.locations) == ["MDA", "USA"]
    assert figure.layout.geo.landcolor == figures.NO_DATA  # countries without a value
    # Rounded to a ten-thousandth of the range: the colour is the same, the JSON shorter.
    spread = math.log10(52_000_000.0) - math.log10(188_207.0)
    assert trace.z[0] == pytest.approx(math.log10(188_207.0), abs=spread / 10_000)
    assert len(str(trace.z[0])) <= 7
    assert trace.colorbar.ticktext[0] == "100000" and trace.colorbar.ticktext[-1] == "1e+08"
    assert len(trace.colorbar.tickvals) <= 6


def test_a_country_without_a_value_has_no_colour_and_the_hover_label_is_written_once():
    frame = pd.DataFrame(
        {
            "iso3": ["MDA", "TUN", "USA"],
            "value": [12.5, float("nan"), 15.25],
            "name": ["Moldova", "Tunisia", "United States"],
            "hover": ["12.5 %", "", "15.3 %"],
        }
    )
    trace = valid(figures.choropleth(frame, "Share", "en", percent=True, hover_label="2024")).data[0]
    assert list(trace.locations) == ["MDA", "TUN", "USA"]
    assert trace.z[1] is None  # plotly leaves it the land's grey
    assert list(trace.z[::2]) == [12.5, 15.25]
    assert trace.hovertemplate == "<b>%{text}</b><br>2024: %{customdata}<extra></extra>"


def test_sankey_links_origins_to_the_country_to_destinations():
    left = pd.DataFrame({"label": ["Russia", "Italy"], "value": [30.0, 20.0], "hover": ["r", "i"]})
    right = pd.DataFrame({"label": ["Romania"], "value": [130.0], "hover": ["ro"]})
    trace = valid(figures.sankey(left, "Moldova", right, "es")).data[0]
    assert list(trace.node.label) == ["Russia", "Italy", "Moldova", "Romania"]
    assert list(trace.link.source) == [0, 1, 2] and list(trace.link.target) == [2, 2, 3]


def test_programme_map_is_a_valid_figure():
    figure = valid(figures.highlighted_countries_map(["MDA", "TUN"], ["Moldova", "Tunisia"], "Programme"))
    assert list(figure.data[0].locations) == ["MDA", "TUN"]


def test_palette_is_colour_blind_safe_okabe_ito():
    rgb = [tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5)) for colour in figures.PALETTE]
    assert len(set(rgb)) == len(rgb) and set(rgb) <= OKABE_ITO_RGB


@pytest.mark.parametrize("lang", LANGUAGES)
def test_number_separators_are_the_locales(lang):
    """Plotly's `separators` is the decimal mark then the thousands separator; CLDR (through
    Babel) says what each language uses, and a thin space between thousands is a space."""
    decimal, group = figures.base_layout(lang)["separators"]
    assert decimal == get_decimal_symbol(lang)
    assert group == get_group_symbol(lang) or (group == " " and get_group_symbol(lang).isspace())
