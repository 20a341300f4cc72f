"""Inflated data stores for the scale benchmark: the current build with its bilateral tables
(stocks, flows, remittances, costs, refugees: 97 % of the rows) grown ×N by synthetic rows.

The synthetic rows are copies of the real ones between synthetic partners (codes such as
"X1MDA" that no country has), so every view of a real country shows exactly what it shows on
the real store: only the amount of data the views must not read grows. Country-level tables
stay as they are (they are bounded by countries × years).

    python -m bench.scale 10 var/bench/x10      build one (the benchmark builds its own)
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pandas as pd

from data import store

# Bilateral tables and their two partner columns.
BILATERAL = {
    "stocks_bilateral": ("destination", "origin"),
    "flows_bilateral": ("origin", "destination"),
    "remittances_bilateral": ("sender", "receiver"),
    "remittance_costs": ("sender", "receiver"),
    "refugees": ("asylum", "origin"),
}


def _inflate(frame: pd.DataFrame, partners: tuple[str, str], factor: int) -> pd.DataFrame:
    copies = [frame]
    for copy in range(1, factor):
        synthetic = frame.copy()
        for column in partners:
            synthetic[column] = f"X{copy}" + frame[column].astype(str)
        copies.append(synthetic)
    return pd.concat(copies, ignore_index=True)


def inflated_store(data_dir: Path, factor: int, target: Path) -> Path:
    """A data folder at `target` whose current build is `data_dir`'s, inflated ×`factor`
    (its own data version, so no cache key is shared with the real store)."""
    source = store.resolve_current(data_dir)
    if source is None:
        raise RuntimeError("no data build yet: run `make setup`")
    manifest = json.loads((source / store.MANIFEST).read_text(encoding="utf-8"))
    version = f"{manifest['data_version']}-x{factor}"
    build = target / "builds" / version
    if build.exists():
        shutil.rmtree(build)
    build.mkdir(parents=True)
    inflated = set()
    for name, info in manifest["tables"].items():
        if name in BILATERAL and factor > 1:
            frame = _inflate(pd.read_parquet(source / info["file"]), BILATERAL[name], factor)
            info.update(store.write_table(build, name, frame))
            inflated |= set(store.built_files({"tables": {name: info}}))
    for file in store.built_files(manifest):  # every other file of the build (tables, exports...) as it is
        if file not in inflated:
            (build / file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / file, build / file)
    manifest["data_version"] = version
    manifest.pop("exports", None)  # the full downloads are of the real tables, not of these
    (build / store.MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    link = target / "current"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(Path("builds") / version)
    return target


def factor_of(data_dir: Path) -> int:
    """The factor an inflated store was made with (from its data version, <version>-x<N>)."""
    return int(store.read_manifest(store.resolve_current(data_dir))["data_version"].rsplit("-x", 1)[1])


def rows(data_dir: Path) -> int:
    manifest = store.read_manifest(store.resolve_current(data_dir))
    return sum(info["rows"] for info in manifest["tables"].values())


if __name__ == "__main__":
    from settings import Settings

    built = inflated_store(Settings.from_env().data_dir, int(sys.argv[1]), Path(sys.argv[2]))
    print(f"{built}: {rows(built):,} rows")
