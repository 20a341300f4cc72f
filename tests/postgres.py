"""A private PostgreSQL server for the tests: Debian's `postgresql` binaries (`.ci/run` and
`make test` install them), one cluster per test session made with `initdb` in a temporary
folder and started with `pg_ctl` on a free loopback port (no system service, no password:
`trust` on loopback only), and a fresh database per test.

PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user the
Debian package creates (`runuser`); otherwise to the user running the tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path


def pg_bin(program: str) -> str:
    """A PostgreSQL server program: on PATH, or in Debian's versioned folder (not on PATH)."""
    found = shutil.which(program)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / program).exists():
            return str(folder / program)
    raise FileNotFoundError(f"{program} not found: install Debian's postgresql (tools/system-packages.sh)")


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class PostgresServer:
    """A running cluster: `url(database)` is a SQLAlchemy URL of one of its databases."""

    folder: Path
    port: int
    user: str = "migdash"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        import sqlalchemy as sa

        name = f"t_{uuid.uuid4().hex[:12]}"
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        engine.dispose()
        return self.url(name)

    def run(self, program: str, *arguments: str, **options) -> subprocess.CompletedProcess:
        """A client program (psql, pg_dump, pg_restore) against this server."""
        command = [pg_bin(program), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, *arguments]
        return subprocess.run(command, check=True, capture_output=True, **options)

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        subprocess.run(
            _as_owner([pg_bin("pg_ctl"), "-D", str(self.folder / "cluster"), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start(port: int) -> PostgresServer:
    """initdb a cluster in a new temporary folder and start it on 127.0.0.1:`port`; returns once
    it accepts. The folder is directly under the system's temporary folder, where the `postgres`
    user can reach it (pytest's own temporary folders are private to the user running pytest)."""
    folder = Path(tempfile.mkdtemp(prefix="migdash-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    cluster, sockets = folder / "cluster", folder / "sockets"
    subprocess.run(
        _as_owner(
            [
                *(pg_bin("initdb"), "-D", str(cluster), "-U", "migdash", "-A", "trust", "-E", "UTF8"),
                *("--no-sync", "--locale=C.UTF-8"),
            ]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    subprocess.run(_as_owner(["mkdir", "-p", str(sockets)]), check=True)
    server_options = (
        f"-p {port} -c listen_addresses=127.0.0.1 -k {sockets} -c fsync=off -c synchronous_commit=off"
        " -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        _as_owner(
            [
                *(pg_bin("pg_ctl"), "-D", str(cluster), "-l", str(folder / "server.log")),
                *("-o", server_options, "-w", "-t", "60", "start"),
            ]
        ),
        check=True,
        capture_output=True,
        timeout=90,
    )
    server = PostgresServer(folder, port)
    deadline = time.monotonic() + 30
    while True:
        try:
            server.run("psql", "-d", "postgres", "-c", "select 1", timeout=10)
            return server
        except subprocess.CalledProcessError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
