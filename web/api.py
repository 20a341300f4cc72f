"""/api/v1: the data behind every chart, as CSV and JSON, with metadata.

    GET /api/v1/datasets.json           every dataset, with links
    GET /api/v1/NAME.csv|json|xlsx     rows, filtered by query parameters (see metadata)
    GET /api/v1/NAME.metadata.json      title, columns and units, filters, sources, version

Bad parameters answer 400 naming the parameter and what it accepts; unknown datasets 404.
Responses carry an ETag built from the data version and the query, so an unchanged download
costs a 304, and they are open to other origins (CORS): this is open data.
"""

from __future__ import annotations

import hashlib
import io
import json

import pandas as pd
from flask import Blueprint, Response, jsonify, request

import i18n
from data import queries
from data.datasets import DATASETS, DATASETS_BY_NAME, Dataset
from data.sources import SOURCES_BY_KEY

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_AGE = 300


def escape_formula(value):
    """A string cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_PREFIXES):
        return "'" + value
    return value


def _escaped(frame):
    text_columns = [c for c in frame.columns if frame[c].dtype == object or str(frame[c].dtype) in ("str", "string")]
    return frame.assign(**{c: frame[c].map(escape_formula) for c in text_columns})


def to_csv(frame) -> bytes:
    # %.15g writes whole numbers without ".0" and keeps every significant digit.
    return _escaped(frame).to_csv(index=False, lineterminator="\n", float_format="%.15g").encode("utf-8")


def to_xlsx(dataset: Dataset, frame, filters: dict, version: str) -> bytes:
    """The rows, plus an "about" sheet: what they are, the filters, sources and version."""
    about = [("Dataset", dataset.title), ("Description", dataset.description), ("Data version", version),
             ("Filters", "; ".join(f"{k}={','.join(map(str, v))}" for k, v in filters.items()) or "none")]
    about += [(f"Source: {SOURCES_BY_KEY[key].publisher}",
               f"{SOURCES_BY_KEY[key].citation} {SOURCES_BY_KEY[key].licence}, {SOURCES_BY_KEY[key].url}")
              for key in dataset.sources]
    about += [("Note", note) for note in dataset.notes]
    about += [(f"Column {c.name}", f"{c.definition}" + (f" ({c.unit})" if c.unit else "")) for c in dataset.columns]
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _escaped(frame).to_excel(writer, sheet_name="data", index=False)
        _escaped(pd.DataFrame(about, columns=["item", "value"])).to_excel(writer, sheet_name="about", index=False)
    return buffer.getvalue()


def to_json(dataset: Dataset, frame, filters: dict, version: str) -> bytes:
    envelope = json.dumps(
        {"dataset": dataset.name, "data_version": version,
         "filters": {k: list(v) for k, v in filters.items()}, "rows": len(frame),
         "columns": dataset.column_names, "data": None},
        ensure_ascii=False,
    )
    records = frame.to_json(orient="records", force_ascii=False)
    return envelope.replace('"data": null', '"data": ' + records, 1).encode("utf-8")


def urls(prefix: str, name: str) -> dict:
    return {fmt: f"{prefix}{name}.{fmt}" for fmt in FORMATS} | {
        "metadata": f"{prefix}{name}.metadata.json"
    }


def metadata(dataset: Dataset, prefix: str) -> dict:
    manifest = queries.manifest()
    inputs = {item["key"]: item for item in manifest["inputs"]}
    sources = []
    for key in dataset.sources:
        source = SOURCES_BY_KEY[key]
        sources.append({
            "publisher": source.publisher, "title": source.title, "edition": source.edition,
            "licence": source.licence, "licence_url": source.licence_url, "url": source.url,
            "citation": source.citation, "file": source.path,
            "sha256": inputs.get(key, {}).get("sha256"),
        })
    filters = []
    for spec in dataset.filters:
        entry = {"param": spec.param, "column": spec.column, "kind": spec.kind}
        if spec.kind == "year":
            years = sorted(int(v) for v in queries.column_values(dataset, spec.column))
            entry["accepts"] = f"years {years[0]}-{years[-1]}, comma-separated"
        elif spec.kind == "choice":
            entry["accepts"] = list(spec.choices or sorted(queries.column_values(dataset, spec.column)))
        else:
            entry["accepts"] = "codes, comma-separated"
        if spec.default:
            entry["default"] = spec.default
        filters.append(entry)
    return {
        "name": dataset.name,
        "title": dataset.title,
        "description": dataset.description,
        "columns": [{"name": c.name, "type": c.type, "unit": c.unit, "definition": c.definition}
                    for c in dataset.columns],
        "filters": filters,
        "notes": list(dataset.notes),
        "sources": sources,
        "licence": "Each source's own licence applies (see sources); cite the sources and migdash.",
        "citation": f"migdash, {dataset.title} (data version {manifest['data_version']}), from: "
                    + " ".join(s["citation"] for s in sources),
        "data_version": manifest["data_version"],
        "built_at": manifest["built_at"],
        "rows": manifest["tables"][dataset.table]["rows"],
        "links": urls(prefix, dataset.name),
    }


@queries.cached
def render(name: str, fmt: str, lang: str, filters: tuple) -> bytes:
    """The body of a data download (memoised like every query, by data version)."""
    dataset = DATASETS_BY_NAME[name]
    frame = queries.select(dataset, dict(filters), lang)
    if fmt == "csv":
        return to_csv(frame)
    if fmt == "xlsx":
        return to_xlsx(dataset, frame, dict(filters), queries.data_version())
    return to_json(dataset, frame, dict(filters), queries.data_version())


def _error(status: int, message: str, param: str | None = None):
    body = {"error": message, "status": status}
    if param:
        body["parameter"] = param
    return jsonify(body), status


def _conditional(body_factory, content_type: str, etag_source: str, filename: str | None = None):
    etag = hashlib.sha256(etag_source.encode()).hexdigest()[:32]
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = Response(body_factory(), content_type=content_type)
        if filename:
            response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def create_blueprint(prefix: str) -> Blueprint:
    api = Blueprint("api_v1", __name__)
    api_prefix = prefix + "api/v1/"

    @api.after_request
    def open_to_all_origins(response):
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    @api.errorhandler(queries.NoData)
    def no_data(error):
        return _error(503, str(error))

    @api.errorhandler(queries.FilterError)
    def bad_filter(error):
        return _error(400, str(error), error.param)

    @api.get("/datasets.json")
    def datasets():
        manifest = queries.manifest()
        return jsonify({
            "data_version": manifest["data_version"],
            "built_at": manifest["built_at"],
            "datasets": [
                {"name": d.name, "title": d.title, "description": d.description,
                 "rows": manifest["tables"][d.table]["rows"], "links": urls(api_prefix, d.name)}
                for d in DATASETS
            ],
        })

    @api.get("/<string:filename>")
    def dataset_file(filename: str):
        if filename.endswith(".metadata.json"):
            name, fmt = filename[: -len(".metadata.json")], "metadata"
        elif "." in filename:
            name, fmt = filename.rsplit(".", 1)
        else:
            name, fmt = filename, ""
        dataset = DATASETS_BY_NAME.get(name)
        if dataset is None:
            return _error(404, f"no dataset {name!r}; see {api_prefix}datasets.json")
        if fmt == "metadata":
            return jsonify(metadata(dataset, api_prefix))
        if fmt not in FORMATS:
            return _error(404, f"{name} is served as .csv, .json, .xlsx and .metadata.json")
        lang = i18n.valid_language(request.args.get("lang")) or i18n.DEFAULT_LANGUAGE
        filters = queries.parse_filters(dataset, request.args.to_dict(flat=True))
        version = queries.data_version()
        frozen = tuple(sorted(filters.items()))
        filename = f"migdash-{name}-{version}.{fmt}" if fmt in ("csv", "xlsx") else None
        return _conditional(lambda: render(name, fmt, lang, frozen), FORMATS[fmt],
                            repr((version, name, fmt, lang, frozen)), filename)

    return api
