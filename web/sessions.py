"""Signed-in staff sessions, recorded server-side so that signing out ends them everywhere.

The session stays Flask's signed cookie (user, role, CSRF token), but a signed-in one also
carries a random id whose digest is a row of `staff_sessions` in the programme store's
database (MIGDASH_PROGRAMME_DB: the SQLite file by default, or the PostgreSQL that every host
behind a load balancer shares). Sign-in adds the row, sign-out deletes it, and a cookie
without a live row signs nobody in: a copy of the cookie taken before sign-out is worthless
after it, on every host at once. Only signed-in staff have rows (anonymous visitors never
do), and expired rows are removed at each sign-in. When the database cannot be reached,
nobody is signed in: it fails closed.
"""

from __future__ import annotations

import hashlib
import secrets
import time

import sqlalchemy as sa

from programme import database

Error = sa.exc.SQLAlchemyError  # what a database that cannot answer raises

staff_sessions = database.staff_sessions  # made by the store's migrations
_engine = database.engine


def _digest(session_id: str) -> str:
    """Rows hold a digest, so reading the database gives no usable session id."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def start(url: str, user_name: str, lifetime_seconds: int) -> str:
    """Record a new session of `user_name`; returns its id, for the session cookie."""
    session_id = secrets.token_urlsafe(32)
    now = int(time.time())
    with _engine(url).begin() as connection:
        connection.execute(staff_sessions.delete().where(staff_sessions.c.expires_at <= now))
        connection.execute(
            staff_sessions.insert().values(
                session_digest=_digest(session_id),
                user_name=user_name,
                started_at=now,
                expires_at=now + lifetime_seconds,
            )
        )
    return session_id


def is_live(url: str, session_id) -> bool:
    """True while the session `session_id` has been neither ended nor outlived."""
    if not isinstance(session_id, str) or not session_id:
        return False
    with _engine(url).connect() as connection:
        expires_at = connection.execute(
            sa.select(staff_sessions.c.expires_at).where(staff_sessions.c.session_digest == _digest(session_id))
        ).scalar()
    return expires_at is not None and expires_at > time.time()


def end(url: str, session_id) -> None:
    """End the session `session_id` (nothing happens for an unknown one)."""
    if not isinstance(session_id, str) or not session_id:
        return
    with _engine(url).begin() as connection:
        connection.execute(staff_sessions.delete().where(staff_sessions.c.session_digest == _digest(session_id)))
