"""Checks on source files, declared next to the readers that use them.

A failed check raises SourceError naming the file and the problem, so the build stops with a
message an M&E officer or a data engineer can act on, and the previous build stays in place.
(Plain pandas checks rather than a schema library: the rules here are few, and each reads
as one line.)
"""

from __future__ import annotations

import re

import pandas as pd

ISO3 = re.compile(r"^[A-Z]{3}$")


class SourceError(Exception):
    """A source file is missing or does not look like the publisher's file should."""

    def __init__(self, path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


def require_columns(frame: pd.DataFrame, path, columns) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise SourceError(path, f"missing columns {missing}; found {list(frame.columns)[:12]}")


def require(condition: bool, path, problem: str) -> None:
    if not condition:
        raise SourceError(path, problem)


def require_iso3(values: pd.Series, path, column: str, allowed_extra=()) -> None:
    codes = pd.Series(values.dropna().unique()).astype(str)
    bad = sorted(code for code in codes if not ISO3.match(code) and code not in allowed_extra)
    require(not bad, path, f"column {column!r} has values that are not ISO3 codes: {bad[:10]}")


def require_unique(frame: pd.DataFrame, path, keys) -> None:
    duplicated = frame.duplicated(list(keys))
    require(
        not duplicated.any(),
        path,
        f"{int(duplicated.sum())} duplicated rows for key {list(keys)}, e.g. "
        f"{frame.loc[duplicated, list(keys)].head(3).to_dict('records')}",
    )


def require_non_negative(values: pd.Series, path, column: str) -> None:
    negative = values.dropna() < 0
    require(not negative.any(), path, f"column {column!r} has {int(negative.sum())} negative values")


def numeric(values: pd.Series, path, column: str, missing=("..", "")) -> pd.Series:
    """Numbers from a column where the publisher writes missing values as `missing`;
    any other text is an error (never silently turned into a missing value)."""
    text = values.astype("string").str.strip()
    converted = pd.to_numeric(text.where(~text.isin(missing)), errors="coerce")
    unreadable = converted.isna() & text.notna() & ~text.isin(missing)
    require(
        not unreadable.any(),
        path,
        f"column {column!r} has values that are not numbers: {text[unreadable].unique()[:5].tolist()}",
    )
    return converted.astype("float64")
