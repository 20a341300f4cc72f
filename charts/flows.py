"""Migration flows: the charts of /flows (also embeddable)."""

from __future__ import annotations

import pandas as pd

from components import describe, figures
from components.chart_card import Chart, ChartContent, Download, register_chart
from components.labels import names, value_text
from components.params import FLOWS, SEX_LABELS
from components.selection import largest_of, with_part
from components.table import TableColumn
from components.view import Control, Explorer
from data import queries
from data.countries import name_forms
from i18n import N_, format_number, format_period, ntranslator, translator

TOP = 10
SANKEY_TOP = 8


def _modelled_note(lang: str) -> str:
    _ = translator(lang)
    return _("Modelled estimates (Abel & Cohen 2022), not counts: use them for orders of magnitude and directions.")


def _partners(state: dict, lang: str, direction: str) -> tuple[pd.DataFrame, Download]:
    """Flows into (direction "in") or out of the country, largest first, with names."""
    _ = translator(lang)
    country, period, sex = state["country"], state["period"], state["sex"]
    key, partner = ("destination", "origin") if direction == "in" else ("origin", "destination")
    filters = {key: (country,), "period": (period,), "sex": (sex,)}
    label = _("Arrivals") if direction == "in" else _("Departures")
    frame = queries.select("flows-bilateral", filters).sort_values("flow", ascending=False, kind="stable")
    lookup = names(lang)
    frame = frame.assign(partner=frame[partner], name=frame[partner].map(lambda c: lookup.get(c, c)), direction=label)
    return frame, Download(label, "flows-bilateral", filters)


# How a refugee series rose or fell (components/describe.py).
REFUGEE_SENTENCES = {
    "hosted_refugee": (
        N_("Refugees hosted by {the_country} rose from {first} in {start} to {last} in {end}."),
        N_("Refugees hosted by {the_country} fell from {first} in {start} to {last} in {end}."),
    ),
    "from_refugee": (
        N_("Refugees from {the_country} living abroad rose from {first} in {start} to {last} in {end}."),
        N_("Refugees from {the_country} living abroad fell from {first} in {start} to {last} in {end}."),
    ),
}


def _flows_text(frame: pd.DataFrame, state: dict, lang: str, direction: str, partners: bool = False) -> str:
    """How many people moved in (or out) during the period and the largest origins (or
    destinations), with their shares; with `partners`, from (or to) how many countries."""
    _, ngettext = translator(lang), ntranslator(lang)
    positive = frame[frame["flow"] > 0]
    total = int(positive["flow"].sum())
    fields = {
        **name_forms(state["country"], lang),
        "period": format_period(state["period"], lang),
        "count": describe.amount(total, "persons", lang),
    }
    top = positive.head(describe.LISTED)
    found = describe.listed_forms(list(top["partner"]), describe.shares(positive["flow"], lang)[: len(top)], lang)
    count = format_number(len(positive), lang)
    if direction == "in":
        sentences = [
            ngettext(
                "Over {period}, an estimated {count} person moved to {the_country}.",
                "Over {period}, an estimated {count} people moved to {the_country}.",
                total,
            ).format(**fields),
            partners
            and ngettext("They came from {count} country.", "They came from {count} countries.", len(positive)).format(
                count=count
            ),
            _("The largest numbers came from {the_places}.").format(**found),
        ]
    else:
        sentences = [
            ngettext(
                "Over {period}, an estimated {count} person left {the_country}.",
                "Over {period}, an estimated {count} people left {the_country}.",
                total,
            ).format(**fields),
            partners
            and ngettext("They went to {count} country.", "They went to {count} countries.", len(positive)).format(
                count=count
            ),
            _("The largest numbers went to {the_places}.").format(**found),
        ]
    return describe.joined(*sentences) if total else ""


def _subtitle(state: dict, lang: str) -> str:
    _ = translator(lang)
    return " · ".join((_(SEX_LABELS[state["sex"]]), _("people who moved during the period"), _("modelled")))


def sankey(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    lookup = names(lang)
    country = lookup.get(state["country"], state["country"])
    forms = name_forms(state["country"], lang)
    inflows, in_download = _partners(state, lang, "in")
    outflows, out_download = _partners(state, lang, "out")
    content = ChartContent(
        title=_("Where people moving to and from {the_country} came from and went, {period}").format(
            **forms, period=format_period(state["period"], lang)
        ),
        subtitle=_subtitle(state, lang),
        downloads=[in_download, out_download],
        sources=("abel_cohen_flows",),
        notes=[_modelled_note(lang)],
        methods=("modelled-flows",),
    )
    if not (inflows["flow"] > 0).any() and not (outflows["flow"] > 0).any():
        content.empty = _("No estimated flows for {the_country} in {period}.").format(
            **forms, period=format_period(state["period"], lang)
        )
        return content

    def side(frame: pd.DataFrame, arrow: str) -> pd.DataFrame:
        top = frame[frame["flow"] > 0].head(SANKEY_TOP)
        return pd.DataFrame(
            {
                "label": top["name"],
                "value": top["flow"],
                "hover": [
                    arrow.format(partner=n, country=country) + ": " + value_text(v, "persons", lang)
                    for n, v in zip(top["name"], top["flow"])
                ],
            }
        )

    origins, destinations = (int((frame["flow"] > 0).sum()) for frame in (inflows, outflows))
    if max(origins, destinations) > SANKEY_TOP:
        content.subtitle = with_part(
            content.subtitle,
            _("the {shown} largest each way, of {origins} origins and {destinations} destinations").format(
                shown=SANKEY_TOP, origins=format_number(origins, lang), destinations=format_number(destinations, lang)
            ),
        )
    content.figure = figures.sankey(
        side(inflows, "{partner} → {country}"), country, side(outflows, "{country} → {partner}"), lang
    )
    content.description = describe.joined(
        describe.only_sex(state["sex"], lang),
        _flows_text(inflows, state, lang, "in"),
        _flows_text(outflows, state, lang, "out"),
    )
    content.table = pd.concat([inflows, outflows], ignore_index=True)
    content.table_columns = [
        TableColumn("direction", _("Direction")),
        TableColumn("name", _("Country")),
        TableColumn("flow", _("Estimated migrants"), "number"),
    ]
    return content


def _top(state: dict, lang: str, direction: str) -> ChartContent:
    _ = translator(lang)
    frame, download = _partners(state, lang, direction)
    title = (
        _("Where migrants to {the_country} came from, {period}")
        if direction == "in"
        else _("Where migrants from {the_country} went, {period}")
    )
    forms = name_forms(state["country"], lang)
    content = ChartContent(
        title=title.format(**forms, period=format_period(state["period"], lang)),
        subtitle=_subtitle(state, lang),
        downloads=[download],
        sources=("abel_cohen_flows",),
        notes=[_modelled_note(lang)],
        methods=("modelled-flows",),
    )
    if not (frame["flow"] > 0).any():
        content.empty = _("No estimated flows for {the_country} in {period}.").format(
            **forms, period=format_period(state["period"], lang)
        )
        return content
    frame = frame.assign(share=frame["flow"] / frame["flow"].sum() * 100)
    positive = frame[frame["flow"] > 0]
    top = positive.head(TOP)
    content.subtitle = with_part(content.subtitle, largest_of(len(top), len(positive), lang))
    content.figure = figures.bar_chart(
        pd.DataFrame(
            {
                "label": top["name"],
                "value": top["flow"],
                "hover": [
                    f"{value_text(v, 'persons', lang)} ({value_text(s, 'percent', lang)})"
                    for v, s in zip(top["flow"], top["share"])
                ],
            }
        ),
        _("people"),
        lang,
    )
    content.description = describe.joined(
        describe.only_sex(state["sex"], lang), _flows_text(frame, state, lang, direction, partners=True)
    )
    content.table = frame
    content.table_columns = [
        TableColumn("name", _("Country")),
        TableColumn("partner", _("Code")),
        TableColumn("flow", _("Estimated migrants"), "number"),
        TableColumn("share", _("Share of total"), "percent"),
    ]
    return content


def net_migration(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    forms = name_forms(state["country"], lang)
    filters = {"country": (state["country"],)}
    content = ChartContent(
        title=_("Net migration in {the_country}, 1950-2024").format(**forms),
        subtitle=_("arrivals minus departures per year · people · dotted: projection"),
        downloads=[Download(_("Net migration"), "net-migration", filters)],
        sources=("wpp2024_net_migration",),
        notes=[
            _("UN World Population Prospects 2024 estimates run to 2023; 2024 is a projection."),
            _("This series covers both sexes: the sex filter does not apply to it."),
        ],
        methods=("projected-net-migration",),
    )
    rows = queries.select("net-migration", filters)
    frame = rows.dropna(subset=["net_migration"])
    if frame.empty:
        content.empty = _("UN WPP 2024 has no net migration series for {the_country}.").format(**forms)
        return content
    hover = [
        f"{year}{' (' + _('projection') + ')' if projected else ''}: {value_text(v, 'persons', lang)}"
        for year, v, projected in zip(frame["year"], frame["net_migration"], frame["projected"])
    ]
    content.figure = figures.line_chart(
        pd.DataFrame(
            {
                "series": forms["country"],
                "x": frame["year"],
                "y": frame["net_migration"],
                "hover": hover,
                "dashed": frame["projected"],
            }
        ),
        _("net migrants per year"),
        lang,
    )
    content.figure["layout"]["yaxis"]["rangemode"] = "normal"  # net migration goes below zero
    content.description = _net_migration_text(frame, forms, lang)
    content.table = rows.assign(status=rows["projected"].map({True: _("projection"), False: _("estimate")}))
    content.table_columns = [
        TableColumn("year", _("Year")),
        TableColumn("net_migration", _("Net migration"), "number"),
        TableColumn("status", _("Status")),
    ]
    return content


def _net_migration_text(frame: pd.DataFrame, forms: dict, lang: str) -> str:
    """The range of net migration, its highest and lowest year, how many years more people left
    than arrived, and the latest year (a projection, when it is one)."""
    _, ngettext = translator(lang), ntranslator(lang)
    points = frame.set_index("year")["net_migration"]
    latest = frame.iloc[-1]
    negative = int((points < 0).sum())
    value = describe.amount(latest["net_migration"], "persons", lang)
    return describe.joined(
        _(
            "Net migration in {the_country}, {start}–{end}: highest {high} in {high_year}, lowest {low} in {low_year}."
        ).format(
            **forms,
            start=int(points.index.min()),
            end=int(points.index.max()),
            high=describe.amount(points.max(), "persons", lang),
            high_year=int(points.idxmax()),
            low=describe.amount(points.min(), "persons", lang),
            low_year=int(points.idxmin()),
        ),
        ngettext(
            "More people left than arrived in {count} year of {total}.",
            "More people left than arrived in {count} years of {total}.",
            negative,
        ).format(count=format_number(negative, lang), total=format_number(len(points), lang)),
        (
            _("In {year}, a projection, it was {value}.") if latest["projected"] else _("In {year}, it was {value}.")
        ).format(year=int(latest["year"]), value=value),
    )


REFUGEE_GROUPS = ("refugee", "asylum")
UNHCR_MID_YEAR = 2024  # the year the file was downloaded in (data/sources.py, its edition): mid-year values


def _displaced_per_year(filters: dict, prefix: str) -> pd.DataFrame:
    """Refugees and asylum-seekers per year for a filter: columns <prefix>refugee, <prefix>asylum."""
    rows = queries.select("refugees", filters)
    per_year = rows.groupby(["year", "group"])["persons"].sum().unstack("group")
    return per_year.reindex(columns=list(REFUGEE_GROUPS)).add_prefix(prefix)


def refugees(state: dict, lang: str) -> ChartContent:
    """Refugees hosted by the country (as country of asylum) and refugees from it (as country
    of origin), each year, as UNHCR counts them; asylum-seekers beside them in the table. A year
    without a UNHCR figure stays empty, never zero."""
    _ = translator(lang)
    lookup = names(lang)
    code = state["country"]
    country = lookup.get(code, code)
    hosted_filters = {"asylum": (code,), "group": REFUGEE_GROUPS}
    origin_filters = {"origin": (code,), "group": REFUGEE_GROUPS}
    frame = pd.concat(
        [_displaced_per_year(hosted_filters, "hosted_"), _displaced_per_year(origin_filters, "from_")], axis=1
    ).sort_index()
    content = ChartContent(
        title=_("Refugees: {country} as country of asylum and as country of origin").format(country=country),
        subtitle=_("People at the end of each year"),
        downloads=[
            Download(_("Hosted (country of asylum)"), "refugees", hosted_filters),
            Download(_("Abroad (country of origin)"), "refugees", origin_filters),
        ],
        sources=("unhcr",),
        notes=[
            _("Refugees under UNHCR's mandate; asylum-seekers are in the table."),
        ],
    )
    counted = frame[["hosted_refugee", "from_refugee"]].dropna(how="all") if len(frame) else frame
    if counted.empty:
        content.empty = _("No UNHCR refugee figures, as country of asylum or of origin: {country}.").format(
            country=country
        )
        return content
    first, last = int(counted.index.min()), int(counted.index.max())
    if last >= UNHCR_MID_YEAR:
        content.notes.append(
            _("{year} values are probably mid-year (downloaded in September {year}).").format(year=UNHCR_MID_YEAR)
        )
    content.subtitle = _("People at the end of each year, {first}–{last}").format(first=first, last=last)
    series = {"hosted_refugee": _("Hosted (country of asylum)"), "from_refugee": _("Abroad (country of origin)")}
    lines = pd.concat(
        [
            pd.DataFrame(
                {
                    "series": label,
                    "x": counted.index,
                    "y": counted[column].astype(float),
                    "hover": [f"{year}: {value_text(v, 'persons', lang)}" for year, v in counted[column].items()],
                }
            )
            for column, label in series.items()
            if counted[column].notna().any()
        ],
        ignore_index=True,
    )
    content.figure = figures.line_chart(lines, _("people"), lang)
    content.description = describe.joined(
        *(
            describe.change(
                counted[column].astype(float),
                "persons",
                lang,
                *REFUGEE_SENTENCES[column],
                label=label,
                **name_forms(code, lang),
            )
            for column, label in series.items()
        )
    )
    content.table = frame.loc[first:last].reset_index()
    content.table_columns = [
        TableColumn("year", _("Year")),
        TableColumn("hosted_refugee", _("Refugees hosted"), "number"),
        TableColumn("hosted_asylum", _("Asylum-seekers hosted"), "number"),
        TableColumn("from_refugee", _("Refugees from the country, abroad"), "number"),
        TableColumn("from_asylum", _("Asylum-seekers from the country, abroad"), "number"),
    ]
    return content


EXPLORER = Explorer(
    path="/flows",
    name=N_("Migration flows"),
    summary=N_(
        "Estimated moves between countries over five-year periods, by sex, and net migration each year since 1950."
    ),
    order=20,
    params=FLOWS,
    cards=("flows-sankey", "flows-in", "flows-out", "net-migration", "refugees-trend"),
    title=N_("Migration flows"),
    lead=N_(
        "How many people moved into and out of a country during five-year periods, "
        "estimated from changes in migrant stocks, births and deaths."
    ),
    controls=(
        Control("country", N_("Country"), {"lg": 5}),
        Control("period", N_("Period"), {"lg": 3, "md": 6}),
        Control("sex", N_("Sex"), {"lg": 4, "md": 6}, segmented=True),
    ),
    notice=N_("These are modelled estimates (Abel & Cohen 2022), not counts of people crossing borders."),
)


for _name, _views, _render in (
    ("flows-sankey", ("chart", "table"), sankey),
    ("flows-in", ("chart", "table"), lambda state, lang: _top(state, lang, "in")),
    ("flows-out", ("chart", "table"), lambda state, lang: _top(state, lang, "out")),
    ("net-migration", ("chart", "table"), net_migration),
    ("refugees-trend", ("chart", "table"), refugees),
):
    register_chart(Chart(_name, EXPLORER.path, EXPLORER.params, _views, _render))
