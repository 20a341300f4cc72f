"""/api/v1: every dataset as CSV, JSON and metadata; filters checked; values as in the sources."""

from __future__ import annotations

import dataclasses
import gzip
import io
import re

import brotli
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from data import exports, queries, store
from data.datasets import DATASETS
from data.exports import escape_formula, to_csv
from web import api


def csv(client, url: str) -> pd.DataFrame:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"].startswith("text/csv")
    return pd.read_csv(io.BytesIO(response.data), keep_default_na=False, na_values=[""])


def test_datasets_json_lists_every_dataset_with_links(client):
    listing = client.get("/api/v1/datasets.json").json
    names = [d["name"] for d in listing["datasets"]]
    assert names == [d.name for d in DATASETS]
    required = {
        "countries",
        "stocks-bilateral",
        "stocks-country",
        "flows-bilateral",
        "net-migration",
        "remittances-country",
        "remittances-bilateral",
        "remittance-costs",
    }
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
        "stocks-country": [
            "country",
            "year",
            "sex",
            "immigrants",
            "emigrants",
            "population",
            "immigrants_pct_population",
        ],
        "flows-bilateral": ["origin", "destination", "period", "sex", "flow", "modelled"],
        "net-migration": ["country", "year", "net_migration", "projected"],
        "remittances-country": ["country", "year", "inflow_usd", "outflow_usd", "gdp_usd", "inflow_pct_gdp"],
        "remittances-bilateral": ["sender", "receiver", "year", "usd", "modelled"],
        "remittance-costs": ["sender", "receiver", "period", "cost_pct"],
    }
    for name, columns in expected.items():
        meta = client.get(f"/api/v1/{name}.metadata.json").json
        assert set(columns) <= {c["name"] for c in meta["columns"]}, name


def test_stocks_country_for_one_country_matches_the_raw_file(client, raw):
    ims = pd.read_csv(raw("ims2024_bilateral"))
    frame = csv(client, "/api/v1/stocks-country.csv?country=mda&year=2024&sex=total,female")
    assert set(frame["sex"]) == {"total", "female"} and (frame["edition"] == 2024).all()
    total = frame.set_index("sex").loc["total"]
    assert total["immigrants"] == ims.query("geo == 'MDA' and t == 2024")["n"].sum()
    assert total["emigrants"] == ims.query("`from` == 'MDA' and t == 2024")["n"].sum()
    assert pd.isna(total["immigrants_pct_population"])  # empty cell, not 0


def test_edition_2020_is_the_published_table(client, raw):
    sheet = pd.read_excel(raw("ims2020_destination"), sheet_name="Table 3", skiprows=10)
    published = sheet.loc[sheet["Location code"] == 498, 2020].iloc[0]  # Republic of Moldova
    frame = csv(client, "/api/v1/stocks-country.csv?country=MDA&year=2020&sex=total&edition=2020")
    assert frame["immigrants_pct_population"].iloc[0] == pytest.approx(published, rel=1e-12)
    assert not frame["pct_computed"].iloc[0]


@pytest.mark.real_data
def test_bilateral_filters_and_sexes(client):
    frame = csv(client, "/api/v1/stocks-bilateral.csv?destination=ITA&origin=MDA,ROU&year=2020,2024&sex=total")
    assert set(frame["origin"]) == {"MDA", "ROU"} and set(frame["year"]) == {2020, 2024}
    everything = csv(client, "/api/v1/stocks-bilateral.csv?destination=ITA&origin=MDA&year=2024")
    by_sex = everything.set_index("sex")["migrants"]
    assert by_sex["female"] + by_sex["male"] == by_sex["total"]


def test_world_total_through_the_api(client, raw):
    ims = pd.read_csv(raw("ims2024_bilateral"))
    frame = csv(client, "/api/v1/stocks-aggregates.csv?area=WLD&year=2024&sex=total")
    assert frame["immigrants"].iloc[0] == ims.loc[ims["t"] == 2024, "n"].sum()


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


@pytest.mark.real_data
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


# --- full files, filtered downloads and their cap ---------------------------------------------

STATIC = [dataset for dataset in DATASETS if dataset.name in api.STATIC]


def _stored_rows(built_data_dir, dataset) -> pd.DataFrame:
    """The dataset's rows read straight from the build's parquet, without the query layer."""
    frame = pq.read_table(store.resolve_current(built_data_dir) / f"{dataset.table}.parquet").to_pandas()
    for spec in dataset.filters:
        if spec.default is not None:
            frame = frame[frame[spec.column].astype(str) == spec.default]
    return frame[dataset.column_names].reset_index(drop=True)


def test_every_build_dataset_but_the_translated_ones_has_full_files():
    assert {d.name for d in STATIC} == {d.name for d in DATASETS if d.store == "build"} - {"countries", "areas"}


def test_full_download_is_the_stored_file_not_computed(client, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("a full download must not compute anything")

    client.get("/healthz")  # Dash runs every page's layout once, on the first request
    for name in ("select", "count", "_positions"):
        monkeypatch.setattr(queries, name, never)
    for name in ("csv_chunks", "json_chunks", "to_xlsx", "write_xlsx"):
        monkeypatch.setattr(exports, name, never)
    for url in (
        "/api/v1/flows-bilateral.csv",
        "/api/v1/flows-bilateral.json",
        "/api/v1/flows-bilateral.xlsx",
        "/api/v1/stocks-country.csv?edition=2024",
        "/api/v1/refugees.csv?lang=fr",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content_length == len(response.data) > 1000


@pytest.mark.parametrize("dataset", STATIC, ids=lambda d: d.name)
def test_full_csv_holds_exactly_the_stored_rows(client, built_data_dir, dataset):
    expected = _stored_rows(built_data_dir, dataset)
    got = csv(client, f"/api/v1/{dataset.name}.csv")
    assert list(got.columns) == dataset.column_names
    expected = expected.astype({c.name: str for c in dataset.columns if c.type == "string"})
    got = got.astype({c.name: str for c in dataset.columns if c.type == "string"})
    # an integer column with empty cells (missing, never 0) reads back as floats with NaN
    integers = {c.name: "float64" for c in dataset.columns if c.type == "integer"}
    got, expected = got.astype(integers), expected.astype(integers)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, rtol=1e-14)


def test_full_files_in_every_format_say_the_same(client, app):
    listing = csv(client, "/api/v1/net-migration.csv")
    body = client.get("/api/v1/net-migration.json").json
    assert body["rows"] == len(listing) == len(body["data"]) and body["columns"] == list(listing.columns)
    assert body["data"][0] == {**listing.iloc[0].to_dict(), "year": int(listing["year"].iloc[0])}
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/api/v1/net-migration.xlsx").data), read_only=True)
    rows = list(workbook["data"].values)
    assert list(rows[0]) == list(listing.columns) and len(rows) == len(listing) + 1
    about = dict(workbook["about"].values)
    with app.server.app_context():
        assert about["Data version"] == queries.data_version()
    assert about["Filters"] == "none"
    assert client.get("/api/v1/stocks-country.json").json["filters"] == {"edition": ["2024"]}


def test_full_file_is_sent_in_the_coding_the_client_accepts(client):
    url = "/api/v1/refugees.csv"
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    best = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip" and gzip.decompress(packed.data) == plain.data
    assert best.headers["Content-Encoding"] == "br" and brotli.decompress(best.data) == plain.data
    assert len(best.data) < len(packed.data) < len(plain.data) / 4
    for response in (plain, packed, best):
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert "Accept-Encoding" in response.headers["Vary"]
        assert response.headers["Cache-Control"] == "public, max-age=300"
        assert re.fullmatch(
            r"attachment; filename=migdash-refugees-[0-9a-f]{16}\.csv", response.headers["Content-Disposition"]
        )
    assert len({plain.headers["ETag"], packed.headers["ETag"], best.headers["ETag"]}) == 3
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_filtered_download_streams_and_is_not_cached(client, app, raw):
    from data.cache import cache

    client.get("/healthz")  # Dash runs (and caches) every page's layout once, on the first request
    before = set(cache.cache._cache)
    response = client.get("/api/v1/stocks-bilateral.csv?sex=total&year=2020,2024", buffered=False)
    assert response.status_code == 200 and response.is_streamed
    ims = pd.read_csv(raw("ims2024_bilateral"))
    pairs = ims.loc[ims["t"].isin([2020, 2024]), ["geo", "from", "t"]].drop_duplicates()
    assert len(pd.read_csv(io.BytesIO(b"".join(response.response)))) == len(pairs) > api.CACHE_MAX_ROWS
    added = [cache.cache._cache[key][1] for key in set(cache.cache._cache) - before]
    assert len(added) == 1 and len(added[0]) < 100  # the row count only: neither the rows nor the body


@pytest.fixture
def capped_client(settings):
    from app import create_app

    return create_app(dataclasses.replace(settings, export_max_rows=1000)).server.test_client()


@pytest.mark.real_data
def test_filtered_download_over_the_cap_is_refused_with_the_full_file(capped_client):
    response = capped_client.get("/api/v1/net-migration.csv?year=2000,2001,2002,2003,2004,2005")
    assert response.status_code == 413
    body = response.json
    assert body["max_rows"] == 1000 and body["rows"] > 1000 and body["full_dataset"] == "/api/v1/net-migration.csv"
    assert f"{body['rows']:,} rows match" in body["error"] and "at most 1,000" in body["error"]
    assert "/api/v1/net-migration.csv" in body["error"]
    excel = capped_client.get("/api/v1/stocks-country.xlsx?year=2024")
    assert excel.status_code == 413 and excel.json["max_rows"] == 200  # Excel: a fifth of the cap
    assert capped_client.get("/api/v1/stocks-country.xlsx?country=MDA,TUN&year=2024").status_code == 200
    assert capped_client.get("/api/v1/net-migration.csv").status_code == 200  # the full file, any size
    assert capped_client.get("/api/v1/programme-indicator-values.xlsx").status_code == 200  # small, per request


def test_full_file_missing_from_a_build_answers_503_or_points_excel_to_the_csv(client, app, monkeypatch):
    with app.server.app_context():
        manifest = queries.manifest()
    files = {k: v for k, v in manifest["exports"].items() if not k.startswith("refugees.")}
    monkeypatch.setattr(queries, "manifest", lambda: {**manifest, "exports": files})
    missing = client.get("/api/v1/refugees.json")
    assert missing.status_code == 503 and "not in this data build" in missing.json["error"]
    files["refugees.json"] = {**manifest["exports"]["refugees.json"], "file": "exports/gone.json"}
    gone = client.get("/api/v1/refugees.json", headers={"Accept-Encoding": "identity"})
    assert gone.status_code == 503 and "unavailable right now (missing)" in gone.json["error"]
    files["refugees.json"] = {**manifest["exports"]["refugees.json"], "sha256": "0" * 64}  # as if altered
    altered = client.get("/api/v1/refugees.json", headers={"Accept-Encoding": "identity"})
    assert altered.status_code == 503 and "its sha256 is not the manifest's" in altered.json["error"]
    files["refugees.csv"] = {**manifest["exports"]["refugees.csv"], "rows": 2_000_000}
    excel = client.get("/api/v1/refugees.xlsx")
    assert excel.status_code == 413 and excel.json["full_dataset"] == "/api/v1/refugees.csv"
    assert "more than an Excel sheet holds" in excel.json["error"]


def test_repeated_parameters_read_every_value(client):
    repeated = csv(client, "/api/v1/stocks-country.csv?country=MDA&country=TUN&year=2024&sex=total")
    assert set(repeated["country"]) == {"MDA", "TUN"}
    joined = csv(client, "/api/v1/stocks-country.csv?country=MDA,TUN&year=2024&sex=total")
    pd.testing.assert_frame_equal(repeated, joined)
    many = client.get("/api/v1/net-migration.csv?" + "&".join(["country=MDA"] * 301))
    assert many.status_code == 400 and "at most 300 values" in many.json["error"]
    languages = client.get("/api/v1/countries.csv?lang=en&lang=fr")
    assert languages.status_code == 400 and languages.json["parameter"] == "lang"


def test_streamed_download_answers_304_to_its_compressed_etag(client):
    url = "/api/v1/net-migration.json?country=MAR"
    first = client.get(url)
    tagged = first.headers["ETag"].strip('"') + ":br"  # as flask-compress tags a compressed body
    again = client.get(url, headers={"If-None-Match": f'"{tagged}"'})
    assert again.status_code == 304 and not again.data


def test_chart_cards_full_dataset_link_is_the_static_file(client, app):
    from components.chart_card import Download, download_url

    with app.server.test_request_context():
        link = download_url(Download("x", "stocks-bilateral", {"destination": ("MDA",)}), "csv", full=True)
        entry = queries.manifest()["exports"]["stocks-bilateral.csv"]
    assert link == "/api/v1/stocks-bilateral.csv"
    response = client.get(link, headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200 and response.content_length == entry["bytes"]
