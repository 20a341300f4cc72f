"""The programme's summaries for a view state: the derived tables' rows it selects, the
headline summary per country and for all of them, the period the data is as of, the tags in
use and the indicator a country view shows. Charts, pages and briefs read the programme
through these, so every view counts the same way."""

from __future__ import annotations

import pandas as pd

from data import queries
from programme import derived_tables, scoring


def scope(state: dict) -> dict[str, pd.DataFrame]:
    """The derived tables' rows for a view state (absent keys: no filter)."""
    derived = queries.programme_tables_now()
    filters = {
        "countries": tuple(state.get("country") or ()),
        "area": None if state.get("area", "all") == "all" else state["area"],
        "gcm": None if state.get("gcm", "all") == "all" else state["gcm"],
        "sdg": None if state.get("sdg", "all") == "all" else state["sdg"],
    }
    rows = {
        name: derived_tables.filtered(derived[name], **filters)
        for name in ("indicators", "activities", "milestones", "capacity_events")
    }
    rows["results"] = derived["results"]
    rows["values"] = derived["values"]
    rows["as_of"] = derived["as_of"]["as_of"].iloc[0]
    return rows


def as_of_period(as_of: str) -> str:
    """The quarter the data is as of ("2025-Q3"), as every programme view states it."""
    stamp = pd.Timestamp(as_of)
    return f"{stamp.year}-Q{(stamp.month - 1) // 3 + 1}"


def summaries(rows: dict) -> tuple[pd.DataFrame, dict]:
    """Per-country summaries and the summary of all the rows (pooled, never averaged)."""
    args = (rows["indicators"], rows["activities"], rows["milestones"], rows["capacity_events"])
    per_country = scoring.summarise(*args, by="country")
    total = scoring.summarise(*args, by=None)
    return per_country, (total.to_dict("records")[0] if len(total) else None)


def programme_countries() -> frozenset:
    """The countries with programme data (raises queries.NoProgrammeData when none is published)."""
    return queries.column_values("programme-indicators", "country")


def country_summary(iso3: str) -> tuple[dict, str] | None:
    """The country's programme headline summary and as-of period; None for a country without
    programme data, or when no programme data is published."""
    try:
        if iso3 not in programme_countries():
            return None
    except queries.NoProgrammeData:
        return None
    rows = scope({"country": (iso3,)})
    _per_country, total = summaries(rows)
    return (total, as_of_period(rows["as_of"])) if total is not None else None


def used_tags(column: str) -> set[str]:
    """The GCM objectives or SDG targets some result is tagged with (the filter's options)."""
    tags = queries.programme_tables_now()["results"][column].dropna()
    return {tag for text in tags for tag in text.split(";")}


def selected_indicator(indicators: pd.DataFrame, country: str, indicator: str) -> pd.Series | None:
    """The indicator a view state asks for, or the country's first one with a value reported
    (a page should open on a chart with something in it), else its first one."""
    own = indicators[indicators["country"] == country]
    if own.empty:
        return None
    chosen = own[own["indicator_id"] == indicator]
    reported = own[own["values_reported"] > 0]
    return (chosen if len(chosen) else reported if len(reported) else own).iloc[0]
