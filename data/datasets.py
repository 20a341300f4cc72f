"""The public datasets: what each one is, its columns and units, its filters and sources.

One declaration per dataset serves the API (/api/v1/NAME.csv|json|metadata.json), the charts'
download buttons and the sources named under each chart, so they all describe the same data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from i18n import N_
from programme.schema import SHEETS_BY_NAME


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string | integer | number | boolean
    definition: str
    unit: str = ""


@dataclass(frozen=True)
class Filter:
    """A query parameter: `kind` says how its values are read and checked.

    iso3: comma-separated codes that must appear in `column`; area: the same for aggregate
    codes; year: whole numbers within the column's range; choice: values from `choices`, or
    from the column itself when `choices` is empty.
    """

    param: str
    column: str
    kind: str
    choices: tuple[str, ...] = ()
    default: str | None = None


@dataclass(frozen=True)
class Dataset:
    name: str
    table: str
    title: str
    description: str
    columns: tuple[Column, ...]
    filters: tuple[Filter, ...]
    sources: tuple[str, ...]  # keys of data.sources
    notes: tuple[str, ...] = ()
    sort: tuple[str, ...] = field(default=())
    store: str = "build"  # "build": a table of the data build; "programme": a programme table
    # The dimensions that identify a row (unique in the table): the change report (data.changes)
    # matches two builds' rows on them and compares the rest of the row's measures.
    key: tuple[str, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def filter(self, param: str) -> Filter | None:
        return next((f for f in self.filters if f.param == param), None)

    @property
    def value_names(self) -> list[str]:
        """The measures the change report compares: the number columns outside the key (integer
        columns are years or counts of members, not measures)."""
        return [column.name for column in self.columns if column.type == "number" and column.name not in self.key]

    @property
    def country_columns(self) -> list[str]:
        """The columns holding country codes (its ISO3 filters'): a row concerns each of them."""
        return [spec.column for spec in self.filters if spec.kind == "iso3"]


SEX = Filter("sex", "sex", "choice", ("total", "female", "male"))


def _c(name, type_, definition, unit=""):
    return Column(name, type_, definition, unit)


COUNTRY = _c("country", "string", "ISO 3166-1 alpha-3 code of the country or area")
YEAR = _c("year", "integer", "Year (mid-year for stocks, calendar year otherwise)")
SEX_COLUMN = _c("sex", "string", "total (both sexes), female or male")
# Every aggregate's coverage (data.tables.aggregate): a sum with data for fewer than two thirds
# of the members is withheld (empty), the World Bank's rule for its own group sums.
COVERAGE_COLUMNS = (
    _c("countries", "integer", "Members with data (for the first measure)"),
    _c("members", "integer", "Members of the area that the dataset covers"),
    _c("coverage_pct", "number", "countries / members x 100; below 66.7 the sums are withheld", "%"),
)

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        name="countries",
        table="countries",
        title=N_("Countries and areas"),
        description="Every country or area the datasets report, with its UN M49 region and "
        "sub-region, World Bank region and income group, and whether it takes part in the "
        "IOM-UNDP programme. Aggregates are not in this list: see `areas`.",
        columns=(
            _c(
                "iso3",
                "string",
                "ISO 3166-1 alpha-3 code (CHI Channel Islands, XKX Kosovo; "
                "SUD, SCG and ANT are former states used by some sources)",
            ),
            _c(
                "name",
                "string",
                "The UN's short name in the requested language (?lang=en|fr|es): UN DESA's English, "
                "UN M49's French and Spanish",
            ),
            _c("m49_region", "string", "UN M49 region, as grouped in UN DESA's International Migrant Stock"),
            _c("m49_subregion", "string", "UN M49 sub-region"),
            _c("wb_region", "string", "World Bank region (2025 classification)"),
            _c("wb_income_group", "string", "World Bank income group (2025 classification)"),
            _c("programme", "boolean", "Participates in the IOM-UNDP programme"),
            _c("former", "boolean", "A state that no longer exists"),
        ),
        filters=(Filter("country", "iso3", "iso3"),),
        sources=("ims2020_destination", "wdi_country_metadata"),
        notes=("Names: as the UN writes them (where each language's come from: /sources#names); codes: ISO 3166.",),
        sort=("iso3",),
        key=("iso3",),
    ),
    Dataset(
        name="areas",
        table="areas",
        title=N_("Aggregate areas"),
        description="The world, UN M49 regions and sub-regions, World Bank income groups (with "
        '"Not classified" for the economies the World Bank gives no group, so the groups add up to '
        "the world) and the programme countries, with their member countries.",
        columns=(
            _c("code", "string", "Area code (WLD world, M<M49 code>, WB_<income group>, PRG programme)"),
            _c("kind", "string", "world, m49_region, m49_subregion, wb_income_group or programme"),
            _c("name", "string", "Name in the requested language"),
            _c("member_count", "integer", "Number of member countries or areas"),
            _c("members", "string", "Member ISO3 codes, separated by spaces"),
            _c(
                "classification",
                "string",
                "The grouping the membership follows (income groups: the World Bank's classification of 1 July 2025)",
            ),
        ),
        filters=(Filter("area", "code", "area"), Filter("kind", "kind", "choice")),
        sources=("ims2020_destination", "wdi_country_metadata"),
        notes=(
            (
                "Kosovo (XKX) has no UN M49 region (UN DESA counts it within Serbia); it is placed in "
                "Europe and Southern Europe, so that data reporting it apart from Serbia (World Bank "
                "remittances) count it in its region. Data that count it within Serbia (migrant "
                "stocks) have no XKX rows and are unaffected."
            ),
        ),
        sort=("kind", "code"),
        key=("code",),
    ),
    Dataset(
        name="stocks-bilateral",
        table="stocks_bilateral",
        title=N_("International migrant stock by destination and origin"),
        description="Number of international migrants (people living outside their country of "
        "birth or citizenship) at mid-year, by country of destination and of origin, by sex.",
        columns=(
            _c("destination", "string", "ISO3 code of the country of destination"),
            _c("origin", "string", "ISO3 code of the country of origin (OOO: other or unknown)"),
            YEAR,
            SEX_COLUMN,
            _c("migrants", "number", "International migrant stock", "persons"),
        ),
        filters=(
            Filter("destination", "destination", "iso3"),
            Filter("origin", "origin", "iso3"),
            Filter("year", "year", "year"),
            SEX,
        ),
        sources=("ims2024_bilateral",),
        notes=(
            "Both sexes = female + male (UN DESA publishes the two; they add up exactly).",
            "A destination-origin pair that is absent has no estimate; it is not zero.",
        ),
        sort=("destination", "origin", "year", "sex"),
        key=("destination", "origin", "year", "sex"),
    ),
    Dataset(
        name="stocks-country",
        table="stocks_country",
        title=N_("International migrants by country: immigrants, emigrants, share of population"),
        description="For each country and year: immigrants (migrant stock living there), "
        "emigrants (people from the country living abroad: UN DESA's origin is the country of "
        "birth or, where birth is unknown, of citizenship), population, immigrants as a share of "
        "population and women's share of immigrants. Edition 2024 is derived from IMS 2024; "
        "edition 2020 is UN DESA's published destination table.",
        columns=(
            COUNTRY,
            YEAR,
            SEX_COLUMN,
            _c("immigrants", "number", "International migrant stock in the country", "persons"),
            _c(
                "emigrants",
                "number",
                "People from the country living in other countries (edition 2024 only)",
                "persons",
            ),
            _c(
                "population",
                "number",
                "Total population (edition 2024: UN WPP 2024, both sexes, Serbia with "
                "Kosovo and the Channel Islands as Guernsey + Jersey, as UN DESA counts them; edition 2020: as "
                "published)",
                "persons",
            ),
            _c("immigrants_pct_population", "number", "Immigrants as a share of the population", "%"),
            _c("female_pct_immigrants", "number", "Women as a share of immigrants (both-sexes rows)", "%"),
            _c(
                "pct_computed",
                "boolean",
                "True when the share was computed by migdash (immigrants / population x 100) rather than published",
            ),
            _c(
                "data_type",
                "string",
                'UN DESA type of data, every flag as UN DESA writes them (e.g. "C B R"): '
                "C foreign citizens, B foreign-born, I no data, imputed; R refugees added",
            ),
            _c(
                "repeated",
                "boolean",
                "True where IMS 2024 repeats one figure from 1990 on, for the years before the "
                "country existed as a state of its own (e.g. South Sudan 1990-2005): not an estimate of its own",
            ),
            _c("edition", "string", "IMS edition: 2024 (derived from the bilateral table) or 2020 (published)"),
        ),
        filters=(
            Filter("country", "country", "iso3"),
            Filter("year", "year", "year"),
            SEX,
            Filter("edition", "edition", "choice", ("2024", "2020"), default="2024"),
        ),
        sources=("ims2024_bilateral", "gdi_wdi", "ims2020_destination"),
        notes=(
            "Edition 2024: immigrants = sum over origins; emigrants = sum over destinations.",
            "Edition 2024: share of population = immigrants / UN WPP 2024 population x 100, "
            "computed by migdash for both sexes; WPP 2024 population for 2024 was not "
            "available, so the 2024 share is missing.",
            "UN DESA counts Kosovo in Serbia: Serbia's population is Serbia's plus Kosovo's (WPP 2024). "
            "The Channel Islands' population is Guernsey's plus Jersey's.",
            "Sudan 1990-2005 covers Sudan and South Sudan (UN DESA), while IMS 2024 also repeats one "
            "figure for South Sudan for those years (see `repeated`).",
            "Edition 2020 values are as published by UN DESA (Tables 1-4).",
            "Editions are never mixed in one response: ?edition= chooses (default 2024).",
        ),
        sort=("country", "year", "sex"),
        key=("country", "edition", "year", "sex"),
    ),
    Dataset(
        name="stocks-aggregates",
        table="stocks_aggregates",
        title=N_("International migrants by region, income group and for the world"),
        description="Immigrants, emigrants, population and share of population for the world, "
        "UN M49 regions and sub-regions and income groups. Edition 2024: summed by migdash over the "
        "member countries of each area (see `areas`); edition 2020: UN DESA's own published rows.",
        columns=(
            _c("area", "string", "Area code (see areas)"),
            _c("kind", "string", "Kind of area"),
            _c("edition", "string", "IMS edition: 2024 (computed by migdash) or 2020 (published by UN DESA)"),
            YEAR,
            SEX_COLUMN,
            _c("immigrants", "number", "Sum of members' immigrants", "persons"),
            _c("emigrants", "number", "Sum of members' emigrants", "persons"),
            _c("population", "number", "Sum of members' population (both sexes)", "persons"),
            _c("immigrants_pct_population", "number", "Immigrants / population x 100 over members reporting both", "%"),
            *COVERAGE_COLUMNS,
            _c("emigrants_countries", "integer", "Members with emigrants data"),
            _c("population_countries", "integer", "Members with a population"),
            _c(
                "immigrants_pct_population_countries",
                "integer",
                "Members in the share of population (those with both immigrants and population)",
            ),
            _c(
                "published",
                "boolean",
                "True for UN DESA's own aggregate rows (edition 2020); false for sums "
                "computed by migdash, and for edition 2020's \"Not classified\" (the world less UN DESA's four "
                "income groups)",
            ),
            _c("classification", "string", "The grouping the area follows, e.g. which income classification"),
        ),
        filters=(
            Filter("area", "area", "area"),
            Filter("year", "year", "year"),
            SEX,
            Filter("edition", "edition", "choice", ("2024", "2020"), default="2024"),
        ),
        sources=("ims2024_bilateral", "gdi_wdi", "ims2020_destination", "wdi_country_metadata"),
        notes=(
            "Edition 2024 (UN DESA's own aggregates for it are in a file we could not obtain): sums over "
            "member countries, computed by migdash; income groups are the World Bank's "
            "classification of 1 July 2025 (fiscal year "
            "2026), applied to every year, as UN DESA applies one classification to all years of an "
            "edition. Economies without a group (e.g. Ethiopia and Venezuela in 2025, and the areas the "
            'World Bank does not list) are WB_NC, "Not classified", so the groups add up to the world.',
            "Edition 2020: UN DESA's published rows (Tables 1-3 of the destination file), income groups "
            "by the classification UN DESA used then; UN DESA does not list their members, so their "
            "coverage columns are empty.",
            "Editions are never mixed in one response: ?edition= chooses (default 2024).",
        ),
        sort=("area", "year", "sex"),
        key=("area", "edition", "year", "sex"),
    ),
    Dataset(
        name="flows-bilateral",
        table="flows_bilateral",
        title=N_("Estimated migration flows between countries, by five-year period and sex"),
        description="Modelled estimates of the number of people who moved from one country to "
        "another during each five-year period (Abel & Cohen 2022, closed demographic accounting, "
        "pseudo-Bayesian method).",
        columns=(
            _c("origin", "string", "ISO3 code of the country of origin"),
            _c("destination", "string", "ISO3 code of the country of destination"),
            _c("period", "string", "Five-year period, e.g. 2015-2020"),
            SEX_COLUMN,
            _c("flow", "number", "Estimated migrants who moved during the period", "persons"),
            _c("modelled", "boolean", "Always true: these are model estimates, not counts"),
        ),
        filters=(
            Filter("origin", "origin", "iso3"),
            Filter("destination", "destination", "iso3"),
            Filter("period", "period", "choice"),
            SEX,
        ),
        sources=("abel_cohen_flows",),
        notes=(
            "Modelled estimates. The total is estimated separately, so it can differ slightly from female + male.",
            "Pairs with no estimated flow in any sex are not listed.",
        ),
        sort=("origin", "destination", "period", "sex"),
        key=("origin", "destination", "period", "sex"),
    ),
    Dataset(
        name="flows-country",
        table="flows_country",
        title=N_("Estimated migration inflows and outflows by country"),
        description="Sums of the bilateral flow estimates for each country: people estimated to "
        "have arrived, left, and the difference, per five-year period and sex.",
        columns=(
            COUNTRY,
            _c("period", "string", "Five-year period"),
            SEX_COLUMN,
            _c("inflow", "number", "Sum of estimated flows into the country", "persons"),
            _c("outflow", "number", "Sum of estimated flows out of the country", "persons"),
            _c("net", "number", "inflow - outflow", "persons"),
            _c("modelled", "boolean", "Always true"),
        ),
        filters=(Filter("country", "country", "iso3"), Filter("period", "period", "choice"), SEX),
        sources=("abel_cohen_flows",),
        notes=("Computed by migdash from the bilateral estimates.",),
        sort=("country", "period", "sex"),
        key=("country", "period", "sex"),
    ),
    Dataset(
        name="net-migration",
        table="net_migration",
        title=N_("Net migration by country and year"),
        description="Net number of migrants (immigrants minus emigrants) per year, from UN World "
        "Population Prospects 2024.",
        columns=(
            COUNTRY,
            YEAR,
            _c("net_migration", "number", "Net number of migrants, rounded to 1,000 by WPP", "persons"),
            _c("projected", "boolean", "True for 2024, a medium-variant projection"),
        ),
        filters=(Filter("country", "country", "iso3"), Filter("year", "year", "year")),
        sources=("wpp2024_net_migration",),
        notes=("WPP 2024 estimates run to 2023; 2024 is projected.",),
        sort=("country", "year"),
        key=("country", "year"),
    ),
    Dataset(
        name="remittances-country",
        table="remittances_country",
        title=N_("Remittances received and paid, by country"),
        description="Personal remittances received and paid (current US$) and remittances received as a share of GDP.",
        columns=(
            COUNTRY,
            YEAR,
            _c(
                "inflow_usd",
                "number",
                "Personal remittances, received (BX.TRF.PWKR.CD.DT, WDI 2025-07-01)",
                "current US$",
            ),
            _c(
                "outflow_usd",
                "number",
                "Personal remittances, paid (BM.TRF.PWKR.CD.DT, via IOM GDI, to 2023)",
                "current US$",
            ),
            _c(
                "gdp_usd", "number", "GDP (NY.GDP.MKTP.CD, WDI release after 2025-07-01, for every year)", "current US$"
            ),
            _c(
                "inflow_pct_gdp",
                "number",
                "Remittances received as a share of GDP: inflow_usd / gdp_usd x 100 of the "
                "same row (BX.TRF.PWKR.DT.GD.ZS as the World Bank defines it), computed by migdash",
                "%",
            ),
        ),
        filters=(Filter("country", "country", "iso3"), Filter("year", "year", "year")),
        sources=("wdi_remittances_received", "gdi_wdi", "wdi_gdp", "wdi_country_metadata"),
        notes=(
            "World Bank aggregates (regions, income groups) are not in this table: see remittances-aggregates.",
            (
                "Share of GDP: one rule for every country and year, inflow_usd / gdp_usd x 100. "
                "The World Bank's own share divides each release's inflow by the same release's "
                "GDP; no file we read has the GDP of the 2025-07-01 release, so the share divides "
                "that inflow by the GDP of the next release we have, the same one for every year. "
                "The share published in 2023-05 is not used: it divided older inflows by older GDP."
            ),
            (
                "Remittances paid come from IOM GDI's WDI extract (values to 2023), a WDI release "
                "earlier than 2025-07-01: one release for the whole series."
            ),
        ),
        sort=("country", "year"),
        key=("country", "year"),
    ),
    Dataset(
        name="remittances-aggregates",
        table="remittances_aggregates",
        title=N_("Remittances by region, income group and for the world"),
        description="Remittances received and paid summed over the member countries of each "
        "area, and received as a share of the members' GDP.",
        columns=(
            _c("area", "string", "Area code (see areas)"),
            _c("kind", "string", "Kind of area"),
            YEAR,
            _c("inflow_usd", "number", "Sum of members' remittances received", "current US$"),
            _c("outflow_usd", "number", "Sum of members' remittances paid", "current US$"),
            _c(
                "inflow_pct_gdp",
                "number",
                "Sum of inflows / sum of GDP x 100 over the members reporting both "
                "(inflow_pct_gdp_countries; the others are in inflow_pct_gdp_left_out): a GDP-weighted average",
                "%",
            ),
            *COVERAGE_COLUMNS,
            _c("outflow_usd_countries", "integer", "Members with remittances paid"),
            _c(
                "inflow_pct_gdp_countries",
                "integer",
                "Members in the share of GDP (those with both remittances received and GDP)",
            ),
            _c(
                "inflow_pct_gdp_weight_pct",
                "number",
                "Their share of the GDP of the members reporting a GDP; below 66.7 the share of GDP "
                "is withheld (empty when fewer than two thirds report a GDP)",
                "%",
            ),
            _c(
                "inflow_pct_gdp_left_out",
                "string",
                "Members not in the share of GDP (no remittances received or no GDP that year), ISO3 "
                "codes separated by "
                "spaces; empty when none is left out",
            ),
        ),
        filters=(Filter("area", "area", "area"), Filter("year", "year", "year")),
        sources=("wdi_remittances_received", "gdi_wdi", "wdi_gdp", "wdi_country_metadata"),
        notes=(
            "Computed by migdash from country rows, not taken from World Bank aggregates.",
            (
                "Sums follow the World Bank's rule for group sums: withheld when fewer than two thirds "
                "of the members report (countries / members). The share of GDP is withheld on the "
                "same rule (inflow_pct_gdp_countries / members) and on its rule for weighted "
                "averages: when the members reporting both hold less than two thirds of the GDP of "
                "the members reporting a GDP, or fewer than two thirds of the members report a GDP."
            ),
            (
                "Kosovo (XKX), which UN M49 counts within Serbia, is a member of Europe and Southern "
                "Europe here: the World Bank reports its remittances apart from Serbia's."
            ),
        ),
        sort=("area", "year"),
        key=("area", "year"),
    ),
    Dataset(
        name="remittances-bilateral",
        table="remittances_bilateral",
        title=N_("Estimated remittances between countries (KNOMAD bilateral matrices)"),
        description="Modelled remittance flows from each sending to each receiving country, "
        "for 2017 and 2021, in current US$.",
        columns=(
            _c("sender", "string", "ISO3 code of the sending country"),
            _c("receiver", "string", "ISO3 code of the receiving country"),
            YEAR,
            _c("usd", "number", "Estimated remittances (the matrices are in US$ million)", "current US$"),
            _c("modelled", "boolean", "Always true: estimates from migrant stocks and incomes"),
        ),
        filters=(
            Filter("sender", "sender", "iso3"),
            Filter("receiver", "receiver", "iso3"),
            Filter("year", "year", "year"),
        ),
        sources=("knomad_remittance_matrix_2017", "knomad_remittance_matrix_2021"),
        notes=(
            "Empty cells in the matrices are not listed (no estimate).",
            "KNOMAD assumes some corridors to be zero (e.g. India-Pakistan in 2021).",
            "The 2017 matrix writes zeros where 2021 leaves cells empty.",
        ),
        sort=("sender", "receiver", "year"),
        key=("sender", "receiver", "year"),
    ),
    Dataset(
        name="remittance-costs",
        table="remittance_costs",
        title=N_("Cost of sending remittances by corridor (SDG 10.c.1)"),
        description="Average total cost of sending US$200 from one country to another, as a "
        "share of the amount sent, by quarter. SDG target 10.c: by 2030, an average cost below 3 % "
        "and no corridor above 5 %.",
        columns=(
            _c("sender", "string", "ISO3 code of the sending country"),
            _c("receiver", "string", "ISO3 code of the receiving country"),
            _c("period", "string", "Quarter, e.g. 2020Q3 (semi-annual before 2013)"),
            _c("cost_pct", "number", "Average total cost of sending US$200", "% of amount sent"),
        ),
        filters=(
            Filter("sender", "sender", "iso3"),
            Filter("receiver", "receiver", "iso3"),
            Filter("period", "period", "choice"),
        ),
        sources=("rpw_corridors",),
        notes=(
            "A few costs are negative as published (exchange-rate margin in the sender's favour).",
            (
                "The World Bank stopped surveying some corridors: 10 of the 377 corridors were last "
                "surveyed in 2011-2015, the others in 2020Q3. Compare corridors of the same quarter."
            ),
        ),
        sort=("sender", "receiver", "period"),
        key=("sender", "receiver", "period"),
    ),
    Dataset(
        name="remittance-corridors",
        table="remittance_corridors",
        title=N_("Remittance corridors with their volume and cost (the savings calculator's inputs)"),
        description="Every corridor sending remittances to a country, with KNOMAD's modelled "
        "volume (the latest matrix that estimates the receiver) and the corridor's latest "
        "surveyed cost of sending US$200 (Remittance Prices Worldwide), empty where the corridor "
        "was never surveyed.",
        columns=(
            _c("receiver", "string", "ISO3 code of the receiving country"),
            _c("sender", "string", "ISO3 code of the sending country"),
            _c("year", "integer", "Year of the KNOMAD bilateral matrix (the latest with an estimate for the receiver)"),
            _c("usd", "number", "Estimated remittances in the corridor (KNOMAD, modelled)", "current US$"),
            _c("modelled", "boolean", "Always true: KNOMAD's estimates from migrant stocks and incomes"),
            _c("period", "string", "Quarter of the corridor's latest cost survey; empty: never surveyed"),
            _c("cost_pct", "number", "Average total cost of sending US$200 at that survey", "% of amount sent"),
        ),
        filters=(Filter("receiver", "receiver", "iso3"), Filter("sender", "sender", "iso3")),
        sources=("knomad_remittance_matrix_2021", "knomad_remittance_matrix_2017", "rpw_corridors"),
        notes=(
            "Only corridors with a positive KNOMAD estimate are listed.",
            (
                "An empty cost is an unknown cost: the savings calculator counts its volume as unknown, "
                "never as zero saving."
            ),
        ),
        sort=("receiver", "sender"),
        key=("receiver", "sender"),
    ),
    Dataset(
        name="refugees",
        table="refugees",
        title=N_("Forcibly displaced people by country of asylum and origin"),
        description="Refugees, asylum-seekers, returnees, internally displaced and stateless "
        "people at year end, by country of asylum and country of origin.",
        columns=(
            _c("asylum", "string", "ISO3 code of the country of asylum"),
            _c("origin", "string", "ISO3 code of the country of origin (STL stateless, TIB Tibetan)"),
            YEAR,
            _c("group", "string", "refugee, asylum, refugee return, idp, idp return, stateless or other"),
            _c("persons", "number", "Number of people", "persons"),
        ),
        filters=(
            Filter("asylum", "asylum", "iso3"),
            Filter("origin", "origin", "iso3"),
            Filter("year", "year", "year"),
            Filter("group", "group", "choice"),
        ),
        sources=("unhcr",),
        notes=(
            "2024 values are probably mid-year (downloaded in September 2024).",
            "Serbia and Kosovo are reported as one entity.",
        ),
        sort=("asylum", "origin", "year", "group"),
        key=("asylum", "origin", "year", "group"),
    ),
    Dataset(
        name="edition-revisions",
        table="edition_revisions",
        title=N_("Revisions between editions: IMS 2020 and 2024, WDI remittances of 2023 and 2025"),
        description="For each series two editions of one source give (immigrants and emigrants in "
        "UN DESA's International Migrant Stock 2020 and 2024; remittances received in the World "
        "Bank's WDI releases of 2023-05-10 and 2025-07-01), each country and aggregate and each year "
        "both editions cover: the value in each edition and the revision. Aggregates sum the same "
        "members in both editions: those present in both.",
        columns=(
            _c("series", "string", "immigrants, emigrants (both sexes) or remittances_received"),
            _c("code", "string", "ISO3 code of the country, or area code of an aggregate (see areas)"),
            _c("kind", "string", "country, or the kind of area (world, m49_region, m49_subregion, ...)"),
            YEAR,
            _c("earlier_edition", "string", "The earlier edition: IMS 2020, or the WDI release of 2023-05-10"),
            _c("earlier_value", "number", "Value in the earlier edition; empty: not in it", "persons or current US$"),
            _c("later_edition", "string", "The later edition: IMS 2024, or the WDI release of 2025-07-01"),
            _c("later_value", "number", "Value in the later edition; empty: not in it", "persons or current US$"),
            _c("revision", "number", "later_value - earlier_value", "persons or current US$"),
            _c("revision_pct", "number", "revision / earlier_value x 100", "%"),
            _c(
                "status",
                "string",
                "revised, unchanged, not_in_earlier or not_in_later (a value one edition lacks: "
                "never 0); aggregates: withheld when too few members are present in both",
            ),
            _c("countries", "integer", "Aggregates: members with a value in both editions (those summed)"),
            _c("members", "integer", "Aggregates: members of the area that either edition covers"),
            _c("coverage_pct", "number", "countries / members x 100; below 66.7 the sums are withheld", "%"),
        ),
        filters=(
            Filter("series", "series", "choice", ("immigrants", "emigrants", "remittances_received")),
            Filter("code", "code", "area"),
            Filter("year", "year", "year"),
            Filter("status", "status", "choice"),
        ),
        sources=("ims2020_bilateral", "ims2024_bilateral", "wdi_remittances_received_2023", "wdi_remittances_received"),
        notes=(
            "Each edition's immigrants and emigrants are derived by the same rule from its own bilateral "
            "table (sum over origins; sum over destinations), both sexes = female + male.",
            "Aggregates sum, in both editions, only the members with a value in both, so a revision is "
            "never a change of who is counted; countries says how many.",
            "Remittances: each release's economies, as its own country metadata lists them.",
        ),
        sort=("series", "code", "year"),
        key=("series", "code", "year"),
    ),
    Dataset(
        name="sdg-indicators",
        table="sdg_indicators",
        title=N_("Migration-related SDG indicators by country (10.c.1, 10.7.4, 17.3.2 and context)"),
        description="For each country and indicator: the latest value and its period, the value "
        "of 2015 (the 2030 Agenda's baseline) or of the first period after it, the change, the "
        "target where the SDG framework sets a number, and the status by the rule of /sdg "
        "(met, on_track, off_track, no_target). A country without a value has no row: no data, "
        "never zero.",
        columns=(
            COUNTRY,
            _c(
                "indicator",
                "string",
                "10.c.1 remittance costs, 10.7.4 refugees by origin, 17.3.2 remittances as % of GDP; "
                "immigrants and emigrants as % of the population (context)",
            ),
            _c("value", "number", "Latest value (10.7.4: per 100,000 population; the others: %)"),
            _c("period", "string", "Period of the latest value: a year, or a quarter such as 2020Q3 (10.c.1)"),
            _c("baseline_value", "number", "Value in 2015, or in the first period after it with one"),
            _c("baseline_period", "string", "Period of the baseline value; empty when it is the latest"),
            _c("change", "number", "value - baseline_value (percentage points; 10.7.4: per 100,000)"),
            _c("target", "number", "Numeric target (10.c.1: an average below 3 %); empty where there is none", "%"),
            _c("corridors", "integer", "10.c.1: corridors to and from the country surveyed in the latest quarter"),
            _c("corridors_above_5", "integer", "10.c.1: of them, corridors costing more than 5 %"),
            _c("status", "string", "met, on_track, off_track or no_target (rule: /sources#method-sdg-status)"),
        ),
        filters=(Filter("country", "country", "iso3"), Filter("indicator", "indicator", "choice")),
        sources=("rpw_corridors", "unhcr", "gdi_wdi", "wdi_remittances_received", "wdi_gdp", "ims2024_bilateral"),
        notes=(
            "10.c.1: simple mean of the country's corridor costs (to it and from it) in its latest "
            "surveyed quarter; Remittance Prices Worldwide corridors end in 2020Q3.",
            "10.7.4: UNHCR refugees by country of origin / (UN WPP 2024 population + those refugees) x "
            "100,000; other people in need of international protection are not in the UNHCR file we read.",
            "Immigrants and emigrants as % of population: International Migrant Stock 2024 only.",
        ),
        sort=("country", "indicator"),
        key=("country", "indicator"),
    ),
)


# Programme datasets: derived tables of the programme store (programme.derived_tables); their
# stored columns are described once, in programme.schema.
_SCHEMA_TYPES = {"integer": "integer", "number": "number", "bool": "boolean"}


def _programme_columns(sheet: str, *names: str) -> tuple[Column, ...]:
    fields = {f.name: f for f in SHEETS_BY_NAME[sheet].fields}
    return tuple(
        Column(name, _SCHEMA_TYPES.get(fields[name].type, "string"), fields[name].description, fields[name].unit)
        for name in names
    )


PROGRAMME_COUNTRY = Filter("country", "country", "iso3")
AREA = _c(
    "area", "string", "Result area: coordination, policy, data, capacity or unct (of the result the row contributes to)"
)
DEMO = _c("demo_data", "boolean", "true when the row is demo data, generated and illustrative only")
PROGRAMME_NOTE = (
    "Programme monitoring data of the IOM-UNDP programme, as published by the programme "
    "team; see data_version, programme_version and demo in the metadata.",
)


def _programme_dataset(**fields) -> Dataset:
    """A dataset read from the programme store, with the programme's note and no build source."""
    return Dataset(sources=(), notes=PROGRAMME_NOTE, store="programme", **fields)


PROGRAMME_DATASETS: tuple[Dataset, ...] = (
    _programme_dataset(
        name="programme-indicators",
        table="indicators",
        title="Programme indicators with progress and status",
        description="Every indicator of the programme's results framework, with its baseline, "
        "target, latest actual value, progress toward the target and status against the time "
        "elapsed (rules: programme.scoring).",
        columns=(
            _c("country", "string", "ISO3 code of the participating country"),
            *_programme_columns("indicators", "indicator_id", "name", "unit", "direction"),
            _c("result_id", "string", "The result the indicator measures"),
            _c("result_level", "string", "outcome or output"),
            _c("result_statement", "string", "The result, as worded in the results framework"),
            _c("outcome_id", "string", "The outcome the result belongs to"),
            AREA,
            _c("gcm_objectives", "string", "Global Compact for Migration objectives, ;-separated (with the outcome's)"),
            _c("sdg_targets", "string", "SDG targets, ;-separated (with the outcome's)"),
            *_programme_columns("indicators", "baseline_value", "baseline_year", "target_value", "target_year"),
            _c("latest_period", "string", "Latest reporting period with a value for both sexes"),
            _c("latest_value", "number", "Latest actual value, both sexes", "unit of the indicator"),
            _c("latest_female", "number", "Latest actual value for women, where reported", "unit of the indicator"),
            _c("latest_male", "number", "Latest actual value for men, where reported", "unit of the indicator"),
            _c("values_reported", "integer", "Number of periods with a value for both sexes"),
            _c("progress", "number", "(latest - baseline) / (target - baseline), capped to 0-1", "share (0-1)"),
            _c("expected", "number", "Share of the baseline-to-target time elapsed at the as-of date", "share (0-1)"),
            _c("status", "string", "on_track, at_risk, off_track or no_data"),
            *_programme_columns("indicators", "means_of_verification"),
            DEMO,
        ),
        filters=(PROGRAMME_COUNTRY, Filter("area", "area", "choice"), Filter("status", "status", "choice")),
    ),
    _programme_dataset(
        name="programme-indicator-values",
        table="values",
        title="Programme indicator values by period",
        description="Every reported value of every programme indicator, by quarter and sex, with "
        "its means of verification.",
        columns=(
            _c("country", "string", "ISO3 code of the participating country"),
            *_programme_columns("indicator_values", "indicator_id"),
            *_programme_columns("indicators", "name", "unit"),
            *_programme_columns("indicator_values", "period", "sex", "value", "means_of_verification"),
            DEMO,
        ),
        filters=(
            PROGRAMME_COUNTRY,
            Filter("indicator", "indicator_id", "choice"),
            Filter("sex", "sex", "choice", ("total", "female", "male")),
        ),
    ),
    _programme_dataset(
        name="programme-activities",
        table="activities",
        title="Programme activities, budget and expenditure",
        description="Activities of the programme's work plans with dates, status, lead agency, "
        "budget and expenditure in US$.",
        columns=(
            *_programme_columns("activities", "country", "activity_id", "result_id"),
            AREA,
            *_programme_columns(
                "activities",
                "title",
                "start_date",
                "end_date",
                "status",
                "percent_complete",
                "lead_agency",
                "budget_usd",
                "expenditure_usd",
            ),
            _c("execution", "number", "expenditure_usd / budget_usd", "share (0-1)"),
            DEMO,
        ),
        filters=(PROGRAMME_COUNTRY, Filter("area", "area", "choice"), Filter("status", "status", "choice")),
    ),
    _programme_dataset(
        name="programme-milestones",
        table="milestones",
        title="Programme milestones",
        description="Milestones such as a coordination mechanism established or a policy adopted, "
        "with planned and achieved dates and a link to the evidence.",
        columns=(
            *_programme_columns("milestones", "country", "milestone_id", "result_id"),
            AREA,
            *_programme_columns("milestones", "type", "title", "planned_date", "achieved_date", "evidence_url"),
            _c("overdue", "boolean", "Not achieved and planned before the as-of date"),
            DEMO,
        ),
        filters=(PROGRAMME_COUNTRY, Filter("type", "type", "choice")),
    ),
    _programme_dataset(
        name="programme-capacity",
        table="capacity_events",
        title="Programme capacity building",
        description="Trainings, workshops, study visits and peer exchanges: participants, of "
        "whom women, and institutions represented.",
        columns=(
            *_programme_columns("capacity_events", "country", "event_id", "result_id"),
            AREA,
            *_programme_columns("capacity_events", "date", "type", "title", "participants", "women"),
            _c("women_share", "number", "women / participants", "share (0-1)"),
            *_programme_columns("capacity_events", "institutions"),
            DEMO,
        ),
        filters=(PROGRAMME_COUNTRY, Filter("type", "type", "choice")),
    ),
)

DATASETS = DATASETS + PROGRAMME_DATASETS
DATASETS_BY_NAME = {dataset.name: dataset for dataset in DATASETS}
