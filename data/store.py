"""The versioned data store: `<data_dir>/current` points at one complete build.

A build is written to a new folder and then switched to atomically (a symlink replaced with
os.replace), so readers always see one whole version, never half of one.
"""

from __future__ import annotations

import json
from pathlib import Path

MANIFEST = "manifest.json"


def current_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "current"


def current_manifest(data_dir: Path) -> dict | None:
    """The manifest of the build being served, or None when nothing has been built yet."""
    path = current_dir(data_dir) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return None


def current_version(data_dir: Path) -> str | None:
    manifest = current_manifest(data_dir)
    return manifest["data_version"] if manifest else None
