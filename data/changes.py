"""What changed between two data builds: the change report (`python -m data.changes` prints one).

`record` is called by data.build once a new build is written, before it becomes `current` (so
no reader ever sees a version without its report), against the build being served then. Each
build dataset of data.datasets (not the programme's) is compared on its declared `key` (the
dimensions that identify a row): rows added, removed, and revised where one of its measures
(`Dataset.value_names`, its number columns) differs beyond float noise. Missing is never zero:
no value -> a value is a revision "now estimated", a value -> none "no longer estimated". The
largest revisions (absolute and relative, per measure) and each country's own (its ISO3
columns: a bilateral row concerns both countries) are kept in bounded lists, with counts.

Reports live in <data_dir>/changes/<built_at>-<version>.json (names sort by time), outside
builds/, so they outlive pruned builds and nothing that checks builds reads them; the newest
KEEP_REPORTS are kept. A first build says so; a build whose data did not change (a new version
of the build code only) says so too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import sys
import time
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from data import store
from data.datasets import DATASETS, DATASETS_BY_NAME, Dataset
from data.files import write_atomically
from i18n import N_

log = logging.getLogger("migdash.changes")

FOLDER = "changes"
FORMAT = 1
KEEP_REPORTS = 60
LARGEST = 5  # revisions kept per measure, by absolute and by relative change
EXAMPLES = 5  # rows added, removed, now / no longer estimated, kept per dataset (and measure)
PER_COUNTRY = 3  # revisions kept per country and dataset,
COUNTRY_REVISIONS = 9  # and per country in all (taken in turn from each dataset)
RTOL, ATOL = 1e-9, 1e-9  # float noise: a sum made in another order

# How the report's readers name each measure (data.datasets declares the columns once; these
# are their short labels for sentences such as "Immigrants, 2020: 1.9 M -> 2.0 M").
MEASURES = {
    "migrants": N_("Migrants"),
    "immigrants": N_("Immigrants"),
    "emigrants": N_("Emigrants"),
    "population": N_("Population"),
    "immigrants_pct_population": N_("Immigrants as % of population"),
    "female_pct_immigrants": N_("Women as % of immigrants"),
    "coverage_pct": N_("Coverage"),
    "flow": N_("Migration flow"),
    "inflow": N_("Inflow"),
    "outflow": N_("Outflow"),
    "net": N_("Net flow"),
    "net_migration": N_("Net migration"),
    "inflow_usd": N_("Remittances received"),
    "outflow_usd": N_("Remittances paid"),
    "gdp_usd": N_("GDP"),
    "inflow_pct_gdp": N_("Remittances as % of GDP"),
    "inflow_pct_gdp_weight_pct": N_("Share of GDP reporting"),
    "usd": N_("Remittances"),
    "cost_pct": N_("Cost of sending US$200"),
    "persons": N_("People"),
    "value": N_("Value"),
    "baseline_value": N_("Baseline value"),
    "change": N_("Change since the baseline"),
    "target": N_("Target"),
    "earlier_value": N_("Earlier edition's value"),
    "later_value": N_("Later edition's value"),
    "revision": N_("Revision between editions"),
    "revision_pct": N_("Revision between editions (%)"),
}


def build_datasets() -> list[Dataset]:
    return [dataset for dataset in DATASETS if dataset.store == "build"]


# ---------------------------------------------------------------------------------------------
# Comparing two tables


def _plain(value):
    """A key or measure as JSON holds it: None for missing, int for whole keys."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _keyed(frame: pd.DataFrame, key: list[str], values: list[str]) -> pd.DataFrame:
    """The key (categories as their values, so two builds' categories never clash) and the
    measures as float64 with NaN for missing."""
    out = {}
    for column in key:
        series = frame[column]
        out[column] = (
            series.astype(series.cat.categories.dtype) if isinstance(series.dtype, pd.CategoricalDtype) else series
        )
    for column in values:
        out[column] = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return pd.DataFrame(out)


def _key_of(frame: pd.DataFrame, key: list[str]) -> list[dict]:
    return [dict(zip(key, map(_plain, row), strict=True)) for row in frame[key].itertuples(index=False, name=None)]


def _cells(rows: pd.DataFrame, key: list[str], column: str) -> list[dict]:
    return [
        {"key": entry, "column": column, "old": _plain(old), "new": _plain(new)}
        for entry, old, new in zip(_key_of(rows, key), rows["old"], rows["new"], strict=True)
    ]


def compare_tables(dataset: Dataset, old: pd.DataFrame, new: pd.DataFrame) -> dict:
    """One dataset's changes between two builds' tables (see the module docstring)."""
    key = list(dataset.key)
    values = [name for name in dataset.value_names if name in old.columns and name in new.columns]
    merged = _keyed(old, key, values).merge(
        _keyed(new, key, values), on=key, how="outer", suffixes=("_old", "_new"), indicator=True, sort=False
    )
    side = merged["_merge"]
    added, removed = merged[side == "right_only"], merged[side == "left_only"]
    both = merged[side == "both"]
    revised_rows = np.zeros(len(both), dtype=bool)
    columns, cells = {}, []
    for column in values:
        before, after = both[f"{column}_old"].to_numpy(), both[f"{column}_new"].to_numpy()
        had, has = ~np.isnan(before), ~np.isnan(after)
        differs = had & has & ~np.isclose(before, after, rtol=RTOL, atol=ATOL)
        now, gone = ~had & has, had & ~has
        changed = differs | now | gone
        if not changed.any():
            continue
        revised_rows |= changed
        rows = both.loc[changed, key].assign(
            old=before[changed], new=after[changed], row=np.flatnonzero(changed), column=column
        )
        delta = rows["new"] - rows["old"]
        rows["absolute"] = delta.abs()
        rows["relative"] = (delta / rows["old"].abs().where(rows["old"] != 0)).abs()
        # Sort key of a country's revisions: relative change; a new or withdrawn estimate, or a
        # change from zero, counts as the largest.
        rows["score"] = rows["relative"].fillna(np.inf)
        cells.append(rows)
        valued = rows[differs[changed]]
        columns[column] = {
            "revised": int(differs.sum()),
            "now_estimated": int(now.sum()),
            "no_longer_estimated": int(gone.sum()),
            "largest_absolute": _cells(valued.nlargest(LARGEST, "absolute"), key, column),
            "largest_relative": _cells(valued.dropna(subset=["relative"]).nlargest(LARGEST, "relative"), key, column),
            "now_estimated_examples": _cells(
                rows[now[changed]].assign(size=lambda f: f["new"].abs()).nlargest(EXAMPLES, "size"), key, column
            ),
            "no_longer_estimated_examples": _cells(
                rows[gone[changed]].assign(size=lambda f: f["old"].abs()).nlargest(EXAMPLES, "size"), key, column
            ),
        }
    revised = both[revised_rows]
    report = {
        "status": "compared",
        "rows_before": len(old),
        "rows_after": len(new),
        "added": len(added),
        "removed": len(removed),
        "revised": len(revised),
        "measures": values,
        "columns": columns,
        "added_examples": _key_of(added.head(EXAMPLES), key),
        "removed_examples": _key_of(removed.head(EXAMPLES), key),
    }
    return report | {"countries": _by_country(dataset, added, removed, both, cells)}


def _codes(dataset: Dataset, rows: pd.DataFrame, row_ids) -> pd.DataFrame:
    """(row, code) for every country code of each row (a bilateral row concerns both)."""
    parts = [pd.DataFrame({"row": row_ids, "code": rows[column].to_numpy()}) for column in dataset.country_columns]
    found = pd.concat(parts, ignore_index=True)
    return found[found["code"].notna()].drop_duplicates()


def _by_country(dataset: Dataset, added, removed, both, cells: list[pd.DataFrame]) -> dict:
    """Per country: rows added, removed and revised, and its largest revisions (bounded)."""
    if not dataset.country_columns:
        return {}
    counts: dict[str, dict] = {}
    for name, rows in (("added", added), ("removed", removed)):
        for code, count in _codes(dataset, rows, np.arange(len(rows)))["code"].value_counts().items():
            counts.setdefault(code, {})[name] = int(count)
    if cells:
        revisions = pd.concat(cells, ignore_index=True)
        positions = revisions.drop_duplicates("row")
        rows_of = _codes(dataset, positions, positions["row"].to_numpy())
        for code, count in rows_of["code"].value_counts().items():
            counts.setdefault(code, {})["revised"] = int(count)
        located = revisions.merge(rows_of, on="row").sort_values(["score", "absolute"], ascending=False, kind="stable")
        top = located.groupby("code", sort=False).head(PER_COUNTRY)
        key = list(dataset.key)
        for code, entry, column, old, new in zip(
            top["code"], _key_of(top, key), top["column"], top["old"], top["new"], strict=True
        ):
            cell = {"key": entry, "column": column, "old": _plain(old), "new": _plain(new)}
            counts[code].setdefault("revisions", []).append(cell)
    return {code: {"added": 0, "removed": 0, "revised": 0, "revisions": []} | part for code, part in counts.items()}


# ---------------------------------------------------------------------------------------------
# Comparing two builds


def _stamp(built_at: str) -> str:
    return dt.datetime.fromisoformat(built_at).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def folder(data_dir: Path) -> Path:
    return Path(data_dir) / FOLDER


def _side(manifest: dict) -> dict:
    return {"version": manifest["data_version"], "built_at": manifest["built_at"]}


def _inputs(before: dict, after: dict) -> dict:
    """The source files whose sha256 changed, and those added or removed."""
    old = {item["key"]: item for item in before.get("inputs", [])}
    new = {item["key"]: item for item in after.get("inputs", [])}

    def described(item):
        return {"key": item["key"], "file": item["file"], "title": item.get("title", ""), "sha256": item["sha256"]}

    return {
        "changed": [
            described(new[key]) | {"previous_sha256": old[key]["sha256"]}
            for key in new
            if key in old and old[key]["sha256"] != new[key]["sha256"]
        ],
        "added": [described(new[key]) for key in new if key not in old],
        "removed": [described(old[key]) for key in old if key not in new],
    }


def compare_builds(previous: Path | None, target: Path, damaged: bool = False) -> dict:
    """The change report of build `target` against `previous` (None: the first build;
    `damaged`: the previous build failed its check, so it is not compared)."""
    started = time.perf_counter()
    after = store.read_manifest(target)
    report = {"format": FORMAT, "to": _side(after), "from": None, "datasets": {}, "countries": {}}
    if previous is None:
        return report | {"status": "first", "unchanged": False, "inputs": _inputs({}, after)}
    before = store.read_manifest(previous)
    report |= {"from": _side(before), "inputs": _inputs(before, after)}
    if damaged:
        return report | {"status": "not_compared", "unchanged": False}
    for dataset in build_datasets():
        had, has = dataset.table in before["tables"], dataset.table in after["tables"]
        if not has:
            report["datasets"][dataset.name] = {"status": "gone"} if had else {"status": "absent"}
            continue
        new = store.read_table(target, dataset.table)
        if not had:
            report["datasets"][dataset.name] = {"status": "new", "rows_after": len(new)}
            continue
        old = store.read_table(previous, dataset.table)
        if not dataset.key or not set(dataset.key) <= set(old.columns) & set(
            new.columns
        ):  # its rows are identified otherwise now
            report["datasets"][dataset.name] = {
                "status": "not_compared",
                "rows_before": len(old),
                "rows_after": len(new),
            }
            continue
        part = compare_tables(dataset, old, new)
        for code, counts in part.pop("countries").items():
            report["countries"].setdefault(code, {})[dataset.name] = counts
        report["datasets"][dataset.name] = part
    for parts in report["countries"].values():
        _trim(parts)
    unchanged = all(
        part["status"] == "compared" and not (part["added"] or part["removed"] or part["revised"])
        for part in report["datasets"].values()
        if part["status"] != "absent"
    )
    seconds = round(time.perf_counter() - started, 3)
    return report | {"status": "compared", "unchanged": unchanged, "seconds": seconds}


def _trim(parts: dict[str, dict]) -> None:
    """Keep COUNTRY_REVISIONS of a country's revisions: each dataset's largest, then each one's
    second largest, and so on."""
    turns = sorted((rank, i) for i, part in enumerate(parts.values()) for rank in range(len(part["revisions"])))
    keep = set(turns[:COUNTRY_REVISIONS])
    for i, part in enumerate(parts.values()):
        part["revisions"] = [cell for rank, cell in enumerate(part["revisions"]) if (rank, i) in keep]


def record(data_dir: Path, previous: Path | None, target: Path, damaged: bool = False) -> Path | None:
    """Compare, write the report (atomically) and keep the newest KEEP_REPORTS; its path.

    A build that only repeats the previous one's version (a forced rebuild, a repair) keeps the
    report that version has. The report must never cost a data update: a failure is logged and
    the build goes on (its version then has no report, and the views say so).
    """
    try:
        after = store.read_manifest(target)
        if (
            previous is not None
            and not damaged
            and store.read_manifest(previous)["data_version"] == after["data_version"]
        ):
            return None
        report = compare_builds(previous, target, damaged)
        reports = folder(data_dir)
        reports.mkdir(exist_ok=True)
        path = reports / f"{_stamp(after['built_at'])}-{after['data_version']}.json"
        write_atomically(path, json.dumps(report, ensure_ascii=False, separators=(",", ":"), allow_nan=False))
        for old in _files(data_dir)[KEEP_REPORTS:]:
            old.unlink(missing_ok=True)
        return path
    except Exception:
        log.exception("the change report of the build %s could not be made; the build goes on without it", target)
        return None


# ---------------------------------------------------------------------------------------------
# Reading reports


def _files(data_dir: Path) -> list[Path]:
    """Report files, newest first."""
    return sorted(folder(data_dir).glob("*-*.json"), reverse=True)


def read(path: Path) -> dict | None:
    """A report (shared: callers must not modify it), parsed once per process while the file
    stays the same; None when it is unreadable."""
    try:
        signature = path.stat()
    except OSError:
        return None
    return _read(path, signature.st_mtime_ns, signature.st_size)


@lru_cache(maxsize=32)
def _read(path: Path, _mtime: int, _size: int) -> dict | None:
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        log.warning("change report %s unreadable (%s): skipped", path.name, error)
        return None
    return report if isinstance(report, dict) and report.get("format") == FORMAT else None


def recent(data_dir: Path, limit: int, served_at: str | None = None) -> list[dict]:
    """The newest `limit` reports, newest first; with `served_at` (the built_at of the build
    being served), none of a later build (one that failed after its report was written)."""
    found = []
    for path in _files(data_dir):
        report = read(path)
        if report and (served_at is None or _stamp(report["to"]["built_at"]) <= _stamp(served_at)):
            found.append(report)
        if len(found) >= limit:
            break
    return found


def for_version(data_dir: Path, version: str) -> dict | None:
    """The report of data version `version` (the newest, should it have been built twice)."""
    for path in _files(data_dir):
        if path.stem.endswith(f"-{version}"):
            return read(path)
    return None


def country_part(report: dict, iso3: str) -> dict[str, dict]:
    """A report's changes for one country: dataset -> counts and its largest revisions."""
    return report.get("countries", {}).get(iso3, {})


def dataset(name: str) -> Dataset:
    return DATASETS_BY_NAME[name]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m data.changes", description="Print the change report of two builds."
    )
    parser.add_argument("previous", type=Path, help="a build folder (data_dir/builds/<version>)")
    parser.add_argument("target", type=Path, help="another build folder")
    args = parser.parse_args(argv)
    print(json.dumps(compare_builds(args.previous, args.target), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
