"""The remittance-cost savings calculator (issue 18, part 2) against the publishers' files: the
saving, today's cost and the unknown volume of Moldova and Morocco computed here by hand from
KNOMAD's 2021 bilateral matrix and Remittance Prices Worldwide (by the names both files write,
not through our build), the edge targets, bad URL values, and the sentence in three languages."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from components.narrative import savings_coverage, savings_sentence, sentences
from data import queries
from data.profile import country_facts
from data.sources import SOURCES_BY_KEY
from i18n import format_currency_usd, format_percent, translator

# How KNOMAD's 2021 matrix names the receivers (its columns); RPW names the senders of Moldova
# and Morocco as it does, and the United States otherwise.
KNOMAD_NAMES = {"MDA": "Moldova", "MAR": "Morocco"}
RPW_TO_KNOMAD = {"United States of America": "United States"}


@pytest.fixture(scope="module")
def knomad(raw):
    """KNOMAD's 2021 matrix in US$: sender name (rows, down to WORLD) x receiver name."""
    sheet = pd.read_excel(raw("knomad_remittance_matrix_2021"), sheet_name=0, skiprows=1, index_col=0)
    sheet.index = [str(name).strip() for name in sheet.index]
    sheet.columns = [str(name).strip() for name in sheet.columns]
    senders = sheet.loc[:"WORLD"].iloc[:-1]
    return senders.apply(lambda column: pd.to_numeric(column.replace({"-": None, " ": None}), errors="coerce")) * 1e6


@pytest.fixture(scope="module")
def costs(raw):
    """Each corridor's latest surveyed cost: (sender name, receiver code) -> (quarter, cost)."""
    frame = pd.read_csv(raw("rpw_corridors"), na_values="..")
    frame.columns = [re.sub(r"\s+", " ", column).strip() for column in frame.columns]
    frame = frame[frame["Series Code"].notna()]
    quarters = [column for column in frame.columns if re.match(r"^\d{4}Q\d", column)]
    latest = {}
    for _index, row in frame.iterrows():
        surveyed = [(column[:6], row[column]) for column in quarters if pd.notna(row[column])]
        if surveyed:
            latest[(row["Sending Countries Name"], row["Receiving Countries Code"])] = max(surveyed)
    return latest


def page_text(component) -> str:
    """The words of a layout, as a reader sees them (str() of a component escapes them)."""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(page_text(part) for part in component)
    children = getattr(component, "children", None)
    return page_text(children) if children is not None else ""


def by_hand(knomad, costs, iso3: str, target: float) -> dict:
    column = knomad[KNOMAD_NAMES[iso3]]
    volumes = column[(column > 0) & (column.index != KNOMAD_NAMES[iso3])]
    surveyed = {sender: cost for (sender, receiver), (_quarter, cost) in costs.items() if receiver == iso3}
    assert set(surveyed) <= set(volumes.index)  # every surveyed corridor has a volume
    known = volumes[list(surveyed)]
    cost = pd.Series(surveyed)[known.index]
    return {
        "total": volumes.sum(),
        "unknown": volumes.sum() - known.sum(),
        "saving": (known * (cost - target).clip(lower=0) / 100).sum(),
        "today": (known * cost).sum() / known.sum(),
        "surveyed": len(known),
        "highest": cost.max(),
    }


@pytest.mark.parametrize("iso3", ["MDA", "MAR"])
@pytest.mark.parametrize("target", [3.0, 0.0, 2.5, 5.0])
def test_the_sum_is_the_hand_computed_one(app, knomad, costs, iso3, target):
    expected = by_hand(knomad, costs, iso3, target)
    with app.server.test_request_context():
        result = queries.remittance_savings(iso3, target)
    assert result.year == 2021
    assert result.saving_usd == pytest.approx(expected["saving"], rel=1e-9)
    assert result.total_usd == pytest.approx(expected["total"], rel=1e-9)
    assert result.unknown_usd == pytest.approx(expected["unknown"], rel=1e-9)
    assert result.today_cost == pytest.approx(expected["today"], rel=1e-9)
    assert result.surveyed == expected["surveyed"]
    assert result.first_period == result.last_period == "2020Q3"


def test_moldova_counts_most_of_its_money_as_unknown_never_as_no_saving(app, knomad, costs):
    expected = by_hand(knomad, costs, "MDA", 3.0)
    with app.server.test_request_context():
        result = queries.remittance_savings("MDA")
    # Romania, Ukraine, the United States... have no cost survey: 65 % of the volume
    assert result.unknown_pct == pytest.approx(expected["unknown"] / expected["total"] * 100)
    assert 60 < result.unknown_pct < 70
    unknown = result.corridors[result.corridors["cost_pct"].isna()]
    assert unknown["saving_usd"].isna().all()  # unknown, not 0
    assert unknown["usd"].sum() == pytest.approx(expected["unknown"])
    assert {"ROU", "UKR", "USA"} <= set(unknown["sender"])


def test_a_target_above_every_cost_saves_nothing_and_says_so(app, knomad, costs):
    above = float(int(by_hand(knomad, costs, "MAR", 3.0)["highest"]) + 1)
    with app.server.test_request_context():
        result = queries.remittance_savings("MAR", above)
        assert result.saving_usd == 0
        assert result.at_or_below_target == result.surveyed == 7
        assert result.unknown_usd > 0  # still unknown, not part of a zero
        assert savings_sentence(result, "en") == (
            f"Families in Morocco would keep no more if sending money cost {above:.0f}%: every surveyed "
            "corridor already costs that or less."
        )


def test_a_zero_target_saves_every_positive_cost(app, knomad, costs):
    expected = by_hand(knomad, costs, "MAR", 0.0)
    with app.server.test_request_context():
        result = queries.remittance_savings("MAR", 0.0)
    assert result.saving_usd == pytest.approx(expected["saving"])
    assert result.saving_usd == pytest.approx(expected["today"] * (expected["total"] - expected["unknown"]) / 100)


@pytest.mark.parametrize(
    ("lang", "moldova", "morocco"),
    [
        (
            "en",
            "Families in the Republic of Moldova would keep about {amount} a year if sending money cost 3%.",
            "Families in Morocco would keep about {amount} a year if sending money cost 3%.",
        ),
        (
            "fr",
            "Les familles en République de Moldova garderaient environ {amount} par an si envoyer de l’argent "
            "coûtait 3\u00a0%.",
            "Les familles au Maroc garderaient environ {amount} par an si envoyer de l’argent coûtait 3\u00a0%.",
        ),
        (
            "es",
            "Las familias en la República de Moldova conservarían unos {amount} al año si enviar dinero costara "
            "un 3\u00a0%.",
            "Las familias en Marruecos conservarían unos {amount} al año si enviar dinero costara un 3\u00a0%.",
        ),
    ],
)
def test_the_sentence_in_each_language(app, knomad, costs, lang, moldova, morocco):
    with app.server.test_request_context():
        for iso3, template in (("MDA", moldova), ("MAR", morocco)):
            expected = by_hand(knomad, costs, iso3, 3.0)
            amount = format_currency_usd(expected["saving"], lang)
            result = queries.remittance_savings(iso3)
            assert savings_sentence(result, lang) == template.format(amount=amount)
            coverage = savings_coverage(result, lang)
            assert format_percent(expected["unknown"] / expected["total"] * 100, lang) in coverage
            assert format_currency_usd(expected["total"], lang) in coverage


def test_the_sentence_is_in_the_narrative_and_the_brief(app, client, knomad, costs):
    amount = format_currency_usd(by_hand(knomad, costs, "MAR", 3.0)["saving"], "fr")
    with app.server.test_request_context():
        text = sentences(country_facts("MAR"), {}, "fr")
    assert f"Les familles au Maroc garderaient environ {amount} par an si envoyer de l’argent coûtait 3\u00a0%." in text
    from pages.brief import layout

    with app.server.test_request_context():
        brief = page_text(layout(iso3="MAR", lang="fr"))
    assert f"Les familles au Maroc garderaient environ {amount}" in brief
    _ = translator("fr")
    for key in ("knomad_remittance_matrix_2021", "rpw_corridors"):  # its sources are listed
        assert _(SOURCES_BY_KEY[key].title) in brief


def test_the_card_shows_the_sum_and_the_top_corridors(app, knomad, costs):
    from components.chart_card import CHARTS
    from components.url_state import parse

    chart = CHARTS["remittance-savings"]
    expected = by_hand(knomad, costs, "MAR", 2.5)
    with app.server.test_request_context():
        content = chart.render(parse(list(chart.params), {"country": "MAR", "target": "2.5"}).state, "en")
    assert format_currency_usd(expected["saving"], "en") in content.title
    assert "modelled" in content.subtitle and "2021" in content.subtitle
    bars = content.figure["data"][0]
    assert [label.split(" (")[0] for label in bars["y"]][::-1][0] == "France"  # the largest saving on top
    assert sum(bars["x"]) == pytest.approx(expected["saving"])  # all 7 surveyed corridors are drawn
    assert content.description and "France" in content.description


def test_a_surveyed_corridor_without_a_knomad_estimate_is_named_not_summed(app, raw, knomad):
    frame = pd.read_csv(raw("rpw_corridors"), na_values="..")
    frame.columns = [re.sub(r"\s+", " ", column).strip() for column in frame.columns]
    quarters = [column for column in frame.columns if re.match(r"^\d{4}Q\d", column)]
    to_bangladesh = frame[(frame["Receiving Countries Code"] == "BGD") & frame[quarters].notna().any(axis=1)]
    volumes = knomad["Bangladesh"]
    missing = {
        code
        for name, code in zip(to_bangladesh["Sending Countries Name"], to_bangladesh["Sending Countries Code"])
        if not volumes.get(RPW_TO_KNOMAD.get(name, name), 0) > 0
    }
    assert missing == {"PAK"}  # KNOMAD has no Pakistan-Bangladesh estimate
    with app.server.test_request_context():
        result = queries.remittance_savings("BGD")
        assert result.unestimated == ("PAK",)
        assert "PAK" not in set(result.corridors["sender"])
        from components.chart_card import CHARTS
        from components.url_state import parse

        chart = CHARTS["remittance-savings"]
        notes = chart.render(parse(list(chart.params), {"country": "BGD"}).state, "en").notes
    assert any("1 more corridor, from Pakistan" in note for note in notes)


def test_the_slider_runs_from_0_to_todays_cost_and_at_least_to_3_and_the_target(app, knomad, costs):
    from components.savings import slider_outputs

    morocco = by_hand(knomad, costs, "MAR", 3.0)["today"]
    with app.server.test_request_context():
        assert slider_outputs("MAR", 3.0, "en")[:3] == ("3%", round(-(-morocco // 0.1) * 0.1, 1), "6%")
        assert slider_outputs("MDA", 3.0, "fr")[1] == 3.0  # today's 2.5 % is below the SDG target
        assert slider_outputs("MDA", 2.5, "fr")[0] == "2,5\u00a0%"
        assert slider_outputs("MAR", 40.0, "en")[1] == 40.0  # a URL's larger target stays reachable
        assert (
            slider_outputs("MAR", 3.0, "es")[3]
            == f"Costo actual: {format_percent(morocco, 'es')} · meta 10.c de los ODS: 3\u00a0%"
        )
