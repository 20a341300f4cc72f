"""Revisions between editions, shared by /stocks, /remittances and the country profile: one
renderer for every series two editions of a source give (data.tables.edition_revisions),
the earlier edition dashed and the later one solid, with the revision in the table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from components import describe, figures
from components.chart_card import ChartContent, Download
from components.labels import join_names, names, value_text
from components.selection import MAX_LINES, largest_series
from components.table import TableColumn
from data import queries
from data.countries import name_forms
from data.un_names import UN_NAMES
from i18n import N_, format_date, format_number, ntranslator, translator

DATASET = "edition-revisions"


@dataclass(frozen=True)
class Series:
    """What one series of the revisions table is called, and the sentences that describe it
    (msgids: {earlier} and {later} name the editions, as `edition` writes them)."""

    label: str
    unit: str
    sources: tuple[str, ...]
    methods: tuple[str, ...]
    edition: str  # "IMS {edition}"
    revised: str
    unchanged: str
    missing: str  # {edition} has no figure for {the_country}
    dated: bool = False  # editions are release dates (2025-07-01), written as dates


IMS_MISSING = N_("International Migrant Stock {edition} has no figure for {the_country}.")
SERIES = {
    "immigrants": Series(
        label=N_("Immigrants"),
        unit="persons",
        sources=("ims2020_bilateral", "ims2024_bilateral"),
        methods=("edition-revisions", "both-sexes", "immigrants-emigrants"),
        edition=N_("IMS {edition}"),
        revised=N_(
            "The {later} edition revised immigrants in {the_country} in {year} from {first} to {last} ({change})."
        ),
        unchanged=N_(
            "The {later} edition kept immigrants in {the_country} in {year} at {first}, as in the {earlier} edition."
        ),
        missing=IMS_MISSING,
    ),
    "emigrants": Series(
        label=N_("Emigrants"),
        unit="persons",
        sources=("ims2020_bilateral", "ims2024_bilateral"),
        methods=("edition-revisions", "both-sexes", "immigrants-emigrants"),
        edition=N_("IMS {edition}"),
        revised=N_(
            "The {later} edition revised emigrants from {the_country} in {year} from {first} to {last} ({change})."
        ),
        unchanged=N_(
            "The {later} edition kept emigrants from {the_country} in {year} at {first}, as in the {earlier} edition."
        ),
        missing=IMS_MISSING,
    ),
    "remittances_received": Series(
        label=N_("Remittances received"),
        unit="usd",
        sources=("wdi_remittances_received_2023", "wdi_remittances_received"),
        methods=("edition-revisions",),
        edition=N_("WDI {edition}"),
        revised=N_(
            "The World Bank's release of {later} revised remittances received by {the_country} in {year} from "
            "{first} to {last} ({change})."
        ),
        unchanged=N_(
            "The World Bank's release of {later} kept remittances received by {the_country} in {year} at "
            "{first}, as in its release of {earlier}."
        ),
        missing=N_("The World Bank's release of {edition} has no figure for {the_country}."),
        dated=True,
    ),
}
STATUS_LABELS = {
    "revised": N_("Revised"),
    "unchanged": N_("Unchanged"),
    "not_in_earlier": N_("Not in the earlier edition"),
    "not_in_later": N_("Not in the later edition"),
    "withheld": N_("Withheld: too few members in both"),
}
PLACES = MAX_LINES // 2  # two lines a place


def edition_name(series: Series, edition: str, lang: str, short: bool = False) -> str:
    """ "2024" or "1 July 2025" in a sentence; "IMS 2024", "WDI 2025-07-01" in a legend."""
    if short:
        return translator(lang)(series.edition).format(edition=edition)
    return format_date(dt.date.fromisoformat(edition), lang) if series.dated else edition


def _place_sentences(rows: pd.DataFrame, series: Series, lang: str) -> str:
    """One place's revision in its latest year in both editions, and its largest revision
    when that is another year; or which edition has no figure for it."""
    _, ngettext = translator(lang), ntranslator(lang)
    code = rows["code"].iloc[0]
    earlier, later = rows["earlier_edition"].iloc[0], rows["later_edition"].iloc[0]
    fields = {
        "earlier": edition_name(series, earlier, lang),
        "later": edition_name(series, later, lang),
        "label": _(series.label),
        "place": rows["name"].iloc[0],
    }
    country = code in UN_NAMES
    if country:
        fields.update(name_forms(code, lang))
    both = rows[rows["earlier_value"].notna() & rows["later_value"].notna()].sort_values("year")
    if both.empty:
        if not country:
            return ""
        lacking = earlier if rows["earlier_value"].isna().all() else later
        return _(series.missing).format(**fields, edition=edition_name(series, lacking, lang))
    last = both.iloc[-1]
    fields.update(
        year=int(last["year"]),
        first=describe.amount(last["earlier_value"], series.unit, lang),
        last=describe.amount(last["later_value"], series.unit, lang),
        change=describe.signed_change(last["revision"], last["revision_pct"], series.unit, lang),
    )
    if not country:
        count = int(last["countries"])
        text = (
            ngettext(
                "{label}, {place}, {year}, over the {count} economy present in both releases: {first} in the "
                "release of {earlier}, {last} in the release of {later} ({change}).",
                "{label}, {place}, {year}, over the {count} economies present in both releases: {first} in the "
                "release of {earlier}, {last} in the release of {later} ({change}).",
                count,
            )
            if series.dated
            else ngettext(
                "{label}, {place}, {year}, over the {count} country present in both editions: {first} in "
                "the {earlier} edition, {last} in the {later} edition ({change}).",
                "{label}, {place}, {year}, over the {count} countries present in both editions: {first} in "
                "the {earlier} edition, {last} in the {later} edition ({change}).",
                count,
            )
        ).format(**fields, count=format_number(count, lang))
    elif last["status"] == "unchanged":
        text = _(series.unchanged).format(**fields)
    else:
        text = _(series.revised).format(**fields)
    largest = both.loc[both["revision_pct"].abs().fillna(-1).idxmax()]
    if largest["year"] != last["year"] and abs(largest["revision_pct"]) > abs(last["revision_pct"]):
        text = describe.joined(
            text,
            _("The largest revision, {change}, is for {year}.").format(
                change=describe.signed_change(largest["revision"], largest["revision_pct"], series.unit, lang),
                year=int(largest["year"]),
            ),
        )
    return text


def revisions(state: dict, lang: str, series_key: str) -> ChartContent:
    """Both editions of `series_key` for the chosen countries and areas, and the revision."""
    _ = translator(lang)
    series = SERIES[series_key]
    lookup = names(lang)
    codes = tuple(state.get("country", ())) + tuple(state.get("area", ()))
    label = _(series.label)
    filters = {"series": (series_key,), "code": codes}
    content = ChartContent(
        title=_("Revisions between editions: {measure}, {places}").format(
            measure=label, places=join_names([lookup.get(code, code) for code in codes], lang)
        ),
        downloads=[Download(_("Revisions"), DATASET, filters)],
        sources=series.sources,
        notes=[
            _("Dashed: the earlier edition; solid: the later one. Revision = later - earlier."),
            _("A figure one edition does not have is shown as missing, never as 0."),
        ],
        methods=series.methods,
    )
    rows = queries.select(DATASET, filters) if codes else pd.DataFrame(columns=["code", "later_value"])
    if rows.empty:
        content.empty = _("Choose at least one country or region with data.")
        return content
    earlier, later = rows["earlier_edition"].iloc[0], rows["later_edition"].iloc[0]
    legend = {edition: edition_name(series, edition, lang, short=True) for edition in (earlier, later)}
    unit_text = _("people") if series.unit == "persons" else _("current US$")
    content.subtitle = " · ".join(
        part
        for part in (
            _("Both sexes") if series.unit == "persons" else "",
            unit_text,
            _("dashed: {earlier}, solid: {later}").format(earlier=legend[earlier], later=legend[later]),
        )
        if part
    )
    areas = rows["kind"] != "country"
    if areas.any():
        content.notes.append(
            _(
                "A region, group or the world sums, in both editions, only its members present in both "
                "(how many, in the table), so its revision is not a change of who is counted; with fewer than "
                "two thirds of its members in both, it is withheld."
            )
        )
    drawn = largest_series(rows.assign(value=rows["later_value"]), codes, "value", limit=PLACES)
    order = {code: index for index, code in enumerate(drawn.order)}
    rows = rows.assign(name=rows["code"].map(lambda code: lookup.get(code, code))).sort_values(
        ["code", "year"], key=lambda column: column.map(order) if column.name == "code" else column
    )
    if drawn.cut:
        content.subtitle += " · " + drawn.subtitle(lang)
        content.notes.insert(0, drawn.note(label, lang))
    shown = rows[rows["code"].isin(drawn.codes)]
    lines = []
    one_place = shown["code"].nunique() == 1  # the title names it: the legend names the editions only
    for edition, column in ((earlier, "earlier_value"), (later, "later_value")):
        points = shown.dropna(subset=[column])
        lines.append(
            pd.DataFrame(
                {
                    "series": legend[edition] if one_place else points["name"] + " · " + legend[edition],
                    "group": points["code"],
                    "earlier": edition == earlier,
                    "x": points["year"],
                    "y": points[column],
                    "hover": [
                        f"{year}: {value_text(value, series.unit, lang)}"
                        for year, value in zip(points["year"], points[column])
                    ],
                }
            )
        )
    lines = pd.concat(lines, ignore_index=True)
    # Each place's two lines side by side in the legend: earlier, then later.
    lines = lines.sort_values(
        ["group", "earlier"], key=lambda c: c.map(order) if c.name == "group" else ~c, kind="stable"
    )
    content.figure = figures.line_chart(lines, label, lang, money=series.unit == "usd")
    content.description = describe.joined(
        *(
            _place_sentences(place, series, lang)
            for _code, place in list(shown.groupby("code", sort=False))[: describe.LISTED]
        )
    )
    kind = "usd" if series.unit == "usd" else "number"
    content.table = rows.assign(status_label=rows["status"].map(lambda status: _(STATUS_LABELS[status])))
    content.table_columns = [
        TableColumn("name", _("Country or region")),
        TableColumn("year", _("Year")),
        TableColumn("earlier_value", legend[earlier], kind),
        TableColumn("later_value", legend[later], kind),
        TableColumn("revision", _("Revision"), kind),
        TableColumn("revision_pct", _("Revision (%)"), "percent"),
        TableColumn("status_label", _("Status")),
    ]
    if areas.any():
        content.table_columns += [
            TableColumn("countries", _("Countries in both editions"), "number"),
            TableColumn("members", _("Members"), "number"),
        ]
    return content
