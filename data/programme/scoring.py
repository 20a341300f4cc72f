"""How programme progress is scored: the one place these rules live.

Indicator progress
    (actual - baseline) / (target - baseline), capped to 0-100 %. The formula is the same for
    indicators that should go down (target below baseline): the sign of the denominator does
    the work. When target equals baseline ("maintain"), progress is 100 % if the actual is at
    or beyond the target in the indicator's direction, else 0 %. yes/no indicators are 0/1 and
    stage indicators are stage numbers, so the same formula applies. No actual, no progress.

Status, against time elapsed
    expected = share of the time from the end of the baseline year to the end of the target
    year that has passed at the as-of date (the end of the latest reporting period in the
    data, so stale indicators are judged against today's expectation).
    - no data: no actual value;
    - on track: progress >= 100 %, or progress within 10 points of expected;
    - at risk: within 25 points of expected;
    - off track: further behind. From the end of the target year on (the as-of date on or
      after 31 December), anything short of 100 % is at risk (within 25 points) or off track.

Summaries
    Counts and shares are computed from indicator, activity, milestone and event rows of the
    group (country or portfolio), never by averaging country averages; the number of
    indicators without data is always part of the summary. Budget execution is total
    expenditure / total budget of the group's activities (cancelled ones included: what they
    spent was spent). Rows without a group key form their own group, so groups add up.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

ON_TRACK_GAP = 0.10
AT_RISK_GAP = 0.25
STATUSES = ("on_track", "at_risk", "off_track", "no_data")


# Thresholds are compared with this slack, so that exactly 10 points behind is on track
# whatever floating point makes of the subtraction.
EPSILON = 1e-9


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, (float, np.floating)) and math.isnan(value))


def progress(baseline, target, actual, direction: str) -> float | None:
    """Share of the way from baseline to target (0-1), or None without an actual."""
    if _missing(actual) or _missing(baseline) or _missing(target):
        return None
    if target == baseline:
        met = actual >= target if direction == "increase" else actual <= target
        return 1.0 if met else 0.0
    share = (actual - baseline) / (target - baseline)
    return min(max(float(share), 0.0), 1.0)


def expected_progress(baseline_year: int, target_year: int, as_of: date) -> float:
    """Share of the baseline-to-target time elapsed at `as_of` (0-1)."""
    start, due = date(int(baseline_year), 12, 31), date(int(target_year), 12, 31)
    if due <= start:
        return 1.0
    share = (as_of - start).days / (due - start).days
    return min(max(share, 0.0), 1.0)


def status(progress_share: float | None, expected: float, target_passed: bool = False) -> str:
    """on_track | at_risk | off_track | no_data (see the module docstring)."""
    if _missing(progress_share):
        return "no_data"
    if progress_share >= 1.0:
        return "on_track"
    gap = expected - progress_share
    if target_passed:
        return "at_risk" if gap <= AT_RISK_GAP + EPSILON else "off_track"
    if gap <= ON_TRACK_GAP + EPSILON:
        return "on_track"
    return "at_risk" if gap <= AT_RISK_GAP + EPSILON else "off_track"


def score_indicators(indicators: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Add progress, expected and status to rows with baseline, target, direction, years and
    `latest_value` (the latest actual for both sexes, NA when none)."""
    scored = []
    for row in indicators.itertuples(index=False):
        share = progress(row.baseline_value, row.target_value, row.latest_value, row.direction)
        expected = expected_progress(row.baseline_year, row.target_year, as_of)
        passed = as_of >= date(int(row.target_year), 12, 31)
        scored.append((share, expected, status(share, expected, passed)))
    frame = pd.DataFrame(scored, columns=["progress", "expected", "status"], index=indicators.index)
    return indicators.assign(
        progress=frame["progress"].astype("Float64"),
        expected=frame["expected"].astype("Float64"),
        status=frame["status"].astype("str"),
    )


def budget_execution(budget: float, expenditure: float) -> float | None:
    """Expenditure / budget, or None without a budget."""
    if _missing(budget) or budget <= 0 or _missing(expenditure):
        return None
    return float(expenditure) / float(budget)


def summarise(
    indicators: pd.DataFrame,
    activities: pd.DataFrame,
    milestones: pd.DataFrame,
    events: pd.DataFrame,
    by: str | None = "country",
) -> pd.DataFrame:
    """One row per group (`by` column, or one row for all when None), from the rows themselves.

    Columns: indicators, on_track, at_risk, off_track, no_data, with_data, mean_progress (over
    indicators with data), activities and one column per status (activities_<status>),
    budget_usd, expenditure_usd, execution, milestones, milestones_achieved, milestones_overdue
    (when the milestones have an `overdue` column), events,
    participants, women, women_share.
    """

    def groups(frame):
        if by is None:
            return {"all": frame}
        # not dict(groupby): dict() would take the groupby's `keys` attribute for a mapping's keys()
        return {key: group for key, group in frame.groupby(by, sort=True, dropna=False)} if len(frame) else {}  # noqa: C416

    grouped = [groups(frame) for frame in (indicators, activities, milestones, events)]
    keys = sorted(set().union(*(g.keys() for g in grouped)), key=lambda key: (_missing(key), str(key)))
    rows = []
    for key in keys:
        ind, act, mil, ev = (
            g.get(key, frame.iloc[0:0]) for g, frame in zip(grouped, (indicators, activities, milestones, events))
        )
        counts = ind["status"].value_counts() if len(ind) else pd.Series(dtype="int64")
        with_data = ind["progress"].dropna() if len(ind) else pd.Series(dtype="float64")
        budget = float(act["budget_usd"].sum()) if len(act) else 0.0
        spent = float(act["expenditure_usd"].sum()) if len(act) else 0.0
        participants = int(ev["participants"].sum()) if len(ev) else 0
        women = int(ev["women"].sum()) if len(ev) else 0
        row = {
            "group": key,
            "indicators": len(ind),
            **{name: int(counts.get(name, 0)) for name in STATUSES},
            "with_data": len(with_data),
            "mean_progress": float(with_data.mean()) if len(with_data) else None,
            "activities": len(act),
            **{
                f"activities_{name}": int((act["status"] == name).sum()) if len(act) else 0
                for name in ("planned", "ongoing", "completed", "delayed", "cancelled")
            },
            "budget_usd": budget,
            "expenditure_usd": spent,
            "execution": budget_execution(budget, spent),
            "milestones": len(mil),
            "milestones_achieved": int(mil["achieved_date"].notna().sum()) if len(mil) else 0,
            "milestones_overdue": int(mil["overdue"].sum()) if len(mil) and "overdue" in mil else 0,
            "events": len(ev),
            "participants": participants,
            "women": women,
            "women_share": women / participants if participants else None,
        }
        rows.append(row)
    frame = pd.DataFrame(rows)
    if by is not None and len(frame):
        frame = frame.rename(columns={"group": by})
    elif len(frame):
        frame = frame.drop(columns="group")
    return frame
