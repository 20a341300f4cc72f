"""Checked uploads waiting to be published, in the programme database (table `staged_uploads`).

A preview is made on whichever app host the upload reached, and its publish may reach another:
the workbook and what the preview showed it against (`base_version`, kept on the server so the
form cannot change it) are therefore in the shared store, not in one host's data folder. A
preview nobody publishes is forgotten after STAGED_HOURS.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time

import sqlalchemy as sa

from programme.database import engine, staged_uploads

STAGED_HOURS = 24


def stage(url: str, content: bytes, meta: dict, created_by: str) -> str:
    """Keep a checked upload (and forget expired ones): its new random preview id."""
    preview = secrets.token_hex(16)
    now = int(time.time())
    with engine(url).begin() as connection:
        connection.execute(staged_uploads.delete().where(staged_uploads.c.created_at < now - STAGED_HOURS * 3600))
        connection.execute(
            staged_uploads.insert().values(
                preview_id=preview, created_at=now, created_by=created_by, meta=json.dumps(meta), content=content
            )
        )
    return preview


def describe(url: str, preview: str, meta: dict) -> None:
    """Replace a staged upload's description (a new preview records the version it was made against)."""
    with engine(url).begin() as connection:
        connection.execute(
            staged_uploads.update().where(staged_uploads.c.preview_id == preview).values(meta=json.dumps(meta))
        )


def staged(url: str, preview: str, user: str) -> tuple[bytes, dict] | None:
    """`user`'s staged workbook and its description, or None when unknown, another user's,
    expired, or not the file that was checked (its sha256 differs from the one recorded)."""
    with engine(url).connect() as connection:
        row = connection.execute(
            sa.select(staged_uploads.c.content, staged_uploads.c.meta, staged_uploads.c.created_at).where(
                staged_uploads.c.preview_id == preview, staged_uploads.c.created_by == user
            )
        ).first()
    if row is None or row.created_at < time.time() - STAGED_HOURS * 3600:
        return None
    content = bytes(row.content)
    try:
        meta = json.loads(row.meta)
    except ValueError:
        return None
    if not isinstance(meta, dict) or meta.get("sha256") != hashlib.sha256(content).hexdigest():
        return None
    return content, meta


def unstage(url: str, preview: str) -> None:
    with engine(url).begin() as connection:
        connection.execute(staged_uploads.delete().where(staged_uploads.c.preview_id == preview))


def waiting(url: str) -> list[str]:
    """The preview ids waiting to be published (for tests and the operator)."""
    with engine(url).connect() as connection:
        return list(
            connection.execute(sa.select(staged_uploads.c.preview_id).order_by(staged_uploads.c.preview_id)).scalars()
        )
