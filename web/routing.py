"""Which registered page a browser path shows, by the rule of Dash's own page router.

Dash's router takes, in registration order, the first page of `dash.page_registry` whose
`path_template` matches the path (a `<variable>` standing for any run of characters) or whose
`path` is the path itself, both compared without the base path and outer slashes. Our 404
status and page titles follow the same rule, so they agree with what the browser renders.
"""

from __future__ import annotations

import functools
import re

import dash

_VARIABLE = re.compile(r"<(.*?)>")


@functools.lru_cache(maxsize=64)
def _template_patterns(template: str) -> tuple[re.Pattern, re.Pattern]:
    """For `country/<iso3>`: the shape a path must have (a variable is any run of characters,
    newlines too) and where the variables' values are read (up to a newline), as Dash does."""
    pattern = "(.*)".join(map(re.escape, _VARIABLE.split(template)[::2]))
    return re.compile(pattern, re.DOTALL), re.compile(pattern)


def _variables(template: str, path_id: str) -> dict | None:
    shape, values = _template_patterns(template.strip("/"))
    names = _VARIABLE.findall(template)
    found = values.search(path_id) if shape.fullmatch(path_id) else None
    return dict(zip(names, found.groups())) if found and names else None


def page_for_path(path: str) -> tuple[dict, dict]:
    """(page, path variables) for a request path, or ({}, {}) when no page has that path."""
    path_id = dash.strip_relative_path(path) or ""
    for page in dash.page_registry.values():
        variables = _variables(page["path_template"], path_id) if page["path_template"] else None
        if variables:
            return page, variables
        if path_id == page["path"].strip("/"):
            return page, {}
    return {}, {}
