"""A full disk, for real: a small tmpfs filled to the last byte (mounting it needs root; the
tests are skipped, saying why, elsewhere; CI runs as root).

The build, the upload and the publish each say in one sentence that the server is out of
space and nothing was changed (507 Insufficient Storage for the web), and lose nothing: the
previous build and programme version are still served and intact, no half-written file is
left, and a previewed upload can still be published once space is freed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from data import store as data_store
from data.build import main as build_main
from programme import database
from tests import staff
from tests.conftest import SOURCE_DIR
from tests.test_upload import _set_budget, exported, publish, signed_in, snapshot, staged_files, upload

DISK_MB = 16
SENTENCE = "The server is out of disk space, so nothing was changed"


def _mounted_tmpfs(mount: Path, megabytes: int):
    """A tmpfs of `megabytes` at `mount`, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("the full-disk tests mount a small tmpfs, which needs root (CI runs them as root)")
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(
            f"cannot mount a tmpfs here ({done.stderr.strip() or done.returncode}): the full-disk tests need one"
        )
    yield mount
    if subprocess.run(["umount", str(mount)], capture_output=True, check=False).returncode != 0:
        subprocess.run(["umount", "--lazy", str(mount)], check=True)  # a file still open: detach it anyway


@pytest.fixture
def small_disk(tmp_path):
    """A DISK_MB tmpfs."""
    yield from _mounted_tmpfs(tmp_path / "disk", DISK_MB)


@pytest.fixture
def disk_for_a_store(tmp_path, built_data_dir):
    """A tmpfs that holds a copy of the built store (its full downloads included) and DISK_MB more."""
    size = sum(path.stat().st_size for path in built_data_dir.rglob("*") if path.is_file() and not path.is_symlink())
    yield from _mounted_tmpfs(tmp_path / "disk", size // 1_000_000 + DISK_MB)


def free_bytes(mount: Path) -> int:
    stats = os.statvfs(mount)
    return stats.f_bavail * stats.f_frsize


def fill(mount: Path, leave: int = 0) -> Path:
    """Fill the disk with one file, leaving about `leave` bytes free (0: not one block)."""
    filler = mount / "filler"
    with open(filler, "wb", buffering=0) as handle:
        if leave:
            handle.write(bytes(free_bytes(mount) - leave))
            return filler
        for chunk in (1 << 20, 4096, 1):
            try:
                while True:
                    handle.write(bytes(chunk))
            except OSError as error:
                assert error.errno == 28, error  # ENOSPC
    assert free_bytes(mount) == 0
    return filler


def test_a_build_on_a_full_disk_says_so_and_changes_nothing(disk_for_a_store, built_data_dir, capsys):
    small_disk = disk_for_a_store
    data_dir = small_disk / "data"
    shutil.copytree(built_data_dir, data_dir, symlinks=True)
    previous = data_store.resolve_current(data_dir)
    builds = sorted(p.name for p in data_store.builds_dir(data_dir).iterdir())  # the kept build cache's (1 or more)
    fill(small_disk, leave=1_000_000)  # room for some of the tables, not all
    free_before = free_bytes(small_disk)

    code = build_main(["--source-dir", str(SOURCE_DIR), "--data-dir", str(data_dir), "--force"])

    output = capsys.readouterr()
    assert code == 1
    assert output.err == (
        f"migdash build failed: the server is out of disk space in {data_dir}, so nothing was "
        "changed and the previous build (if any) is still served.\n"
    )
    assert data_store.resolve_current(data_dir) == previous
    assert data_store.damaged_files(previous, thorough=True) == {}
    assert sorted(p.name for p in data_store.builds_dir(data_dir).iterdir()) == builds  # no staging, no half
    assert free_bytes(small_disk) == free_before  # nothing left behind


@pytest.fixture
def app_on_small_disk(small_disk, settings, tmp_path, request):
    """An app whose data folder and programme database (with its staged uploads) are on the small disk."""
    from app import create_app

    data_dir = small_disk / "data"
    data_dir.mkdir()
    (data_dir / "current").symlink_to(data_store.resolve_current(settings.data_dir))
    url = staff.programme_copy(settings.data_dir / "programme.sqlite", data_dir / "programme.sqlite")
    request.addfinalizer(lambda: database.engine(url).dispose())  # before the disk is unmounted
    accounts = staff.accounts_file(tmp_path / "accounts.json", edith="editor")
    return create_app(settings.replace(data_dir=data_dir, programme_db=url, accounts_file=accounts))


def test_upload_and_publish_on_a_full_disk_say_so_and_lose_nothing(small_disk, app_on_small_disk):
    app = app_on_small_disk
    url = app.server.config["MIGDASH_SETTINGS"].programme_db
    client = signed_in(app, "edith")
    preview = upload(client, exported(app, lambda book: _set_budget(book, 2, 4242)))
    assert preview.status_code == 200
    with database.engine(url).connect() as connection:  # the next write needs new space, not the old log's
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before, staged = snapshot(app), staged_files(app)
    filler = fill(small_disk)

    published = publish(client, preview)
    uploaded = upload(client, exported(app, lambda book: _set_budget(book, 3, 4343)))

    for response in (published, uploaded):
        page = response.get_data(as_text=True)
        assert response.status_code == 507 and SENTENCE in page and "Out of disk space" in page, page[:500]
        assert "Traceback" not in page
    assert snapshot(app) == before  # the published data as it was...
    public = app.server.test_client().get("/api/v1/programme-activities.csv?country=BGD")
    assert public.status_code == 200 and "4242" not in public.get_data(as_text=True)  # ...and still served
    assert staged_files(app) == staged  # no half-written upload
    with database.engine(url).connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"

    filler.unlink()  # space is freed: the preview made before is still there to publish
    again = publish(client, preview)
    assert again.status_code in (302, 303)
    assert database.current_id(url) == before[0] + 1
    assert 4242 in set(database.read(url, database.current_id(url)).frames["activities"]["budget_usd"])


def test_a_machine_route_gets_the_sentence_as_json(small_disk, app_on_small_disk):
    """Out of space on an API-style route: 507 with the sentence as JSON, not a page."""
    app = app_on_small_disk
    url = app.server.config["MIGDASH_SETTINGS"].programme_db

    @app.server.get("/api/v1/_test-write")
    def write_something():
        with database.engine(url).begin() as connection:
            connection.execute(sa.text("CREATE TABLE IF NOT EXISTS scratch (x TEXT)"))
            connection.execute(sa.text("INSERT INTO scratch VALUES (:x)"), {"x": "x" * 200_000})
        return "written"

    with database.engine(url).connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    fill(small_disk)

    response = app.server.test_client().get("/api/v1/_test-write")

    assert response.status_code == 507 and SENTENCE in response.json["error"]
