"""A real `gunicorn app:server` started as production starts it (gunicorn.conf.py), on a free
port, for the tests that need a server of its own (tests/test_robust_serving.py, one app host
of tests/test_multihost.py): the environment is the host's configuration."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def in_a_thread(server):
    """A socketserver server (http.server's) answering from a thread of its own until the
    block ends, then shut down and closed: its port."""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def gunicorn_host(data_dir: Path, work_dir: Path, env: dict | None = None, workers: int = 2, port: int | None = None):
    """A fresh gunicorn (`workers` x 8 threads) on `data_dir`, with `env` over the test's
    environment: its URL and log, once every worker is up and before any request was made."""
    port = port or free_port()
    environ = {
        **os.environ,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "MIGDASH_DATA_DIR": str(data_dir),
        "MIGDASH_CACHE_DIR": str(work_dir / "cache"),
        "MIGDASH_WORKERS": str(workers),
        "MIGDASH_THREADS": "8",
        **(env or {}),
    }
    log_path = work_dir / "gunicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--no-control-socket", "app:server"],
            cwd=ROOT,
            env=environ,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while log_path.read_text().count("Booting worker") < workers:
                assert process.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "gunicorn's workers did not start"
                time.sleep(0.1)
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn does not accept connections"
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}", log_path
        finally:
            process.terminate()
            process.wait(timeout=30)
