"""gunicorn settings for serving migdash in production: `gunicorn app:server` reads this file
from the working directory. Its settings (HOST, PORT, MIGDASH_WORKERS, MIGDASH_THREADS,
MIGDASH_PDF_TIMEOUT) are read from settings.py, like every other.

- `preload_app`: the app (settings, the random session key when MIGDASH_SECRET_KEY is unset,
  the data store's tables) is built once in the master and shared by the forked workers.
- gthread workers: a thread can wait on the server's own brief page while chromium prints
  the PDF, and slow clients don't hold a whole process.
- Share the cache between workers and hosts with MIGDASH_REDIS_URL (see README, Performance).
- Request line and header limits above the app's own (web.request_limits): the app answers
  414/431 itself, with its security headers; gunicorn's bare error page only beyond these.
"""

import os
import sys

from settings import Settings, SettingsError
from web.request_limits import GUNICORN_LIMITS

try:
    _settings = Settings.from_env()
except SettingsError as error:  # one sentence, as `python app.py` says it, not gunicorn's traceback
    sys.exit(f"migdash: {error}")
bind = f"{_settings.host}:{_settings.port}"
workers = _settings.workers or 2 * (os.cpu_count() or 1) + 1
worker_class = "gthread"
threads = _settings.threads
preload_app = True
timeout = 60  # gthread: the worker's heartbeat, not a request's length (a PDF has its own deadline)
# A PDF in flight at a restart ends (and its chromium is killed) before its worker is.
graceful_timeout = max(20, _settings.pdf_timeout + 5)
keepalive = 5
# Access log off by default (requests are logged by the proxy in front); errors to stderr.
errorlog = "-"
# gunicorn would believe X-Forwarded-Proto (https) from any 127.0.0.1 peer, before web.proxies
# checks the proxy secret: the scheme is web.proxies' decision alone (tests/test_multihost.py).
secure_scheme_headers = {}
forwarded_allow_ips = ""
limit_request_line = GUNICORN_LIMITS["limit_request_line"]
limit_request_fields = GUNICORN_LIMITS["limit_request_fields"]
limit_request_field_size = GUNICORN_LIMITS["limit_request_field_size"]
# gunicorn's control socket (runtime management with gunicornc) is one path per user, shared by
# every gunicorn of that user on the host (two app hosts on one machine would fight over it),
# and one more interface to secure: nothing here uses it.
control_socket_disable = True
