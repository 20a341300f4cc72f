"""Which data builds a pinned link names (`v=<data version>`), so that no host removes them.

A pin is recorded when a pinned view of a kept build is served, or when someone picks "As of
this data version" in a share dialog (data.queries.pin_request). It is kept in the programme
database, the one store every app host shares: a link handed out by host A keeps its build on
host B too, whichever host answers it later. data.store.prune_builds is given these versions.
The empty files `<data dir>/pins/<version>` of earlier releases still count.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import sqlalchemy as sa

from programme.database import engine, pinned_builds

log = logging.getLogger(__name__)
LEGACY_FOLDER = "pins"
_recorded: set[tuple[str, str]] = set()  # (store, version) this process already wrote


def record(url: str, version: str) -> None:
    """Remember that a link names `version` (a kept build's: the caller checked). One insert
    per version and process, however many requests name it; a store that cannot take it
    loses the pin, never the view."""
    if (url, version) in _recorded:
        return
    try:
        with engine(url).begin() as connection:
            connection.execute(pinned_builds.insert().values(data_version=version, pinned_at=int(time.time())))
    except sa.exc.IntegrityError:  # recorded before (another process or host, or a restart)
        pass
    except Exception as error:  # noqa: BLE001 - a store down or unmigratable: the view is still served
        log.warning("could not record the pin of data version %s: %s", version, error)
        return
    _recorded.add((url, version))


def versions(url: str, data_dir: Path) -> set[str] | None:
    """Every pinned version (the store's and an earlier release's files), or None when the
    store cannot be read: then nothing should be removed."""
    folder = Path(data_dir) / LEGACY_FOLDER
    legacy = {path.name for path in folder.iterdir()} if folder.is_dir() else set()
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return legacy  # no store yet, so nothing pinned in it (and a build does not make one)
    try:
        with engine(url).connect() as connection:
            return legacy | set(connection.execute(sa.select(pinned_builds.c.data_version)).scalars())
    except Exception as error:  # noqa: BLE001 - any failure (down, unknown revision, a lock): remove nothing
        log.warning("could not read the pinned data versions from the programme store: %s", error)
        return None
