"""Static files: one URL per content, cached a year `immutable`, sent precompressed.

Every static file a page loads (our assets/: CSS, scripts, the plotly.js bundle, the map shapes;
Dash's component suites; the favicon) is referenced under a URL that changes with its content,
so a browser keeps it a year without asking again (`immutable`: not even on reload) and a new
version is a new URL. Our assets carry a hash of their content (components.static_assets; Dash
would put the file's mtime: a new URL at every deployment, and a different one on each host);
Dash's suites carry Dash's own fingerprint (the package version and the file's mtime). A URL
whose hash is not the file's current one (a page older than a deployment) is answered with
the current file and `no-cache`, so it is never kept as if it were that version; a suite's
file that Dash did not register answers 404. HTML and callback responses are not touched:
they stay uncached.

Each compressible file is sent in the best coding the client accepts, from a copy compressed
once at `make assets` (`python -m tools.precompress_static`), never per request: brotli 11,
zstd 19, gzip 9 (chromium offers all three over https, and brotli over http too; curl and
older clients gzip). The copies are plain files: next to the originals for assets/
(`migdash.js.gz`, which a web server in front can serve as they are), in var/static/ for
Dash's suites (site-packages is not ours to write). A copy older than its file is ignored and
the file goes out as it is (Flask-Compress then compresses it, as any response).
"""

from __future__ import annotations

import gzip
import logging
import mimetypes
import sys
from pathlib import Path
from urllib.parse import urlsplit

import brotli
from backports import zstd
from dash.fingerprint import check_fingerprint
from flask import request, send_file
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

from components import static_assets
from components.static_assets import CODINGS, FINGERPRINT, FOLDER_FINGERPRINT
from data.files import write_atomically
from settings import PROJECT_DIR

log = logging.getLogger(__name__)

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
COMPRESSIBLE = frozenset({".js", ".mjs", ".css", ".json", ".svg", ".ico", ".txt", ".html"})
SUITES_COPIES = PROJECT_DIR / "var" / "static"
# plotly's own full plotly.js, which Dash registers: never loaded (assets/plotly-loader.js).
NOT_LOADED = frozenset({"plotly"})
_COMPRESSORS = {
    "br": lambda data: brotli.compress(data, quality=11),
    "zstd": lambda data: zstd.compress(data, 19),
    "gzip": lambda data: gzip.compress(data, 9, mtime=0),
}


def copy_path(path: Path, coding: str, copies: Path | None = None, root: Path | None = None) -> Path:
    """Where the `coding` copy of `path` is: beside it, or under `copies` as it is under `root`."""
    name = path.name + CODINGS[coding]
    if copies is None:
        return path.with_name(name)
    return copies / path.parent.relative_to(root) / name


def _fresh_copies(path: Path, copies: Path | None, root: Path | None) -> dict[str, Path]:
    """The copies of `path` at least as new as it, by coding (best first)."""
    if path.suffix not in COMPRESSIBLE:
        return {}
    mtime = path.stat().st_mtime_ns
    found = {}
    for coding in CODINGS:
        copy = copy_path(path, coding, copies, root)
        try:
            if copy.stat().st_mtime_ns >= mtime:
                found[coding] = copy
        except FileNotFoundError:
            continue
    return found


def precompress(path: Path, copies: Path | None = None, root: Path | None = None) -> int:
    """Write the missing or stale copies of one file; how many were written."""
    if path.suffix not in COMPRESSIBLE:
        return 0
    stale = [coding for coding in CODINGS if coding not in _fresh_copies(path, copies, root)]
    data = path.read_bytes() if stale else b""
    for coding in stale:
        target = copy_path(path, coding, copies, root)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, _COMPRESSORS[coding](data))
    return len(stale)


def send(path: Path, immutable: bool, copies: Path | None = None, root: Path | None = None):
    """`path` in the best coding the client accepts that has a fresh copy, else as it is."""
    available = _fresh_copies(path, copies, root)
    coding = request.accept_encodings.best_match(list(available)) if available else None
    etag = static_assets.file_fingerprint(path) + (f"-{coding}" if coding else "")
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = send_file(available.get(coding, path), mimetype=mimetype, etag=etag, conditional=True)
    if coding:
        response.headers["Content-Encoding"] = coding
    if available:
        response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = IMMUTABLE if immutable else REVALIDATE
    return response


def asset_url(app, url: str) -> str:
    """An assets/ URL of a page with its content's fingerprint; any other URL as it is."""
    assets_path = app.config.assets_url_path.strip("/") + "/"
    prefix = app.config.requests_pathname_prefix + assets_path
    path = urlsplit(url).path
    if not path.startswith(prefix):
        return url
    return static_assets.url(app.config.requests_pathname_prefix, path[len(prefix) :], Path(app.config.assets_folder))


def fingerprint_resources(app, resources: list) -> list:
    """Dash's list of scripts or stylesheets (URLs, or dicts of attributes), fingerprinted."""
    fingerprinted = []
    for resource in resources:
        if isinstance(resource, dict):
            resource = {
                key: asset_url(app, value) if key in ("src", "href") else value for key, value in resource.items()
            }
        else:
            resource = asset_url(app, resource)
        fingerprinted.append(resource)
    return fingerprinted


def _asset_file(assets: Path, filename: str) -> tuple[Path, bool]:
    """The file of an assets/ URL path, and whether the URL's fingerprint is its current one:
    `?v=` of the file, or a `v-<hash>` segment of its folder's (components.static_assets)."""
    folder, _, name = filename.rpartition("/")
    parent, _, segment = folder.rpartition("/")
    folder_mark = FOLDER_FINGERPRINT.fullmatch(segment)
    if folder_mark:
        filename = f"{parent}/{name}" if parent else name
    file = safe_join(str(assets), filename)
    if file is None or not Path(file).is_file():
        raise NotFound()
    path = Path(file)
    if folder_mark:
        return path, folder_mark.group(1) == static_assets.folder_fingerprint(path.parent)
    return path, request.args.get(FINGERPRINT) == static_assets.file_fingerprint(path)


def _package_root(package_name: str) -> Path:
    return Path(sys.modules[package_name].__file__).parent


def _suite_file(app, package_name: str, fingerprinted_path: str) -> tuple[Path, bool]:
    """The file of a component-suite URL (Dash's rule: registered files only), and whether
    the URL carries a fingerprint."""
    path_in_package, has_fingerprint = check_fingerprint(fingerprinted_path)
    if package_name not in sys.modules or path_in_package not in app.registered_paths.get(package_name, ()):
        raise NotFound()
    return _package_root(package_name) / path_in_package, has_fingerprint


def _static_files(app) -> list[tuple[Path, Path | None, Path | None]]:
    """(file, copies folder, root) of every compressible file under assets/ and of every
    registered suite file."""
    assets = Path(app.config.assets_folder)
    found = [(path, None, None) for path in sorted(assets.rglob("*")) if path.is_file()]
    found.append((_package_root("dash") / "favicon.ico", SUITES_COPIES / "dash", _package_root("dash")))
    for package_name, paths in app.registered_paths.items():
        if package_name not in NOT_LOADED:
            root = _package_root(package_name)
            found += [(root / path, SUITES_COPIES / root.name, root) for path in sorted(paths)]
    return [entry for entry in found if entry[0].suffix in COMPRESSIBLE and entry[0].is_file()]


def precompress_all(app) -> int:
    """Write the missing or stale copies of every static file; how many were written."""
    return sum(precompress(path, copies, root) for path, copies, root in _static_files(app))


def warn_without_copies(app) -> None:
    """Say so at start-up when static files would go out compressed per request."""
    missing = [path for path, copies, root in _static_files(app) if not _fresh_copies(path, copies, root)]
    if missing:
        log.warning("%d static files have no compressed copy (%s...): run `make assets`", len(missing), missing[0].name)


def install(app) -> None:
    """Serve assets/, the component suites and the favicon through `send`."""
    server = app.server
    prefix = app.config.routes_pathname_prefix
    assets = Path(app.config.assets_folder)

    def serve_asset(filename):
        path, current = _asset_file(assets, filename)
        return send(path, immutable=current)

    def serve_suite(package_name, fingerprinted_path):
        path, has_fingerprint = _suite_file(app, package_name, fingerprinted_path)
        root = _package_root(package_name)
        return send(path, immutable=has_fingerprint, copies=SUITES_COPIES / root.name, root=root)

    def serve_favicon():
        # Dash's own icon, at a URL with Dash's version (`?v=`): it changes only with it.
        root = _package_root("dash")
        return send(
            root / "favicon.ico", immutable=bool(request.args.get("v")), copies=SUITES_COPIES / "dash", root=root
        )

    assets_rule = prefix + app.config.assets_url_path.strip("/") + "/<path:filename>"
    assets_endpoint = next(rule.endpoint for rule in server.url_map.iter_rules() if rule.rule == assets_rule)
    server.view_functions[assets_endpoint] = serve_asset
    suites_endpoint = prefix + "_dash-component-suites/<string:package_name>/<path:fingerprinted_path>"
    server.view_functions[suites_endpoint] = serve_suite
    server.view_functions[prefix + "_favicon.ico"] = serve_favicon
    # The staff pages' stylesheets (web/templates/base.html).
    server.jinja_env.globals["asset_url"] = lambda relative: static_assets.url(
        app.config.requests_pathname_prefix, relative
    )
