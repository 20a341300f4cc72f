"""The programme store and its demo data: the demo is deterministic, complete and consistent;
versions are written whole, kept unchanged and served by pointer; the derived tables follow
the stored rows."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd
import pytest
import sqlalchemy as sa

from data.countries import PROGRAMME_COUNTRIES
from programme import database, demo, derived_tables, schema

PER_COUNTRY = ("countries", "results", "activities", "milestones", "capacity_events")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    """The demo dataset (shared: do not modify)."""
    return demo.generate()


@pytest.fixture(scope="module")
def published(tmp_path_factory, frames):
    """The demo, published once to its own database: (url, version)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo')}/p.sqlite"
    version = database.publish(url, frames, created_by="test", kind="demo", is_demo=True)
    return url, version


@pytest.fixture(scope="module")
def derived(published):
    url, version = published
    return derived_tables.derived(url, version.version_id)


def _normal(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {
        sheet.name: schema.normalize(sheet, frames.get(sheet.name, pd.DataFrame(columns=sheet.columns)))
        for sheet in schema.SHEETS
    }


# ---------------------------------------------------------------- the demo dataset


def test_demo_is_deterministic(frames):
    again = demo.generate()
    assert set(again) == set(frames) == {sheet.name for sheet in schema.SHEETS}
    for name in frames:
        pd.testing.assert_frame_equal(again[name], frames[name], obj=name)
    assert database.content_hash(again) == database.content_hash(frames)


def test_another_seed_gives_other_data(frames):
    other = demo.generate(seed=1)
    assert database.content_hash(other) != database.content_hash(frames)
    assert not other["indicator_values"].equals(frames["indicator_values"])


def test_demo_covers_every_programme_country(frames):
    for name in PER_COUNTRY:
        assert set(frames[name]["country"]) == set(PROGRAMME_COUNTRIES), name
    country_of_result = frames["results"].set_index("result_id")["country"]
    assert set(frames["indicators"]["result_id"].map(country_of_result)) == set(PROGRAMME_COUNTRIES)
    country_of_indicator = frames["indicators"].set_index("indicator_id")["result_id"].map(country_of_result)
    assert set(frames["indicator_values"]["indicator_id"].map(country_of_indicator)) == set(PROGRAMME_COUNTRIES)
    assert len(frames["countries"]) == len(PROGRAMME_COUNTRIES)


def test_demo_follows_the_schema(frames):
    for sheet in schema.SHEETS:
        frame = schema.normalize(sheet, frames[sheet.name])
        assert not frame.duplicated(sheet.key).any(), sheet.name
        for f in sheet.fields:
            values = frame[f.name]
            if f.required:
                assert values.notna().all(), (sheet.name, f.name)
            present = values.dropna()
            if f.choices and f.type == "list":
                tags = {tag for text in present for tag in text.split(";")}
                assert tags <= set(f.choices), (sheet.name, f.name, tags - set(f.choices))
            elif f.choices:
                assert set(present) <= set(f.choices), (sheet.name, f.name, set(present) - set(f.choices))
            if f.type == "period":
                assert present.str.fullmatch(schema.PERIOD_PATTERN.pattern).all(), (sheet.name, f.name)


def test_demo_referential_integrity(frames):
    results = frames["results"]
    result_ids = set(results["result_id"])
    for name in ("indicators", "activities", "milestones", "capacity_events"):
        used = set(frames[name]["result_id"].dropna())
        assert used <= result_ids, (name, used - result_ids)
    indicator_ids = set(frames["indicators"]["indicator_id"])
    assert set(frames["indicator_values"]["indicator_id"]) <= indicator_ids
    # outputs hang under an outcome of their own country; outcomes have no parent
    by_id = results.set_index("result_id")
    outputs = results[results["level"] == "output"]
    assert len(outputs) and outputs["parent_id"].notna().all()
    for output in outputs.itertuples():
        parent = by_id.loc[output.parent_id]
        assert parent["level"] == "outcome", output.result_id
        assert parent["country"] == output.country, output.result_id
    assert results.loc[results["level"] == "outcome", "parent_id"].isna().all()


def test_demo_values_are_plausible(frames):
    events = frames["capacity_events"]
    assert (events["women"] <= events["participants"]).all()
    assert (events["women"] >= 0).all() and (events["participants"] > 0).all()
    activities = frames["activities"]
    assert (activities["expenditure_usd"] >= 0).all()
    assert (activities["budget_usd"] > 0).all()
    assert activities["percent_complete"].between(0, 100).all()
    assert (pd.to_datetime(activities["start_date"]) <= pd.to_datetime(activities["end_date"])).all()


def test_demo_uses_every_unit(frames):
    assert set(frames["indicators"]["unit"]) == set(schema.UNITS)


def test_demo_progress_is_varied(derived):
    statuses = set(derived["indicators"]["status"])
    assert {"on_track", "at_risk", "off_track", "no_data"} <= statuses


def test_demo_is_published_as_demo(published):
    _url, version = published
    assert version.is_demo and version.kind == "demo"


# ---------------------------------------------------------------- the store


def test_nothing_published_yet(programme_db):
    url = programme_db
    assert database.current_id(url) is None
    assert database.read_current(url) is None
    assert database.history(url) == []


def test_publish_makes_the_version_current(programme_db, frames):
    url = programme_db
    version = database.publish(
        url, frames, created_by="alice", kind="upload", is_demo=False, file_name="plan.xlsx", note="first"
    )
    assert database.current_id(url) == version.version_id
    assert (version.created_by, version.kind, version.is_demo, version.file_name, version.note) == (
        "alice",
        "upload",
        False,
        "plan.xlsx",
        "first",
    )
    assert version.sha256 == database.content_hash(frames)
    assert version.row_counts == {name: len(frame) for name, frame in _normal(frames).items()}
    current = database.read_current(url)
    assert current is not None and current.version == version


def test_read_returns_the_published_frames(programme_db, frames):
    url = programme_db
    version = database.publish(url, frames, created_by="t", kind="demo", is_demo=True)
    expected = _normal(frames)
    for data in (database.read(url, version.version_id), database.read.__wrapped__(url, version.version_id)):
        assert set(data.frames) == set(expected)
        for name, frame in expected.items():
            pd.testing.assert_frame_equal(data[name], frame, obj=name)


def _changed(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    changed = {name: frame.copy() for name, frame in frames.items()}
    values = changed["indicator_values"]
    values.loc[values.index[0], "value"] = values.loc[values.index[0], "value"] + 1
    changed["capacity_events"] = changed["capacity_events"].iloc[1:]
    changed["milestones"].loc[changed["milestones"].index[0], "title"] = "Renamed milestone"
    return changed


def test_a_new_version_leaves_the_old_one_unchanged(programme_db, frames):
    url = programme_db
    first = database.publish(url, frames, created_by="t", kind="demo", is_demo=True)
    database.read(url, first.version_id)  # cached before the second publish
    changed = _changed(frames)
    second = database.publish(url, changed, created_by="bob", kind="upload", is_demo=False, file_name="v2.xlsx")
    assert second.version_id != first.version_id
    assert database.current_id(url) == second.version_id
    assert database.read_current(url).version == second
    for name, frame in _normal(changed).items():
        pd.testing.assert_frame_equal(database.read(url, second.version_id)[name], frame, obj=name)
    # the first version, from the cache and from the database itself
    for data in (database.read(url, first.version_id), database.read.__wrapped__(url, first.version_id)):
        assert data.version == first
        for name, frame in _normal(frames).items():
            pd.testing.assert_frame_equal(data[name], frame, obj=name)
    assert second.row_counts["capacity_events"] == first.row_counts["capacity_events"] - 1
    assert second.sha256 != first.sha256


def test_history_is_newest_first(programme_db, frames):
    url = programme_db
    first = database.publish(url, frames, created_by="t", kind="demo", is_demo=True)
    second = database.publish(url, _changed(frames), created_by="t", kind="upload", is_demo=False)
    third = database.publish(url, frames, created_by="t", kind="rollback", is_demo=True, note="back to the demo")
    versions = database.history(url)
    assert [v.version_id for v in versions] == [third.version_id, second.version_id, first.version_id]
    assert [v.kind for v in versions] == ["rollback", "upload", "demo"]
    assert versions[0].note == "back to the demo"
    for version in versions:
        assert isinstance(version.row_counts, dict)
        assert set(version.row_counts) == {sheet.name for sheet in schema.SHEETS}
    assert versions[2].row_counts == {name: len(frame) for name, frame in _normal(frames).items()}
    assert versions[1].row_counts["capacity_events"] == len(frames["capacity_events"]) - 1
    # identical content, identical hash
    assert third.sha256 == first.sha256 != second.sha256
    with database.engine(url).connect() as connection:
        stored = connection.execute(
            sa.select(database.versions.c.row_counts).where(database.versions.c.version_id == first.version_id)
        ).scalar()
    assert json.loads(stored) == first.row_counts


def test_content_hash_depends_on_content_only(frames):
    reordered = {name: frame.iloc[::-1][list(frame.columns)[::-1]] for name, frame in frames.items()}
    assert database.content_hash(reordered) == database.content_hash(frames)
    assert database.content_hash(_normal(frames)) == database.content_hash(frames)
    assert database.content_hash(_changed(frames)) != database.content_hash(frames)
    assert database.content_hash({}) == database.content_hash(
        {sheet.name: schema.empty_frame(sheet) for sheet in schema.SHEETS}
    )
    assert database.content_hash({}) != database.content_hash(frames)


@pytest.mark.parametrize(
    "failing_statement",
    [
        "INSERT INTO programme_milestones",  # after the earlier tables' rows are in
        "UPDATE current_version",  # after every row is in, when the pointer moves
    ],
)
def test_a_failed_publish_leaves_the_old_version(programme_db, frames, failing_statement):
    url = programme_db
    first = database.publish(url, frames, created_by="t", kind="demo", is_demo=True)
    engine = database.engine(url)
    seen = []

    def fail(connection, cursor, statement, parameters, context, executemany):
        seen.append(statement.split("(")[0].strip())
        if statement.startswith(failing_statement):
            raise RuntimeError("disk unplugged")

    sa.event.listen(engine, "before_cursor_execute", fail)
    try:
        with pytest.raises(Exception, match="disk unplugged"):
            database.publish(url, _changed(frames), created_by="t", kind="upload", is_demo=False)
    finally:
        sa.event.remove(engine, "before_cursor_execute", fail)
    # the failure came after rows of the new version had been inserted
    assert any(s.startswith("INSERT INTO programme_indicator_values") for s in seen)

    assert database.current_id(url) == first.version_id
    assert [v.version_id for v in database.history(url)] == [first.version_id]
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(database.versions)).scalar() == 1
        for name, table in database.TABLES.items():
            others = connection.execute(
                sa.select(sa.func.count()).select_from(table).where(table.c.version_id != first.version_id)
            ).scalar()
            assert others == 0, name
            kept = connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()
            assert kept == first.row_counts[name], name
    for name, frame in _normal(frames).items():
        pd.testing.assert_frame_equal(database.read.__wrapped__(url, first.version_id)[name], frame, obj=name)

    # and the store still takes the next publish
    second = database.publish(url, _changed(frames), created_by="t", kind="upload", is_demo=False)
    assert database.current_id(url) == second.version_id
    for name, frame in _normal(_changed(frames)).items():
        pd.testing.assert_frame_equal(database.read(url, second.version_id)[name], frame, obj=name)


# ---------------------------------------------------------------- derived tables


def test_one_indicator_row_per_stored_indicator(derived, published):
    url, version = published
    stored = database.read(url, version.version_id)["indicators"]
    indicators = derived["indicators"]
    assert len(indicators) == len(stored)
    assert not indicators["indicator_id"].duplicated().any()
    assert set(indicators["indicator_id"]) == set(stored["indicator_id"])
    assert indicators["country"].notna().all()


def test_progress_is_a_share_or_missing(derived):
    indicators = derived["indicators"]
    present = indicators["progress"].dropna()
    assert len(present) and present.between(0, 1).all()
    assert indicators["expected"].between(0, 1).all()
    missing = indicators["progress"].isna()
    assert (indicators.loc[missing, "status"] == "no_data").all()
    assert (indicators.loc[~missing, "status"] != "no_data").all()
    assert indicators["latest_value"].isna().equals(missing)


def test_latest_value_is_the_latest_total(derived, published):
    url, version = published
    values = database.read(url, version.version_id)["indicator_values"]
    totals = values[values["sex"] == "total"].assign(end=lambda f: f["period"].map(schema.period_end))
    by_id = derived["indicators"].set_index("indicator_id")
    checked = 0
    for indicator_id in by_id.index:
        rows = totals[totals["indicator_id"] == indicator_id]
        latest = by_id.loc[indicator_id, "latest_value"]
        if rows.empty:
            assert pd.isna(latest), indicator_id
            assert by_id.loc[indicator_id, "values_reported"] == 0, indicator_id
            continue
        last = rows.loc[rows["end"].idxmax()]
        assert latest == last["value"], indicator_id
        assert by_id.loc[indicator_id, "latest_period"] == last["period"], indicator_id
        assert by_id.loc[indicator_id, "values_reported"] == len(rows), indicator_id
        checked += 1
    assert checked > 50
    # indicators reported by sex have women's and men's latest values too
    by_sex = by_id[by_id["by_sex"].astype(bool) & by_id["latest_value"].notna()]
    assert len(by_sex) and by_sex["latest_female"].notna().all() and by_sex["latest_male"].notna().all()


def test_latest_value_by_hand_for_a_few_indicators(derived, published):
    url, version = published
    values = database.read(url, version.version_id)["indicator_values"]
    by_id = derived["indicators"].set_index("indicator_id")
    reported = [i for i in ("BGD-I1", "MDA-I6", "TUN-I8", "KGZ-I9") if i in set(values["indicator_id"])]
    assert reported
    for indicator_id in reported:
        rows = values[(values["indicator_id"] == indicator_id) & (values["sex"] == "total")]
        latest_period = max(rows["period"], key=lambda p: (int(p[:4]), int(p[-1])))
        value = rows.loc[rows["period"] == latest_period, "value"].item()
        assert by_id.loc[indicator_id, "latest_value"] == value


def test_as_of_is_the_end_of_the_latest_period(derived):
    assert derived["as_of"]["as_of"].tolist() == [demo.AS_OF.isoformat()]


def test_outputs_carry_the_tags_of_their_outcome(derived, frames):
    results = derived["results"].set_index("result_id")
    raw = frames["results"].set_index("result_id")
    outputs = results[results["level"] == "output"]
    assert len(outputs)
    for result_id, output in outputs.iterrows():
        parent = raw.loc[output["parent_id"]]
        for column in ("gcm_objectives", "sdg_targets"):
            tags = set(output[column].split(";"))
            assert set(parent[column].split(";")) <= tags, (result_id, column)
            assert set(raw.loc[result_id, column].split(";")) <= tags, (result_id, column)
    # e.g. MDA-OP1.2 (GCM 2;19) under MDA-OC1 (GCM 23)
    assert set(results.loc["MDA-OP1.2", "gcm_objectives"].split(";")) == {"2", "19", "23"}
    # and the rows under an output carry them too
    activities = derived["activities"].set_index("activity_id")
    assert set(activities.loc["MDA-A3", "gcm_objectives"].split(";")) == {"2", "19", "23"}
    indicators = derived["indicators"].set_index("indicator_id")
    assert set(indicators.loc["MDA-I4", "gcm_objectives"].split(";")) == {"2", "19", "23"}


def test_a_store_from_an_earlier_release_gains_the_new_optional_columns(tmp_path):
    """create_all makes missing tables, not missing columns: the engine adds the optional ones."""
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE programme_milestones (version_id INTEGER NOT NULL, milestone_id TEXT NOT NULL)")

    database.engine(f"sqlite:///{path}")

    with sqlite3.connect(path) as store:
        columns = {row[1] for row in store.execute("PRAGMA table_info(programme_milestones)")}
    assert {"indicator_id", "indicator_value", "title_fr", "title_es", "evidence_url"} <= columns
    assert "country" not in columns  # a required column cannot be added to rows that lack it


# ---------------------------------------------------------------- migrations


def test_a_store_of_an_earlier_release_is_migrated_with_its_data(tmp_path, frames):
    """A store made before Alembic (tables by create_all, an optional column missing, no
    alembic_version) keeps its versions, gains the column and reaches the newest revision."""
    from alembic.script import ScriptDirectory

    path = tmp_path / "old.sqlite"
    old = sa.create_engine(f"sqlite:///{path}")
    kept = sa.MetaData()
    dropped = next(c for c in database.TABLES["activities"].columns if c.nullable)
    for table in [database.versions, database.current_version, database.audit_log, *database.TABLES.values()]:
        columns = [c.copy() for c in table.columns if not (table.name == "programme_activities" and c is dropped)]
        sa.Table(table.name, kept, *columns)
    kept.create_all(old)
    with old.begin() as connection:
        connection.execute(
            kept.tables["versions"]
            .insert()
            .values(
                version_id=1,
                created_at="2025-01-01T00:00:00+00:00",
                created_by="old",
                kind="demo",
                is_demo=True,
                sha256="x" * 64,
                row_counts=json.dumps({"countries": 1}),
            )
        )
        connection.execute(kept.tables["current_version"].insert().values(singleton=1, version_id=1))
        connection.execute(
            kept.tables["audit_log"].insert().values(at="2025-01-01T00:00:00+00:00", actor="old", action="publish")
        )
    old.dispose()
    assert "alembic_version" not in sa.inspect(sa.create_engine(f"sqlite:///{path}")).get_table_names()

    url = f"sqlite:///{path}"
    present, head = database.revisions(url)
    assert present == head == ScriptDirectory.from_config(database._alembic_config()).get_current_head()
    assert database.current_id(url) == 1 and database.history(url)[0].created_by == "old"
    columns = {c["name"] for c in sa.inspect(database.engine(url)).get_columns("programme_activities")}
    assert dropped.name in columns
    assert "staff_sessions" in sa.inspect(database.engine(url)).get_table_names()
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), database.engine(url).begin() as connection:
        connection.exec_driver_sql("DELETE FROM audit_log")
    version = database.publish(url, frames, created_by="test", kind="demo", is_demo=True)
    assert version.version_id == 2 and database.read_current(url).frames["countries"].shape[0] > 0


def test_the_migrations_make_exactly_the_schema_the_code_declares(programme_db):
    """The revisions are frozen (they never read programme.database): a table or column the
    code gains without a new revision, or a revision that differs from the code, shows here."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with database.engine(programme_db).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), database.metadata)
    assert differences == []


def test_a_store_at_the_first_revision_keeps_its_data_and_gains_the_staging_table(tmp_path, frames):
    from alembic import command

    url = f"sqlite:///{tmp_path}/r1.sqlite"
    created = sa.create_engine(url)
    with created.connect() as connection:
        command.upgrade(database._alembic_config(connection), "0001")
        connection.commit()
    assert "staged_uploads" not in sa.inspect(created).get_table_names()
    database.publish(url, frames, created_by="r1", kind="demo", is_demo=True)  # engine(): upgrades first
    assert database.revisions(url)[0] == database.revisions(url)[1] != "0001"
    assert database.history(url)[0].created_by == "r1" and "staged_uploads" in sa.inspect(created).get_table_names()


def test_migrate_command_shows_the_revision(tmp_path, monkeypatch, capsys):
    from programme.__main__ import main

    monkeypatch.setenv("MIGDASH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MIGDASH_PROGRAMME_DB", f"sqlite:///{tmp_path}/m.sqlite")
    assert main(["migrate"]) == 0
    present, head = database.revisions(f"sqlite:///{tmp_path}/m.sqlite")
    assert present == head and f"revision {head} (newest: {head})" in capsys.readouterr().out


# ---------------------------------------------------------------- two hosts publishing at once


def test_two_hosts_publishing_on_the_same_base_one_wins(programme_db, frames, tmp_path):
    """Two processes (two hosts) publish on the same base at once, without the writer lock:
    the compare-and-swap in the transaction lets exactly one move the pointer; the other is
    told someone published first and stores nothing."""
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    first = database.publish(programme_db, frames, created_by="set-up", kind="demo", is_demo=True)
    go = tmp_path / "go"
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from programme import database, demo
        frames = demo.generate(seed=int(sys.argv[1]))
        database.engine({programme_db!r})
        while not Path({str(go)!r}).exists():
            time.sleep(0.01)
        try:
            version = database.publish({programme_db!r}, frames, created_by=sys.argv[1], kind="upload",
                                       is_demo=False, base_version={first.version_id})
            print("won", version.version_id)
        except database.BaseChanged as error:
            print("lost", error)
    """)
    root = Path(__file__).resolve().parent.parent
    hosts = [
        subprocess.Popen([sys.executable, "-c", script, str(seed)], cwd=root, stdout=subprocess.PIPE, text=True)
        for seed in (11, 12)
    ]
    go.write_text("1")
    answers = sorted(host.communicate(timeout=120)[0].split()[0] for host in hosts)
    assert answers == ["lost", "won"]
    database.read.cache_clear()
    assert len(database.history(programme_db)) == 2
    current = database.read_current(programme_db)
    assert current.version.version_id != first.version_id
    assert database.content_hash(current.frames) == current.version.sha256
    with database.engine(programme_db).connect() as connection:
        for name, table in database.TABLES.items():
            stored = connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()
            assert stored == first.row_counts[name] + current.version.row_counts[name], name
    with pytest.raises(database.BaseChanged):
        database.publish(programme_db, frames, created_by="late", kind="upload", is_demo=False, base_version=None)


# ---------------------------------------------------------------- backups


def test_a_backup_restores_the_same_history_audit_and_content(programme_db, frames, tmp_path):
    """A store with several versions and audit entries, backed up and restored into a fresh
    database (SQLite, PostgreSQL; the source is SQLite, so the PostgreSQL case also moves a
    store across), has the same history, audit log and content, and takes the next publish."""
    from programme import backup

    source = f"sqlite:///{tmp_path / 'source.sqlite'}"
    database.publish(source, frames, created_by="set-up", kind="demo", is_demo=True)
    database.audit(source, "edith", "refused", file_name="bad.xlsx", detail={"first": "text in a number column"})
    upload = demo.generate(seed=3)
    database.publish(source, upload, created_by="edith", kind="upload", is_demo=False, file_name="q3.xlsx")
    restored = {"restored_version": 1}
    database.publish(source, frames, created_by="ada", kind="rollback", is_demo=True, audit_detail=restored)
    written = backup.backup(source, tmp_path / "store.backup")
    loaded = backup.restore(tmp_path / "store.backup", programme_db)
    assert loaded == written and written["versions"] == 3

    assert database.history(programme_db) == database.history(source)
    assert database.audit_entries(programme_db) == database.audit_entries(source)
    assert database.current_id(programme_db) == database.current_id(source) == 3
    for version in database.history(source):
        restored = database.read.__wrapped__(programme_db, version.version_id)
        assert database.content_hash(restored.frames) == version.sha256
    after = database.publish(programme_db, demo.generate(seed=4), created_by="t", kind="upload", is_demo=False)
    assert after.version_id == 4 and database.audit_entries(programme_db)[0]["entry_id"] == written["audit_log"] + 1

    with pytest.raises(backup.BackupError, match="empty database"):
        backup.restore(tmp_path / "store.backup", programme_db)
    (tmp_path / "junk").write_bytes(b"not a backup")
    with pytest.raises(backup.BackupError, match="cannot be read"):
        backup.restore(tmp_path / "junk", f"sqlite:///{tmp_path / 'other.sqlite'}")
