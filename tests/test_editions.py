"""Revisions between editions, with expectations read from the publishers' own files (with
pandas, never through data/): IMS 2020 against IMS 2024 (immigrants and emigrants, both sexes,
each from its own bilateral file), the World Bank's remittances received of 2023-05-10 (.xls)
against 2025-07-01; a country one edition leaves out is missing, never 0; an aggregate sums
the same members in both editions and says how many; the card's words in EN/FR/ES."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from babel.numbers import format_decimal

from components.chart_card import CHARTS
from components.url_state import parse

YEARS = (1990, 2020)
CHECKED = ("MDA", "MAR", "SRB")


def ims_totals(path) -> pd.DataFrame:
    """Immigrants (sum over origins, unknown included) and emigrants (sum over destinations)
    by country and year, both sexes = female + male, from IOM GDI's IMS file."""
    frame = pd.read_csv(path)
    frame["geo"] = frame["geo"].replace({"XCX": "CHI"})
    frame["from"] = frame["from"].replace({"XCX": "CHI"})
    immigrants = frame.groupby(["geo", "t"])["n"].sum().rename_axis(["country", "year"])
    emigrants = frame[frame["from"] != "OOO"].groupby(["from", "t"])["n"].sum().rename_axis(["country", "year"])
    return pd.concat([immigrants.rename("immigrants"), emigrants.rename("emigrants")], axis=1)


@pytest.fixture(scope="module")
def editions(raw):
    return {"2020": ims_totals(raw("ims2020_bilateral")), "2024": ims_totals(raw("ims2024_bilateral"))}


def served(client, **query) -> pd.DataFrame:
    response = client.get("/api/v1/edition-revisions.json", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return pd.DataFrame(response.get_json()["data"])


def _row(frame: pd.DataFrame, series: str, code: str, year: int) -> pd.Series:
    rows = frame[(frame["series"] == series) & (frame["code"] == code) & (frame["year"] == year)]
    assert len(rows) == 1, (series, code, year)
    return rows.iloc[0]


@pytest.mark.parametrize("series", ["immigrants", "emigrants"])
def test_ims_revisions_are_the_two_editions_own_figures(client, editions, series):
    frame = served(client, series=series, code=",".join(CHECKED), year="1990,2020")
    for code in CHECKED:
        for year in YEARS:
            earlier, later = editions["2020"].loc[(code, year), series], editions["2024"].loc[(code, year), series]
            row = _row(frame, series, code, year)
            assert (row["earlier_edition"], row["later_edition"]) == ("2020", "2024")
            assert row["earlier_value"] == earlier and row["later_value"] == later, (code, year)
            assert row["revision"] == later - earlier
            assert row["revision_pct"] == pytest.approx((later - earlier) / earlier * 100)
            assert row["status"] == ("unchanged" if later == earlier else "revised")


def test_a_country_one_edition_leaves_out_is_missing_not_zero(client, editions):
    left_out = sorted(set(editions["2024"].index.get_level_values(0)) - set(editions["2020"].index.get_level_values(0)))
    assert "TWN" in left_out  # IMS 2020 (IOM GDI's file) has no Taiwan
    frame = served(client, code=",".join(left_out), series="immigrants,emigrants")
    assert len(frame) and frame["earlier_value"].isna().all()
    assert set(frame["status"]) == {"not_in_earlier"} and frame["revision"].isna().all()
    taiwan = _row(frame, "immigrants", "TWN", 2020)
    assert taiwan["later_value"] == editions["2024"].loc[("TWN", 2020), "immigrants"]


def test_the_world_sums_the_countries_present_in_both_editions(client, editions):
    frame = served(client, code="WLD", series="immigrants,emigrants", year="2020")
    for series in ("immigrants", "emigrants"):
        earlier = editions["2020"][series].xs(2020, level="year").dropna()
        later = editions["2024"][series].xs(2020, level="year").dropna()
        both = earlier.index.intersection(later.index)
        row = _row(frame, series, "WLD", 2020)
        assert row["countries"] == len(both) and row["members"] == len(earlier.index.union(later.index))
        assert row["coverage_pct"] == pytest.approx(len(both) / row["members"] * 100)
        assert row["earlier_value"] == earlier[both].sum() and row["later_value"] == later[both].sum()
        # not the publisher's world total: Taiwan's migrants are not in the 2024 sum
        assert row["later_value"] < later.sum()


def wdi_inflow(path, excel: bool) -> pd.Series:
    """Economies' remittances received by country and year, from a WDI API file."""
    if excel:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = pd.read_excel(path, sheet_name="Data", skiprows=3)
            meta = pd.read_excel(path, sheet_name="Metadata - Countries")
    else:
        data = pd.read_csv(path, skiprows=4)
        meta = pd.read_csv(str(path).replace("API_", "Metadata_Country_API_"), encoding="utf-8-sig")
    economies = set(meta.loc[meta["Region"].notna(), "Country Code"])
    years = [column for column in data.columns if str(column).isdigit()]
    long = data[data["Country Code"].isin(economies)].melt(id_vars="Country Code", value_vars=years).dropna()
    return long.set_index(["Country Code", long["variable"].astype(int)])["value"]


def test_the_two_world_bank_releases_of_remittances(client, raw):
    earlier = wdi_inflow(raw("wdi_remittances_received_2023"), excel=True)
    later = wdi_inflow(raw("wdi_remittances_received"), excel=False)
    frame = served(client, series="remittances_received", code="MDA,MAR", year="2020,2022")
    for code in ("MDA", "MAR"):
        for year in (2020, 2022):
            row = _row(frame, "remittances_received", code, year)
            assert (row["earlier_edition"], row["later_edition"]) == ("2023-05-10", "2025-07-01")
            assert row["earlier_value"] == pytest.approx(earlier[(code, year)])
            assert row["later_value"] == pytest.approx(later[(code, year)])
    assert _row(frame, "remittances_received", "MDA", 2022)["status"] == "revised"  # 2.17 -> 2.04 billion
    # 2023 is in the later release only: not a year both cover
    assert served(client, series="remittances_received", code="MDA")["year"].max() == 2022


def _card(app, name: str, query: dict, lang: str):
    chart = CHARTS[name]
    with app.server.test_request_context():
        return chart.render(parse(list(chart.params), query).state, lang)


def _about(value: float, lang: str) -> str:
    """A count to three significant digits as Babel writes it in `lang`."""
    return format_decimal(round(value, -len(str(int(value))) + 3), locale=lang)


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "The 2024 edition revised emigrants from the Republic of Moldova in 2020 from {first} to {last}"),
        ("fr", "L’édition 2024 a révisé le nombre d’émigrants de la République de Moldova en 2020 de {first} à {last}"),
        ("es", "La edición 2024 revisó el número de emigrantes de la República de Moldova en 2020 de {first} a {last}"),
    ],
)
def test_the_card_says_how_the_later_edition_revised_the_figure(app, editions, lang, sentence):
    earlier, later = (editions[edition].loc[("MDA", 2020), "emigrants"] for edition in ("2020", "2024"))
    pct = format_decimal((later - earlier) / earlier * 100, format="#,##0.0", locale=lang)
    content = _card(app, "stocks-revisions", {"country": "MDA", "measure": "emigrants"}, lang)
    expected = sentence.format(first=_about(earlier, lang), last=_about(later, lang))
    assert content.description.startswith(f"{expected} ({pct}"), content.description
    traces = content.figure["data"]
    assert [trace["line"].get("dash") for trace in traces] == ["dash", None]  # earlier dashed, later solid
    assert {"ims2020_bilateral", "ims2024_bilateral"} <= set(content.sources)
    assert "edition-revisions" in content.methods


def test_the_rule_on_three_members_one_missing_from_the_earlier_edition():
    """Pure rule (no files): C is in the later edition only; the world sums A and B in both,
    counts 2 of 3 members, and C stays missing (never 0)."""
    from data.tables import edition_revisions

    area_table = pd.DataFrame([{"code": "WLD", "kind": "world", "members": ["AAA", "BBB", "CCC"]}])
    earlier = pd.DataFrame({"country": ["AAA", "BBB"], "year": [2020, 2020], "value": [100.0, 50.0]})
    later = pd.DataFrame({"country": ["AAA", "BBB", "CCC"], "year": [2020, 2020, 2020], "value": [120.0, 50.0, 7.0]})
    frame = edition_revisions({"immigrants": (earlier, later)}, area_table).set_index("code")
    assert frame.loc["AAA", "status"] == "revised" and frame.loc["AAA", "revision_pct"] == pytest.approx(20)
    assert frame.loc["BBB", "status"] == "unchanged" and frame.loc["BBB", "revision"] == 0
    assert pd.isna(frame.loc["CCC", "earlier_value"]) and frame.loc["CCC", "status"] == "not_in_earlier"
    world = frame.loc["WLD"]
    assert (world["earlier_value"], world["later_value"]) == (150.0, 170.0)
    assert (world["countries"], world["members"]) == (2, 3)
