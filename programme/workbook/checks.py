"""Checks across rows and sheets of an uploaded workbook, once every cell has been read: references
to other sheets, the results tree, bounds (no negative budgets, percentages from 0 to 100),
order (ends after starts), cumulative counts that never fall, and milestones that agree with
their indicators. Each takes the sheets as read (programme.workbook.reading.SheetRows;
those missing or unreadable are absent) and returns its problems; add new ones to CROSS_CHECKS.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING

from i18n import N_
from programme.problems import Phrase, Problem, shown

if TYPE_CHECKING:  # annotations only: reading imports this module to run the checks
    from programme.workbook.reading import SheetRows

NO_SUCH = N_("no such {column} in the {sheet} sheet")


def _references(sheet_name: str, column: str, target_name: str, target_column: str) -> Callable:
    def check(parsed: dict[str, SheetRows]) -> list[Problem]:
        rows, target = parsed.get(sheet_name), parsed.get(target_name)
        if rows is None or target is None or target_column not in target.columns:
            return []  # the missing sheet or column is already a problem of its own
        known = {record.get(target_column) for record in target.records}
        return [
            Problem.of(sheet_name, row, column, record[column], NO_SUCH, column=target_column, sheet=target_name)
            for record, row in zip(rows.records, rows.rows)
            if record.get(column) is not None and record[column] not in known
        ]

    return check


def _parents(parsed: dict[str, SheetRows]) -> list[Problem]:
    """An output's parent_id is an outcome of the same country."""
    rows = parsed.get("results")
    if rows is None:
        return []
    by_id = {record.get("result_id"): record for record in rows.records if record.get("result_id") is not None}
    problems = []
    for record, row in zip(rows.records, rows.rows):
        parent_id = record.get("parent_id")
        if parent_id is None:
            continue
        parent = by_id.get(parent_id)
        level, country, own_country = (parent or {}).get("level"), (parent or {}).get("country"), record.get("country")
        # A level or country that is missing or bad is a problem of its own: compare only known values.
        if parent is None:
            problems.append(
                Problem.of("results", row, "parent_id", parent_id, NO_SUCH, column="result_id", sheet="results")
            )
            continue
        reason = (
            N_("the parent is not an outcome")
            if level is not None and level != "outcome"
            else N_("the parent is an outcome of another country")
            if None not in (country, own_country) and country != own_country
            else None
        )
        if reason:
            problems.append(Problem.of("results", row, "parent_id", parent_id, reason))
    return problems


def _rows(parsed: dict[str, SheetRows], sheet_name: str):
    """(record, Excel row) of every record of a sheet as read (none when the sheet is missing)."""
    rows = parsed.get(sheet_name)
    return zip(rows.records, rows.rows) if rows is not None else ()


# Numbers that cannot be negative, or are percentages: (sheet, column) -> what the value is.
NOT_NEGATIVE = {
    ("activities", "budget_usd"): Phrase(N_("a budget")),
    ("activities", "expenditure_usd"): Phrase(N_("an expenditure")),
    ("capacity_events", "participants"): Phrase(N_("a number of participants")),
    ("capacity_events", "women"): Phrase(N_("a number of women")),
    ("capacity_events", "institutions"): Phrase(N_("a number of institutions")),
}
NEGATIVE_REASON = N_("negative: {what} cannot be below 0")
PERCENT_REASON = N_("{over}: a percentage is a number from 0 to 100 (write 45 for 45%)")
OVER_100, BELOW_0 = Phrase(N_("over 100")), Phrase(N_("below 0"))


def _percent_problem(sheet: str, row: int, column: str, value) -> list[Problem]:
    if value is None or 0 <= value <= 100:
        return []
    return [Problem.of(sheet, row, column, shown(value), PERCENT_REASON, over=OVER_100 if value > 100 else BELOW_0)]


def _bounds(parsed: dict[str, SheetRows]) -> list[Problem]:
    """No negative budgets, expenditures or counts of people; percentages from 0 to 100 (the
    activities' percent_complete, and every value of an indicator whose unit is percent)."""
    problems = []
    for (sheet, column), what in NOT_NEGATIVE.items():
        problems += [
            Problem.of(sheet, row, column, shown(record[column]), NEGATIVE_REASON, what=what)
            for record, row in _rows(parsed, sheet)
            if record.get(column) is not None and record[column] < 0
        ]
    for record, row in _rows(parsed, "activities"):
        problems += _percent_problem("activities", row, "percent_complete", record.get("percent_complete"))
    percent = set()
    for record, row in _rows(parsed, "indicators"):
        if record.get("unit") == "percent":
            percent.add(record.get("indicator_id"))
            for column in ("baseline_value", "target_value"):
                problems += _percent_problem("indicators", row, column, record.get(column))
    for record, row in _rows(parsed, "indicator_values"):
        if record.get("indicator_id") in percent:
            problems += _percent_problem("indicator_values", row, "value", record.get("value"))
    return problems


def _order(parsed: dict[str, SheetRows]) -> list[Problem]:
    """Ends after starts, targets after baselines, women among the participants."""
    problems = []
    for sheet in ("programme", "activities"):
        for record, row in _rows(parsed, sheet):
            start, end = record.get("start_date"), record.get("end_date")
            if None not in (start, end) and end < start:  # ISO dates compare as text
                problems.append(
                    Problem.of(
                        sheet,
                        row,
                        "end_date",
                        end,
                        N_("the end date is before the start date ({start}): correct one of them"),
                        start=start,
                    )
                )
    for record, row in _rows(parsed, "indicators"):
        baseline, target = record.get("baseline_year"), record.get("target_year")
        if None not in (baseline, target) and target < baseline:
            problems.append(
                Problem.of(
                    "indicators",
                    row,
                    "target_year",
                    shown(target),
                    N_(
                        "the target year is before the baseline year ({baseline}): the target year "
                        "must be the baseline "
                        "year or later"
                    ),
                    baseline=baseline,
                )
            )
    for record, row in _rows(parsed, "capacity_events"):
        women, participants = record.get("women"), record.get("participants")
        if None not in (women, participants) and women > participants:
            problems.append(
                Problem.of(
                    "capacity_events",
                    row,
                    "women",
                    shown(women),
                    N_("more women than participants ({participants}): women are counted among the participants"),
                    participants=participants,
                )
            )
    return problems


def _quarter(iso_date: str) -> str:
    """The reporting period ("2025-Q2") an ISO date falls in."""
    return f"{iso_date[:4]}-Q{(int(iso_date[5:7]) - 1) // 3 + 1}"


def _totals(parsed: dict[str, SheetRows]) -> dict[str, list[tuple[str, object, int]]]:
    """indicator_id -> its values for both sexes together as (period, value, Excel row), in period order."""
    totals: dict[str, list] = {}
    for record, row in _rows(parsed, "indicator_values"):
        if record.get("sex") in (None, "total") and None not in (record.get("period"), record.get("value")):
            totals.setdefault(record.get("indicator_id"), []).append((record["period"], record["value"], row))
    return {key: sorted(values) for key, values in totals.items()}


def _cumulative(parsed: dict[str, SheetRows]) -> list[Problem]:
    """A cumulative indicator's values (each sex on its own) never fall from one period to the next."""
    cumulative = {r.get("indicator_id") for r, _row in _rows(parsed, "indicators") if r.get("cumulative") is True}
    series: dict[tuple, list] = {}
    for record, row in _rows(parsed, "indicator_values"):
        if record.get("indicator_id") in cumulative and None not in (record.get("period"), record.get("value")):
            key = (record["indicator_id"], record.get("sex") or "total")
            series.setdefault(key, []).append((record["period"], record["value"], row))
    problems = []
    for values in series.values():
        values.sort()
        for (period, previous, _row), (_period, value, row) in pairwise(values):
            if value < previous:
                problems.append(
                    Problem.of(
                        "indicator_values",
                        row,
                        "value",
                        shown(value),
                        N_(
                            "below the value of {period} ({previous}): the indicator is cumulative (a running "
                            "total), so its values never fall"
                        ),
                        period=period,
                        previous=shown(previous),
                    )
                )
    return problems


def _milestones_match_indicators(parsed: dict[str, SheetRows]) -> list[Problem]:
    """A milestone tied to an indicator (indicator_id, indicator_value) says what the indicator
    says: reached from the quarter of its achieved date on, and not before; not achieved while
    no reported value reaches it."""
    directions = {r.get("indicator_id"): r.get("direction") for r, _row in _rows(parsed, "indicators")}
    totals = _totals(parsed)
    problems = []
    for record, row in _rows(parsed, "milestones"):
        indicator, threshold = record.get("indicator_id"), record.get("indicator_value")
        if (indicator is None) != (threshold is None):
            missing = "indicator_value" if threshold is None else "indicator_id"
            problems.append(
                Problem.of(
                    "milestones",
                    row,
                    missing,
                    None,
                    N_("required with {other}: give both the indicator and the value that reaches the milestone"),
                    other="indicator_id" if missing == "indicator_value" else "indicator_value",
                )
            )
            continue
        if indicator is None or indicator not in directions:
            continue  # no link, or an unknown indicator (a problem of its own)
        increase = directions[indicator] != "decrease"
        achieved = record.get("achieved_date")
        since = _quarter(achieved) if achieved else None
        for period, value, _value_row in totals.get(indicator, ()):
            reached = value >= threshold if increase else value <= threshold
            if since is None and reached:
                reason = N_(
                    "empty, but {indicator} reached {threshold} in {period}: enter the date the milestone was achieved"
                )
            elif since is not None and period < since and reached:
                reason = N_(
                    "{indicator} reached {threshold} already in {period}, before this date: the milestone was "
                    "achieved earlier"
                )
            elif since is not None and period >= since and not reached:
                reason = N_(
                    "{indicator} is {value} in {period}, short of {threshold}: the milestone was not yet achieved then"
                )
            else:
                continue
            problems.append(
                Problem.of(
                    "milestones",
                    row,
                    "achieved_date",
                    achieved,
                    reason,
                    indicator=indicator,
                    threshold=shown(threshold),
                    period=period,
                    value=shown(value),
                )
            )
            break  # the first contradiction says what to fix
    return problems


CROSS_CHECKS: list[Callable[[dict[str, SheetRows]], list[Problem]]] = [
    _bounds,
    _order,
    _parents,
    _references("indicators", "result_id", "results", "result_id"),
    _references("indicator_values", "indicator_id", "indicators", "indicator_id"),
    _references("activities", "result_id", "results", "result_id"),
    _references("milestones", "result_id", "results", "result_id"),
    _references("milestones", "indicator_id", "indicators", "indicator_id"),
    _cumulative,
    _milestones_match_indicators,
    _references("capacity_events", "result_id", "results", "result_id"),
]
