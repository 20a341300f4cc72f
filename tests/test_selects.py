"""No select shows a blank entry: dbc.Select always renders a hidden, disabled first option for
its placeholder, which some browsers (Safari) still list, so every select of every page carries
its control's name there, and its value is one of its options (else the browser shows blank)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pytest

from i18n import LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_select_names_itself_and_shows_one_of_its_options(app, lang):
    with app.server.test_request_context("/"):
        trees = [page["layout"](lang=lang) for page in dash.page_registry.values() if callable(page["layout"])]
    selects = [node for tree in trees for node in tree._traverse() if isinstance(node, dbc.Select)]
    assert len(selects) >= 4  # the explorers' and the programme's
    for select in selects:
        values = [option["value"] for option in select.options]
        assert isinstance(select.placeholder, str) and select.placeholder.strip(), select.id
        assert select.value in values, (select.id, select.value)
        assert all(str(option["label"]).strip() for option in select.options), select.id
