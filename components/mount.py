"""`Mount`: a box that puts its children on the page only once they are to be seen.

A component in the Dash layout is in the app's state (callbacks write its props) whether or
not React mounts it; this box decides the mounting. A chart card's graph is mounted only when
its tab is open (`mounted`), and, for a `lazy` box, once it comes near the viewport: plotly
then draws only what a reader sees, not the empty figures of hidden tabs and cards far below.
The box keeps its `style` (the graph's height) while empty, so nothing jumps when it fills, and
says what is coming (`placeholder`); a box that `wait_for_size` mounts nothing before its style
is set (a chart card's render sets it with the figure: a graph mounted sooner would draw an
empty plot first, then again). Drawn in the browser by assets/migdash-mount.js, which
also fills every waiting box before printing, for a link to a card (#card-id), and, when the
page is idle, one box after another, so every chart is drawn without scrolling too.
"""

from __future__ import annotations

from typing import ClassVar

from dash.development.base_component import Component

NAMESPACE = "migdash"  # window.migdash in assets/migdash-mount.js


class Mount(Component):
    _namespace = NAMESPACE
    _type = "Mount"
    _base_nodes: ClassVar = ["children"]
    _prop_names: ClassVar = ["children", "id", "mounted", "lazy", "wait_for_size", "placeholder", "style", "className"]
    _valid_wildcard_attributes: ClassVar = []
    available_properties: ClassVar = _prop_names
    available_wildcard_properties: ClassVar = []

    def __init__(
        self,
        children=None,
        id=None,  # noqa: A002 - Dash's name for it
        mounted: bool = True,
        lazy: bool = False,
        wait_for_size: bool = False,
        placeholder: str = "",
        style: dict | None = None,
        className: str = "",  # noqa: N803 - Dash's name for it
    ):
        props = {"mounted": mounted, "lazy": lazy, "placeholder": placeholder, "className": className}
        if wait_for_size:
            props["wait_for_size"] = True
        if id is not None:
            props["id"] = id
        if style is not None:
            props["style"] = style
        super().__init__(children=children, **props)
