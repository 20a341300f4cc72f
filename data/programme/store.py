"""The programme store: every version of the programme data, in one SQL database.

SQLAlchemy Core, on SQLite by default (a file in the data folder); a deployment can point
MIGDASH_PROGRAMME_DB at PostgreSQL with no code change. Each sheet of data.programme.schema is
a table with a `version_id` column; `versions` describes each version (who, when, from what,
demo or not) and `current_version` holds the one being served.

A version is written whole, with the pointer moved, in one transaction: readers see the old
version or the new one, never a mix, and a process killed mid-publish leaves the old one.
Versions are never changed or deleted, so a version's frames can be kept in memory by id.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

import pandas as pd
import sqlalchemy as sa

from data.programme.schema import SHEETS, normalize

metadata = sa.MetaData()

SQL_TYPES = {
    "integer": sa.Integer, "number": sa.Float, "bool": sa.Boolean,
}

versions = sa.Table(
    "versions", metadata,
    sa.Column("version_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # demo | upload | rollback
    sa.Column("is_demo", sa.Boolean, nullable=False),
    sa.Column("file_name", sa.String(300)),
    sa.Column("sha256", sa.String(64), nullable=False),  # of the content (see content_hash)
    sa.Column("row_counts", sa.Text, nullable=False),  # JSON {sheet: rows}
    sa.Column("note", sa.Text),
    sqlite_autoincrement=True,  # an id is never reused, so (database, id) names one version forever
)
current_version = sa.Table(
    "current_version", metadata,
    sa.Column("singleton", sa.Integer, primary_key=True),  # always 1
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.version_id"), nullable=False),
)
TABLES = {
    sheet.name: sa.Table(
        f"programme_{sheet.name}", metadata,
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.version_id"), nullable=False, index=True),
        *[sa.Column(f.name, SQL_TYPES.get(f.type, sa.Text), nullable=not f.required) for f in sheet.fields],
    )
    for sheet in SHEETS
}


@dataclass(frozen=True)
class Version:
    version_id: int
    created_at: str
    created_by: str
    kind: str
    is_demo: bool
    file_name: str | None
    sha256: str
    row_counts: dict
    note: str | None


@dataclass(frozen=True)
class ProgrammeData:
    """One complete version: its description and one frame per sheet (do not modify them)."""

    version: Version
    frames: dict[str, pd.DataFrame]

    def __getitem__(self, sheet: str) -> pd.DataFrame:
        return self.frames[sheet]


@lru_cache(maxsize=4)
def engine(url: str) -> sa.Engine:
    """One engine per database URL and process; tables are created on first use."""
    options = {"connect_args": {"timeout": 30}} if url.startswith("sqlite") else {"pool_pre_ping": True}
    created = sa.create_engine(url, **options)
    if url.startswith("sqlite"):
        @sa.event.listens_for(created, "connect")
        def _pragmas(connection, _record):
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for a publish
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
    metadata.create_all(created)
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


def publish(url: str, frames: dict[str, pd.DataFrame], *, created_by: str, kind: str, is_demo: bool,
            file_name: str | None = None, note: str | None = None) -> Version:
    """Store `frames` (one per sheet) as a new version and make it current, atomically."""
    normal = {sheet.name: normalize(sheet, frames.get(sheet.name, pd.DataFrame(columns=sheet.columns)))
              for sheet in SHEETS}
    counts = {name: len(frame) for name, frame in normal.items()}
    with engine(url).begin() as connection:
        version_id = connection.execute(versions.insert().values(
            created_at=datetime.now(UTC).isoformat(timespec="seconds"), created_by=created_by, kind=kind,
            is_demo=is_demo, file_name=file_name, sha256=content_hash(normal),
            row_counts=json.dumps(counts), note=note,
        )).inserted_primary_key[0]
        for name, frame in normal.items():
            if len(frame):
                rows = [{column: _row_value(value) for column, value in record.items()} | {"version_id": version_id}
                        for record in frame.to_dict("records")]
                connection.execute(TABLES[name].insert(), rows)
        updated = connection.execute(current_version.update().where(current_version.c.singleton == 1)
                                     .values(version_id=version_id))
        if updated.rowcount == 0:
            connection.execute(current_version.insert().values(singleton=1, version_id=version_id))
    return get_version(url, version_id)


def current_id(url: str) -> int | None:
    """The id of the version being served, or None when nothing has been published."""
    with engine(url).connect() as connection:
        return connection.execute(sa.select(current_version.c.version_id)).scalar()


def _version(row) -> Version:
    values = dict(row._mapping)
    values["row_counts"] = json.loads(values["row_counts"])
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
            rows = connection.execute(sa.select(*[table.c[c] for c in sheet.columns])
                                      .where(table.c.version_id == version_id)).all()
            frames[sheet.name] = normalize(sheet, pd.DataFrame(rows, columns=sheet.columns))
    return ProgrammeData(get_version(url, version_id), frames)


def read_current(url: str) -> ProgrammeData | None:
    version_id = current_id(url)
    return read(url, version_id) if version_id is not None else None
