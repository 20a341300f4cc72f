"""The rooms of the code and what each may import (ARCHITECTURE.md, "Rooms"): dependencies
point down, from what the user sees to the data, never back up. A new import that breaks a rule
fails here with the file and the import, rather than as a cycle found months later."""

from __future__ import annotations

import ast
import subprocess

from settings import PROJECT_DIR

FOUNDATIONS = {"settings", "i18n"}
MAY_IMPORT = {
    "settings": set(),
    "i18n": {"settings"},
    "data": FOUNDATIONS | {"programme"},
    "programme": FOUNDATIONS | {"data"},
    "components": FOUNDATIONS | {"data", "programme"},
    "charts": FOUNDATIONS | {"components", "data", "programme"},
    "callbacks": FOUNDATIONS | {"charts", "components", "data", "programme"},
    "pages": FOUNDATIONS | {"charts", "components", "data", "programme"},
    "web": FOUNDATIONS | {"components", "data", "programme"},
    "gunicorn.conf": FOUNDATIONS | {"web"},
    "deploy": set(),  # the reverse proxy's configuration and its renderer: none of the app
}
# The one query layer and the API catalogue serve both domains; the rest of data/ knows nothing
# of the programme.
DATA_MODULES_READING_THE_PROGRAMME = {"data/queries.py", "data/datasets.py", "data/pins.py"}  # pins: in its store
UNCHECKED = {"app", "tests", "bench", "tools"}  # the app wires every room; tests and tools use any


def _imports() -> list[tuple[str, str, str]]:
    """(file, its room, the room it imports) for every import of our own code."""
    files = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    ).stdout.split()
    rooms = {path.split("/")[0].removesuffix(".py") for path in files}
    found = []
    for path in files:
        room = path.split("/")[0].removesuffix(".py")
        for node in ast.walk(ast.parse((PROJECT_DIR / path).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module]
            else:
                continue
            found += [(path, room, t.split(".")[0]) for t in targets if t.split(".")[0] in rooms - {room}]
    return found


def test_every_room_imports_only_the_rooms_below_it():
    wrong = [
        f"{path} imports {target}"
        for path, room, target in _imports()
        if room not in UNCHECKED and target not in MAY_IMPORT[room]
    ]
    assert wrong == []


def test_only_the_query_layer_and_the_api_catalogue_of_data_read_the_programme():
    readers = {path for path, room, target in _imports() if room == "data" and target == "programme"}
    assert readers <= DATA_MODULES_READING_THE_PROGRAMME


def test_every_room_is_declared():
    rooms = {room for _, room, _ in _imports()} | {target for _, _, target in _imports()}
    assert rooms <= set(MAY_IMPORT) | UNCHECKED
