"""Names and formatted values as charts and tables show them, per language."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from data import queries
from data.countries import ROLES, SPECIAL_ORIGINS, country_name, name_in, sort_key
from i18n import (
    format_compact,
    format_currency_usd,
    format_number,
    format_percent,
    format_period,
    ntranslator,
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


def by_name(codes, lang: str, lookup: dict | None = None) -> list[str]:
    """Codes in the alphabetical order of their names in `lang` (data.countries.sort_key)."""
    return sorted(codes, key=lambda code: sort_key(name_of(code, lang, lookup), lang))


def name_of(code: str, lang: str, lookup: dict | None = None) -> str:
    return (lookup or {}).get(code) or country_name(code, lang)


def value_text(value, unit: str, lang: str, compact: bool = False) -> str:
    """A value with its unit: "12,345 persons", "12.4 %", "US$ 1.9 B"; a missing value is the
    missing mark alone ("–"), never a count."""
    ngettext = ntranslator(lang)
    if unit == "percent":
        return format_percent(value, lang)
    if unit == "usd":
        return format_currency_usd(value, lang)
    number = format_compact(value, lang) if compact else format_number(value, lang)
    if unit != "persons" or pd.isna(value):
        return number
    return ngettext("{number} person", "{number} people", int(abs(value))).format(number=number)


def join_names(items: list[str], lang: str, limit: int = 3) -> str:
    """ "Moldova, Tunisia and 2 more" in `lang`."""
    _, ngettext = translator(lang), ntranslator(lang)
    if len(items) <= limit:
        if len(items) <= 1:
            return "".join(items)
        return _("{first} and {last}").format(first=", ".join(items[:-1]), last=items[-1])
    more = len(items) - limit
    return ngettext("{names} and {count} more", "{names} and {count} more", more).format(
        names=", ".join(items[:limit]), count=more
    )


def place_forms(codes: list[str], lang: str, limit: int = 3) -> dict[str, str]:
    """A list of places in every grammatical form, for a sentence's msgid: `places` (names
    alone), `the_places`, `of_places`, `in_places`, `to_places` ("aux États-Unis d’Amérique,
    en Allemagne et en France"), each joined by `join_names`."""
    forms = {"places": join_names([country_name(code, lang) for code in codes], lang, limit)}
    for role in ROLES:
        forms[f"{role}_places"] = join_names([name_in(code, lang, role) for code in codes], lang, limit)
    return forms


def latest_cost_survey() -> str:
    """The quarter of the latest survey of Remittance Prices Worldwide in the data."""
    return max(queries.column_values("remittance-costs", "period"))


def latest_survey_label(lang: str) -> str:
    """The corridor control's "Latest survey (T3 2020)": a "latest" always names its period."""
    _ = translator(lang)
    return _("Latest survey ({quarter})").format(quarter=format_period(latest_cost_survey(), lang, short=True))
