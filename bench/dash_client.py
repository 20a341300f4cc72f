"""Talk to a running migdash the way the browser's Dash renderer does: POST
/_dash-update-component with the callback's output string, concrete outputs, inputs, state and
the changed property, as listed by /_dash-dependencies.

Pure standard library (and components.card_ids, which is too), so the load test's own
virtual environment (locust) can import it.
A page visit is the pages router callback (path -> layout), then one render per chart card
whose spec store is in that layout; a filter change is the page's view callback (controls ->
URL and card specs), then one render per card it gave a spec to.
"""

from __future__ import annotations

import json

from components.card_ids import dom_id, part_id

UPDATE_PATH = "/_dash-update-component"
MATCH = ["MATCH"]  # Dash's MATCH wildcard as /_dash-dependencies writes it
CARD_RENDER = f"{dom_id(part_id(MATCH, 'title'))}.children"  # an output of the card's render only


def id_string(component_id) -> str:
    """A component id as Dash writes it in prop ids: dict ids as sorted compact JSON."""
    return dom_id(component_id) if isinstance(component_id, dict) else component_id


def _parse_id(raw: str):
    return json.loads(raw) if raw.startswith("{") else raw


def _concrete(raw_id: str, match: str | None):
    """A dependency's id with its MATCH wildcard filled in."""
    component_id = _parse_id(raw_id)
    if isinstance(component_id, dict):
        return {key: (match if value == MATCH else value) for key, value in component_id.items()}
    return component_id


def _output_specs(output: str) -> list[tuple[str, str]]:
    """(id, property) pairs of a dependency's output string ("..a.p...b.q.." or "a.p")."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [tuple(part.rsplit(".", 1)) for part in parts]


class Callbacks:
    """The app's server-side callbacks, by role, from /_dash-dependencies."""

    def __init__(self, dependencies: list[dict]):
        self.by_output = {}
        for dependency in dependencies:
            if dependency.get("clientside_function"):
                continue
            self.by_output[dependency["output"]] = dependency
        self.router = self._find(lambda out: out.startswith(".._pages_content.children"))
        self.render = self._find(lambda out: CARD_RENDER in out)
        # The benchmark's floor (bench/floor_app.py): shaped like a card's render.
        self.floor = next((dep for out, dep in self.by_output.items() if '"component":"bench-floor"' in out), None)
        self.views = {}
        self.headlines = None
        for output, dependency in self.by_output.items():
            first_id = _parse_id(_output_specs(output)[0][0])
            if isinstance(first_id, dict) and first_id.get("type") == "view-url":
                self.views[first_id["page"]] = dependency
            if output == "programme-headlines.children":
                self.headlines = dependency

    def _find(self, test) -> dict:
        found = [dep for out, dep in self.by_output.items() if test(out)]
        if len(found) != 1:
            raise LookupError(f"expected one callback, found {len(found)}")
        return found[0]

    def payload(self, dependency: dict, values: dict, changed: str, match: str | None = None) -> dict:
        """The request body for `dependency` with `values` by "id.property" (plain ids) or by
        property (for the MATCH id); `changed` is the triggering "id.property"."""

        def entry(spec: dict) -> dict:
            component_id = _concrete(spec["id"], match)
            key = f"{id_string(component_id)}.{spec['property']}"
            value = values.get(key, values.get(spec["property"]) if isinstance(component_id, dict) else None)
            return {"id": component_id, "property": spec["property"], "value": value}

        outputs = [{"id": _concrete(raw, match), "property": prop} for raw, prop in _output_specs(dependency["output"])]
        changed_id = (
            changed
            if match is None
            else f"{id_string(_concrete(changed.rsplit('.', 1)[0], match))}.{changed.rsplit('.', 1)[1]}"
        )
        return {
            "output": dependency["output"],
            "outputs": outputs if dependency["output"].startswith("..") else outputs[0],
            "inputs": [entry(spec) for spec in dependency["inputs"]],
            "changedPropIds": [changed_id],
            "state": [entry(spec) for spec in dependency["state"]],
        }

    def visit(self, path: str, search: str = "", lang: str = "en") -> dict:
        """The pages router call a navigation to `path?search` makes."""
        return self.payload(
            self.router,
            {"_pages_location.pathname": path, "_pages_location.search": search, "shell-lang.data": lang},
            "_pages_location.pathname",
        )

    def view(self, page: str, controls: dict, lang: str = "en") -> dict:
        """A filter change on an explorer: `controls` by parameter name (control values)."""
        dependency = self.views[page]
        values = {f"{page}-control-{name}.value": value for name, value in controls.items()}
        values["shell-lang.data"] = lang
        changed = f"{page}-control-{next(iter(controls))}.value"
        return self.payload(dependency, values, changed)

    def programme_headlines(self, controls: dict, lang: str = "en") -> dict:
        values = {f"programme-control-{name}.value": value for name, value in controls.items()}
        values["shell-lang.data"] = lang
        return self.payload(self.headlines, values, f"programme-control-{next(iter(controls))}.value")

    def render_card(self, aio_id: str, spec: dict, shown: dict | None = None) -> dict:
        """One chart card's render for its spec (the MATCH callback), the card's graphs
        drawing the figures whose keys are `shown` (see Drawn)."""
        return self._card_call(self.render, part_id(MATCH, "spec"), aio_id, spec, shown)

    def follow_ups(
        self, body: dict, headline_controls: dict | None = None, drawn: Drawn | None = None
    ) -> list[tuple[str, dict]]:
        """What the browser sends after a router or view answer: one render per card spec it
        holds (labelled by chart; with what the tab's graphs draw, `drawn`), and the
        portfolio's headline tiles when given its controls."""
        drawn = drawn or Drawn()
        calls = [
            (spec["chart"], self.render_card(aio_id, spec, drawn.shown(aio_id)))
            for aio_id, spec in specs_in_response(body)
        ]
        if headline_controls is not None:
            calls.append(("headlines", self.programme_headlines(headline_controls)))
        return calls

    def floor_card(self, aio_id: str, spec: dict) -> dict:
        """The floor's call: the same shape as a card's render."""
        return self._card_call(self.floor, {"component": "bench-floor", "part": "spec", "aio_id": MATCH}, aio_id, spec)

    def _card_call(self, dependency: dict, spec_pattern: dict, aio_id: str, spec: dict, shown=None) -> dict:
        """`dependency` called for the card `aio_id` whose spec store (id `spec_pattern`,
        with MATCH) holds `spec`, and its "shown" store `shown`."""
        values = {"data": spec, f"{dom_id(part_id(aio_id, 'shown'))}.data": shown}
        return self.payload(dependency, values, f"{dom_id(spec_pattern)}.data", match=aio_id)


STRUCTURE_META = "migdash_structure"  # components.chart_card.STRUCTURE_META
FIGURE_PARTS = {"graph": "figure", "map": "map_figure"}  # card part -> its key in the "shown" store


class Drawn:
    """What one browser tab's card graphs draw, as the card's "shown" store holds it (the
    keys in each figure's layout.meta, assets/migdash.js shownFigures): followed through
    every render answer, whole figures and Patches alike."""

    def __init__(self):
        self.keys: dict[str, dict] = {}

    def shown(self, aio_id: str) -> dict | None:
        return self.keys.get(aio_id)

    def update(self, body: dict) -> None:
        """Follow a callback's answer: the figures it sends to card graphs."""
        for raw_id, answer in body.get("response", {}).items():
            component_id = _parse_id(raw_id)
            if not isinstance(component_id, dict) or component_id.get("part") not in FIGURE_PARTS:
                continue
            if "figure" not in answer:
                continue
            aio_id, name = component_id["aio_id"], FIGURE_PARTS[component_id["part"]]
            shown = self.keys.setdefault(aio_id, {"figure": None, "map_figure": None})
            figure = answer["figure"]
            if isinstance(figure, dict) and figure.get("__dash_patch_update"):
                meta = next(
                    (op["params"]["value"] for op in figure["operations"] if op["location"] == ["layout", "meta"]),
                    None,
                )
                shown[name] = (meta or {}).get(STRUCTURE_META, shown[name])
            else:
                shown[name] = ((figure or {}).get("layout") or {}).get("meta", {}).get(STRUCTURE_META)


def specs_in_layout(node) -> list[tuple[str, dict]]:
    """(card id, spec) of every chart card spec store with a spec in a layout tree."""
    found = []
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict):
            component_id = props.get("id")
            if (
                isinstance(component_id, dict)
                and component_id == part_id(component_id.get("aio_id"), "spec")
                and props.get("data")
            ):
                found.append((component_id["aio_id"], props["data"]))
            for value in props.values():
                found.extend(specs_in_layout(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(specs_in_layout(item))
    return found


def specs_in_response(body: dict) -> list[tuple[str, dict]]:
    """(card id, spec) of every card spec a callback response writes (a view callback), or
    that the layout it returns holds (the pages router)."""
    found = []
    for raw_id, props in body.get("response", {}).items():
        component_id = _parse_id(raw_id)
        if isinstance(component_id, dict) and component_id.get("part") == "spec" and props.get("data"):
            found.append((component_id["aio_id"], props["data"]))
        for value in props.values():
            found.extend(specs_in_layout(value))
    return found
