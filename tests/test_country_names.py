"""Country names as the UN writes them, in three languages, and as sentences need them.

Expected names are written here from UN documentation (UN M49, UNTERM, UN DESA's files),
never copied from data/un_names.py; the English ones are also read from UN DESA's file.
"""

from __future__ import annotations

import re
import string
import unicodedata

import pandas as pd
import pytest
from babel.messages.pofile import read_po

from components import describe
from components.labels import place_forms
from data.countries import country_name, name_forms, name_in, sort_key
from data.un_names import UN_NAMES

SENSITIVE = [
    # code, English, French, Spanish
    (
        "TWN",
        "China, Taiwan Province of China",
        "Chine, province chinoise de Taiwan",
        "China, provincia china de Taiwán",
    ),
    ("PSE", "State of Palestine", "État de Palestine", "Estado de Palestina"),
    ("COG", "Congo", "Congo", "Congo"),
    ("COD", "Democratic Republic of the Congo", "République démocratique du Congo", "República Democrática del Congo"),
    ("MMR", "Myanmar", "Myanmar", "Myanmar"),
    ("TUR", "Türkiye", "Türkiye", "Türkiye"),
    ("CIV", "Côte d'Ivoire", "Côte d'Ivoire", "Côte d'Ivoire"),
    ("BOL", "Bolivia (Plurinational State of)", "Bolivie (État plurinational de)", "Bolivia (Estado Plurinacional de)"),
    (
        "VEN",
        "Venezuela (Bolivarian Republic of)",
        "Venezuela (République bolivarienne du)",
        "Venezuela (República Bolivariana de)",
    ),
    ("IRN", "Iran (Islamic Republic of)", "Iran (République islamique d')", "Irán (República Islámica del)"),
    ("MDA", "Republic of Moldova", "République de Moldova", "República de Moldova"),
    (
        "PRK",
        "Democratic People's Republic of Korea",
        "République populaire démocratique de Corée",
        "República Popular Democrática de Corea",
    ),
    ("KOR", "Republic of Korea", "République de Corée", "República de Corea"),
    ("RUS", "Russian Federation", "Fédération de Russie", "Federación de Rusia"),
    ("SYR", "Syrian Arab Republic", "République arabe syrienne", "República Árabe Siria"),
    ("TZA", "United Republic of Tanzania", "République-Unie de Tanzanie", "República Unida de Tanzanía"),
    ("FLK", "Falkland Islands (Malvinas)", "Îles Falkland (Malvinas)", "Islas Malvinas (Falkland)"),
    ("VNM", "Viet Nam", "Viet Nam", "Viet Nam"),
    ("MKD", "North Macedonia", "Macédoine du Nord", "Macedonia del Norte"),
    ("SWZ", "Eswatini", "Eswatini", "Eswatini"),
    ("CZE", "Czechia", "Tchéquie", "Chequia"),
    ("NLD", "Netherlands (Kingdom of the)", "Pays-Bas (Royaume des)", "Países Bajos (Reino de los)"),
    (
        "LAO",
        "Lao People's Democratic Republic",
        "République démocratique populaire lao",
        "República Democrática Popular Lao",
    ),
]


@pytest.mark.parametrize("code, en, fr, es", SENSITIVE)
def test_sensitive_names_are_the_uns_in_three_languages(code, en, fr, es):
    assert (country_name(code, "en"), country_name(code, "fr"), country_name(code, "es")) == (en, fr, es)


def test_kosovo_is_named_as_un_desa_names_it():
    assert country_name("XKX", "en") == "Kosovo (under UNSC res. 1244)"
    assert all("1244" in country_name("XKX", lang) for lang in ("fr", "es"))


def test_english_names_are_un_desas(raw):
    """Every area of UN DESA's International Migrant Stock 2020 carries UN DESA's English name,
    but for the UN's renamings since and the two names that file abbreviates."""
    table = pd.read_excel(raw("ims2020_destination"), sheet_name="Table 1", skiprows=10)
    name_column, codes = table.columns[1], table["Location code"].astype(int)
    desa = {
        code: str(name).strip().rstrip("*").strip()
        for code, name in zip(codes, table[name_column])
        if code < 900  # aggregates are 900 and above
    }
    renamed = {
        792: "Türkiye",  # 2022
        528: "Netherlands (Kingdom of the)",  # 2023
        408: "Democratic People's Republic of Korea",  # "Dem. People's ..." in the file
        583: "Micronesia (Federated States of)",  # "Micronesia (Fed. States of)" in the file
    }
    ours = {entry.en for entry in UN_NAMES.values()}
    missing = sorted(renamed.get(code, name) for code, name in desa.items() if renamed.get(code, name) not in ours)
    assert missing == []
    assert len(desa) >= 230


def test_every_area_has_names_and_a_french_grammar_that_agrees_with_its_name(built):
    """All ~240 areas, not only the programme's: an elided article only before a vowel or a
    mute h, "le"/"la" never before one (but an aspirated h), "les" before a plural."""
    codes = set(built("countries")["iso3"])
    assert len(codes) > 200 and codes <= UN_NAMES.keys()
    aspirated_h = {"HND", "HUN"}  # le Honduras, la Hongrie
    plural_usage = {"ASM", "FJI", "PLW", "TKL", "TON", "TUV", "WSM"}  # les Fidji, les Samoa (américaines)...
    for code in codes:
        entry = UN_NAMES[code]
        assert entry.en and entry.fr and entry.es, code
        starts_vowel = unicodedata.normalize("NFKD", entry.fr)[0].upper() in "AEIOUH"
        if entry.fr_article == "l'":
            assert starts_vowel, code
        if entry.fr_article in ("le", "la"):
            assert not starts_vowel or code in aspirated_h, code
        if entry.fr_article == "les":
            first_word = re.split(r"[ (-]", entry.fr)[0]
            assert first_word.endswith(("s", "x")) or code in plural_usage, code
        assert entry.fr_in in ("au", "en", "aux", "à", "à la", "à l'", "dans l'"), code
        assert entry.es_article in ("", "el", "la", "los", "las"), code


@pytest.mark.parametrize(
    "code, lang, of, in_, to",
    [
        ("MAR", "fr", "du Maroc", "au Maroc", "au Maroc"),
        ("MDA", "fr", "de la République de Moldova", "en République de Moldova", "en République de Moldova"),
        ("ECU", "fr", "de l’Équateur", "en Équateur", "en Équateur"),
        ("PHL", "fr", "des Philippines", "aux Philippines", "aux Philippines"),
        ("CUB", "fr", "de Cuba", "à Cuba", "à Cuba"),
        ("HTI", "fr", "d’Haïti", "en Haïti", "en Haïti"),
        ("OMN", "fr", "d’Oman", "à Oman", "à Oman"),
        ("HND", "fr", "du Honduras", "au Honduras", "au Honduras"),
        ("BRB", "fr", "de la Barbade", "à la Barbade", "à la Barbade"),
        ("PSE", "fr", "de l’État de Palestine", "dans l’État de Palestine", "dans l’État de Palestine"),
        ("USA", "fr", "des États-Unis d'Amérique", "aux États-Unis d'Amérique", "aux États-Unis d'Amérique"),
        ("PER", "es", "del Perú", "en el Perú", "al Perú"),
        ("IND", "es", "de la India", "en la India", "a la India"),
        (
            "USA",
            "es",
            "de los Estados Unidos de América",
            "en los Estados Unidos de América",
            "a los Estados Unidos de América",
        ),
        ("BHS", "es", "de las Bahamas", "en las Bahamas", "a las Bahamas"),
        ("MAR", "es", "de Marruecos", "en Marruecos", "a Marruecos"),
        ("SLV", "es", "de El Salvador", "en El Salvador", "a El Salvador"),
        ("PHL", "en", "of the Philippines", "in the Philippines", "to the Philippines"),
        ("MAR", "en", "of Morocco", "in Morocco", "to Morocco"),
    ],
)
def test_a_name_takes_the_article_and_preposition_its_language_needs(code, lang, of, in_, to):
    assert (name_in(code, lang, "of"), name_in(code, lang, "in"), name_in(code, lang, "to")) == (of, in_, to)


def test_a_sentence_can_start_with_a_country_and_list_places_in_any_form():
    assert name_forms("PHL", "fr")["The_country"] == "Les Philippines"
    assert name_forms("ECU", "fr")["The_country"] == "L’Équateur"
    assert name_forms("MDA", "en")["The_country"] == "The Republic of Moldova"
    assert (
        place_forms(["ITA", "RUS", "PHL"], "fr")["in_places"] == "en Italie, en Fédération de Russie et aux Philippines"
    )
    assert (
        place_forms(["ITA", "RUS", "PHL"], "es")["of_places"] == "de Italia, de la Federación de Rusia y de Filipinas"
    )


@pytest.mark.parametrize(
    "lang, names",
    [
        (
            "fr",
            [
                "Danemark",
                "Égypte",
                "El Salvador",
                "Équateur",
                "Espagne",
                "États-Unis d'Amérique",
                "Fidji",
                "Île de Man",
            ],
        ),
        ("es", ["Namibia", "Nicaragua", "Níger", "Nigeria", "Noruega", "Ñandú", "Omán", "Óscar"]),
        ("en", ["Côte d'Ivoire", "Croatia", "Cuba", "Curaçao", "Cyprus", "Réunion", "Romania"]),
    ],
)
def test_names_sort_as_a_reader_of_the_language_expects(lang, names):
    """Accents and case ignored (Égypte under E, Île under I), Spanish ñ a letter after n."""
    assert sorted(sorted(names), key=lambda name: sort_key(name, lang)) == names


COUNTRY_FORMS = set(name_forms("MAR", "en"))
PLACE_FORMS = set(place_forms(["MAR"], "en"))


def fields(texts) -> set[str]:
    return {field for text in texts for _text, field, _spec, _conv in string.Formatter().parse(text) if field}


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_translations_use_only_the_forms_their_call_passes(lang):
    """A translation may use any form of the country (or the places) its msgid names, never a
    field the call does not pass (str.format would raise)."""
    with open(f"i18n/locales/{lang}/LC_MESSAGES/messages.po", encoding="utf-8") as file:
        catalog = read_po(file)
    wrong = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        given = fields(ids)
        allowed = set(given)
        for forms in (COUNTRY_FORMS, PLACE_FORMS):
            if given & forms:
                allowed |= forms
        # A second place of a sentence comes in the same forms under its own name
        # (components.describe.forms: {the_cheapest}, {to_cheapest}...).
        for field in given:
            if field.startswith("the_"):
                allowed |= set(describe.forms("MAR", "en", field[4:]))
        used = fields(strings)
        if not used <= allowed:
            wrong.append((ids[0], sorted(used - allowed)))
    assert wrong == []
