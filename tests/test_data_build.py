"""The data build: values equal the official files (read here independently of data/), sexes
add up, aggregates never pose as countries, absent stays absent, rebuilds are idempotent and a
failed build leaves the previous one in place."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from data import store
from data.build import build, fingerprint
from data.sources import SOURCES, SOURCES_BY_KEY
from data.validate import SourceError
from tests.conftest import SOURCE_DIR


@pytest.fixture(scope="module")
def ims2024(raw):
    return pd.read_csv(raw("ims2024_bilateral"))


def test_world_totals_equal_un_desa_ims2024(built, ims2024):
    expected = ims2024.groupby("t")["n"].sum()
    assert expected[2024] == 304_021_813 and expected[1990] == 153_916_063  # as UN DESA publishes
    world = built("stocks_aggregates").query("area == 'WLD' and sex == 'total' and edition == '2024'").set_index("year")
    assert world["immigrants"].astype("int64").to_dict() == expected.to_dict()
    countries = built("stocks_country").query("edition == '2024' and sex == 'total'")
    assert countries.groupby("year")["immigrants"].sum().astype("int64").to_dict() == expected.to_dict()


def test_ims2020_published_table_sums_to_its_world_row(built, raw):
    sheet = pd.read_excel(raw("ims2020_destination"), sheet_name="Table 1", skiprows=10)
    world_row = sheet[sheet["Location code"] == 900].iloc[0]
    assert world_row[2020] == 280_598_105
    edition_2020 = built("stocks_country").query("edition == '2020' and sex == 'total'")
    totals = edition_2020.groupby("year")["immigrants"].sum()
    for year in (1990, 2000, 2020):
        assert totals[year] == world_row[year]


@pytest.mark.real_data
def test_female_plus_male_is_total_everywhere(built):
    bilateral = built("stocks_bilateral")
    wide = bilateral.pivot_table(
        index=["destination", "origin", "year"], columns="sex", values="migrants", observed=True
    )
    assert len(wide) > 70_000
    assert (wide["female"] + wide["male"] == wide["total"]).all()
    country = built("stocks_country").query("edition == '2024'")
    by_sex = country.pivot_table(index=["country", "year"], columns="sex", values="immigrants")
    assert (by_sex["female"] + by_sex["male"] == by_sex["total"]).all()


def test_moldova_emigrants_and_immigrants_from_the_raw_file(built, ims2024):
    born_in_moldova = ims2024.query("`from` == 'MDA' and t == 2024")["n"].sum()
    living_in_moldova = ims2024.query("geo == 'MDA' and t == 2024")["n"].sum()
    row = (
        built("stocks_country")
        .query("edition == '2024' and country == 'MDA' and year == 2024 and sex == 'total'")
        .iloc[0]
    )
    assert row["emigrants"] == born_in_moldova
    assert row["immigrants"] == living_in_moldova
    assert pd.isna(row["immigrants_pct_population"])  # no WPP population for 2024: missing, not 0


def test_no_aggregate_appears_as_a_country(built, raw):
    metadata = pd.read_csv(raw("wdi_country_metadata"), encoding="utf-8-sig")
    wb_aggregates = set(metadata.loc[metadata["Region"].isna(), "Country Code"])
    assert {"WLD", "EUU", "HIC", "LMY", "SSF"} <= wb_aggregates
    codes = set(built("countries")["iso3"])
    assert not codes & wb_aggregates
    assert {"MDA", "CHI", "XKX"} <= codes
    for name in ("remittances_country", "stocks_country", "net_migration"):
        assert not set(built(name)["country"]) & wb_aggregates, name


def test_countries_have_groups_and_names_in_three_languages(built):
    countries = built("countries").set_index("iso3")
    moldova = countries.loc["MDA"]
    assert (moldova["m49_region"], moldova["m49_subregion"]) == ("Europe", "Eastern Europe")
    assert moldova["wb_income_group"] == "Upper middle income"
    assert (moldova["name_en"], moldova["name_fr"], moldova["name_es"]) == (
        "Republic of Moldova",
        "République de Moldova",
        "República de Moldova",
    )
    assert countries["programme"].sum() == 8
    assert countries.loc["TUN", "m49_region"] == "Africa"


def test_absent_stays_absent(built, ims2024, raw):
    pairs = set(zip(ims2024["geo"], ims2024["from"]))
    assert ("MDA", "NRU") not in pairs
    bilateral = built("stocks_bilateral")
    assert bilateral.query("destination == 'MDA' and origin == 'NRU'").empty
    # A remittance value the World Bank leaves empty stays empty.
    wdi = pd.read_csv(raw("wdi_remittances_received"), skiprows=4)
    empty = wdi.loc[wdi["Country Code"] == "AFG", "2024"].isna().iloc[0]
    assert empty
    remittances = built("remittances_country").query("country == 'AFG' and year == 2024")
    assert remittances.empty or remittances["inflow_usd"].isna().all()


def test_remittance_values_equal_the_world_bank_files(built, raw):
    wdi = pd.read_csv(raw("wdi_remittances_received"), skiprows=4).set_index("Country Code")
    remittances = built("remittances_country").set_index(["country", "year"])
    for country, year in [("MEX", 2022), ("MEX", 2023), ("MDA", 2024), ("PHL", 2010)]:
        assert remittances.loc[(country, year), "inflow_usd"] == wdi.loc[country, str(year)]
    gdp = pd.read_csv(raw("wdi_gdp")).set_index("Country Code")
    for year in (2021, 2024):  # one rule on both sides of the old published/computed switch
        expected = wdi.loc["MDA", str(year)] / gdp.loc["MDA", str(year)] * 100
        assert remittances.loc[("MDA", year), "inflow_pct_gdp"] == pytest.approx(expected, rel=1e-12)


def test_flow_values_equal_abel_cohen(built, raw):
    flows_raw = pd.read_csv(raw("abel_cohen_flows"))
    sample = flows_raw.query("orig_iso3 == 'MDA' and dest_iso3 == 'ITA' and year0 == 2015").iloc[0]
    flows = built("flows_bilateral").query("origin == 'MDA' and destination == 'ITA' and period == '2015-2020'")
    by_sex = flows.set_index("sex")["flow"]
    assert by_sex["total"] == sample["flow_da_pb_closed"]
    assert by_sex["female"] == sample["flow_da_pb_closed_female"]
    assert by_sex["male"] == sample["flow_da_pb_closed_male"]
    assert flows["modelled"].all()
    world = flows_raw.groupby("year0")["flow_da_pb_closed"].sum()
    assert round(world[2015] / 1e6, 1) == 101.2  # Abel & Cohen's published total: 101.2M in 2015-20
    country = built("flows_country").query("country == 'MDA' and period == '2015-2020' and sex == 'total'").iloc[0]
    assert country["outflow"] == flows_raw.query("orig_iso3 == 'MDA' and year0 == 2015")["flow_da_pb_closed"].sum()


def test_net_migration_projection_flag_and_value(built, raw):
    wpp = pd.read_csv(raw("wpp2024_net_migration"), index_col=0)
    expected = wpp.query("`Country ISO` == 'DEU' and Year == 2015")["Net Number of Migrants"].iloc[0]
    net = built("net_migration").set_index(["country", "year"])
    assert net.loc[("DEU", 2015), "net_migration"] == expected == 1_175_000
    assert net.loc[("DEU", 2024), "projected"] and not net.loc[("DEU", 2023), "projected"]


def test_bilateral_remittances_and_costs(built, raw):
    matrix = pd.read_excel(raw("knomad_remittance_matrix_2021"), sheet_name=0, skiprows=1, index_col=0)
    sent = matrix.loc["United States", "Mexico"]  # rows send, columns receive (US$ million)
    bilateral = built("remittances_bilateral").set_index(["sender", "receiver", "year"])
    assert bilateral.loc[("USA", "MEX", 2021), "usd"] == pytest.approx(sent * 1e6)
    assert pd.isna(matrix.loc["Afghanistan", "Albania"])  # empty in the file: no estimate...
    assert ("AFG", "ALB", 2021) not in bilateral.index  # ...so not listed, never 0
    assert bilateral["usd"].notna().all()
    prices = pd.read_csv(raw("rpw_corridors"), na_values="..")
    prices = prices[prices["Series Code"] == "ATCR.CORR"]
    row = prices.dropna(subset=["2020Q3 [YR2020Q3]"]).iloc[0]
    costs = built("remittance_costs").set_index(["sender", "receiver", "period"])
    key = (row["Sending Countries Code"], row["Receiving Countries  Code"], "2020Q3")
    assert costs.loc[key, "cost_pct"] == pytest.approx(row["2020Q3 [YR2020Q3]"])


def test_refugee_totals_equal_unhcr(built, raw):
    unhcr = pd.read_csv(raw("unhcr"))
    expected = unhcr.query("geo == 'DEU' and t == 2020 and group == 'refugee'")["n"].sum()
    refugees = built("refugees").query("asylum == 'DEU' and year == 2020 and group == 'refugee'")
    assert refugees["persons"].sum() == expected > 0


def test_manifest_records_every_input(built_data_dir, ims2024):
    manifest = store.current_manifest(built_data_dir)
    assert {item["key"] for item in manifest["inputs"]} == {source.key for source in SOURCES}
    for item in manifest["inputs"]:
        assert len(item["sha256"]) == 64 and item["licence"] and item["url"].startswith("https://")
    # female and male rows as published, plus one both-sexes row per pair
    assert manifest["tables"]["stocks_bilateral"]["rows"] == len(ims2024) * 3 // 2


# --- rebuilds -----------------------------------------------------------------------------


def _mirror(tmp_path: Path, corrupt: str | None = None, text: str = "") -> Path:
    """A source directory of links to the official files; `corrupt` is replaced by `text`."""
    mirror = tmp_path / "sources"
    for source in SOURCES:
        target = mirror / source.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.key == corrupt:
            target.write_text(text)
        else:
            target.symlink_to(SOURCE_DIR / source.path)
    return mirror


def test_rebuild_with_unchanged_inputs_does_nothing(tmp_path, built_data_dir):
    data_dir = tmp_path / "data"
    shutil.copytree(built_data_dir, data_dir, symlinks=True)
    before = store.current_manifest(data_dir)
    result = build(SOURCE_DIR, data_dir)
    assert not result.built
    assert store.current_manifest(data_dir) == before


def test_failed_build_names_the_file_and_keeps_the_previous_build(tmp_path, built_data_dir):
    data_dir = tmp_path / "data"
    shutil.copytree(built_data_dir, data_dir, symlinks=True)
    version = store.current_version(data_dir)
    broken = _mirror(tmp_path, corrupt="wpp2024_net_migration", text="not,the,file\n1,2,3\n")
    with pytest.raises(SourceError) as error:
        build(broken, data_dir)
    assert Path(SOURCES_BY_KEY["wpp2024_net_migration"].path).name in str(error.value) and "missing columns" in str(
        error.value
    )
    assert store.current_version(data_dir) == version
    assert not [p for p in store.builds_dir(data_dir).iterdir() if p.name.startswith(".staging")]


def test_missing_file_stops_the_build_with_its_name(tmp_path):
    mirror = _mirror(tmp_path)
    (mirror / SOURCES_BY_KEY["unhcr"].path).unlink()
    with pytest.raises(SourceError, match=re.escape(f"{Path(SOURCES_BY_KEY['unhcr'].path).name}: file not found")):
        build(mirror, tmp_path / "data")
    assert store.current_version(tmp_path / "data") is None


def test_changed_input_gives_a_new_version(tmp_path):
    version, _ = fingerprint(SOURCE_DIR)
    mirror = _mirror(tmp_path)
    changed = mirror / SOURCES_BY_KEY["wpp2024_net_migration"].path
    content = changed.read_bytes()
    changed.unlink()  # a link to the source directory's file
    changed.write_bytes(content + b"\n")
    assert fingerprint(mirror)[0] != version


def test_build_command_says_when_nothing_changed(built_data_dir, tmp_path, capsys):
    from data.build import main

    data_dir = tmp_path / "data"
    shutil.copytree(built_data_dir, data_dir, symlinks=True)
    assert main(["--source-dir", str(SOURCE_DIR), "--data-dir", str(data_dir)]) == 0
    assert "is up to date and every file matches its manifest; nothing to do" in capsys.readouterr().out
    assert main(["--source-dir", str(tmp_path / "nowhere"), "--data-dir", str(data_dir)]) == 1
    assert "source directory not found" in capsys.readouterr().err
