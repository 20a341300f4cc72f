"""Ranks as each language writes them: 1st/2nd/3rd/11th..., 1er/1re/2e, 1.º/1.ª."""

import pytest

from i18n import format_ordinal

EXPECTED = {
    "en": {
        1: "1st",
        2: "2nd",
        3: "3rd",
        4: "4th",
        11: "11th",
        12: "12th",
        13: "13th",
        21: "21st",
        22: "22nd",
        23: "23rd",
        101: "101st",
        111: "111th",
        112: "112th",
        213: "213th",
    },
    "fr": {1: "1er", 2: "2e", 3: "3e", 5: "5e", 11: "11e", 21: "21e", 101: "101e"},
    "es": {1: "1.º", 2: "2.º", 5: "5.º", 11: "11.º", 21: "21.º"},
}


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_ordinals_in_each_language(lang):
    assert {rank: format_ordinal(rank, lang) for rank in EXPECTED[lang]} == EXPECTED[lang]


def test_feminine_ordinals_and_unknown_language():
    assert format_ordinal(1, "fr", feminine=True) == "1re"
    assert format_ordinal(2, "fr", feminine=True) == "2e"
    assert format_ordinal(1, "es", feminine=True) == "1.ª"
    assert format_ordinal(1, "en", feminine=True) == "1st"
    assert format_ordinal(3, "xx") == "3rd"  # unknown languages fall back to English
