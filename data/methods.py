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
    "sdg": N_("SDG indicators"),
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
    return [
        (title, [m for m in METHODS.values() if m.topic == topic])
        for topic, title in TOPICS.items()
        if any(m.topic == topic for m in METHODS.values())
    ]


# --- country profiles -----------------------------------------------------------------------

PEER_RANKS = method(
    "peer-ranks",
    "aggregates",
    N_("Ranks among peers"),
    N_(
        "A country profile ranks the country within its UN region, its World Bank income group and "
        "the programme countries, for emigrants as a share of the population and remittances as a "
        "share of GDP: 1st is the highest share. Every member with data is ranked at its own latest "
        "year, so a member whose data ends a year earlier is compared rather than left out; the "
        "profile states the years compared. A rank needs at least three members with data; "
        "members without any value are counted apart."
    ),
)

# --- migrant stocks --------------------------------------------------------------------------

BOTH_SEXES = method(
    "both-sexes",
    "stocks",
    N_("Both sexes"),
    N_(
        "UN DESA's International Migrant Stock 2024 file we read has no both-sexes rows: both "
        "sexes = women + men, which is how UN DESA's own totals add up."
    ),
)
IMMIGRANTS_EMIGRANTS = method(
    "immigrants-emigrants",
    "stocks",
    N_("Immigrants and emigrants"),
    N_(
        "Immigrants of a country: the sum over every country of origin, unknown origin included. "
        "Emigrants: the people of that origin living in every other country. UN DESA's origin is "
        "the country of birth or, where birth is not known, of citizenship."
    ),
)
SHARE_OF_POPULATION = method(
    "share-of-population",
    "stocks",
    N_("Immigrants as a share of the population"),
    N_(
        "Edition 2024: immigrants / the population of UN World Population Prospects 2024 (the "
        "denominator UN DESA uses), computed by migdash, for both sexes; WPP 2024 gives no 2024 "
        "population, so the latest share is for 2020. The population always covers what the migrant "
        "figure covers: Serbia's includes Kosovo, and the Channel Islands' is Guernsey's plus Jersey's. "
        "Edition 2020: UN DESA's published shares."
    ),
)
DATA_TYPE = method(
    "data-type",
    "stocks",
    N_("Type of data"),
    N_(
        "UN DESA says for each country what its estimates rest on, with every code that applies, "
        'in its own order (for example "C B R"): C, data on foreign citizens; B, data on the '
        "foreign-born; I, no data on migrants, so the figures are imputed; R, refugees and asylum "
        "seekers reported by UNHCR or UNRWA were added."
    ),
)
STOCK_AGGREGATES = method(
    "stock-aggregates",
    "aggregates",
    N_("Migrant stocks by region and income group"),
    N_(
        "Edition 2020: UN DESA's own published rows for the world, its regions, sub-regions and "
        'income groups, served as published; "Not classified" is the world less UN DESA\'s four '
        "income groups. Edition 2024: UN DESA's own aggregates for it are in a file we could not "
        "obtain, so migdash sums the members' figures (they may differ from UN DESA's); every sum "
        "says how many of its members have data, and a sum with data for fewer than two thirds of "
        "them is withheld. Regions and sub-regions "
        "are UN M49's, with the members UN DESA gives them. The sums for 1990-2005 include the "
        "figures IMS 2024 repeats for states that did not exist yet, as UN DESA's world total does."
    ),
)
INCOME_CLASSIFICATION = method(
    "income-groups",
    "aggregates",
    N_("Income groups"),
    N_(
        "The World Bank's income classification of 1 July 2025 (fiscal year 2026, from 2024 GNI per "
        "capita), applied to every year, as UN DESA applies one classification to every year of an "
        "edition. The economies it gives no group (Ethiopia and Venezuela in 2025) and the areas it "
        'does not list are "Not classified", a group of their own, so the groups add up to the '
        "world. UN DESA's own income groups of its 2020 edition used the classification of that time "
        "and are served as published."
    ),
)
COUNTED_TOGETHER = method(
    "population-parts",
    "territories",
    N_("Areas counted together"),
    N_(
        "UN DESA counts Kosovo in Serbia, and the Channel Islands (Guernsey and Jersey) as one area. "
        "Their population, the denominator of their shares, is the sum of the parts in UN World "
        "Population Prospects 2024: Serbia + Kosovo, Guernsey + Jersey."
    ),
)
BORDER_CHANGES = method(
    "border-changes",
    "territories",
    N_("States that split"),
    N_(
        "International Migrant Stock 2024 gives South Sudan, Montenegro, Curaçao and Sint Maarten one "
        "repeated figure for the years before they were states of their own (1990-2005, and 1990-2000 "
        "for Sint Maarten), while the figures of the former state may already include them (UN DESA: "
        "Sudan 1990-2005 covers Sudan and South Sudan). migdash keeps the figures as published and "
        'flags the repeated ones (column "repeated"); their cards, profiles and briefs say so. '
        "Migration flow estimates before 2010 are for the former Sudan and Serbia and Montenegro."
    ),
)

# --- migration flows -------------------------------------------------------------------------

MODELLED_FLOWS = method(
    "modelled-flows",
    "flows",
    N_("Modelled flows"),
    N_(
        "Flows are Abel & Cohen's (2022) estimates from the change in migrant stocks between two "
        "dates (closed demographic accounting, pseudo-Bayesian method), not counts of people "
        "moving. Totals of both sexes are estimated apart from women and men, so they need not "
        "add up."
    ),
)
PROJECTED_NET_MIGRATION = method(
    "projected-net-migration",
    "flows",
    N_("Net migration"),
    N_("UN World Population Prospects 2024: estimates up to 2023; 2024 is the medium-variant projection."),
)

# --- remittances -----------------------------------------------------------------------------

REMITTANCES_PCT_GDP = method(
    "remittances-pct-gdp",
    "remittances",
    N_("Remittances as a share of GDP"),
    N_(
        "Personal remittances received / GDP x 100, both in current US dollars, as the World Bank "
        "defines the indicator; computed by migdash with the same rule for every country and year. "
        "Remittances come from the World Bank's release of 1 July 2025; no file we have gives the "
        "GDP of that release, so GDP comes from the World Bank's next release, the same one for "
        "every year. The World Bank's own published shares (May 2023 release) are not used: they "
        "divide older remittances by older GDP."
    ),
)
REMITTANCE_AGGREGATES = method(
    "remittance-aggregates",
    "remittances",
    N_("Remittances of regions, income groups and the world"),
    N_(
        'Sums over the member economies, shown with how many report ("from 106 of 201 '
        'economies"). As the World Bank does for its own group sums, a sum is not shown when '
        "fewer than two thirds of the members report that year: with fewer, a year would look like "
        "a fall when it is only missing data. The share of GDP of a group is the sum of remittances "
        "over the sum of GDP of the same members, those that report both: a GDP-weighted average. "
        "It is not shown when fewer than two thirds of the members report both, nor, as the World "
        "Bank does for weighted averages, when those members hold less than two thirds of the "
        "group's GDP. The count matters: economies that report late are often small ones where "
        "remittances weigh most, so a share from the big economies alone looks like a fall."
    ),
)
KOSOVO_IN_SOUTHERN_EUROPE = method(
    "kosovo-in-southern-europe",
    "territories",
    N_("Kosovo in Southern Europe"),
    N_(
        "The UN M49 classification has no Kosovo: UN DESA counts it within Serbia, so migrant "
        "stocks of Serbia include Kosovo. The World Bank reports Kosovo's remittances and GDP "
        "apart from Serbia's, so migdash places Kosovo in Southern Europe and Europe for the "
        "remittances of regions; without this they would count in the world but in no region."
    ),
)

# --- remittance costs ------------------------------------------------------------------------

SDG_10C = method(
    "sdg-10c",
    "costs",
    N_("SDG target 10.c: two thresholds"),
    N_(
        "By 2030, reduce to less than 3 % the transaction costs of migrant remittances, and "
        "eliminate remittance corridors with costs higher than 5 %. Costs are the World Bank's "
        "average total cost (fees and exchange-rate margin) of sending US$200 in a corridor, "
        "surveyed each quarter (twice a year before 2013)."
    ),
)
CORRIDOR_LATEST = method(
    "corridor-latest",
    "costs",
    N_("Each corridor's latest survey"),
    N_(
        "A corridor is shown with its latest surveyed cost and the quarter of that survey. The "
        "World Bank stopped surveying some corridors years ago: by default only the corridors of "
        'the latest survey are shown, and the others are counted; choosing "all corridors" shows '
        "them too, each with its quarter, in a lighter colour."
    ),
)

REMITTANCE_SAVINGS = method(
    "remittance-savings",
    "costs",
    N_("What families would keep if sending money cost less"),
    N_(
        "For each corridor sending money to a country: its volume is KNOMAD/World Bank's "
        "bilateral remittance estimate of the latest matrix that covers the receiving country "
        "(2021, December 2022 version; 2017, April 2018 version, for the countries the 2021 "
        "matrix leaves out), a modelled figure computed from migrant stocks and incomes, not a "
        "reported flow; its cost is the World Bank's Remittance Prices Worldwide average total cost "
        "of sending US$200 at the corridor's latest survey (2020Q3 for most corridors, as early as "
        "2011 for a few). The saving of a corridor is its volume x (its cost - the target) / 100; "
        "a corridor that already costs the target or less saves nothing. The savings of the "
        "corridors are added up per receiving country, for a target of 3 % (SDG target 10.c) "
        "unless another is chosen. A corridor whose cost was never surveyed is not counted as "
        "saving nothing: its volume is shown apart, as the share of the country's remittances "
        "whose cost is unknown. Today's cost is the average of the surveyed corridors' costs "
        "weighted by their volumes."
    ),
)

# --- aggregates ------------------------------------------------------------------------------

SUMS_OVER_MEMBERS = method(
    "sums-over-members",
    "aggregates",
    N_("Regions, income groups and the world"),
    N_(
        "Sums over the member countries, computed by migdash; a ratio is the sum of its "
        "numerator over the sum of its denominator, over the members that report both."
    ),
)

# --- territories -----------------------------------------------------------------------------

# --- SDG indicators --------------------------------------------------------------------------

SDG_STATUS = method(
    "sdg-status",
    "sdg",
    N_("SDG indicators: trend since 2015 and status"),
    N_(
        "Each indicator shows its latest value with its period and its trend since 2015, the 2030 "
        "Agenda's baseline year: the value of 2015, or of the first period after 2015 with a value, "
        "and the change from it to the latest value. The status follows one rule. Met: the latest "
        "value is below the target (10.c.1: an average cost below 3 % and no corridor above 5 %). On "
        "track: not met, and the straight line from the baseline value to the latest one, continued, "
        "falls below the target by the end of 2030. Off track: otherwise, also when there is no "
        "earlier value to draw that line from. No numeric target: the SDG framework sets none "
        "(10.7.4, 17.3.2 and the context). No data: the sources have no value for the country; it is "
        "never counted as zero."
    ),
)
SDG_10C1 = method(
    "sdg-10c1",
    "sdg",
    N_("SDG 10.c.1 for a country: the average of its corridors"),
    N_(
        "The simple mean of the costs of the country's corridors surveyed in its latest quarter, "
        "corridors sending to it and from it alike, each corridor once and with the same weight. Each "
        "corridor's cost is the World Bank's average over the providers it surveyed in that corridor, "
        "for sending US$200. The World Bank's own country averages (indicators SI.RMT.COST.IB.ZS, to "
        "a country, and SI.RMT.COST.OB.ZS, from it) average every surveyed provider instead, and "
        "each direction apart: the provider-level data is not in the corridor file we read, so our "
        "average can differ from theirs. Beside it: how many of these corridors cost more than 5 %. "
        "The World Bank's corridor surveys we have end in 2020Q3; the baseline is the country's "
        "first surveyed quarter from 2015 on, over the corridors surveyed then."
    ),
)
SDG_10_7_4 = method(
    "sdg-10-7-4",
    "sdg",
    N_("SDG 10.7.4: refugees per 100,000 population, by country of origin"),
    N_(
        "UNHCR's formula: refugees from the country, in every country of asylum, / (the country's "
        'population + those refugees) x 100,000. Refugees are UNHCR\'s group "refugee": refugees '
        "under UNHCR's mandate and people in refugee-like situations. The SDG metadata also counts "
        "other people in need of international protection; the UNHCR file we read does not have them "
        'apart (its group "other" is others of concern to UNHCR, mostly people in their own '
        "country), so they are left out and the value can be lower than UNHCR's for the countries "
        "they come from, such as Venezuela. Palestine refugees under UNRWA's mandate are not "
        "included, as in the SDG metadata. Population: UN World Population Prospects 2024 at "
        "mid-year (Serbia with Kosovo, as UNHCR reports them together), which runs to 2023, so the "
        "latest year is 2023."
    ),
)
SDG_EMIGRANTS_SHARE = method(
    "sdg-emigrants-share",
    "sdg",
    N_("Emigrants as a share of the population"),
    N_(
        "Emigrants of the country (International Migrant Stock 2024) / its population in UN World "
        "Population Prospects 2024 x 100, both sexes, computed by migdash; one edition for the whole "
        "series. WPP 2024 gives no 2024 population, so the latest share is for 2020."
    ),
)

# --- editions --------------------------------------------------------------------------------

EDITION_REVISIONS = method(
    "edition-revisions",
    "aggregates",
    N_("Revisions between editions"),
    N_(
        "Publishers revise their past figures in each new edition. For the series two editions give "
        "(immigrants and emigrants, both sexes, in UN DESA's International Migrant Stock 2020 and "
        "2024; remittances received in the World Bank's releases of 10 May 2023 and 1 July 2025), "
        "migdash shows both values for every year both editions cover and the revision: the later "
        "value minus the earlier one, and that difference as a share of the earlier value. Each "
        "edition's immigrants and emigrants are derived by the same rule from its own bilateral "
        "table. A value one edition lacks, such as Taiwan's in IMS 2020, is shown as missing, never "
        "as 0. A region, income group or the world is summed, in both editions, over the same "
        "members: the countries present in both, which the card counts; a sum with fewer than two "
        "thirds of the members present in both is withheld. So a revision of a region is never a "
        "change of which countries are counted. These sums differ from the publishers' own totals, "
        "which count every country of each edition."
    ),
)
