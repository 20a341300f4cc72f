"""What the repository holds: code, translations and docs, never data. Source files and data
built from them (real or synthetic) are read from the source directory or made by the build,
so a committed data file is a mistake this test names."""

from __future__ import annotations

import subprocess
from pathlib import PurePosixPath

from settings import PROJECT_DIR

DATA_SUFFIXES = {".csv", ".tsv", ".xlsx", ".xls", ".parquet", ".feather", ".gz", ".zip", ".br", ".sqlite"}
LARGEST_FILE = 200_000  # bytes: the translation catalogs are the largest text we keep (~100 kB)


def _tracked() -> list[str]:
    return subprocess.run(
        ["git", "ls-files"], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    ).stdout.splitlines()


def test_no_data_file_is_committed():
    assert [path for path in _tracked() if PurePosixPath(path).suffix.lower() in DATA_SUFFIXES] == []


def test_no_committed_file_is_large():
    sizes = {path: (PROJECT_DIR / path).stat().st_size for path in _tracked() if (PROJECT_DIR / path).is_file()}
    assert {path: size for path, size in sizes.items() if size > LARGEST_FILE} == {}
