"""View state <-> query string, for every page and embed: the one URL-state module.

A page declares its parameters once (name, kind, default, allowed values, old names). Then:
- `parse(params, query)` reads a URL's query into a complete, valid state plus notices for
  every value it had to ignore (unknown parameter, invalid value), so the page can say so;
- `to_query(params, state)` writes the state back, omitting defaults, in a stable order.
`parse(to_query(state)) == state` for every valid state (tested).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from data.queries import MAX_VALUES

# Parameters every view carries besides its own (the language is app-wide; `controls` is
# the embed's switch; `v` pins the data version, components/pins.py).
GLOBAL_PARAMS = {"lang", "controls", "v"}


@dataclass(frozen=True)
class Param:
    """One piece of view state.

    kind: "codes" (comma-separated upper-case codes), "code" (one), "int", "choice", "number"
      (a decimal such as 2.5, written without trailing zeros).
    allowed: the valid values, or a function returning them (read from the data when called);
      for a number, a `NumberRange`.
    multi: several values (a tuple) rather than one.
    aliases: earlier names of the parameter, still read.
    labels: value -> msgid, in the order a control offers them (choices people read as words);
      or value -> function(lang) for a label that names something in the data (a period).
    """

    name: str
    kind: str
    default: object
    allowed: Collection | Callable[[], Collection] = ()
    multi: bool = False
    aliases: tuple[str, ...] = ()
    max_values: int = MAX_VALUES  # every country: a control's "Select All" is read whole
    labels: Mapping[str, str | Callable[[str], str]] = field(default_factory=dict, compare=False)

    def allowed_values(self) -> Collection:
        return self.allowed() if callable(self.allowed) else self.allowed


@dataclass(frozen=True)
class NumberRange:
    """The valid values of a "number" parameter: from `low` to `high`, in whole `step`s."""

    low: float
    high: float
    step: float

    def __contains__(self, value) -> bool:
        if not isinstance(value, int | float) or not math.isfinite(value):
            return False
        steps = (value - self.low) / self.step
        return self.low <= value <= self.high and abs(steps - round(steps)) < 1e-6

    def __iter__(self):
        return (round(self.low + index * self.step, 6) for index in range(len(self)))

    def __len__(self) -> int:
        return round((self.high - self.low) / self.step) + 1


def number_text(value: float) -> str:
    """A number parameter as the URL writes it: 3, 2.5 (never 3.0)."""
    return format(round(float(value), 6), "g")


# A notice lists a handful of ignored values, each cut short, then says how many more: a URL
# with thousands of odd parameters gets a page of normal size.
MAX_NOTICES = 5
MAX_SHOWN_CHARS = 40


def shown(text) -> str:
    """A parameter name or value as a notice shows it: at most MAX_SHOWN_CHARS characters."""
    text = str(text)
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"


@dataclass
class Notice:
    param: str
    value: str
    reason: str  # "unknown" | "invalid" | "too_many"


@dataclass
class Parsed:
    state: dict
    notices: list[Notice] = field(default_factory=list)  # the first MAX_NOTICES
    more_notices: int = 0  # how many more values were ignored

    def notice(self, param, value, reason: str) -> None:
        if len(self.notices) < MAX_NOTICES:
            self.notices.append(Notice(shown(param), shown(",".join(_values(value))), reason))
        else:
            self.more_notices += 1


def _values(value) -> list[str]:
    """A query value as strings: Dash passes a repeated parameter as a list."""
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def _raw(query: Mapping, names) -> str | None:
    """Everything the query says for a parameter, under its name and its old names, repeated
    or not, comma-joined (`?country=MDA&countries=TUN` is "MDA,TUN"); None if it says nothing."""
    found = [value for name in names if name in query for value in _values(query[name])]
    return ",".join(dict.fromkeys(found)) if found else None


def _read_one(param: Param, raw: str, allowed: Collection, parsed: Parsed):
    text = raw.strip()
    if param.kind in ("codes", "code"):
        text = text.upper()
    if param.kind == "int":
        try:
            value = int(text)
        except ValueError:
            parsed.notice(param.name, raw, "invalid")
            return None
    elif param.kind == "number":
        try:
            value = round(float(text), 6)
        except ValueError:
            parsed.notice(param.name, raw, "invalid")
            return None
    else:
        value = text
    if allowed and value not in allowed:
        parsed.notice(param.name, raw, "invalid")
        return None
    return value


def parse(params: list[Param], query: Mapping) -> Parsed:
    """A complete valid state from a query (a mapping of parameter -> string, or list of
    strings for a repeated parameter)."""
    parsed = Parsed({})
    state = parsed.state
    known = set(GLOBAL_PARAMS)
    for param in params:
        names = (param.name, *param.aliases)
        known.update(names)
        raw = _raw(query, names)
        if raw is None or raw.strip() == "":
            state[param.name] = param.default
            continue
        allowed = param.allowed_values()
        if param.multi:
            if raw.strip() == "-":  # written by to_query for "explicitly none"
                state[param.name] = ()
                continue
            values = {}
            for part in (p for p in raw.split(",") if p.strip()):
                value = _read_one(param, part, allowed, parsed)
                if value is not None:
                    values[value] = None
            values = list(values)
            if len(values) > param.max_values:
                parsed.notice(param.name, raw, "too_many")
                values = values[: param.max_values]
            state[param.name] = tuple(values) if values else param.default
        else:
            value = _read_one(param, raw, allowed, parsed)
            state[param.name] = param.default if value is None else value
    for name in query:
        if name not in known:
            parsed.notice(name, query[name], "unknown")
    return parsed


def query_from_search(search) -> dict:
    """A URL's query string (`?a=1&b=2&b=3`) as Dash's page router gives it to layouts: name ->
    value, or a list of values for a repeated name. Anything but a string is no query."""
    if not isinstance(search, str):
        return {}
    query: dict = {}
    for name, value in parse_qsl(search.lstrip("?"), keep_blank_values=True):
        query.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in query.items()}


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
            pairs.append((param.name, number_text(value) if param.kind == "number" else str(value)))
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
