"""Languages: catalogs complete, numbers formatted per locale, request language negotiated."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask import Flask

import i18n

ROOT = Path(__file__).resolve().parent.parent


def _msgids_in_code() -> set[str]:
    method_map = [
        ("tests/**.py", "ignore"),
        (".venv/**", "ignore"),
        ("node_modules/**", "ignore"),
        ("var/**", "ignore"),
        ("bench/**", "ignore"),
        ("**.py", "python"),
        ("web/templates/**.html", "jinja2"),
    ]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT), method_map=method_map):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_string_in_the_code_is_translated(lang):
    with (i18n.LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and m.string and "fuzzy" not in m.flags and (isinstance(m.string, str) or all(m.string))
    }
    missing = sorted(_msgids_in_code() - translated)
    assert missing == [], f"untranslated in {lang} (run `make i18n`, then translate): {missing}"


def test_translator_translates_and_falls_back_to_english():
    assert i18n.translator("fr")("Home") == "Accueil"
    assert i18n.translator("es")("Home") == "Inicio"
    assert i18n.translator("en")("Home") == "Home"
    assert i18n.translator("xx")("Home") == "Home"
    assert i18n.translator("fr")("a string nobody translated") == "a string nobody translated"


NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    "lang, full, percent, compact",
    [
        ("en", "1,234,567", "12.4%", "1.9M"),
        ("fr", f"1{NNBSP}234{NNBSP}567", f"12,4{NBSP}%", f"1,9{NBSP}M"),
        ("es", "1.234.567", f"12,4{NBSP}%", f"1,9{NBSP}M"),
    ],
)
def test_numbers_follow_the_locale(lang, full, percent, compact):
    assert i18n.format_number(1234567, lang) == full
    assert i18n.format_percent(12.44, lang) == percent
    assert i18n.format_compact(1_940_000, lang) == compact


def test_missing_values_are_shown_as_missing_not_zero():
    for formatter in (i18n.format_number, i18n.format_percent, i18n.format_compact):
        assert formatter(None, "en") == "–"
        assert formatter(float("nan"), "fr") == "–"


def test_dates_follow_the_locale():
    day = dt.date(2026, 11, 28)
    assert i18n.format_date(day, "en") == "November 28, 2026"
    assert i18n.format_date(day, "fr") == "28 novembre 2026"
    assert i18n.format_date(day, "es") == "28 de noviembre de 2026"


@pytest.mark.parametrize(
    "url, headers, expected",
    [
        ("/?lang=fr", {}, "fr"),
        ("/?lang=FR", {}, "fr"),
        ("/?lang=de", {"Accept-Language": "es-ES,es;q=0.9"}, "es"),
        ("/_dash-layout", {"Referer": "http://x/stocks?lang=es"}, "es"),
        ("/_dash-layout", {"Cookie": "migdash_lang=fr"}, "fr"),
        ("/_dash-layout", {"Cookie": "migdash_lang=fr", "Referer": "http://x/?lang=es"}, "es"),
        ("/", {"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"}, "fr"),
        ("/", {"Accept-Language": "de-DE"}, "en"),
        ("/", {}, "en"),
    ],
)
def test_request_language_order(url, headers, expected):
    flask_app = Flask(__name__)
    with flask_app.test_request_context(url, headers=headers):
        assert i18n.request_language() == expected


@pytest.mark.parametrize(
    "lang, long, short",
    [
        ("en", "3rd quarter 2026", "Q3 2026"),
        ("fr", "3e trimestre 2026", "T3 2026"),
        ("es", "3.er trimestre de 2026", "T3 2026"),
    ],
)
def test_periods_follow_the_locale(lang, long, short):
    """A quarter in words, never "2026-Q3"; the programme's and Remittance Prices Worldwide's
    spellings alike; a range of years with an en dash; anything else as given."""
    assert i18n.format_period("2026-Q3", lang) == long
    assert i18n.format_period("2026Q3", lang, short=True) == short
    assert i18n.format_period("2015-2020", lang) == "2015\u20132020"
    assert i18n.format_period(2024, lang) == "2024"


def _plural_messages(lang):
    with (i18n.LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return [m for m in catalog if m.id and not isinstance(m.id, str)]


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_plural_messages_have_every_form_with_the_same_placeholders(lang):
    messages = _plural_messages(lang)
    assert len(messages) >= 20
    for message in messages:
        expected = _placeholders(message.id[1])
        for form in message.string:
            assert form and _placeholders(form) == expected, (message.id, message.string)


PLACEHOLDER = re.compile(r"\{(\w+)\}")
# A place's grammatical forms ({the_country}, {of_country}, {in_places}...): a translation uses
# the one its grammar needs (ARCHITECTURE.md, "Country names"), the same place all the same.
PLACE_FORM = re.compile(r"^(?:the|The|of|in|to)_(\w+)$")


def _placeholders(text: str) -> set[str]:
    return {PLACE_FORM.sub(r"\1", name) for name in PLACEHOLDER.findall(text)}


@pytest.mark.parametrize(
    "lang, count, expected",
    [
        ("fr", 0, "0 n’a pas encore de valeur déclarée."),  # French counts 0 and 1 as singular
        ("fr", 1, "1 n’a pas encore de valeur déclarée."),
        ("fr", 2, "2 n’ont pas encore de valeur déclarée."),
        ("es", 1, "1 aún no tiene ningún valor declarado."),
        ("es", 0, "0 aún no tienen ningún valor declarado."),  # and Spanish 0 as plural
        ("en", 1, "1 has no value reported yet."),
    ],
)
def test_counts_agree_with_their_words(lang, count, expected):
    ngettext = i18n.ntranslator(lang)
    text = ngettext("{count} has no value reported yet.", "{count} have no value reported yet.", count)
    assert text.format(count=count) == expected


def test_the_programme_brief_agrees_with_one_indicator():
    from components.programme import brief_sentences

    summary = {
        "indicators": 1, "on_track": 1, "at_risk": 0, "off_track": 0, "no_data": 1, "milestones_achieved": 1,
        "milestones": 3, "activities_completed": 2, "activities": 5, "expenditure_usd": 1e6, "budget_usd": 2e6,
        "execution": 0.5, "participants": 1, "women_share": 1.0,
    }  # fmt: skip
    first, second, third = brief_sentences(summary, "2026-Q3", "fr")
    assert first.startswith("Au 3e trimestre 2026, le programme compte 1 indicateur. 1 est en bonne voie")
    assert first.endswith("1 n’a pas encore de valeur déclarée.")
    assert second.startswith("1 jalon sur 3 est atteint et 2 activités sur 5 achevées")
    assert third.startswith("1 personne a participé")


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_a_missing_count_of_people_is_the_missing_mark_not_a_number(lang):
    from components.labels import value_text

    assert value_text(float("nan"), "persons", lang) == "–"
    assert value_text(None, "persons", lang) == "–"
    assert value_text(2, "persons", lang) != "–"
