"""The OpenAPI 3.1 description of /api/v1 (served at /api/v1/openapi.json), made from the dataset
declarations (data.datasets) and the values the current data has, so it cannot drift from
what the API accepts and answers: every dataset and format, each filter with the values it
takes, the row schema of the JSON, the error answers, the listing and the metadata routes.
API users generate clients from it, and tests/test_robust_api.py fuzzes the API with it.
"""

from __future__ import annotations

from data import exports, queries
from data.datasets import DATASETS, Dataset, Filter
from i18n import LANGUAGES

JSON_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}
CSV_COLUMNS_NOTE = (
    "The CSV has a header row with the dataset's declared columns (see its metadata), in that "
    "order: these names are stable, the same in every language (`lang` changes names inside the "
    'rows, never the header). Missing values are empty cells. The chart cards\' "Displayed data" '
    "files (/download/<chart>.csv) are for people: headers in the reader's language."
)


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _error_response(description: str, schema: str = "Error") -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


ERRORS = {
    "400": _error_response("A parameter is not valid: `parameter` names it, `error` says what it accepts."),
    "404": _error_response("No such dataset or format."),
    "413": _error_response(
        "More rows match than a filtered download gives (or than an Excel sheet holds): "
        "narrow the filters or download the full dataset (`full_dataset`).",
        "TooManyRows",
    ),
    "503": _error_response("No data has been built or published yet."),
}
NOT_MODIFIED = {"304": {"description": "Not modified: the client's copy (If-None-Match) is current."}}

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error", "status"],
        "properties": {
            "error": {"type": "string"},
            "status": {"type": "integer"},
            "parameter": {"type": "string", "description": "The query parameter at fault"},
        },
    },
    "TooManyRows": {
        "type": "object",
        "required": ["error", "status", "rows", "max_rows", "full_dataset"],
        "properties": {
            "error": {"type": "string"},
            "status": {"const": 413},
            "rows": {"type": "integer", "description": "Rows that match the request"},
            "max_rows": {"type": "integer", "description": "The most rows this download gives"},
            "full_dataset": {"type": "string", "description": "URL of the full file"},
        },
    },
    "Links": {"type": "object", "additionalProperties": {"type": "string"}},
    "Listing": {
        "type": "object",
        "required": ["data_version", "built_at", "datasets", "openapi"],
        "properties": {
            "data_version": {"type": "string"},
            "built_at": {"type": "string"},
            "openapi": {"type": "string"},
            "datasets": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "title", "description", "rows", "links"],
                    "properties": {
                        "name": {"type": "string"},
                        "title": {"type": "string"},
                        "description": {"type": "string"},
                        "rows": {"type": "integer"},
                        "links": _ref("Links"),
                    },
                },
            },
        },
    },
    "Metadata": {
        "type": "object",
        "required": [
            "name",
            "title",
            "description",
            "columns",
            "filters",
            "sources",
            "data_version",
            "built_at",
            "rows",
            "links",
            "csv_columns",
            "downloads",
        ],
        "properties": {
            "name": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "columns": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "type", "unit", "definition"],
                    "properties": {
                        "name": {"type": "string"},
                        "type": {"enum": list(JSON_TYPES)},
                        "unit": {"type": "string"},
                        "definition": {"type": "string"},
                    },
                },
            },
            "filters": {"type": "array", "items": {"type": "object", "required": ["param", "column", "kind"]}},
            "sources": {"type": "array", "items": {"type": "object"}},
            "data_version": {"type": "string"},
            "built_at": {"type": "string"},
            "rows": {"type": "integer"},
            "links": _ref("Links"),
            "csv_columns": {"type": "string"},
            "downloads": {"type": "object", "required": ["full", "filtered_max_rows"]},
        },
    },
}


def _values(dataset: Dataset, spec: Filter) -> list[str] | None:
    try:
        return sorted(queries.column_values(dataset, spec.column))
    except queries.NoData:  # no programme data yet: the codes are not known
        return None


def _item_schema(dataset: Dataset, spec: Filter) -> dict:
    """The schema of one value of a filter."""
    if spec.kind == "year":
        years = [int(value) for value in _values(dataset, spec) or ()]
        return {"type": "integer", **({"minimum": min(years), "maximum": max(years)} if years else {})}
    if spec.kind == "choice":
        choices = list(spec.choices) or _values(dataset, spec)
        return {"type": "string", **({"enum": choices} if choices else {})}
    codes = _values(dataset, spec)
    if codes:
        return {"type": "string", "enum": codes}
    return {
        "type": "string",
        "pattern": queries.ISO3_PATTERN.pattern if spec.kind == "iso3" else queries.AREA_PATTERN.pattern,
    }


def _parameter(dataset: Dataset, spec: Filter) -> dict:
    what = {"iso3": "ISO 3166-1 alpha-3 codes", "area": "area codes (see areas)", "year": "years", "choice": "values"}[
        spec.kind
    ]
    schema = {
        "type": "array",
        "items": _item_schema(dataset, spec),
        "minItems": 1,
        "maxItems": queries.MAX_VALUES,
        "uniqueItems": True,
    }
    if spec.default is not None:
        schema["default"] = [spec.default]
    return {
        "name": spec.param,
        "in": "query",
        "required": False,
        "style": "form",
        "explode": False,
        "description": f"Keep the rows whose `{spec.column}` is one of these {what}, comma-separated "
        "(the parameter may also be repeated; every value counts)."
        + (f" Default: {spec.default}." if spec.default is not None else ""),
        "schema": schema,
    }


LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "enum": list(LANGUAGES)},
    "description": "Language of names and labels (countries, areas); other datasets are the same in all.",
}


def _parameter_key(dataset: Dataset, spec: Filter) -> str:
    return f"{dataset.name}.{spec.param}"


def _row_schema(dataset: Dataset) -> dict:
    return {
        "type": "object",
        "required": dataset.column_names,
        "additionalProperties": False,
        "properties": {
            c.name: {
                "type": [JSON_TYPES[c.type], "null"],
                "description": c.definition + (f" ({c.unit})" if c.unit else ""),
            }
            for c in dataset.columns
        },
    }


def _json_schema(dataset: Dataset) -> dict:
    programme = (
        {
            "programme_version": {"type": "integer"},
            "published_at": {"type": "string"},
            "demo": {"type": "boolean"},
            "warning": {"type": "string"},
        }
        if dataset.store == "programme"
        else {}
    )
    return {
        "type": "object",
        "required": ["dataset", "data_version", "filters", "rows", "columns", "data"],
        "properties": {
            "dataset": {"const": dataset.name},
            "data_version": {"type": "string"},
            "filters": {"type": "object", "additionalProperties": {"type": "array"}},
            "rows": {"type": "integer", "minimum": 0},
            "columns": {"const": dataset.column_names},
            "data": {"type": "array", "items": _row_schema(dataset)},
            **programme,
        },
    }


def _download(dataset: Dataset, fmt: str, max_rows: dict[str, int]) -> dict:
    full = dataset.name in {d.name for d in exports.static_datasets()}
    content = {
        "csv": {"text/csv": {"schema": {"type": "string"}}},
        "json": {"application/json": {"schema": _json_schema(dataset)}},
        "xlsx": {
            exports.MEDIA_TYPES["xlsx"]: {"schema": {"type": "string", "contentMediaType": exports.MEDIA_TYPES["xlsx"]}}
        },
    }[fmt]
    notes = {
        "csv": f" {CSV_COLUMNS_NOTE} Columns: {', '.join(dataset.column_names)}.",
        "json": "",
        "xlsx": " Sheets: data (the rows) and about (what "
        "they are: filters, sources, data version, column definitions).",
    }[fmt]
    limit = (
        f" With no filters (or only their defaults) this is the full dataset, a file made with the data "
        f"build. Filtered, it gives at most {max_rows[fmt]:,} rows (413 beyond)."
        if full
        else " Made per request (a small dataset)."
    )
    return {
        "get": {
            "operationId": f"{dataset.name}.{fmt}",
            "tags": [dataset.name],
            "summary": f"{dataset.title} ({fmt.upper()})",
            "description": dataset.description + limit + notes,
            "parameters": [
                {"$ref": f"#/components/parameters/{_parameter_key(dataset, spec)}"} for spec in dataset.filters
            ]
            + [{"$ref": "#/components/parameters/lang"}],
            "responses": {"200": {"description": "The rows", "content": content}, **NOT_MODIFIED, **ERRORS},
        }
    }


def document(api_prefix: str, max_rows: dict[str, int]) -> dict:
    """The OpenAPI document; `api_prefix` is the API's path ("/api/v1/" under the base path)."""
    paths = {
        "/datasets.json": {
            "get": {
                "operationId": "datasets",
                "summary": "Every dataset, with its links",
                "responses": {
                    "200": {
                        "description": "The datasets",
                        "content": {"application/json": {"schema": _ref("Listing")}},
                    },
                    "503": ERRORS["503"],
                },
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This description",
                "responses": {
                    "200": {
                        "description": "OpenAPI 3.1",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    "503": ERRORS["503"],
                },
            }
        },
    }
    for dataset in DATASETS:
        for fmt in exports.MEDIA_TYPES:
            paths[f"/{dataset.name}.{fmt}"] = _download(dataset, fmt, max_rows)
        paths[f"/{dataset.name}.metadata.json"] = {
            "get": {
                "operationId": f"{dataset.name}.metadata",
                "tags": [dataset.name],
                "summary": f"{dataset.title}: columns, units, filters, sources, editions, licences, version",
                "responses": {
                    "200": {
                        "description": "The metadata",
                        "content": {"application/json": {"schema": _ref("Metadata")}},
                    },
                    "503": ERRORS["503"],
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "migdash open data API",
            "version": "1",
            "description": "Migration and remittance data per country, from official sources, as CSV, "
            "JSON and Excel, with metadata. " + CSV_COLUMNS_NOTE,
            "license": {"name": "Each source's own licence applies (see each dataset's metadata)"},
        },
        "servers": [{"url": api_prefix.rstrip("/")}],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "parameters": {
                "lang": LANG,
                **{_parameter_key(d, spec): _parameter(d, spec) for d in DATASETS for spec in d.filters},
            },
        },
    }
