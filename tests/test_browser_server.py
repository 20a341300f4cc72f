"""The browser tests are served as `make run` serves the app: a gunicorn master and its workers
(tests/gunicorn_runner.py), not Werkzeug in a thread of pytest."""

from __future__ import annotations

import psutil

from tests.browser import assert_clean_console, wait_until_rendered
from tests.gunicorn_runner import WORKERS, gunicorn_options


def test_the_browser_tests_run_against_gunicorn_with_its_production_settings(dash_duo, app):
    dash_duo.start_server(app)
    wait_until_rendered(dash_duo)
    master = psutil.Process(dash_duo.server.pid)
    assert master.pid != psutil.Process().pid
    listening = {c.laddr.port for c in master.net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN}
    assert listening == {dash_duo.server.port}
    workers = master.children()
    assert len(workers) == WORKERS
    # each worker runs gunicorn.conf.py's gthread worker: its threads beyond the main one
    options = gunicorn_options(dash_duo.server.port)
    assert options["worker_class"] == "gthread" and options["preload_app"] is True
    assert all(worker.num_threads() > 1 for worker in workers)
    assert_clean_console(dash_duo.driver)
