"""The programme's derived tables: what the views and /api/v1 show, from one stored version.

- `indicators`: one row per indicator with its result, outcome, area and tags, the latest
  actual (both sexes, and women and men where reported), and progress and status
  (programme.scoring) at the as-of date, and `stale` when that latest actual is from a
  period before the reporting period (the quarter of the as-of date).
- `activities`, `milestones`, `capacity_events`: the stored rows with the area and tags of
  the result they contribute to, so every view filters them the same way.
- `values`: every reported value, with the indicator's unit, baseline and target.
A result's tags include those of its outcome: an output serves its outcome's objectives.
Computed once per version and process (versions never change).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pandas as pd

from programme import database, scoring
from programme.schema import list_text, period_end


def as_of(data) -> date:
    """The end of the latest reporting period in the data (today when nothing is reported)."""
    periods = data["indicator_values"]["period"]
    return max(period_end(p) for p in periods.unique()).date() if len(periods) else date.today()


def _merge_tags(own, parent) -> str | None:
    merged = ";".join(value for value in (own, parent) if isinstance(value, str))
    return list_text(merged) if merged else None


def results_with_tags(data) -> pd.DataFrame:
    results = data["results"]
    parents = results.set_index("result_id")
    rows = results.assign(
        outcome_id=[r.result_id if r.level == "outcome" else r.parent_id for r in results.itertuples()],
    )
    for column in ("gcm_objectives", "sdg_targets"):
        rows[column] = [
            _merge_tags(own, parents[column].get(parent) if isinstance(parent, str) else None)
            for own, parent in zip(rows[column], rows["parent_id"])
        ]
    rows["outcome_statement"] = rows["outcome_id"].map(parents["statement"])
    return rows


def _latest(values: pd.DataFrame, sex: str) -> pd.DataFrame:
    rows = values[(values["sex"] == sex) & values["value"].notna()].sort_values(["indicator_id", "period"])
    return rows.groupby("indicator_id").tail(1).set_index("indicator_id")


def _with_result(frame: pd.DataFrame, results: pd.DataFrame, columns=("area", "gcm_objectives", "sdg_targets")):
    lookup = results.set_index("result_id")
    return frame.assign(**{column: frame["result_id"].map(lookup[column]) for column in columns})


@lru_cache(maxsize=4)
def derived(url: str, version_id: int) -> dict[str, pd.DataFrame]:
    """The derived tables of a stored version (computed once per version and process)."""
    return derive(database.read(url, version_id))


def derive(data) -> dict[str, pd.DataFrame]:
    """The derived tables of one version's sheets (a ProgrammeData or a dict of frames, such
    as an upload being previewed)."""
    when = as_of(data)
    results = results_with_tags(data)
    values = data["indicator_values"]
    latest = _latest(values, "total")
    counts = values[values["sex"] == "total"].groupby("indicator_id").size()
    indicators = data["indicators"].merge(
        results[
            [
                "result_id",
                "country",
                "level",
                "area",
                "statement",
                "lead_agency",
                "outcome_id",
                "outcome_statement",
                "gcm_objectives",
                "sdg_targets",
            ]
        ].rename(columns={"statement": "result_statement", "level": "result_level"}),
        on="result_id",
        how="left",
    )
    ids = indicators["indicator_id"]
    indicators = indicators.assign(
        latest_period=ids.map(latest["period"]).astype("str"),
        latest_value=ids.map(latest["value"]).astype("Float64"),
        latest_female=ids.map(_latest(values, "female")["value"]).astype("Float64"),
        latest_male=ids.map(_latest(values, "male")["value"]).astype("Float64"),
        values_reported=ids.map(counts).fillna(0).astype("Int64"),
    )
    indicators = scoring.score_indicators(indicators, when)
    reporting_period = f"{when.year}-Q{(when.month - 1) // 3 + 1}"
    # Out of date: the latest value is from before the reporting period (see STALE_RULE).
    indicators["stale"] = (
        indicators["latest_period"].notna() & (indicators["latest_period"] < reporting_period)
    ).astype("boolean")
    detail = values.merge(
        indicators[
            [
                "indicator_id",
                "country",
                "name",
                "unit",
                "baseline_value",
                "baseline_year",
                "target_value",
                "target_year",
            ]
        ],
        on="indicator_id",
        how="left",
    )
    activities = _with_result(data["activities"], results)
    activities = activities.assign(
        execution=[
            scoring.budget_execution(b, e) for b, e in zip(activities["budget_usd"], activities["expenditure_usd"])
        ]
    )
    activities["execution"] = activities["execution"].astype("Float64")
    milestones = _with_result(data["milestones"], results)
    milestones = milestones.assign(
        overdue=(milestones["achieved_date"].isna() & (milestones["planned_date"] < when.isoformat())).astype("boolean")
    )
    events = _with_result(data["capacity_events"], results)
    events = events.assign(
        women_share=(events["women"] / events["participants"].where(events["participants"] > 0)).astype("Float64")
    )
    return {
        "indicators": indicators.sort_values(["country", "outcome_id", "result_id", "indicator_id"]).reset_index(
            drop=True
        ),
        "values": detail.reset_index(drop=True),
        "activities": activities,
        "milestones": milestones,
        "capacity_events": events,
        "results": results,
        "countries": data["countries"],
        "as_of": pd.DataFrame({"as_of": [when.isoformat()]}),
    }


def has_tag(column: pd.Series, tag: str) -> pd.Series:
    """Rows whose ";"-joined tags include `tag`."""
    return column.fillna("").map(lambda text: tag in text.split(";")).astype(bool)


def filtered(
    frame: pd.DataFrame, countries=(), area: str | None = None, gcm: str | None = None, sdg: str | None = None
) -> pd.DataFrame:
    """Rows of a derived table for the portfolio's filters (empty or None: no filter)."""
    mask = pd.Series(True, index=frame.index)
    if countries:
        mask &= frame["country"].isin(list(countries))
    if area:
        mask &= frame["area"] == area
    if gcm:
        mask &= has_tag(frame["gcm_objectives"], gcm)
    if sdg:
        mask &= has_tag(frame["sdg_targets"], sdg)
    return frame.loc[mask.to_numpy()]
