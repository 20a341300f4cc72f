"""Explorer declarations (charts.EXPLORERS): each is complete enough for its view callback,
and each control's options follow from its parameter. Pure: no data is read."""

from __future__ import annotations

import pytest

from charts import EXPLORERS
from components.chart_card import CHARTS
from components.url_state import Param
from components.view import choice_options


@pytest.mark.parametrize("explorer", EXPLORERS, ids=lambda explorer: explorer.page)
def test_every_parameter_has_one_control(explorer):
    # the view callback listens to one control per parameter: a missing one fails in the browser
    assert sorted(control.param for control in explorer.controls) == sorted(param.name for param in explorer.params)


@pytest.mark.parametrize("explorer", EXPLORERS, ids=lambda explorer: explorer.page)
def test_every_card_is_a_chart_of_this_page(explorer):
    # a card reads the page's parameters it needs, in the page's order (the savings card alone
    # reads the target, so moving its slider re-renders no other card)
    for name in explorer.cards:
        assert CHARTS[name].page == explorer.path
        assert list(CHARTS[name].params) == [param for param in explorer.params if param in CHARTS[name].params]


def test_paths_and_pages_are_distinct():
    assert len({explorer.path for explorer in EXPLORERS}) == len({explorer.page for explorer in EXPLORERS}) == 4
    assert [explorer.page for explorer in EXPLORERS] == ["stocks", "flows", "remittances", "sdg"]


def test_labelled_choices_keep_the_labels_order():
    param = Param("sex", "choice", "total", ("male", "total", "female"), labels={"total": "Both", "female": "W"})
    assert choice_options(param, "en") == [{"label": "Both", "value": "total"}, {"label": "W", "value": "female"}]


def test_unlabelled_values_come_newest_first():
    years = Param("year", "int", 2020, lambda: {1990, 2024, 2020})
    assert [option["value"] for option in choice_options(years, "en")] == [2024, 2020, 1990]
    assert [option["label"] for option in choice_options(years, "en")] == ["2024", "2020", "1990"]
