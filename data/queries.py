"""The query layer: every chart, table, download and API response gets its data here.

- `parse_filters(dataset, params)` turns untrusted query parameters into checked values, or
  raises FilterError naming the parameter and what it accepts.
- `select(dataset, filters, lang)` returns the dataset's rows for those filters, with exactly
  the dataset's declared columns.
- Results are memoised in the flask-caching cache under a key that starts with the data
  version, so a new build means new keys (nothing is flushed) and a cache outage only costs
  recomputation.
Tables are read from the current build once per process (data.store.read_table), in gunicorn's
master before the fork (`warm_up`).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import sqlalchemy
from flask import current_app, g, has_app_context

from data import changes, exports, pins, store
from data.cache import cache_get, cache_set
from data.datasets import DATASETS_BY_NAME, Dataset
from i18n import DEFAULT_LANGUAGE, N_, translator
from programme import database, derived_tables
from settings import code_version

log = logging.getLogger("migdash.queries")

ISO3_PATTERN = re.compile(r"^[A-Z]{3}$")
AREA_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]{1,11}$")
IGNORED_PARAMS = {"lang", "v"}  # the language, the pinned data version
MAX_VALUES = 300


class FilterError(ValueError):
    def __init__(self, param: str, message: str):
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


class NoData(RuntimeError):
    """Nothing has been built yet (run `python -m data.build`).

    Each kind of missing data carries the title and message its views show (marked with N_,
    translated where shown), so whoever catches NoData explains the right thing.
    """

    title = N_("No data yet")
    message = N_("The data has not been built yet: run `make setup`.")


class NoProgrammeData(NoData):
    """No programme data has been published yet (`python -m programme demo`)."""

    title = N_("No programme data yet")
    message = N_("No programme data has been published yet.")


class DataUnavailable(NoData):
    """A file of the current build failed its check (data.store.DamagedFile): the views that
    need it say so, the others keep working, /healthz names it, `python -m data.build` repairs it."""

    title = N_("Data unavailable")
    message = N_(
        "This data is unavailable right now: a data file on the server failed its integrity check. "
        "The rest of the site works; please try again later."
    )


def _unavailable(error: store.DamagedFile) -> DataUnavailable:
    _degraded.set(True)
    return DataUnavailable(
        f"data unavailable: {error.file} of the current data build failed its integrity "
        f"check ({error.problem}); see /healthz"
    )


class UnknownVersion(LookupError):
    """A pinned data version (`v=`) that this server does not hold: never built here, or
    removed by the retention rule (data.store.prune_builds). Its views show the latest data
    and say so."""

    def __init__(self, version: str):
        super().__init__(f"data version {str(version)[:40]!r} is not kept on this server")
        self.version = version


def _data_dir() -> Path:
    return current_app.config["MIGDASH_SETTINGS"].data_dir


def latest_build() -> Path:
    """The build being served to views that pin no version."""
    build = store.resolve_current(_data_dir())
    if build is None:
        raise NoData("no data build yet: run `make setup` or `python -m data.build`")
    return build


def current_build() -> Path:
    """The build this request reads: the pinned one inside `pinned(version)`, else the latest."""
    pin = g.get("migdash_pin") if has_app_context() else None
    return pin or latest_build()


def shown_version() -> str | None:
    """The data version this request shows (pinned or latest), or None outside a request or
    before any build."""
    if not has_app_context():
        return None
    try:
        return data_version()
    except NoData:
        return None


def pinned_version() -> str | None:
    """The data version this request is pinned to (`v=`), or None for the latest."""
    pin = g.get("migdash_pin") if has_app_context() else None
    return store.read_manifest(pin)["data_version"] if pin else None


def is_kept(version: str) -> bool:
    """Whether this server holds the build of `version`."""
    return store.find_build(_data_dir(), version) is not None


def pin_request(version: str) -> None:
    """Pin the rest of this request (its app context) to the build of `version`, and remember
    that a link names it (data.pins.record: every host keeps that build). UnknownVersion when it is not
    kept here."""
    build = store.find_build(_data_dir(), version)
    if build is None:
        raise UnknownVersion(version)
    g.migdash_pin = build
    pins.record(current_app.config["MIGDASH_SETTINGS"].programme_db, version)


@contextlib.contextmanager
def pinned(version: str | None):
    """Read the build of `version` inside the block (None: the latest). Every query, cached
    result and link made inside is that build's. UnknownVersion when it is not kept here."""
    if version is None:
        yield
        return
    outer = g.get("migdash_pin")
    pin_request(version)
    try:
        yield
    finally:
        g.migdash_pin = outer


def newer_version_exists() -> bool:
    """Whether the latest build is newer than the one this request is pinned to."""
    pin = g.get("migdash_pin") if has_app_context() else None
    return bool(pin) and latest_build() != pin


def manifest() -> dict:
    try:
        return store.read_manifest(current_build())
    except store.DamagedFile as error:
        raise _unavailable(error) from None


def data_version() -> str:
    return manifest()["data_version"]


class NotInVersion(NoData):
    """A table that the pinned build does not have: it was added to the product after that
    data version was built. Its views say so (the rest of the pinned view is served)."""

    title = N_("Not in this data version")
    message = N_("This data was added after the data version this view is pinned to: drop the pin to see it.")


def table(name: str) -> pd.DataFrame:
    build = current_build()
    try:
        return store.read_table(build, name)
    except store.DamagedFile as error:
        if g.get("migdash_pin") == build and name not in store.read_manifest(build)["tables"]:
            raise NotInVersion(f"table {name} is not in the pinned data version") from None
        raise _unavailable(error) from None


def programme_url() -> str:
    return current_app.config["MIGDASH_SETTINGS"].programme_db


def programme_version_id() -> int | None:
    """The programme version being served (None before anything is published, or while the
    programme database cannot be reached: the rest of the product keeps working)."""
    try:
        return database.current_id(programme_url())
    except sqlalchemy.exc.OperationalError as error:
        log.warning("programme store unavailable (%s): %s", programme_url().split("@")[-1], error.orig)
        return None


def programme_version() -> database.Version:
    version_id = programme_version_id()
    if version_id is None:
        raise NoProgrammeData("no programme data yet: run `make setup` or `python -m programme demo`")
    return database.get_version(programme_url(), version_id)


def programme_tables_now() -> dict[str, pd.DataFrame]:
    """The derived programme tables (programme.derived_tables) of the version being served."""
    version_id = programme_version_id()
    if version_id is None:
        raise NoProgrammeData("no programme data yet: run `make setup` or `python -m programme demo`")
    return derived_tables.derived(programme_url(), version_id)


def dataset_table(dataset: Dataset) -> pd.DataFrame:
    """The stored table behind a dataset: a build table, or a derived programme table."""
    if dataset.store == "programme":
        return programme_tables_now()[dataset.table]
    return table(dataset.table)


def _table_version(dataset: Dataset) -> tuple:
    """What identifies the stored table behind a dataset now (for per-process memos)."""
    return (programme_url(), programme_version_id()) if dataset.store == "programme" else (current_build(),)


@functools.lru_cache(maxsize=256)
def _column_values(version: tuple, dataset_name: str, column: str) -> frozenset:
    frame = dataset_table(DATASETS_BY_NAME[dataset_name])
    return frozenset(frame[column].dropna().astype(str).unique())


def column_values(dataset: Dataset | str, column: str) -> frozenset:
    """The distinct values of a dataset's column in the current version (codes, years...)."""
    dataset = DATASETS_BY_NAME[dataset] if isinstance(dataset, str) else dataset
    return _column_values(_table_version(dataset), dataset.name, column)


# Set while a result is computed from data that was unavailable (a damaged file): such a
# result (a card saying "unavailable") must not be cached under the data version's keys, or it
# would outlive the repair, and other hosts sharing the cache would serve it too.
_degraded: contextvars.ContextVar[bool] = contextvars.ContextVar("migdash_degraded", default=False)


def cached(function):
    """Memoise a query in the app's cache, keyed by the code, data and programme versions, the
    function and its arguments; results made while some data was unavailable are not kept."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if not has_app_context():
            return function(*args, **kwargs)
        raw_key = repr((function.__module__, function.__qualname__, args, sorted(kwargs.items())))
        try:
            # A pinned view's links carry its version: not the same result as the latest's.
            pin = ":pinned" if g.get("migdash_pin") else ""
            versions = f"{code_version()}:{data_version()}{pin}:p{programme_version_id() or 0}"
        except NoData:  # no data build yet: nothing to key a cached result with
            return function(*args, **kwargs)
        key = f"q:{versions}:{hashlib.sha1(raw_key.encode()).hexdigest()}"
        hit = cache_get(key)
        if hit is not None:
            return hit
        outer = _degraded.set(False)
        try:
            value = function(*args, **kwargs)
        finally:
            degraded = _degraded.get()
            _degraded.reset(outer)
            if degraded:  # an enclosing cached call must not keep its result either
                _degraded.set(True)
        if not degraded:
            cache_set(key, value)
        return value

    return wrapper


RECENT_REPORTS = 10  # data versions listed on /sources#updates and in /updates.atom


def change_reports(limit: int = RECENT_REPORTS) -> list[dict]:
    """The newest change reports (data.changes), newest first. Each file is parsed once per
    process (data.changes.read), not kept in the shared cache: a report can weigh ~0.5 MB, and
    a lookup costs a listing of a folder of at most KEEP_REPORTS files."""
    data_dir = current_app.config["MIGDASH_SETTINGS"].data_dir
    return changes.recent(data_dir, min(limit, RECENT_REPORTS), served_at=manifest()["built_at"])


def latest_changes() -> dict | None:
    """The change report of the data version being served (None: the build has none, such as
    a build made before reports existed). A report is written before its build becomes
    current, so a profile cached under a data version never misses its report."""
    return changes.for_version(current_app.config["MIGDASH_SETTINGS"].data_dir, data_version())


def _split(param: str, raw: str) -> list[str]:
    values = [value.strip() for value in str(raw).split(",") if value.strip()]
    if not values:
        raise FilterError(param, "is empty")
    if len(values) > MAX_VALUES:
        raise FilterError(param, f"accepts at most {MAX_VALUES} values")
    return values


def parse_filters(dataset: Dataset, params: Mapping[str, str]) -> dict[str, tuple]:
    """Checked filter values by parameter name (defaults applied); FilterError otherwise."""
    unknown = sorted(set(params) - {f.param for f in dataset.filters} - IGNORED_PARAMS)
    if unknown:
        accepted = ", ".join(f.param for f in dataset.filters) or "none"
        raise FilterError(unknown[0], f"is not a filter of {dataset.name} (filters: {accepted})")
    parsed: dict[str, tuple] = {}
    for spec in dataset.filters:
        raw = params.get(spec.param, spec.default)
        if raw is None:
            continue
        values = _split(spec.param, raw)
        known = column_values(dataset, spec.column)
        if spec.kind in ("iso3", "area"):
            values = [value.upper() for value in values]
            pattern = ISO3_PATTERN if spec.kind == "iso3" else AREA_PATTERN
            malformed = [value for value in values if not pattern.match(value)]
            if malformed:
                what = (
                    "ISO 3166-1 alpha-3 codes such as MDA" if spec.kind == "iso3" else "area codes such as WLD or M903"
                )
                raise FilterError(spec.param, f"{malformed[0]!r} is not valid; use {what}, comma-separated")
            missing = [value for value in values if value not in known]
            if missing:
                where = "/api/v1/countries.json" if spec.kind == "iso3" else "/api/v1/areas.json"
                raise FilterError(spec.param, f"{missing[0]!r} is not in {dataset.name} (codes: {where})")
            parsed[spec.param] = tuple(sorted(set(values)))
        elif spec.kind == "year":
            years = sorted(int(value) for value in known)
            try:
                numbers = [int(value) for value in values]
            except ValueError:
                raise FilterError(spec.param, f"must be whole years, e.g. {years[-1]}") from None
            outside = [n for n in numbers if not years[0] <= n <= years[-1]]
            if outside:
                raise FilterError(spec.param, f"{outside[0]} is outside {dataset.name}'s years {years[0]}-{years[-1]}")
            parsed[spec.param] = tuple(sorted(set(numbers)))
        else:
            choices = spec.choices or tuple(sorted(known))
            invalid = [value for value in values if value not in choices]
            if invalid:
                raise FilterError(spec.param, f"{invalid[0]!r} is not one of: {', '.join(choices)}")
            parsed[spec.param] = tuple(sorted(set(values)))
    return parsed


# Datasets whose rows depend on the language (names, group labels); the others are cached once.
LANGUAGE_DEPENDENT = exports.LANGUAGE_DEPENDENT


_NO_ROWS = np.array([], dtype=np.int32)


@functools.lru_cache(maxsize=64)
def _row_index(version: tuple, dataset_name: str, column: str) -> dict:
    """Row positions by code of a table's column, built once per table version and process:
    a country's rows are found without scanning the table, so a cold query costs the same
    whatever the size of the table (bilateral tables: millions of rows)."""
    frame = dataset_table(DATASETS_BY_NAME[dataset_name])
    width = np.int32 if len(frame) < 2**31 else np.int64  # half the memory of groupby's int64
    return {code: positions.astype(width) for code, positions in frame.groupby(column, observed=True).indices.items()}


def _positions(dataset: Dataset, filters: tuple) -> np.ndarray:
    """The positions, in stored order, of the table's rows that pass `filters`."""
    frame = dataset_table(dataset)
    codes = [(param, values) for param, values in filters if dataset.filter(param).kind in ("iso3", "area")]
    if not codes:
        mask = np.ones(len(frame), dtype=bool)
        for param, values in filters:
            mask &= frame[dataset.filter(param).column].isin(values).to_numpy()
        return np.flatnonzero(mask)
    param, values = codes[0]  # the rows of the first code filter's codes, through the index
    index = _row_index(_table_version(dataset), dataset.name, dataset.filter(param).column)
    positions = np.sort(np.concatenate([index.get(value, _NO_ROWS) for value in values]))
    for param, values in filters:
        if param != codes[0][0]:
            column = frame[dataset.filter(param).column]
            positions = positions[column.take(positions).isin(values).to_numpy()]
    return positions


def warm_up() -> None:
    """Load what every worker needs of the current build: its tables, their row indexes and
    filter values. Called in gunicorn's master before it forks the workers (--preload), so they
    share these pages instead of each making its own copy on its first requests."""
    try:
        build_tables = manifest()["tables"]
    except NoData:  # nothing built yet, or a damaged manifest (/healthz says so)
        return
    for name in build_tables:
        with contextlib.suppress(DataUnavailable):  # the views that need it say so
            table(name)
    for dataset in DATASETS_BY_NAME.values():
        if dataset.store == "programme":  # changes with each publish: made on first use
            continue
        with contextlib.suppress(DataUnavailable):
            for spec in dataset.filters:
                column_values(dataset, spec.column)
                if spec.kind in ("iso3", "area"):
                    _row_index(_table_version(dataset), dataset.name, spec.column)
    pa.default_memory_pool().release_unused()  # the scans' temporaries: not kept for the workers to inherit
    store.release_mapped_pages()  # nor the pages of whole columns the scans read


@cached
def _count(dataset_name: str, filters: tuple) -> int:
    return len(_positions(DATASETS_BY_NAME[dataset_name], filters))


def count(dataset: Dataset, filters: Mapping[str, tuple]) -> int:
    """How many rows `select` would give, without making them (the API checks its cap first)."""
    return _count(dataset.name, tuple(sorted(filters.items())))


def _rows(dataset: Dataset, filters: tuple) -> pd.DataFrame:
    return dataset_table(dataset).take(_positions(dataset, filters)).reset_index(drop=True)


@cached
def _select(dataset_name: str, filters: tuple, lang: str) -> pd.DataFrame:
    """The rows as callers get them (filtered and presented): a cache hit is ready to use."""
    dataset = DATASETS_BY_NAME[dataset_name]
    return present(dataset, _rows(dataset, filters), lang)


def select(
    dataset: Dataset | str, filters: Mapping[str, tuple] | None = None, lang: str = DEFAULT_LANGUAGE, cache: bool = True
) -> pd.DataFrame:
    """The dataset's rows for checked `filters` (from parse_filters), in its declared columns.

    `cache=False` for large selections: one cache entry per filter combination would let
    anyone fill the cache with big frames.
    """
    dataset = DATASETS_BY_NAME[dataset] if isinstance(dataset, str) else dataset
    select_rows = _select if cache else _select.__wrapped__
    return select_rows(
        dataset.name,
        tuple(sorted((filters or {}).items())),
        lang if dataset.name in LANGUAGE_DEPENDENT else DEFAULT_LANGUAGE,
    )


def present(dataset: Dataset, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Columns as declared; names and group labels in `lang`."""
    _ = translator(lang)
    if dataset.name == "countries":
        frame = frame.assign(name=frame[f"name_{lang}" if f"name_{lang}" in frame else "name_en"])
        for column in ("m49_region", "m49_subregion", "wb_region", "wb_income_group"):
            frame[column] = frame[column].map(lambda value: _(value) if isinstance(value, str) else value)
    elif dataset.name == "areas":
        frame = frame.assign(name=frame["name"].map(_), members=frame["members"].map(" ".join))
    if "sex" in frame and frame["sex"].dtype == "category":
        frame = frame.assign(sex=frame["sex"].astype(str))
    if dataset.store == "programme":  # every programme row says whether it is demo data
        frame = frame.assign(demo_data=programme_version().is_demo)
    return frame[dataset.column_names]


# --- the remittance-cost savings calculator (data.methods "remittance-savings") -------------

SDG_10C_TARGET = 3.0  # SDG 10.c: an average cost below 3 % of the amount sent
TARGET_STEP = 0.1  # the calculator's targets: whole tenths of a percentage point
TARGET_MAX = 100.0


@dataclass
class Savings:
    """What families receiving money in `country` would keep a year if every surveyed corridor
    cost at most `target` %: sums over its corridors (data.tables.remittance_corridors).

    `corridors`: sender, usd, cost_pct, period, saving_usd (missing where the cost is unknown),
    largest saving first, then the unknown ones by volume. `today_cost` is the volume-weighted
    average cost of the surveyed corridors (None when none is surveyed)."""

    country: str
    target: float
    year: int
    corridors: pd.DataFrame
    total_usd: float
    surveyed_usd: float
    saving_usd: float
    today_cost: float | None
    first_period: str | None
    last_period: str | None
    # Senders of corridors with a cost survey but no positive KNOMAD estimate: not in the sum.
    unestimated: tuple[str, ...] = ()

    @property
    def unknown_usd(self) -> float:
        return self.total_usd - self.surveyed_usd

    @property
    def unknown_pct(self) -> float:
        return self.unknown_usd / self.total_usd * 100

    @property
    def surveyed(self) -> int:
        return int(self.corridors["cost_pct"].notna().sum())

    @property
    def at_or_below_target(self) -> int:
        """Surveyed corridors already at or below the target: they save nothing."""
        return int((self.corridors["cost_pct"] <= self.target).sum())


def corridor_savings(corridors: pd.DataFrame, country: str, target: float) -> Savings:
    """The rule, on one receiver's corridors: saving = volume x max(cost - target, 0) / 100 for
    each surveyed corridor, summed; a corridor without a cost adds to the unknown volume."""
    cost = corridors["cost_pct"].astype("float64")
    surveyed = cost.notna()
    saving = corridors["usd"] * (cost - target).clip(lower=0) / 100
    frame = corridors.assign(cost_pct=cost, saving_usd=saving)[["sender", "usd", "cost_pct", "period", "saving_usd"]]
    frame = frame.sort_values(["saving_usd", "usd"], ascending=False, na_position="last", kind="stable")
    surveyed_usd = float(corridors.loc[surveyed, "usd"].sum())
    periods = corridors.loc[surveyed, "period"]
    return Savings(
        country=country,
        target=target,
        year=int(corridors["year"].max()),
        corridors=frame.reset_index(drop=True),
        total_usd=float(corridors["usd"].sum()),
        surveyed_usd=surveyed_usd,
        saving_usd=float(saving[surveyed].sum()),
        today_cost=float((corridors.loc[surveyed, "usd"] * cost[surveyed]).sum() / surveyed_usd)
        if surveyed_usd > 0
        else None,
        first_period=str(periods.min()) if len(periods) else None,
        last_period=str(periods.max()) if len(periods) else None,
    )


@cached
def remittance_savings(country: str, target: float = SDG_10C_TARGET) -> Savings | None:
    """The calculator's figures for families in `country` at `target` % (None when KNOMAD
    estimates no remittances to it)."""
    if country not in column_values("remittance-corridors", "receiver"):
        return None
    corridors = select("remittance-corridors", {"receiver": (country,)})
    result = corridor_savings(corridors, country, float(target))
    if country in column_values("remittance-costs", "receiver"):
        surveyed = set(select("remittance-costs", {"receiver": (country,)})["sender"])
        result.unestimated = tuple(sorted(surveyed - set(corridors["sender"])))
    return result
