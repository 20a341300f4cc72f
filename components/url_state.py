"""View state <-> query string, for every page and embed: the one URL-state module.

A page declares its parameters once (name, kind, default, allowed values, old names). Then:
- `parse(params, query)` reads a URL's query into a complete, valid state plus notices for
  every value it had to ignore (unknown parameter, invalid value), so the page can say so;
- `to_query(params, state)` writes the state back, omitting defaults, in a stable order.
`parse(to_query(state)) == state` for every valid state (tested).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

# Parameters every view carries besides its own (the language is app-wide; `controls` is
# the embed's switch).
GLOBAL_PARAMS = {"lang", "controls"}


@dataclass(frozen=True)
class Param:
    """One piece of view state.

    kind: "codes" (comma-separated upper-case codes), "code" (one), "int", "choice".
    allowed: the valid values, or a function returning them (read from the data when called).
    multi: several values (a tuple) rather than one.
    aliases: earlier names of the parameter, still read.
    """

    name: str
    kind: str
    default: object
    allowed: Collection | Callable[[], Collection] = ()
    multi: bool = False
    aliases: tuple[str, ...] = ()
    max_values: int = 12

    def allowed_values(self) -> Collection:
        return self.allowed() if callable(self.allowed) else self.allowed


@dataclass
class Notice:
    param: str
    value: str
    reason: str  # "unknown" | "invalid" | "too_many"


@dataclass
class Parsed:
    state: dict
    notices: list[Notice] = field(default_factory=list)


def _first(query: Mapping, names) -> tuple[str | None, str | None]:
    for name in names:
        if name in query:
            value = query[name]
            if isinstance(value, (list, tuple)):  # Dash passes repeated parameters as lists
                value = ",".join(str(v) for v in value)
            return name, str(value)
    return None, None


def _read_one(param: Param, raw: str, notices: list[Notice]):
    text = raw.strip()
    if param.kind in ("codes", "code"):
        text = text.upper()
    if param.kind == "int":
        try:
            value = int(text)
        except ValueError:
            notices.append(Notice(param.name, raw, "invalid"))
            return None
    else:
        value = text
    allowed = param.allowed_values()
    if allowed and value not in allowed:
        notices.append(Notice(param.name, raw, "invalid"))
        return None
    return value


def parse(params: list[Param], query: Mapping) -> Parsed:
    """A complete valid state from a query (a mapping of parameter -> string)."""
    notices: list[Notice] = []
    state = {}
    known = set(GLOBAL_PARAMS)
    for param in params:
        names = (param.name, *param.aliases)
        known.update(names)
        _name, raw = _first(query, names)
        if raw is None or raw.strip() == "":
            state[param.name] = param.default
            continue
        if param.multi:
            if raw.strip() == "-":  # written by to_query for "explicitly none"
                state[param.name] = ()
                continue
            values = []
            for part in (p for p in raw.split(",") if p.strip()):
                value = _read_one(param, part, notices)
                if value is not None and value not in values:
                    values.append(value)
            if len(values) > param.max_values:
                notices.append(Notice(param.name, raw, "too_many"))
                values = values[: param.max_values]
            state[param.name] = tuple(values) if values else param.default
        else:
            value = _read_one(param, raw, notices)
            state[param.name] = param.default if value is None else value
    for name in query:
        if name not in known:
            notices.append(Notice(name, str(query[name]), "unknown"))
    return Parsed(state, notices)


def to_query(params: list[Param], state: Mapping, extra: Mapping | None = None) -> str:
    """`?a=1&b=X,Y` for the values that differ from the defaults ("" when none do)."""
    pairs = []
    for param in params:
        value = state.get(param.name, param.default)
        if value == param.default:
            continue
        if param.multi:
            pairs.append((param.name, ",".join(str(v) for v in value) if value else "-"))
        else:
            pairs.append((param.name, str(value)))
    for name, value in (extra or {}).items():
        if value not in (None, ""):
            pairs.append((name, str(value)))
    return "?" + urlencode(pairs, safe=",") if pairs else ""


def from_values(params: list[Param], values: Mapping) -> dict:
    """A valid state from values that came from controls or a client-side store: they pass
    the same checks as a URL (they are just as untrusted), and a cleared value falls back to
    its default."""
    query = {}
    for param in params:
        value = values.get(param.name)
        if value is None or value == [] or value == ():
            continue
        query[param.name] = ",".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
    return parse(params, query).state
