"""Every third-party package the code imports directly is pinned in a requirements file, so a
fresh machine installs the versions we tested, and an upgrade of one package cannot move
another we rely on."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from importlib.metadata import packages_distributions

from settings import PROJECT_DIR

REQUIREMENTS = ("requirements.txt", "requirements-dev.txt", "bench/requirements-load.txt")


def _pinned() -> set[str]:
    names = set()
    for name in REQUIREMENTS:
        for line in (PROJECT_DIR / name).read_text(encoding="utf-8").splitlines():
            match = re.match(r"([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==", line.strip())
            if match:
                names.add(_normal(match.group(1)))
    return names


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_top_level_modules() -> set[str]:
    files = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    ).stdout.split()
    ours = {path.split("/")[0].removesuffix(".py") for path in files}
    modules = set()
    for path in files:
        for node in ast.walk(ast.parse((PROJECT_DIR / path).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules - ours - set(sys.stdlib_module_names)


def test_every_directly_imported_package_is_pinned():
    distributions = packages_distributions()
    unpinned = {}
    for module in _imported_top_level_modules():
        if module == "locust":  # its own virtual environment (bench/requirements-load.txt), not this one
            continue
        names = {_normal(name) for name in distributions.get(module, [])}
        assert names, f"{module} is imported but not installed"
        if not names & _pinned():
            unpinned[module] = sorted(names)
    assert unpinned == {}
