"""/api/v1: every dataset as CSV, JSON and metadata; filters checked; values as in the sources."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from data.datasets import DATASETS
from data.sources import SOURCES_BY_KEY
from tests.conftest import SOURCE_DIR
from web.api import escape_formula, to_csv


def csv(client, url: str) -> pd.DataFrame:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"].startswith("text/csv")
    return pd.read_csv(io.BytesIO(response.data), keep_default_na=False, na_values=[""])


def test_datasets_json_lists_every_dataset_with_links(client):
    listing = client.get("/api/v1/datasets.json").json
    names = [d["name"] for d in listing["datasets"]]
    assert names == [d.name for d in DATASETS]
    required = {"countries", "stocks-bilateral", "stocks-country", "flows-bilateral", "net-migration",
                "remittances-country", "remittances-bilateral", "remittance-costs"}
    assert required <= set(names)
    assert len(listing["data_version"]) == 16
    for entry in listing["datasets"]:
        assert entry["links"]["csv"] == f"/api/v1/{entry['name']}.csv"
        assert entry["rows"] > 0


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.name)
def test_every_dataset_has_metadata_and_declared_columns(client, dataset):
    meta = client.get(f"/api/v1/{dataset.name}.metadata.json").json
    for key in ("title", "description", "columns", "sources", "data_version", "built_at", "citation"):
        assert meta[key], key
    assert all(source["licence"] and source["url"] and source["edition"] for source in meta["sources"])
    first_filter = dataset.filters[0]
    rows = client.get(f"/api/v1/{dataset.name}.json").json["data"]
    example = rows[0][first_filter.column]
    frame = csv(client, f"/api/v1/{dataset.name}.csv?{first_filter.param}={example}")
    assert list(frame.columns) == dataset.column_names
    assert len(frame) > 0


def test_required_columns(client):
    expected = {
        "countries": ["iso3", "name", "m49_region", "m49_subregion", "wb_income_group", "programme"],
        "stocks-bilateral": ["destination", "origin", "year", "sex", "migrants"],
        "stocks-country": ["country", "year", "sex", "immigrants", "emigrants", "population", "immigrants_pct_population"],
        "flows-bilateral": ["origin", "destination", "period", "sex", "flow", "modelled"],
        "net-migration": ["country", "year", "net_migration", "projected"],
        "remittances-country": ["country", "year", "inflow_usd", "outflow_usd", "inflow_pct_gdp", "inflow_pct_gdp_computed"],
        "remittances-bilateral": ["sender", "receiver", "year", "usd", "modelled"],
        "remittance-costs": ["sender", "receiver", "period", "cost_pct"],
    }
    for name, columns in expected.items():
        meta = client.get(f"/api/v1/{name}.metadata.json").json
        assert set(columns) <= {c["name"] for c in meta["columns"]}, name


def test_stocks_country_for_one_country_matches_the_raw_file(client):
    ims = pd.read_csv(SOURCE_DIR / SOURCES_BY_KEY["ims2024_bilateral"].path)
    frame = csv(client, "/api/v1/stocks-country.csv?country=mda&year=2024&sex=total,female")
    assert set(frame["sex"]) == {"total", "female"} and (frame["edition"] == 2024).all()
    total = frame.set_index("sex").loc["total"]
    assert total["immigrants"] == ims.query("geo == 'MDA' and t == 2024")["n"].sum()
    assert total["emigrants"] == ims.query("`from` == 'MDA' and t == 2024")["n"].sum()
    assert pd.isna(total["immigrants_pct_population"])  # empty cell, not 0


def test_edition_2020_is_the_published_table(client):
    sheet = pd.read_excel(SOURCE_DIR / SOURCES_BY_KEY["ims2020_destination"].path, sheet_name="Table 3", skiprows=10)
    published = sheet.loc[sheet["Location code"] == 498, 2020].iloc[0]  # Republic of Moldova
    frame = csv(client, "/api/v1/stocks-country.csv?country=MDA&year=2020&sex=total&edition=2020")
    assert frame["immigrants_pct_population"].iloc[0] == pytest.approx(published, rel=1e-12)
    assert not frame["pct_computed"].iloc[0]


def test_bilateral_filters_and_sexes(client):
    frame = csv(client, "/api/v1/stocks-bilateral.csv?destination=ITA&origin=MDA,ROU&year=2020,2024&sex=total")
    assert set(frame["origin"]) == {"MDA", "ROU"} and set(frame["year"]) == {2020, 2024}
    everything = csv(client, "/api/v1/stocks-bilateral.csv?destination=ITA&origin=MDA&year=2024")
    by_sex = everything.set_index("sex")["migrants"]
    assert by_sex["female"] + by_sex["male"] == by_sex["total"]


def test_world_total_through_the_api(client):
    frame = csv(client, "/api/v1/stocks-aggregates.csv?area=WLD&year=2024&sex=total")
    assert frame["immigrants"].iloc[0] == 304_021_813


def test_countries_in_each_language(client):
    for lang, name, region in [("en", "Morocco", "Africa"), ("fr", "Maroc", "Afrique"), ("es", "Marruecos", "África")]:
        frame = csv(client, f"/api/v1/countries.csv?country=MAR&lang={lang}")
        assert (frame["name"].iloc[0], frame["m49_region"].iloc[0]) == (name, region)


@pytest.mark.parametrize(
    "url, param, fragment",
    [
        ("/api/v1/stocks-country.csv?country=XYZ", "country", "'XYZ' is not in stocks-country"),
        ("/api/v1/stocks-country.csv?country=MD", "country", "ISO 3166-1 alpha-3"),
        ("/api/v1/stocks-country.csv?country=MDA;DROP", "country", "not valid"),
        ("/api/v1/stocks-country.csv?year=twenty", "year", "whole years"),
        ("/api/v1/stocks-country.csv?year=1850", "year", "outside stocks-country's years 1990-2024"),
        ("/api/v1/stocks-bilateral.csv?sex=both", "sex", "total, female, male"),
        ("/api/v1/stocks-bilateral.csv?destinaton=MDA", "destinaton", "not a filter"),
        ("/api/v1/flows-bilateral.json?period=2020-2025", "period", "is not one of"),
        ("/api/v1/stocks-country.csv?edition=2019", "edition", "2024, 2020"),
        ("/api/v1/stocks-aggregates.csv?area=NOWHERE", "area", "is not in stocks-aggregates"),
        ("/api/v1/net-migration.csv?country=", "country", "is empty"),
    ],
)
def test_bad_filters_answer_400_naming_the_parameter(client, url, param, fragment):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json["parameter"] == param
    assert fragment in response.json["error"]


def test_unknown_dataset_and_format_answer_404(client):
    assert client.get("/api/v1/migrants.csv").status_code == 404
    assert client.get("/api/v1/stocks-country.xml").status_code == 404
    assert "datasets.json" in client.get("/api/v1/migrants.json").json["error"]
    assert client.get("/api/v1/stocks-country.xlsx?country=MDA").status_code == 200


def test_json_has_nulls_for_missing_values_and_the_filters_used(client):
    body = client.get("/api/v1/stocks-country.json?country=MDA&year=2024&sex=total").json
    assert body["rows"] == 1 and body["filters"]["edition"] == ["2024"]
    assert body["data"][0]["immigrants_pct_population"] is None


def test_csv_escapes_formula_cells_but_not_numbers():
    assert escape_formula("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert escape_formula("+1") == "'+1" and escape_formula("@x") == "'@x" and escape_formula("-2") == "'-2"
    assert escape_formula("Moldova") == "Moldova" and escape_formula(-5.0) == -5.0
    text = to_csv(pd.DataFrame({"name": ["=cmd|' /C calc'!A0", "Peru"], "net": [-1200.0, 3.5]})).decode()
    assert text.splitlines() == ["name,net", "'=cmd|' /C calc'!A0,-1200", "Peru,3.5"]


def test_downloads_are_cacheable_and_open_to_other_origins(client):
    first = client.get("/api/v1/net-migration.csv?country=MAR")
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    assert "attachment" in first.headers["Content-Disposition"]
    again = client.get("/api/v1/net-migration.csv?country=MAR", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_api_answers_503_before_any_build(tmp_path):
    from app import create_app
    from settings import Settings

    app = create_app(Settings.from_env(environ={}, data_dir=tmp_path / "empty", cache_type="NullCache"))
    response = app.server.test_client().get("/api/v1/stocks-country.csv")
    assert response.status_code == 503 and "data.build" in response.json["error"]
