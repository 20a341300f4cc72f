"""Charts that describe themselves (components/describe.py, ChartContent.description): every
registered chart describes its default view in three languages, and an empty one says why; the
numbers a description states are those of the publishers' files; the sentences' grammar
(ngettext plurals, French and Spanish articles and prepositions before country names) is the
language's; the card carries it to its Excel "about" sheet and its images' meta."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest

from charts import remittances, stocks
from charts.remittances import _costs_text
from charts.stocks import _partners_text
from components import describe
from components.chart_card import CHARTS, EXPORT_META, description_text, render
from components.chart_card import spec as card_spec
from components.url_state import parse
from data.countries import country_name
from programme import demo

LANGS = ("en", "fr", "es")


def _content(name: str, query: dict, lang: str = "en"):
    chart = CHARTS[name]
    return chart.render(parse(list(chart.params), query).state, lang)


def _number(text: str) -> float:
    """An English number as a description writes it: "533,000", "46.1", "$1.9B", "$875.4M"."""
    match = re.fullmatch(r"(-?)\$?([\d,]+(?:\.\d+)?)([KMB]?)", text.strip())
    assert match, text
    value = float(match.group(2).replace(",", "")) * {"": 1, "K": 1e3, "M": 1e6, "B": 1e9}[match.group(3)]
    return -value if match.group(1) else value


def _close(text: str, expected: float) -> bool:
    """Whether a number as written ("1.9B", "533,000": rounded for reading, to three significant
    digits at most) is `expected` rounded: within half a unit of its last digit written, or of
    the third significant digit."""
    shown = _number(text)
    decimals = len(text.split(".")[1].rstrip("KMB")) if "." in text else 0
    scale = {"K": 1e3, "M": 1e6, "B": 1e9}.get(text.strip()[-1:], 1)
    tolerance = max(0.5 * 10**-decimals * scale, abs(expected) * 0.005)
    return abs(shown - expected) <= tolerance + 1e-9


@pytest.mark.parametrize("lang", LANGS)
def test_every_registered_chart_describes_its_default_view(app, lang):
    """Every chart in CHARTS, those added later too, has words for its default view: in the
    card's output, filled from the content, every placeholder filled."""
    with app.server.test_request_context():
        for name, chart in sorted(CHARTS.items()):
            state = parse(list(chart.params), {}).state
            content = chart.render(state, lang)
            assert content.description.strip(), (name, lang)
            shown = render(card_spec(chart, state, lang))["description"]
            assert shown and content.description in shown, (name, lang)
            assert "{" not in shown and "}" not in shown, (name, shown)


def test_an_empty_chart_is_described_by_why_it_is_empty(app):
    with app.server.test_request_context():
        for name, query in (
            ("stocks-trend", {"measure": "immigrants_pct_population", "sex": "female"}),
            ("stocks-map", {"measure": "immigrants_pct_population", "sex": "male"}),
        ):
            for lang in LANGS:
                content = _content(name, query, lang)
                assert content.empty
                assert description_text(content, lang) == content.empty
                chart = CHARTS[name]
                assert render(card_spec(chart, parse(list(chart.params), query).state, lang))["description"] == (
                    content.empty
                )


def test_the_description_travels_with_the_images_and_the_excel_about_sheet(app, client):
    with app.server.test_request_context():
        chart = CHARTS["stocks-trend"]
        for lang in ("en", "es"):
            shown = render(card_spec(chart, parse(list(chart.params), {}).state, lang))
            assert shown["figure"]["layout"]["meta"][EXPORT_META]["description"] == shown["description"]
    for lang in ("fr", "es"):
        response = client.get(f"/download/stocks-trend.xlsx?country=MDA&lang={lang}")
        with app.server.test_request_context():
            expected = _content("stocks-trend", {"country": "MDA"}, lang).description
        about = list(openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[1].iter_rows(values_only=True))
        assert expected in [value for _item, value in about]


def test_programme_descriptions_say_demo_data_first(app):
    with app.server.test_request_context():
        content = _content("programme-budget", {}, "fr")
        assert content.demo
        assert description_text(content, "fr").startswith("Données de démonstration — à titre d’illustration. ")


# --- the numbers: from the publishers' files -------------------------------------------------


def test_moldova_emigrants_trend_states_the_first_last_and_highest_of_un_desa_s_file(app, raw):
    ims = pd.read_csv(raw("ims2024_bilateral"))
    emigrants = ims[ims["from"] == "MDA"].groupby("t")["n"].sum()  # both sexes: women + men
    with app.server.test_request_context():
        text = _content("stocks-trend", {"country": "MDA", "measure": "emigrants"}).description
    match = re.search(
        r"Emigrants from the Republic of Moldova (rose|fell) from ([\d,]+) in (\d{4}) to ([\d,]+) in (\d{4})", text
    )
    assert match, text
    verb, first, start, last, end = match.groups()
    assert (int(start), int(end)) == (emigrants.index.min(), emigrants.index.max())
    assert _close(first, emigrants[int(start)]) and _close(last, emigrants[int(end)])
    assert verb == ("rose" if emigrants.iloc[-1] > emigrants.iloc[0] else "fell")
    peak = re.search(r"The highest was ([\d,]+), in (\d{4})", text)
    inner_peak = emigrants.iloc[1:-1].max() > max(emigrants.iloc[0], emigrants.iloc[-1])
    assert bool(peak) == inner_peak, text
    if peak:
        assert int(peak.group(2)) == emigrants.idxmax() and _close(peak.group(1), emigrants.max())


def test_flows_out_of_moldova_state_abel_and_cohen_s_total_destinations_and_shares(app, raw):
    flows = pd.read_csv(raw("abel_cohen_flows")).query("orig_iso3 == 'MDA' and year0 == 2015")
    flows = flows[flows["flow_da_pb_closed"] > 0].sort_values("flow_da_pb_closed", ascending=False)
    total = flows["flow_da_pb_closed"].sum()
    with app.server.test_request_context():
        text = _content("flows-out", {"country": "MDA", "period": "2015-2020"}).description
    match = re.search(
        r"an estimated ([\d,]+) people left the Republic of Moldova\. They went to (\d+) countries\.", text
    )
    assert match, text
    assert _close(match.group(1), total) and int(match.group(2)) == len(flows)
    for code, flow in zip(flows["dest_iso3"][:3], flows["flow_da_pb_closed"][:3], strict=True):
        share = re.search(re.escape(country_name(code)) + r" \(([\d.]+)%\)", text)
        assert share, (code, text)
        assert _close(share.group(1), flow / total * 100)


def test_moldova_remittances_trend_states_the_world_bank_s_first_last_and_highest_year(app, raw):
    wdi = pd.read_csv(raw("wdi_remittances_received"), skiprows=4).set_index("Country Code")
    years = [column for column in wdi.columns if column.isdigit()]
    series = wdi.loc["MDA", years].astype(float).dropna()
    series.index = series.index.astype(int)
    with app.server.test_request_context():
        text = _content("remittances-trend", {"country": "MDA"}).description
    match = re.search(r"rose from (\$[\d.]+[KMB]?) in (\d{4}) to (\$[\d.]+[KMB]?) in (\d{4})", text)
    assert match, text
    first, start, last, end = match.groups()
    assert (int(start), int(end)) == (series.index.min(), series.index.max())
    assert _close(first, series.iloc[0]) and _close(last, series.iloc[-1])
    peak = re.search(r"The highest was (\$[\d.]+[KMB]?), in (\d{4})", text)
    assert peak and int(peak.group(2)) == series.idxmax() and _close(peak.group(1), series.max()), text


def test_the_immigrants_map_states_how_many_countries_and_the_three_largest_of_un_desa_s_file(app, raw):
    ims = pd.read_csv(raw("ims2024_bilateral")).query("t == 2024")
    by_country = ims.assign(geo=ims["geo"].replace({"XCX": "CHI"})).groupby("geo")["n"].sum()
    largest = by_country.sort_values(ascending=False).head(3)
    with app.server.test_request_context():
        text = _content("stocks-map", {"year": "2024"}).description
    count = re.search(r"Immigrants, 2024: (\d+) countries have data\.", text)
    assert count and int(count.group(1)) == len(by_country), text
    for code, value in largest.items():
        found = re.search(re.escape(country_name(code)) + r" \(([\d,]+)\)", text)
        assert found and _close(found.group(1), value), (code, text)
    assert text.index(country_name(largest.index[0])) < text.index(country_name(largest.index[1]))


def test_the_programme_budget_states_the_demo_data_s_totals_and_extremes(app):
    activities = demo.generate()["activities"]
    budget, spent = activities["budget_usd"].sum(), activities["expenditure_usd"].sum()
    per_country = activities.groupby("country")[["budget_usd", "expenditure_usd"]].sum()
    execution = per_country["expenditure_usd"] / per_country["budget_usd"] * 100
    with app.server.test_request_context():
        text = _content("programme-budget", {}).description
    match = re.search(r"a budget of (\$[\d.]+[KMB]?), of which (\$[\d.]+[KMB]?) \(([\d.]+)%\) has been spent", text)
    assert match, text
    assert (
        _close(match.group(1), budget)
        and _close(match.group(2), spent)
        and _close(match.group(3), spent / budget * 100)
    )
    top = per_country["budget_usd"].idxmax()
    assert re.search(re.escape(country_name(top)) + r" \((\$[\d.]+[KMB]?)\)", text), text
    best, worst = execution.idxmax(), execution.idxmin()
    for code, pattern in ((best, "Highest share spent: "), (worst, "lowest: ")):
        found = re.search(pattern + re.escape(country_name(code)) + r" \(([\d.]+)%\)", text)
        assert found and _close(found.group(1), execution[code]), (code, text)


# --- the grammar: plurals and country names, in pure sentences ------------------------------


def _trend(code: str, values: dict, lang: str, sentences) -> str:
    frame = pd.DataFrame(
        {"code": code, "name": country_name(code, lang), "year": list(values), "value": list(values.values())}
    )
    return describe.series(frame, "label", "persons", lang, sentences)


@pytest.mark.parametrize(
    "code, lang, sentences, expected",
    [
        ("MAR", "fr", stocks.TREND_SENTENCES["emigrants"], "Le nombre d’émigrants du Maroc a augmenté"),
        ("MAR", "fr", stocks.TREND_SENTENCES["immigrants"], "Le nombre d’immigrants au Maroc a augmenté"),
        ("MDA", "fr", stocks.TREND_SENTENCES["immigrants"], "Le nombre d’immigrants en République de Moldova a"),
        ("MDA", "fr", remittances.TREND_SENTENCES["inflow_usd"], "reçus par la République de Moldova ont augmenté"),
        ("PHL", "fr", stocks.TREND_SENTENCES["emigrants"], "Le nombre d’émigrants des Philippines a augmenté"),
        ("PHL", "fr", stocks.TREND_SENTENCES["immigrants"], "Le nombre d’immigrants aux Philippines a augmenté"),
        ("PHL", "en", stocks.TREND_SENTENCES["emigrants"], "Emigrants from the Philippines rose from 1,000 in 1990"),
        ("PER", "es", stocks.TREND_SENTENCES["emigrants"], "El número de emigrantes del Perú aumentó de 1.000 en 1990"),
        ("PER", "es", stocks.TREND_SENTENCES["immigrants"], "El número de inmigrantes en el Perú aumentó"),
        ("PER", "es", remittances.TREND_SENTENCES["inflow_usd"], "Las remesas recibidas por el Perú aumentaron"),
        ("MAR", "es", stocks.TREND_SENTENCES["emigrants"], "El número de emigrantes de Marruecos aumentó"),
    ],
)
def test_country_names_take_their_article_and_preposition(code, lang, sentences, expected):
    assert expected in _trend(code, {1990: 1000, 2024: 5000}, lang, sentences)


def test_a_fall_and_a_peak_between_the_ends_are_said():
    text = _trend("PER", {1990: 5000, 2000: 9000, 2024: 2000}, "es", stocks.TREND_SENTENCES["emigrants"])
    assert "disminuyó de 5.000 en 1990 a 2.000 en 2024" in text and "El máximo fue de 9.000, en 2000." in text


def _partners(count: int) -> pd.DataFrame:
    codes = ["ITA", "ROU", "DEU", "FRA"][:count]
    migrants = [400.0, 300.0, 200.0, 100.0][:count]
    frame = pd.DataFrame({"destination": codes, "migrants": migrants})
    return frame.assign(share=frame["migrants"] / frame["migrants"].sum() * 100)


@pytest.mark.parametrize(
    "lang, one, many",
    [
        ("en", "They lived in 1 country.", "They lived in 3 countries."),
        ("fr", "Ils vivaient dans 1 pays.", "Ils vivaient dans 3 pays."),
        ("es", "Vivían en 1 país.", "Vivían en 3 países."),
    ],
)
def test_counts_agree_with_their_nouns(lang, one, many):
    assert one in _partners_text(_partners(1), "destination", True, "MDA", 2024, lang)
    text = _partners_text(_partners(3), "destination", True, "PER", 2024, lang)
    assert many in text
    where = {
        "en": "The largest numbers lived in Italy (44.4%), Romania (33.3%) and Germany (22.2%).",
        "fr": "Les plus nombreux vivaient en Italie (44,4 %), en Roumanie (33,3 %) et en Allemagne (22,2 %).",
        "es": "Los grupos más numerosos vivían en Italia (44,4 %), en Rumania (33,3 %) y en Alemania (22,2 %).",
    }[lang]
    assert where in text.replace("\u202f", " ").replace("\xa0", " ")
    emigrants = {"en": "emigrants from Peru", "fr": "émigrants du Pérou", "es": "emigrantes del Perú"}[lang]
    assert emigrants in text


@pytest.mark.parametrize(
    "lang, one, two",
    [
        ("en", "1 of the 3 corridors shown costs more", "2 of the 3 corridors shown cost more"),
        ("fr", "1 des 3 corridors présentés coûte plus", "2 des 3 corridors présentés coûtent plus"),
        ("es", "1 de los 3 corredores mostrados cuesta más", "2 de los 3 corredores mostrados cuestan más"),
    ],
)
def test_corridor_costs_agree_and_name_the_sending_countries_with_their_grammar(lang, one, two):
    shown = pd.DataFrame({"sender": ["PER", "PHL", "MAR"], "cost_pct": [2.5, 6.0, 7.5]})
    forms = describe.forms("MDA", lang)
    assert one in _costs_text(shown, "sender", True, forms, 1, "T3 2020", lang)
    text = _costs_text(shown, "sender", True, forms, 2, "T3 2020", lang)
    assert two in text
    places = {
        "en": "to the Republic of Moldova cost least from Peru (2.5%) and most from Morocco (7.5%)",
        "fr": "vers la République de Moldova coûtait le moins depuis le Pérou (2,5 %) et le plus depuis le Maroc"
        " (7,5 %)",
        "es": "a la República de Moldova costaba menos desde el Perú (2,5 %) y más desde Marruecos (7,5 %)",
    }[lang]
    assert places in text.replace("\u202f", " ").replace("\xa0", " ")
    every = {
        "en": "All 3 corridors shown cost more than 5 %",
        "fr": "Les 3 corridors présentés coûtent tous plus de 5 %",
        "es": "Los 3 corredores mostrados cuestan más del 5 %",
    }[lang]
    assert every in _costs_text(shown, "sender", True, forms, 3, "T3 2020", lang)
    none = {
        "en": "None of the 3 corridors shown costs more than 5 %",
        "fr": "Aucun des 3 corridors présentés ne coûte plus de 5 %",
        "es": "Ninguno de los 3 corredores mostrados cuesta más del 5 %",
    }[lang]
    assert none in _costs_text(shown, "sender", True, forms, 0, "T3 2020", lang)
    outward = _costs_text(shown.rename(columns={"sender": "receiver"}), "receiver", False, forms, 2, "", lang)
    cheapest = {"en": "least to Peru", "fr": "le moins vers le Pérou", "es": "menos al Perú"}[lang]
    assert cheapest in outward
