"""/programme/<ISO3>: the chart of one indicator — baseline, actuals by period (by sex where
reported) and target — also embeddable as /embed/programme-indicator."""

from __future__ import annotations

import pandas as pd

from charts.programme import card_content
from components import describe, figures
from components.chart_card import Chart, ChartContent, register_chart
from components.params import PROGRAMME_COUNTRY, SEX_LABELS
from components.programme import STAGE_LABELS, STALE_RULE, STATUS_LABELS, indicator_value, local_plain
from components.table import TableColumn
from data import queries
from i18n import N_, format_percent, format_period, translator
from programme.schema import period_end
from programme.summaries import as_of_period, selected_indicator

PAGE = "/programme/{country}"
UNIT_LABELS = {"number": N_("number"), "percent": N_("percent"), "yes_no": N_("achieved"), "stage": N_("stage")}


def indicator_progress(state: dict, lang: str) -> ChartContent:
    _ = translator(lang)
    country = state["country"]
    derived = queries.programme_tables_now()
    row = selected_indicator(derived["indicators"], country, state["indicator"])
    if row is None:
        content = ChartContent(title=_("Indicator progress"))
        content.empty = _("This country has no indicators in the programme data.")
        return content
    content = card_content(
        local_plain(row, "name", lang),
        {"country": (country,)},
        lang,
        "programme-indicator-values",
        _("Indicator values"),
        {"country": (country,), "indicator": (row["indicator_id"],)},
    )
    progress = row["progress"]
    content.subtitle += " · " + " · ".join(
        [
            _(STATUS_LABELS[row["status"]]),
            _("{share} of the way to the target").format(share=format_percent(float(progress) * 100, lang, 0))
            if progress is not pd.NA
            else _("no value reported yet"),
        ]
    )
    if row["stale"]:
        period = as_of_period(derived["as_of"]["as_of"].iloc[0])
        content.subtitle += " · " + _("out of date: latest value {latest}").format(latest=row["latest_period"])
        content.notes.insert(0, _(STALE_RULE).format(period=period))
    unit = row["unit"]
    values = derived["values"]
    values = values[values["indicator_id"] == row["indicator_id"]].sort_values(["period", "sex"])
    if isinstance(row["means_of_verification"], str):
        content.notes.append(_("Means of verification: {text}").format(text=row["means_of_verification"]))
    content.notes.append(_("Dashed line: the straight path from the baseline (square) to the target (star)."))
    dates = values["period"].map(lambda p: period_end(p).date().isoformat())
    actuals = pd.DataFrame(
        {
            "series": values["sex"].map(lambda s: _(SEX_LABELS[s])),
            "x": dates,
            "y": values["value"].astype(float),
            "hover": [
                f"{format_period(p, lang, short=True)}: {indicator_value(v, unit, lang)}"
                for p, v in zip(values["period"], values["value"])
            ],
        }
    )
    baseline = (
        f"{row['baseline_year']}-12-31",
        float(row["baseline_value"]),
        _("Baseline {year}: {value}").format(
            year=row["baseline_year"], value=indicator_value(row["baseline_value"], unit, lang)
        ),
    )
    target = (
        f"{row['target_year']}-12-31",
        float(row["target_value"]),
        _("Target {year}: {value}").format(
            year=row["target_year"], value=indicator_value(row["target_value"], unit, lang)
        ),
    )
    ticks = None
    if unit == "stage":
        ticks = {index: _(label) for index, label in STAGE_LABELS.items()}
    elif unit == "yes_no":
        ticks = {0: _("no"), 1: _("yes")}
    content.figure = figures.indicator_chart(
        actuals, baseline, target, _(UNIT_LABELS[unit]), lang, percent=unit == "percent", y_ticks=ticks
    )
    if content.demo:
        content.figure = figures.with_stamp(content.figure, _("Demo data — illustrative only"))
    content.description = _indicator_text(row, values, unit, lang)
    content.table = values.assign(
        period_text=[format_period(p, lang, short=True) for p in values["period"]],
        sex_label=values["sex"].map(lambda s: _(SEX_LABELS[s])),
        value_text=[indicator_value(v, unit, lang) for v in values["value"]],
    )
    content.table_columns = [
        TableColumn("period_text", _("Period")),
        TableColumn("sex_label", _("Sex")),
        TableColumn("value_text", _("Value")),
        TableColumn("means_of_verification", _("Means of verification")),
    ]
    if values.empty:
        content.notes.insert(0, _("No value has been reported for this indicator yet."))
    return content


def _indicator_text(row, values: pd.DataFrame, unit: str, lang: str) -> str:
    """The baseline, the target and the latest value reported (both sexes where reported so)."""
    _ = translator(lang)
    text = _("Baseline {baseline} in {baseline_year}, target {target} by {target_year}.").format(
        baseline=indicator_value(row["baseline_value"], unit, lang),
        baseline_year=row["baseline_year"],
        target=indicator_value(row["target_value"], unit, lang),
        target_year=row["target_year"],
    )
    if values.empty:
        return describe.joined(text, _("No value has been reported for this indicator yet."))
    latest = values[values["period"] == values["period"].max()]
    latest = latest[latest["sex"] == "total"] if (latest["sex"] == "total").any() else latest
    return describe.joined(
        text,
        _("Latest value: {value} ({period}).").format(
            value=indicator_value(latest["value"].iloc[0], unit, lang),
            period=format_period(latest["period"].iloc[0], lang, short=True),
        ),
    )


register_chart(
    Chart(
        "programme-indicator", PAGE, PROGRAMME_COUNTRY, ("chart", "table"), indicator_progress, path_params=("country",)
    )
)
