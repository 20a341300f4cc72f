"""Write var/test-sources/: a small synthetic source directory for the fast test tier.

Every file declared in data.sources, at its path, in its publisher's layout (the columns,
header rows, sheet names and quirks data/readers.py checks), so the build reads it as it reads
the real files. The numbers are random (fixed seed) and describe nothing real: only the
country codes, their UN M49 sub-regions (the public M49 standard) and the file layouts are
real. Bilateral files cover a few countries; the tables that readers require to list every
country (IMS 2020 destination, WDI) list every M49 country.

`make test-fast` runs it when this file changed (`python -m tests.make_sources [FOLDER]`). Like
every source directory, its output is never committed: it is made here, in a staging folder
renamed into place, so a test run never reads half of it.
"""

from __future__ import annotations

import csv
import gzip
import io
import shutil
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pycountry

from data.countries import INCOME_GROUPS, M49_NAMES, PROGRAMME_COUNTRIES
from data.readers import IMS2020_YEARS, IMS_YEARS
from data.sources import SOURCES_BY_KEY

TARGET = Path(__file__).resolve().parent.parent / "var" / "test-sources"
_writing = TARGET  # the staging folder main() is filling
SEED = 15

# UN M49: region -> sub-region -> members (Northern America is its own sub-region; 830 is the
# Channel Islands, which UN DESA reports as one area).
M49 = {
    903: {
        910: "BDI COM DJI ERI ETH KEN MDG MWI MUS MYT MOZ REU RWA SYC SOM SSD UGA TZA ZMB ZWE",
        911: "AGO CMR CAF TCD COG COD GNQ GAB STP",
        912: "DZA EGY LBY MAR SDN TUN ESH",
        913: "BWA SWZ LSO NAM ZAF",
        914: "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SHN SEN SLE TGO",
    },
    935: {
        5500: "KAZ KGZ TJK TKM UZB",
        906: "CHN HKG MAC PRK JPN MNG KOR",
        920: "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM",
        5501: "AFG BGD BTN IND IRN MDV NPL PAK LKA",
        922: "ARM AZE BHR CYP GEO IRQ ISR JOR KWT LBN OMN QAT SAU PSE SYR TUR ARE YEM",
    },
    908: {
        923: "BLR BGR CZE HUN POL MDA ROU RUS SVK UKR",
        924: "CHI DNK EST FRO FIN ISL IRL IMN LVA LTU NOR SWE GBR",
        925: "ALB AND BIH HRV GIB GRC VAT ITA MLT MNE MKD PRT SMR SRB SVN ESP",
        926: "AUT BEL FRA DEU LIE LUX MCO NLD CHE",
    },
    904: {
        915: "AIA ATG ABW BHS BRB VGB BES CYM CUB CUW DMA DOM GRD GLP HTI JAM MTQ MSR PRI KNA LCA VCT SXM TTO TCA VIR",
        916: "BLZ CRI SLV GTM HND MEX NIC PAN",
        931: "ARG BOL BRA CHL COL ECU FLK GUF GUY PRY PER SUR URY VEN",
    },
    905: {905: "BMU CAN GRL SPM USA"},
    909: {
        927: "AUS NZL",
        928: "FJI NCL PNG SLB VUT",
        954: "GUM KIR MHL FSM NRU MNP PLW",
        957: "ASM COK PYF NIU WSM TKL TON TUV WLF",
    },
}
INCOME_ROWS = {1503: "High-income countries", 1502: "Upper-middle-income countries"}
INCOME_ROWS |= {1501: "Lower-middle-income countries", 1500: "Low-income countries"}
# The countries of the bilateral files: the programme's and a few partners of theirs.
FOCUS = (*PROGRAMME_COUNTRIES, "USA", "DEU", "ITA", "FRA", "ESP", "GBR", "RUS", "UKR", "ROU", "TUR", "SAU", "CHN")
# Areas the World Bank lists apart that UN M49 does not (population parts of SRB and CHI).
WB_ONLY = ("XKX", "GGY", "JEY")
WB_REGION = {  # a plausible World Bank region per M49 sub-region
    **dict.fromkeys((910, 911, 913, 914), "Sub-Saharan Africa"),
    **dict.fromkeys((912, 922), "Middle East, North Africa, Afghanistan & Pakistan"),
    **dict.fromkeys((5500, 923, 924, 925, 926), "Europe & Central Asia"),
    **dict.fromkeys((906, 920, 927, 928, 954, 957), "East Asia & Pacific"),
    5501: "South Asia",
    **dict.fromkeys((915, 916, 931), "Latin America & Caribbean"),
    905: "North America",
}
NOT_WB_ECONOMIES = {"ESH", "SHN", "FLK", "GUF", "GLP", "MTQ", "MYT", "REU", "BES", "SPM", "TKL", "NIU", "COK", "WLF"}
NOT_WB_ECONOMIES |= {"VAT", "AIA", "MSR", "MNP"}


def members() -> dict[str, tuple[int, int]]:
    """ISO3 -> (region, sub-region)."""
    return {
        iso3: (region, sub) for region, subs in M49.items() for sub, codes in subs.items() for iso3 in codes.split()
    }


def name(iso3: str) -> str:
    if iso3 == "CHI":
        return "Channel Islands"
    if iso3 == "XKX":
        return "Kosovo"
    return pycountry.countries.get(alpha_3=iso3).name


def numeric_code(iso3: str) -> int:
    return 830 if iso3 == "CHI" else int(pycountry.countries.get(alpha_3=iso3).numeric)


def write_csv(path: Path, header, rows, bom: bool = False, preamble: str = "", trailing_comma: bool = False) -> None:
    buffer = io.StringIO()
    buffer.write(preamble)
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL if trailing_comma else csv.QUOTE_MINIMAL, lineterminator="")
    for row in [header, *rows]:
        writer.writerow(row)
        buffer.write(",\n" if trailing_comma else "\n")
    data = ("\ufeff" if bom else "") + buffer.getvalue()
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data.encode(), mtime=0))
    else:
        path.write_text(data, encoding="utf-8")


def path(key: str) -> Path:
    target = _writing / SOURCES_BY_KEY[key].path
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def ims2024(rng) -> None:
    rows = []
    for geo in FOCUS:
        for origin in FOCUS:
            if origin == geo or rng.random() < 0.2:  # an absent pair: no estimate, not zero
                continue
            for year in IMS_YEARS:
                flags = rng.integers(0, 2, 4)
                for sex in ("female", "male"):
                    rows.append([geo, year, origin, sex, int(rng.integers(0, 200_000)), *flags])
    write_csv(path("ims2024_bilateral"), ["geo", "t", "from", "sex", "n", "type_b", "type_c", "type_r", "type_i"], rows)


# A country IMS 2020 leaves out (as the real edition leaves out Taiwan): its revisions are
# missing in the earlier edition, never 0.
NOT_IN_IMS2020 = "SAU"


def ims2020_bilateral(rng) -> None:
    """IMS 2020 in IOM GDI's layout (as IMS 2024's), gzipped, without NOT_IN_IMS2020."""
    rows = []
    focus = [code for code in FOCUS if code != NOT_IN_IMS2020]
    for geo in focus:
        for origin in focus:
            if origin == geo or rng.random() < 0.2:
                continue
            for year in IMS2020_YEARS:
                flags = rng.integers(0, 2, 4)
                for sex in ("female", "male"):
                    rows.append([geo, year, origin, sex, int(rng.integers(0, 200_000)), *flags])
    header = ["geo", "t", "from", "sex", "n", "type_b", "type_c", "type_r", "type_i"]
    write_csv(path("ims2020_bilateral"), header, rows)


def wdi_2023(rng) -> None:
    """WDI's API Excel download of 2023-05-10 (sheets Data, Metadata - Countries, Metadata -
    Indicators). The real file is a legacy .xls; no writer of that format is installed, so this
    one is an .xlsx workbook under the .xls name (pandas reads either by its content; the real
    file is read through xlrd by the real-data tier)."""
    book = openpyxl.Workbook()
    data = book.active
    data.title = "Data"
    data.append(["Data Source", "World Development Indicators"])
    data.append(["Last Updated Date", "2023-05-10"])
    data.append([])
    years = list(range(1960, 2023))
    data.append(["Country Name", "Country Code", "Indicator Name", "Indicator Code", *(str(y) for y in years)])
    codes = economies()
    for country in [*codes, "WLD"]:
        values = [
            round(float(rng.uniform(1e6, 5e10)), 3) if year >= 1990 and rng.random() > 0.05 else None for year in years
        ]
        label = "World" if country == "WLD" else name(country)
        data.append([label, country, "Personal remittances, received (current US$)", "BX.TRF.PWKR.CD.DT", *values])
    meta = book.create_sheet("Metadata - Countries")
    meta.append(["Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName"])
    place = members()
    for code in codes:
        meta.append(
            [code, WB_REGION[place[code][1]] if code in place else "Europe & Central Asia", None, None, name(code)]
        )
    meta.append(["WLD", None, None, "World aggregate", "World"])
    book.create_sheet("Metadata - Indicators").append(["INDICATOR_CODE", "INDICATOR_NAME", "SOURCE_NOTE"])
    book.save(path("wdi_remittances_received_2023"))


def ims2020(rng) -> None:
    """Tables 1-4 of UN DESA's destination workbook: stock, population (thousands), stock as %
    of population, and women's share of the stock, each by sex (Table 4: both sexes)."""
    place = members()
    stock = {iso3: rng.integers(1_000, 3_000_000, (3, len(IMS2020_YEARS))).astype(float) for iso3 in place}
    for values in stock.values():
        values[0] = values[1] + values[2]  # both sexes = males + females, as published
    population = {iso3: stock[iso3] / rng.uniform(0.01, 0.3) / 1000 for iso3 in place}  # thousands

    def total(codes):
        return sum(stock[c] for c in codes), sum(population[c] for c in codes)

    everyone = list(place)
    lines = [("WORLD", 900, "", *total(everyone))]
    for code, label in INCOME_ROWS.items():
        lines.append((label, code, "", *total(everyone[code - 1500 :: 4])))
    for region, subs in M49.items():
        region_members = [c for c in everyone if place[c][0] == region]
        lines.append((M49_NAMES[region].upper(), region, "", *total(region_members)))
        for sub, codes in subs.items():
            if sub != region:
                lines.append((M49_NAMES[sub], sub, "", *total(codes.split())))
            for iso3 in codes.split():
                data_type = str(rng.choice(["B", "B R", "C", "C R", "I R"]))
                lines.append((name(iso3), numeric_code(iso3), data_type, stock[iso3], population[iso3]))

    book = openpyxl.Workbook()
    book.active.title = "Table of contents"
    titles = {
        1: "International migrant stock at mid-year",
        2: "Total population at mid-year (thousands)",
        3: "International migrant stock as a percentage of the total population",
        4: "Female migrants as a percentage of the international migrant stock",
    }
    for number, title in titles.items():
        ws = book.create_sheet(f"Table {number}")
        ws["E2"] = "International Migrant Stock 2020: Destination (synthetic test data)"
        ws["E3"] = f"Table {number}: {title}"
        blocks = 1 if number == 4 else 3
        for _ in range(7):  # the header is on row 11, as UN DESA's
            ws.append([])
        header = [None, "Region, development group, country or area", "Notes", "Location code", "Type of data"]
        ws.append(header + [year for _ in range(blocks) for year in IMS2020_YEARS])
        for index, (label, code, data_type, stocks, people) in enumerate(lines, start=1):
            if number == 1:
                values = stocks
            elif number == 2:
                values = people
            elif number == 3:
                values = stocks / (people * 1000) * 100
            else:
                values = stocks[2:3] / stocks[0] * 100
            ws.append([index, f"  {label}", None, code, data_type, *values[:blocks].ravel().round(3).tolist()])
    book.save(path("ims2020_destination"))


def economies() -> list[str]:
    return sorted({*members(), *WB_ONLY} - NOT_WB_ECONOMIES)


def wdi(rng) -> None:
    place = members()
    codes = economies()
    income = {code: (str(rng.choice(INCOME_GROUPS)) if rng.random() > 0.05 else "") for code in codes}
    region = {code: WB_REGION[place[code][1]] if code in place else "Europe & Central Asia" for code in codes}
    rows = [[code, region[code], income[code], "", name(code)] for code in codes]
    rows.append(["WLD", "", "", "World aggregate", "World"])
    write_csv(
        path("wdi_country_metadata"),
        ["Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName"],
        rows,
        bom=True,
        trailing_comma=True,
    )
    years = [str(year) for year in range(1960, 2025)]

    def indicator(key, code, label, low, high, preamble):
        rows = []
        for country in [*codes, "WLD"]:
            values = [""] * len(years)
            for i, year in enumerate(years):
                reported = int(year) >= 1990 and (int(year) < 2024 or rng.random() < 0.5)
                if reported and rng.random() > 0.05:
                    values[i] = f"{rng.uniform(low, high):.3f}"
            rows.append([name(country) if country != "WLD" else "World", country, label, code, *values])
        header = ["Country Name", "Country Code", "Indicator Name", "Indicator Code", *years]
        write_csv(path(key), header, rows, bom=True, preamble=preamble, trailing_comma=True)

    preamble = '"Data Source","World Development Indicators",\n\n"Last Updated Date","2025-07-01",\n\n'
    indicator(
        "wdi_remittances_received",
        "BX.TRF.PWKR.CD.DT",
        "Personal remittances, received (current US$)",
        1e6,
        5e10,
        preamble,
    )
    indicator("wdi_gdp", "NY.GDP.MKTP.CD", "GDP (current US$)", 1e9, 2e12, "")


def gdi_wdi(rng) -> None:
    rows = []
    for code in sorted({*members(), *WB_ONLY}):
        for year in range(1990, 2025):
            rows.append([code, "pop", year, round(rng.uniform(1e4, 1e8))])
            if code in economies() and rng.random() > 0.1:
                rows.append([code, "remout", year, round(rng.uniform(1e5, 1e10), 1)])
    write_csv(path("gdi_wdi"), ["geo", "var", "t", "v"], rows)


def flows(rng) -> None:
    header = ["year0", "year1", "orig_name", "orig_iso3", "orig_region", "dest_name", "dest_iso3", "dest_region"]
    header += ["flow_da_pb_closed", "flow_da_pb_closed_male", "flow_da_pb_closed_female"]
    rows = []
    for year0 in range(1990, 2020, 5):
        for origin in FOCUS:
            for destination in FOCUS:
                if origin != destination:
                    male, female = rng.integers(0, 50_000, 2)
                    total = int((male + female) * rng.uniform(0.9, 1.1))  # its own estimate
                    places = [name(origin), origin, "", name(destination), destination, ""]
                    rows.append([year0, year0 + 5, *places, total, male, female])
    write_csv(path("abel_cohen_flows"), header, rows)


def wpp(rng) -> None:
    rows, index = [], 0
    for code in sorted({*members(), *WB_ONLY} - {"CHI"}):
        for year in range(1990, 2025):
            rows.append([index, f"{year}.0", code, f"{rng.integers(-200, 200) * 1000}.0"])
            index += 1
    write_csv(path("wpp2024_net_migration"), ["", "Year", "Country ISO", "Net Number of Migrants"], rows)


def knomad(rng) -> None:
    for key, sheet, corner in (
        ("knomad_remittance_matrix_2021", "FINAL BRM 2021 ", "Remittance-receiving country (across) - sending (down)"),
        ("knomad_remittance_matrix_2017", "Bilateral_Remittances_2017", "receiving (across) / sending (down) "),
    ):
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = sheet
        ws.append(["Bilateral Remittance Estimates using Migrant Stocks (millions of US$) (synthetic test data)"])
        ws.append([corner, *(name(code) for code in FOCUS), "WORLD"])
        for sender in FOCUS:
            values = [
                None if receiver == sender else ("-" if rng.random() < 0.1 else round(rng.uniform(0, 3000), 2))
                for receiver in FOCUS
            ]
            ws.append([name(sender), *values, None])
        ws.append(["WORLD"])
        if key.endswith("2017"):
            book.create_sheet("remshare")
        book.save(path(key))


def rpw(rng) -> None:
    quarters = ["2011Q1", "2011Q3", "2012Q1", "2012Q3"]
    quarters += [f"{year}Q{q}" for year in range(2013, 2021) for q in range(1, 5) if (year, q) <= (2020, 3)]
    header = ["Sending Countries Name", "Sending Countries Code", "Series Name", "Series Code"]
    header += ["Receiving Countries  Name", "Receiving Countries  Code", *(f"{q} [YR{q}]" for q in quarters)]
    rows = []
    for sender in ("USA", "DEU", "ITA", "FRA", "ESP", "GBR", "RUS", "SAU"):
        for receiver in PROGRAMME_COUNTRIES:
            costs = [".." if rng.random() < 0.2 else f"{rng.uniform(1, 15):.6f}" for _ in quarters]
            rows.append([name(sender), sender, "Average Total Cost to remit in corridor", "ATCR.CORR"])
            rows[-1] += [name(receiver), receiver, *costs]
    blank = [""] * len(header)
    footer = [blank, blank, ["Data from database: Remittance Prices Worldwide (Corridors)", *blank[1:]]]
    write_csv(path("rpw_corridors"), header, rows + footer, bom=True)


def unhcr(rng) -> None:
    rows = []
    for geo in FOCUS:
        for origin in rng.choice([c for c in FOCUS if c != geo], 5, replace=False):
            for year in range(1990, 2025):
                for group in ("refugee", "asylum"):
                    if rng.random() > 0.3:
                        rows.append([geo, year, origin, group, int(rng.integers(1, 20_000))])
    write_csv(path("unhcr"), ["geo", "t", "from", "group", "n"], rows)


def main(target: Path = TARGET) -> None:
    global _writing
    _writing = target.with_name(target.name + ".partial")
    shutil.rmtree(_writing, ignore_errors=True)
    rng = np.random.default_rng(SEED)
    for write in (ims2024, ims2020, wdi, gdi_wdi, flows, wpp, knomad, rpw, unhcr, ims2020_bilateral, wdi_2023):
        write(rng)
    (_writing / "README.md").write_text(
        "Synthetic source files for the fast test tier, written by `python -m tests.make_sources`:\n"
        "the publishers' layouts with random numbers. Nothing here describes real migration.\n",
        encoding="utf-8",
    )
    shutil.rmtree(target, ignore_errors=True)
    _writing.rename(target)


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else TARGET)
