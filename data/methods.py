"""How every number we derive is made, in plain words: the "Methods" of /sources.

Each rule is declared once here, with a stable key. The build applies it (data.tables); the
/sources page states it under "Methods" (anchor `#method-<key>`); every chart card that shows
a number made by a rule links to it (ChartContent.methods), so a reader can always find how a
figure was derived and from what. Texts are msgids (N_), translated where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from i18n import N_


@dataclass(frozen=True)
class Method:
    key: str
    topic: str  # one of TOPICS
    title: str
    text: str

    @property
    def anchor(self) -> str:
        return f"method-{self.key}"


TOPICS = {
    "stocks": N_("Migrant stocks"),
    "flows": N_("Migration flows"),
    "remittances": N_("Remittances"),
    "costs": N_("Remittance costs (SDG 10.c.1)"),
    "aggregates": N_("Regions, income groups and the world"),
    "territories": N_("Countries, territories and changes of borders"),
}

METHODS: dict[str, Method] = {}


def method(key: str, topic: str, title: str, text: str) -> Method:
    if key in METHODS:
        raise ValueError(f"method {key!r} is declared twice")
    if topic not in TOPICS:
        raise ValueError(f"method {key!r}: unknown topic {topic!r}")
    METHODS[key] = Method(key, topic, title, text)
    return METHODS[key]


def by_topic() -> list[tuple[str, list[Method]]]:
    """(topic msgid, its methods) in the order of TOPICS, then of declaration."""
    return [(title, [m for m in METHODS.values() if m.topic == topic]) for topic, title in TOPICS.items()
            if any(m.topic == topic for m in METHODS.values())]


# --- migrant stocks --------------------------------------------------------------------------

BOTH_SEXES = method(
    "both-sexes", "stocks", N_("Both sexes"),
    N_("UN DESA's International Migrant Stock 2024 file we read has no both-sexes rows: both "
       "sexes = women + men, which is how UN DESA's own totals add up."),
)
IMMIGRANTS_EMIGRANTS = method(
    "immigrants-emigrants", "stocks", N_("Immigrants and emigrants"),
    N_("Immigrants of a country: the sum over every country of origin, unknown origin included. "
       "Emigrants: the people of that origin living in every other country. UN DESA's origin is "
       "the country of birth or, where birth is not known, of citizenship."),
)
SHARE_OF_POPULATION = method(
    "share-of-population", "stocks", N_("Immigrants as a share of the population"),
    N_("Edition 2024: immigrants / the population of UN World Population Prospects 2024 (the "
       "denominator UN DESA uses), computed by migdash, for both sexes; WPP 2024 gives no 2024 "
       "population, so the latest share is for 2020. The population always covers what the migrant "
       "figure covers: Serbia's includes Kosovo, and the Channel Islands' is Guernsey's plus Jersey's. "
       "Edition 2020: UN DESA's published shares."),
)
DATA_TYPE = method(
    "data-type", "stocks", N_("Type of data"),
    N_("UN DESA says for each country what its estimates rest on, with every code that applies, "
       "in its own order (for example \"C B R\"): C, data on foreign citizens; B, data on the "
       "foreign-born; I, no data on migrants, so the figures are imputed; R, refugees and asylum "
       "seekers reported by UNHCR or UNRWA were added."),
)
STOCK_AGGREGATES = method(
    "stock-aggregates", "aggregates", N_("Migrant stocks by region and income group"),
    N_("Edition 2020: UN DESA's own published rows for the world, its regions, sub-regions and "
       "income groups, served as published; \"Not classified\" is the world less UN DESA's four "
       "income groups. Edition 2024: UN DESA's own aggregates for it are in a file we could not "
       "obtain, so migdash sums the members' figures (they may differ from UN DESA's); every sum "
       "says how many of its members have data, and a sum with data for fewer than two thirds of "
       "them is withheld. Regions and sub-regions "
       "are UN M49's, with the members UN DESA gives them. The sums for 1990-2005 include the "
       "figures IMS 2024 repeats for states that did not exist yet, as UN DESA's world total does."),
)
INCOME_CLASSIFICATION = method(
    "income-groups", "aggregates", N_("Income groups"),
    N_("The World Bank's income classification of 1 July 2025 (fiscal year 2026, from 2024 GNI per "
       "capita), applied to every year, as UN DESA applies one classification to every year of an "
       "edition. The economies it gives no group (Ethiopia and Venezuela in 2025) and the areas it "
       "does not list are \"Not classified\", a group of their own, so the groups add up to the "
       "world. UN DESA's own income groups of its 2020 edition used the classification of that time "
       "and are served as published."),
)
COUNTED_TOGETHER = method(
    "population-parts", "territories", N_("Areas counted together"),
    N_("UN DESA counts Kosovo in Serbia, and the Channel Islands (Guernsey and Jersey) as one area. "
       "Their population, the denominator of their shares, is the sum of the parts in UN World "
       "Population Prospects 2024: Serbia + Kosovo, Guernsey + Jersey."),
)
BORDER_CHANGES = method(
    "border-changes", "territories", N_("States that split"),
    N_("International Migrant Stock 2024 gives South Sudan, Montenegro, Curaçao and Sint Maarten one "
       "repeated figure for the years before they were states of their own (1990-2005, and 1990-2000 "
       "for Sint Maarten), while the figures of the former state may already include them (UN DESA: "
       "Sudan 1990-2005 covers Sudan and South Sudan). migdash keeps the figures as published and "
       "flags the repeated ones (column \"repeated\"); their cards, profiles and briefs say so. "
       "Migration flow estimates before 2010 are for the former Sudan and Serbia and Montenegro."),
)

# --- migration flows -------------------------------------------------------------------------

MODELLED_FLOWS = method(
    "modelled-flows", "flows", N_("Modelled flows"),
    N_("Flows are Abel & Cohen's (2022) estimates from the change in migrant stocks between two "
       "dates (closed demographic accounting, pseudo-Bayesian method), not counts of people "
       "moving. Totals of both sexes are estimated apart from women and men, so they need not "
       "add up."),
)
PROJECTED_NET_MIGRATION = method(
    "projected-net-migration", "flows", N_("Net migration"),
    N_("UN World Population Prospects 2024: estimates up to 2023; 2024 is the medium-variant "
       "projection."),
)

# --- remittances -----------------------------------------------------------------------------

REMITTANCES_PCT_GDP = method(
    "remittances-pct-gdp", "remittances", N_("Remittances as a share of GDP"),
    N_("The World Bank's published share where it exists; elsewhere remittances received / GDP "
       "x 100, computed by migdash."),
)

# --- remittance costs ------------------------------------------------------------------------

# --- aggregates ------------------------------------------------------------------------------

SUMS_OVER_MEMBERS = method(
    "sums-over-members", "aggregates", N_("Regions, income groups and the world"),
    N_("Sums over the member countries, computed by migdash; a ratio is the sum of its "
       "numerator over the sum of its denominator, over the members that report both."),
)

# --- territories -----------------------------------------------------------------------------
