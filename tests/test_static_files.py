"""Static files over HTTP (web.static_files): every file a page references is cached a year
`immutable` under a URL carrying its content's fingerprint, and sent precompressed when the
client accepts it; HTML and Dash's callbacks are not cached; pages without charts do not
reference plotly.js, and a page's `charts` flag says whether its layout holds a graph."""

from __future__ import annotations

import gzip
import hashlib
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import brotli
import dash
import pytest
from backports import zstd
from dash import dcc

from web import static_files

PAGES = ["/", "/stocks", "/country/MDA", "/sources", "/embed/stocks-trend?country=MDA", "/country?lang=fr"]
ASSETS = Path(__file__).resolve().parent.parent / "assets"
DASH_FINGERPRINT = re.compile(r"\.v[\w-]+m\d+\.")  # Dash's: the package version and the file's mtime
BROWSER = "gzip, deflate, br, zstd"


def referenced(html: str) -> list[str]:
    """Every URL of our origin a page's HTML names (scripts, stylesheets, icon, preload, meta)."""
    return sorted({url for url in re.findall(r'(?:src|href|content)="(/[^"]*)"', html) if not url.startswith("//")})


def file_of(url: str) -> Path:
    """The file an URL of assets/ or of a component suite names, found independently of the app."""
    path = urlsplit(url).path
    if path.startswith("/assets/"):
        parts = [part for part in path[len("/assets/") :].split("/") if not re.fullmatch(r"v-[0-9a-f]{16}", part)]
        return ASSETS.joinpath(*parts)
    if path == "/_favicon.ico":
        return Path(dash.__file__).parent / "favicon.ico"
    package, _, rest = path[len("/_dash-component-suites/") :].partition("/")
    return Path(sys.modules[package].__file__).parent / DASH_FINGERPRINT.sub(".", rest)


def sha16(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def folder_hash(folder: Path, pattern: str = "*") -> str:
    """A folder's fingerprint: a hash of its files' names and hashes (compressed copies aside)."""
    files = sorted(path for path in folder.glob(pattern) if path.suffix not in (".br", ".zst", ".gz"))
    return hashlib.sha256("".join(f"{path.name}:{sha16(path)}\n" for path in files).encode()).hexdigest()[:16]


@pytest.fixture
def copies(app):
    """The compressed copies `make assets` writes (idempotent: only missing or stale ones)."""
    static_files.precompress_all(app)


def test_every_static_url_of_a_page_has_a_fingerprint_and_is_cached_immutable(client, copies):
    seen = set()
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 200, page
        for url in referenced(response.get_data(as_text=True)):
            if not url.startswith(("/assets/", "/_dash-component-suites/", "/_favicon.ico")) or url in seen:
                continue
            seen.add(url)
            file = file_of(url)
            folder = re.search(r"/v-([0-9a-f]{16})/", url)
            if folder:  # a folder's fingerprint: its files are named by a file, not by the page
                assert folder.group(1) == folder_hash(file.parent), url
            elif url.startswith("/assets/"):
                assert parse_qs(urlsplit(url).query) == {"v": [sha16(file)]}, url
            elif url.startswith("/_dash-component-suites/"):
                assert DASH_FINGERPRINT.search(url), url
            static = client.get(url, headers={"Accept-Encoding": "identity"})
            assert static.status_code == 200, url
            assert static.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
            assert static.data == file.read_bytes(), url
    # plotly.js, Bootstrap, our CSS and scripts, React, Dash's renderer and components.
    assert len(seen) >= 15, seen


def test_the_map_shapes_folder_url_changes_with_its_files_and_is_cached_immutable(app, client, copies):
    with app.server.test_request_context("/"):
        from components.graph import graph_config

        folder = graph_config("en")["topojsonURL"]
    shapes = ASSETS / "topojson"
    assert folder == f"/assets/topojson/v-{folder_hash(shapes, '*.json')}/"
    response = client.get(folder + "world_110m.json")
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.data == (shapes / "world_110m.json").read_bytes()


def test_an_outdated_or_missing_fingerprint_is_served_but_not_kept(client, copies):
    for url in (
        "/assets/migdash.js?v=0000000000000000",
        "/assets/migdash.js",
        "/assets/topojson/v-0000000000000000/world_110m.json",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-cache", url
    assert client.get("/assets/nothing-here.js").status_code == 404
    assert client.get("/assets/../app.py").status_code == 404


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        (BROWSER, "br"),
        ("gzip, deflate, zstd", "zstd"),  # chromium over plain http on some versions
        ("gzip", "gzip"),
        ("br;q=0, zstd;q=0, gzip;q=0.5", "gzip"),
        ("identity", None),
        ("", None),
    ],
)
def test_precompressed_copies_are_sent_when_accepted_and_decode_to_the_file(client, copies, accept, coding):
    decode = {"br": brotli.decompress, "zstd": zstd.decompress, "gzip": gzip.decompress, None: bytes}
    for relative in ("vendor/plotly/plotly.js", "migdash.css"):
        file = ASSETS / relative
        response = client.get(f"/assets/{relative}?v={sha16(file)}", headers={"Accept-Encoding": accept})
        assert response.headers.get("Content-Encoding") == coding, relative
        assert int(response.headers["Content-Length"]) == len(response.data)
        assert decode[coding](response.data) == file.read_bytes()
        assert "Accept-Encoding" in response.headers["Vary"]
        if coding:
            assert len(response.data) < file.stat().st_size / 2
            # the copy written beside the file, as a web server in front would serve it
            assert (ASSETS / (relative + static_files.CODINGS[coding])).read_bytes() == response.data


def test_a_component_suite_file_is_sent_precompressed(client, copies):
    html = client.get("/").get_data(as_text=True)
    renderer = next(url for url in referenced(html) if "dash_renderer" in url)
    response = client.get(renderer, headers={"Accept-Encoding": BROWSER})
    assert response.headers["Content-Encoding"] == "br"
    assert brotli.decompress(response.data) == file_of(renderer).read_bytes()


def test_a_copy_older_than_its_file_is_never_sent(app, tmp_path):
    script = tmp_path / "late.js"
    script.write_text("var first = 1;" * 200)
    static_files.precompress(script)
    script.write_text("var second = 2;" * 200)  # edited after its copies were made
    with app.server.test_request_context("/", headers={"Accept-Encoding": BROWSER}):
        response = static_files.send(script, immutable=False)
        response.direct_passthrough = False
        assert "Content-Encoding" not in response.headers
        assert response.get_data() == script.read_bytes()
    assert static_files.precompress(script) == 3  # `make assets` makes them again
    with app.server.test_request_context("/", headers={"Accept-Encoding": BROWSER}):
        response = static_files.send(script, immutable=False)
        response.direct_passthrough = False
        assert brotli.decompress(response.get_data()) == script.read_bytes()


def test_html_and_dash_callbacks_are_not_cached(client):
    responses = [client.get(page) for page in PAGES]
    responses += [client.get("/_dash-layout"), client.get("/_dash-dependencies")]
    responses.append(
        client.post(
            "/_dash-update-component",
            json={"output": "x.children", "outputs": {"id": "x", "property": "children"}, "inputs": []},
        )
    )
    for response in responses:
        cache_control = response.headers.get("Cache-Control", "")
        assert not re.search(r"max-age|immutable|public", cache_control), (response.request.path, cache_control)
        assert "Expires" not in response.headers and "Last-Modified" not in response.headers


def test_pages_without_charts_do_not_reference_plotly_and_pages_with_charts_preload_and_run_it(client):
    folder = ASSETS / "vendor" / "plotly"
    entry = f"/assets/vendor/plotly/v-{folder_hash(folder)}/plotly.js"
    # what the entry imports before it runs (every chunk but the trace types fetched on demand)
    chunks = sorted(path.name for path in folder.glob("chunk-*.js"))
    pages = {"/sources": False, "/country": False, "/nowhere": False, "/stocks": True, "/": True}
    pages["/stocks?view=table"] = False  # every card opens on its table: nothing would use it soon
    for page, charts in pages.items():
        html = client.get(page).get_data(as_text=True)
        load = ' data-load="now"' if charts else ""  # run at once by assets/plotly-loader.js
        assert f'<meta name="migdash:plotly-js" content="{entry}"{load}>' in html, page  # or for a later graph
        preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)
        expected = [entry, *(entry.replace("plotly.js", name) for name in chunks)] if charts else []
        assert preloaded[:1] == expected[:1] and sorted(preloaded) == sorted(expected), page
        assert not re.search(r"<script[^>]*vendor/plotly", html), page  # never a script of the page
        assert "package_data/plotly" not in html, page


def _holds_a_graph(component) -> bool:
    if isinstance(component, dcc.Graph):
        return True
    children = getattr(component, "children", None)
    children = children if isinstance(children, (list, tuple)) else [children]
    return any(_holds_a_graph(child) for child in children if hasattr(child, "to_plotly_json"))


def test_a_pages_charts_flag_says_whether_its_layout_holds_a_graph(app):
    """`charts=False` spares a page plotly.js: set on a page with a graph it would delay it,
    missing on a page without one it would cost 430 kB for nothing."""
    examples = {"iso3": "MDA", "chart": "stocks-trend"}
    with app.server.test_request_context("/"):
        for page in dash.page_registry.values():
            variables = {name: examples[name] for name in re.findall(r"<(.*?)>", page.get("path_template") or "")}
            layout = page["layout"](lang="en", **variables)
            assert page.get("charts", True) is _holds_a_graph(layout), page["path"]
