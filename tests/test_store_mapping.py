"""The served tables are memory-mapped Arrow files: equal to the parquet copy, read-only, one
chunk per column, and backed by the file (the page cache, shared by every worker), not by
each process's heap."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from data import queries, store
from data.datasets import DATASETS_BY_NAME


@pytest.fixture
def build(tmp_path, built_data_dir) -> Path:
    """A copy of the session's build in a folder of its own: not yet loaded by this process."""
    return Path(shutil.copytree(store.resolve_current(built_data_dir), tmp_path / "build"))


def test_each_mapped_table_equals_its_parquet_copy_and_is_read_only(build):
    for name, entry in store.read_manifest(build)["tables"].items():
        frame = store.read_table(build, name)

        pd.testing.assert_frame_equal(frame, pd.read_parquet(build / entry["file"]))
        for column in frame.columns:
            array = frame[column].array
            if hasattr(array, "_pa_array"):  # Arrow-backed strings: one contiguous chunk
                assert array._pa_array.num_chunks == 1, (name, column)
            if isinstance(frame[column].dtype, np.dtype) and frame[column].dtype.kind in "if":
                with pytest.raises(ValueError, match="read-only"):
                    frame[column].to_numpy()[:1] = 0


def test_tables_are_not_copied_into_the_process(build):
    """Strings and numbers stay in the mapped file: what the process allocates for all the
    tables is a small part of their size (the copies: bool columns, nullable integers)."""
    mapped = sum(entry["arrow"]["bytes"] for entry in store.read_manifest(build)["tables"].values())
    before = pa.total_allocated_bytes()
    frames = [store.read_table(build, name) for name in store.read_manifest(build)["tables"]]
    allocated = pa.total_allocated_bytes() - before
    maps = Path("/proc/self/maps").read_text()

    assert frames and allocated < 0.05 * mapped
    assert str(build / "stocks_bilateral.arrow") in maps


def test_warm_up_loads_all_a_worker_needs_of_the_build_before_the_fork(app):
    """gunicorn's master calls warm_up (app.py) before forking: the workers then share the
    tables and row indexes, so a query of any code filter loads and indexes nothing more."""
    with app.server.app_context():
        queries.warm_up()
        loaded = store._loaded.cache_info().misses, queries._row_index.cache_info().misses
        for dataset in DATASETS_BY_NAME.values():
            for spec in dataset.filters if dataset.store == "build" else ():
                if spec.kind in ("iso3", "area"):
                    code = sorted(queries.column_values(dataset, spec.column))[0]
                    assert len(queries.select(dataset, {spec.param: (code,)}, cache=False)) > 0, dataset.name

        assert (store._loaded.cache_info().misses, queries._row_index.cache_info().misses) == loaded
