"""One reader per official source file: read it as its publisher laid it out, check it, and
return a tidy frame with our column names and codes.

Each reader's docstring says what it reads and the quirks of its file that matter. Rules kept
throughout:
a value the publisher did not report stays missing (NaN), never 0; publisher aggregates
(World, regions, income groups) are dropped here, never passed on as countries; codes are
ISO 3166 alpha-3, with the few non-ISO areas mapped to one code each (data.countries).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from data.countries import CODE_ALIASES, SPECIAL_ORIGINS
from data.validate import (
    SourceError,
    numeric,
    require,
    require_columns,
    require_iso3,
    require_non_negative,
    require_unique,
)

IMS_YEARS = (1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024)
IMS2020_YEARS = (1990, 1995, 2000, 2005, 2010, 2015, 2020)


def _recode(values: pd.Series) -> pd.Series:
    return values.replace(CODE_ALIASES)


def _open(path: Path, reader, **kwargs) -> pd.DataFrame:
    if not path.is_file():
        raise SourceError(path, "file not found (is MIGDASH_SOURCE_DIR right?)")
    try:
        return reader(path, **kwargs)
    except SourceError:
        raise
    except Exception as error:  # noqa: BLE001 - the parser's own message says what it could not read
        raise SourceError(path, f"could not be read: {type(error).__name__}: {error}") from None


# --- UN DESA International Migrant Stock ---------------------------------------------------


def ims2024_bilateral(path: Path, years: tuple[int, ...] = IMS_YEARS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(stocks: destination, origin, year, sex, migrants; data types by destination and year).

    The file has female and male rows only; both sexes is their sum, added by the build.
    IOM GDI publishes IMS 2020 in the same layout (`ims2020_bilateral`, years 1990-2020).
    """
    raw = _open(path, pd.read_csv)
    require_columns(raw, path, ["geo", "t", "from", "sex", "n", "type_b", "type_c", "type_r", "type_i"])
    require(set(raw["sex"].unique()) <= {"female", "male"}, path, "sex must be female or male")
    require(set(raw["t"].unique()) <= set(years), path, f"years outside {years}")
    require_iso3(raw["geo"], path, "geo")
    require_iso3(raw["from"], path, "from")
    require(raw["n"].notna().all(), path, "empty migrant numbers")
    require_non_negative(raw["n"], path, "n")
    require_unique(raw, path, ["geo", "t", "from", "sex"])
    stocks = pd.DataFrame(
        {
            "destination": _recode(raw["geo"]),
            "origin": _recode(raw["from"]),
            "year": raw["t"].astype("int16"),
            "sex": raw["sex"],
            "migrants": raw["n"].astype("float64"),
        }
    )
    types = (
        raw.assign(geo=_recode(raw["geo"]))
        .groupby(["geo", "t"], as_index=False)[["type_b", "type_c", "type_r", "type_i"]]
        .max()
        .rename(columns={"geo": "country", "t": "year"})
    )
    return stocks, types


def ims2020_bilateral(path: Path) -> pd.DataFrame:
    """IMS 2020 by destination, origin, year and sex (IOM GDI's file, laid out as IMS 2024's):
    the stocks only, for comparing the two editions (data.tables.edition_revisions)."""
    stocks, _types = ims2024_bilateral(path, IMS2020_YEARS)
    return stocks


def ims2020_destination(path: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(published totals by destination: country, year, sex, immigrants, population,
    immigrants_pct_population, female_pct_immigrants, data_type; M49 geography of each
    country; UN DESA's own aggregate rows: location_code, label, year, sex, immigrants,
    population, immigrants_pct_population).

    The tables mix countries (location code < 900) with aggregates (World, regions, income
    groups...); the geographic hierarchy (region rows, then sub-region rows, then their
    countries) gives each country its UN M49 region and sub-region.
    """
    import pycountry

    def table(sheet: str) -> pd.DataFrame:
        frame = _open(path, pd.read_excel, sheet_name=sheet, skiprows=10)
        frame.columns = [str(column) for column in frame.columns]
        require_columns(frame, path, ["Location code", "1990", "2020"])
        return frame

    stock, population, share, female = (table(f"Table {n}") for n in (1, 2, 3, 4))
    name_column = stock.columns[1]
    require("country or area" in name_column, path, f"unexpected name column {name_column!r}")

    geography, region, subregion = [], None, None
    for code, name in zip(stock["Location code"], stock[name_column]):
        code = int(code)
        label = str(name).strip().rstrip("*").strip()
        if code >= 900:
            if str(name) == str(name).upper() and label != "WORLD":  # ' AFRICA', ' ASIA', ...
                region, subregion = (code, label.title()), None
                if label == "NORTHERN AMERICA":  # no sub-regions: it is its own sub-region
                    subregion = (code, label.title())
            elif region is not None:
                subregion = (code, label)
            continue
        if region is None:
            continue
        iso3 = "CHI" if code == 830 else getattr(pycountry.countries.get(numeric=f"{code:03d}"), "alpha_3", None)
        require(iso3 is not None, path, f"location code {code} ({label}) has no ISO 3166 code")
        geography.append(
            {
                "iso3": iso3,
                "m49_code": code,
                "m49_region_code": region[0],
                "m49_region": region[1],
                "m49_subregion_code": subregion[0],
                "m49_subregion": subregion[1],
                "un_name": label,
            }
        )
    geography = pd.DataFrame(geography)
    require(len(geography) >= 230, path, f"only {len(geography)} countries found under M49 regions")
    require_unique(geography, path, ["iso3"])
    codes = dict(zip(geography["m49_code"], geography["iso3"]))

    def long(frame: pd.DataFrame, value: str, blocks, locations=codes) -> pd.DataFrame:
        rows = frame[frame["Location code"].isin(locations)]
        parts = []
        for suffix, sex in blocks:
            columns = [f"{year}{suffix}" for year in IMS2020_YEARS]
            require_columns(rows, path, columns)
            part = rows[["Location code", *columns]].melt(id_vars="Location code", var_name="year", value_name=value)
            part["year"] = part["year"].str[:4].astype("int16")
            part["sex"] = sex
            part[value] = numeric(part[value], path, value)
            parts.append(part)
        result = pd.concat(parts, ignore_index=True)
        if locations is codes:
            result["country"] = result.pop("Location code").map(codes)
        return result

    sexes = [("", "total"), (".1", "male"), (".2", "female")]
    frame = long(stock, "immigrants", sexes)
    frame = frame.merge(long(population, "population", sexes), on=["country", "year", "sex"])
    frame = frame.merge(long(share, "immigrants_pct_population", sexes), on=["country", "year", "sex"])
    frame["population"] = frame["population"] * 1000  # Table 2 is in thousands
    female_share = long(female, "female_pct_immigrants", [("", "total")]).drop(columns="sex")
    frame = frame.merge(female_share, on=["country", "year"], how="left")
    frame.loc[frame["sex"] != "total", "female_pct_immigrants"] = np.nan
    require_non_negative(frame["immigrants"], path, "immigrants")
    require_columns(stock, path, ["Type of data"])
    types = stock[stock["Location code"].isin(codes)]  # "C B R", "B R "...: one space between flags
    data_type = dict(
        zip(
            types["Location code"].map(codes),
            types["Type of data"].map(lambda v: " ".join(str(v).split()) if pd.notna(v) else pd.NA),
        )
    )
    frame["data_type"] = frame["country"].map(data_type)

    aggregate_codes = sorted({int(code) for code in stock["Location code"] if int(code) >= 900})
    labels = {
        int(code): str(name).strip().rstrip("*").strip()
        for code, name in zip(stock["Location code"], stock[name_column])
        if int(code) >= 900
    }
    aggregates = long(stock, "immigrants", sexes, aggregate_codes)
    for table_frame, value in ((population, "population"), (share, "immigrants_pct_population")):
        aggregates = aggregates.merge(
            long(table_frame, value, sexes, aggregate_codes).drop_duplicates(), on=["Location code", "year", "sex"]
        )
    aggregates = aggregates.drop_duplicates().rename(columns={"Location code": "location_code"})
    aggregates["location_code"] = aggregates["location_code"].astype(int)
    aggregates["label"] = aggregates["location_code"].map(labels)
    aggregates["population"] = aggregates["population"] * 1000
    require_unique(aggregates, path, ["location_code", "year", "sex"])
    return frame, geography, aggregates


# --- World Bank ----------------------------------------------------------------------------


def wdi_country_metadata(path: Path) -> pd.DataFrame:
    """Economies (rows with a Region; the others are aggregates): iso3, wb_region, wb_income_group."""
    raw = _open(path, pd.read_csv, encoding="utf-8-sig")
    require_columns(raw, path, ["Country Code", "Region", "IncomeGroup"])
    economies = raw[raw["Region"].notna() & (raw["Region"].astype(str).str.strip() != "")]
    require(len(economies) > 200, path, f"only {len(economies)} economies have a Region")
    return pd.DataFrame(
        {
            "iso3": economies["Country Code"].astype(str),
            "wb_region": economies["Region"].astype(str),
            "wb_income_group": economies["IncomeGroup"].astype("string"),
        }
    )


def _wdi_wide_to_long(raw: pd.DataFrame, path: Path, value: str, economies: set[str]) -> pd.DataFrame:
    require_columns(raw, path, ["Country Code", "Indicator Code"])
    years = [column for column in raw.columns if re.fullmatch(r"\d{4}", str(column))]
    require(len(years) > 20, path, "no year columns")
    rows = raw[raw["Country Code"].isin(economies)]
    frame = rows[["Country Code", *years]].melt(id_vars="Country Code", var_name="year", value_name=value)
    frame[value] = numeric(frame[value], path, value)
    frame = frame.dropna(subset=[value])
    frame["year"] = frame["year"].astype(str).astype("int16")
    return frame.rename(columns={"Country Code": "country"})


def wdi_preamble(path: Path) -> int:
    """4 when the file starts with the API's preamble, else 0 (its header comes first)."""
    try:
        with path.open("rb") as file:
            first = file.readline(4096)
    except OSError:
        return 0  # _open says what is wrong with the file
    return 4 if b"Data Source" in first else 0


def wdi_indicator_csv(path: Path, indicator: str, value: str, economies: set[str]) -> pd.DataFrame:
    """A WDI API CSV (one indicator, wide by year) as country, year, value; economies only.

    The API's file starts with 4 preamble lines ("Data Source", "Last Updated Date" and blank
    lines); some copies have them stripped: both are read."""
    raw = _open(path, pd.read_csv, skiprows=wdi_preamble(path), encoding_errors="replace")
    raw.columns = [str(column).strip() for column in raw.columns]
    require_columns(raw, path, ["Indicator Code"])
    require(set(raw["Indicator Code"].dropna().unique()) == {indicator}, path, f"not indicator {indicator}")
    return _wdi_wide_to_long(raw, path, value, economies)


def wdi_indicator_excel(path: Path, indicator: str, value: str) -> pd.DataFrame:
    """A WDI API Excel download (sheet "Data": two preamble rows, "Data Source" and "Last
    Updated Date", a blank row, then the API's columns; sheet "Metadata - Countries": an
    empty Region marks an aggregate) as country, year, value, for the economies of the file's
    own metadata. The 2023-05-10 release is a legacy .xls (read with xlrd)."""
    with warnings.catch_warnings():  # pandas 3 deprecates xlrd, still its only reader of .xls
        warnings.filterwarnings("ignore", message="The xlrd engine is deprecated")
        raw = _open(path, pd.read_excel, sheet_name="Data", skiprows=3)
        meta = _open(path, pd.read_excel, sheet_name="Metadata - Countries")
    raw.columns = [str(column).strip() for column in raw.columns]
    require_columns(raw, path, ["Country Code", "Indicator Code"])
    require(set(raw["Indicator Code"].dropna().unique()) == {indicator}, path, f"not indicator {indicator}")
    require_columns(meta, path, ["Country Code", "Region"])
    economies = set(meta.loc[meta["Region"].notna() & (meta["Region"].astype(str).str.strip() != ""), "Country Code"])
    require(len(economies) > 200, path, f"only {len(economies)} economies have a Region")
    return _wdi_wide_to_long(raw, path, value, economies)


def gdi_wdi(path: Path) -> pd.DataFrame:
    """IOM GDI's tidy WDI extract: country, variable, year, value (for remout and pop)."""
    raw = _open(path, pd.read_csv)
    require_columns(raw, path, ["geo", "var", "t", "v"])
    require({"remout", "pop"} <= set(raw["var"].unique()), path, "variables remout and pop missing")
    require_iso3(raw["geo"], path, "geo")
    require_unique(raw, path, ["geo", "var", "t"])
    return pd.DataFrame(
        {
            "country": _recode(raw["geo"]),
            "variable": raw["var"],
            "year": raw["t"].astype("int16"),
            "value": raw["v"].astype("float64"),
        }
    )


# --- Flows and net migration -----------------------------------------------------------------


def abel_cohen_flows(path: Path) -> pd.DataFrame:
    """origin, destination, period, sex, flow (modelled). Total is its own estimate."""
    raw = _open(path, pd.read_csv)
    columns = [
        "year0",
        "year1",
        "orig_iso3",
        "dest_iso3",
        "flow_da_pb_closed",
        "flow_da_pb_closed_male",
        "flow_da_pb_closed_female",
    ]
    require_columns(raw, path, columns)
    require_iso3(raw["orig_iso3"], path, "orig_iso3")
    require_iso3(raw["dest_iso3"], path, "dest_iso3")
    require_unique(raw, path, ["year0", "orig_iso3", "dest_iso3"])
    require(((raw["year1"] - raw["year0"]) == 5).all(), path, "periods must be five years")
    base = pd.DataFrame(
        {
            "origin": _recode(raw["orig_iso3"]),
            "destination": _recode(raw["dest_iso3"]),
            "period": raw["year0"].astype(str) + "-" + raw["year1"].astype(str),
        }
    )
    parts = []
    for column, sex in [
        ("flow_da_pb_closed", "total"),
        ("flow_da_pb_closed_female", "female"),
        ("flow_da_pb_closed_male", "male"),
    ]:
        require_non_negative(raw[column], path, column)
        parts.append(base.assign(sex=sex, flow=raw[column].astype("float64")))
    return pd.concat(parts, ignore_index=True)


def wpp_net_migration(path: Path) -> pd.DataFrame:
    """country, year, net_migration (persons, rounded to 1,000 by WPP)."""
    raw = _open(path, pd.read_csv, index_col=0)
    require_columns(raw, path, ["Year", "Country ISO", "Net Number of Migrants"])
    require_iso3(raw["Country ISO"], path, "Country ISO")
    frame = pd.DataFrame(
        {
            "country": _recode(raw["Country ISO"]),
            "year": raw["Year"].astype("int16"),
            "net_migration": numeric(raw["Net Number of Migrants"], path, "Net Number of Migrants"),
        }
    )
    require_unique(frame, path, ["country", "year"])
    return frame


# --- Remittance matrices and prices --------------------------------------------------------


def knomad_matrix(path: Path, sheet, year: int, names_to_codes: dict[str, str]) -> pd.DataFrame:
    """sender, receiver, year, usd from a KNOMAD bilateral remittance matrix (US$ million in
    the file; US$ here). Empty cells and "-" are "no estimate" and are left out."""
    raw = _open(path, pd.read_excel, sheet_name=sheet, skiprows=1, index_col=0)
    labels = [str(label).strip() for label in raw.index]
    require("WORLD" in labels, path, "no WORLD row: is this the bilateral matrix?")
    rows = raw.iloc[: labels.index("WORLD")]
    columns = [str(column).strip() for column in rows.columns]
    keep = [i for i, name in enumerate(columns) if name != "WORLD" and not name.startswith("Unnamed")]
    rows = rows.iloc[:, keep]
    unknown = sorted(({str(name).strip() for name in rows.index} | {columns[i] for i in keep}) - names_to_codes.keys())
    require(not unknown, path, f"country names we cannot code: {unknown}")
    matrix = rows.apply(lambda column: numeric(column, path, str(column.name), missing=("", " ", "-")))
    matrix.index = [names_to_codes[str(name).strip()] for name in rows.index]
    matrix.columns = [names_to_codes[columns[i]] for i in keep]
    frame = matrix.stack().dropna().rename("usd_million").reset_index()
    frame.columns = ["sender", "receiver", "usd_million"]
    require_non_negative(frame["usd_million"], path, "remittances")
    frame["usd"] = frame.pop("usd_million") * 1e6
    frame["year"] = np.int16(year)
    return frame


def rpw_corridors(path: Path) -> pd.DataFrame:
    """sender, receiver, period (2011Q1...), cost_pct: average total cost of sending US$200."""
    raw = _open(path, pd.read_csv, na_values="..", keep_default_na=True)
    raw.columns = [re.sub(r"\s+", " ", str(column)).strip() for column in raw.columns]
    require_columns(raw, path, ["Sending Countries Code", "Receiving Countries Code", "Series Code"])
    raw = raw[raw["Series Code"].notna()]
    require(set(raw["Series Code"]) == {"ATCR.CORR"}, path, "series must be ATCR.CORR")
    quarters = {column: column[:6] for column in raw.columns if re.match(r"^\d{4}Q\d", column)}
    require(len(quarters) >= 30, path, "quarter columns missing")
    frame = raw[["Sending Countries Code", "Receiving Countries Code", *quarters]].melt(
        id_vars=["Sending Countries Code", "Receiving Countries Code"], var_name="period", value_name="cost_pct"
    )
    frame["period"] = frame["period"].map(quarters)
    frame["cost_pct"] = numeric(frame["cost_pct"], path, "cost")
    frame = frame.dropna(subset=["cost_pct"]).rename(
        columns={"Sending Countries Code": "sender", "Receiving Countries Code": "receiver"}
    )
    require_iso3(frame["sender"], path, "sender")
    require_iso3(frame["receiver"], path, "receiver")
    # A few published costs are negative (an exchange-rate margin in the sender's favour):
    # kept as published.
    require(frame["cost_pct"].between(-100, 100).all(), path, "costs must be between -100 and 100 %")
    frame["sender"], frame["receiver"] = _recode(frame["sender"]), _recode(frame["receiver"])
    return frame.reset_index(drop=True)


# --- UNHCR ----------------------------------------------------------------------------------


def unhcr(path: Path) -> pd.DataFrame:
    """asylum, origin, year, group, persons (forcibly displaced, year end; 2024 mid-year)."""
    raw = _open(path, pd.read_csv)
    require_columns(raw, path, ["geo", "t", "from", "group", "n"])
    require_iso3(raw["geo"], path, "geo")
    require_iso3(raw["from"], path, "from", allowed_extra=tuple(SPECIAL_ORIGINS))
    require_non_negative(raw["n"], path, "n")
    require_unique(raw, path, ["geo", "t", "from", "group"])
    return pd.DataFrame(
        {
            "asylum": _recode(raw["geo"]),
            "origin": _recode(raw["from"]),
            "year": raw["t"].astype("int16"),
            "group": raw["group"],
            "persons": raw["n"].astype("float64"),
        }
    )
