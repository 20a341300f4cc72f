"""Whatever is called "latest" names its period: the corridor control's "Latest survey" says
which quarter, in each language, read from the survey file itself."""

from __future__ import annotations

import pytest

QUARTER = {
    "en": "Latest survey (Q{quarter} {year})",
    "fr": "Dernière enquête (T{quarter} {year})",
    "es": "Última encuesta (T{quarter} {year})",
}


@pytest.mark.parametrize("lang", sorted(QUARTER))
def test_the_latest_survey_option_names_its_quarter(app, built, lang):
    from components.params import REMITTANCES
    from components.view import choice_options

    period = str(built("remittance_costs")["period"].max())  # e.g. 2020Q3
    corridors = next(param for param in REMITTANCES if param.name == "corridors")
    with app.server.test_request_context():
        labels = {option["value"]: option["label"] for option in choice_options(corridors, lang)}
    assert labels["latest"] == QUARTER[lang].format(year=period[:4], quarter=period[-1])
