"""URLs of the files of assets/ that change with their content.

A URL carries the first 16 hex digits of the SHA-256 of what it names: `?v=<hash>` for a file,
`<folder>/v-<hash>/` for a folder (a hash of its files' hashes) whose files a script names
itself, like the map shapes plotly.js fetches from `topojsonURL`. A browser may then keep the
file a year without asking again (web.static_files serves it `immutable`), and a new version
is a new URL.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

from settings import PROJECT_DIR

ASSETS = PROJECT_DIR / "assets"
FINGERPRINT = "v"  # the query parameter of a file's URL
FOLDER_FINGERPRINT = re.compile(r"v-([0-9a-f]{16})")  # the path segment of a folder's URL
# Content codings of the compressed copies web.static_files keeps beside a file, by suffix:
# not part of a folder's content.
CODINGS = {"br": ".br", "zstd": ".zst", "gzip": ".gz"}


@functools.lru_cache(maxsize=256)
def _digest(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def file_fingerprint(path: Path) -> str:
    """The file's content hash, read again only when its mtime or size changes."""
    info = path.stat()
    return _digest(path, info.st_mtime_ns, info.st_size)


def folder_fingerprint(folder: Path) -> str:
    """A hash of the names and contents of the folder's files (compressed copies aside)."""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix not in CODINGS.values():
            digest.update(f"{path.name}:{file_fingerprint(path)}\n".encode())
    return digest.hexdigest()[:16]


def url(base_path: str, relative: str, folder: Path = ASSETS) -> str:
    """The URL of assets/`relative` (a folder when it ends with "/") under `base_path`, with its
    fingerprint; without one if there is no such file (it answers 404)."""
    path = folder / relative
    plain = f"{base_path}assets/{relative}"
    if relative.endswith("/") and path.is_dir():
        return f"{plain}v-{folder_fingerprint(path)}/"
    if path.is_file():
        return f"{plain}?{FINGERPRINT}={file_fingerprint(path)}"
    return plain


# The static imports an esbuild ES module opens with: import{..}from"./chunk.js"; or import"./x.js";
_LEADING_IMPORT = re.compile(r'\s*import\s*(?:\{[^}]*\}\s*from\s*)?"\./([\w.-]+\.js)"\s*;?')


def module_imports(relative: str, folder: Path = ASSETS) -> list[str]:
    """The files of its folder that assets/`relative`, an ES module esbuild wrote, imports
    statically (its chunks that must come with it, rather than once it has run): read from
    the imports it opens with, after its banner comment."""
    path = folder / relative
    return list(_module_imports(path, file_fingerprint(path)))  # read again when the file changes


@functools.lru_cache(maxsize=16)
def _module_imports(path: Path, fingerprint: str) -> tuple[str, ...]:
    text = path.read_text(encoding="utf-8")
    position = text.index("*/") + 2 if text.startswith("/*") else 0
    names = []
    while match := _LEADING_IMPORT.match(text, position):
        names.append(match.group(1))
        position = match.end()
    return tuple(names)
