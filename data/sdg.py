"""The migration-related SDG indicators our sources support, declared once: number, official
name (msgid; French and Spanish in the catalogs), unit, target, source, and the status rule.

The build derives each country's values (data.tables.sdg_indicators); the /sdg page, the
country profile and the brief show them from the query layer. The rules are stated in words
in data.methods ("sdg-status" and one per indicator) and on the /sdg page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from i18n import N_

BASELINE_YEAR = 2015  # the 2030 Agenda's baseline: the value of 2015, or the first year after with one
TARGET_TIME = 2030.75  # "by 2030": the end of 2030 (its fourth quarter), on the time axis of time_of()
COST_TARGET = 3.0  # SDG 10.c: the average cost below 3 %...
CORRIDOR_CEILING = 5.0  # ...and no corridor above 5 %

STATUSES = ("met", "on_track", "off_track", "no_target", "no_data")
STATUS_LABELS = {
    "met": N_("Met"),
    "on_track": N_("On track"),
    "off_track": N_("Off track"),
    "no_target": N_("No target"),
    "no_data": N_("No data"),
}

# The status rule in one sentence, as the /sdg page, the profile and the brief state it
# (data.methods "sdg-status" says it at length; status() applies it).
STATUS_RULE = N_(
    "Status: met when the latest value is below the target (10.c.1: an average cost below 3 % and "
    "no corridor above 5 %); on track when not met but the straight line from the 2015 value (or "
    "the first value after 2015) to the latest one, continued, falls below the target by the end "
    "of 2030; off track otherwise. 10.7.4, 17.3.2 and the context have no numeric target. A blank "
    "cell is no data, never zero."
)


@dataclass(frozen=True)
class Indicator:
    code: str  # "10.c.1"; the context series have a code of ours ("immigrants")
    number: str  # as shown: "10.c.1", "" for context
    name: str  # msgid: the UN's official name
    unit: str  # percent | per100k
    target: float | None  # numeric target, None where the SDG framework sets none
    sdg_target: str  # the SDG target the programme tags ("10.c"), "" for context
    sources: tuple[str, ...]  # keys of data.sources
    method: str  # key of data.methods


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "10.c.1",
        "10.c.1",
        N_("Remittance costs as a proportion of the amount remitted"),
        "percent",
        COST_TARGET,
        "10.c",
        ("rpw_corridors",),
        "sdg-10c1",
    ),
    Indicator(
        "10.7.4",
        "10.7.4",
        N_("Proportion of the population who are refugees, by country of origin"),
        "per100k",
        None,
        "10.7",
        ("unhcr", "gdi_wdi"),
        "sdg-10-7-4",
    ),
    Indicator(
        "17.3.2",
        "17.3.2",
        N_("Volume of remittances (in United States dollars) as a proportion of total GDP"),
        "percent",
        None,
        "17.3",
        ("wdi_remittances_received", "wdi_gdp"),
        "remittances-pct-gdp",
    ),
    Indicator(
        "immigrants",
        "",
        N_("Immigrants as % of population"),
        "percent",
        None,
        "",
        ("ims2024_bilateral", "gdi_wdi"),
        "share-of-population",
    ),
    Indicator(
        "emigrants",
        "",
        N_("Emigrants as % of population"),
        "percent",
        None,
        "",
        ("ims2024_bilateral", "gdi_wdi"),
        "sdg-emigrants-share",
    ),
)
INDICATORS_BY_CODE = {indicator.code: indicator for indicator in INDICATORS}


def time_of(period) -> float:
    """A year (2019) or a quarter ("2020Q3") on one time axis: 2019.0, 2020.5."""
    text = str(period)
    if "Q" in text:
        year, quarter = text.split("Q")
        return int(year) + (int(quarter) - 1) / 4
    return float(int(text))


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def status(value, period, baseline=None, baseline_period=None, target=None, corridors_above: int | None = 0) -> str:
    """The status of one indicator value (data.methods "sdg-status"):

    no data: no latest value. No target: the SDG framework sets no numeric target. Met: the
    value is below the target, and (10.c.1) no corridor costs more than 5 %. On track: not
    met, and the straight line from the baseline value to the latest one, continued, is
    below the target by the end of 2030. Off track: otherwise, also when there is no baseline
    earlier than the latest value to draw that line from.
    """
    if _missing(value):
        return "no_data"
    if _missing(target):
        return "no_target"
    if value < target and not corridors_above:
        return "met"
    if not _missing(baseline) and baseline_period is not None and time_of(baseline_period) < time_of(period):
        slope = (value - baseline) / (time_of(period) - time_of(baseline_period))
        if value + slope * (TARGET_TIME - time_of(period)) < target:
            return "on_track"
    return "off_track"
