"""The card's "Displayed data" files (web/chart_files.py): the table as shown, headers and the
"about" sheet in the reader's language, codes beside names, a descriptive file name; the
images' attribution (chart_card._export) travels in the figure."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

import i18n
from components import chart_card
from data import sources

# What each language calls the trend table's columns, the about sheet and its items, as a
# native reader expects them (not read from our catalogs).
EXPECTED = {
    "fr": {"name": "Pays ou région", "code": "Code", "year": "Année", "sheets": ["données", "à propos"]},
    "es": {"name": "País o región", "code": "Código", "year": "Año", "sheets": ["datos", "acerca de"]},
    "en": {"name": "Country or region", "code": "Code", "year": "Year", "sheets": ["data", "about"]},
}


def _disposition_name(response) -> str:
    return response.headers["Content-Disposition"].split('filename="')[1].rstrip('"')


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_displayed_data_csv_has_headers_in_the_language_codes_beside_names_and_a_telling_name(client, lang):
    response = client.get(f"/download/stocks-trend.csv?country=MDA,MAR&lang={lang}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header = rows[0]
    words = EXPECTED[lang]
    assert header[:3] == [words["name"], words["code"], words["year"]]
    codes = {row[1] for row in rows[1:]}
    assert codes == {"MDA", "MAR"}
    years = sorted(int(row[2]) for row in rows[1:])
    name = _disposition_name(response)
    assert name.startswith("stocks-trend_") and name.endswith(f"_{years[0]}-{years[-1]}.csv")
    places = {
        "en": ("republic-of-moldova", "morocco"),  # the UN's short names (data/un_names.py)
        "fr": ("republique-de-moldova", "maroc"),
        "es": ("republica-de-moldova", "marruecos"),
    }[lang]
    assert all(place in name for place in places), name


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_displayed_data_excel_has_an_about_sheet_in_the_language_with_source_and_licence(client, lang):
    response = client.get(f"/download/stocks-trend.xlsx?country=MDA&lang={lang}")
    assert response.status_code == 200
    assert _disposition_name(response).endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == EXPECTED[lang]["sheets"]
    data = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert data[0][:2] == (EXPECTED[lang]["name"], EXPECTED[lang]["code"])
    about = dict(list(workbook.worksheets[1].iter_rows(values_only=True))[1:])
    text = " ".join(str(value) for value in about.values())
    source = sources.SOURCES_BY_KEY["ims2024_bilateral"]
    assert source.licence in text and i18n.translator(lang)(source.edition) in text
    assert "/stocks" in text  # the link back to the view


def test_unknown_chart_or_format_or_a_chart_without_table_say_so(client):
    assert client.get("/download/no-such-chart.csv").status_code == 404
    assert client.get("/download/stocks-trend.pdf").status_code == 404
    assert "no-such-chart" in client.get("/download/no-such-chart.csv").get_data(as_text=True)


def test_the_api_csv_keeps_its_stable_column_names_in_every_language(client):
    english = client.get("/api/v1/stocks-country.csv?country=MDA").get_data(as_text=True).splitlines()[0]
    described = client.get("/api/v1/openapi.json").json["paths"]["/stocks-country.csv"]["get"]["description"]
    assert f"Columns: {english.replace(',', ', ')}." in described
    for lang in ("fr", "es"):
        assert (
            client.get(f"/api/v1/stocks-country.csv?country=MDA&lang={lang}").get_data(as_text=True).splitlines()[0]
            == english
        )
    assert english.startswith("country,")


def test_every_figure_carries_what_its_images_need(app):
    with app.server.test_request_context("/"):
        for lang in ("en", "fr"):
            chart = chart_card.CHARTS["stocks-trend"]
            spec = chart_card.spec(
                chart, {"country": ("MDA",), "area": (), "measure": "immigrants", "sex": "total", "year": 2024}, lang
            )
            shown = chart_card.render(spec)
            export = shown["figure"]["layout"]["meta"][chart_card.EXPORT_META]
            source = sources.SOURCES_BY_KEY["ims2024_bilateral"]
            assert export["title"] == shown["title"] and export["subtitle"] == shown["subtitle"]
            assert source.licence in export["source"] and i18n.translator(lang)(source.edition) in export["source"]
            assert export["url"].startswith("/stocks") and export["date"]
            assert export["filename"].startswith("stocks-trend_")


def test_every_charts_displayed_data_downloads_with_distinct_headers(client):
    for name in sorted(chart_card.CHARTS):
        for fmt, lang in (("csv", "fr"), ("xlsx", "es")):
            response = client.get(f"/download/{name}.{fmt}?lang={lang}")
            assert response.status_code in (200, 404), (name, fmt)
            if response.status_code == 404:
                continue
            if fmt == "csv":
                header = next(csv.reader(io.StringIO(response.get_data(as_text=True))))
            else:
                header = next(
                    openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0].iter_rows(values_only=True)
                )
            assert header and len(set(header)) == len(header), (name, header)
            assert _disposition_name(response).startswith(name), name
