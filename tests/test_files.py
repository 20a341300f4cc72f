"""data.files: the one atomic write (staged uploads, workbooks, the accounts file) and how a full
disk is recognised (the full disk itself is tested on a real tmpfs in tests/test_robust_disk.py)."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat

import pytest
import sqlalchemy as sa

from data import files


def test_write_atomically_replaces_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")

    files.write_atomically(target, b"new content")
    files.write_atomically(str(target), "newer content, as text")

    assert target.read_bytes() == b"newer content, as text"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_write_atomically_keeps_the_mode_or_sets_the_one_given(tmp_path):
    kept, private, new = tmp_path / "kept", tmp_path / "private", tmp_path / "new"
    kept.write_bytes(b"")
    kept.chmod(0o640)

    files.write_atomically(kept, b"x")
    files.write_atomically(private, b"x", mode=0o600)
    files.write_atomically(new, b"x")

    assert [stat.S_IMODE(p.stat().st_mode) for p in (kept, private, new)] == [0o640, 0o600, 0o644]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old")

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as error:
        files.write_atomically(target, b"new")

    assert files.is_out_of_space(error.value)
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_full_disks_and_quotas_are_recognised_through_wrappers(code):
    try:
        try:
            raise OSError(code, os.strerror(code))
        except OSError as cause:
            raise RuntimeError("while writing the build") from cause
    except RuntimeError as wrapped:
        assert files.is_out_of_space(wrapped)


def test_sqlite_full_is_recognised_as_sqlalchemy_raises_it(tmp_path):
    database = tmp_path / "small.sqlite"
    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x TEXT)")
        connection.exec_driver_sql("PRAGMA max_page_count = 3")  # SQLite's own "disk": 3 pages
    with pytest.raises(sa.exc.OperationalError) as error, engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA max_page_count = 3")
        connection.exec_driver_sql("INSERT INTO t VALUES (?)", ("x" * 100_000,))
    assert isinstance(error.value.orig, sqlite3.OperationalError)
    assert files.is_out_of_space(error.value)


@pytest.mark.parametrize(
    "error",
    [OSError(errno.EACCES, "Permission denied"), ValueError("no"), sqlite3.OperationalError("no such table: t"), None],
)
def test_other_errors_are_not_a_full_disk(error):
    assert not files.is_out_of_space(error)
