"""Programme progress: the charts of /programme (also on /programme/<ISO3>, the country
profile and as embeds), and the portfolio's headline tiles.

Every chart reads the derived programme tables of the version being served
(data.programme.tables), filtered by the view state (countries, result area, GCM objective,
SDG target), and summarises them with data.programme.scoring. Demo data is stamped on the
card, on the figure itself (so PNG and SVG exports carry it) and in every download.
"""

from __future__ import annotations

import pandas as pd

from components import figures
from components.chart_card import Chart, ChartContent, Download, register_chart
from components.labels import join_names, names
from components.params import PROGRAMME
from components.programme import (
    ACTIVITY_LABELS,
    AREA_LABELS,
    EVENT_LABELS,
    MILESTONE_LABELS,
    MILESTONE_STATES,
    STATUS_LABELS,
    headlines,
)
from components.table import TableColumn
from data import queries
from data.programme import scoring, tables
from i18n import (
    format_currency_usd,
    format_date,
    format_number,
    format_percent,
    translator,
)

PAGE = "/programme"
CARDS = ("programme-status", "programme-milestones", "programme-activities", "programme-budget", "programme-capacity")


def scope(state: dict) -> dict[str, pd.DataFrame]:
    """The derived tables' rows for a view state (absent keys: no filter)."""
    derived = queries.programme_tables_now()
    filters = {
        "countries": tuple(state.get("country") or ()),
        "area": None if state.get("area", "all") == "all" else state["area"],
        "gcm": None if state.get("gcm", "all") == "all" else state["gcm"],
        "sdg": None if state.get("sdg", "all") == "all" else state["sdg"],
    }
    rows = {
        name: tables.filtered(derived[name], **filters)
        for name in ("indicators", "activities", "milestones", "capacity_events")
    }
    rows["results"] = derived["results"]
    rows["values"] = derived["values"]
    rows["as_of"] = derived["as_of"]["as_of"].iloc[0]
    return rows


def short(text: str, limit: int = 48) -> str:
    """A label that fits beside a chart (the full text is in the hover and the table)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def as_of_period(as_of: str) -> str:
    stamp = pd.Timestamp(as_of)
    return f"{stamp.year}-Q{(stamp.month - 1) // 3 + 1}"


def summaries(rows: dict) -> tuple[pd.DataFrame, dict]:
    """Per-country summaries and the summary of all the rows (pooled, never averaged)."""
    args = (rows["indicators"], rows["activities"], rows["milestones"], rows["capacity_events"])
    per_country = scoring.summarise(*args, by="country")
    total = scoring.summarise(*args, by=None)
    return per_country, (total.to_dict("records")[0] if len(total) else None)


def _scope_text(state: dict, lang: str) -> str:
    """The filters in words, for subtitles: "Moldova, Tunisia · Migration data · GCM objective 1"."""
    _ = translator(lang)
    lookup = names(lang)
    parts = [join_names([lookup.get(c, c) for c in state.get("country") or ()], lang) or _("All countries")]
    if state.get("area", "all") != "all":
        parts.append(_(AREA_LABELS[state["area"]]))
    if state.get("gcm", "all") != "all":
        parts.append(_("GCM objective {number}").format(number=state["gcm"]))
    if state.get("sdg", "all") != "all":
        parts.append(_("SDG target {target}").format(target=state["sdg"]))
    return " · ".join(parts)


def programme_countries() -> frozenset:
    return queries.column_values("programme-indicators", "country")


def country_summary(iso3: str) -> tuple[dict, str] | None:
    """The country's programme headline summary and as-of period; None for a country without
    programme data, or when no programme data is published."""
    try:
        if iso3 not in programme_countries():
            return None
    except queries.NoProgrammeData:
        return None
    rows = scope({"country": (iso3,)})
    _per_country, total = summaries(rows)
    return (total, as_of_period(rows["as_of"])) if total is not None else None


def card_content(title: str, state: dict, lang: str, dataset: str, label: str, filters: dict) -> ChartContent:
    """A programme card's frame: subtitle, source (the programme version), download, demo."""
    _ = translator(lang)
    version = queries.programme_version()
    rows_as_of = queries.programme_tables_now()["as_of"]["as_of"].iloc[0]
    content = ChartContent(
        title=title,
        subtitle=" · ".join(
            part
            for part in (_scope_text(state, lang), _("as of {period}").format(period=as_of_period(rows_as_of)))
            if part
        ),
        downloads=[Download(label, dataset, filters)],
        source_note=_("IOM–UNDP programme monitoring data, version {version} of {date}").format(
            version=version.version_id, date=format_date(pd.Timestamp(version.created_at).date(), lang)
        ),
        demo=version.is_demo,
    )
    if version.is_demo:
        content.notes.append(_("Demo data — illustrative only: generated by migdash, not real programme results."))
    return content


def _stamp(content: ChartContent, lang: str) -> ChartContent:
    _ = translator(lang)
    if content.demo and content.figure:
        content.figure = figures.with_stamp(content.figure, _("Demo data — illustrative only"))
    return content


def _country_filter(state: dict) -> dict:
    return {"country": tuple(state.get("country") or ())} if state.get("country") else {}


def _area_filter(state: dict) -> dict:
    return {"area": (state["area"],)} if state.get("area", "all") != "all" else {}


def portfolio_card(
    title: str, state: dict, lang: str, dataset: str, label: str, filters: dict, table: str
) -> tuple[ChartContent, dict]:
    """A portfolio card's frame and the rows of its view state; the card explains itself
    when `table` has no rows for these filters."""
    _ = translator(lang)
    content = card_content(title, state, lang, dataset, label, filters)
    rows = scope(state)
    if not len(rows[table]):
        content.empty = _("No programme rows match these filters. Choose other countries or clear a filter.")
    return content, rows


def status_by_country(state: dict, lang: str) -> ChartContent:
    """Indicators on track, at risk, off track and without data, per country; the table is
    the portfolio side by side."""
    _ = translator(lang)
    content, rows = portfolio_card(
        _("Indicators by status"),
        state,
        lang,
        "programme-indicators",
        _("Indicators"),
        _country_filter(state) | _area_filter(state),
        "indicators",
    )
    content.notes.append(
        _(
            "Status compares progress toward the target with the time elapsed since the "
            "baseline: on track within 10 points, at risk within 25 points."
        )
    )
    if content.empty:
        return content
    per_country, total = summaries(rows)
    lookup = names(lang)
    frame = per_country.assign(label=per_country["country"].map(lambda c: lookup.get(c, c)))
    frame = frame.sort_values(["on_track", "indicators"], ascending=[False, False], kind="stable")
    series = []
    for status in scoring.STATUSES:
        frame[f"{status}_hover"] = [
            _("{count} of {total} indicators").format(count=n, total=t)
            for n, t in zip(frame[status], frame["indicators"])
        ]
        series.append((status, _(STATUS_LABELS[status]), figures.STATUS_COLOURS[status]))
    content.figure = figures.stacked_bars(frame, series, _("indicators"), lang)
    table = pd.concat([frame, pd.DataFrame([{**total, "label": _("All selected countries")}])], ignore_index=True)
    table = table.assign(
        mean_progress=table["mean_progress"].astype(float) * 100,
        execution=table["execution"].astype(float) * 100,
        women_share=table["women_share"].astype(float) * 100,
    )
    content.table = table
    content.table_columns = [
        TableColumn("label", _("Country")),
        TableColumn("indicators", _("Indicators"), "number"),
        TableColumn("on_track", _(STATUS_LABELS["on_track"]), "number"),
        TableColumn("at_risk", _(STATUS_LABELS["at_risk"]), "number"),
        TableColumn("off_track", _(STATUS_LABELS["off_track"]), "number"),
        TableColumn("no_data", _(STATUS_LABELS["no_data"]), "number"),
        TableColumn("mean_progress", _("Average progress (indicators with data)"), "percent"),
        TableColumn("milestones_achieved", _("Milestones achieved"), "number"),
        TableColumn("milestones", _("Milestones"), "number"),
        TableColumn("activities_completed", _("Activities completed"), "number"),
        TableColumn("activities", _("Activities"), "number"),
        TableColumn("execution", _("Budget spent"), "percent"),
        TableColumn("participants", _("People trained"), "number"),
        TableColumn("women_share", _("Women among them"), "percent"),
    ]
    return _stamp(content, lang)


def budget(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    content, rows = portfolio_card(
        _("Budget and expenditure"),
        state,
        lang,
        "programme-activities",
        _("Activities"),
        _country_filter(state) | _area_filter(state),
        "activities",
    )
    content.notes.append(_("Budget execution = expenditure / budget of the activities shown."))
    if content.empty:
        return content
    per_country, _total = summaries(rows)
    lookup = names(lang)
    frame = per_country[per_country["activities"] > 0]
    frame = frame.assign(label=frame["country"].map(lambda c: lookup.get(c, c))).sort_values(
        "budget_usd", ascending=False, kind="stable"
    )
    frame["budget_usd_hover"] = [format_currency_usd(v, lang) for v in frame["budget_usd"]]
    frame["expenditure_usd_hover"] = [
        _("{spent} ({share} of the budget)").format(
            spent=format_currency_usd(s, lang), share=format_percent(e * 100 if e is not None else None, lang)
        )
        for s, e in zip(frame["expenditure_usd"], frame["execution"])
    ]
    content.figure = figures.stacked_bars(
        frame,
        [("budget_usd", _("Budget"), "#adb5bd"), ("expenditure_usd", _("Spent"), figures.PALETTE[0])],
        _("US$"),
        lang,
        mode="group",
        money=True,
    )
    content.table = frame.assign(execution=frame["execution"].astype(float) * 100)
    content.table_columns = [
        TableColumn("label", _("Country")),
        TableColumn("activities", _("Activities"), "number"),
        TableColumn("budget_usd", _("Budget"), "usd"),
        TableColumn("expenditure_usd", _("Spent"), "usd"),
        TableColumn("execution", _("Budget spent"), "percent"),
    ]
    return _stamp(content, lang)


def activities(state: dict, lang: str) -> ChartContent:
    """Activities by status per country; for one country, its work plan as a timeline."""
    _ = translator(lang)
    content, rows = portfolio_card(
        _("Activities by status"),
        state,
        lang,
        "programme-activities",
        _("Activities"),
        _country_filter(state) | _area_filter(state),
        "activities",
    )
    if content.empty:
        return content
    frame = rows["activities"]
    lookup = names(lang)
    statuses = list(ACTIVITY_LABELS)
    labels = {status: _(ACTIVITY_LABELS[status]) for status in statuses}
    single = len(state.get("country") or ()) == 1
    if single:
        content.title = _("Work plan")
        plan = frame.sort_values(["start_date", "activity_id"])
        content.figure = figures.timeline(
            pd.DataFrame(
                {
                    "label": [short(f"{a.split('-', 1)[-1]} {t}") for a, t in zip(plan["activity_id"], plan["title"])],
                    "start": plan["start_date"],
                    "end": plan["end_date"],
                    "series": plan["status"],
                    "hover": [
                        t
                        + "<br>"
                        + _("{status}, {done} done · {start} to {end} · {spent} of {budget}").format(
                            status=labels[s],
                            done=format_percent(d, lang, 0),
                            start=b,
                            end=e,
                            spent=format_currency_usd(x, lang),
                            budget=format_currency_usd(g, lang),
                        )
                        for t, s, d, b, e, x, g in zip(
                            plan["title"],
                            plan["status"],
                            plan["percent_complete"],
                            plan["start_date"],
                            plan["end_date"],
                            plan["expenditure_usd"],
                            plan["budget_usd"],
                        )
                    ],
                }
            ),
            {status: figures.ACTIVITY_COLOURS[status] for status in statuses},
            labels,
            lang,
            as_of=rows["as_of"],
            as_of_label=_("as of {period}").format(period=as_of_period(rows["as_of"])),
        )
    else:
        counts = (
            frame.groupby(["country", "status"]).size().unstack(fill_value=0).reindex(columns=statuses, fill_value=0)
        )
        counts = counts.assign(total=counts.sum(axis=1)).sort_values("total", ascending=False).reset_index()
        counts["label"] = counts["country"].map(lambda c: lookup.get(c, c))
        for status in statuses:
            counts[f"{status}_hover"] = [
                _("{count} of {total} activities").format(count=n, total=t)
                for n, t in zip(counts[status], counts["total"])
            ]
        content.figure = figures.stacked_bars(
            counts, [(s, labels[s], figures.ACTIVITY_COLOURS[s]) for s in statuses], _("activities"), lang
        )
    table = frame.assign(
        country_name=frame["country"].map(lambda c: lookup.get(c, c)), status_label=frame["status"].map(labels)
    )
    content.table = table.sort_values(["country", "start_date"])
    content.table_columns = [
        TableColumn("country_name", _("Country")),
        TableColumn("title", _("Activity")),
        TableColumn("status_label", _("Status")),
        TableColumn("percent_complete", _("Done"), "percent"),
        TableColumn("start_date", _("Start")),
        TableColumn("end_date", _("End")),
        TableColumn("lead_agency", _("Lead")),
        TableColumn("budget_usd", _("Budget"), "usd"),
        TableColumn("expenditure_usd", _("Spent"), "usd"),
    ]
    return _stamp(content, lang)


def milestones(state: dict, lang: str) -> ChartContent:
    """Planned and achieved milestones on a time line: per country, or for one country each
    milestone on its own row; the table links to the evidence."""
    _ = translator(lang)
    content, rows = portfolio_card(
        _("Milestones"), state, lang, "programme-milestones", _("Milestones"), _country_filter(state), "milestones"
    )
    content.notes.append(
        _(
            "A filled dot is a milestone achieved, at the date it was achieved; an open "
            "dot is one not yet achieved, at its planned date; a cross is overdue."
        )
    )
    if content.empty:
        return content
    frame = rows["milestones"]
    lookup = names(lang)
    single = len(state.get("country") or ()) == 1
    state_of = [
        "achieved" if isinstance(a, str) else ("overdue" if o else "pending")
        for a, o in zip(frame["achieved_date"], frame["overdue"])
    ]
    type_label = frame["type"].map(lambda t: _(MILESTONE_LABELS.get(t, t)))
    points = pd.DataFrame(
        {
            "label": type_label if single else frame["country"].map(lambda c: lookup.get(c, c)),
            "date": [a if isinstance(a, str) else p for a, p in zip(frame["achieved_date"], frame["planned_date"])],
            "state": state_of,
            "hover": [
                _("{title} · planned {planned} · achieved {achieved}").format(
                    title=t, planned=p, achieved=a if isinstance(a, str) else _("not yet")
                )
                for t, p, a in zip(type_label, frame["planned_date"], frame["achieved_date"])
            ],
        }
    ).sort_values("date")
    content.figure = figures.milestone_chart(
        points,
        {key: _(label) for key, label in MILESTONE_STATES.items()},
        lang,
        as_of=rows["as_of"],
        as_of_label=_("as of {period}").format(period=as_of_period(rows["as_of"])),
    )
    content.table = frame.assign(
        country_name=frame["country"].map(lambda c: lookup.get(c, c)),
        type_label=type_label,
        state_label=[_(MILESTONE_STATES[s]) for s in state_of],
    ).sort_values(["country", "planned_date"])
    content.table_columns = [
        TableColumn("country_name", _("Country")),
        TableColumn("type_label", _("Milestone")),
        TableColumn("title", _("Description")),
        TableColumn("planned_date", _("Planned")),
        TableColumn("achieved_date", _("Achieved")),
        TableColumn("state_label", _("Status")),
        TableColumn("evidence_url", _("Evidence"), "link"),
    ]
    return _stamp(content, lang)


def capacity(state: dict, lang: str) -> ChartContent:
    """People trained, women and men, per country (or per event for one country)."""
    _ = translator(lang)
    content, rows = portfolio_card(
        _("People trained"),
        state,
        lang,
        "programme-capacity",
        _("Capacity building"),
        _country_filter(state),
        "capacity_events",
    )
    if content.empty:
        return content
    frame = rows["capacity_events"]
    lookup = names(lang)
    single = len(state.get("country") or ()) == 1
    if single:
        bars = frame.sort_values("date", ascending=False)
        bars = bars.assign(label=[f"{d} · {_(EVENT_LABELS.get(k, k))}" for d, k in zip(bars["date"], bars["type"])])
    else:
        bars = frame.groupby("country", as_index=False)[["participants", "women"]].sum()
        bars = bars.assign(label=bars["country"].map(lambda c: lookup.get(c, c))).sort_values(
            "participants", ascending=False
        )
    bars = bars.assign(men=bars["participants"] - bars["women"])
    share = bars["women"] / bars["participants"].where(bars["participants"] > 0) * 100
    bars["women_hover"] = [
        _("{count} ({share})").format(count=format_number(w, lang), share=format_percent(s, lang))
        for w, s in zip(bars["women"], share)
    ]
    bars["men_hover"] = [format_number(m, lang) for m in bars["men"]]
    content.figure = figures.stacked_bars(
        bars,
        [("women", _("Women"), figures.PALETTE[4]), ("men", _("Men"), figures.PALETTE[0])],
        _("participants"),
        lang,
    )
    total = int(frame["participants"].sum())
    content.subtitle += " · " + _("{people} participants, {share} women").format(
        people=format_number(total, lang),
        share=format_percent(frame["women"].sum() / total * 100 if total else None, lang),
    )
    content.table = frame.assign(
        country_name=frame["country"].map(lambda c: lookup.get(c, c)),
        type_label=frame["type"].map(lambda t: _(EVENT_LABELS.get(t, t))),
        women_share=frame["women_share"].astype(float) * 100,
    ).sort_values(["country", "date"])
    content.table_columns = [
        TableColumn("country_name", _("Country")),
        TableColumn("date", _("Date")),
        TableColumn("type_label", _("Kind")),
        TableColumn("title", _("Subject")),
        TableColumn("participants", _("Participants"), "number"),
        TableColumn("women", _("Women"), "number"),
        TableColumn("women_share", _("Share of women"), "percent"),
        TableColumn("institutions", _("Institutions"), "number"),
    ]
    return _stamp(content, lang)


for _name, _views, _render in (
    ("programme-status", ("chart", "table"), status_by_country),
    ("programme-milestones", ("chart", "table"), milestones),
    ("programme-activities", ("chart", "table"), activities),
    ("programme-budget", ("chart", "table"), budget),
    ("programme-capacity", ("chart", "table"), capacity),
):
    register_chart(Chart(_name, PAGE, PROGRAMME, _views, _render))


def portfolio_headlines(state: dict, lang: str):
    """The portfolio's headline tiles for a checked state (cached like the cards)."""
    return _headlines(tuple(state.items()), lang)


@queries.cached
def _headlines(state_items: tuple, lang: str):
    rows = scope(dict(state_items))
    _per_country, total = summaries(rows)
    if total is None:
        return None
    return headlines(total, as_of_period(rows["as_of"]), lang, md=6, lg=4)
