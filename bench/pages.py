"""Explorer pages benchmark: server time of each page's callbacks and figure sizes.

    python -m bench.pages [--repeat 60]

A filter change on a page runs the page's view callback, then one render callback per chart
card (components.chart_card.render); /programme also updates its headline figures. For random views (countries,
years, sexes; fixed seed)
this times each card's render and the page total, warm (tables and queries cached, as in a
running app) and reports p50/p95. It also reports the JSON size of the world map figure and
of a country trend figure (raw and gzip, as sent with compression). Writes
bench/results/pages.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time

import plotly.io.json

from app import create_app
from bench.data import RESULTS, summary
from charts.programme import portfolio_headlines
from components.chart_card import CHARTS, render, spec
from components.params import PROGRAMME
from components.url_state import parse
from data.countries import PROGRAMME_COUNTRIES
from settings import Settings

PAGES = {
    "/stocks": ("stocks-trend", "stocks-map", "stocks-top", "stocks-regions", "stocks-revisions"),
    "/flows": ("flows-sankey", "flows-in", "flows-out", "net-migration"),
    "/remittances": (
        "remittances-trend",
        "remittances-map",
        "remittances-senders",
        "remittance-costs",
        "remittances-revisions",
    ),
    "/programme": (
        "programme-status",
        "programme-milestones",
        "programme-activities",
        "programme-budget",
        "programme-capacity",
        "headlines",
    ),
    "/programme/<ISO3>": ("programme-indicator", "programme-activities", "programme-milestones", "programme-capacity"),
}
PROGRAMME_AREAS = ["all", "all", "coordination", "policy", "data", "capacity", "unct"]


# The years a random view of an explorer picks from.
YEARS = {"/stocks": ("1990", "2005", "2020", "2024"), "/remittances": ("2000", "2015", "2023")}


def random_query(page: str, rng: random.Random, countries: list[str]) -> dict:
    if page == "/stocks":
        return {
            "country": ",".join(rng.sample(countries, rng.randint(1, 3))),
            "year": rng.choice(YEARS["/stocks"]),
            "sex": rng.choice(["total", "female", "male"]),
            "measure": rng.choice(["immigrants", "emigrants"]),
        }
    if page == "/flows":
        return {
            "country": rng.choice(countries),
            "period": rng.choice(["1990-1995", "2005-2010", "2015-2020"]),
            "sex": rng.choice(["total", "female", "male"]),
        }
    if page == "/programme":
        return {
            "country": ",".join(rng.sample(PROGRAMME_COUNTRIES, rng.randint(0, 3))),
            "area": rng.choice(PROGRAMME_AREAS),
            "gcm": rng.choice(["all"] * 4 + ["1", "19", "23"]),
            "sdg": rng.choice(["all"] * 4 + ["10.7", "17.18"]),
        }
    if page == "/programme/<ISO3>":  # a country's page: one country, one of its indicators
        country = rng.choice(PROGRAMME_COUNTRIES)
        return {"country": country, "indicator": f"{country}-I{rng.randint(1, 10)}"}
    return {
        "country": ",".join(rng.sample(countries, rng.randint(1, 3))),
        "year": rng.choice(YEARS["/remittances"]),
        "measure": rng.choice(["inflow_usd", "outflow_usd", "inflow_pct_gdp"]),
        "matrix": rng.choice(["2017", "2021"]),
    }


def explorer_countries() -> list[str]:
    """Countries every explorer has data for (from the current build; the benchmark's random
    views draw from them)."""
    from flask import has_app_context

    from data import queries
    from data.datasets import DATASETS_BY_NAME

    if not has_app_context():
        with create_app(Settings.from_env(cache_type="SimpleCache")).server.app_context():
            return explorer_countries()
    return sorted(
        queries.column_values(DATASETS_BY_NAME["flows-country"], "country")
        & queries.column_values(DATASETS_BY_NAME["remittances-country"], "country")
    )


def figure_bytes(figure: dict) -> dict:
    """Bytes of the figure as Dash sends it (plotly's JSON encoder)."""
    raw = plotly.io.json.to_json_plotly(figure).encode()
    return {"json_bytes": len(raw), "gzip_bytes": len(gzip.compress(raw))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    app = create_app(Settings.from_env(cache_type="SimpleCache"))
    rng = random.Random(20261128)
    report = {"pages": {}, "figures": {}}
    with app.server.test_request_context():
        countries = explorer_countries()
        for page, cards in PAGES.items():
            totals, per_card = [], {card: [] for card in cards}
            for index in range(args.repeat + 5):
                query = random_query(page, rng, countries)
                started = time.perf_counter()
                for card in cards:
                    card_started = time.perf_counter()
                    if card == "headlines":  # the portfolio's headline figures callback
                        portfolio_headlines(parse(list(PROGRAMME), query).state, "en")
                    else:
                        chart = CHARTS[card]
                        card_query = query  # a country page's other cards show just that country
                        if page == "/programme/<ISO3>" and chart.name != "programme-indicator":
                            card_query = {"country": query["country"]}
                        card_started = time.perf_counter()
                        render(spec(chart, parse(list(chart.params), card_query).state, "en"))
                    if index >= 5:  # the first views warm tables and code paths
                        per_card[card].append(time.perf_counter() - card_started)
                if index >= 5:
                    totals.append(time.perf_counter() - started)
            report["pages"][page] = {"all cards": summary(totals), **{c: summary(v) for c, v in per_card.items()}}
        world = CHARTS["stocks-map"].render(parse(list(CHARTS["stocks-map"].params), {}).state, "en")
        trend = CHARTS["stocks-trend"].render(parse(list(CHARTS["stocks-trend"].params), {}).state, "en")
        report["figures"] = {
            "world map (stocks-map)": figure_bytes(world.map_figure),
            "country trend (stocks-trend, Moldova)": figure_bytes(trend.figure),
        }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pages.json").write_text(json.dumps(report, indent=2))
    print(f"{'page / card':<36}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for page, rows in report["pages"].items():
        for name, s in rows.items():
            label = page if name == "all cards" else "  " + name
            print(f"{label:<36}{s['n']:>5}{s['p50_ms']:>10}{s['p95_ms']:>10}{s['max_ms']:>10}")
    for name, sizes in report["figures"].items():
        print(f"{name}: {sizes['json_bytes']:,} bytes JSON, {sizes['gzip_bytes']:,} gzipped")
    print(f"written to {RESULTS / 'pages.json'}")


if __name__ == "__main__":
    main()
