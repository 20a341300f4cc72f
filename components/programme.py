"""Pieces of the programme views shared by /programme, /programme/<ISO3>, the country profile
and the brief: vocabulary labels, the demo banner, headline figures and the results tree."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import urls
from components.headline import headline
from i18n import N_, format_currency_usd, format_number, format_percent, format_period, ntranslator, translator
from programme.schema import GCM_OBJECTIVES, STAGES

STATUS_LABELS = {
    "on_track": N_("On track"),
    "at_risk": N_("At risk"),
    "off_track": N_("Off track"),
    "no_data": N_("No data"),
}
STATUS_BADGES = {"on_track": "success", "at_risk": "warning", "off_track": "danger", "no_data": "secondary"}
AREA_LABELS = {
    "coordination": N_("Coordination"),
    "policy": N_("Policy"),
    "data": N_("Migration data"),
    "capacity": N_("Capacity building"),
    "unct": N_("UN country team"),
}
AGENCY_LABELS = {"IOM": N_("IOM"), "UNDP": N_("UNDP"), "Joint": N_("IOM and UNDP")}  # lead agency
ACTIVITY_LABELS = {
    "completed": N_("Completed"),
    "ongoing": N_("Ongoing"),
    "planned": N_("Planned"),
    "delayed": N_("Delayed"),
    "cancelled": N_("Cancelled"),
}
MILESTONE_LABELS = {
    "mechanism_established": N_("Coordination mechanism established"),
    "mechanism_meets": N_("Coordination mechanism meets regularly"),
    "policy_drafted": N_("Policy drafted"),
    "policy_adopted": N_("Policy adopted"),
    "data_delivered": N_("Migration profile or data system delivered"),
    "unct_coordination": N_("UN country team coordination"),
}
MILESTONE_STATES = {"achieved": N_("Achieved"), "pending": N_("Not yet due"), "overdue": N_("Overdue")}
EVENT_LABELS = {
    "training": N_("Training"),
    "workshop": N_("Workshop"),
    "study_visit": N_("Study visit"),
    "peer_exchange": N_("Peer exchange"),
}
SDG_LABELS = {
    "8.8": N_("8.8 Labour rights, including of migrant workers"),
    "10.7": N_("10.7 Well-managed migration policies"),
    "10.c": N_("10.c Cost of remittances"),
    "16.9": N_("16.9 Legal identity for all"),
    "17.3": N_("17.3 Financial resources, including remittances"),
    "17.18": N_("17.18 Data capacity"),
}
# The 23 objectives of the Global Compact for Safe, Orderly and Regular Migration, as worded in
# General Assembly resolution 73/195 (the French and Spanish in the catalogs are the UN's).
GCM_LABELS = {
    "1": N_("Collect and utilize accurate and disaggregated data as a basis for evidence-based policies"),
    "2": N_("Minimize the adverse drivers and structural factors that compel people to leave their country of origin"),
    "3": N_("Provide accurate and timely information at all stages of migration"),
    "4": N_("Ensure that all migrants have proof of legal identity and adequate documentation"),
    "5": N_("Enhance availability and flexibility of pathways for regular migration"),
    "6": N_("Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work"),
    "7": N_("Address and reduce vulnerabilities in migration"),
    "8": N_("Save lives and establish coordinated international efforts on missing migrants"),
    "9": N_("Strengthen the transnational response to smuggling of migrants"),
    "10": N_("Prevent, combat and eradicate trafficking in persons in the context of international migration"),
    "11": N_("Manage borders in an integrated, secure and coordinated manner"),
    "12": N_(
        "Strengthen certainty and predictability in migration procedures for appropriate screening, assessment "
        "and referral"
    ),
    "13": N_("Use migration detention only as a measure of last resort and work towards alternatives"),
    "14": N_("Enhance consular protection, assistance and cooperation throughout the migration cycle"),
    "15": N_("Provide access to basic services for migrants"),
    "16": N_("Empower migrants and societies to realize full inclusion and social cohesion"),
    "17": N_(
        "Eliminate all forms of discrimination and promote evidence-based public discourse to shape perceptions "
        "of migration"
    ),
    "18": N_(
        "Invest in skills development and facilitate mutual recognition of skills, qualifications and competences"
    ),
    "19": N_(
        "Create conditions for migrants and diasporas to fully contribute to sustainable development in all countries"
    ),
    "20": N_("Promote faster, safer and cheaper transfer of remittances and foster financial inclusion of migrants"),
    "21": N_(
        "Cooperate in facilitating safe and dignified return and readmission, as well as sustainable reintegration"
    ),
    "22": N_("Establish mechanisms for the portability of social security entitlements and earned benefits"),
    "23": N_("Strengthen international cooperation and global partnerships for safe, orderly and regular migration"),
}
assert tuple(GCM_LABELS) == GCM_OBJECTIVES


def gcm_objective(number: str, lang: str) -> str:
    """ "Objective 19: Create conditions for migrants and diasporas…", in the reader's language."""
    _ = translator(lang)
    label = GCM_LABELS.get(number)
    return _("Objective {number}: {title}").format(number=number, title=_(label)) if label else number


STAGE_LABELS = dict(enumerate((N_("not started"), N_("drafted"), N_("consulted"), N_("adopted"), N_("implemented"))))
assert len(STAGE_LABELS) == len(STAGES)


STALE_RULE = N_(
    "Out of date: the indicator's latest value is from a period before the reporting period ({period}); "
    "its status compares that older value with the progress expected by {period}."
)


def _field(row, name: str):
    """A field of a row, whether a pandas Series or a named tuple (itertuples)."""
    return row.get(name) if isinstance(row, pd.Series) else getattr(row, name, None)


def localized(row, field: str, lang: str) -> tuple[str, bool]:
    """A programme text (statement, name, title) in the reader's language, from its `<field>_<lang>`
    column, else the English one; and whether it fell back to the English."""
    english = _field(row, field)
    if lang == "en":
        return english, False
    text = _field(row, f"{field}_{lang}")
    return (text, False) if isinstance(text, str) and text.strip() else (english, True)


def local_text(row, field: str, lang: str):
    """A programme text for a page: in the reader's language, or the English marked as such (lang="en"
    and a small "EN" tag), so a missing translation is visible rather than silent."""
    text, fallback = localized(row, field, lang)
    if not fallback:
        return text
    _ = translator(lang)
    return html.Span(
        [text, " ", html.Abbr("EN", title=_("In English: not translated yet"), className="lang-fallback")], lang="en"
    )


def local_plain(row, field: str, lang: str) -> str:
    """A programme text for a chart, a table or a file, where markup cannot go: "(EN)" after a fallback."""
    text, fallback = localized(row, field, lang)
    return f"{text} (EN)" if fallback else text


def local_column(frame: pd.DataFrame, field: str, lang: str) -> pd.Series:
    """local_plain for every row of a frame."""
    return pd.Series(
        [local_plain(row, field, lang) for _index, row in frame.iterrows()], index=frame.index, dtype="str"
    )


def stale_tag(lang: str, period: str):
    """The tag of an indicator whose latest value is older than the reporting period; its title states the rule."""
    _ = translator(lang)
    return dbc.Badge(
        _("Out of date"),
        color="light",
        text_color="dark",
        class_name="border border-warning stale-badge",
        title=_(STALE_RULE).format(period=period),
    )


def indicator_value(value, unit: str, lang: str) -> str:
    """An indicator's value as people read it: 12, 45.5 %, yes/no, or the stage's name."""
    _ = translator(lang)
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    if unit == "percent":
        return format_percent(value, lang)
    if unit == "yes_no":
        return _("yes") if value >= 1 else _("no")
    if unit == "stage":
        return _(STAGE_LABELS.get(int(value), str(value)))
    return format_number(value, lang, decimals=0 if float(value).is_integer() else 1)


def demo_banner(lang: str, compact: bool = False):
    """Says that the programme data shown is demo data (every view that shows it)."""
    _ = translator(lang)
    text = _(
        "No public monitoring data exists for the programme: these figures were generated by "
        "migdash to show how progress will be reported, and describe no real results."
    )
    return dbc.Alert(
        [html.Strong(_("Demo data — illustrative only.")), " ", text],
        color="warning",
        class_name="demo-banner py-2 small" + (" mb-2" if compact else ""),
    )


def headlines(summary: dict, as_of_period: str, lang: str, md: int = 6, lg: int = 4) -> dbc.Row:
    """The programme's headline figures for a group (a row of programme.scoring.summarise)."""
    _, ngettext = translator(lang), ntranslator(lang)
    ongoing, delayed, planned = (summary[f"activities_{s}"] for s in ("ongoing", "delayed", "planned"))
    items = [
        (
            f"{summary['on_track']} / {summary['indicators']}",
            _("indicators on track"),
            _("{missing} without data · {at_risk} at risk · {off_track} off track · as of {period}").format(
                missing=summary["no_data"],
                at_risk=summary["at_risk"],
                off_track=summary["off_track"],
                period=format_period(as_of_period, lang),
            ),
        ),
        (
            format_percent(summary["mean_progress"] * 100 if summary["mean_progress"] is not None else None, lang),
            _("average progress toward targets"),
            ngettext(
                "over the {count} indicator with data; {missing} without data",
                "over the {count} indicators with data; {missing} without data",
                summary["with_data"],
            ).format(count=summary["with_data"], missing=summary["no_data"]),
        ),
        (
            f"{summary['milestones_achieved']} / {summary['milestones']}",
            _("milestones achieved"),
            ngettext("{overdue} overdue", "{overdue} overdue", summary.get("milestones_overdue", 0)).format(
                overdue=summary.get("milestones_overdue", 0)
            ),
        ),
        (
            f"{summary['activities_completed']} / {summary['activities']}",
            _("activities completed"),
            " · ".join(
                (
                    ngettext("{count} ongoing", "{count} ongoing", ongoing).format(count=ongoing),
                    ngettext("{count} delayed", "{count} delayed", delayed).format(count=delayed),
                    ngettext("{count} planned", "{count} planned", planned).format(count=planned),
                )
            ),
        ),
        (
            format_percent(summary["execution"] * 100 if summary["execution"] is not None else None, lang),
            _("of the budget spent"),
            _("{spent} of {budget}").format(
                spent=format_currency_usd(summary["expenditure_usd"], lang),
                budget=format_currency_usd(summary["budget_usd"], lang),
            ),
        ),
        (
            format_number(summary["participants"], lang),
            _("people took part in capacity building"),
            ngettext("{share} women · {events} event", "{share} women · {events} events", summary["events"]).format(
                share=format_percent(
                    summary["women_share"] * 100 if summary["women_share"] is not None else None, lang
                ),
                events=summary["events"],
            ),
        ),
    ]
    return dbc.Row(
        [dbc.Col(headline(value, label, detail), md=md, lg=lg) for value, label, detail in items],
        className="g-3 mb-4 programme-headlines",
    )


def status_badge(status: str, lang: str) -> dbc.Badge:
    _ = translator(lang)
    colour = STATUS_BADGES[status]  # dark text on the yellow one, for contrast
    return dbc.Badge(
        _(STATUS_LABELS[status]),
        color=colour,
        text_color="dark" if colour == "warning" else None,
        class_name="status-badge",
    )


def _progress_bar(row, lang: str):
    _ = translator(lang)
    if row.progress is pd.NA or row.progress is None:
        return html.Span(_("no value reported"), className="small text-body-secondary")
    share = float(row.progress) * 100
    return html.Div(
        html.Div(className=f"progress-bar bg-{STATUS_BADGES[row.status]}", style={"width": f"{share:.0f}%"}),
        className="progress indicator-progress",
        role="progressbar",
        **{
            "aria-valuenow": f"{share:.0f}",
            "aria-valuemin": "0",
            "aria-valuemax": "100",
            "aria-label": _("Progress toward the target: {share}").format(share=format_percent(share, lang, 0)),
        },
    )


def results_tree(results: pd.DataFrame, indicators: pd.DataFrame, country: str, lang: str, period: str) -> html.Div:
    """Outcomes, their outputs and each result's indicators: status, progress bar, baseline ->
    latest -> target, an "out of date" tag when the latest value is older than the reporting
    `period`, and a link that shows the indicator's chart."""
    _ = translator(lang)
    results = results[results["country"] == country]
    indicators = indicators[indicators["country"] == country]

    def indicator_items(result_id):
        items = []
        for row in indicators[indicators["result_id"] == result_id].itertuples():
            href = urls.programme(country, lang, indicator=row.indicator_id)
            items.append(
                html.Li(
                    [
                        html.Div(
                            [
                                status_badge(row.status, lang),
                                " ",
                                *([stale_tag(lang, period), " "] if row.stale else []),
                                dcc.Link(
                                    local_text(row, "name", lang),
                                    href=href + "#programme-indicator",
                                    className="indicator-link",
                                ),
                            ]
                        ),
                        html.Div(
                            [
                                _progress_bar(row, lang),
                                html.Span(
                                    _(
                                        "{baseline} ({baseline_year}) → {latest} ({period}) → target {target} "
                                        "({target_year})"
                                    ).format(
                                        baseline=indicator_value(row.baseline_value, row.unit, lang),
                                        baseline_year=row.baseline_year,
                                        latest=indicator_value(row.latest_value, row.unit, lang),
                                        period=format_period(row.latest_period, lang, short=True)
                                        if isinstance(row.latest_period, str)
                                        else "–",
                                        target=indicator_value(row.target_value, row.unit, lang),
                                        target_year=row.target_year,
                                    ),
                                    className="small text-body-secondary",
                                ),
                            ],
                            className="d-flex flex-wrap align-items-center gap-2 mt-1",
                        ),
                    ],
                    className="indicator-item",
                )
            )
        return html.Ul(items, className="list-unstyled ms-1 mb-2") if items else None

    def heading(row, level):
        tags = []
        if isinstance(row.sdg_targets, str):
            tags.append(_("SDG targets {list}").format(list=row.sdg_targets.replace(";", ", ")))
        kind = _("Outcome") if level == "outcome" else _("Output")
        return html.Div(
            [
                html.Span(f"{kind} {row.result_id.split('-', 1)[-1]}", className="result-code me-2"),
                html.Span(local_text(row, "statement", lang), className="fw-semibold" if level == "outcome" else None),
                html.Div(
                    " · ".join(
                        [
                            _(AREA_LABELS.get(row.area, row.area)),
                            _(AGENCY_LABELS.get(row.lead_agency, row.lead_agency)),
                            *tags,
                        ]
                    ),
                    className="small text-body-secondary",
                ),
                html.Ul(
                    [html.Li(gcm_objective(number, lang)) for number in row.gcm_objectives.split(";")],
                    className="list-unstyled small text-body-secondary gcm-objectives mb-0",
                    **{"aria-label": _("Global Compact objectives")},
                )
                if isinstance(row.gcm_objectives, str)
                else None,
            ],
            className="mb-1",
        )

    outcomes = []
    for outcome in results[results["level"] == "outcome"].itertuples():
        outputs = [
            html.Li([heading(output, "output"), indicator_items(output.result_id)], className="mb-2")
            for output in results[results["parent_id"] == outcome.result_id].itertuples()
        ]
        outcomes.append(
            html.Li(
                [
                    heading(outcome, "outcome"),
                    indicator_items(outcome.result_id),
                    html.Ul(outputs, className="list-unstyled ms-4 border-start ps-3") if outputs else None,
                ],
                className="mb-3",
            )
        )
    return html.Ul(outcomes, className="list-unstyled results-tree")


def profile_section(iso3: str, summary: tuple[dict, str] | None, is_demo: bool, lang: str):
    """The programme section of a country profile: headline figures and the way to the
    country's results; None when the country has no programme data."""
    if summary is None:
        return None
    _ = translator(lang)
    return html.Section(
        [
            html.H2(_("Programme progress"), className="h4"),
            *([demo_banner(lang, compact=True)] if is_demo else []),
            headlines(*summary, lang),
            html.P(
                dcc.Link(
                    _("See the results framework, work plan and milestones"),
                    href=urls.programme(iso3, lang),
                    className="btn btn-outline-primary btn-sm",
                )
            ),
        ],
        className="mb-4 programme-section",
    )


def brief_sentences(summary: dict, as_of: str, lang: str) -> list[str]:
    """The programme's progress in a few plain sentences (the printable brief); each count
    agrees with its own noun and verb (ngettext), so the sentences are built from parts."""
    _, ngettext = translator(lang), ntranslator(lang)
    share = lambda value: format_percent(value * 100 if value is not None else None, lang, 0)  # noqa: E731
    on_track, at_risk, off_track, missing = (summary[k] for k in ("on_track", "at_risk", "off_track", "no_data"))
    achieved, completed, participants = (
        summary["milestones_achieved"],
        summary["activities_completed"],
        summary["participants"],
    )
    return [
        ngettext(
            "As of {period}, the programme has {count} indicator.",
            "As of {period}, the programme has {count} indicators.",
            summary["indicators"],
        ).format(period=format_period(as_of, lang), count=summary["indicators"])
        + " "
        + _("{on_track}, {at_risk} and {off_track}; {missing}").format(
            on_track=ngettext("{count} is on track", "{count} are on track", on_track).format(count=on_track),
            at_risk=ngettext("{count} at risk", "{count} at risk", at_risk).format(count=at_risk),
            off_track=ngettext("{count} off track", "{count} off track", off_track).format(count=off_track),
            missing=ngettext(
                "{count} has no value reported yet.", "{count} have no value reported yet.", missing
            ).format(count=missing),
        ),
        _("{milestones} and {activities}; {spent} of the budget of {budget} is spent ({share}).").format(
            milestones=ngettext(
                "{count} of {total} milestones is achieved", "{count} of {total} milestones are achieved", achieved
            ).format(count=achieved, total=summary["milestones"]),
            activities=ngettext(
                "{count} of {total} activities completed", "{count} of {total} activities completed", completed
            ).format(count=completed, total=summary["activities"]),
            spent=format_currency_usd(summary["expenditure_usd"], lang),
            budget=format_currency_usd(summary["budget_usd"], lang),
            share=share(summary["execution"]),
        ),
        ngettext(
            "{people} person took part in capacity building, {women} of them women.",
            "{people} people took part in capacity building, {women} of them women.",
            int(participants or 0),
        ).format(people=format_number(participants, lang), women=share(summary["women_share"])),
    ]
