"""Files written whole or not at all, and knowing a full disk when we meet one.

`write_atomically` is the one way the app writes a file in place (exported workbooks, the
accounts file, change reports, the fetch log, compressed static files): readers see the old
file or the new one, never half, and a failure (a full disk included) leaves no temporary file
behind.

`is_out_of_space` recognises a full disk or an exhausted quota however it surfaces: an OSError
with ENOSPC or EDQUOT (from our writes, pyarrow's or the file cache's), or a database saying so
(SQLite's SQLITE_FULL, PostgreSQL's disk_full). Every writer here is atomic, so whoever catches
it can say truthfully that nothing was changed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

OUT_OF_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
SQLITE_FULL = 13  # sqlite3.Error.sqlite_errorcode (primary result code) for "database or disk is full"
POSTGRES_DISK_FULL = "53100"  # SQLSTATE disk_full


def is_out_of_space(error: BaseException | None) -> bool:
    """True when `error`, or an error it was raised from, says the disk (or quota) is full."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno in OUT_OF_SPACE_ERRNOS:
            return True
        if getattr(error, "sqlite_errorcode", None) is not None and error.sqlite_errorcode & 0xFF == SQLITE_FULL:
            return True
        if (
            getattr(error, "pgcode", None) == POSTGRES_DISK_FULL
            or getattr(error, "sqlstate", None) == POSTGRES_DISK_FULL
        ):
            return True
        error = getattr(error, "orig", None) or error.__cause__ or error.__context__
    return False


def fsync_path(path: Path) -> None:
    """Make a written file, or a folder's list of entries (a rename in it), durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path, content: bytes | str, mode: int | None = None) -> None:
    """Write `content` (text is written as UTF-8) to `path`: a temporary file in the same
    folder, fsync, os.replace, then the folder is synced so the rename survives a crash.

    `mode`: the file's permissions; by default those of the file replaced, or 0o644.
    """
    target = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if mode is None:
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            os.fchmod(file.fileno(), mode)
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # some file systems cannot sync a folder; the file itself is complete
        fsync_path(target.parent)
