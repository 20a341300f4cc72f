"""The change report (data.changes): a build with one modified source file lists exactly the
rows changed, computed here from what the test changed in the file, never from our output."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data import changes, store
from data.build import build
from data.datasets import DATASETS_BY_NAME
from data.sources import SOURCES, SOURCES_BY_KEY
from tests.conftest import SOURCE_DIR

WPP = "wpp2024_net_migration"


def _mirror(folder: Path, replaced: str) -> Path:
    """A source directory of links to the session's source files, `replaced` copied (to edit)."""
    mirror = folder / "sources"
    for source in SOURCES:
        target = mirror / source.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.key == replaced:
            shutil.copyfile(SOURCE_DIR / source.path, target)
        else:
            target.symlink_to(SOURCE_DIR / source.path)
    return mirror


def edit_wpp(path: Path) -> dict:
    """Change WPP's net migration file: one value revised, one withdrawn (empty), one row
    dropped and one added. What was done, as (country, year) -> (old, new)."""
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    year, iso, value = (header.index(name) for name in ("Year", "Country ISO", "Net Number of Migrants"))

    def find(code, when):
        return next(i for i, row in enumerate(body) if row[iso] == code and float(row[year]) == when)

    revised, withdrawn, dropped = find("MDA", 2000), find("TUN", 2000), find("MDA", 2001)
    done = {
        "revised": {("MDA", 2000): (float(body[revised][value]), float(body[revised][value]) + 5000)},
        "withdrawn": {("TUN", 2000): float(body[withdrawn][value])},
        "removed": {("MDA", 2001)},
    }
    body[revised][value] = f"{done['revised'][('MDA', 2000)][1]:.1f}"
    body[withdrawn][value] = ""
    last = max(float(row[year]) for row in body)
    added = [""] * len(header)
    added[0], added[year], added[iso], added[value] = "999999", f"{last + 1:.1f}", "MDA", "7000.0"
    done["added"] = {("MDA", int(last) + 1)}
    del body[dropped]
    body.append(added)
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([header, *body])
    return done


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory, built_data_dir):
    """The session's build, then a build of the same sources with WPP's file edited, into the
    same data folder: (data_dir, what was edited, the report)."""
    folder = tmp_path_factory.mktemp("changes")
    data_dir = folder / "data"
    shutil.copytree(built_data_dir, data_dir, symlinks=True)
    mirror = _mirror(folder, WPP)
    done = edit_wpp(mirror / SOURCES_BY_KEY[WPP].path)
    result = build(mirror, data_dir)
    report = changes.for_version(data_dir, result.version)
    return data_dir, done, report


def _keys(cells) -> set:
    return {(cell["key"]["country"], cell["key"]["year"]) for cell in cells}


def test_report_lists_exactly_the_rows_changed_in_the_one_modified_file(rebuilt):
    _data_dir, done, report = rebuilt
    assert report["status"] == "compared" and not report["unchanged"]
    assert [item["file"] for item in report["inputs"]["changed"]] == [SOURCES_BY_KEY[WPP].path]
    assert not report["inputs"]["added"] and not report["inputs"]["removed"]
    net = report["datasets"]["net-migration"]
    assert (net["added"], net["removed"], net["revised"]) == (1, 1, 2)
    assert net["rows_after"] - net["rows_before"] == 0
    assert {(k["country"], k["year"]) for k in net["added_examples"]} == done["added"]
    assert {(k["country"], k["year"]) for k in net["removed_examples"]} == done["removed"]
    column = net["columns"]["net_migration"]
    assert (column["revised"], column["now_estimated"], column["no_longer_estimated"]) == (1, 0, 1)
    [(key, (old, new))] = done["revised"].items()
    assert _keys(column["largest_absolute"]) == _keys(column["largest_relative"]) == {key}
    assert (column["largest_absolute"][0]["old"], column["largest_absolute"][0]["new"]) == (old, new)
    [(gone_key, gone_old)] = done["withdrawn"].items()
    [gone] = column["no_longer_estimated_examples"]
    assert _keys([gone]) == {gone_key} and (gone["old"], gone["new"]) == (gone_old, None)  # never zero
    others = {name: part for name, part in report["datasets"].items() if name != "net-migration"}
    assert all((p["added"], p["removed"], p["revised"]) == (0, 0, 0) for p in others.values())


def test_country_part_has_that_countrys_rows_only(rebuilt):
    _data_dir, done, report = rebuilt
    moldova = changes.country_part(report, "MDA")["net-migration"]
    assert (moldova["added"], moldova["removed"], moldova["revised"]) == (1, 1, 1)
    assert _keys(moldova["revisions"]) == set(done["revised"])
    tunisia = changes.country_part(report, "TUN")["net-migration"]
    assert (tunisia["added"], tunisia["removed"], tunisia["revised"]) == (0, 0, 1)
    assert _keys(tunisia["revisions"]) == set(done["withdrawn"])
    assert set(report["countries"]) == {"MDA", "TUN"}


def test_report_is_kept_outside_the_builds_and_lists_newest_first(rebuilt):
    data_dir, _done, report = rebuilt
    [newest, *_] = changes.recent(data_dir, 5)
    assert newest == report
    assert report["to"]["version"] == store.current_version(data_dir)
    assert not store.damaged_files(store.resolve_current(data_dir))
    assert all(p.name != changes.FOLDER for p in store.builds_dir(data_dir).iterdir())


def test_first_build_and_a_build_whose_data_did_not_change(tmp_path, built_data_dir):
    build_folder = store.resolve_current(built_data_dir)
    first = changes.compare_builds(None, build_folder)
    assert first["status"] == "first" and first["from"] is None and not first["datasets"]
    assert len(first["inputs"]["added"]) == len(SOURCES)
    same = changes.compare_builds(build_folder, build_folder)
    assert same["status"] == "compared" and same["unchanged"] and not same["inputs"]["changed"]
    assert not same["countries"]
    path = changes.record(tmp_path, None, build_folder)
    assert json.loads(path.read_text())["status"] == "first" and path.parent == tmp_path / changes.FOLDER


def _frames(old_rows, new_rows):
    columns = ["origin", "destination", "period", "sex", "flow"]
    return pd.DataFrame(old_rows, columns=columns), pd.DataFrame(new_rows, columns=columns)


def test_missing_is_never_zero_and_float_noise_is_no_revision():
    dataset = DATASETS_BY_NAME["flows-bilateral"]
    old, new = _frames(
        [
            ("MDA", "ITA", "2015-2020", "total", 1000.0),
            ("MDA", "ROU", "2015-2020", "total", np.nan),
            ("MDA", "DEU", "2015-2020", "total", 0.0),
            ("TUN", "FRA", "2015-2020", "total", 3.0),
            ("TUN", "ITA", "2015-2020", "total", 10.0),
        ],
        [
            ("MDA", "ITA", "2015-2020", "total", 1000.0 * (1 + 1e-12)),  # noise
            ("MDA", "ROU", "2015-2020", "total", 50.0),  # now estimated
            ("MDA", "DEU", "2015-2020", "total", np.nan),  # no longer estimated (was zero)
            ("TUN", "FRA", "2015-2020", "total", 0.0),  # revised to zero
            ("TUN", "ITA", "2015-2020", "total", 12.0),
        ],
    )
    old["sex"] = old["sex"].astype("category")
    part = changes.compare_tables(dataset, old, new)
    flow = part["columns"]["flow"]
    assert part["revised"] == 4 and (flow["revised"], flow["now_estimated"], flow["no_longer_estimated"]) == (2, 1, 1)
    assert flow["now_estimated_examples"][0]["old"] is None and flow["now_estimated_examples"][0]["new"] == 50.0
    assert (
        flow["no_longer_estimated_examples"][0]["old"] == 0.0 and flow["no_longer_estimated_examples"][0]["new"] is None
    )
    assert [c["key"]["destination"] for c in flow["largest_absolute"]] == ["FRA", "ITA"]  # 3, then 2
    assert [c["key"]["destination"] for c in flow["largest_relative"]] == ["FRA", "ITA"]  # -100 %, +20 %
    assert part["countries"]["ITA"]["revised"] == 1 and part["countries"]["MDA"]["revised"] == 2
    assert part["countries"]["TUN"]["revised"] == 2 and set(part["countries"]) == {
        "ITA",
        "MDA",
        "TUN",
        "ROU",
        "DEU",
        "FRA",
    }
