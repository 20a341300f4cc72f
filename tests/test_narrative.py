"""The country narrative on tiny facts, in three languages: numbers per locale, sentences only
for figures that exist."""

from __future__ import annotations

import pytest

from components.narrative import about, sentences
from data.profile import Facts, Figure, Rank

NAMES = {"MDA": "Moldova", "ITA": "Italy", "RUS": "Russia", "UKR": "Ukraine", "M908": "Europe"}
NBSP, NNBSP = "\u00a0", "\u202f"


def moldova() -> Facts:
    return Facts(
        iso3="MDA",
        region="M908",
        emigrants=Figure(864_257, 2024, "ims2024_bilateral"),
        emigrants_1990=Figure(634_901, 1990, "ims2024_bilateral"),
        top_destinations=[("ITA", 218_594.0), ("RUS", 166_187.0), ("UKR", 154_284.0)],
        immigrants=Figure(188_207, 2024, "ims2024_bilateral"),
        female_pct=Figure(58.54, 2024, "ims2024_bilateral", computed=True),
        remittances_usd=Figure(1.9177e9, 2024, "wdi_remittances_received"),
        remittances_pct_gdp=Figure(10.54, 2024, "wdi_gdp", computed=True),
        net_migration=Figure(-19_000, 2023, "wpp2024_net_migration"),
        ranks=[Rank("M908", 5, 47, "emigrants_pct", years=(2020, 2020))],
    )


def test_english_sentences_state_each_figure_with_its_year():
    text = sentences(moldova(), NAMES, "en")
    assert text[0] == (
        "In 2024, about 864,000 people from the Republic of Moldova lived in another country, 36% more than in 1990."
    )
    assert text[1] == "The largest numbers lived in Italy, the Russian Federation and Ukraine."
    assert (
        "The Republic of Moldova was home to about 188,000 international migrants in 2024; 58.5% of them were women."
    ) in text
    assert "Remittances received reached $1.9B in 2024, equal to 10.5% of GDP." in text
    assert (
        "Among the 47 countries of Europe with data for 2020, it ranks 5th for emigrants as a share of the population."
        in text
    )
    assert text[-1] == "In 2023, about 19,000 more people left the Republic of Moldova than arrived."
    assert 4 <= len(text) <= 8


@pytest.mark.parametrize(
    "lang, first",
    [
        (
            "fr",
            f"En 2024, environ 864{NNBSP}000 personnes originaires de la République de Moldova vivaient dans un "
            f"autre pays, soit 36{NBSP}% de plus qu’en 1990.",
        ),
        (
            "es",
            f"En 2024, unas 864.000 personas originarias de la República de Moldova vivían en otro país, "
            f"un 36{NBSP}% más que en 1990.",
        ),
    ],
)
def test_french_and_spanish_use_their_own_number_formats(lang, first):
    text = sentences(moldova(), NAMES, lang)
    assert text[0] == first
    assert any(("US" in sentence and f"10,5{NBSP}%" in sentence) for sentence in text)  # CLDR currency


def test_missing_figures_skip_their_sentences():
    facts = Facts(iso3="MDA", immigrants=Figure(188_207, 2024, "ims2024_bilateral"))
    assert sentences(facts, NAMES, "en") == [
        "The Republic of Moldova was home to about 188,000 international migrants in 2024."
    ]
    assert sentences(Facts(iso3="MDA"), NAMES, "fr") == []


@pytest.mark.parametrize(
    "lang, sentence",
    [
        (
            "en",
            "Among the 47 countries of Europe with data, each at its latest year (2023–2024), it ranks 1st for "
            "emigrants as a share of the population.",
        ),
        ("fr", "se classe 1er"),
        ("es", "ocupa el 1.º puesto"),
    ],
)
def test_a_rank_over_different_years_says_so_with_an_ordinal(lang, sentence):
    facts = moldova()
    facts.ranks = [Rank("M908", 1, 47, "emigrants_pct", years=(2023, 2024))]
    text = " ".join(sentences(facts, NAMES, lang))
    assert sentence in text
    assert "2023" in text and "2024" in text


def test_changes_need_a_baseline_and_ranks_need_a_region():
    facts = moldova()
    facts.emigrants_1990 = None
    facts.region = None
    text = sentences(facts, NAMES, "en")
    assert text[0] == "In 2024, about 864,000 people from the Republic of Moldova lived in another country."
    assert not any("ranks" in sentence for sentence in text)


def test_fewer_emigrants_and_positive_net_migration_read_the_other_way():
    facts = moldova()
    facts.emigrants_1990 = Figure(1_000_000, 1990, "ims2024_bilateral")
    facts.net_migration = Figure(5_000, 2023, "wpp2024_net_migration")
    text = sentences(facts, NAMES, "en")
    assert text[0].endswith("14% fewer than in 1990.")
    assert text[-1] == "In 2023, about 5,000 more people arrived in the Republic of Moldova than left."


def test_numbers_are_rounded_for_reading():
    assert about(864_257, "en") == "864,000"
    assert about(246, "en") == "246"
    assert about(1_917_700_000, "es") == "1.920.000.000"
