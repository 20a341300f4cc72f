"""The programme database: every version of the programme data, and the audit log, in one SQL database.

SQLAlchemy Core, on SQLite by default (a file in the data folder); a deployment can point
MIGDASH_PROGRAMME_DB at PostgreSQL with no code change. Each sheet of programme.schema is
a table with a `version_id` column; `versions` describes each version (who, when, from what,
demo or not) and `current_version` holds the one being served.

A version is written whole, with the pointer moved, in one transaction: readers see the old
version or the new one, never a mix, and a process killed mid-publish leaves the old one.
Versions are never changed or deleted, so a version's frames can be kept in memory by id.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from programme.schema import SHEETS, normalize

metadata = sa.MetaData()

SQL_TYPES = {
    "integer": sa.Integer,
    "number": sa.Float,
    "bool": sa.Boolean,
}

versions = sa.Table(
    "versions",
    metadata,
    sa.Column("version_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # demo | upload | rollback
    sa.Column("is_demo", sa.Boolean, nullable=False),
    sa.Column("file_name", sa.String(300)),
    sa.Column("sha256", sa.String(64), nullable=False),  # of the content (see content_hash)
    sa.Column("file_sha256", sa.String(64)),  # of the uploaded file, as received
    sa.Column("row_counts", sa.Text, nullable=False),  # JSON {sheet: rows}
    sa.Column("changes", sa.Text),  # JSON summary of the change from the previous version
    sa.Column("note", sa.Text),
    sqlite_autoincrement=True,  # an id is never reused, so (database, id) names one version forever
)
current_version = sa.Table(
    "current_version",
    metadata,
    sa.Column("singleton", sa.Integer, primary_key=True),  # always 1
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.version_id"), nullable=False),
)
# Append-only: the code has no update or delete, and the database refuses them (triggers made by
# migration 0001, on SQLite and PostgreSQL).
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("entry_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),  # publish | rollback | refused | unchanged | ...
    sa.Column("version_id", sa.Integer),
    sa.Column("file_name", sa.String(300)),
    sa.Column("file_sha256", sa.String(64)),
    sa.Column("detail", sa.Text),  # JSON
    sqlite_autoincrement=True,
)
TABLES = {
    sheet.name: sa.Table(
        f"programme_{sheet.name}",
        metadata,
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.version_id"), nullable=False, index=True),
        *[sa.Column(f.name, SQL_TYPES.get(f.type, sa.Text), nullable=not f.required) for f in sheet.fields],
    )
    for sheet in SHEETS
}
# Signed-in staff sessions (web/sessions.py uses them): here so that the migrations know every table.
staff_sessions = sa.Table(
    "staff_sessions",
    metadata,
    sa.Column("session_digest", sa.String(64), primary_key=True),  # sha256 of the cookie's id
    sa.Column("user_name", sa.String(200), nullable=False),
    sa.Column("started_at", sa.Integer, nullable=False),
    sa.Column("expires_at", sa.Integer, nullable=False, index=True),
)
# Checked uploads waiting to be published (programme/staging.py): in the shared database, so
# that a preview made on one app host is published from whichever host the next request reaches.
staged_uploads = sa.Table(
    "staged_uploads",
    metadata,
    sa.Column("preview_id", sa.String(32), primary_key=True),  # random, never the client's file name
    sa.Column("created_at", sa.Integer, nullable=False, index=True),  # epoch seconds, for expiry
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("meta", sa.Text, nullable=False),  # JSON: sha256, file_name, base_version...
    sa.Column("content", sa.LargeBinary, nullable=False),  # the workbook as received
)
# Data versions some pinned link names (data/pins.py): their builds are kept on every host. Here
# because this is the one database all hosts share, though the builds are not programme data.
pinned_builds = sa.Table(
    "pinned_builds",
    metadata,
    sa.Column("data_version", sa.String(40), primary_key=True),
    sa.Column("pinned_at", sa.Integer, nullable=False),  # epoch seconds, first time named
)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class BaseChanged(Exception):
    """Someone published first: the current version is no longer the one the publish was based on."""


_UNCHECKED = object()  # publish(base_version=...) not given: no compare-and-swap


@dataclass(frozen=True)
class Version:
    version_id: int
    created_at: str
    created_by: str
    kind: str
    is_demo: bool
    file_name: str | None
    sha256: str
    file_sha256: str | None
    row_counts: dict
    changes: dict | None
    note: str | None


@dataclass(frozen=True)
class ProgrammeData:
    """One complete version: its description and one frame per sheet (do not modify them)."""

    version: Version
    frames: dict[str, pd.DataFrame]

    def __getitem__(self, sheet: str) -> pd.DataFrame:
        return self.frames[sheet]


def _alembic_config(connection=None, url: str | None = None):
    """Alembic's configuration, built in code: the scripts in programme/migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


@contextmanager
def _held(url: str, created: sa.Engine, suffix: str, key: int):
    """An exclusive lock across processes and hosts, held for the block: a lock file beside a
    SQLite database (`<file><suffix>`), a PostgreSQL session advisory lock (`key`)."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///") + suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    elif created.dialect.name == "postgresql":
        with created.connect() as connection:
            connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": key})
            connection.commit()  # the lock is the session's: no transaction left open while held
            try:
                yield
            finally:
                connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()
    else:
        yield


def migrate(created: sa.Engine, url: str) -> None:
    """Bring the store's schema to the newest revision (a store of a release before Alembic is
    adopted by revision 0001, which only adds what it lacks)."""
    from alembic import command

    # Two processes starting together migrate one after the other: the second finds head.
    with _held(url, created, ".migrate.lock", 7274371), created.connect() as connection:
        command.upgrade(_alembic_config(connection), "head")
        connection.commit()


def revisions(url: str) -> tuple[str | None, str]:
    """(the store's revision, the newest revision the code knows)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engine(url).connect() as connection:
        present = MigrationContext.configure(connection).get_current_revision()
    return present, ScriptDirectory.from_config(_alembic_config()).get_current_head()


@lru_cache(maxsize=4)
def engine(url: str) -> sa.Engine:
    """One engine per database URL and process; the schema is migrated to head on first use."""
    options = {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {"pool_pre_ping": True}
    created = sa.create_engine(url, **options)
    if url.startswith("sqlite"):

        @sa.event.listens_for(created, "connect")
        def _pragmas(connection, _record):
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for a publish
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    migrate(created, url)
    return created


def content_hash(frames: dict[str, pd.DataFrame]) -> str:
    """A hash of the data itself (normalised), so identical content is recognised."""
    digest = hashlib.sha256()
    for sheet in SHEETS:
        frame = normalize(sheet, frames.get(sheet.name, pd.DataFrame(columns=sheet.columns)))
        digest.update(sheet.name.encode())
        digest.update(frame.to_csv(index=False, lineterminator="\n").encode())
    return digest.hexdigest()


def _row_value(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def publish(
    url: str,
    frames: dict[str, pd.DataFrame],
    *,
    created_by: str,
    kind: str,
    is_demo: bool,
    file_name: str | None = None,
    note: str | None = None,
    file_sha256: str | None = None,
    changes: dict | None = None,
    audit_detail: dict | None = None,
    base_version=_UNCHECKED,
) -> Version:
    """Store `frames` (one per sheet) as a new version and make it current, atomically, with
    its audit entry in the same transaction. With `base_version` (an id, or None for an empty
    store) the pointer moves only if it still names that version (compare-and-swap in the
    transaction, which holds even without writer_lock); otherwise BaseChanged, nothing stored."""
    normal = {
        sheet.name: normalize(sheet, frames.get(sheet.name, pd.DataFrame(columns=sheet.columns))) for sheet in SHEETS
    }
    counts = {name: len(frame) for name, frame in normal.items()}
    with engine(url).begin() as connection:
        version_id = connection.execute(
            versions.insert().values(
                created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                created_by=created_by,
                kind=kind,
                is_demo=is_demo,
                file_name=file_name,
                sha256=content_hash(normal),
                file_sha256=file_sha256,
                row_counts=json.dumps(counts),
                changes=json.dumps(changes) if changes is not None else None,
                note=note,
            )
        ).inserted_primary_key[0]
        for name, frame in normal.items():
            if len(frame):
                rows = [
                    {column: _row_value(value) for column, value in record.items()} | {"version_id": version_id}
                    for record in frame.to_dict("records")
                ]
                connection.execute(TABLES[name].insert(), rows)
        move = current_version.update().where(current_version.c.singleton == 1)
        if base_version is not _UNCHECKED:
            move = move.where(current_version.c.version_id == base_version)
        updated = connection.execute(move.values(version_id=version_id))
        if updated.rowcount == 0:
            if base_version is not _UNCHECKED and base_version is not None:
                raise BaseChanged(f"version {base_version} is no longer current")
            try:  # the first version: the pointer's row is made (a concurrent first publish collides)
                connection.execute(current_version.insert().values(singleton=1, version_id=version_id))
            except sa.exc.IntegrityError as error:
                raise BaseChanged("another version was published first") from error
        _audit(
            connection,
            created_by,
            kind if kind != "upload" else "publish",
            version_id,
            file_name,
            file_sha256,
            {"rows": counts, **(audit_detail or {})},
        )
    return get_version(url, version_id)


def _audit(
    connection,
    actor: str,
    action: str,
    version_id: int | None,
    file_name: str | None,
    file_sha256: str | None,
    detail: dict | None,
) -> None:
    connection.execute(
        audit_log.insert().values(
            at=datetime.now(UTC).isoformat(timespec="seconds"),
            actor=actor,
            action=action,
            version_id=version_id,
            file_name=file_name,
            file_sha256=file_sha256,
            detail=json.dumps(detail or {}, default=str),
        )
    )


def audit(
    url: str,
    actor: str,
    action: str,
    *,
    version_id: int | None = None,
    file_name: str | None = None,
    file_sha256: str | None = None,
    detail: dict | None = None,
) -> None:
    """Append an entry to the audit log (refused uploads, unchanged re-uploads, sign-ins...)."""
    with engine(url).begin() as connection:
        _audit(connection, actor, action, version_id, file_name, file_sha256, detail)


def audit_entries(url: str, limit: int = 200) -> list[dict]:
    """The newest audit entries first."""
    with engine(url).connect() as connection:
        rows = connection.execute(sa.select(audit_log).order_by(audit_log.c.entry_id.desc()).limit(limit)).all()
    return [dict(row._mapping) | {"detail": json.loads(row.detail or "{}")} for row in rows]


def writer_lock(url: str):
    """One publish at a time, across processes and hosts. Readers are never blocked."""
    return _held(url, engine(url), ".lock", 7274370)


def current_id(url: str) -> int | None:
    """The id of the version being served, or None when nothing has been published."""
    with engine(url).connect() as connection:
        return connection.execute(sa.select(current_version.c.version_id)).scalar()


def _version(row) -> Version:
    values = dict(row._mapping)
    values["row_counts"] = json.loads(values["row_counts"])
    values["changes"] = json.loads(values["changes"]) if values["changes"] else None
    values["is_demo"] = bool(values["is_demo"])
    return Version(**values)


def get_version(url: str, version_id: int) -> Version:
    with engine(url).connect() as connection:
        row = connection.execute(sa.select(versions).where(versions.c.version_id == version_id)).one()
    return _version(row)


def history(url: str) -> list[Version]:
    """Every version, newest first."""
    with engine(url).connect() as connection:
        rows = connection.execute(sa.select(versions).order_by(versions.c.version_id.desc())).all()
    return [_version(row) for row in rows]


@lru_cache(maxsize=4)
def read(url: str, version_id: int) -> ProgrammeData:
    """One complete version (versions never change, so it is read once per process)."""
    frames = {}
    with engine(url).connect() as connection:
        for sheet in SHEETS:
            table = TABLES[sheet.name]
            rows = connection.execute(
                sa.select(*[table.c[c] for c in sheet.columns]).where(table.c.version_id == version_id)
            ).all()
            frames[sheet.name] = normalize(sheet, pd.DataFrame(rows, columns=sheet.columns))
    return ProgrammeData(get_version(url, version_id), frames)


def read_current(url: str) -> ProgrammeData | None:
    version_id = current_id(url)
    return read(url, version_id) if version_id is not None else None
