"""Names and formatted values as charts and tables show them, per language."""

from __future__ import annotations

from functools import lru_cache

from data import queries
from data.countries import SPECIAL_ORIGINS, country_name
from i18n import (
    format_compact,
    format_currency_usd,
    format_number,
    format_percent,
    translator,
)


def names(lang: str) -> dict[str, str]:
    """Code -> name for every country, aggregate area and special origin, in `lang`."""
    return _names(queries.current_build(), lang)


@lru_cache(maxsize=16)
def _names(_build, lang: str) -> dict[str, str]:  # once per build and language
    countries = queries.select("countries", {}, lang)
    areas = queries.select("areas", {}, lang)
    _ = translator(lang)
    return {
        **{code: _(label) for code, label in SPECIAL_ORIGINS.items()},
        **dict(zip(countries["iso3"], countries["name"])),
        **dict(zip(areas["code"], areas["name"])),
    }


def name_of(code: str, lang: str, lookup: dict | None = None) -> str:
    return (lookup or {}).get(code) or country_name(code, lang)


def value_text(value, unit: str, lang: str, compact: bool = False) -> str:
    """A value with its unit: "12,345 persons", "12.4 %", "US$ 1.9 B"."""
    _ = translator(lang)
    if unit == "percent":
        return format_percent(value, lang)
    if unit == "usd":
        return format_currency_usd(value, lang)
    number = format_compact(value, lang) if compact else format_number(value, lang)
    return _("{number} people").format(number=number) if unit == "persons" else number


def join_names(items: list[str], lang: str, limit: int = 3) -> str:
    """ "Moldova, Tunisia and 2 more" in `lang`."""
    _ = translator(lang)
    if len(items) <= limit:
        if len(items) <= 1:
            return "".join(items)
        return _("{first} and {last}").format(first=", ".join(items[:-1]), last=items[-1])
    return _("{names} and {count} more").format(names=", ".join(items[:limit]), count=len(items) - limit)


def quarter_text(period: str, lang: str) -> str:
    """2020Q3 -> "2020 Q3" (FR "T3 2020")."""
    _ = translator(lang)
    return _("{year} Q{quarter}").format(year=period[:4], quarter=period[5:])


def latest_cost_survey() -> str:
    """The quarter of the latest survey of Remittance Prices Worldwide in the data."""
    return max(queries.column_values("remittance-costs", "period"))


def latest_survey_label(lang: str) -> str:
    """The corridor control's "Latest survey (2020 Q3)": a "latest" always names its period."""
    _ = translator(lang)
    return _("Latest survey ({quarter})").format(quarter=quarter_text(latest_cost_survey(), lang))
