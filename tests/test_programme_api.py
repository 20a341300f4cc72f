"""Programme data through /api/v1 and the views: values equal the stored demo rows (read here
with plain pandas from the generator's frames), demo data is flagged everywhere, bad input
gets a clear answer, and a new published version is served at once."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from components.chart_card import CHARTS, render, spec
from components.url_state import parse
from data.countries import PROGRAMME_COUNTRIES
from programme import database, demo

FRAMES = demo.generate()


def _csv(client, url: str) -> pd.DataFrame:
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    return pd.read_csv(io.BytesIO(response.data), keep_default_na=False, na_values=[""])


def _latest_total(indicator_id: str):
    values = FRAMES["indicator_values"]
    rows = values[(values["indicator_id"] == indicator_id) & (values["sex"] == "total")]
    if rows.empty:
        return None
    rows = rows.assign(order=rows["period"].str.replace("-Q", ""))  # 2025-Q2 -> 20252 sorts by time
    return float(rows.sort_values("order")["value"].iloc[-1])


def test_indicators_api_equals_the_stored_rows(client):
    frame = _csv(client, "/api/v1/programme-indicators.csv")
    assert len(frame) == len(FRAMES["indicators"])
    assert set(frame["country"]) == set(PROGRAMME_COUNTRIES)
    assert frame["demo_data"].all()
    stored = FRAMES["indicators"].set_index("indicator_id")
    for row in frame.itertuples():
        assert row.baseline_value == stored.loc[row.indicator_id, "baseline_value"]
        assert row.target_year == stored.loc[row.indicator_id, "target_year"]
        expected = _latest_total(row.indicator_id)
        if expected is None:
            assert pd.isna(row.latest_value) and row.status == "no_data" and pd.isna(row.progress)
        else:
            assert row.latest_value == pytest.approx(expected)
            assert 0 <= row.progress <= 1
    # The progress of one increasing and one decreasing indicator, by the documented formula.
    for indicator_id in ("MDA-I5", "MDA-I6"):
        row = frame.set_index("indicator_id").loc[indicator_id]
        base, target = stored.loc[indicator_id, "baseline_value"], stored.loc[indicator_id, "target_value"]
        latest = _latest_total(indicator_id)
        if latest is not None:
            assert row["progress"] == pytest.approx(min(1, max(0, (latest - base) / (target - base))))


def test_activity_milestone_and_capacity_apis_equal_the_stored_rows(client):
    activities = _csv(client, "/api/v1/programme-activities.csv?country=MDA,TUN")
    stored = FRAMES["activities"][FRAMES["activities"]["country"].isin(["MDA", "TUN"])]
    assert len(activities) == len(stored)
    assert activities["budget_usd"].sum() == pytest.approx(stored["budget_usd"].sum())
    assert activities["expenditure_usd"].sum() == pytest.approx(stored["expenditure_usd"].sum())
    milestones = _csv(client, "/api/v1/programme-milestones.csv")
    assert milestones["achieved_date"].notna().sum() == FRAMES["milestones"]["achieved_date"].notna().sum()
    events = _csv(client, "/api/v1/programme-capacity.csv?type=training")
    trainings = FRAMES["capacity_events"][FRAMES["capacity_events"]["type"] == "training"]
    assert events["participants"].sum() == trainings["participants"].sum()
    assert events["women"].sum() == trainings["women"].sum()


def test_indicator_values_api_and_filters(client):
    values = _csv(client, "/api/v1/programme-indicator-values.csv?indicator=MDA-I8&sex=female")
    stored = FRAMES["indicator_values"]
    stored = stored[(stored["indicator_id"] == "MDA-I8") & (stored["sex"] == "female")]
    assert list(values["value"]) == pytest.approx(list(stored["value"]))
    for url, param in (
        ("/api/v1/programme-indicators.csv?status=great", "status"),
        ("/api/v1/programme-indicators.csv?country=FRA", "country"),
        ("/api/v1/programme-activities.json?area=nowhere", "area"),
        ("/api/v1/programme-indicator-values.csv?indicator=NOPE", "indicator"),
    ):
        response = client.get(url)
        assert response.status_code == 400 and response.json["parameter"] == param, url


def test_metadata_and_downloads_say_demo(client):
    meta = client.get("/api/v1/programme-indicators.metadata.json").json
    assert meta["demo"] is True and meta["programme_version"] >= 1 and "DEMO" in meta["warning"]
    assert meta["sources"][0]["demo"] is True
    body = client.get("/api/v1/programme-milestones.json").json
    assert body["demo"] is True and body["rows"] == len(FRAMES["milestones"])
    csv = client.get("/api/v1/programme-capacity.csv")
    assert "DEMO" in csv.headers["Content-Disposition"]
    xlsx = client.get("/api/v1/programme-activities.xlsx")
    about = pd.read_excel(io.BytesIO(xlsx.data), sheet_name="about")
    assert "DEMO" in " ".join(about["value"].astype(str))
    listing = client.get("/api/v1/datasets.json").json
    assert {"programme-indicators", "programme-activities", "programme-milestones", "programme-capacity"} <= {
        d["name"] for d in listing["datasets"]
    }


def test_portfolio_table_counts_the_api_rows(app, client):
    """The side-by-side table of the portfolio and the API's status column agree."""
    indicators = _csv(client, "/api/v1/programme-indicators.csv")
    with app.server.test_request_context():
        chart = CHARTS["programme-status"]
        content = chart.render(parse(list(chart.params), {}).state, "en")
    table = content.table.set_index("country")
    for country, rows in indicators.groupby("country"):
        for status in ("on_track", "at_risk", "off_track", "no_data"):
            assert table.loc[country, status] == (rows["status"] == status).sum()
    total = content.table[content.table["country"].isna()].iloc[0]
    with_data = indicators["progress"].dropna()
    assert total["mean_progress"] == pytest.approx(with_data.mean() * 100)  # pooled, not per country
    assert total["no_data"] == indicators["progress"].isna().sum()
    assert content.demo and any("Demo" in a["text"] for a in content.figure["layout"]["annotations"])


def test_indicator_chart_shows_the_stored_values(app):
    with app.server.test_request_context():
        chart = CHARTS["programme-indicator"]
        content = chart.render(parse(list(chart.params), {"country": "MDA", "indicator": "MDA-I8"}).state, "en")
        fallback = chart.render(parse(list(chart.params), {"country": "TUN", "indicator": "MDA-I8"}).state, "en")
        outputs = render(spec(chart, parse(list(chart.params), {"country": "TUN"}).state, "en"))
    stored = FRAMES["indicator_values"]
    totals = stored[(stored["indicator_id"] == "MDA-I8") & (stored["sex"] == "total")]
    line = next(trace for trace in content.figure["data"] if trace["name"] == "Both sexes")
    assert line["y"] == pytest.approx(list(totals["value"]))
    indicator = FRAMES["indicators"].set_index("indicator_id").loc["MDA-I8"]
    path = content.figure["data"][0]
    assert path["y"] == [indicator["baseline_value"], indicator["target_value"]]
    assert {trace["name"] for trace in content.figure["data"]} >= {"Women", "Men"}  # reported by sex
    first_tun = FRAMES["indicators"][FRAMES["indicators"]["result_id"].str.startswith("TUN")]
    assert fallback.title in set(first_tun["name"])  # another country's indicator is not shown
    assert outputs["back_link"] == "/programme/TUN"  # the permalink puts the country in the path


def test_pages_check_their_input(client):
    assert client.get("/programme/XXX").status_code == 404
    assert client.get("/programme/FRA").status_code == 404
    for url in (
        "/programme/mda",
        "/programme/MDA?indicator=<script>",
        "/programme?gcm=99&area=x&country=ZZZ",
        "/embed/programme-indicator?country=FRA&indicator=1",
    ):
        assert client.get(url).status_code == 200, url


def test_a_new_published_version_is_served_at_once(programme_db, settings):
    from app import create_app

    url = programme_db
    app = create_app(settings.replace(programme_db=url))
    client = app.server.test_client()
    assert client.get("/api/v1/programme-indicators.csv").status_code == 503  # nothing published: says so
    database.publish(url, FRAMES, created_by="test", kind="demo", is_demo=True)
    assert len(_csv(client, "/api/v1/programme-indicators.csv")) == len(FRAMES["indicators"])
    real = {name: frame.copy() for name, frame in FRAMES.items()}
    real["indicators"] = real["indicators"][real["indicators"]["result_id"].str.startswith("MDA")]
    real["indicator_values"] = real["indicator_values"][real["indicator_values"]["indicator_id"].str.startswith("MDA")]
    version = database.publish(url, real, created_by="test", kind="upload", is_demo=False)
    frame = _csv(client, "/api/v1/programme-indicators.csv")
    assert set(frame["country"]) == {"MDA"} and not frame["demo_data"].any()
    assert client.get("/api/v1/programme-indicators.metadata.json").json["programme_version"] == version.version_id
    with app.server.test_request_context():
        chart = CHARTS["programme-status"]
        assert not chart.render(parse(list(chart.params), {}).state, "en").demo
