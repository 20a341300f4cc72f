"""Countries: codes, names per language, groups, and the programme's participating countries.

Names are the UN's in English, French and Spanish (data/un_names.py says where each comes
from), one per area for every view: the picker, tables, charts and sentences alike. A name in a
sentence takes its article and preposition from `name_in` (du Maroc, en République de Moldova,
aux Philippines, à Cuba; del Perú, en la India), never from a translator's guess. Group names
(UN M49 regions, World Bank regions and income groups) are msgids: translated in the catalogs
like every other string.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from data.un_names import UN_NAMES
from i18n import DEFAULT_LANGUAGE, N_, translator

# Countries of the joint IOM-UNDP programme "Mainstreaming Migration into National
# Development Strategies" (ARCHITECTURE.md, Programme).
PROGRAMME_COUNTRIES = ("BGD", "ECU", "JAM", "KGZ", "MDA", "MAR", "SRB", "TUN")

# One code per area: IOM GDI's UN DESA files write the Channel Islands XCX, the World Bank
# (and UN M49 area 830) CHI; Remittance Prices Worldwide writes Kosovo KSV, the World Bank XKX.
CODE_ALIASES = {"XCX": "CHI", "KSV": "XKX"}

# States that no longer exist, as our sources code them: SUD and SCG are Abel & Cohen's codes,
# ANT (Netherlands Antilles) is Remittance Prices Worldwide's.
FORMER_STATES = ("SUD", "SCG", "ANT")

# Areas UN M49 does not list apart, placed in a region and sub-region for aggregates of the
# data that report them apart. UN DESA counts Kosovo within Serbia (IMS has no XKX rows); the
# World Bank reports Kosovo apart, so without this its remittances would count in the world
# but in no region. Aggregates count only the members a dataset covers, so data that count
# Kosovo within Serbia are unaffected. Stated in data.methods ("kosovo-in-southern-europe").
PLACED_IN_M49 = {"XKX": (908, 925)}  # Europe, Southern Europe (where Serbia is)

# Origins that are not places: UN DESA's unknown origin, UNHCR's stateless and Tibetan.
SPECIAL_ORIGINS = {
    "OOO": N_("Other or unknown origin"),
    "STL": N_("Stateless"),
    "TIB": N_("Tibetan"),
}

# UN M49 regions and sub-regions, as UN DESA's International Migrant Stock groups countries.
M49_NAMES = {
    903: N_("Africa"),
    910: N_("Eastern Africa"),
    911: N_("Middle Africa"),
    912: N_("Northern Africa"),
    913: N_("Southern Africa"),
    914: N_("Western Africa"),
    935: N_("Asia"),
    5500: N_("Central Asia"),
    906: N_("Eastern Asia"),
    920: N_("South-Eastern Asia"),
    5501: N_("Southern Asia"),
    922: N_("Western Asia"),
    908: N_("Europe"),
    923: N_("Eastern Europe"),
    924: N_("Northern Europe"),
    925: N_("Southern Europe"),
    926: N_("Western Europe"),
    904: N_("Latin America and the Caribbean"),
    915: N_("Caribbean"),
    916: N_("Central America"),
    931: N_("South America"),
    905: N_("Northern America"),
    909: N_("Oceania"),
    927: N_("Australia and New Zealand"),
    928: N_("Melanesia"),
    954: N_("Micronesia"),
    957: N_("Polynesia"),
}

WB_REGIONS = (
    N_("East Asia & Pacific"),
    N_("Europe & Central Asia"),
    N_("Latin America & Caribbean"),
    N_("Middle East, North Africa, Afghanistan & Pakistan"),
    N_("North America"),
    N_("South Asia"),
    N_("Sub-Saharan Africa"),
)
INCOME_GROUPS = (
    N_("Low income"),
    N_("Lower middle income"),
    N_("Upper middle income"),
    N_("High income"),
)
# Economies the World Bank gives no income group (and areas it does not list): an area of their
# own, so that the income groups add up to the world.
NOT_CLASSIFIED = N_("Not classified")

# Areas UN DESA's International Migrant Stock reports as one, whose UN WPP population is given
# in parts: the denominator of their shares is the sum, so it covers what the numerator covers.
POPULATION_PARTS = {"SRB": ("SRB", "XKX"), "CHI": ("GGY", "JEY")}

# What a reader must know to read a country's migrant figures: areas counted together, and
# changes of borders the sources follow differently (shown on its cards, profile and brief).
KOSOVO_IN_SERBIA = N_(
    "UN DESA counts Kosovo in Serbia: Serbia's immigrants and emigrants include Kosovo's, so its "
    "population here is Serbia's plus Kosovo's (UN World Population Prospects 2024), and so are "
    "its shares of the population."
)
CHANNEL_ISLANDS = N_(
    "UN DESA reports the Channel Islands as one area: their population here is Guernsey's plus "
    "Jersey's (UN World Population Prospects 2024)."
)
SUDAN_SPLIT = N_(
    "South Sudan became independent in 2011. UN DESA's figures for Sudan for 1990-2005 cover "
    "Sudan and South Sudan, while International Migrant Stock 2024 also gives South Sudan a figure "
    "of its own for those years: the two overlap, in UN DESA's regional and world totals too. "
    "Migration flow estimates before 2010 are for the former Sudan."
)
SERBIA_MONTENEGRO_SPLIT = N_(
    "Montenegro became independent in 2006. Migration flow estimates before 2010 are for the "
    "former Serbia and Montenegro."
)
NETHERLANDS_ANTILLES_SPLIT = N_(
    "The Netherlands Antilles were dissolved in 2010 into Curaçao, Sint Maarten and Bonaire, "
    "Sint Eustatius and Saba. UN DESA (International Migrant Stock 2020) notes that its figures "
    "for Bonaire, Sint Eustatius and Saba for 1990-2000 refer to the former Netherlands Antilles, "
    "and for 2005 to the former Netherlands Antilles without Sint Maarten."
)
# Country -> its notes, each with the key of its rule in data.methods.
TERRITORY_NOTES = {
    "SRB": (("population-parts", KOSOVO_IN_SERBIA), ("border-changes", SERBIA_MONTENEGRO_SPLIT)),
    "MNE": (("border-changes", SERBIA_MONTENEGRO_SPLIT),),
    "CHI": (("population-parts", CHANNEL_ISLANDS),),
    "SDN": (("border-changes", SUDAN_SPLIT),),
    "SSD": (("border-changes", SUDAN_SPLIT),),
    "CUW": (("border-changes", NETHERLANDS_ANTILLES_SPLIT),),
    "SXM": (("border-changes", NETHERLANDS_ANTILLES_SPLIT),),
    "BES": (("border-changes", NETHERLANDS_ANTILLES_SPLIT),),
}

# World Bank spellings in the KNOMAD matrices that differ from the WDI names of the same
# economies (older names).
WB_NAME_ALIASES = {
    "Czech Republic": "CZE",
    "Faeroe Islands": "FRO",
    "Korea, Dem. Rep.": "PRK",
    "Puerto Rico": "PRI",
    "Turkey": "TUR",
    "Vietnam": "VNM",
    "Macedonia, FYR": "MKD",
    "Swaziland": "SWZ",
}


@lru_cache(maxsize=4096)
def country_name(iso3: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The area's UN short name in `lang`, a special origin's translated label, else the code
    itself."""
    if iso3 in UN_NAMES:
        return getattr(UN_NAMES[iso3], lang if lang in ("en", "fr", "es") else DEFAULT_LANGUAGE)
    if iso3 in SPECIAL_ORIGINS:
        return translator(lang)(SPECIAL_ORIGINS[iso3])
    return iso3


ROLES = ("the", "of", "in", "to")
_VOWELS = set("AEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜH")  # before which French elides "de": d’Oman, d’Haïti


def name_in(iso3: str, lang: str, role: str) -> str:
    """The area's name as a sentence needs it after a preposition or as a subject: `role` is
    "the" (the Philippines, le Maroc, el Perú), "of" (of the Philippines, du Maroc, del Perú),
    "in" (in the Philippines, au Maroc, en el Perú) or "to" (to the Philippines, au Maroc, al
    Perú). Areas without a UN name (special origins) are used as they are."""
    name = country_name(iso3, lang)
    entry = UN_NAMES.get(iso3)
    if lang == "fr":
        article = entry.fr_article if entry else ""
        the = f"l’{name}" if article == "l'" else f"{article} {name}".strip()
        if role == "the":
            return the
        if role == "of":
            if article == "le":
                return f"du {name}"
            if article == "les":
                return f"des {name}"
            if article:
                return f"de {the}"
            return f"d’{name}" if name[0].upper() in _VOWELS else f"de {name}"
        in_form = entry.fr_in if entry else "à"
        return f"{in_form[:-1]}’{name}" if in_form.endswith("'") else f"{in_form} {name}"
    if lang == "es":
        article = entry.es_article if entry else ""
        the = f"{article} {name}".strip()
        if role == "the":
            return the
        if role == "in":
            return f"en {the}"
        preposition = "de" if role == "of" else "a"
        if article == "el":
            return f"{preposition}l {name}"  # del, al
        return f"{preposition} {the}"
    the = f"the {name}" if entry and entry.en_article else name
    return the if role == "the" else f"{role} {the}"


def name_forms(iso3: str, lang: str) -> dict[str, str]:
    """The keyword arguments of a sentence about a country: `country` (the name alone, for
    titles and lists), `the_country`, `The_country` (at the start of a sentence),
    `of_country`, `in_country` and `to_country`. Each msgid uses the forms its English needs;
    its French or Spanish translation uses the forms its own grammar needs."""
    forms = {f"{role}_country": name_in(iso3, lang, role) for role in ROLES}
    the = forms["the_country"]
    return {"country": country_name(iso3, lang), **forms, "The_country": the[:1].upper() + the[1:]}


def sort_key(name: str, lang: str) -> tuple[str, str]:
    """Alphabetical order as a reader of `lang` expects it: accents and case ignored ("Égypte"
    under E, "Åland" under A), except the Spanish ñ, a letter after n; ties keep accented after
    plain."""
    text = name.casefold()
    if lang == "es":
        text = text.replace("ñ", "n\uffff")
    plain = unicodedata.normalize("NFKD", text)
    return "".join(char for char in plain if not unicodedata.combining(char)), text
