"""Data benchmark: build time (cold and no-op), store size, and query latency.

    python -m bench.data [--repeat 300]

Query latency is measured on `data.queries.select` behind /api/v1/stocks-country and
/api/v1/stocks-bilateral, for one country at a time (countries drawn at random, fixed seed):
cold = an empty cache (table already in memory), warm = the same query again, from the
flask-caching cache (SimpleCache, as in one process). Prints a table and writes
bench/results/data.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from app import create_app
from data import queries, store
from data.build import build
from data.cache import cache
from data.datasets import DATASETS_BY_NAME
from settings import Settings

RESULTS = Path(__file__).resolve().parent / "results"


def percentile(values, q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(seconds) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 0.50), 3),
        "p95_ms": round(percentile(ms, 0.95), 3),
        "max_ms": round(max(ms), 3),
    }


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def bench_build(source_dir: Path, work: Path) -> dict:
    data_dir = work / "data"
    cold = timed(lambda: build(source_dir, data_dir))
    warm = [timed(lambda: build(source_dir, data_dir)) for _ in range(5)]
    current = store.resolve_current(data_dir)
    size = sum(p.stat().st_size for p in current.iterdir())
    return {
        "data_dir": data_dir,
        "cold_build_s": round(cold, 2),
        "noop_build_s": round(statistics.median(warm), 3),
        "store_bytes": size,
    }


def bench_queries(data_dir: Path, work: Path, repeat: int) -> dict:
    app = create_app(Settings.from_env(data_dir=data_dir, cache_dir=work / "cache", cache_type="SimpleCache"))
    rng = random.Random(20261128)
    results = {}
    with app.server.app_context():
        countries = sorted(queries.column_values(DATASETS_BY_NAME["stocks-country"], "country"))
        cases = {
            "stocks-country": lambda c: {"country": (c,), "edition": ("2024",)},
            "stocks-bilateral": lambda c: {"destination": (c,), "sex": ("total",)},
        }
        for name, filters_for in cases.items():
            queries.table(DATASETS_BY_NAME[name].table)  # loaded once per process, as in the app
            picks = [rng.choice(countries) for _ in range(repeat)]
            cache.clear()
            cold = [
                timed(lambda c=c, name=name, filters_for=filters_for: queries.select(name, filters_for(c)))
                for c in dict.fromkeys(picks)
            ]
            warm = [
                timed(lambda c=c, name=name, filters_for=filters_for: queries.select(name, filters_for(c)))
                for c in picks
            ]
            results[name] = {"cold": summary(cold), "warm": summary(warm)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        built = bench_build(settings.source_dir, work)
        query_results = bench_queries(built.pop("data_dir"), work, args.repeat)
    report = {"build": built, "queries": query_results}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "data.json").write_text(json.dumps(report, indent=2))
    print(
        f"cold build {built['cold_build_s']} s · no-op build {built['noop_build_s']} s · "
        f"store {built['store_bytes'] / 1e6:.1f} MB"
    )
    print(f"{'query':<18}{'cache':<7}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for name, by_cache in query_results.items():
        for state, s in by_cache.items():
            print(f"{name:<18}{state:<7}{s['n']:>5}{s['p50_ms']:>10}{s['p95_ms']:>10}{s['max_ms']:>10}")
    print(f"written to {RESULTS / 'data.json'}")


if __name__ == "__main__":
    main()
