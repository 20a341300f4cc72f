"""Charts that describe themselves: the words of `ChartContent.description`, written from the
rows a chart draws, in the reader's language.

A description says in one to three short sentences what a chart shows, its range, its largest
values and its trend: "Emigrants from the Republic of Moldova rose from 597,000 in 1990 to
1,060,000 in 2024." It is the chart's accessible description (the card points
`aria-describedby` at it), shown on request, and carried by its embed, images and files.

The helpers here turn rows into those words; each renderer calls one or two of them with its
own sentence templates (whole sentences as msgids, as components/narrative.py writes them:
countries through `data.countries.name_forms`, counts through ngettext, numbers through the
locale formatters, people rounded for reading with narrative.about).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from components.labels import join_names
from components.narrative import about, signed_percent
from data.countries import ROLES, country_name, name_forms, name_in
from data.un_names import UN_NAMES
from i18n import N_, format_currency_usd, format_number, format_percent, ntranslator, translator

LISTED = 3  # the largest values a sentence names


def joined(*sentences: str) -> str:
    """The sentences that are there, as one text."""
    return " ".join(sentence for sentence in sentences if sentence)


def amount(value, unit: str, lang: str) -> str:
    """A value as a sentence writes it: people rounded for reading ("188,000"), money in the
    locale's short form ("US$2.1B"), a share with one decimal ("4.3 %")."""
    if unit == "usd":
        return format_currency_usd(value, lang)
    if unit == "percent":
        return format_percent(value, lang)
    return about(value, lang)


def forms(code: str, lang: str, name: str = "country") -> dict[str, str]:
    """A place's grammatical forms named after `name` (`name_forms` for "country"; else
    `{name}`, `{the_name}`, `{The_name}`, `{of_name}`, `{in_name}`, `{to_name}`), for a second
    place in one sentence, such as the cheapest corridor's."""
    if name == "country":
        return name_forms(code, lang)
    found = {f"{role}_{name}": name_in(code, lang, role) for role in ROLES}
    the = found[f"the_{name}"]
    return {name: country_name(code, lang), **found, f"The_{name}": the[:1].upper() + the[1:]}


def listed_forms(codes: Sequence[str], details: Sequence[str], lang: str) -> dict[str, str]:
    """A list of places with a detail after each ("Italy (30.1 %), Romania (25.3 %) and Germany
    (9.0 %)") in every grammatical form, as `labels.place_forms` gives them without details:
    `places`, `the_places`, `of_places`, `in_places`, `to_places`."""
    suffix = [f" ({detail})" if detail else "" for detail in details]
    found = {"places": join_names([country_name(c, lang) + s for c, s in zip(codes, suffix, strict=True)], lang)}
    for role in ROLES:
        found[f"{role}_places"] = join_names(
            [name_in(code, lang, role) + s for code, s in zip(codes, suffix, strict=True)], lang
        )
    return found


def signed_change(change: float, pct: float, unit: str, lang: str) -> str:
    """A revision as a sentence writes it: "+9.2 %" of the earlier value, or the signed amount
    ("+1,200") where the earlier value is 0 and no share exists."""
    if pd.notna(pct):
        return signed_percent(pct, lang)
    return ("+" if change > 0 else "") + amount(change, unit, lang)


def ranked(names: Sequence[str], values: Sequence, unit: str, lang: str) -> str:
    """ "United States of America (52,400,000), Germany (16,800,000) and Saudi Arabia
    (13,700,000)": names with their values, as a list in `lang`."""
    return join_names(
        [f"{name} ({amount(value, unit, lang)})" for name, value in zip(names, values, strict=True)], lang
    )


def change(points: pd.Series, unit: str, lang: str, rose: str, fell: str, **fields) -> str:
    """The first and last value of a series (year -> value, missing values dropped) in the
    sentence `rose` or `fell` (msgids with {first}, {start}, {last}, {end} and `fields`), then
    its highest and lowest value where they are not at either end."""
    _ = translator(lang)
    points = points.dropna().sort_index()
    if points.empty:
        return ""
    start, end = points.index[0], points.index[-1]
    first, last = points.iloc[0], points.iloc[-1]
    if start == end:
        return _("{label}: {value} in {year}.").format(
            label=fields.get("label", ""), value=amount(last, unit, lang), year=end
        )
    values = {"first": amount(first, unit, lang), "start": start, "last": amount(last, unit, lang), "end": end}
    text = _(rose if last >= first else fell).format(**values, **fields)
    return joined(text, extremes(points, unit, lang))


def extremes(points: pd.Series, unit: str, lang: str) -> str:
    """ "The highest was 2,100,000, in 2008." where a series peaks (or bottoms out) between its
    first and last year: the trend from first to last would hide it."""
    _ = translator(lang)
    inner = points.iloc[1:-1]
    if inner.empty:
        return ""
    parts = []
    high, low = points.idxmax(), points.idxmin()
    if high in inner.index and points[high] > max(points.iloc[0], points.iloc[-1]):
        parts.append(_("The highest was {value}, in {year}.").format(value=amount(points[high], unit, lang), year=high))
    if low in inner.index and points[low] < min(points.iloc[0], points.iloc[-1]):
        parts.append(_("The lowest was {value}, in {year}.").format(value=amount(points[low], unit, lang), year=low))
    return joined(*parts)


def compared(frame: pd.DataFrame, label: str, unit: str, lang: str) -> str:
    """Several series (columns code, name, year, value) in two sentences: the highest and the
    lowest in the last year shown, and how many rose from their first year to their last."""
    _ = translator(lang)
    frame = frame.dropna(subset=["value"])
    if frame.empty:
        return ""
    end = int(frame["year"].max())
    latest = frame[frame["year"] == end].sort_values("value", ascending=False)
    fields = {
        "label": label,
        "start": int(frame["year"].min()),
        "end": end,
        "top": f"{latest['name'].iloc[0]} ({amount(latest['value'].iloc[0], unit, lang)})",
        "bottom": f"{latest['name'].iloc[-1]} ({amount(latest['value'].iloc[-1], unit, lang)})",
    }
    first = (
        _("{label}, {start}–{end}: in {end}, the highest was {top}, the lowest {bottom}.")
        if len(latest) > 1
        else _("{label}, {start}–{end}: in {end}, only {top} has a value.")
    ).format(**fields)
    ends = frame.sort_values("year").groupby("code")["value"].agg(["first", "last", "count"])
    ends = ends[ends["count"] > 1]
    if ends.empty:
        return first
    rose = int((ends["last"] > ends["first"]).sum())
    ngettext = ntranslator(lang)
    return joined(
        first,
        ngettext(
            "{count} of the {total} shown rose from its first year to its last.",
            "{count} of the {total} shown rose from their first year to their last.",
            rose,
        ).format(count=format_number(rose, lang), total=format_number(len(ends), lang)),
    )


def only_sex(sex: str, lang: str) -> str:
    """ "Women only." before the sentences of a chart drawn for one sex."""
    _ = translator(lang)
    return {"female": _("Women only."), "male": _("Men only.")}.get(sex, "")


def shares(values: pd.Series, lang: str) -> list[str]:
    """Each value's share of their sum, written as a percentage."""
    total = values.sum()
    return [format_percent(value / total * 100 if total else None, lang) for value in values]


# A series of a place without a UN name of its own (a region or group): its name alone.
AREA_CHANGE = (
    N_("{label}, {place}: up from {first} in {start} to {last} in {end}."),
    N_("{label}, {place}: down from {first} in {start} to {last} in {end}."),
)


def series(frame: pd.DataFrame, label: str, unit: str, lang: str, sentences: tuple[str, str]) -> str:
    """The description of a line chart of places over years (columns code, name, year, value):
    for one place, its change in `sentences` (rose, fell: msgids about `{the_country}` ...),
    or AREA_CHANGE for a region; for several, `compared`."""
    frame = frame.dropna(subset=["value"])
    codes = list(dict.fromkeys(frame["code"]))
    if len(codes) != 1:
        return compared(frame, label, unit, lang)
    code = codes[0]
    points = frame.set_index("year")["value"]
    if code in UN_NAMES:
        return change(points, unit, lang, *sentences, label=label, **name_forms(code, lang))
    return change(points, unit, lang, *AREA_CHANGE, label=label, place=frame["name"].iloc[0])


def extent(frame: pd.DataFrame, label: str, unit: str, lang: str) -> str:
    """ "Income group: highest value High income (206,000,000), lowest Low income (13,200,000)."
    for rows of a bar chart (columns name, value)."""
    _ = translator(lang)
    frame = frame.dropna(subset=["value"]).sort_values("value", ascending=False)
    if frame.empty:
        return ""
    top, bottom = (f"{row['name']} ({amount(row['value'], unit, lang)})" for row in (frame.iloc[0], frame.iloc[-1]))
    if len(frame) == 1:
        return _("{label}: {top}.").format(label=label, top=top)
    return _("{label}: highest value {top}, lowest {bottom}.").format(label=label, top=top, bottom=bottom)


def mapped(frame: pd.DataFrame, label: str, unit: str, year: int, lang: str) -> str:
    """A map of one value per country (columns name, value): how many countries have it, and
    the largest."""
    _, ngettext = translator(lang), ntranslator(lang)
    frame = frame.dropna(subset=["value"]).sort_values("value", ascending=False)
    top = frame.head(LISTED)
    return joined(
        ngettext(
            "{label}, {year}: {count} country has data.", "{label}, {year}: {count} countries have data.", len(frame)
        ).format(label=label, year=year, count=format_number(len(frame), lang)),
        _("Highest values: {places}.").format(places=ranked(list(top["name"]), list(top["value"]), unit, lang)),
    )


def tallied(counts: dict[str, int], labels: dict[str, str], lang: str) -> str:
    """ "on track: 33, at risk: 10 and off track: 31": counts by kind (zeros left out), the
    translated `labels` of the kinds, in their order."""
    _ = translator(lang)
    parts = [
        _("{label}: {value}").format(label=labels[key][:1].lower() + labels[key][1:], value=format_number(n, lang))
        for key, n in counts.items()
        if n
    ]
    return join_names(parts, lang, limit=len(parts))
