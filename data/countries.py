"""Country names per language and the programme's participating countries.

Names come from CLDR (through Babel) keyed by ISO 3166 codes (through pycountry), so French
and Spanish names are the standard ones, not our own spellings.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry
from babel import Locale

# Countries of the joint IOM-UNDP programme "Mainstreaming Migration into National
# Development Strategies" (DESIGN.md §4).
PROGRAMME_COUNTRIES = ("BGD", "ECU", "JAM", "KGZ", "MDA", "MAR", "SRB", "TUN")

# Areas UN DESA reports that have no ISO 3166-1 entry.
NON_ISO_AREAS = {"CHI": "Channel Islands", "XKX": "Kosovo"}


@lru_cache(maxsize=None)
def alpha2(iso3: str) -> str | None:
    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country else None


@lru_cache(maxsize=4096)
def country_name(iso3: str, lang: str) -> str:
    """The country's common name in `lang` (falls back to the ISO name, then the code)."""
    code = alpha2(iso3)
    if code:
        name = Locale.parse(lang).territories.get(code)
        if name:
            return name
        return pycountry.countries.get(alpha_3=iso3).name
    return NON_ISO_AREAS.get(iso3, iso3)
