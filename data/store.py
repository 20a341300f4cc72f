"""The versioned data store.

    <data_dir>/builds/<version>/   one complete build: <table>.parquet + manifest.json
    <data_dir>/current             symlink to the build being served

A build is written to a staging folder, renamed into builds/, and `current` is switched by
replacing the symlink with os.replace: readers resolve `current` once and read one whole
version, never half of two.
"""

from __future__ import annotations

import json
import os
import threading
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

MANIFEST = "manifest.json"


def builds_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "builds"


def current_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "current"


def switch_current(data_dir: Path, build: Path) -> None:
    """Point `current` at `build` atomically."""
    link = current_dir(data_dir)
    temporary = link.with_name(f".current-{os.getpid()}-{threading.get_ident()}")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(os.path.relpath(build, link.parent), target_is_directory=True)
    os.replace(temporary, link)


@lru_cache(maxsize=8)
def _real_folder(folder: Path) -> Path:
    return folder.resolve()


def resolve_current(data_dir: Path) -> Path | None:
    """The concrete build folder `current` points at now, or None before the first build.

    Read on every query (a new build switches the link under running servers), so it costs
    one readlink and one stat rather than a full path resolution (~15 µs, not ~115 µs).
    """
    link = current_dir(data_dir)
    try:
        target = Path(os.readlink(link))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:  # `current` is not a link (made by hand): resolve it the slow way
        return link.resolve(strict=True) if link.is_dir() else None
    build = target if target.is_absolute() else _real_folder(link.parent) / target
    return build if build.is_dir() else None


def current_manifest(data_dir: Path) -> dict | None:
    """The manifest of the build being served, or None when nothing has been built yet."""
    build = resolve_current(data_dir)
    return read_manifest(build) if build else None


@lru_cache(maxsize=8)
def read_manifest(build: Path) -> dict:
    return json.loads((build / MANIFEST).read_text(encoding="utf-8"))


def current_version(data_dir: Path) -> str | None:
    manifest = current_manifest(data_dir)
    return manifest["data_version"] if manifest else None


@lru_cache(maxsize=64)
def read_table(build: Path, name: str) -> pd.DataFrame:
    """A table of one build, loaded once per process (builds never change once written).

    Callers must not modify the frame they get (pandas copy-on-write protects column edits).
    Each column is made one contiguous array: parquet gives one chunk per batch, and taking
    a country's rows out of a chunked string column costs time in proportion to the whole
    table (~0.2 s on 4 M rows, 1 ms in one chunk).
    """
    return pq.read_table(build / f"{name}.parquet").combine_chunks().to_pandas()
