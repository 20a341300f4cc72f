"""Peer ranks compare every member at its own latest year, and say which years: Moldova among
the programme countries for remittances as a share of GDP counts Kyrgyzstan, whose data ends
a year earlier (it used to rank "2 of 4", silently without it)."""

from __future__ import annotations

import pytest

from i18n import format_ordinal

PROGRAMME = ("BGD", "ECU", "JAM", "KGZ", "MDA", "MAR", "SRB", "TUN")


def expected_rank(built, iso3: str) -> tuple[int, int, tuple[int, int]]:
    """(rank, members ranked, (first, last) year) from the build's remittances and GDP in
    dollars, each programme country at its latest year with both."""
    rows = built("remittances_country")
    rows = rows[rows["country"].isin(PROGRAMME)].dropna(subset=["inflow_usd", "gdp_usd"])
    rows = rows[rows["gdp_usd"] > 0].sort_values("year").groupby("country").tail(1)
    share = dict(zip(rows["country"], rows["inflow_usd"] / rows["gdp_usd"]))
    ordered = sorted(share, key=share.get, reverse=True)
    return ordered.index(iso3) + 1, len(share), (int(rows["year"].min()), int(rows["year"].max()))


@pytest.mark.real_data
def test_moldova_ranks_among_all_programme_countries_with_the_years_stated(app, built):
    from components.profile import peers_table
    from data.profile import country_facts

    rank, size, years = expected_rank(built, "MDA")
    latest = built("remittances_country").dropna(subset=["inflow_usd", "gdp_usd"]).groupby("country")["year"].max()
    assert latest["KGZ"] < latest["MDA"]  # the case that was dropped
    assert size == len(PROGRAMME)
    with app.server.test_request_context():
        facts = country_facts("MDA")
        found = next(r for r in facts.ranks if r.group == "PRG" and r.measure == "remittances_pct_gdp")
        assert (found.rank, found.size, found.years) == (rank, size, years)
        years_text = f"{years[0]}–{years[1]}"
        for lang, of in (("en", "{} of {}"), ("fr", "{} sur {}"), ("es", "{} de {}")):
            table = str(peers_table(facts, {}, lang))
            assert of.format(format_ordinal(rank, lang), size) in table
            assert years_text in table and "#method-peer-ranks" in table


QUARTER = {"en": "(Q{quarter} {year})", "fr": "(T{quarter} {year})", "es": "(T{quarter} {year})"}
RANK_OF = {"en": "{} of {}", "fr": "{} sur {}", "es": "{} de {}"}


@pytest.mark.real_data
def test_ranks_and_latest_periods_are_named_in_the_browser(dash_duo, app, built):
    """In EN/FR/ES: Moldova's peers table ranks it among all eight programme countries with
    the years compared, and the corridor control's latest survey names its quarter."""
    from selenium.webdriver.common.by import By

    from tests.browser import assert_clean_console, visit

    rank, size, (first, last) = expected_rank(built, "MDA")
    period = str(built("remittance_costs")["period"].max())
    dash_duo.start_server(app)
    driver = dash_duo.driver
    for lang in RANK_OF:
        visit(dash_duo, f"/country/MDA?lang={lang}")
        rows = [row.text for row in driver.find_elements(By.CSS_SELECTOR, ".peers-table tbody tr")]
        assert any(
            RANK_OF[lang].format(format_ordinal(rank, lang), size) in row and f"{first}–{last}" in row for row in rows
        )
        visit(dash_duo, f"/remittances?lang={lang}")
        control = driver.find_element(By.CSS_SELECTOR, "#remittances-control-corridors").text
        assert QUARTER[lang].format(year=period[:4], quarter=period[-1]) in control
    assert_clean_console(driver)
