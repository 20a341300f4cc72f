"""Country profiles: headline figures equal the API, unknown codes get help and a 404, the PDF
route explains itself when it cannot print."""

from __future__ import annotations

import pandas as pd
import pytest

from components import profile as country_page
from data.profile import country_facts


def test_headline_figures_equal_the_api(app, client):
    with app.server.test_request_context():
        facts = country_facts("MDA")
    stocks = client.get("/api/v1/stocks-country.json?country=MDA&year=2024&sex=total").json["data"][0]
    assert facts.emigrants.value == stocks["emigrants"] and facts.emigrants.year == 2024
    assert facts.immigrants.value == stocks["immigrants"]
    remittances = client.get("/api/v1/remittances-country.json?country=MDA").json["data"]
    latest = max((row for row in remittances if row["inflow_usd"] is not None), key=lambda row: row["year"])
    assert (facts.remittances_usd.value, facts.remittances_usd.year) == (latest["inflow_usd"], latest["year"])
    net = client.get("/api/v1/net-migration.json?country=MDA&year=2023").json["data"][0]
    assert facts.net_migration.value == net["net_migration"] and not net["projected"]


def test_emigrants_and_top_destinations_from_the_raw_file(app, raw):
    ims = pd.read_csv(raw("ims2024_bilateral")).query("`from` == 'SRB' and t == 2024")
    by_destination = ims.groupby("geo")["n"].sum().sort_values(ascending=False)
    with app.server.test_request_context():
        facts = country_facts("SRB")
    assert facts.emigrants.value == ims["n"].sum()
    assert [code for code, _value in facts.top_destinations] == list(by_destination.index[:3])


@pytest.mark.real_data
def test_a_country_without_remittance_data_has_no_remittance_figure(app):
    with app.server.test_request_context():
        facts = country_facts("TKL")  # Tokelau: in UN DESA's stocks, not a World Bank economy
    assert facts.emigrants is not None and facts.remittances_usd is None and facts.remittances_pct_gdp is None


def test_profile_and_brief_pages_answer_and_unknown_codes_are_404(client):
    assert client.get("/country/MDA").status_code == 200
    assert client.get("/country/mda").status_code == 200
    assert client.get("/brief/TUN?lang=es").status_code == 200
    assert client.get("/country/XYZ").status_code == 404
    assert client.get("/brief/12345").status_code == 404
    assert client.get("/country").status_code == 200


@pytest.mark.parametrize("typed, expected", [("moldova", "MDA"), ("MDX", "MDA"), ("Marocco", "MAR")])
def test_unknown_codes_suggest_countries(app, typed, expected):
    with app.server.test_request_context():
        lookup = country_page.names("en")
        assert expected in country_page.suggestions(typed, "en", lookup)
        page = country_page.not_found(typed, "en")
    assert "Did you mean:" in str(page) and f"/country/{expected}" in str(page)


def test_pdf_of_an_unknown_country_is_a_404_page(client):
    response = client.get("/brief/XYZ.pdf")
    assert response.status_code == 404 and "XYZ" in response.get_data(as_text=True)


def test_pdf_without_a_renderer_is_a_clear_503(app, client, settings, tmp_path):
    app.server.config["MIGDASH_SETTINGS"] = settings.replace(chromium=str(tmp_path / "no-chromium"))
    response = client.get("/brief/MDA.pdf?lang=fr")
    assert response.status_code == 503
    body = response.get_data(as_text=True)
    assert "Ctrl+P" in body and "Traceback" not in body and '<html lang="fr">' in body
