"""Staff accounts and a programme store of their own, for the tests of signed-in work
(sign-in, upload, publish): the same password everywhere, its scrypt hash made once per
session, at a cheaper work factor (TEST_HASH_METHOD), and the session's demo store copied, not republished."""

from __future__ import annotations

import functools
import json
import sqlite3
from pathlib import Path

PASSWORD = "correct horse battery staple"


# werkzeug's scrypt with a 16th of the work factor web.accounts uses (N = 2**11, not 2**15): the
# lock-out tests check dozens of passwords, ~80 ms each at the real factor. The stored format
# is the same; test_auth checks that `python -m web.accounts add` writes the real factor.
TEST_HASH_METHOD = "scrypt:2048:8:1"


@functools.cache
def password_hash(password: str = PASSWORD) -> str:
    """A salted scrypt hash of `password` in web.accounts' format, at a test's work factor."""
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password, method=TEST_HASH_METHOD)


def accounts_file(path: Path, **roles: str) -> Path:
    """An accounts file at `path` with one account per name=role, all with PASSWORD."""
    users = {name: {"hash": password_hash(), "role": role} for name, role in roles.items()}
    path.write_text(json.dumps({"users": users}), encoding="utf-8")
    return path


def programme_copy(source: Path, target: Path) -> str:
    """A copy of the SQLite programme store `source` at `target` (sqlite's own backup, so a
    write-ahead log is included); its database URL."""
    origin, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        origin.backup(copy)
    finally:
        origin.close()
        copy.close()
    return f"sqlite:///{target}"


def programme_store(demo_store: Path, url: str) -> str:
    """The demo programme data in the empty store `url`: a copy of the session's SQLite store
    `demo_store` for a SQLite URL, the same demo published for any other (PostgreSQL)."""
    if url.startswith("sqlite:///"):
        return programme_copy(demo_store, Path(url.removeprefix("sqlite:///")))
    from programme import database, demo

    database.publish(url, demo.generate(), created_by="set-up", kind="demo", is_demo=True)
    return url
