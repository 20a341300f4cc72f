"""Each worker's own cache in front of the shared one (data.cache.LocalCache): a new data build
or a programme publish is seen at the next request by every worker, and its memory is bounded
in bytes."""

from __future__ import annotations

import json
import pickle
import shutil

import pandas as pd

from data import queries, store
from data.cache import LocalCache, local_cache
from programme import database, demo

NET = ("net-migration", {"country": ("TUN",), "year": (2020,)})
CAPACITY = ("programme-capacity", {"country": ("MDA",)})


def _new_build(data_dir, net_migration: float) -> None:
    """A new current build whose one change is TUN's net migration in 2020."""
    old = store.resolve_current(data_dir)
    new = old.parent / "next-version"
    shutil.copytree(old, new)
    table = pd.read_parquet(new / "net_migration.parquet")
    table.loc[(table["country"] == "TUN") & (table["year"] == 2020), "net_migration"] = net_migration
    manifest = json.loads((new / store.MANIFEST).read_text())
    manifest["tables"]["net_migration"] = store.write_table(new, "net_migration", table)
    manifest["data_version"] = "next-version"
    (new / store.MANIFEST).write_text(json.dumps(manifest))
    store.switch_current(data_dir, new)


def test_two_workers_see_a_new_build_and_a_publish_at_their_next_request(tmp_path, built_data_dir, settings):
    """Two app instances (two workers) with their own local caches and one shared cache folder."""
    from app import create_app

    data_dir = tmp_path / "data"
    shutil.copytree(built_data_dir, data_dir, symlinks=True)
    url = f"sqlite:///{tmp_path / 'programme.sqlite'}"
    database.publish(url, demo.generate(), created_by="test", kind="demo", is_demo=True)
    shared = settings.replace(
        data_dir=data_dir, programme_db=url, cache_type="FileSystemCache", cache_dir=tmp_path / "shared-cache"
    )
    workers = [create_app(shared), create_app(shared)]

    def answers():
        found = []
        for worker in workers:
            with worker.server.app_context():
                found.append((queries.select(*NET)["net_migration"].iloc[0], queries.select(*CAPACITY)))
                assert len(local_cache()) > 0  # kept in this worker's own cache
        return found

    before = answers()
    _new_build(data_dir, 123.0)
    after_build = answers()
    tables = demo.generate()
    tables["capacity_events"] = tables["capacity_events"].assign(
        participants=tables["capacity_events"]["participants"] + 7
    )
    database.publish(url, tables, created_by="test", kind="upload", is_demo=True)
    after_publish = answers()

    assert all(net != 123.0 for net, _ in before)
    assert [net for net, _ in after_build] == [123.0, 123.0]
    for (_, capacity_before), (_, capacity_after) in zip(before, after_publish, strict=True):
        assert len(capacity_before) > 0
        assert list(capacity_after["participants"]) == [n + 7 for n in capacity_before["participants"]]


def test_the_local_cache_is_bounded_in_bytes_and_hands_out_copies():
    local = LocalCache(max_bytes=100_000)
    value = {"figure": list(range(1000))}
    size = len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    for number in range(500):
        local.set(f"key-{number}", value)

        assert local.bytes <= 100_000
    assert len(local) == 100_000 // size  # the most recent ones
    assert local.get("key-499") == value and local.get("key-0") is None

    mine = local.get("key-499")
    mine["figure"].append("changed by a caller")
    assert local.get("key-499") == value  # each hit is a copy

    local.set("big", list(range(100_000)))  # larger than an eighth of the bound: not kept
    assert local.get("big") is None and local.bytes <= 100_000
