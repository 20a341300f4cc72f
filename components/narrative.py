"""The country narrative: 4 to 10 short sentences written from a country's facts by templates.

A sentence appears only when every figure it states exists; ranks only among at least three
countries with data; changes only with a baseline. Numbers are rounded for reading ("about
864,000") and formatted per locale. Templates are msgids whole sentences: a country comes in every
grammatical form its name takes (`data.countries.name_forms`: "the_country", "in_country",
...) and a list of places likewise (`labels.place_forms`); each language's translation uses
the forms its grammar needs ("au Maroc", "en el Perú"), which str.format allows by ignoring
unused fields.
"""

from __future__ import annotations

import math

from components.labels import place_forms
from data.countries import name_forms
from data.profile import Facts
from data.queries import Savings
from i18n import N_, format_currency_usd, format_number, format_ordinal, format_percent, translator

MEASURE_LABELS = {
    "emigrants_pct": N_("emigrants as a share of the population"),
    "remittances_pct_gdp": N_("remittances as a share of GDP"),
}


def about(value: float, lang: str) -> str:
    """A count rounded to three significant digits, written per locale: 864,257 -> 864,000."""
    if value == 0:
        return format_number(0, lang)
    digits = 3 - math.floor(math.log10(abs(value))) - 1
    return format_number(round(value, min(0, digits)), lang)


def sentences(facts: Facts, names: dict[str, str], lang: str, revision: bool = False) -> list[str]:
    """The narrative; with `revision` (the profile, not the two-page brief), one more sentence:
    how IMS 2024 revised the country's emigrants of IMS 2020."""
    _ = translator(lang)
    country = name_forms(facts.iso3, lang)
    out: list[str] = []

    emigrants, base = facts.emigrants, facts.emigrants_1990
    if emigrants:
        fields = {"year": emigrants.year, "number": about(emigrants.value, lang), **country}
        if base and base.value > 0 and base.year != emigrants.year:
            change = (emigrants.value / base.value - 1) * 100
            fields.update(change=format_percent(abs(change), lang, decimals=0), base_year=base.year)
            template = (
                _(
                    "In {year}, about {number} people from {the_country} lived in another country, "
                    "{change} more than in {base_year}."
                )
                if change >= 0
                else _(
                    "In {year}, about {number} people from {the_country} lived in another country, "
                    "{change} fewer than in {base_year}."
                )
            )
        else:
            template = _("In {year}, about {number} people from {the_country} lived in another country.")
        out.append(template.format(**fields))
    if len(facts.top_destinations) >= 2:
        places = place_forms([code for code, _value in facts.top_destinations], lang)
        out.append(_("The largest numbers lived in {the_places}.").format(**places))
    if facts.emigrants_pct:
        out.append(
            _("In {year}, emigrants were equal to {share} of the population living in the country.").format(
                year=facts.emigrants_pct.year, share=format_percent(facts.emigrants_pct.value, lang)
            )
        )

    if facts.immigrants:
        fields = {"number": about(facts.immigrants.value, lang), "year": facts.immigrants.year, **country}
        if facts.female_pct:
            fields["women"] = format_percent(facts.female_pct.value, lang)
            out.append(
                _(
                    "{The_country} was home to about {number} international migrants in {year}; {women} of them "
                    "were women."
                ).format(**fields)
            )
        else:
            out.append(_("{The_country} was home to about {number} international migrants in {year}.").format(**fields))

    if facts.remittances_usd:
        fields = {"amount": format_currency_usd(facts.remittances_usd.value, lang), "year": facts.remittances_usd.year}
        gdp = facts.remittances_pct_gdp
        if gdp and gdp.year == facts.remittances_usd.year:
            fields["share"] = format_percent(gdp.value, lang)
            out.append(_("Remittances received reached {amount} in {year}, equal to {share} of GDP.").format(**fields))
        else:
            out.append(_("Remittances received reached {amount} in {year}.").format(**fields))
    if len(facts.top_senders) >= 2:
        places = place_forms([code for code, _value in facts.top_senders], lang)
        out.append(_("World Bank estimates for 2021 suggest most came from {the_places}.").format(**places))

    region_ranks = [rank for rank in facts.ranks if rank.group == facts.region]
    for rank in region_ranks[:1]:
        first, last = rank.years
        template = (
            _("Among the {size} countries of {group} with data for {year}, it ranks {rank} for {measure}.")
            if first == last
            else _(
                "Among the {size} countries of {group} with data, each at its latest year ({first}–{year}), "
                "it ranks {rank} for {measure}."
            )
        )
        out.append(
            template.format(
                size=rank.size,
                group=names.get(rank.group, rank.group),
                rank=format_ordinal(rank.rank, lang),
                measure=_(MEASURE_LABELS[rank.measure]),
                first=first,
                year=last,
            )
        )

    if facts.savings is not None and facts.savings.surveyed:
        out.append(savings_sentence(facts.savings, lang))
        out.append(savings_coverage(facts.savings, lang))

    net = facts.net_migration
    if net and round(net.value, -3) != 0:
        fields = {"number": about(abs(net.value), lang), "year": net.year, **country}
        out.append(
            (
                _("In {year}, about {number} more people left {the_country} than arrived.")
                if net.value < 0
                else _("In {year}, about {number} more people arrived in {the_country} than left.")
            ).format(**fields)
        )
    out = out[:10]
    change = facts.emigrants_revision
    if revision and change:
        out.append(
            _(
                "The {later} edition of International Migrant Stock revised emigrants from {the_country} in "
                "{year} from about {first} to about {last} ({change})."
            ).format(
                **country,
                later=change.later_edition,
                year=change.year,
                first=about(change.earlier, lang),
                last=about(change.later, lang),
                change=signed_percent(change.pct, lang),
            )
        )
    return out


def signed_percent(pct: float | None, lang: str) -> str:
    """ "+9.2 %", "-29.9 %": a change as a share (missing: "–")."""
    if pct is None:
        return format_percent(None, lang)
    return ("+" if round(pct, 1) > 0 else "") + format_percent(pct, lang)


def target_text(target: float, lang: str) -> str:
    """A target cost as a sentence writes it: 3 %, 2.5 % (no ".0")."""
    return format_percent(target, lang, decimals=0 if float(target).is_integer() else 1)


def savings_sentence(savings: Savings, lang: str) -> str:
    """ "Families in Moldova would keep about $5.5M a year if sending money cost 3 %" (data.methods
    "remittance-savings"); a target every surveyed corridor already meets saves nothing, and
    the sentence says so."""
    _ = translator(lang)
    fields = {**name_forms(savings.country, lang), "target": target_text(savings.target, lang)}
    if savings.saving_usd > 0:
        return _("Families in {the_country} would keep about {amount} a year if sending money cost {target}.").format(
            amount=format_currency_usd(savings.saving_usd, lang), **fields
        )
    return _(
        "Families in {the_country} would keep no more if sending money cost {target}: every surveyed "
        "corridor already costs that or less."
    ).format(**fields)


def savings_coverage(savings: Savings, lang: str) -> str:
    """What the saving counts: the share of the country's (modelled) remittances whose corridor
    cost is surveyed, and the unknown rest."""
    _ = translator(lang)
    fields = {
        **name_forms(savings.country, lang),
        "total": format_currency_usd(savings.total_usd, lang),
        "year": savings.year,
        "known": format_percent(100 - savings.unknown_pct, lang),
        "unknown": format_percent(savings.unknown_pct, lang),
    }
    if savings.unknown_usd > 0:
        return _(
            "It counts only the corridors whose cost the World Bank surveys, which carry {known} of the "
            "{total} that KNOMAD estimates {the_country} received in {year} (a modelled figure); the cost "
            "of the other {unknown} is unknown."
        ).format(**fields)
    return _(
        "It counts every corridor of the {total} that KNOMAD estimates {the_country} received in {year} "
        "(a modelled figure)."
    ).format(**fields)
