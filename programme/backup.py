"""Backups of the programme store: every version, the pointer and the audit log, in one
portable file (gzip'd JSON lines) read through SQLAlchemy in one snapshot transaction.

Portable rather than native (sqlite3's backup API, pg_dump): the same file restores into
SQLite or PostgreSQL (so it also moves a store from one to the other), needs no PostgreSQL
client programs of the server's version on the host, and is read while serving (a SQLite
read transaction in WAL mode and a PostgreSQL REPEATABLE READ one both see one instant).
Staff sessions and previews waiting to be published are not kept: a restore signs everybody
out, and an upload previewed before it is uploaded again.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import sqlalchemy as sa

from programme import database

FORMAT = "migdash-programme-backup"
TRANSIENT = {database.staff_sessions.name, database.staged_uploads.name}
TABLES = [table for table in database.metadata.sorted_tables if table.name not in TRANSIENT]


class BackupError(Exception):
    """A backup that cannot be restored here, or a store that cannot take it; says why."""


def backup(url: str, target: Path) -> dict[str, int]:
    """Write the store `url` to `target` (atomically); returns the rows written per table."""
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    counts = {}
    present, _head = database.revisions(url)
    connection_options = {"isolation_level": "REPEATABLE READ"} if url.startswith("postgresql") else {}
    connection = database.engine(url).connect().execution_options(**connection_options)
    with connection, connection.begin(), gzip.open(partial, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"format": FORMAT, "revision": present}) + "\n")
        for table in TABLES:
            columns = [column.name for column in table.columns]
            out.write(json.dumps({"table": table.name, "columns": columns}) + "\n")
            counts[table.name] = 0
            ordering = list(table.primary_key.columns) or [table.c.version_id]
            for row in connection.execute(sa.select(table).order_by(*ordering)):
                out.write(json.dumps(list(row)) + "\n")
                counts[table.name] += 1
    os.replace(partial, target)
    return counts


def restore(source: Path, url: str) -> dict[str, int]:
    """Load the backup `source` into the empty store `url`, in one transaction; returns the rows
    loaded per table. Refuses a store that holds anything, and a backup of another revision."""
    created = database.engine(url)
    present, _head = database.revisions(url)
    known = {table.name: table for table in TABLES}
    counts: dict[str, int] = {}
    try:
        with gzip.open(source, "rt", encoding="utf-8") as lines, created.begin() as connection:
            header = json.loads(next(lines))
            if header.get("format") != FORMAT:
                raise BackupError(f"{source} is not a programme backup")
            if header.get("revision") != present:
                raise BackupError(
                    f"{source} is of schema revision {header.get('revision')}, this store of {present}: "
                    "restore it with the release that made it, then migrate"
                )
            if any(connection.execute(sa.select(sa.func.count()).select_from(table)).scalar() for table in TABLES):
                raise BackupError("the store already holds data: restore into an empty database")
            table, columns, batch = None, [], []
            for line in lines:
                item = json.loads(line)
                if isinstance(item, dict):
                    if batch:
                        connection.execute(table.insert(), batch)
                    table, columns, batch = known[item["table"]], item["columns"], []
                    counts[table.name] = 0
                    continue
                batch.append(dict(zip(columns, item, strict=True)))
                counts[table.name] += 1
                if len(batch) >= 5000:
                    connection.execute(table.insert(), batch)
                    batch = []
            if batch:
                connection.execute(table.insert(), batch)
            if created.dialect.name == "postgresql":  # the next ids follow the restored ones
                for serial in (database.versions.c.version_id, database.audit_log.c.entry_id):
                    connection.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{serial.table.name}', '{serial.name}'), "
                            f"COALESCE((SELECT MAX({serial.name}) FROM {serial.table.name}), 0) + 1, false)"
                        )
                    )
    except (
        OSError,
        EOFError,
        StopIteration,
        json.JSONDecodeError,
        KeyError,
        ValueError,
        sa.exc.IntegrityError,
    ) as error:
        raise BackupError(f"{source} cannot be read as a programme backup: {error}") from error
    database.read.cache_clear()
    return counts
