"""The demo programme dataset: illustrative, generated, never real.

No public monitoring data exists for the programme, so set-up loads this dataset when the
store is empty. It is generated from a fixed seed (same input, same rows, on every machine)
with the structure of a real results framework for the eight participating countries and
deliberately varied progress: countries ahead and behind, stale and missing indicators,
delayed activities, overdue milestones. It is stored with `is_demo` set, and every view,
embed, export and brief that shows it says "demo data - illustrative only".

Evidence links point at example.org: there is no real evidence behind demo rows.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pandas as pd

from data.countries import PROGRAMME_COUNTRIES

SEED = 20190101
AS_OF = date(2026, 9, 30)  # the last reporting period of the demo: 2026-Q3
START, END = date(2019, 1, 1), date(2027, 12, 31)

COUNTERPARTS = {
    "BGD": ("Ministry of Expatriates' Welfare and Overseas Employment", "Inter-ministerial committee on migration"),
    "ECU": ("Ministry of Foreign Affairs and Human Mobility", "Human mobility coordination board"),
    "JAM": ("Planning Institute of Jamaica", "National working group on international migration and development"),
    "KGZ": ("Ministry of Labour, Social Security and Migration", "Coordination council on migration"),
    "MDA": (
        "State Chancellery, Bureau for Diaspora Relations",
        "Inter-ministerial committee on diaspora, migration and development",
    ),
    "MAR": (
        "Ministry in charge of Moroccans living abroad and migration affairs",
        "National migration steering committee",
    ),
    "SRB": ("Commissariat for Refugees and Migration", "Working group on migration management"),
    "TUN": ("Office of Tunisians Abroad", "National migration and development committee"),
}

# The results chain every country has: (suffix, level, parent suffix, area, lead, GCM, SDG, statement).
RESULTS = (
    (
        "OC1",
        "outcome",
        None,
        "coordination",
        "Joint",
        "23",
        "10.7;17.3",
        "Migration is mainstreamed into national and sector development policies",
    ),
    (
        "OP1.1",
        "output",
        "OC1",
        "coordination",
        "IOM",
        "23",
        "10.7",
        "A coordination mechanism on migration and development is established and meets regularly",
    ),
    (
        "OP1.2",
        "output",
        "OC1",
        "policy",
        "UNDP",
        "2;19",
        "10.7;17.3",
        "Migration is integrated into the national development strategy and sector policies",
    ),
    (
        "OC2",
        "outcome",
        None,
        "data",
        "IOM",
        "1",
        "17.18",
        "The government uses migration data for policy, planning and monitoring",
    ),
    ("OP2.1", "output", "OC2", "data", "IOM", "1;3", "17.18;10.7", "Migration data are produced, shared and published"),
    (
        "OC3",
        "outcome",
        None,
        "capacity",
        "UNDP",
        "23",
        "10.7",
        "Government and the UN country team have the capacities to address migration in development",
    ),
    (
        "OP3.1",
        "output",
        "OC3",
        "capacity",
        "Joint",
        "23;19",
        "10.7;8.8",
        "Officials are trained to mainstream migration in planning",
    ),
    (
        "OP3.2",
        "output",
        "OC3",
        "unct",
        "UNDP",
        "23",
        "17.3",
        "The UN country team has a coherent approach to migration",
    ),
)

# Indicators: (suffix, result suffix, name, unit, direction, baseline, target, by_sex, verification).
INDICATORS = (
    (
        "I1",
        "OC1",
        "Sector policies that integrate migration",
        "number",
        "increase",
        0,
        3,
        False,
        "Policy documents adopted",
    ),
    (
        "I2",
        "OP1.1",
        "Coordination mechanism formally established",
        "yes_no",
        "increase",
        0,
        1,
        False,
        "Decree or order establishing the mechanism",
    ),
    (
        "I3",
        "OP1.1",
        "Meetings of the coordination mechanism in the last 12 months",
        "number",
        "increase",
        0,
        4,
        False,
        "Minutes of meetings",
    ),
    (
        "I4",
        "OP1.2",
        "Stage of the national migration and development policy",
        "stage",
        "increase",
        0,
        3,
        False,
        "Government gazette",
    ),
    (
        "I5",
        "OC2",
        "Line ministries using migration data in planning",
        "percent",
        "increase",
        10,
        60,
        False,
        "Survey of line ministries",
    ),
    (
        "I6",
        "OP2.1",
        "Days for a ministry to obtain migration statistics",
        "number",
        "decrease",
        90,
        30,
        False,
        "Records of data requests",
    ),
    (
        "I7",
        "OP2.1",
        "Migration profile published and updated",
        "yes_no",
        "increase",
        0,
        1,
        False,
        "Published migration profile",
    ),
    (
        "I8",
        "OP3.1",
        "Officials trained on migration mainstreaming (cumulative)",
        "number",
        "increase",
        0,
        150,
        True,
        "Attendance lists",
    ),
    (
        "I9",
        "OC3",
        "Trained officials reporting better skills six months later",
        "percent",
        "increase",
        0,
        80,
        True,
        "Follow-up survey of participants",
    ),
    (
        "I10",
        "OP3.2",
        "UN cooperation framework outcomes that address migration",
        "number",
        "increase",
        0,
        2,
        False,
        "UNSDCF results framework",
    ),
)

ACTIVITIES = (
    ("A1", "OP1.1", "Set up the secretariat of the coordination mechanism", "IOM"),
    ("A2", "OP1.1", "Facilitate quarterly meetings of the coordination mechanism", "Joint"),
    ("A3", "OP1.2", "Draft the migration chapter of the national development strategy", "UNDP"),
    ("A4", "OP1.2", "Consult diaspora organisations on the draft policy", "IOM"),
    ("A5", "OP2.1", "Produce the extended migration profile", "IOM"),
    ("A6", "OP2.1", "Build a data-sharing protocol between the statistics office and ministries", "UNDP"),
    ("A7", "OP3.1", "Train planners of line ministries on migration mainstreaming", "Joint"),
    ("A8", "OP3.2", "Integrate migration into the UN cooperation framework", "UNDP"),
)

MILESTONES = (
    ("M1", "OP1.1", "mechanism_established", "Coordination mechanism established by official act"),
    ("M2", "OP1.1", "mechanism_meets", "Coordination mechanism meets at least four times a year"),
    ("M3", "OP1.2", "policy_drafted", "Migration and development policy drafted"),
    ("M4", "OP1.2", "policy_adopted", "Migration and development policy adopted"),
    ("M5", "OP2.1", "data_delivered", "Extended migration profile published"),
    ("M6", "OP3.2", "unct_coordination", "UN country team agrees a joint approach to migration"),
)

EVENT_KINDS = (
    ("training", "OP3.1", "Migration mainstreaming in sector planning"),
    ("workshop", "OP1.2", "Validation of the draft migration policy"),
    ("training", "OP2.1", "Using migration statistics in planning"),
    ("study_visit", "OP1.1", "Study visit to a peer coordination mechanism"),
    ("peer_exchange", "OP3.2", "UN country team exchange on migration in the cooperation framework"),
    ("workshop", "OP2.1", "Launch of the migration profile"),
)


def _periods(first: date, last: date) -> list[tuple[str, date]]:
    periods = []
    year, quarter = first.year, (first.month - 1) // 3 + 1
    while True:
        end = (pd.Timestamp(year=year, month=quarter * 3, day=1) + pd.offsets.MonthEnd(0)).date()
        if end > last:
            return periods
        periods.append((f"{year}-Q{quarter}", end))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


def generate(seed: int = SEED) -> dict[str, pd.DataFrame]:
    """The demo dataset: one frame per sheet of programme.schema."""
    rng = random.Random(seed)
    rows: dict[str, list[dict]] = {
        name: []
        for name in (
            "countries",
            "results",
            "indicators",
            "indicator_values",
            "activities",
            "milestones",
            "capacity_events",
        )
    }
    programme = [
        {
            "code": "MMNDS",
            "title": "Mainstreaming Migration into National Development Strategies",
            "start_date": START.isoformat(),
            "end_date": END.isoformat(),
        }
    ]
    # How well each country delivers (0.35 behind ... 1.1 ahead): varied on purpose.
    performance = dict(
        zip(PROGRAMME_COUNTRIES, rng.sample([0.45, 0.6, 0.7, 0.8, 0.9, 0.95, 1.05, 1.1], len(PROGRAMME_COUNTRIES)))
    )
    periods = _periods(date(2020, 1, 1), AS_OF)
    for country in PROGRAMME_COUNTRIES:
        perf = performance[country]
        joined = date(rng.choice((2019, 2020)), rng.choice((1, 4, 7, 10)), 1)
        counterpart, mechanism = COUNTERPARTS[country]
        rows["countries"].append(
            {
                "country": country,
                "joined_date": joined.isoformat(),
                "iom_focal_point": "IOM country office, migration and development focal point",
                "undp_focal_point": "UNDP country office, governance and inclusive growth team",
                "government_counterpart": counterpart,
                "coordination_mechanism": mechanism,
            }
        )
        for suffix, level, parent, area, lead, gcm, sdg, statement in RESULTS:
            rows["results"].append(
                {
                    "result_id": f"{country}-{suffix}",
                    "country": country,
                    "level": level,
                    "parent_id": f"{country}-{parent}" if parent else None,
                    "area": area,
                    "statement": statement,
                    "lead_agency": lead,
                    "gcm_objectives": gcm,
                    "sdg_targets": sdg,
                }
            )
        baseline_year = joined.year
        for suffix, result, name, unit, direction, baseline, target, by_sex, verification in INDICATORS:
            indicator_id = f"{country}-{suffix}"
            target_year = 2026 if rng.random() < 0.6 else 2027
            if unit == "percent":
                baseline = max(0, baseline + rng.choice((-5, 0, 5, 10))) if baseline else baseline
            rows["indicators"].append(
                {
                    "indicator_id": indicator_id,
                    "result_id": f"{country}-{result}",
                    "name": name,
                    "unit": unit,
                    "direction": direction,
                    "baseline_value": baseline,
                    "baseline_year": baseline_year,
                    "target_value": target,
                    "target_year": target_year,
                    "by_sex": by_sex,
                    "means_of_verification": verification,
                }
            )
            if rng.random() < 0.1:  # never reported
                continue
            stale_after = AS_OF if rng.random() < 0.85 else date(rng.choice((2024, 2025)), 6, 30)
            every = rng.choice((1, 2, 2, 4))  # quarterly, half-yearly or yearly reporting
            due = date(target_year, 12, 31)
            start = date(baseline_year, 12, 31)
            pace = perf * rng.uniform(0.75, 1.25)
            last = None
            for index, (period, period_end) in enumerate(p for p in periods if p[1] > start):
                if index % every or period_end > stale_after:
                    continue
                elapsed = (period_end - start).days / (due - start).days
                share = min(1.0, max(0.0, pace * elapsed + rng.uniform(-0.06, 0.06)))
                if unit == "yes_no":
                    value = 1.0 if share >= 0.5 else 0.0
                elif unit == "stage":
                    value = float(round(baseline + share * (target - baseline)))
                else:
                    value = round(baseline + share * (target - baseline), 1 if unit == "percent" else 0)
                if unit == "number" and direction == "increase":
                    value = float(int(value))
                # Counts, stages and switches do not go back: each value keeps the ground gained.
                if last is not None and unit != "percent":
                    value = max(value, last) if direction == "increase" else min(value, last)
                last = value
                evidence = f"{verification}, {period}"
                rows["indicator_values"].append(
                    {
                        "indicator_id": indicator_id,
                        "period": period,
                        "sex": "total",
                        "value": value,
                        "means_of_verification": evidence,
                    }
                )
                if by_sex:
                    women_share = rng.uniform(0.4, 0.6)
                    if unit == "number":
                        female = float(round(value * women_share))
                        rows["indicator_values"] += [
                            {
                                "indicator_id": indicator_id,
                                "period": period,
                                "sex": "female",
                                "value": female,
                                "means_of_verification": evidence,
                            },
                            {
                                "indicator_id": indicator_id,
                                "period": period,
                                "sex": "male",
                                "value": value - female,
                                "means_of_verification": evidence,
                            },
                        ]
                    else:
                        gap = rng.uniform(-6, 6)
                        rows["indicator_values"] += [
                            {
                                "indicator_id": indicator_id,
                                "period": period,
                                "sex": sex,
                                "value": round(min(100.0, max(0.0, value + sign * gap)), 1),
                                "means_of_verification": evidence,
                            }
                            for sex, sign in (("female", 1), ("male", -1))
                        ]
        for suffix, result, title, lead in ACTIVITIES:
            begin = _day(rng, joined, date(2026, 12, 31))
            finish = min(begin + timedelta(days=rng.randint(180, 900)), END)
            budget = float(rng.randrange(20_000, 260_000, 5_000))
            if begin > AS_OF:
                state, done = "planned", 0.0
            elif finish <= AS_OF:
                state = "completed" if rng.random() < perf else "delayed"
                done = 100.0 if state == "completed" else float(rng.randrange(50, 95, 5))
            else:
                elapsed = (AS_OF - begin).days / max((finish - begin).days, 1)
                done = float(min(95, max(5, round(elapsed * perf * 100 / 5) * 5)))
                state = "ongoing" if done >= elapsed * 100 - 25 else "delayed"
            if rng.random() < 0.03:
                state, done = "cancelled", 0.0
            spent = round(budget * done / 100 * rng.uniform(0.85, 1.05), -2)
            rows["activities"].append(
                {
                    "activity_id": f"{country}-{suffix}",
                    "country": country,
                    "result_id": f"{country}-{result}",
                    "title": title,
                    "start_date": begin.isoformat(),
                    "end_date": finish.isoformat(),
                    "status": state,
                    "percent_complete": done,
                    "lead_agency": lead,
                    "budget_usd": budget,
                    "expenditure_usd": spent,
                }
            )
        planned = joined
        for suffix, result, kind, title in MILESTONES:
            planned = _day(rng, planned + timedelta(days=90), planned + timedelta(days=540))
            achieved = None
            if planned <= AS_OF + timedelta(days=180) and rng.random() < perf:
                achieved = planned + timedelta(days=rng.randint(-60, int(240 / perf)))
                achieved = achieved if achieved <= AS_OF else None
            rows["milestones"].append(
                {
                    "milestone_id": f"{country}-{suffix}",
                    "country": country,
                    "result_id": f"{country}-{result}",
                    "type": kind,
                    "title": title,
                    "planned_date": planned.isoformat(),
                    "achieved_date": achieved.isoformat() if achieved else None,
                    "evidence_url": f"https://example.org/migdash-demo/{country}/{suffix}" if achieved else None,
                }
            )
        for number in range(1, rng.randint(5, 9) + 1):
            kind, result, title = EVENT_KINDS[(number - 1) % len(EVENT_KINDS)]
            participants = rng.randint(12, 60)
            rows["capacity_events"].append(
                {
                    "event_id": f"{country}-E{number}",
                    "country": country,
                    "result_id": f"{country}-{result}",
                    "date": _day(rng, joined + timedelta(days=60), AS_OF).isoformat(),
                    "type": kind,
                    "title": title,
                    "participants": participants,
                    "women": round(participants * rng.uniform(0.3, 0.65)),
                    "institutions": rng.randint(3, 15),
                }
            )
    frames = {name: pd.DataFrame(values) for name, values in rows.items()}
    frames["programme"] = pd.DataFrame(programme)
    return frames
