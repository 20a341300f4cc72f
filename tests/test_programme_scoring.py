"""The programme scoring rules (programme.scoring's docstring), checked against values
worked out by hand: progress, expected progress, status, budget execution and summaries."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from programme import scoring

# ---------------------------------------------------------------- progress


@pytest.mark.parametrize(
    ("baseline", "target", "actual", "direction", "expected"),
    [
        # (actual - baseline) / (target - baseline)
        pytest.param(0, 10, 5, "increase", 0.5, id="increase-half"),
        pytest.param(0, 10, 3, "increase", 0.3, id="increase-0.3"),
        pytest.param(0, 150, 150, "increase", 1.0, id="increase-reached"),
        pytest.param(0, 10, 0, "increase", 0.0, id="increase-at-baseline"),
        # decreasing indicator: the sign of the denominator does the work
        pytest.param(90, 30, 36, "decrease", 0.9, id="decrease-0.9"),
        pytest.param(90, 30, 60, "decrease", 0.5, id="decrease-half"),
        pytest.param(90, 30, 90, "decrease", 0.0, id="decrease-at-baseline"),
        pytest.param(90, 30, 30, "decrease", 1.0, id="decrease-reached"),
        # caps: beyond the target 100 %, worse than the baseline 0 %, both directions
        pytest.param(0, 10, 12, "increase", 1.0, id="increase-beyond-target"),
        pytest.param(5, 10, 2, "increase", 0.0, id="increase-worse-than-baseline"),
        pytest.param(90, 30, 20, "decrease", 1.0, id="decrease-beyond-target"),
        pytest.param(90, 30, 120, "decrease", 0.0, id="decrease-worse-than-baseline"),
        # yes/no indicators are 0/1
        pytest.param(0, 1, 1, "increase", 1.0, id="yes_no-yes"),
        pytest.param(0, 1, 0, "increase", 0.0, id="yes_no-no"),
        pytest.param(1, 0, 0, "decrease", 1.0, id="yes_no-decrease-no"),
        # stage indicators are stage numbers
        pytest.param(1, 3, 2, "increase", 0.5, id="stage-1-3-at-2"),
        pytest.param(0, 4, 1, "increase", 0.25, id="stage-0-4-at-1"),
        pytest.param(0, 3, 3, "increase", 1.0, id="stage-adopted"),
        pytest.param(2, 4, 1, "increase", 0.0, id="stage-went-back"),
        # percent
        pytest.param(10.0, 60.0, 35.0, "increase", 0.5, id="percent-half"),
        pytest.param(10.0, 60.0, 22.5, "increase", 0.25, id="percent-quarter"),
        pytest.param(40.0, 20.0, 35.0, "decrease", 0.25, id="percent-decrease"),
        # numpy and pandas scalars are numbers too
        pytest.param(np.float64(0), np.float64(10), np.float64(5), "increase", 0.5, id="numpy-float"),
        pytest.param(np.int64(0), np.int64(4), np.int64(3), "increase", 0.75, id="numpy-int"),
    ],
)
def test_progress(baseline, target, actual, direction, expected):
    result = scoring.progress(baseline, target, actual, direction)
    assert isinstance(result, float)
    assert result == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("actual", "direction", "expected"),
    [
        # increase: at or above the target is met
        (5, "increase", 1.0),
        (6, "increase", 1.0),
        (4, "increase", 0.0),
        (4.999, "increase", 0.0),
        # decrease: at or below the target is met
        (5, "decrease", 1.0),
        (4, "decrease", 1.0),
        (6, "decrease", 0.0),
        (5.001, "decrease", 0.0),
    ],
)
def test_progress_when_target_equals_baseline(actual, direction, expected):
    assert scoring.progress(5, 5, actual, direction) == expected


@pytest.mark.parametrize(
    "missing",
    [None, float("nan"), np.nan, pd.NA, np.float64("nan")],
    ids=["None", "nan", "np.nan", "pd.NA", "np.float64-nan"],
)
@pytest.mark.parametrize("direction", ["increase", "decrease"])
def test_no_actual_no_progress(missing, direction):
    assert scoring.progress(0, 10, missing, direction) is None
    # also for "maintain" indicators, where the comparison branch is taken
    assert scoring.progress(5, 5, missing, direction) is None


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA], ids=["None", "nan", "pd.NA"])
def test_missing_baseline_or_target_gives_no_progress(missing):
    assert scoring.progress(missing, 10, 5, "increase") is None
    assert scoring.progress(0, missing, 5, "increase") is None


# ---------------------------------------------------------------- expected progress


@pytest.mark.parametrize(
    ("baseline_year", "target_year", "as_of", "expected"),
    [
        # the clock starts at the end of the baseline year
        pytest.param(2020, 2030, date(2020, 12, 31), 0.0, id="start"),
        pytest.param(2020, 2030, date(2020, 6, 30), 0.0, id="before-start"),
        pytest.param(2020, 2030, date(2019, 1, 1), 0.0, id="long-before-start"),
        # 2021-2025 = 1826 days (2024 leap) of 2021-2030 = 3652 days (2024, 2028 leap): exactly half
        pytest.param(2020, 2030, date(2025, 12, 31), 0.5, id="halfway-ten-years"),
        # 365 of 730 days
        pytest.param(2020, 2022, date(2021, 12, 31), 0.5, id="halfway-two-years"),
        # 2021-01-01 .. 2021-12-31 is 365 days: 91 days is 2021-04-01
        pytest.param(2020, 2021, date(2021, 4, 1), 91 / 365, id="a-quarter-of-a-year"),
        pytest.param(2020, 2030, date(2030, 12, 31), 1.0, id="at-target-date"),
        pytest.param(2020, 2030, date(2031, 6, 30), 1.0, id="after-target"),
        pytest.param(2020, 2030, date(2045, 1, 1), 1.0, id="long-after-target"),
        # a target year equal to or before the baseline year: due at once
        pytest.param(2024, 2024, date(2020, 1, 1), 1.0, id="target-year-equals-baseline-year"),
        pytest.param(2024, 2024, date(2024, 12, 31), 1.0, id="target-year-equals-baseline-year-at-end"),
        pytest.param(2025, 2023, date(2020, 1, 1), 1.0, id="target-year-before-baseline-year"),
    ],
)
def test_expected_progress(baseline_year, target_year, as_of, expected):
    assert scoring.expected_progress(baseline_year, target_year, as_of) == pytest.approx(expected, abs=1e-12)


def test_expected_progress_accepts_numpy_and_pandas_years():
    as_of = date(2025, 12, 31)
    assert scoring.expected_progress(np.int64(2020), pd.array([2030], dtype="Int64")[0], as_of) == 0.5


# ---------------------------------------------------------------- status


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA], ids=["None", "nan", "pd.NA"])
@pytest.mark.parametrize("target_passed", [False, True])
def test_status_without_data(missing, target_passed):
    assert scoring.status(missing, 0.5, target_passed) == "no_data"
    assert scoring.status(missing, 1.0, target_passed) == "no_data"


@pytest.mark.parametrize(
    ("progress", "expected", "target_passed"),
    [
        (1.0, 0.0, False),
        (1.0, 0.5, False),
        (1.0, 1.0, False),
        (1.0, 1.0, True),  # achieved, and late: still on track
        (1.5, 1.0, True),  # uncapped input above 100 %
    ],
)
def test_achieved_is_on_track_even_late(progress, expected, target_passed):
    assert scoring.status(progress, expected, target_passed) == "on_track"


@pytest.mark.parametrize(
    ("progress", "expected", "status"),
    [
        pytest.param(0.9, 0.5, "on_track", id="ahead"),
        pytest.param(0.5, 0.5, "on_track", id="on-schedule"),
        pytest.param(0.0, 0.0, "on_track", id="nothing-expected-yet"),
        pytest.param(0.0, 0.09375, "on_track", id="just-within-10"),  # 3/32 behind
        pytest.param(0.4, 0.5, "on_track", id="10-points-behind"),
        pytest.param(0.3984375, 0.5, "at_risk", id="just-beyond-10"),  # 0.1015625 behind
        pytest.param(0.375, 0.5, "at_risk", id="12.5-points-behind"),
        pytest.param(0.25, 0.5, "at_risk", id="25-points-behind"),  # exact in binary
        pytest.param(0.5, 0.75, "at_risk", id="25-points-behind-again"),
        pytest.param(0.2421875, 0.5, "off_track", id="just-beyond-25"),  # 0.2578125 behind
        pytest.param(0.2, 0.5, "off_track", id="30-points-behind"),
        pytest.param(0.0, 1.0, "off_track", id="nothing-done-all-expected"),
    ],
)
def test_status_thresholds_before_the_target_date(progress, expected, status):
    assert scoring.status(progress, expected) == status
    assert scoring.status(progress, expected, target_passed=False) == status


@pytest.mark.parametrize(
    ("progress", "status"),
    [
        pytest.param(0.99, "at_risk", id="almost"),
        pytest.param(0.9, "at_risk", id="10-short"),  # would be on track before the target date
        pytest.param(0.75, "at_risk", id="25-short"),
        pytest.param(0.7421875, "off_track", id="just-beyond-25-short"),
        pytest.param(0.5, "off_track", id="half"),
        pytest.param(0.0, "off_track", id="nothing"),
    ],
)
def test_status_once_the_target_date_has_passed(progress, status):
    assert scoring.status(progress, 1.0, target_passed=True) == status


def test_target_passed_never_on_track_short_of_100():
    assert scoring.status(0.95, 1.0, target_passed=False) == "on_track"
    assert scoring.status(0.95, 1.0, target_passed=True) == "at_risk"


@pytest.mark.parametrize(
    ("progress", "expected", "status"),
    [
        (0.7, 0.8, "on_track"),
        (0.3, 0.4, "on_track"),
        (0.3, 0.55, "at_risk"),
    ],
)
def test_status_exactly_at_a_threshold_with_decimal_inputs(progress, expected, status):
    assert scoring.status(progress, expected) == status


# ---------------------------------------------------------------- budget execution


@pytest.mark.parametrize(
    ("budget", "expenditure", "expected"),
    [
        (1000.0, 250.0, 0.25),
        (1000, 0, 0.0),
        (200_000.0, 200_000.0, 1.0),
        (1000.0, 1100.0, 1.1),  # overspending is shown, not capped
        (np.float64(400.0), np.float64(100.0), 0.25),
    ],
)
def test_budget_execution(budget, expenditure, expected):
    assert scoring.budget_execution(budget, expenditure) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("budget", "expenditure"),
    [
        (0, 0),
        (0.0, 100.0),
        (-100.0, 50.0),
        (None, 100.0),
        (float("nan"), 100.0),
        (pd.NA, 100.0),
        (1000.0, None),
        (1000.0, float("nan")),
        (1000.0, pd.NA),
    ],
)
def test_budget_execution_without_budget_or_expenditure(budget, expenditure):
    assert scoring.budget_execution(budget, expenditure) is None


# ---------------------------------------------------------------- score_indicators

AS_OF = date(2025, 12, 31)  # halfway from the end of 2020 to the end of 2030 (1826 / 3652 days)


@pytest.fixture
def scored():
    frame = pd.DataFrame(
        {
            "indicator_id": ["up", "down", "none", "late-short", "late-far", "late-done", "behind", "maintain"],
            "baseline_value": pd.array([0, 90, 0, 0, 0, 0, 0, 5], dtype="Float64"),
            "target_value": pd.array([10, 30, 10, 4, 4, 4, 10, 5], dtype="Float64"),
            "latest_value": pd.array([5, 75, None, 3, 2, 4, 1, 6], dtype="Float64"),
            "direction": [
                "increase",
                "decrease",
                "increase",
                "increase",
                "increase",
                "increase",
                "increase",
                "decrease",
            ],
            "baseline_year": pd.array([2020, 2020, 2020, 2018, 2018, 2018, 2020, 2020], dtype="Int64"),
            "target_year": pd.array([2030, 2030, 2030, 2024, 2024, 2024, 2030, 2030], dtype="Int64"),
        },
        index=list("abcdefgh"),
    )
    original = frame.copy()
    result = scoring.score_indicators(frame, AS_OF)
    pd.testing.assert_frame_equal(frame, original)  # the input is not modified
    return result


def test_score_indicators_values(scored):
    # progress: 5/10; (75-90)/(30-90); none; 3/4; 2/4; 4/4; 1/10; maintain-decrease with 6 > 5
    expected_progress = [0.5, 0.25, None, 0.75, 0.5, 1.0, 0.1, 0.0]
    expected_expected = [0.5, 0.5, 0.5, 1.0, 1.0, 1.0, 0.5, 0.5]
    expected_status = [
        "on_track",  # 0.5 of 0.5
        "at_risk",  # 25 points behind
        "no_data",
        "at_risk",  # target passed, 25 points short
        "off_track",  # target passed, 50 points short
        "on_track",  # achieved, late
        "off_track",  # 40 points behind
        "off_track",
    ]  # 0 of 0.5 (maintain, missed)
    for column, values in (("progress", expected_progress), ("expected", expected_expected)):
        got = scored[column].tolist()
        for index, (value, want) in enumerate(zip(got, values)):
            if want is None:
                assert value is pd.NA, (column, index)
            else:
                assert value == pytest.approx(want, abs=1e-12), (column, index)
    assert scored["status"].tolist() == expected_status


def test_score_indicators_shape(scored):
    assert list(scored.index) == list("abcdefgh")
    assert list(scored.columns) == [
        "indicator_id",
        "baseline_value",
        "target_value",
        "latest_value",
        "direction",
        "baseline_year",
        "target_year",
        "progress",
        "expected",
        "status",
    ]
    assert str(scored["progress"].dtype) == "Float64"
    assert str(scored["expected"].dtype) == "Float64"
    assert set(scored["status"]) <= set(scoring.STATUSES)


def test_score_indicators_target_date_is_end_of_target_year():
    frame = pd.DataFrame(
        {
            "baseline_value": [0.0],
            "target_value": [10.0],
            "latest_value": [9.5],
            "direction": ["increase"],
            "baseline_year": [2020],
            "target_year": [2025],
        }
    )
    # one day before the due date: 95 % done, expected just under 100 %: on track
    assert scoring.score_indicators(frame, date(2025, 12, 30))["status"].tolist() == ["on_track"]
    # after it: short of 100 %, so at risk at best
    assert scoring.score_indicators(frame, date(2026, 3, 31))["status"].tolist() == ["at_risk"]


def test_score_indicators_empty_frame():
    frame = pd.DataFrame(
        {
            column: []
            for column in (
                "baseline_value",
                "target_value",
                "latest_value",
                "direction",
                "baseline_year",
                "target_year",
            )
        }
    )
    result = scoring.score_indicators(frame, AS_OF)
    assert len(result) == 0
    assert {"progress", "expected", "status"} <= set(result.columns)


# ---------------------------------------------------------------- summarise


def _frames():
    indicators = pd.DataFrame(
        {
            "country": ["A", "B", "B", "B", "B"],
            "status": ["on_track", "off_track", "off_track", "at_risk", "no_data"],
            "progress": pd.array([1.0, 0.0, 0.0, 0.0, None], dtype="Float64"),
        }
    )
    activities = pd.DataFrame(
        {
            "country": ["A", "B", "B", "C"],
            "status": ["ongoing", "completed", "cancelled", "delayed"],
            "budget_usd": [100.0, 300.0, 0.0, 100.0],
            "expenditure_usd": [50.0, 30.0, 0.0, 100.0],
        }
    )
    milestones = pd.DataFrame(
        {
            "country": ["A", "B", "B"],
            "achieved_date": ["2024-01-01", None, None],
        }
    )
    events = pd.DataFrame(
        {
            "country": ["A", "B"],
            "participants": [10, 30],
            "women": [8, 6],
        }
    )
    return indicators, activities, milestones, events


def test_summarise_portfolio_pools_rows():
    frame = scoring.summarise(*_frames(), by=None)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert "group" not in frame.columns
    assert row["indicators"] == 5
    assert (row["on_track"], row["at_risk"], row["off_track"], row["no_data"]) == (1, 1, 2, 1)
    assert row["with_data"] == 4
    # pooled over the 4 indicators with data: (1 + 0 + 0 + 0) / 4, not the mean of country means (1 + 0) / 2
    assert row["mean_progress"] == pytest.approx(0.25)
    assert row["activities"] == 4
    assert (
        row["activities_planned"],
        row["activities_ongoing"],
        row["activities_completed"],
        row["activities_delayed"],
        row["activities_cancelled"],
    ) == (0, 1, 1, 1, 1)
    assert row["budget_usd"] == 500.0
    assert row["expenditure_usd"] == 180.0
    # 180 / 500, not the mean of country executions (0.5 + 0.1 + 1.0) / 3
    assert row["execution"] == pytest.approx(0.36)
    assert (row["milestones"], row["milestones_achieved"]) == (3, 1)
    assert (row["events"], row["participants"], row["women"]) == (2, 40, 14)
    # 14 / 40, not the mean of country shares (0.8 + 0.2) / 2
    assert row["women_share"] == pytest.approx(0.35)


def test_summarise_by_country():
    frame = scoring.summarise(*_frames(), by="country").set_index("country")
    assert list(frame.index) == ["A", "B", "C"]  # C has only an activity, and still a row
    assert frame.loc["A", "indicators"] == 1 and frame.loc["A", "on_track"] == 1
    assert frame.loc["A", "mean_progress"] == pytest.approx(1.0)
    assert frame.loc["A", "execution"] == pytest.approx(0.5)
    assert frame.loc["A", "women_share"] == pytest.approx(0.8)
    b = frame.loc["B"]
    assert (b["indicators"], b["with_data"], b["no_data"], b["off_track"], b["at_risk"]) == (4, 3, 1, 2, 1)
    assert b["mean_progress"] == pytest.approx(0.0)
    assert b["execution"] == pytest.approx(0.1)  # 30 / (300 + 0)
    assert (b["milestones"], b["milestones_achieved"]) == (2, 0)
    assert b["women_share"] == pytest.approx(0.2)
    c = frame.loc["C"]
    assert (c["indicators"], c["with_data"], c["no_data"], c["on_track"]) == (0, 0, 0, 0)
    assert c["mean_progress"] is None or pd.isna(c["mean_progress"])
    assert c["activities"] == 1 and c["activities_delayed"] == 1
    assert c["execution"] == pytest.approx(1.0)
    assert (c["milestones"], c["events"], c["participants"]) == (0, 0, 0)
    assert c["women_share"] is None or pd.isna(c["women_share"])


def test_summarise_counts_add_up_to_the_portfolio():
    portfolio = scoring.summarise(*_frames(), by=None).iloc[0]
    countries = scoring.summarise(*_frames(), by="country")
    for column in (
        "indicators",
        "on_track",
        "at_risk",
        "off_track",
        "no_data",
        "with_data",
        "activities",
        "budget_usd",
        "expenditure_usd",
        "milestones",
        "milestones_achieved",
        "events",
        "participants",
        "women",
    ):
        assert countries[column].sum() == portfolio[column], column


def test_summarise_no_budget_means_no_execution():
    indicators, activities, milestones, events = _frames()
    frame = scoring.summarise(indicators, activities.iloc[0:0], milestones, events, by=None)
    row = frame.iloc[0]
    assert (row["activities"], row["budget_usd"], row["expenditure_usd"]) == (0, 0.0, 0.0)
    assert row["execution"] is None or pd.isna(row["execution"])


def test_summarise_empty_frames():
    indicators, activities, milestones, events = (frame.iloc[0:0] for frame in _frames())
    assert len(scoring.summarise(indicators, activities, milestones, events, by="country")) == 0
    row = scoring.summarise(indicators, activities, milestones, events, by=None).iloc[0]
    assert (row["indicators"], row["no_data"], row["activities"], row["events"]) == (0, 0, 0, 0)
    assert row["mean_progress"] is None or math.isnan(row["mean_progress"])
