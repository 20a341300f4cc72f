"""Serve migdash for the benchmark as production does: gunicorn with several gthread workers
and --preload (gunicorn.conf.py), compression on, and the chosen cache backend — by default
a private redis-server on a free port, shared by the workers.

    with serve() as server:   # server.url, server.workers, server.worker_pids(), server.flush_cache()
        ...
"""

from __future__ import annotations

import contextlib
import os
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(check, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start within {seconds:.0f} s")
        time.sleep(0.1)


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    redis_url: str | None
    workers: int
    threads: int

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def flush_cache(self) -> None:
        """Empty the shared cache (a cold-cache pass); workers keep their loaded tables."""
        if self.redis_url:
            import redis

            redis.Redis.from_url(self.redis_url).flushdb()


def _gunicorn_config(env: dict) -> dict:
    """The settings gunicorn.conf.py gives in `env` (workers, threads...)."""
    saved = dict(os.environ)
    try:
        os.environ.update(env)
        return runpy.run_path(str(PROJECT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def _redis():
    if not shutil.which("redis-server"):
        raise RuntimeError("redis-server is not installed (apt-get install redis-server), or pass --cache SimpleCache")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        import redis

        client = redis.Redis(port=port)
        _wait(client.ping, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def serve(
    workers: int | None = None,
    threads: int | None = None,
    cache: str = "RedisCache",
    data_dir: Path | None = None,
    app: str = "bench.floor_app:server",
    log: Path | None = None,
    env: dict | None = None,
):
    """gunicorn on a free port, torn down (with its Redis) on exit."""
    with contextlib.ExitStack() as stack:
        redis_url = stack.enter_context(_redis()) if cache == "RedisCache" else None
        port = free_port()
        env = {**os.environ, **(env or {}), "HOST": "127.0.0.1", "PORT": str(port), "MIGDASH_CACHE_TYPE": cache}
        if workers:
            env["MIGDASH_WORKERS"] = str(workers)
        if threads:
            env["MIGDASH_THREADS"] = str(threads)
        if redis_url:  # before gunicorn.conf.py reads the settings: RedisCache needs its URL
            env["MIGDASH_REDIS_URL"] = redis_url
        config = _gunicorn_config(env)
        if data_dir:
            env["MIGDASH_DATA_DIR"] = str(data_dir)
        if cache == "FileSystemCache":
            env["MIGDASH_CACHE_DIR"] = str(stack.enter_context(_tempdir()))
        output = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(PROJECT / "gunicorn.conf.py"), app],
            cwd=PROJECT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        server = Server(f"http://127.0.0.1:{port}", process, redis_url, config["workers"], config["threads"])
        try:
            _wait(lambda: urllib.request.urlopen(server.url + "/healthz", timeout=2).status == 200, "gunicorn", 120)
            _wait(lambda: len(server.worker_pids()) == server.workers, "gunicorn workers")
            yield server
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
            if log:
                output.close()


@contextlib.contextmanager
def _tempdir():
    import tempfile

    with tempfile.TemporaryDirectory(prefix="migdash-bench-cache-") as path:
        yield Path(path)
