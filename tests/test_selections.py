"""Selections bigger than a chart can draw are never silent: "Select All" (every country in
the URL) is read whole, the trend draws the 12 largest and says so in each language, the
table keeps every row chosen and says when it shows only its first rows."""

from __future__ import annotations

import pandas as pd
import pytest

from components.selection import MAX_LINES, largest_series
from components.table import TableColumn, data_table
from components.url_state import parse

SAID = {
    "en": "the 12 largest of {n} in {year}",
    "fr": "les 12 plus grands sur {n} en {year}",
    "es": "los 12 mayores de {n} en {year}",
}


def test_a_few_series_are_all_drawn_and_nothing_is_said():
    rows = pd.DataFrame({"code": ["A", "B", "C"], "year": [2024] * 3, "v": [1.0, 3.0, None]})
    drawn = largest_series(rows, ["A", "B", "C"], "v")
    assert drawn.codes == ("A", "B") and not drawn.cut and drawn.subtitle("en") == ""


def test_many_series_are_ranked_in_the_year_most_of_them_have():
    codes = [f"C{i:02}" for i in range(20)]
    # 2024 has only two series; 2020 has all 20 (values 0..19): 2020 ranks them.
    rows = pd.DataFrame(
        {"code": [*codes, "C00", "C01"], "year": [2020] * 20 + [2024] * 2, "v": [*range(20), 99.0, 98.0]}
    )
    drawn = largest_series(rows, codes, "v", limit=5)
    assert drawn.codes == ("C15", "C16", "C17", "C18", "C19") and drawn.year == 2020
    assert drawn.subtitle("en") == "the 5 largest of 20 in 2020"


def test_every_country_in_the_url_is_read(app):
    from components.params import STOCKS

    with app.server.test_request_context():
        everyone = sorted(STOCKS[0].allowed_values())
        parsed = parse(list(STOCKS), {"country": ",".join(everyone)})
    assert parsed.state["country"] == tuple(everyone) and parsed.notices == []


@pytest.mark.parametrize("lang", sorted(SAID))
def test_select_all_draws_the_12_largest_and_says_so(app, built, lang):
    from components.chart_card import CHARTS

    stocks = built("stocks_country")
    stocks = stocks[(stocks["sex"] == "total") & (stocks["edition"] == "2024")]
    everyone = sorted(stocks["country"].unique())
    counts = stocks.dropna(subset=["immigrants"]).groupby("year")["country"].nunique()
    year = max(int(y) for y, n in counts.items() if n == counts.max())  # the latest of the fullest years
    largest = stocks[stocks["year"] == year].nlargest(MAX_LINES, "immigrants")["country"]
    country_names = built("countries").set_index("iso3")[f"name_{lang}"]
    with app.server.test_request_context():
        content = CHARTS["stocks-trend"].render({**_defaults(), "country": tuple(everyone)}, lang)
    assert SAID[lang].format(n=len(everyone), year=year) in content.subtitle
    assert str(len(everyone)) in content.title and any(str(len(everyone)) in note for note in content.notes)
    assert {trace["name"] for trace in content.figure["data"]} == set(country_names[largest])
    assert set(content.table["code"]) == set(everyone)


def _defaults() -> dict:
    from components.params import STOCKS

    return {param.name: param.default for param in STOCKS}


def test_a_long_table_says_how_many_rows_it_shows():
    frame = pd.DataFrame({"n": range(600)})
    shown = str(data_table(frame, [TableColumn("n", "N", "number")], "fr", caption="c"))
    assert "Les 500 premières lignes sur 600 sont affichées" in shown
    assert "premières lignes" not in str(data_table(frame.head(500), [TableColumn("n", "N")], "fr", caption="c"))
