"""The programme's results framework, declared once.

Each `Sheet` is one table of the programme store, one sheet of the Excel template and of the
export, and the basis of the upload's checks: its fields say the type, unit, whether a value
is required, and the fixed vocabulary where there is one. The database tables
(programme.database), the workbook (programme.workbook) and the API metadata are all
derived from these declarations, so they cannot drift apart.

Frames in memory follow `normalize`: text as str, whole numbers as Int64, numbers as
Float64, yes/no as boolean, dates as ISO text (YYYY-MM-DD), lists as ";"-joined text in a
stable order; rows sorted by the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from data.countries import PROGRAMME_COUNTRIES

# Fixed vocabularies (stored as these codes; labels are translated in the views).
LEVELS = ("outcome", "output")
AREAS = ("coordination", "policy", "data", "capacity", "unct")
AGENCIES = ("IOM", "UNDP", "Joint")
UNITS = ("number", "percent", "yes_no", "stage")
DIRECTIONS = ("increase", "decrease")
SEXES = ("total", "female", "male")
ACTIVITY_STATUSES = ("planned", "ongoing", "completed", "delayed", "cancelled")
MILESTONE_TYPES = (
    "mechanism_established",
    "mechanism_meets",
    "policy_drafted",
    "policy_adopted",
    "data_delivered",
    "unct_coordination",
)
EVENT_TYPES = ("training", "workshop", "study_visit", "peer_exchange")
GCM_OBJECTIVES = tuple(str(number) for number in range(1, 24))
SDG_TARGETS = ("8.8", "10.7", "10.c", "16.9", "17.3", "17.18")
# Ordered stages of a "stage" indicator: the value is the stage's number.
STAGES = ("not started", "drafted", "consulted", "adopted", "implemented")

PERIOD_PATTERN = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # text | integer | number | date | choice | list | bool | period | iso3
    description: str
    unit: str = ""
    required: bool = True
    choices: tuple[str, ...] = ()
    key: bool = False  # part of the row's identity


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def key(self) -> list[str]:
        return [f.name for f in self.fields if f.key]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


# Languages programme text may be given in beside English (i18n.LANGUAGES without "en").
TEXT_LANGUAGES = ("fr", "es")
LANGUAGE_NAMES = {"fr": "French", "es": "Spanish"}


def _translations(name: str, description: str) -> tuple[Field, ...]:
    """The optional <name>_fr / <name>_es versions of an English text field, last in their
    sheet (older workbooks keep their columns where they were): the views show the reader's
    language and fall back, visibly, to the English."""
    return tuple(
        Field(f"{name}_{lang}", "text", f"{description}, in {LANGUAGE_NAMES[lang]} (optional)", required=False)
        for lang in TEXT_LANGUAGES
    )


def translated_fields(sheet: Sheet) -> list[str]:
    """The English text fields of a sheet that have translations (statement, name, title)."""
    names = set(sheet.columns)
    return [name for name in sheet.columns if all(f"{name}_{lang}" in names for lang in TEXT_LANGUAGES)]


def _country(description="ISO 3166-1 alpha-3 code of the participating country", key=False):
    return Field("country", "iso3", description, choices=PROGRAMME_COUNTRIES, key=key)


def _result(required=True, description="result_id of the output this row contributes to"):
    return Field("result_id", "text", description, required=required)


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "programme",
        "Programme",
        "The programme itself (one row).",
        (
            Field("code", "text", "Short code of the programme", key=True),
            Field("title", "text", "Full title"),
            Field("start_date", "date", "First day of the programme"),
            Field("end_date", "date", "Last day of the programme"),
        ),
    ),
    Sheet(
        "countries",
        "Participating countries",
        "One row per participating country, with who works on it.",
        (
            _country(key=True),
            Field("joined_date", "date", "When the country joined the programme"),
            Field("iom_focal_point", "text", "IOM focal point (name or office)"),
            Field("undp_focal_point", "text", "UNDP focal point (name or office)"),
            Field("government_counterpart", "text", "Lead government institution"),
            Field(
                "coordination_mechanism",
                "text",
                "Name of the national coordination mechanism on migration and development",
                required=False,
            ),
        ),
    ),
    Sheet(
        "results",
        "Results",
        "The results chain: outcomes, and the outputs under each outcome.",
        (
            Field("result_id", "text", "Unique code of the result, e.g. MDA-OC1 or MDA-OP1.2", key=True),
            _country(),
            Field("level", "choice", "outcome or output", choices=LEVELS),
            Field(
                "parent_id", "text", "For an output: the result_id of its outcome; empty for an outcome", required=False
            ),
            Field("area", "choice", "Result area", choices=AREAS),
            Field("statement", "text", "The result, as worded in the results framework"),
            Field("lead_agency", "choice", "IOM, UNDP or Joint", choices=AGENCIES),
            Field(
                "gcm_objectives",
                "list",
                "Global Compact for Migration objectives (1-23), separated by ;",
                required=False,
                choices=GCM_OBJECTIVES,
            ),
            Field("sdg_targets", "list", "SDG targets, separated by ;", required=False, choices=SDG_TARGETS),
            *_translations("statement", "The result"),
        ),
    ),
    Sheet(
        "indicators",
        "Indicators",
        "Indicators of results, with baseline and target.",
        (
            Field("indicator_id", "text", "Unique code of the indicator, e.g. MDA-I1.1", key=True),
            _result(description="result_id of the outcome or output it measures"),
            Field("name", "text", "What is measured"),
            Field(
                "unit",
                "choice",
                "number, percent (0-100), yes_no (0 or 1) or stage (0 not started, "
                "1 drafted, 2 consulted, 3 adopted, 4 implemented)",
                choices=UNITS,
            ),
            Field("direction", "choice", "increase or decrease: which way is progress", choices=DIRECTIONS),
            Field("baseline_value", "number", "Value at the baseline", "unit of the indicator"),
            Field("baseline_year", "integer", "Year of the baseline", "year"),
            Field("target_value", "number", "Value to reach by the target year", "unit of the indicator"),
            Field("target_year", "integer", "Year the target is due (end of that year)", "year"),
            Field("by_sex", "bool", "Whether values are also reported for women and men (yes/no)"),
            Field("means_of_verification", "text", "Where the values come from", required=False),
            Field(
                "cumulative",
                "bool",
                "yes when each value is a running total since the baseline, which never falls (empty: no)",
                required=False,
            ),
            *_translations("name", "What is measured"),
        ),
    ),
    Sheet(
        "indicator_values",
        "Indicator values",
        "Actual values by reporting period (quarter).",
        (
            Field("indicator_id", "text", "indicator_id the value belongs to", key=True),
            Field("period", "period", "Reporting period: year and quarter, e.g. 2025-Q2", "quarter", key=True),
            Field("sex", "choice", "total, female or male (total for indicators not by sex)", choices=SEXES, key=True),
            Field("value", "number", "Actual value at the end of the period", "unit of the indicator"),
            Field("means_of_verification", "text", "Evidence for this value (document, link)", required=False),
        ),
    ),
    Sheet(
        "activities",
        "Activities",
        "Activities of the work plan, with budget and expenditure.",
        (
            Field("activity_id", "text", "Unique code of the activity", key=True),
            _country(),
            _result(),
            Field("title", "text", "What the activity does"),
            Field("start_date", "date", "Planned or actual start"),
            Field("end_date", "date", "Planned or actual end"),
            Field("status", "choice", "planned, ongoing, completed, delayed or cancelled", choices=ACTIVITY_STATUSES),
            Field("percent_complete", "number", "Share of the activity done", "percent (0-100)"),
            Field("lead_agency", "choice", "IOM, UNDP or Joint", choices=AGENCIES),
            Field("budget_usd", "number", "Budget of the activity", "US$"),
            Field("expenditure_usd", "number", "Spent so far", "US$"),
            *_translations("title", "What the activity does"),
        ),
    ),
    Sheet(
        "milestones",
        "Milestones",
        "Milestones of the programme in each country, with evidence.",
        (
            Field("milestone_id", "text", "Unique code of the milestone", key=True),
            _country(),
            _result(required=False),
            Field("type", "choice", "Kind of milestone", choices=MILESTONE_TYPES),
            Field("title", "text", "The milestone, in words"),
            Field("planned_date", "date", "When it is planned"),
            Field("achieved_date", "date", "When it was achieved; empty if not yet", required=False),
            Field("evidence_url", "text", "Link to the evidence (minutes, decree, report)", required=False),
            Field(
                "indicator_id",
                "text",
                "The indicator that shows the milestone reached, if any (with indicator_value)",
                required=False,
            ),
            Field(
                "indicator_value",
                "number",
                "The indicator's value from which the milestone is reached: values reported for quarters "
                "before the achieved date are short of it, values from that quarter on reach it",
                "unit of the indicator",
                required=False,
            ),
            *_translations("title", "The milestone"),
        ),
    ),
    Sheet(
        "capacity_events",
        "Capacity building",
        "Trainings, workshops and exchanges held.",
        (
            Field("event_id", "text", "Unique code of the event", key=True),
            _country(),
            _result(required=False),
            Field("date", "date", "Date of the event (first day)"),
            Field("type", "choice", "training, workshop, study_visit or peer_exchange", choices=EVENT_TYPES),
            Field("title", "text", "Subject of the event"),
            Field("participants", "integer", "People who took part", "persons"),
            Field("women", "integer", "Of whom women", "persons"),
            Field("institutions", "integer", "Institutions represented", "institutions"),
            *_translations("title", "Subject of the event"),
        ),
    ),
)

SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}

DTYPES = {"integer": "Int64", "number": "Float64", "bool": "boolean"}


def period_end(period: str) -> pd.Timestamp:
    """The last day of a reporting period such as 2025-Q2."""
    match = PERIOD_PATTERN.match(period)
    if not match:
        raise ValueError(f"{period!r} is not a period like 2025-Q2")
    year, quarter = int(match.group(1)), int(match.group(2))
    return pd.Timestamp(year=year, month=quarter * 3, day=1) + pd.offsets.MonthEnd(0)


def empty_frame(sheet: Sheet) -> pd.DataFrame:
    return normalize(sheet, pd.DataFrame(columns=sheet.columns))


def list_text(value) -> object:
    """A ";"-separated list in its stable form: trimmed, unique, in natural order."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return pd.NA
    parts = [part.strip() for part in str(value).replace(",", ";").split(";") if part.strip()]
    return (
        ";".join(
            sorted(dict.fromkeys(parts), key=lambda p: [int(n) if n.isdigit() else n for n in re.split(r"(\d+)", p)])
        )
        or pd.NA
    )


def normalize(sheet: Sheet, frame: pd.DataFrame) -> pd.DataFrame:
    """The canonical in-memory form of a sheet's rows (see the module docstring)."""
    columns = {}
    for f in sheet.fields:
        values = frame[f.name] if f.name in frame else pd.Series([pd.NA] * len(frame), index=frame.index)
        if f.type in DTYPES:
            columns[f.name] = (
                values.astype(DTYPES[f.type]) if f.type != "number" else pd.to_numeric(values).astype("Float64")
            )
        elif f.type == "date":
            columns[f.name] = pd.to_datetime(values).dt.strftime("%Y-%m-%d").astype("str")
        elif f.type == "list":
            columns[f.name] = values.map(list_text).astype("str")
        else:
            columns[f.name] = values.astype("str")
    normal = pd.DataFrame(columns, index=frame.index)
    if sheet.key and len(normal):
        normal = normal.sort_values(sheet.key, kind="stable")
    return normal.reset_index(drop=True)
