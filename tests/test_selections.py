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
    assert drawn.codes == ("C19", "C18", "C17", "C16", "C15") and drawn.year == 2020  # largest first
    assert drawn.order[:5] == drawn.codes and set(drawn.order) == set(codes)
    assert drawn.subtitle("en") == "the 5 largest of 20 in 2020"


def test_every_country_in_the_url_is_read(app):
    from components.params import STOCKS

    with app.server.test_request_context():
        everyone = sorted(STOCKS[0].allowed_values())
        parsed = parse(list(STOCKS), {"country": ",".join(everyone)})
    assert parsed.state["country"] == tuple(everyone) and parsed.notices == []


# chart, its table in the build, its default measure, the rows of that measure's series
TRENDS = {
    "stocks-trend": ("stocks_country", "immigrants", lambda t: t[(t["sex"] == "total") & (t["edition"] == "2024")]),
    "remittances-trend": ("remittances_country", "inflow_usd", lambda t: t),
}


@pytest.mark.parametrize("chart, lang", [(chart, lang) for chart in TRENDS for lang in SAID])
def test_select_all_draws_the_12_largest_and_says_so(app, built, chart, lang):
    from components.chart_card import CHARTS

    table, measure, series_rows = TRENDS[chart]
    rows = series_rows(built(table))
    everyone = sorted(rows["country"].unique())
    counts = rows.dropna(subset=[measure]).groupby("year")["country"].nunique()
    year = max(int(y) for y, n in counts.items() if n == counts.max())  # the latest of the fullest years
    largest = rows[rows["year"] == year].nlargest(MAX_LINES, measure)["country"]
    country_names = built("countries").set_index("iso3")[f"name_{lang}"]
    with app.server.test_request_context():
        defaults = {param.name: param.default for param in CHARTS[chart].params}
        content = CHARTS[chart].render({**defaults, "country": tuple(everyone)}, lang)
    assert SAID[lang].format(n=len(everyone), year=year) in content.subtitle
    assert str(len(everyone)) in content.title and any(str(len(everyone)) in note for note in content.notes)
    assert [trace["name"] for trace in content.figure["data"]] == list(country_names[largest])  # largest first
    assert set(content.table["code"]) == set(everyone)


def test_a_long_table_says_how_many_rows_it_shows():
    frame = pd.DataFrame({"n": range(600)})
    shown = str(data_table(frame, [TableColumn("n", "N", "number")], "fr", caption="c"))
    assert "Les 500 premières lignes sur 600 sont affichées" in shown
    assert "premières lignes" not in str(data_table(frame.head(500), [TableColumn("n", "N")], "fr", caption="c"))


LARGEST_OF = {"en": "the 10 largest of {n}", "fr": "les 10 plus grands sur {n}", "es": "los 10 mayores de {n}"}


@pytest.mark.parametrize("lang", sorted(LARGEST_OF))
def test_top_ten_charts_say_of_how_many(app, built, lang):
    from components.chart_card import CHARTS

    stocks = built("stocks_bilateral")
    origins = stocks[(stocks["destination"] == "MDA") & (stocks["year"] == 2024) & (stocks["sex"] == "total")]
    flows = built("flows_bilateral")
    out = flows[(flows["origin"] == "MDA") & (flows["period"] == "2015-2020") & (flows["sex"] == "total")]
    with app.server.test_request_context():
        top = CHARTS["stocks-top"].render({p.name: p.default for p in CHARTS["stocks-top"].params}, lang)
        went = CHARTS["flows-out"].render({p.name: p.default for p in CHARTS["flows-out"].params}, lang)
        sankey = CHARTS["flows-sankey"].render({p.name: p.default for p in CHARTS["flows-sankey"].params}, lang)
    assert top.subtitle.endswith(LARGEST_OF[lang].format(n=len(origins)))
    assert went.subtitle.endswith(LARGEST_OF[lang].format(n=int((out["flow"] > 0).sum())))
    assert str(int((out["flow"] > 0).sum())) in sankey.subtitle
