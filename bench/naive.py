"""The naive reference: views computed per request from the raw source file, as a typical
Dash app does it (load the publisher's CSV, then filter and group on every callback).

The benchmark compares our pre-aggregated queries with it, and the tests use it as their
correctness oracle: it shares no code with data/ (not the readers, not the derivation rules).

    python -m bench.naive [--repeat 30]    time both on random inputs (fixed seed)
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import pandas as pd

IMS_FILE = "un_desa_ims/iom_gdidata_undesa_stocks_2024.csv"  # columns geo, t, from, sex, n


def load_bilateral(source_dir: Path) -> pd.DataFrame:
    """The publisher's bilateral stocks as they are: female and male rows only."""
    return pd.read_csv(Path(source_dir) / IMS_FILE, usecols=["geo", "t", "from", "sex", "n"])


def _sex(rows: pd.DataFrame, sex: str) -> pd.DataFrame:
    return rows if sex == "total" else rows[rows["sex"] == sex]


def origins(raw: pd.DataFrame, destination: str, year: int, sex: str) -> pd.Series:
    """Immigrants in `destination` by country of origin (both sexes = female + male)."""
    rows = _sex(raw[(raw["geo"] == destination) & (raw["t"] == year)], sex)
    return rows.groupby("from")["n"].sum().sort_values(ascending=False, kind="stable")


def country_totals(raw: pd.DataFrame, country: str, year: int, sex: str) -> tuple[float, float]:
    """(immigrants living in `country`, emigrants born in it) in `year`."""
    immigrants = _sex(raw[(raw["geo"] == country) & (raw["t"] == year)], sex)["n"].sum()
    emigrants = _sex(raw[(raw["from"] == country) & (raw["t"] == year)], sex)["n"].sum()
    return float(immigrants), float(emigrants)


def compare(repeat: int = 30) -> dict:
    """The naive origins against our stocks-bilateral query, in one process (no HTTP)."""
    from app import create_app
    from bench.data import summary
    from data import queries
    from settings import Settings

    settings = Settings.from_env(cache_type="SimpleCache")
    raw = load_bilateral(settings.source_dir)
    countries = sorted(set(raw["geo"]) & set(raw["from"]))
    rng = random.Random(20261128)
    inputs = [
        (rng.choice(countries), rng.choice([1990, 2005, 2020, 2024]), rng.choice(["total", "female", "male"]))
        for _ in range(repeat)
    ]
    naive, cold, warm = [], [], []
    with create_app(settings).server.test_request_context():
        for timings in (cold, warm):  # the same inputs twice: the second pass reads the cache
            for country, year, sex in inputs:
                started = time.perf_counter()
                origins(raw, country, year, sex)
                naive.append(time.perf_counter() - started)
                started = time.perf_counter()
                queries.select("stocks-bilateral", {"destination": (country,), "year": (year,), "sex": (sex,)})
                timings.append(time.perf_counter() - started)
    report = {
        "naive origins (raw CSV in memory, filter + group)": summary(naive),
        "ours, cold cache (stocks-bilateral query)": summary(cold),
        "ours, warm cache": summary(warm),
    }
    for name, timings in (("cold", cold), ("warm", warm)):
        report[f"speed-up at p50, {name}"] = round(summary(naive)["p50_ms"] / max(summary(timings)["p50_ms"], 1e-6), 1)
    return report


def main() -> None:
    from bench.data import RESULTS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    report = compare(parser.parse_args().repeat)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "naive.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
