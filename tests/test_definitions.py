"""Definitions and licences say what we serve (issue 14, finding 7): UN DESA's origin is the
country of birth or, where birth is unknown, of citizenship, never "born in" alone; the
Abel & Cohen flows we serve are the values of the visualisation files, CC BY-NC 3.0."""

from __future__ import annotations

import json

import pytest

from tests.dash_bodies import router_body

FLOW_DATASETS = ("flows-bilateral", "flows-country")


@pytest.mark.parametrize("name", FLOW_DATASETS)
def test_flow_metadata_states_the_licence_of_what_we_serve(client, name):
    metadata = client.get(f"/api/v1/{name}.metadata.json").json
    abel = next(source for source in metadata["sources"] if source["publisher"] == "Abel & Cohen")
    assert abel["licence"] == "CC BY-NC 3.0"
    assert abel["licence_url"] == "https://creativecommons.org/licenses/by-nc/3.0/"


def test_flow_cards_show_the_non_commercial_licence(client):
    from bench.dash_client import Callbacks

    callbacks = Callbacks(client.get("/_dash-dependencies").get_json())
    body = callbacks.render_card("flows", {"chart": "flows-sankey", "state": {"country": "MDA"}, "lang": "en"})
    card = json.dumps(client.post("/_dash-update-component", json=body).json)
    assert "CC BY-NC 3.0" in card and "CC BY 4.0" not in card.split("Abel")[1].split("Source")[0]


def test_no_page_says_emigrants_are_people_born_in_the_country(client):
    """The profile's headline, its narrative and the dataset's description."""
    for lang in ("en", "fr", "es"):
        layout = json.dumps(client.post("/_dash-update-component", json=router_body("/country/MDA", lang=lang)).json)
        assert "born in" not in layout and "nées dans" not in layout and "nacidas en" not in layout, lang
    metadata = client.get("/api/v1/stocks-country.metadata.json").json
    assert "born there" not in metadata["description"]
    assert "where birth is unknown, of citizenship" in metadata["description"]
