"""How the change reports (data.changes) read, in the reader's language: the "Updates" section
of /sources, a profile's "Revised since the previous data version", and the words of
/updates.atom (web.feeds), all from the one `Summary` of a report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dash import html

from components import urls
from components.labels import name_of, names
from components.params import SEX_LABELS
from data import queries
from data.changes import MEASURES, dataset
from data.countries import name_forms
from data.datasets import DATASETS_BY_NAME
from data.sources import SOURCES_BY_KEY
from i18n import (
    format_compact,
    format_currency_usd,
    format_date,
    format_number,
    format_percent,
    format_period,
    ntranslator,
    translator,
)

SHOWN = 4  # largest revisions shown per dataset
# The order places are named in: where from, then where to ("Moldova → Italy").
ROLE_ORDER = {"origin": 0, "sender": 0, "country": 0, "area": 0, "destination": 1, "receiver": 1, "asylum": 1}


@dataclass
class Part:
    """One dataset's changes: its title, the counts in words and its largest revisions."""

    title: str
    counts: str
    revisions: list[str] = field(default_factory=list)


@dataclass
class Summary:
    """A report in words: its title, its date, what it compared and each dataset's part."""

    version: str
    built_at: str
    title: str
    lines: list[str]
    parts: list[Part]
    colon: str = ": "  # between a dataset's title and its counts, as the language writes it


def measure_text(value, unit: str, lang: str, exact: bool = False) -> str:
    """A measure as readable as the headlines (1.9 M, 12.4 %, US$ 1.9 B; `exact`: in full, for
    a revision too small to show so); a missing value says so in words, never 0."""
    _ = translator(lang)
    if value is None:
        return _("no estimate")
    if unit.startswith("%"):
        return format_percent(value, lang, decimals=3 if exact else 1)
    if unit == "current US$" and not exact:
        return format_currency_usd(value, lang)
    if unit == "persons" and not exact:
        return format_compact(value, lang)
    return format_number(value, lang, decimals=3 if exact else 1)


def _old_and_new(old, new, unit: str, lang: str) -> tuple[str, str]:
    before, after = measure_text(old, unit, lang), measure_text(new, unit, lang)
    if before == after:  # 6.4 % -> 6.4 %: the change is in the decimals
        return measure_text(old, unit, lang, exact=True), measure_text(new, unit, lang, exact=True)
    return before, after


def _where(name: str, key: dict, lang: str, lookup: dict, skip: str | None) -> str:
    """The row of a revision in words: its places in their direction ("Moldova → Italy"; the
    profile's own country `skip` left out: "→ Italy", or nothing for its own rows), then its
    year or period, sex, edition and group."""
    _ = translator(lang)
    spec = dataset(name)
    places = sorted(
        (column for column in (*spec.country_columns, *(f.column for f in spec.filters if f.kind == "area"))),
        key=lambda column: ROLE_ORDER.get(column, 2),
    )
    shown = [key[column] for column in places if key.get(column)]
    if skip and len(shown) > 1:
        shown = [code if code != skip else "" for code in shown]  # "→ Italy": from the profile's country
    elif skip and shown == [skip]:
        shown = []
    words = [" → ".join(name_of(code, lang, lookup) if code else "" for code in shown).strip()] if shown else []
    for column in spec.key:
        value = key.get(column)
        if column in places or value is None:
            continue
        if column in ("year", "period"):
            words.append(format_period(value, lang))
        elif column == "sex":
            words.append(_(SEX_LABELS.get(value, value)))
        elif column == "edition":
            words.append(_("edition {edition}").format(edition=value))
        else:
            words.append(str(value))
    return ", ".join(words)


def revision_text(name: str, cell: dict, lang: str, lookup: dict, skip: str | None = None) -> str:
    """ "Moldova, 2000 · Net migration: −44 k → −39 k (+11.4 %)"."""
    _ = translator(lang)
    unit = next(column.unit for column in dataset(name).columns if column.name == cell["column"])
    old, new = cell["old"], cell["new"]
    before, after = _old_and_new(old, new, unit, lang)
    text = _("{what}: {old} → {new}").format(
        what=" · ".join(
            part
            for part in (
                _where(name, cell["key"], lang, lookup, skip),
                (_(MEASURES[cell["column"]]) if cell["column"] in MEASURES else cell["column"]),
            )
            if part
        )
        or cell["column"],
        old=before,
        new=after,
    )
    # A relative change for amounts only: a share's change is in points, a unitless value's unknown.
    if old not in (None, 0) and new is not None and unit and not unit.startswith("%"):
        change = (new - old) / abs(old) * 100
        text += f" ({'+' if change > 0 else ''}{format_percent(change, lang)})"
    return text


def counts_text(part: dict, lang: str) -> str:
    """ "1 row added, 1 row removed, 2 rows revised (1 value no longer estimated)"; one count
    per message, each agreeing with its own words."""
    ngettext = ntranslator(lang)

    def count(n: int) -> dict:
        return {"count": format_number(n, lang)}

    added, removed, revised = (part.get(name, 0) for name in ("added", "removed", "revised"))
    pieces = [
        *([ngettext("{count} row added", "{count} rows added", added).format(**count(added))] if added else []),
        *(
            [ngettext("{count} row removed", "{count} rows removed", removed).format(**count(removed))]
            if removed
            else []
        ),
        *(
            [ngettext("{count} row revised", "{count} rows revised", revised).format(**count(revised))]
            if revised
            else []
        ),
    ]
    columns = part.get("columns", {}).values()
    now = sum(column["now_estimated"] for column in columns)
    gone = sum(column["no_longer_estimated"] for column in columns)
    estimates = [
        *(
            [ngettext("{count} value now estimated", "{count} values now estimated", now).format(**count(now))]
            if now
            else []
        ),
        *(
            [
                ngettext("{count} value no longer estimated", "{count} values no longer estimated", gone).format(
                    **count(gone)
                )
            ]
            if gone
            else []
        ),
    ]
    text = ", ".join(pieces)
    return f"{text} ({', '.join(estimates)})" if estimates else text


def largest(part: dict) -> list[dict]:
    """The revisions shown for a dataset: each measure's largest absolute and relative change,
    then its first newly estimated and withdrawn values, SHOWN at most."""
    seen, cells = set(), []
    lists = ("largest_absolute", "largest_relative", "now_estimated_examples", "no_longer_estimated_examples")
    for kind in lists:
        for column in part.get("columns", {}).values():
            for cell in column[kind][:1]:
                identity = (tuple(sorted(cell["key"].items())), cell["column"])
                if identity not in seen and len(cells) < SHOWN:
                    seen.add(identity)
                    cells.append(cell)
    return cells


def summary(report: dict, lang: str, iso3: str | None = None) -> Summary:
    """A report in words; with `iso3`, that country's rows only."""
    _, ngettext = translator(lang), ntranslator(lang)
    lookup = names(lang)
    built = dt.datetime.fromisoformat(report["to"]["built_at"])
    title = _("Data version {version} of {date}").format(
        version=report["to"]["version"], date=format_date(built.date(), lang)
    )
    lines, parts = [], []
    changed = report.get("inputs", {}).get("changed", [])
    if report["status"] == "first":
        lines.append(_("The first data version: there is nothing earlier to compare it with."))
    elif report["status"] == "not_compared":
        lines.append(_("Not compared: the previous data version had failed its integrity check."))
    elif report["unchanged"]:
        lines.append(_("The data did not change: only the code that builds it is new."))
    if report["status"] != "first":
        if changed:
            files = ", ".join(
                _(SOURCES_BY_KEY[item["key"]].title) if item["key"] in SOURCES_BY_KEY else item["file"]
                for item in changed
            )
            lines.append(
                ngettext("Source file changed: {files}.", "Source files changed: {files}.", len(changed)).format(
                    files=files
                )
            )
        elif not report["unchanged"]:
            lines.append(_("No source file changed: the code that builds the data did."))
    if report["status"] == "compared":
        if iso3:
            mine = {
                name: part
                for name, part in report.get("countries", {}).get(iso3, {}).items()
                if name in DATASETS_BY_NAME
            }
            for name, part in mine.items():
                parts.append(
                    Part(
                        _(dataset(name).title),
                        counts_text(part, lang),
                        [revision_text(name, cell, lang, lookup, skip=iso3) for cell in part["revisions"]],
                    )
                )
            if not mine and not report["unchanged"]:
                lines.append(_("No figure for {the_country} changed in this version.").format(**name_forms(iso3, lang)))
        datasets = {} if iso3 else report["datasets"]
        for name, part in datasets.items():
            if name not in DATASETS_BY_NAME:  # a dataset since renamed or withdrawn from the catalogue
                continue
            if part["status"] == "new":
                parts.append(
                    Part(
                        _(dataset(name).title),
                        ngettext(
                            "new in this version ({count} row)",
                            "new in this version ({count} rows)",
                            part["rows_after"],
                        ).format(count=format_number(part["rows_after"], lang)),
                    )
                )
            elif part["status"] == "gone":
                parts.append(Part(_(dataset(name).title), _("no longer in the data")))
            elif part["status"] == "not_compared":
                parts.append(
                    Part(
                        _(dataset(name).title),
                        _("not compared: its rows could not be matched with the previous version’s"),
                    )
                )
            elif part["status"] == "compared" and (part["added"] or part["removed"] or part["revised"]):
                parts.append(
                    Part(
                        _(dataset(name).title),
                        counts_text(part, lang),
                        [revision_text(name, cell, lang, lookup) for cell in largest(part)],
                    )
                )
    colon = _("{dataset}: {counts}").format(dataset="", counts="")
    return Summary(report["to"]["version"], report["to"]["built_at"], title, lines, parts, colon)


def _parts_list(words: Summary, class_name: str) -> html.Ul:
    return html.Ul(
        [
            html.Li(
                [
                    html.Strong(part.title),
                    words.colon,
                    part.counts,
                    *(
                        [html.Ul([html.Li(text) for text in part.revisions], className="small")]
                        if part.revisions
                        else []
                    ),
                ]
            )
            for part in words.parts
        ],
        className=class_name,
    )


def updates_section(lang: str) -> html.Section:
    """/sources#updates: the recent data versions, what changed in each, and the feed."""
    _ = translator(lang)
    try:
        reports = queries.change_reports()
    except queries.NoData:
        reports = []
    items = []
    for report in reports:
        words = summary(report, lang)
        items.append(
            html.Article(
                [
                    html.H3(words.title, className="h6 mt-3 mb-1"),
                    *[html.P(line, className="mb-1") for line in words.lines],
                    _parts_list(words, "updates-datasets mb-2") if words.parts else None,
                ],
                className="update",
                **{"data-version": words.version},
            )
        )
    return html.Section(
        [
            html.H2(_("Updates"), id="updates", className="h4 mt-5"),
            html.P(
                [
                    _(
                        "What changed in each recent data version: rows added, removed and revised in "
                        "each dataset, and the largest revisions."
                    ),
                    " ",
                    html.A(
                        _("Subscribe to the updates (Atom feed)"),
                        href=urls.updates_feed(lang=lang),
                        rel="alternate",
                    ),
                ],
                className="text-body-secondary",
            ),
            *(items or [html.P(_("No change report yet: one is made with each new data build."))]),
        ],
        className="updates",
        **{"aria-labelledby": "updates"},
    )


def revisions_section(iso3: str, lang: str, heading_class: str = "h4") -> html.Section:
    """A profile's "Revised since the previous data version": this country's rows of the
    report of the version being served (a small file, read once per version)."""
    _ = translator(lang)
    report = queries.latest_changes()
    body = []
    if report is None:
        body.append(html.P(_("This data version has no change report.")))
    else:
        words = summary(report, lang, iso3)
        body.append(html.P(" ".join([words.title + ".", *words.lines]), className="mb-1"))
        if words.parts:
            body.append(_parts_list(words, "revisions mb-1"))
    body.append(
        html.P(
            [
                html.A(_("Every update"), href=urls.sources(lang, "updates")),
                " · ",
                html.A(
                    _("Updates for {country} (Atom feed)").format(**name_forms(iso3, lang)),
                    href=urls.updates_feed(iso3, lang),
                    rel="alternate",
                ),
            ],
            className="small",
        )
    )
    return html.Section(
        [html.H2(_("Revised since the previous data version"), id="revisions", className=heading_class), *body],
        className="mb-4 revisions-section",
    )
