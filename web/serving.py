"""The request handler `python app.py` serves with: Werkzeug's, minus its version banner.

(Werkzeug announces "Werkzeug/x.y Python/x.y" in every Server header; gunicorn, used in
production, says only "gunicorn".)
"""

from werkzeug.serving import WSGIRequestHandler


class QuietRequestHandler(WSGIRequestHandler):
    def version_string(self) -> str:
        return "migdash"
