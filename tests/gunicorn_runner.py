"""The server the browser tests run against: gunicorn, as `make run` and production start it.

dash[testing] would serve the test's app with Werkzeug in a thread; we serve it the way the
README does, with gunicorn and the settings of gunicorn.conf.py (preloaded app, gthread
workers, request limits), so a browser test also proves what production does: several worker
processes, each with its own local cache and loaded tables, behind one port.

The test builds its app in the pytest process (with its own settings); `start` forks a child
that runs gunicorn's master on that already-built app, exactly as `preload_app` does, and the
master forks the workers. State changed in the pytest process after `start` (a monkeypatch,
a settings change) is not seen by the server: do it before.
"""

from __future__ import annotations

import contextlib
import os
import runpy
import signal
import time
import traceback
from pathlib import Path

import requests
from dash.testing.application_runners import BaseDashRunner
from dash.testing.errors import DashAppLoadingError
from gunicorn.app.base import BaseApplication

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
WORKERS = 2  # more than one, as in production: per-process state shows


class _Served(BaseApplication):
    """gunicorn serving an app object that already exists (no import by name)."""

    def __init__(self, application, options: dict):
        self.application, self.options = application, options
        super().__init__()

    def load_config(self):
        for name, value in self.options.items():
            if name in self.cfg.settings and value is not None:
                self.cfg.set(name, value)

    def load(self):
        return self.application


def gunicorn_options(port: int) -> dict:
    """gunicorn.conf.py's settings, bound to 127.0.0.1:`port` with WORKERS workers."""
    conf = {name: value for name, value in runpy.run_path(str(CONF)).items() if not name.startswith("_")}
    return conf | {"bind": f"127.0.0.1:{port}", "workers": WORKERS, "control_socket_disable": True}


class GunicornRunner(BaseDashRunner):
    """dash[testing]'s server interface (start, stop, url) on a forked gunicorn master."""

    def __init__(self, keep_open=False, stop_timeout=10):
        super().__init__(keep_open=keep_open, stop_timeout=stop_timeout)
        self.pid = None

    def start(self, app, start_timeout=30, port=None, **_options):
        from tests.conftest import free_port

        self.port = port or free_port()
        options = gunicorn_options(self.port)
        pid = os.fork()
        if pid == 0:  # the child: gunicorn's master, its own process group; never returns to pytest
            code = 1
            try:
                os.setpgid(0, 0)
                _Served(app.server, options).run()
                code = 0
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 0
            except BaseException:  # noqa: BLE001 - shown, then the child ends: it must not return into pytest
                traceback.print_exc()
            finally:
                os._exit(code)
        self.pid = pid
        deadline = time.monotonic() + start_timeout
        while not self._answers():
            if self._reaped_within(0):
                self.pid = None
                raise DashAppLoadingError("gunicorn exited before it served (see its log above)")
            if time.monotonic() > deadline:
                self.stop()
                raise DashAppLoadingError(f"gunicorn did not answer on {self.url} within {start_timeout} s")
            time.sleep(0.1)
        self.started = True

    def _answers(self) -> bool:
        try:
            return requests.get(self.url + "/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def stop(self):
        """Quick shutdown of the master and its workers (SIGQUIT), SIGKILL if that takes too long."""
        if self.pid is None:
            return
        self._signal(signal.SIGQUIT)
        if not self._reaped_within(self.stop_timeout):
            self._signal(signal.SIGKILL)
            self._reaped_within(10)
        self._signal(signal.SIGKILL)  # a worker its master left behind
        self.pid, self.started = None, False

    def _signal(self, sig) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, sig)

    def _reaped_within(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while True:
            try:
                if os.waitpid(self.pid, os.WNOHANG)[0] != 0:
                    return True
            except ChildProcessError:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
