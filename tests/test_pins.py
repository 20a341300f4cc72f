"""Pinned views (components/pins.py, web/pinning.py, data.store's pins and retention): a view
with `v=<data version>` keeps its numbers across a new build, says how old they are and links
to the latest; an unknown version never gives a 500; builds that a pin names are kept.

The second build is real: the session's sources with one value of the World Bank's remittance
file changed (Moldova's latest year, doubled), built by data.build into a copy of the session's
store. Expected numbers are read from the source files, never from our output.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import SOURCE_DIR, settings_in

WDI_KEY = "wdi_remittances_received"
COUNTRY = "MDA"


def _wdi_rows(path: Path) -> tuple[list[str], pd.DataFrame]:
    """The file's four preamble lines and its table, as text (nothing parsed into numbers)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    preamble, body = lines[:4], lines[4:]
    frame = pd.read_csv(pd.io.common.StringIO("".join(body)), dtype=str, keep_default_na=False)
    return preamble, frame


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, built_data_dir):
    """(data_dir, old version, new version, year, old value, new value): the session's build,
    then a build of the same sources but for Moldova's latest remittances value, doubled."""
    from data import store
    from data.build import build
    from data.sources import SOURCES_BY_KEY

    root = tmp_path_factory.mktemp("pins")
    data_dir = root / "data"
    shutil.copytree(built_data_dir, data_dir, symlinks=True, copy_function=os.link)
    old_version = store.current_version(data_dir)

    sources = root / "sources"
    for path in SOURCE_DIR.rglob("*"):
        if path.is_file():
            target = sources / path.relative_to(SOURCE_DIR)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path.resolve())
    relative = SOURCES_BY_KEY[WDI_KEY].path
    preamble, frame = _wdi_rows(SOURCE_DIR / relative)
    row = frame.index[frame["Country Code"] == COUNTRY][0]
    year = max(column for column in frame.columns if column.isdigit() and frame.at[row, column] != "")
    old_value = float(frame.at[row, year])
    frame.at[row, year] = repr(old_value * 2)
    (sources / relative).unlink()
    with (sources / relative).open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(preamble)
        frame.to_csv(handle, index=False, quoting=csv.QUOTE_ALL)
    result = build(sources, data_dir)
    assert result.built and result.version != old_version
    return data_dir, old_version, result.version, int(year), old_value, old_value * 2


@pytest.fixture
def pinned_app(tmp_path, two_builds):
    from app import create_app

    return create_app(settings_in(tmp_path, two_builds[0]))


def _received(client, year: int, query: str = "") -> float:
    response = client.get(f"/api/v1/remittances-country.json?country={COUNTRY}{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    rows = [row for row in response.get_json()["data"] if row["year"] == year]
    return rows[0]["inflow_usd"]


def test_the_api_serves_a_pinned_build_unchanged_after_a_new_build(pinned_app, two_builds):
    _data_dir, old, new, year, old_value, new_value = two_builds
    client = pinned_app.server.test_client()
    assert _received(client, year) == pytest.approx(new_value)
    assert _received(client, year, f"&v={old}") == pytest.approx(old_value)
    assert _received(client, year, f"&v={new}") == pytest.approx(new_value)
    envelope = client.get(f"/api/v1/remittances-country.json?country={COUNTRY}&v={old}").get_json()
    assert envelope["data_version"] == old


@pytest.mark.parametrize("version", ["0123456789abcdef", "../../etc/passwd", "x" * 5000, "62FC8F10487C1BD3"])
def test_a_version_not_kept_is_a_clear_404_on_data_routes_never_a_500(pinned_app, two_builds, version):
    _data_dir, old, new, *_ = two_builds
    client = pinned_app.server.test_client()
    response = client.get("/api/v1/remittances-country.csv", query_string={"country": COUNTRY, "v": version})
    assert response.status_code == 404
    body = response.get_json()
    assert body["parameter"] == "v" and set(body["kept_versions"]) >= {old, new}
    assert len(response.get_data()) < 1000  # the answer does not echo a long value back
    download = client.get("/download/remittances-trend.csv", query_string={"country": COUNTRY, "v": version})
    assert download.status_code == 404 and "not kept" in download.get_data(as_text=True)


def _texts(component) -> str:
    """Every string in a Dash component tree, joined (what a reader would see, and more)."""
    found = []

    def walk(node):
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, list | tuple):
            for item in node:
                walk(item)
        elif hasattr(node, "children"):
            walk(node.children)

    walk(component)
    return " ".join(found)


def _find(component, predicate):
    if predicate(component):
        yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children] if children is not None else []:
        yield from _find(child, predicate)


def _layout(app, path_module: str, **query):
    import dash

    page = next(page for page in dash.page_registry.values() if page["module"] == path_module)
    with app.server.test_request_context("/"):
        return page["layout"](**query)


def test_a_pinned_embed_keeps_its_numbers_and_says_newer_data_exists(pinned_app, two_builds):
    from components import chart_card

    _data_dir, old, _new, year, old_value, new_value = two_builds
    layout = _layout(pinned_app, "pages.embed", chart="remittances-trend", country=COUNTRY, v=old, lang="en")
    text = _texts(layout)
    assert "Data as of" in text and old[:8] in text and "Newer data is available" in text
    (spec,) = [
        c.data for c in _find(layout, lambda c: isinstance(getattr(c, "id", None), dict) and c.id.get("part") == "spec")
    ]
    assert spec["v"] == old and f"v={old}" in spec["embed"]["chart"] and f"v={old}" in spec["permalink"]["chart"]
    with pinned_app.server.test_request_context("/"):
        figure = chart_card.render(spec)["figure"]
        latest = chart_card.render({**spec, "v": None})["figure"]
    points = {int(x): y for x, y in zip(figure["data"][0]["x"], figure["data"][0]["y"], strict=True)}
    assert points[year] == pytest.approx(old_value)
    points = {int(x): y for x, y in zip(latest["data"][0]["x"], latest["data"][0]["y"], strict=True)}
    assert points[year] == pytest.approx(new_value)


def test_a_view_pinned_to_the_latest_build_says_it_will_not_change(pinned_app, two_builds):
    _data_dir, _old, new, *_ = two_builds
    text = _texts(_layout(pinned_app, "pages.embed", chart="remittances-trend", country=COUNTRY, v=new, lang="fr"))
    assert "Newer data" not in text and new[:8] in text


@pytest.mark.parametrize("version", ["0123456789abcdef", "not-a-version", ""])
def test_a_page_with_an_unknown_version_shows_the_latest_data_with_a_notice(pinned_app, two_builds, version):
    _data_dir, old, *_ = two_builds
    layout = _layout(pinned_app, "pages.country", iso3=COUNTRY, v=version, lang="es")
    pin_store = next(_find(layout, lambda c: getattr(c, "id", None) == "page-pin"))
    assert pin_store.data is None
    text = _texts(layout)
    if version:
        assert "no se conserva" in text or "not kept" in text
    assert f"v={old}" not in json.dumps(layout.to_plotly_json(), default=str)


def test_a_pinned_profile_links_its_brief_and_pdf_to_the_same_version(pinned_app, two_builds):
    _data_dir, old, *_ = two_builds
    layout = _layout(pinned_app, "pages.country", iso3=COUNTRY, v=old, lang="en")
    links = [c.href for c in _find(layout, lambda c: isinstance(getattr(c, "href", None), str))]
    briefs = [link for link in links if "/brief/" in link]
    assert briefs and all(f"v={old}" in link for link in briefs)


def test_a_pinned_pdf_brief_prints_the_pinned_page(pinned_app, two_builds, monkeypatch):
    from web import brief_pdf

    _data_dir, old, *_ = two_builds
    printed = []
    monkeypatch.setattr(brief_pdf, "find_chromium", lambda _configured: "/bin/true")
    monkeypatch.setattr(
        brief_pdf, "print_to_pdf", lambda _binary, url, _timeout, _marker: printed.append(url) or b"%PDF"
    )
    client = pinned_app.server.test_client()
    assert client.get(f"/brief/{COUNTRY}.pdf?v={old}").status_code == 200
    assert client.get(f"/brief/{COUNTRY}.pdf").status_code == 200
    assert f"v={old}" in printed[0] and "v=" not in printed[1]


def test_a_filter_change_on_a_pinned_page_stays_on_its_build(pinned_app, two_builds):
    """The explorer's callback reads the page's PIN store: its URL and card specs keep the pin."""
    from callbacks.views import register_view  # noqa: F401 - the callback under test is registered by create_app
    from components import url_state
    from components.pins import pinned_or_latest
    from components.view import page_query

    _data_dir, old, *_ = two_builds
    with pinned_app.server.test_request_context("/"), pinned_or_latest(old):
        query = page_query([], {}, "en")
    assert query == f"?v={old}"
    with pinned_app.server.test_request_context("/"), pinned_or_latest("0123456789abcdef"):
        assert page_query([], {}, "en") == ""  # a version not kept: the latest, unpinned
    assert "v" in url_state.GLOBAL_PARAMS  # the explorers' URL parser leaves it to the pin


def test_builds_named_by_a_pin_survive_retention_the_others_go(tmp_path):
    from data import pins, store

    def fake_build(name: str, version: str, age: int) -> Path:
        folder = store.builds_dir(tmp_path) / name
        folder.mkdir(parents=True)
        (folder / store.MANIFEST).write_text(
            json.dumps({"data_version": version, "built_at": f"2026-01-0{age}T00:00:00+00:00", "tables": {}})
        )
        os.utime(folder, (age * 1000, age * 1000))
        return folder

    url = f"sqlite:///{tmp_path / 'programme.sqlite'}"
    versions = [f"{index:016x}" for index in range(1, 6)]
    folders = [fake_build(version, version, index + 1) for index, version in enumerate(versions)]
    assert pins.versions(url, tmp_path) == set()  # no store yet: nothing pinned, and none is made
    assert not (tmp_path / "programme.sqlite").exists()
    pins.record(url, versions[0])
    pins.record(url, versions[0])  # once is enough
    (tmp_path / "pins").mkdir()
    (tmp_path / "pins" / versions[1]).touch()  # a pin file of an earlier release still counts
    assert pins.versions(url, tmp_path) == {versions[0], versions[1]}
    assert store.prune_builds(tmp_path, keep_newest=2, keep=folders[-1], pinned=None) == []  # pins unknown
    removed = store.prune_builds(tmp_path, keep_newest=2, keep=folders[-1], pinned=pins.versions(url, tmp_path))
    assert removed == [versions[2]]
    assert [folder.exists() for folder in folders] == [True, True, False, True, True]
    assert store.find_build(tmp_path, versions[0]) == folders[0].resolve()
    assert store.find_build(tmp_path, versions[2]) is None


def test_a_pin_made_on_one_host_keeps_the_build_on_the_other(two_builds, tmp_path, monkeypatch):
    """Host A serves a pinned view; host B (its own data folder, the same programme store)
    then builds and prunes: B keeps the pinned build, because the pin is in the store they share."""
    from app import create_app
    from data import build, store

    data_a, old, new, year, old_value, _new_value = two_builds
    data_b = tmp_path / "b"
    shutil.copytree(data_a, data_b, symlinks=True, copy_function=os.link)
    shared = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    host_a = create_app(settings_in(tmp_path / "a", data_a).replace(programme_db=shared))
    assert _received(host_a.server.test_client(), year, f"&v={old}") == pytest.approx(old_value)

    given = {}  # what B's `python -m data.build` passes to the build it runs
    monkeypatch.setattr(
        build, "build", lambda *args, **options: given.update(options) or build.BuildResult(new, False, 0.0, None)
    )
    monkeypatch.setenv("MIGDASH_PROGRAMME_DB", shared)
    assert build.main(["--data-dir", str(data_b)]) == 0
    assert old in given["pinned"]()  # read when the build prunes
    store.prune_builds(data_b, keep_newest=1, keep=store.resolve_current(data_b), pinned=given["pinned"]())
    assert store.find_build(data_b, old) is not None and store.current_version(data_b) == new


def test_the_retention_setting_reaches_the_build(monkeypatch):
    from settings import Settings

    assert Settings.from_env(environ={"MIGDASH_KEEP_BUILDS": "7"}).keep_builds == 7


def _trend_value(driver, year: int):
    """The trend card's value for `year`, read from the drawn figure in one script."""
    return driver.execute_script(
        "const plot = document.querySelector('#' + CSS.escape(arguments[0]) + ' .js-plotly-plot');"
        "if (!plot || !plot.data || !plot.data.length) { return null; }"
        "const trace = plot.data[0]; const at = Array.from(trace.x).map(Number).indexOf(arguments[1]);"
        "return at < 0 ? null : trace.y[at];",
        "remittances-card-remittances-trend",
        year,
    )


def test_a_pinned_page_keeps_its_build_through_filter_changes_and_links_to_the_latest(dash_duo, pinned_app, two_builds):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from components.card_ids import dom_id, part_id
    from tests.browser import assert_clean_console, click, visit, wait_until_rendered

    _data_dir, old, new, year, old_value, new_value = two_builds
    dash_duo.start_server(pinned_app)
    wait_until_rendered(dash_duo)
    driver = dash_duo.driver
    visit(dash_duo, f"/remittances?country={COUNTRY}&v={old}")
    dash_duo.wait_for_contains_text(".pin-banner", "Newer data is available")
    wait = WebDriverWait(driver, 20)
    wait.until(lambda d: _trend_value(d, year) is not None)
    assert _trend_value(driver, year) == pytest.approx(old_value)

    click(driver, driver.find_element(By.XPATH, "//label[normalize-space()='2017']"))  # a filter change
    wait.until(lambda d: "matrix=2017" in d.current_url)
    assert f"v={old}" in driver.current_url
    assert _trend_value(driver, year) == pytest.approx(old_value)

    # The share dialog: "as of this data version" pins the embed code and the link.
    card = "remittances-card-remittances-trend"

    def part(name: str):
        return driver.execute_script("return document.getElementById(arguments[0])", dom_id(part_id(card, name)))

    click(driver, part("embed-open"))
    code = wait.until(lambda d: part("embed-code").get_attribute("value"))
    assert f"v={old}" in code  # the page is pinned: its dialog starts on the pinned choice
    driver.find_element(By.XPATH, "//label[starts-with(normalize-space(), 'Always the latest data')]").click()
    wait.until(lambda d: "v=" not in part("embed-code").get_attribute("value"))
    assert "v=" not in part("embed-link").get_attribute("value")
    driver.find_element(By.CSS_SELECTOR, ".modal .btn-close").click()
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".modal.show"))

    click(driver, driver.find_element(By.CSS_SELECTOR, "a.pin-latest"))
    wait.until(lambda d: "v=" not in d.current_url and "matrix=2017" in d.current_url)
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".pin-banner"))
    wait.until(lambda d: _trend_value(d, year) == pytest.approx(new_value))
    assert new  # the latest build is the one shown now
    assert_clean_console(driver)


def test_a_table_newer_than_the_pinned_build_says_so_rather_than_damaged(pinned_app, two_builds):
    """A chart added after a pinned build reads a table that build lacks: its card explains."""
    from data import queries, store

    data_dir, old, *_ = two_builds
    manifest = store.read_manifest(store.find_build(data_dir, old))
    with pinned_app.server.test_request_context("/"), queries.pinned(old):
        with pytest.raises(queries.NotInVersion):
            queries.table("a_table_added_later")
        assert len(queries.table(next(iter(manifest["tables"])))) > 0
