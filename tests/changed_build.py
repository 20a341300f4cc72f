"""A second build of the session's sources with one file edited (WPP's net migration), into a
copy of the session's data folder: what the change report, /sources#updates, the profiles and
/updates.atom are tested on. `changed_build` is a session fixture (tests/conftest.py imports
it), so the fast and the browser tests share one rebuild."""

from __future__ import annotations

import csv
import fcntl
import hashlib
import shutil
from pathlib import Path

import pytest

from data import changes, store
from data.build import build, fingerprint
from data.sources import SOURCES, SOURCES_BY_KEY
from tests.conftest import BUILD_CACHE, SOURCE_DIR

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


@pytest.fixture(scope="session")
def changed_build(tmp_path_factory, built_data_dir):
    """The session's build, then a build of the same sources with WPP's file edited, into the
    same data folder: (data_dir, what was edited, the report).

    Like the session's build, it is kept between runs in var/test-store (a rebuild of the
    official files takes two minutes) and made again only when its data version changes (the
    sources or the build code); a lock makes parallel workers make it once. Each session reads
    a copy of it.
    """
    kept = BUILD_CACHE / (hashlib.sha256(str(SOURCE_DIR.resolve()).encode()).hexdigest()[:16] + "-changed")
    kept.mkdir(parents=True, exist_ok=True)
    with (kept.parent / f"{kept.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(kept / "sources", ignore_errors=True)
        mirror = _mirror(kept, WPP)
        done = edit_wpp(mirror / SOURCES_BY_KEY[WPP].path)
        version, _inputs = fingerprint(mirror)
        previous = store.current_version(built_data_dir)
        made = kept / "data"
        report = changes.for_version(made, version) if made.is_dir() else None
        if store.current_version(made) != version or not report or report["from"]["version"] != previous:
            shutil.rmtree(made, ignore_errors=True)
            shutil.copytree(built_data_dir, made, symlinks=True)
            build(mirror, made)
        data_dir = tmp_path_factory.mktemp("changes") / "data"
        shutil.copytree(made, data_dir, symlinks=True)
    return data_dir, done, changes.for_version(data_dir, version)
