"""The view state of each explorer page, declared once (components.url_state reads and writes
it): parameter names, defaults, allowed values (from the data when asked), old names."""

from __future__ import annotations

from functools import partial

from components.labels import latest_survey_label
from components.url_state import NumberRange, Param
from data import queries
from i18n import N_
from programme import schema


def _values(dataset: str, column: str, as_int: bool = False):
    values = queries.column_values(dataset, column)
    return {int(v) for v in values} if as_int else set(values)


SEXES = ("total", "female", "male")
SEX_LABELS = {"total": N_("Both sexes"), "female": N_("Women"), "male": N_("Men")}

STOCK_MEASURES = ("immigrants", "emigrants", "immigrants_pct_population")
STOCK_MEASURE_LABELS = {
    "immigrants": N_("Immigrants"),
    "emigrants": N_("Emigrants"),
    "immigrants_pct_population": N_("Immigrants as % of population"),
}
REMITTANCE_MEASURES = ("inflow_usd", "outflow_usd", "inflow_pct_gdp")
REMITTANCE_MEASURE_LABELS = {
    "inflow_usd": N_("Remittances received"),
    "outflow_usd": N_("Remittances paid"),
    "inflow_pct_gdp": N_("Remittances received as % of GDP"),
}

STOCKS = (
    Param(
        "country",
        "codes",
        ("MDA",),
        partial(_values, "stocks-country", "country"),
        multi=True,
        aliases=("countries", "iso3"),
    ),
    Param(
        "area", "codes", (), partial(_values, "stocks-aggregates", "area"), multi=True, aliases=("region", "regions")
    ),
    Param("measure", "choice", "immigrants", STOCK_MEASURES, labels=STOCK_MEASURE_LABELS),
    Param("sex", "choice", "total", SEXES, labels=SEX_LABELS),
    Param("year", "int", 2024, partial(_values, "stocks-country", "year", True)),
)

FLOWS = (
    Param("country", "code", "MDA", partial(_values, "flows-country", "country"), aliases=("iso3",)),
    Param("period", "choice", "2015-2020", partial(_values, "flows-country", "period")),
    Param("sex", "choice", "total", SEXES, labels=SEX_LABELS),
)

# Corridor costs: the corridors of the latest survey only, or every corridor at its latest survey.
CORRIDORS = ("latest", "all")
CORRIDOR_LABELS = {"latest": latest_survey_label, "all": N_("All corridors")}

# The savings calculator's target cost, % of the amount sent (SDG 10.c: 3 %), /remittances and
# the country profile.
TARGET = Param("target", "number", queries.SDG_10C_TARGET, NumberRange(0.0, queries.TARGET_MAX, queries.TARGET_STEP))

REMITTANCES = (
    Param(
        "country",
        "codes",
        ("MDA",),
        partial(_values, "remittances-country", "country"),
        multi=True,
        aliases=("countries", "iso3"),
    ),
    Param(
        "area",
        "codes",
        (),
        partial(_values, "remittances-aggregates", "area"),
        multi=True,
        aliases=("region", "regions"),
    ),
    Param("measure", "choice", "inflow_usd", REMITTANCE_MEASURES, labels=REMITTANCE_MEASURE_LABELS),
    Param("year", "int", 2023, partial(_values, "remittances-country", "year", True)),
    Param("matrix", "int", 2021, (2017, 2021)),
    Param("corridors", "choice", "latest", CORRIDORS, labels=CORRIDOR_LABELS),
    TARGET,
)

# Programme progress (/programme and /programme/<ISO3>): "all" means no filter.
PROGRAMME = (
    Param(
        "country",
        "codes",
        (),
        partial(_values, "programme-indicators", "country"),
        multi=True,
        aliases=("countries", "iso3"),
    ),
    Param("area", "choice", "all", ("all", *schema.AREAS)),
    Param("gcm", "choice", "all", ("all", *schema.GCM_OBJECTIVES)),
    Param("sdg", "choice", "all", ("all", *schema.SDG_TARGETS)),
)
PROGRAMME_COUNTRY = (
    Param("country", "code", "MDA", partial(_values, "programme-indicators", "country"), aliases=("iso3",)),
    # "" shows the country's first indicator.
    Param("indicator", "choice", "", partial(_values, "programme-indicators", "indicator_id")),
)
