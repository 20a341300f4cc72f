"""The change report (data.changes): a build with one modified source file lists exactly the
rows changed, computed here from what the test changed in the file, never from our output."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from data import changes, store
from data.datasets import DATASETS_BY_NAME
from data.sources import SOURCES, SOURCES_BY_KEY
from i18n import format_compact, translator
from tests.changed_build import WPP
from tests.conftest import settings_in
from tests.test_savings import page_text


def _keys(cells) -> set:
    return {(cell["key"]["country"], cell["key"]["year"]) for cell in cells}


def test_report_lists_exactly_the_rows_changed_in_the_one_modified_file(changed_build):
    _data_dir, done, report = changed_build
    assert report["status"] == "compared" and not report["unchanged"]
    assert [item["file"] for item in report["inputs"]["changed"]] == [SOURCES_BY_KEY[WPP].path]
    assert not report["inputs"]["added"] and not report["inputs"]["removed"]
    net = report["datasets"]["net-migration"]
    assert (net["added"], net["removed"], net["revised"]) == (1, 1, 2)
    assert net["rows_after"] - net["rows_before"] == 0
    assert {(k["country"], k["year"]) for k in net["added_examples"]} == done["added"]
    assert {(k["country"], k["year"]) for k in net["removed_examples"]} == done["removed"]
    column = net["columns"]["net_migration"]
    assert (column["revised"], column["now_estimated"], column["no_longer_estimated"]) == (1, 0, 1)
    [(key, (old, new))] = done["revised"].items()
    assert _keys(column["largest_absolute"]) == _keys(column["largest_relative"]) == {key}
    assert (column["largest_absolute"][0]["old"], column["largest_absolute"][0]["new"]) == (old, new)
    [(gone_key, gone_old)] = done["withdrawn"].items()
    [gone] = column["no_longer_estimated_examples"]
    assert _keys([gone]) == {gone_key} and (gone["old"], gone["new"]) == (gone_old, None)  # never zero
    others = {name: part for name, part in report["datasets"].items() if name != "net-migration"}
    assert all((p["added"], p["removed"], p["revised"]) == (0, 0, 0) for p in others.values())


def test_country_part_has_that_countrys_rows_only(changed_build):
    _data_dir, done, report = changed_build
    moldova = changes.country_part(report, "MDA")["net-migration"]
    assert (moldova["added"], moldova["removed"], moldova["revised"]) == (1, 1, 1)
    assert _keys(moldova["revisions"]) == set(done["revised"])
    tunisia = changes.country_part(report, "TUN")["net-migration"]
    assert (tunisia["added"], tunisia["removed"], tunisia["revised"]) == (0, 0, 1)
    assert _keys(tunisia["revisions"]) == set(done["withdrawn"])
    assert set(report["countries"]) == {"MDA", "TUN"}


def test_report_is_kept_outside_the_builds_and_lists_newest_first(changed_build):
    data_dir, _done, report = changed_build
    [newest, *_] = changes.recent(data_dir, 5)
    assert newest == report
    # a report of a build that never became current (it failed after writing it) is not listed
    assert report not in changes.recent(data_dir, 5, served_at=report["from"]["built_at"])
    assert report["to"]["version"] == store.current_version(data_dir)
    assert not store.damaged_files(store.resolve_current(data_dir))
    assert all(p.name != changes.FOLDER for p in store.builds_dir(data_dir).iterdir())


def test_first_build_and_a_build_whose_data_did_not_change(tmp_path, built_data_dir):
    build_folder = store.resolve_current(built_data_dir)
    first = changes.compare_builds(None, build_folder)
    assert first["status"] == "first" and first["from"] is None and not first["datasets"]
    assert len(first["inputs"]["added"]) == len(SOURCES)
    same = changes.compare_builds(build_folder, build_folder)
    assert same["status"] == "compared" and same["unchanged"] and not same["inputs"]["changed"]
    assert not same["countries"]
    path = changes.record(tmp_path, None, build_folder)
    assert json.loads(path.read_text())["status"] == "first" and path.parent == tmp_path / changes.FOLDER


def _frames(old_rows, new_rows):
    columns = ["origin", "destination", "period", "sex", "flow"]
    return pd.DataFrame(old_rows, columns=columns), pd.DataFrame(new_rows, columns=columns)


def test_missing_is_never_zero_and_float_noise_is_no_revision():
    dataset = DATASETS_BY_NAME["flows-bilateral"]
    old, new = _frames(
        [
            ("MDA", "ITA", "2015-2020", "total", 1000.0),
            ("MDA", "ROU", "2015-2020", "total", np.nan),
            ("MDA", "DEU", "2015-2020", "total", 0.0),
            ("TUN", "FRA", "2015-2020", "total", 3.0),
            ("TUN", "ITA", "2015-2020", "total", 10.0),
        ],
        [
            ("MDA", "ITA", "2015-2020", "total", 1000.0 * (1 + 1e-12)),  # noise
            ("MDA", "ROU", "2015-2020", "total", 50.0),  # now estimated
            ("MDA", "DEU", "2015-2020", "total", np.nan),  # no longer estimated (was zero)
            ("TUN", "FRA", "2015-2020", "total", 0.0),  # revised to zero
            ("TUN", "ITA", "2015-2020", "total", 12.0),
        ],
    )
    old["sex"] = old["sex"].astype("category")
    part = changes.compare_tables(dataset, old, new)
    flow = part["columns"]["flow"]
    assert part["revised"] == 4 and (flow["revised"], flow["now_estimated"], flow["no_longer_estimated"]) == (2, 1, 1)
    assert flow["now_estimated_examples"][0]["old"] is None and flow["now_estimated_examples"][0]["new"] == 50.0
    assert (
        flow["no_longer_estimated_examples"][0]["old"] == 0.0 and flow["no_longer_estimated_examples"][0]["new"] is None
    )
    assert [c["key"]["destination"] for c in flow["largest_absolute"]] == ["FRA", "ITA"]  # 3, then 2
    assert [c["key"]["destination"] for c in flow["largest_relative"]] == ["FRA", "ITA"]  # -100 %, +20 %
    assert part["countries"]["ITA"]["revised"] == 1 and part["countries"]["MDA"]["revised"] == 2
    assert part["countries"]["TUN"]["revised"] == 2 and set(part["countries"]) == {
        "ITA",
        "MDA",
        "TUN",
        "ROU",
        "DEU",
        "FRA",
    }


# --- /updates.atom, /sources#updates and the profiles, on the changed build ------------------

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.fixture
def changed_app(tmp_path, changed_build):
    from app import create_app

    data_dir, _done, _report = changed_build
    return create_app(settings_in(tmp_path, data_dir).replace(public_url="https://migdash.example.org"))


def check_atom(body: bytes) -> ET.Element:
    """RFC 4287's requirements of a feed document, checked one by one (a parser such as
    feedparser only says whether it could read it): the root, the feed's and each entry's
    required elements, exactly once, ids that are absolute IRIs, RFC 3339 dates, an author for
    every entry, at most one alternate link per type, a self link, and content or a link."""
    root = ET.fromstring(body)
    assert root.tag == f"{ATOM}feed"

    def one(element, name):
        found = element.findall(f"{ATOM}{name}")
        assert len(found) == 1, f"{element.tag} has {len(found)} {name}"
        return found[0]

    def check_common(element):
        identifier = one(element, "id").text
        assert re.match(r"^(urn|tag|https?):", identifier), identifier  # an absolute IRI (4.2.6)
        assert one(element, "title").text
        assert RFC3339.match(one(element, "updated").text)  # 3.3
        alternates = [link.get("type") for link in element.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
        assert len(alternates) == len(set(alternates))  # 4.1.1: one alternate per type and language
        assert all(link.get("href") for link in element.findall(f"{ATOM}link"))  # 4.2.7.1
        return identifier

    check_common(root)
    assert one(root, "author").find(f"{ATOM}name").text  # so entries need none (4.1.1)
    assert [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]  # 4.1.1 SHOULD
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        ids.append(check_common(entry))
        content = entry.findall(f"{ATOM}content")
        assert content or entry.findall(f"{ATOM}link[@rel='alternate']")  # 4.1.2
        assert len(content) <= 1 and len(entry.findall(f"{ATOM}summary")) <= 1
        assert all(c.get("type") in ("text", "html", "xhtml", None) for c in content)  # inline: no summary needed
    assert len(ids) == len(set(ids))
    return root


def test_feed_is_valid_atom_with_one_entry_per_version(changed_app, changed_build):
    data_dir, _done, report = changed_build
    client = changed_app.server.test_client()
    response = client.get("/updates.atom", headers={"Host": "evil.example"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert b"evil.example" not in response.data
    root = check_atom(response.data)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(changes.recent(data_dir, 100))
    newest = entries[0]
    assert report["to"]["version"] in newest.find(f"{ATOM}title").text
    assert newest.find(f"{ATOM}link").get("href") == "https://migdash.example.org/sources#updates"
    self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "https://migdash.example.org/updates.atom"
    again = client.get("/updates.atom", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    # the same entry keeps its id however the feed is reached
    assert (
        check_atom(client.get("/updates.atom", headers={"Host": "other.example"}).data)
        .find(f"{ATOM}entry/{ATOM}id")
        .text
        == newest.find(f"{ATOM}id").text
    )


def test_country_feed_has_only_that_countrys_rows(changed_app, changed_build):
    _data_dir, done, _report = changed_build
    client = changed_app.server.test_client()
    [((_code, year), (old, new))] = done["revised"].items()
    moldova = check_atom(client.get("/updates.atom?country=mda").data)
    content = moldova.find(f"{ATOM}entry/{ATOM}content").text
    assert f"{format_compact(old, 'en')} → {format_compact(new, 'en')}" in content and str(year) in content
    assert "no estimate" not in content  # Tunisia's withdrawn value is not Moldova's
    tunisia = check_atom(client.get("/updates.atom?country=TUN&lang=fr").data).find(f"{ATOM}entry/{ATOM}content").text
    assert "pas d’estimation" in tunisia and format_compact(new, "fr") not in tunisia
    assert moldova.find(f"{ATOM}link[@rel='alternate']").get("href") == "https://migdash.example.org/country/MDA"
    france = check_atom(client.get("/updates.atom?country=FRA").data).find(f"{ATOM}entry/{ATOM}content").text
    assert "No figure for France changed in this version." in france


@pytest.mark.parametrize(
    "query, status",
    [
        ("country=XX1", 400),
        ("country=MDA&country=TUN", 400),
        ("country=MOLDOVA", 400),
        ("page=2", 400),
        ("country=ZZZ", 404),
    ],
)
def test_bad_country_is_a_clear_4xx(changed_app, query, status):
    response = changed_app.server.test_client().get(f"/updates.atom?{query}")
    assert response.status_code == status
    text = response.get_data(as_text=True)
    assert ("ISO 3166-1 alpha-3" in text) if status == 400 else ("no country with the code ZZZ" in text)


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_sources_and_profile_sections_show_the_report_in_each_language(changed_app, changed_build, lang):
    from components.changes import revisions_section, updates_section
    from data.changes import MEASURES
    from data.datasets import DATASETS_BY_NAME

    _data_dir, done, report = changed_build
    _ = translator(lang)
    [((_code, year), (old, new))] = done["revised"].items()
    [(_gone, gone_old)] = done["withdrawn"].items()
    with changed_app.server.test_request_context():
        sources = page_text(updates_section(lang))
        moldova = page_text(revisions_section("MDA", lang))
        tunisia = page_text(revisions_section("TUN", lang))
    title = _(DATASETS_BY_NAME["net-migration"].title)
    assert report["to"]["version"] in sources and title in sources
    assert f"{format_compact(old, lang)} → {format_compact(new, lang)}" in sources
    assert f"{format_compact(gone_old, lang)} → {_('no estimate')}" in sources  # missing is not zero
    assert _(SOURCES_BY_KEY[WPP].title) in sources
    revision = _("{what}: {old} → {new}").format(
        what=f"{year} · {_(MEASURES['net_migration'])}", old=format_compact(old, lang), new=format_compact(new, lang)
    )
    assert revision in moldova
    assert str(year) in moldova and title in moldova
    assert (
        f"{format_compact(gone_old, lang)} → {_('no estimate')}" in tunisia and format_compact(new, lang) not in tunisia
    )


def test_profile_without_a_report_or_at_a_first_build_says_so(app, tmp_path, built_data_dir):
    from components.changes import revisions_section

    with app.server.test_request_context():
        text = page_text(revisions_section("MDA", "en"))
    reports = changes.for_version(built_data_dir, store.current_version(built_data_dir))
    if reports is None:
        assert "This data version has no change report." in text
    elif reports["status"] == "first":
        assert "The first data version" in text
    report = changes.compare_builds(None, store.resolve_current(built_data_dir))
    from components.changes import summary

    with app.server.test_request_context():
        assert "nothing earlier to compare it with" in summary(report, "en", "MDA").lines[0]


def test_report_is_bounded_however_much_changed():
    dataset = DATASETS_BY_NAME["flows-bilateral"]
    codes = [f"C{i:02d}" for i in range(40)]
    rows = [(o, d, "2015-2020", "total", float(i + 1)) for i, (o, d) in enumerate((o, d) for o in codes for d in codes)]
    old, new = _frames(rows, [(*row[:4], row[4] * 2) for row in rows])
    part = changes.compare_tables(dataset, old, new)
    flow = part["columns"]["flow"]
    assert part["revised"] == flow["revised"] == len(rows)
    assert len(flow["largest_absolute"]) == len(flow["largest_relative"]) == changes.LARGEST
    assert flow["largest_absolute"][0]["new"] == 2 * len(rows)  # the largest value, doubled
    assert all(len(p["revisions"]) == changes.PER_COUNTRY and p["revised"] == 79 for p in part["countries"].values())
    per_dataset = {name: {"revisions": list(range(changes.PER_COUNTRY))} for name in ("a", "b", "c", "d", "e")}
    changes._trim(per_dataset)
    assert sum(len(p["revisions"]) for p in per_dataset.values()) == changes.COUNTRY_REVISIONS
    assert all(p["revisions"][:1] == [0] for p in per_dataset.values())  # each dataset's largest first


def test_a_bilateral_revision_names_its_places_in_their_direction():
    from components.changes import revision_text

    cell = {
        "key": {"destination": "ITA", "origin": "MDA", "period": "2015-2020", "sex": "female"},
        "column": "flow",
        "old": 1500.0,
        "new": None,
    }
    lookup = {"MDA": "Moldova", "ITA": "Italy"}
    text = f"2015–2020, Women · Migration flow: {format_compact(1500.0, 'en')} → no estimate"
    assert revision_text("flows-bilateral", cell, "en", lookup) == f"Moldova → Italy, {text}"
    assert revision_text("flows-bilateral", cell, "en", lookup, skip="MDA") == f"→ Italy, {text}"
    assert revision_text("flows-bilateral", cell, "en", lookup, skip="ITA") == f"Moldova →, {text}"


def test_every_build_dataset_can_be_compared_and_told(built):
    """A new dataset needs its key (unique in its table), a label per measure and a title the
    catalogs translate, or its changes could not be reported in words."""
    for dataset in changes.build_datasets():
        table = built(dataset.table)
        assert dataset.key and not table.duplicated(list(dataset.key)).any(), dataset.name
        assert set(dataset.value_names) <= set(changes.MEASURES), dataset.name
        assert translator("fr")(dataset.title) != dataset.title, dataset.name
