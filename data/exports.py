"""Downloads: the full datasets as files made with each build, and the writers that stream the
filtered ones.

Making a whole bilateral table as Excel costs ~25 s of CPU and hundreds of MB, and anyone can
ask for it: so the full datasets are made once, by the build, into `<build>/exports/`, and the
API serves them as files (CSV and JSON precompressed with gzip and brotli; Excel where one sheet
holds the rows). A filtered download is made per request, in chunks of rows, and the API caps
its size (settings.export_max_rows). Both use the writers below, so a full file and a filtered
download of the same rows are the same bytes.

The CSV's columns are the dataset's declared columns (data.datasets), in that order: a stable
interface that scripts may rely on.
"""

from __future__ import annotations

import gzip
import io
import json
import multiprocessing
import os
import shutil
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import openpyxl
import pandas as pd

from data.datasets import DATASETS, DATASETS_BY_NAME, Dataset
from data.sources import SOURCES_BY_KEY
from i18n import DEFAULT_LANGUAGE

try:  # flask-compress depends on it; without it, the files are precompressed with gzip only
    import brotli
except ImportError:  # pragma: no cover
    brotli = None

FOLDER = "exports"
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Content codings of the precompressed files, in the order the server prefers them.
ENCODINGS = {"br": ".br", "gzip": ".gz"} if brotli else {"gzip": ".gz"}
EXCEL_MAX_ROWS = 1_048_576 - 1  # one sheet's rows, less the header
CHUNK_ROWS = 20_000
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Languages do not change these datasets' rows; `countries` and `areas` carry names translated
# by the code's catalogues, so they are made per request (they have 241 and 33 rows).
LANGUAGE_DEPENDENT = frozenset({"countries", "areas"})


def static_datasets() -> list[Dataset]:
    """The datasets whose full files the build writes."""
    return [d for d in DATASETS if d.store == "build" and d.name not in LANGUAGE_DEPENDENT]


def escape_formula(value):
    """A string cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_PREFIXES):
        return "'" + value
    return value


def _escaped(frame: pd.DataFrame) -> pd.DataFrame:
    text = [c for c in frame.columns if frame[c].dtype == object or str(frame[c].dtype) in ("str", "string")]
    return frame.assign(**{c: frame[c].map(escape_formula) for c in text}) if text else frame


def _chunks(frame: pd.DataFrame) -> Iterator[pd.DataFrame]:
    for start in range(0, len(frame), CHUNK_ROWS):
        yield frame.iloc[start : start + CHUNK_ROWS]


def csv_chunks(frame: pd.DataFrame) -> Iterator[bytes]:
    """The CSV, a chunk of rows at a time (the header first, even with no rows)."""
    # %.15g writes whole numbers without ".0" and keeps every significant digit.
    options = {"index": False, "lineterminator": "\n", "float_format": "%.15g"}
    yield _escaped(frame.iloc[:0]).to_csv(**options).encode("utf-8")
    for chunk in _chunks(frame):
        yield _escaped(chunk).to_csv(header=False, **options).encode("utf-8")


def to_csv(frame: pd.DataFrame) -> bytes:
    return b"".join(csv_chunks(frame))


def json_chunks(envelope: dict, frame: pd.DataFrame) -> Iterator[bytes]:
    """`envelope` with the rows as `data` (a list of records), a chunk of rows at a time."""
    head = json.dumps({**envelope, "rows": len(frame)}, ensure_ascii=False)
    yield (head[:-1] + ', "data": [').encode("utf-8")
    first = True
    for chunk in _chunks(frame):
        records = chunk.to_json(orient="records", force_ascii=False)[1:-1]
        yield (records if first else "," + records).encode("utf-8")
        first = False
    yield b"]}"


def json_envelope(dataset: Dataset, version: str, filters: dict, extra: dict | None = None) -> dict:
    return {
        "dataset": dataset.name,
        "data_version": version,
        **(extra or {}),
        "filters": {k: list(v) for k, v in filters.items()},
        "columns": dataset.column_names,
    }


def about_rows(dataset: Dataset, version: str, filters: dict, extra: Iterable[tuple] = ()) -> list[tuple]:
    """The Excel file's "about" sheet: what the rows are, the filters, sources and version."""
    about = [
        *extra,
        ("Dataset", dataset.title),
        ("Description", dataset.description),
        ("Data version", version),
        ("Filters", "; ".join(f"{k}={','.join(map(str, v))}" for k, v in filters.items()) or "none"),
    ]
    about += [
        (
            f"Source: {SOURCES_BY_KEY[key].publisher}",
            f"{SOURCES_BY_KEY[key].citation} {SOURCES_BY_KEY[key].licence}, {SOURCES_BY_KEY[key].url}",
        )
        for key in dataset.sources
    ]
    about += [("Note", note) for note in dataset.notes]
    about += [(f"Column {c.name}", c.definition + (f" ({c.unit})" if c.unit else "")) for c in dataset.columns]
    return about


def _sheet_rows(frame: pd.DataFrame) -> Iterator[tuple]:
    yield tuple(frame.columns)
    for chunk in _chunks(frame):
        cells = _escaped(chunk).astype(object)
        yield from cells.where(cells.notna(), None).itertuples(index=False, name=None)


def write_xlsx(
    target, frame: pd.DataFrame, about: list[tuple], sheets=("data", "about"), about_columns=("item", "value")
) -> None:
    """A workbook with the rows and `about` (the sheets named `sheets`, in the reader's language
    for people's files), written row by row (openpyxl's write-only mode: half the time of
    pandas' to_excel, and no cell objects kept)."""
    if len(frame) > EXCEL_MAX_ROWS:
        raise ValueError(f"{len(frame)} rows do not fit in an Excel sheet")
    workbook = openpyxl.Workbook(write_only=True)
    for title, rows in zip(
        sheets, (_sheet_rows(frame), _sheet_rows(pd.DataFrame(about, columns=list(about_columns)))), strict=True
    ):
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(target)


def to_xlsx(frame: pd.DataFrame, about: list[tuple], **names) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, frame, about, **names)
    return buffer.getvalue()


# --- the full files of a build ---------------------------------------------------------------


def file_name(dataset_name: str, fmt: str) -> str:
    return f"{FOLDER}/{dataset_name}.{fmt}"


def default_rows(dataset: Dataset, table: pd.DataFrame) -> pd.DataFrame:
    """What a request with no filters returns: the table with the filters' defaults applied,
    in the dataset's declared columns."""
    from data.queries import present

    defaults = {spec.column: str(spec.default) for spec in dataset.filters if spec.default is not None}
    for column, value in defaults.items():
        table = table[table[column].astype(str) == value]
    return present(dataset, table.reset_index(drop=True), DEFAULT_LANGUAGE)


def default_filters(dataset: Dataset) -> dict[str, tuple]:
    return {spec.param: (spec.default,) for spec in dataset.filters if spec.default is not None}


def _write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    with path.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)


def _precompress(path: Path) -> dict[str, Path]:
    """`path`.gz (reproducible: no name, no time) and `path`.br beside it, by content coding.

    gzip 6 and brotli 5: within 10 % of their smallest output, for a quarter of the time.
    """
    made = {name: path.with_name(path.name + suffix) for name, suffix in ENCODINGS.items()}
    with (
        path.open("rb") as source,
        made["gzip"].open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as packed,
    ):
        shutil.copyfileobj(source, packed, 1 << 20)
    if "br" in made:
        compressor = brotli.Compressor(quality=5)
        with path.open("rb") as source, made["br"].open("wb") as packed:
            for block in iter(lambda: source.read(1 << 20), b""):
                packed.write(compressor.process(block))
            packed.write(compressor.finish())
    return made


def _write_dataset(folder: Path, dataset_name: str, table: pd.DataFrame, version: str) -> dict[str, dict]:
    from data.build import sha256_file

    dataset = DATASETS_BY_NAME[dataset_name]
    frame = default_rows(dataset, table)
    filters = default_filters(dataset)
    made = {"csv": folder / file_name(dataset.name, "csv"), "json": folder / file_name(dataset.name, "json")}
    _write_chunks(made["csv"], csv_chunks(frame))
    _write_chunks(made["json"], json_chunks(json_envelope(dataset, version, filters), frame))
    if len(frame) <= EXCEL_MAX_ROWS:
        made["xlsx"] = folder / file_name(dataset.name, "xlsx")
        write_xlsx(made["xlsx"], frame, about_rows(dataset, version, filters))
    entries = {}
    for fmt, path in made.items():
        encoded = {} if fmt == "xlsx" else _precompress(path)
        for encoding, file in {None: path, **encoded}.items():
            entries[file.name] = {
                "file": file.relative_to(folder).as_posix(),
                "dataset": dataset.name,
                "format": fmt,
                "encoding": encoding,
                "rows": len(frame),
                "bytes": file.stat().st_size,
                "sha256": sha256_file(file),
            }
    return entries


def write(folder: Path, tables: dict[str, pd.DataFrame], version: str) -> dict[str, dict]:
    """Write every full file of a build into `folder`/exports; their manifest entries by file
    name (file, dataset, format, encoding, rows, bytes, sha256). A dataset with more rows than an
    Excel sheet holds has no .xlsx.

    Excel files are the slow part (~30 µs a row, in Python): datasets are written in parallel,
    one process per core, the largest first (a fresh "forkserver" process, never a fork of a
    caller that may run threads).
    """
    (folder / FOLDER).mkdir(exist_ok=True)
    datasets = sorted(static_datasets(), key=lambda d: len(tables[d.table]), reverse=True)
    processes = max(1, min(len(os.sched_getaffinity(0)), 4))
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("forkserver")) as pool:
        done = [pool.submit(_write_dataset, folder, d.name, tables[d.table], version) for d in datasets]
        entries = {}
        for future in done:
            entries.update(future.result())
    return dict(sorted(entries.items()))
