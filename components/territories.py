"""What a reader must know to read a country's migrant figures, in their language: the areas
UN DESA counts together and the changes of borders the sources follow (declared in
data.countries.TERRITORY_NOTES), and the years the source repeats one figure (the `repeated`
rows of stocks-country, found by the build). The cards, profile and brief that show such a
country say so with these notes.
"""

from __future__ import annotations

from functools import lru_cache

from components.labels import by_name, join_names, names
from data import queries
from data.countries import TERRITORY_NOTES, name_forms
from i18n import format_number, translator


def repeated_figures() -> dict[str, tuple[tuple[int, ...], float]]:
    """Country -> (years, the one figure repeated for them), IMS 2024."""
    return _repeated_figures(queries.current_build())


@lru_cache(maxsize=4)
def _repeated_figures(_build) -> dict[str, tuple[tuple[int, ...], float]]:  # once per build
    rows = queries.select("stocks-country", {"edition": ("2024",), "sex": ("total",)})
    rows = rows[rows["repeated"]].sort_values("year")
    return {
        country: (tuple(int(year) for year in group["year"]), float(group["immigrants"].iloc[0]))
        for country, group in rows.groupby("country")
    }


def _years(years: tuple[int, ...]) -> str:
    return f"{years[0]}-{years[-1]}"


def country_notes(codes, lang: str) -> list[str]:
    """The notes of these countries, each once (Sudan and South Sudan share theirs)."""
    _ = translator(lang)
    repeated = repeated_figures()
    notes = []
    for code in codes:
        notes.extend(_(text) for _key, text in TERRITORY_NOTES.get(code, ()))
        if code in repeated:
            years, value = repeated[code]
            notes.append(
                _(
                    "International Migrant Stock 2024 gives {the_country} one repeated figure, {number} "
                    "immigrants, for {years}, before it was a state of its own: not an estimate for "
                    "those years."
                ).format(**name_forms(code, lang), number=format_number(value, lang), years=_years(years))
            )
    return list(dict.fromkeys(notes))


def repeated_in(year: int | None, lang: str) -> str | None:
    """For views of every country (maps, regions): which countries have a repeated figure in
    `year` (any year when None), or None."""
    _ = translator(lang)
    lookup = names(lang)
    repeated = {code: years for code, (years, _value) in repeated_figures().items() if year is None or year in years}
    if not repeated:
        return None
    spans = sorted({_years(years) for years in repeated.values()})
    return _(
        "International Migrant Stock 2024 repeats one figure for {countries} for the years before they "
        "were states of their own ({years}): not estimates for those years; sums over countries "
        "include them, as UN DESA's world total does."
    ).format(
        countries=join_names(
            [lookup.get(code, code) for code in by_name(repeated, lang, lookup)],
            lang,
            limit=6,
        ),
        years=", ".join(spans),
    )


def counted_together(lang: str) -> str:
    """The areas counted as one (data.countries.POPULATION_PARTS), for views of every country."""
    _ = translator(lang)
    return _(
        "UN DESA counts Kosovo in Serbia, and the Channel Islands (Guernsey and Jersey) as one area; "
        "their populations are summed the same way."
    )


def methods_for(codes) -> tuple[str, ...]:
    """The rules (data.methods) behind these countries' notes."""
    repeated = repeated_figures()
    keys = [key for code in codes for key, _text in TERRITORY_NOTES.get(code, ())]
    keys += ["border-changes" for code in codes if code in repeated]
    return tuple(dict.fromkeys(keys))
