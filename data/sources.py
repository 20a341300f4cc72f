"""The official sources migdash is built from: one declaration per input file.

The build reads these files from the source directory (settings.source_dir) and records each
one's sha256 in its manifest; the footer, the sources page and every chart's caption take their
publisher, edition and licence from here, so a source is described once.
Each declaration carries the file's provenance (publisher, edition, licence, official page);
what a reader must know of the file's layout is in its reader's docstring (data/readers.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from i18n import N_


@dataclass(frozen=True)
class Source:
    key: str
    path: str  # relative to the source directory
    # publisher, name, title and edition are msgids (marked with N_), translated on display
    publisher: str
    name: str  # short name for footers and captions
    title: str
    edition: str
    licence: str
    licence_url: str
    url: str  # the publisher's download or landing page
    citation: str  # as the publisher asks to be cited: never translated (shown with lang="en")
    note: str = ""  # shown to users: modelled, projected, derived... (msgid, translated on display)
    # How `python -m data.fetch` refreshes the file (operators only, never translated): the
    # file's own URL at its publisher, and when that is a zip, the glob of the member that is
    # our file; or, for a file that cannot be fetched as it is, why it is refreshed by hand.
    download_url: str = ""
    zip_member: str = ""
    by_hand: str = ""


CC_BY_3_IGO = "https://creativecommons.org/licenses/by/3.0/igo/"
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
CC_BY_NC_3 = "https://creativecommons.org/licenses/by-nc/3.0/"

SOURCES: tuple[Source, ...] = (
    Source(
        key="ims2024_bilateral",
        path="un_desa_ims/iom_gdidata_undesa_stocks_2024.csv",
        publisher=N_("UN DESA Population Division"),
        name=N_("International Migrant Stock 2024"),
        title=N_("International Migrant Stock 2024"),
        edition=N_("2024 (January 2025 release), via IOM GDI gdidata"),
        licence="CC BY 3.0 IGO",
        licence_url=CC_BY_3_IGO,
        url="https://www.un.org/development/desa/pd/content/international-migrant-stock",
        citation="United Nations Department of Economic and Social Affairs, Population Division "
        "(2024). International Migrant Stock 2024.",
        note=N_("Both sexes = female + male. Absent pairs mean no estimate, not zero."),
        by_hand=(
            "a CSV conversion (pyreadr) of IOM GDI's gdidata data/undesa_stocks.rda: github.com/iom/gdidata "
            "publishes only the R data file, so convert it again and check it with `python -m data.build`; "
            "UN DESA's own undesa_pd_2024_ims_stock_by_sex_destination_and_origin.xlsx has another layout, "
            "which no reader reads"
        ),
    ),
    Source(
        key="ims2020_destination",
        path="un_desa_ims/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
        publisher=N_("UN DESA Population Division"),
        name=N_("International Migrant Stock 2020"),
        title=N_("International Migrant Stock 2020: Destination"),
        edition=N_("2020 (POP/DB/MIG/Stock/Rev.2020)"),
        licence="CC BY 3.0 IGO",
        licence_url=CC_BY_3_IGO,
        url="https://www.un.org/development/desa/pd/content/international-migrant-stock",
        citation="United Nations Department of Economic and Social Affairs, Population Division "
        "(2020). International Migrant Stock 2020.",
        download_url=(
            "https://www.un.org/development/desa/pd/sites/www.un.org.development.desa.pd/files/"
            "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
        ),
    ),
    Source(
        key="ims2020_bilateral",
        path="un_desa_ims/iom_gdidata_undesa_stocks_2020.csv.gz",
        publisher=N_("UN DESA Population Division"),
        name=N_("International Migrant Stock 2020"),
        title=N_("International Migrant Stock 2020: by destination and origin"),
        edition=N_("2020 (POP/DB/MIG/Stock/Rev.2020), via IOM GDI gdidata"),
        licence="CC BY 3.0 IGO",
        licence_url=CC_BY_3_IGO,
        url="https://www.un.org/development/desa/pd/content/international-migrant-stock",
        citation="United Nations Department of Economic and Social Affairs, Population Division "
        "(2020). International Migrant Stock 2020.",
        note=N_("Both sexes = female + male. Absent pairs mean no estimate, not zero."),
        by_hand=(
            "a CSV conversion (pyreadr) of IOM GDI's gdidata data/undesa_stocks_2020.rda: github.com/iom/gdidata "
            "publishes only the R data file (a past revision: it does not change)"
        ),
    ),
    Source(
        key="wdi_remittances_received",
        path="worldbank_wdi/api_csv/API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv",
        publisher=N_("World Bank"),
        name=N_("World Development Indicators"),
        title=N_("World Development Indicators: Personal remittances, received (current US$)"),
        edition=N_("WDI, updated 2025-07-01"),
        licence="CC BY 4.0",
        licence_url=CC_BY_4,
        url="https://data.worldbank.org/indicator/BX.TRF.PWKR.CD.DT",
        citation="World Bank, World Development Indicators, BX.TRF.PWKR.CD.DT (2025-07-01).",
        download_url="https://api.worldbank.org/v2/en/indicator/BX.TRF.PWKR.CD.DT?downloadformat=csv",
        zip_member="API_BX.TRF.PWKR.CD.DT_DS2_*.csv",
    ),
    Source(
        key="wdi_remittances_received_2023",
        path="worldbank_wdi/api_excel_2023-05-10/personal-remittances-received.xls",
        publisher=N_("World Bank"),
        name=N_("World Development Indicators"),
        title=N_("World Development Indicators: Personal remittances, received (current US$)"),
        edition=N_("WDI, updated 2023-05-10"),
        licence="CC BY 4.0",
        licence_url=CC_BY_4,
        url="https://data.worldbank.org/indicator/BX.TRF.PWKR.CD.DT",
        citation="World Bank, World Development Indicators, BX.TRF.PWKR.CD.DT (2023-05-10).",
        note=N_("An earlier release, compared with the current one; its economies are those of its own metadata."),
        by_hand=(
            "an earlier WDI release (2023-05-10), kept to compare with the current one: the API serves only the "
            "current release, so there is nothing to refresh"
        ),
    ),
    Source(
        key="wdi_country_metadata",
        path="worldbank_wdi/api_csv/Metadata_Country_API_BX.TRF.PWKR.CD.DT_DS2_en_csv_v2_38454.csv",
        publisher=N_("World Bank"),
        name=N_("World Development Indicators"),
        title=N_("World Development Indicators: country regions and income groups"),
        edition=N_("WDI, updated 2025-07-01"),
        licence="CC BY 4.0",
        licence_url=CC_BY_4,
        url="https://datahelpdesk.worldbank.org/knowledgebase/articles/906519",
        citation="World Bank, World Development Indicators, country metadata (2025-07-01).",
        download_url="https://api.worldbank.org/v2/en/indicator/BX.TRF.PWKR.CD.DT?downloadformat=csv",
        zip_member="Metadata_Country_API_BX.TRF.PWKR.CD.DT_DS2_*.csv",
    ),
    Source(
        key="wdi_gdp",
        path="worldbank_wdi/api_csv/API_NY.GDP.MKTP.CD_DS2_en_csv_v2_126992.csv",
        publisher=N_("World Bank"),
        name=N_("World Development Indicators"),
        title=N_("World Development Indicators: GDP (current US$)"),
        edition=N_("WDI, release after 2025-07-01"),
        licence="CC BY 4.0",
        licence_url=CC_BY_4,
        url="https://data.worldbank.org/indicator/NY.GDP.MKTP.CD",
        citation="World Bank, World Development Indicators, NY.GDP.MKTP.CD.",
        download_url="https://api.worldbank.org/v2/en/indicator/NY.GDP.MKTP.CD?downloadformat=csv",
        zip_member="API_NY.GDP.MKTP.CD_DS2_*.csv",
    ),
    Source(
        key="gdi_wdi",
        path="worldbank_wdi/iom_gdidata_derived/iom_gdidata_wdi.csv",
        publisher=N_("World Bank"),
        name=N_("World Development Indicators (IOM GDI extract)"),
        title=N_("Personal remittances, paid (WDI) and UN WPP 2024 population, as compiled by IOM GDI"),
        edition=N_("gdidata 2025-06 (values to 2023)"),
        licence="CC BY 4.0",
        licence_url=CC_BY_4,
        url="https://github.com/iom/gdidata",
        citation="IOM Global Data Institute, gdidata: wdi (World Bank WDI; UN WPP 2024 population).",
        by_hand=(
            "a CSV conversion (pyreadr) of IOM GDI's gdidata data/wdi.rda: github.com/iom/gdidata publishes "
            "only the R data file, so convert it again and check it with `python -m data.build`"
        ),
    ),
    Source(
        key="abel_cohen_flows",
        path="flows_abel/abel_cohen_2022_da_pb_closed_bilateral_flows_tidy.csv.gz",
        publisher=N_("Abel & Cohen"),
        name=N_("Bilateral migration flow estimates 2022"),
        title=N_(
            "Bilateral international migration flow estimates by sex (closed demographic accounting, pseudo-Bayesian)"
        ),
        edition=N_("2022 (based on IMS 2020)"),
        # What we serve are the values of the chord-diagram files of Guy Abel's visualisation
        # project (the figshare CSVs, CC BY 4.0, could not be obtained), and
        # that site states CC BY-NC 3.0: that is the licence of what we serve.
        licence="CC BY-NC 3.0",
        licence_url=CC_BY_NC_3,
        url="https://doi.org/10.6084/m9.figshare.12845711",
        citation="Abel, G.J. & Cohen, J.E. (2022). Bilateral international migration flow "
        "estimates updated and refined by sex. Scientific Data 9, 173.",
        note=N_(
            "Modelled estimates, not counts. Total is estimated separately from female "
            "and male. The values are those of the data files of Guy Abel's own online "
            "visualisation of these estimates, published under CC BY-NC 3.0 (non-commercial "
            "use); the original files on figshare are CC BY 4.0."
        ),
        by_hand=(
            "a tidy CSV made from the JSON files of Guy Abel's visualisation "
            "(github.com/X80110/migration-visualization, json/flow_da_pb_closed*.json): region rows dropped,"
            " ISO3 codes added (raw/SOURCES.md, 4a); the figshare CSVs have another layout"
        ),
    ),
    Source(
        key="wpp2024_net_migration",
        path="un_wpp/UN_WPP_2024_net_migration.csv",
        publisher=N_("UN DESA Population Division"),
        name=N_("World Population Prospects 2024"),
        title=N_("World Population Prospects 2024: net number of migrants"),
        edition=N_("WPP 2024 (estimates to 2023; 2024 medium-variant projection)"),
        licence="CC BY 3.0 IGO",
        licence_url=CC_BY_3_IGO,
        url="https://population.un.org/wpp/",
        citation="United Nations Department of Economic and Social Affairs, Population Division "
        "(2024). World Population Prospects 2024.",
        note=N_("2024 is a projection."),
        download_url=(
            "https://raw.githubusercontent.com/ThGaskin/Migration_flows/HEAD/Data/Net_migration/"
            "UN_WPP_2024_net_migration.csv"
        ),
    ),
    Source(
        key="knomad_remittance_matrix_2021",
        path="knomad/bilateral_remittance_matrix_2021.xlsx",
        publisher=N_("KNOMAD / World Bank"),
        name=N_("Bilateral Remittance Matrix 2021"),
        title=N_("Bilateral Remittance Matrix 2021"),
        edition=N_("December 2022 version"),
        licence="CC BY 4.0",
        licence_url=CC_BY_4,
        url="https://www.knomad.org/data/remittances",
        citation="KNOMAD/World Bank Bilateral Remittance Matrix 2021, December 2022.",
        note=N_("Modelled from migrant stocks and incomes, not reported flows."),
        download_url="https://www.knomad.org/sites/default/files/2022-12/bilateral_remittance_matrix_2021_0.xlsx",
    ),
    Source(
        key="knomad_remittance_matrix_2017",
        path="knomad/WB_Bilateral_Remittance_Estimates_2017.xlsx",
        publisher=N_("KNOMAD / World Bank"),
        name=N_("Bilateral Remittance Estimates 2017"),
        title=N_("Bilateral Remittance Estimates for 2017"),
        edition=N_("April 2018 version"),
        licence="CC BY 4.0",
        licence_url=CC_BY_4,
        url="https://www.knomad.org/data/remittances",
        citation="World Bank, Bilateral Remittance Estimates for 2017 (April 2018).",
        note=N_("Modelled from migrant stocks and incomes, not reported flows."),
        by_hand=(
            "no publisher URL is known for this edition (April 2018); the copy held comes from a third "
            "party's repository (hbenveniste/mig-fund), which added a sheet"
        ),
    ),
    Source(
        key="rpw_corridors",
        path="remittance_prices/36d1ed87-9a2d-41da-8eac-c1c25d45fa65_Data.csv",
        publisher=N_("World Bank"),
        name=N_("Remittance Prices Worldwide"),
        title=N_("Remittance Prices Worldwide (corridors): average total cost of sending US$200"),
        edition=N_("DataBank, updated 2020-12-07 (2011Q1-2020Q3)"),
        licence="CC BY 4.0",
        licence_url=CC_BY_4,
        url="https://remittanceprices.worldbank.org/",
        citation="World Bank, Remittance Prices Worldwide.",
        by_hand=(
            "a DataBank query export (the file is named after the query's id), which has no stable URL: "
            "export the query again at databank.worldbank.org/source/remittance-prices-worldwide-(corridors)"
        ),
    ),
    Source(
        key="unhcr",
        path="unhcr/iom_gdidata_unhcr.csv",
        publisher=N_("UNHCR"),
        name=N_("Refugee Data Finder"),
        title=N_("Refugee Data Finder: forcibly displaced populations by asylum and origin"),
        edition=N_("downloaded 2024-09-04 via IOM GDI gdidata (2024 values mid-year)"),
        licence="CC BY 4.0",
        licence_url=CC_BY_4,
        url="https://www.unhcr.org/refugee-statistics/download/",
        citation="UNHCR Refugee Data Finder.",
        by_hand=(
            "a CSV conversion (pyreadr) of IOM GDI's gdidata data/unhcr.rda: github.com/iom/gdidata "
            "publishes only the R data file, so convert it again and check it with `python -m data.build`"
        ),
    ),
)

SOURCES_BY_KEY = {source.key: source for source in SOURCES}


def publishers() -> list[tuple[str, list[Source]]]:
    """Sources grouped by publisher, in declaration order (for the footer)."""
    grouped: dict[str, list[Source]] = {}
    for source in SOURCES:
        grouped.setdefault(source.publisher, []).append(source)
    return list(grouped.items())
