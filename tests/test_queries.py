"""The query layer: filters normalised, results memoised by data version, a cache outage costs
only a recomputation, and a new build is served at once."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from app import create_app
from data import queries, store
from data.cache import cache
from data.datasets import DATASETS_BY_NAME


@pytest.fixture
def context(app):
    with app.server.app_context():
        yield app


def test_filters_are_normalised(context):
    parsed = queries.parse_filters(
        DATASETS_BY_NAME["stocks-country"], {"country": " mda,MDA ,tun", "year": "2024,1990", "lang": "fr"}
    )
    assert parsed == {"country": ("MDA", "TUN"), "year": (1990, 2024), "edition": ("2024",)}


def test_results_are_memoised_under_the_data_version(context):
    filters = {"country": ("MAR",)}
    first = queries.select("net-migration", filters)
    keys = [key for key in cache.cache._cache if f":{queries.data_version()}:" in key]
    assert keys
    assert queries.select("net-migration", filters).equals(first)


def test_a_cache_outage_costs_only_a_recomputation(context, monkeypatch):
    def broken(*_args, **_kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    frame = queries.select("net-migration", {"country": ("TUN",), "year": (2020,)})
    assert len(frame) == 1


def test_a_new_build_is_served_without_flushing_the_cache(tmp_path, built_data_dir, settings):
    data_dir = tmp_path / "data"
    shutil.copytree(built_data_dir, data_dir, symlinks=True)
    app = create_app(settings.replace(data_dir=data_dir))
    with app.server.app_context():
        before = queries.select("net-migration", {"country": ("TUN",), "year": (2020,)})
        old = store.resolve_current(data_dir)
        new = old.parent / "test-version"
        shutil.copytree(old, new)
        table = pd.read_parquet(new / "net_migration.parquet")
        table.loc[(table["country"] == "TUN") & (table["year"] == 2020), "net_migration"] = 123.0
        manifest = json.loads((new / "manifest.json").read_text())
        manifest["tables"]["net_migration"] = store.write_table(new, "net_migration", table)
        manifest["data_version"] = "test-version"
        (new / "manifest.json").write_text(json.dumps(manifest))
        store.switch_current(data_dir, new)
        after = queries.select("net-migration", {"country": ("TUN",), "year": (2020,)})
    assert before["net_migration"].iloc[0] != 123.0
    assert after["net_migration"].iloc[0] == 123.0


@pytest.mark.parametrize(
    "name", sorted(name for name, d in DATASETS_BY_NAME.items() if any(f.kind in ("iso3", "area") for f in d.filters))
)
def test_rows_found_through_the_index_are_those_a_scan_finds(context, name):
    """Code filters go through a per-table row index; the answer must be exactly the stored
    rows a plain scan keeps, in stored order, for several codes and a code with no rows."""
    dataset = DATASETS_BY_NAME[name]
    stored = queries.dataset_table(dataset)
    code_filters = [f for f in dataset.filters if f.kind in ("iso3", "area")]
    for spec in code_filters:
        present = sorted(stored[spec.column].dropna().astype(str).unique())
        picks = tuple(sorted({present[0], present[len(present) // 2], present[-1], "QQQ"}))
        filters = {spec.param: picks}
        scanned = stored[stored[spec.column].isin(picks)].reset_index(drop=True)
        for other in dataset.filters:  # and one more filter on top, when the dataset has one
            if other.kind == "choice" and other.choices and other.param != spec.param:
                filters[other.param] = (other.choices[0],)
                scanned = scanned[scanned[other.column].isin([other.choices[0]])].reset_index(drop=True)
                break
        selected = queries._rows(dataset, tuple(sorted(filters.items())))
        assert len(selected) > 0 or len(scanned) == 0
        pd.testing.assert_frame_equal(selected, scanned)
