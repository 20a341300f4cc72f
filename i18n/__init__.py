"""Languages: the one translation function, locale-aware number and date formatting,
and how a request's language is chosen.

Every user-facing string goes through `translator(lang)` (conventionally bound to `_`), so
`pybabel extract` finds it and the catalogs in `i18n/locales/` give French and Spanish.
Strings defined at import time (page names, column labels) are marked with `N_()` and
translated when rendered. Catalogs are read from the `.po` files at first use, so there is no
compile step and nothing binary in the repository.

The language of a request is, in order: `?lang=` of the request itself; `?lang=` of the page
that sent it (the Referer, for Dash's own requests and for embeds in other sites, where cookies
are not sent); the cookie set when `?lang=` was last used; the browser's Accept-Language;
English. An embed (/embed/<chart>, and Dash's requests from one) takes its language from its
own URL only, English without `?lang=`: the page it sits in, the reader's cookie and browser
never change what its author pasted.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import math
import re
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
from babel import Locale, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = {"en": "English", "fr": "Français", "es": "Español"}
DEFAULT_LANGUAGE = "en"
COOKIE_NAME = "migdash_lang"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"


def N_(message: str) -> str:  # noqa: N802 - gettext's name for a no-op marker, which pybabel extracts
    """Mark a string for translation where it is defined; translate it where it is shown."""
    return message


def valid_language(value) -> str | None:
    """The language code if `value` is one we serve, else None."""
    if isinstance(value, str) and value.lower() in LANGUAGES:
        return value.lower()
    return None


def resolve(lang) -> str:
    """`lang` if we serve it, else the default (layouts get None when Dash validates them)."""
    return valid_language(lang) or DEFAULT_LANGUAGE


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    po_file = LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == DEFAULT_LANGUAGE or not po_file.exists():
        return gettext.NullTranslations()
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def translator(lang: str | None):
    """The gettext function for `lang` (unknown languages fall back to English)."""
    return _catalog(valid_language(lang) or DEFAULT_LANGUAGE).gettext


def ntranslator(lang: str | None):
    """The ngettext function (singular, plural, n) for `lang`."""
    return _catalog(valid_language(lang) or DEFAULT_LANGUAGE).ngettext


# --- which language a request wants -------------------------------------------------------


EMBED_PATH = "embed/"


def is_embed_path(path: str) -> bool:
    """Whether `path` (of a request to this app, base path included) is an embed's."""
    from flask import current_app

    settings = current_app.config.get("MIGDASH_SETTINGS")
    return path.startswith((settings.base_path if settings else "/") + EMBED_PATH)


def request_language() -> str:
    """The language of the current Flask request (see the module docstring for the order)."""
    from flask import has_request_context, request

    if not has_request_context():
        return DEFAULT_LANGUAGE
    explicit = valid_language(request.args.get("lang"))
    referer = urlsplit(request.headers.get("Referer", ""))
    from_referer = valid_language(parse_qs(referer.query).get("lang", [None])[0])
    # A request from an embed (its Dash callbacks name it as their Referer) speaks the embed's
    # language. Only the Referer's path is read, never compared with the request's Host: at
    # worst a foreign page whose path looks like ours picks a language, as its `lang=` already can.
    if is_embed_path(request.path) or is_embed_path(referer.path):
        return explicit or (None if is_embed_path(request.path) else from_referer) or DEFAULT_LANGUAGE
    if explicit:
        return explicit
    if from_referer:
        return from_referer
    from_cookie = valid_language(request.cookies.get(COOKIE_NAME))
    if from_cookie:
        return from_cookie
    return request.accept_languages.best_match(list(LANGUAGES), DEFAULT_LANGUAGE)


# --- numbers and dates, per locale ----------------------------------------------------------


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def format_number(value, lang: str, decimals: int = 0, missing: str = "–") -> str:
    """12,345 / 12 345 / 12.345 — a full number with the locale's grouping."""
    if _missing(value):
        return missing
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return numbers.format_decimal(value, format=pattern, locale=lang)


def format_exact(value, lang: str, missing: str = "–") -> str:
    """4,321,000 / 0.125 / 4 321 000,5 — a value as entered (a cell of a workbook): grouped, with
    the decimals it has (up to six), never 4321000.0."""
    if _missing(value):
        return missing
    return numbers.format_decimal(value, format="#,##0.######", locale=lang)


def format_compact(value, lang: str, missing: str = "–") -> str:
    """1.9 M / 1,9 M / 864 k — a short number for headlines and axes."""
    if _missing(value):
        return missing
    magnitude = abs(value)
    digits = 1 if magnitude >= 1000 else 0
    text = numbers.format_compact_decimal(value, format_type="short", locale=lang, fraction_digits=digits)
    return text


def format_percent(value, lang: str, decimals: int = 1, missing: str = "–") -> str:
    """12.4 % / 12,4 % given 12.4 (a value already in percent, as our tables store them)."""
    if _missing(value):
        return missing
    pattern = Locale.parse(lang).percent_formats[None].pattern
    if decimals:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * decimals, 1)
    return numbers.format_percent(value / 100, format=pattern, locale=lang)


def format_currency_usd(value, lang: str, missing: str = "–") -> str:
    """US$ 1.9 B in the locale's short form."""
    if _missing(value):
        return missing
    return numbers.format_compact_currency(value, "USD", locale=lang, fraction_digits=1)


def format_period(period, lang: str, short: bool = False) -> str:
    """A period as the locale writes it: a year (2024), a range of years (2015–2020) or a
    quarter, "2026-Q3" or "2026Q3": 3rd quarter 2026 / 3e trimestre 2026 / 3.er trimestre de
    2026 (`short`: Q3 2026 / T3 2026). Anything else is shown as given."""
    text = str(period)
    quarter = re.fullmatch(r"(\d{4})-?Q([1-4])", text)
    if quarter:
        day = dt.date(int(quarter.group(1)), 3 * int(quarter.group(2)), 1)
        return dates.format_skeleton("yQQQ" if short else "yQQQQ", day, locale=lang)
    years = re.fullmatch(r"(\d{4})-(\d{4})", text)
    if years:
        return f"{years.group(1)}\u2013{years.group(2)}"
    return text


def format_date(value, lang: str) -> str:
    """28 November 2026 / 28 novembre 2026 / 28 de noviembre de 2026."""
    return dates.format_date(value, format="long", locale=lang)


def language_name(lang: str) -> str:
    """The language's own name ("Français"), for the switcher."""
    return LANGUAGES.get(lang) or Locale.parse(lang).display_name


def format_ordinal(rank: int, lang: str, feminine: bool = False) -> str:
    """5th / 5e / 5.º: a rank as the language writes it (Babel formats no ordinals).

    English takes st/nd/rd after 1, 2, 3 except in 11-13; French writes 1er (1re for a
    feminine noun) and e after every other number; Spanish writes .º (.ª feminine)."""
    lang = resolve(lang)
    if lang == "fr":
        return f"{rank}{('re' if feminine else 'er') if rank == 1 else 'e'}"
    if lang == "es":
        return f"{rank}.{'ª' if feminine else 'º'}"
    suffix = "th" if rank % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"
