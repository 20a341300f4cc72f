"""/api/v1 against hostile and generated input: its OpenAPI description is a valid document that
says what the API does, and the API, fuzzed from it (schemathesis), never answers 5xx and
always answers as described (status, content type, JSON schema)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from data.datasets import DATASETS
from data.exports import MEDIA_TYPES
from settings import Settings


@pytest.fixture(scope="module")
def api_app(built_data_dir, tmp_path_factory):
    """One app for the module (the fuzz test makes hundreds of requests to it)."""
    from app import create_app

    settings_ = Settings.from_env(
        environ={}, data_dir=built_data_dir, cache_type="SimpleCache", cache_dir=tmp_path_factory.mktemp("cache")
    )
    return create_app(settings_).server


@pytest.fixture(scope="module")
def document(api_app):
    response = api_app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.json


def test_openapi_document_is_valid_and_describes_every_dataset(document, api_app):
    schemathesis.openapi.from_dict(document).validate()  # the OpenAPI 3.1 meta-schema
    assert document["openapi"] == "3.1.0" and document["servers"] == [{"url": "/api/v1"}]
    paths = document["paths"]
    assert {"/datasets.json", "/openapi.json"} <= set(paths)
    parameters = document["components"]["parameters"]
    for dataset in DATASETS:
        for fmt in MEDIA_TYPES:
            operation = paths[f"/{dataset.name}.{fmt}"]["get"]
            assert {"200", "304", "400", "404", "413", "503"} <= set(operation["responses"])
            names = [parameters[ref["$ref"].rsplit("/", 1)[1]]["name"] for ref in operation["parameters"]]
            assert names == [spec.param for spec in dataset.filters] + ["lang"]
        assert "200" in paths[f"/{dataset.name}.metadata.json"]["get"]["responses"]
        rows = paths[f"/{dataset.name}.json"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert list(rows["properties"]["data"]["items"]["properties"]) == dataset.column_names
    assert "stable" in paths["/stocks-country.csv"]["get"]["description"]
    listing = api_app.test_client().get("/api/v1/datasets.json").json
    assert listing["openapi"] == "/api/v1/openapi.json"


def test_openapi_filters_list_the_values_they_accept(document):
    parameters = document["components"]["parameters"]
    country = parameters["stocks-country.country"]
    assert country["style"] == "form" and country["explode"] is False
    assert "MDA" in country["schema"]["items"]["enum"] and country["schema"]["maxItems"] == 300
    assert parameters["stocks-country.year"]["schema"]["items"] == {"type": "integer", "minimum": 1990, "maximum": 2024}
    assert parameters["stocks-country.edition"]["schema"]["default"] == ["2024"]
    assert parameters["flows-bilateral.sex"]["schema"]["items"]["enum"] == ["total", "female", "male"]
    too_many = document["components"]["schemas"]["TooManyRows"]
    assert {"rows", "max_rows", "full_dataset"} <= set(too_many["required"])


@pytest.fixture(scope="module")
def api_schema(api_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)


FILTERED = [f"/{d.name}.{fmt}" for d in DATASETS for fmt in MEDIA_TYPES]
OPERATIONS = [
    (path, "positive")
    for path in ["/datasets.json", "/openapi.json", *FILTERED] + [f"/{d.name}.metadata.json" for d in DATASETS]
] + [(path, "negative") for path in FILTERED]


@pytest.mark.slow
@pytest.mark.parametrize("path, mode", OPERATIONS)
def test_api_fuzzed_from_its_openapi_description(api_schema, path, mode):
    """Generated queries on every operation, valid ones and (negative) ones the description
    forbids: never a 5xx, and every answer as described (status, content type, body schema).
    derandomize: the same examples on every run. Bodies are asked for uncompressed: the test
    client does not decode them (negotiation is tested in test_api.py)."""
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy(GenerationMode(mode)))
    @settings(max_examples=5, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def answers_as_described(case):
        case.call_and_validate(
            headers={"Accept-Encoding": "identity"},
            checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
        )

    answers_as_described()
