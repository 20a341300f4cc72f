"""Build the data store from the official source files: `python -m data.build`.

Reads every file in data.sources from the source directory, checks it (data.readers), turns
it into the served tables (data.tables), and writes them (data.store.write_table) with a
manifest into a new folder, which then becomes `current` in one atomic step. The data version is a hash of the
inputs and of the build code: a second run with nothing changed checks every file of the
current build against its manifest (sha256) and does nothing more, unless a file differs:
then it says which and rebuilds. A missing or malformed source file, or a full disk, stops the
build with a message saying so; the previous build keeps being served. Leftovers of builds
that were killed (staging folders) are removed by the next run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from data import changes, exports, pins, readers, store, tables
from data.countries import WB_NAME_ALIASES
from data.datasets import DATASETS
from data.files import fsync_path, is_out_of_space
from data.sources import SOURCES, SOURCES_BY_KEY
from data.store import (
    MANIFEST,
    builds_dir,
    switch_current,
)
from data.validate import SourceError

log = logging.getLogger("migdash.build")

BUILD_CODE = [
    Path(__file__).parent / name
    for name in (
        "build.py",
        "readers.py",
        "tables.py",
        "sdg.py",
        "validate.py",
        "countries.py",
        "un_names.py",
        "sources.py",
        "datasets.py",
        "exports.py",
        "store.py",  # how tables are written
    )
]
KEEP_BUILDS = 3  # the newest builds kept besides those a pinned link names (MIGDASH_KEEP_BUILDS)
STAGING = ".staging-"  # + <version>-<host>-<pid>: a build being written
LEFTOVER_SECONDS = 3600  # a staging folder this old is a leftover whoever made it (a build takes seconds)


@dataclass
class BuildResult:
    version: str
    built: bool  # False when the current build already had this version, intact
    seconds: float
    path: Path
    damaged: dict[str, str] = field(default_factory=dict)  # files of the previous build that failed their check
    removed: list[str] = field(default_factory=list)  # leftovers of killed builds, removed


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(source_dir: Path) -> tuple[str, list[dict]]:
    """(data version, inputs): each input's provenance and sha256; version hashes them with the
    build code, so changing either gives a new version."""
    inputs = []
    for source in SOURCES:
        path = source_dir / source.path
        if not path.is_file():
            raise SourceError(path, "file not found (is MIGDASH_SOURCE_DIR right?)")
        inputs.append(
            {
                "key": source.key,
                "file": source.path,
                "publisher": source.publisher,
                "title": source.title,
                "edition": source.edition,
                "licence": source.licence,
                "url": source.url,
                "citation": source.citation,
                "bytes": path.stat().st_size,
                "sha256": sha256_file(path),
            }
        )
    digest = hashlib.sha256()
    for item in inputs:
        digest.update(f"{item['key']}:{item['sha256']}\n".encode())
    for code in BUILD_CODE:
        digest.update(f"{code.name}:{sha256_file(code)}\n".encode())
    return digest.hexdigest()[:16], inputs


def make_tables(source_dir: Path) -> dict[str, pd.DataFrame]:
    """Every served table, from the source files."""

    def path(key: str) -> Path:
        return source_dir / SOURCES_BY_KEY[key].path

    wb_meta = readers.wdi_country_metadata(path("wdi_country_metadata"))
    economies = set(wb_meta["iso3"])
    stocks_raw, data_types = readers.ims2024_bilateral(path("ims2024_bilateral"))
    ims2020, geography, ims2020_aggregates = readers.ims2020_destination(path("ims2020_destination"))
    gdi = readers.gdi_wdi(path("gdi_wdi"))
    flows = readers.abel_cohen_flows(path("abel_cohen_flows"))
    wpp = readers.wpp_net_migration(path("wpp2024_net_migration"))
    inflow = readers.wdi_indicator_csv(path("wdi_remittances_received"), "BX.TRF.PWKR.CD.DT", "inflow_usd", economies)
    inflow_2023 = readers.wdi_indicator_excel(path("wdi_remittances_received_2023"), "BX.TRF.PWKR.CD.DT", "inflow_usd")
    stocks_2020 = tables.with_both_sexes(readers.ims2020_bilateral(path("ims2020_bilateral")))
    gdp = readers.wdi_indicator_csv(path("wdi_gdp"), "NY.GDP.MKTP.CD", "gdp_usd", economies)
    names_to_codes = wb_names_to_codes(path("wdi_remittances_received"))
    matrices = pd.concat(
        [
            readers.knomad_matrix(
                path("knomad_remittance_matrix_2017"), "Bilateral_Remittances_2017", 2017, names_to_codes
            ),
            readers.knomad_matrix(path("knomad_remittance_matrix_2021"), 0, 2021, names_to_codes),
        ],
        ignore_index=True,
    )
    costs = readers.rpw_corridors(path("rpw_corridors"))
    refugees = readers.unhcr(path("unhcr"))

    population = gdi[gdi["variable"] == "pop"]
    outflow = gdi[gdi["variable"] == "remout"].rename(columns={"value": "outflow_usd"})[
        ["country", "year", "outflow_usd"]
    ]
    outflow = outflow[outflow["country"].isin(economies)]

    codes = (
        set(stocks_raw["destination"])
        | set(stocks_raw["origin"])
        | set(flows["origin"])
        | set(flows["destination"])
        | set(wpp["country"])
        | economies
        | set(geography["iso3"])
        | set(refugees["asylum"])
        | set(refugees["origin"])
        | set(matrices["sender"])
        | set(matrices["receiver"])
        | set(costs["sender"])
        | set(costs["receiver"])
    )
    country_table = tables.countries(geography, wb_meta, codes)
    area_table = tables.areas(country_table)
    bilateral = tables.with_both_sexes(stocks_raw)
    stocks = tables.stocks_country(bilateral, data_types, population, ims2020)
    remittances = tables.remittances_country(inflow, outflow, gdp)
    totals = {edition: tables.migrant_totals(frame) for edition, frame in (("2020", stocks_2020), ("2024", bilateral))}
    revisions = tables.edition_revisions(
        {
            **{
                series: tuple(
                    totals[edition][["country", "year", series]].rename(columns={series: "value"})
                    for edition in ("2020", "2024")
                )
                for series in ("immigrants", "emigrants")
            },
            "remittances_received": tuple(
                frame.rename(columns={"inflow_usd": "value"})[["country", "year", "value"]]
                for frame in (inflow_2023, inflow)
            ),
        },
        area_table,
    )
    return {
        "countries": country_table,
        "areas": area_table,
        "stocks_bilateral": bilateral,
        "stocks_country": stocks,
        "stocks_aggregates": tables.stocks_aggregates(stocks, area_table, ims2020_aggregates),
        "flows_bilateral": flows.assign(modelled=True),
        "flows_country": tables.flows_country(flows),
        "net_migration": tables.net_migration(wpp),
        "remittances_country": remittances,
        "remittances_aggregates": tables.remittances_aggregates(remittances, gdp, area_table),
        "remittances_bilateral": matrices.assign(modelled=True),
        "remittance_costs": costs,
        "remittance_corridors": tables.remittance_corridors(matrices, costs),
        "refugees": refugees,
        "edition_revisions": revisions,
        "sdg_indicators": tables.sdg_indicators(
            costs, refugees, population, remittances, stocks, country_table["iso3"]
        ),
    }


def wb_names_to_codes(wdi_csv: Path) -> dict[str, str]:
    """World Bank country names (those of a WDI API CSV, and their variants) -> ISO3: the KNOMAD
    matrices name countries only."""
    names = pd.read_csv(wdi_csv, skiprows=readers.wdi_preamble(wdi_csv), usecols=["Country Name", "Country Code"])
    return {**dict(zip(names["Country Name"].str.strip(), names["Country Code"])), **WB_NAME_ALIASES}


def sort_for_datasets(built: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Store each table in its dataset's order, so queries never sort (a filter keeps order)."""
    for dataset in DATASETS:
        if dataset.sort:
            built[dataset.table] = (
                built[dataset.table].sort_values(list(dataset.sort), kind="stable").reset_index(drop=True)
            )
    return built


def build(
    source_dir: Path,
    data_dir: Path,
    force: bool = False,
    keep_builds: int = KEEP_BUILDS,
    pinned: set[str] | Callable[[], set[str] | None] | None = frozenset(),
) -> BuildResult:
    """Build `data_dir`'s new current build from `source_dir` (nothing when it is up to date);
    then remove old builds but the newest `keep_builds` and the `pinned` versions' (a set, or
    a function read just before removing, so a pin made during the build counts: the CLI
    passes data/pins.py's; None: the pins are unknown, nothing is removed)."""
    started = time.perf_counter()
    source_dir, data_dir = Path(source_dir), Path(data_dir)
    if not source_dir.is_dir():
        raise SourceError(source_dir, "source directory not found (set MIGDASH_SOURCE_DIR)")
    removed = remove_leftovers(data_dir)
    version, inputs = fingerprint(source_dir)
    previous = store.resolve_current(data_dir)
    damaged = store.damaged_files(previous, thorough=True) if previous else {}
    if previous and not damaged and not force and store.read_manifest(previous)["data_version"] == version:
        return BuildResult(version, False, time.perf_counter() - started, previous, removed=removed)

    built_tables = sort_for_datasets(make_tables(source_dir))
    target = _new_folder(builds_dir(data_dir), version)
    staging = builds_dir(data_dir) / f"{STAGING}{version}-{socket.gethostname()}-{os.getpid()}"
    staging.mkdir(parents=True)
    try:
        table_info = {}
        for name, frame in built_tables.items():
            table_info[name] = store.write_table(staging, name, frame)
        manifest = {
            "data_version": version,
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "build_seconds": round(time.perf_counter() - started, 2),
            "inputs": inputs,
            "tables": table_info,
            "exports": exports.write(staging, built_tables, version),  # the full downloads
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        fsync_path(staging / MANIFEST)
        fsync_path(staging)
        os.replace(staging, target)
        changes.record(data_dir, previous, target, damaged=bool(damaged))  # before anyone reads it
        switch_current(data_dir, target)
    except BaseException:  # a failed build leaves nothing behind: the previous one is still current
        shutil.rmtree(staging, ignore_errors=True)
        if store.resolve_current(data_dir) != target:
            shutil.rmtree(target, ignore_errors=True)
        raise
    if damaged and previous != target:  # nobody should fall back on it
        shutil.rmtree(previous, ignore_errors=True)
    store.prune_builds(data_dir, keep_newest=keep_builds, keep=target, pinned=pinned() if callable(pinned) else pinned)
    return BuildResult(version, True, time.perf_counter() - started, target, damaged=damaged, removed=removed)


def _new_folder(builds: Path, version: str) -> Path:
    """builds/<version>, or <version>-2, -3... when that exists (a forced rebuild, or the repair of
    a damaged build): a new folder, so `current` switches in one step and nobody reads a half."""
    folder, number = builds / version, 1
    while folder.exists():
        number += 1
        folder = builds / f"{version}-{number}"
    return folder


def remove_leftovers(data_dir: Path) -> list[str]:
    """Remove the staging folders of builds that are not running (their process is gone, or they
    are over an hour old) and the temporary links of interrupted switches; their names."""
    removed = []
    candidates = [*(builds_dir(data_dir).glob(f"{STAGING}*")), *Path(data_dir).glob(".current-*")]
    for path in candidates:
        if _running(path):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def _running(path: Path) -> bool:
    """Whether the process that made `path` may still be writing it: a staging folder
    (.staging-<version>-<host>-<pid>) or a link (.current-<pid>-<thread>) of this host whose
    process is alive, made less than LEFTOVER_SECONDS ago."""
    try:
        if time.time() - path.lstat().st_mtime > LEFTOVER_SECONDS:
            return False
    except FileNotFoundError:
        return True  # already gone
    parts = path.name.split("-")
    if path.name.startswith(STAGING):
        host, pid = "-".join(parts[2:-1]), parts[-1]
    else:
        host, pid = socket.gethostname(), parts[1] if len(parts) > 1 else ""
    if host not in ("", socket.gethostname()) or not pid.isdigit():
        return True  # another machine's build (a shared data folder): left to the age rule
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def main(argv=None) -> int:
    from settings import Settings, SettingsError

    parser = argparse.ArgumentParser(prog="python -m data.build", description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", type=Path, help="default: MIGDASH_SOURCE_DIR")
    parser.add_argument("--data-dir", type=Path, help="default: MIGDASH_DATA_DIR")
    parser.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    args = parser.parse_args(argv)
    try:  # --data-dir as if MIGDASH_DATA_DIR: the default programme store (its pins) follows it
        settings = Settings.from_env(
            environ=os.environ | ({"MIGDASH_DATA_DIR": str(args.data_dir)} if args.data_dir else {})
        )
    except SettingsError as error:
        print(f"migdash build: {error}", file=sys.stderr)
        return 2
    source_dir = args.source_dir or settings.source_dir
    data_dir = settings.data_dir
    try:
        result = build(
            source_dir,
            data_dir,
            force=args.force,
            keep_builds=settings.keep_builds,
            pinned=lambda: pins.versions(settings.programme_db, data_dir),  # MIGDASH_PROGRAMME_DB's
        )
    except SourceError as error:
        print(f"migdash build failed: {error}\nThe previous build (if any) is still served.", file=sys.stderr)
        return 1
    except OSError as error:
        if not is_out_of_space(error):
            raise
        print(
            f"migdash build failed: the server is out of disk space in {data_dir}, so nothing was changed "
            "and the previous build (if any) is still served.",
            file=sys.stderr,
        )
        return 1
    if result.removed:
        print(f"migdash build: removed leftovers of interrupted builds: {', '.join(sorted(result.removed))}")
    if result.damaged:
        found = "; ".join(f"{file}: {problem}" for file, problem in sorted(result.damaged.items()))
        print(f"migdash build: the current build failed its check ({found}), so it was rebuilt")
    if result.built:
        print(f"migdash build: data version {result.version} built in {result.seconds:.1f} s -> {result.path}")
    else:
        print(
            f"migdash build: data version {result.version} is up to date and every file matches its "
            f"manifest; nothing to do ({result.seconds:.2f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
