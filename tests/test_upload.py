"""Governed upload, end to end over HTTP: sign-in and roles, the whole-workbook check, the
preview, publish, identical re-uploads, stale previews, history, rollback and the audit log;
every hostile file is refused with its reason and leaves the published data exactly as it was;
a publish killed half-way leaves a readable store; the problem report speaks the user's language."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from markupsafe import escape

from data import store as data_store
from programme import database, demo, staging
from programme.workbook import reading, writing
from tests import staff
from tests.conftest import settings_in
from tests.hostile_files import CASES, translations
from tests.staff import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def make_staff_app(settings, folder: Path, url: str | None = None):
    """An app with its own programme store (the demo's, in `url`: a SQLite file in `folder` by
    default) and two staff accounts, in `folder`."""
    url = url or f"sqlite:///{folder / 'programme.sqlite'}"
    return app_on_store(settings, folder, staff.programme_store(settings.data_dir / "programme.sqlite", url))


def app_on_store(settings, folder: Path, url: str):
    """An app (an app host) on the programme store `url` as it is, with its own data folder
    serving the session's build and two staff accounts, in `folder`."""
    from app import create_app

    folder.mkdir(parents=True, exist_ok=True)
    accounts = staff.accounts_file(folder / "accounts.json", edith="editor", ada="admin")
    data_dir = folder / "data"
    data_dir.mkdir()
    (data_dir / "current").symlink_to(data_store.resolve_current(settings.data_dir))
    return create_app(settings.replace(programme_db=url, accounts_file=accounts, data_dir=data_dir))


@pytest.fixture
def staff_app(tmp_path, settings, programme_db):
    """A staff app on SQLite and on PostgreSQL (programme_db)."""
    return make_staff_app(settings, tmp_path, programme_db)


@pytest.fixture(scope="module")
def refusing_app(tmp_path_factory, built_data_dir):
    """One staff app for the hostile files: each is refused and must change nothing (which each
    test checks from its own start), so they can share it."""
    folder = tmp_path_factory.mktemp("refusing")
    app = make_staff_app(settings_in(folder, built_data_dir), folder)
    return app, signed_in(app, "edith")


def _csrf(page: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()


def signed_in(app, name: str):
    client = app.server.test_client()
    token = _csrf(client.get("/signin").data)
    response = client.post("/signin", data={"username": name, "password": PASSWORD, "csrf_token": token})
    assert response.status_code in (302, 303), response.data[:300]
    return client


def _url(app) -> str:
    return app.server.config["MIGDASH_SETTINGS"].programme_db


def snapshot(app) -> tuple:
    """What must not move when an upload is refused: the current version, its content, the versions."""
    url = _url(app)
    current = database.current_id(url)
    return current, database.content_hash(database.read(url, current).frames), len(database.history(url))


def exported(app, edit=None) -> bytes:
    """The current data as a workbook, optionally edited (openpyxl) before saving."""
    url = _url(app)
    content = writing.export(database.read(url, database.current_id(url)))
    if edit is None:
        return content
    book = openpyxl.load_workbook(io.BytesIO(content))
    edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name: str = "results Q3.xlsx", lang: str | None = None):
    query = f"?lang={lang}" if lang else ""
    page = client.get("/programme/upload" + query)
    return client.post(
        "/programme/upload" + query,
        data={"csrf_token": _csrf(page.data), "workbook": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def publish(client, preview, confirm: bool = True, **forged):
    """Post a preview's form as the browser does (with `forged` fields added or replaced)."""
    form = {
        name: value.decode()
        for name, value in re.findall(rb'<input type="hidden" name="([^"]+)" value="([^"]*)"', preview.data)
    }
    if confirm:
        form["confirm"] = "yes"
    return client.post("/programme/publish", data=form | forged)


def _preview_id(preview) -> str:
    """The preview id a preview page's form carries."""
    return re.search(rb'name="preview" value="([0-9a-f]{32})"', preview.data).group(1).decode()


def staged_files(app) -> list[str]:
    """The previews waiting to be published, as the shared store holds them."""
    return staging.waiting(_url(app))


def _set_budget(book, row: int, value: float):
    sheet = book["activities"]
    column = [cell.value for cell in sheet[1]].index("budget_usd") + 1
    sheet.cell(row=row, column=column, value=value)


def test_public_pages_need_no_sign_in_and_staff_pages_do(staff_app):
    client = staff_app.server.test_client()
    for path in ("/", "/programme", "/programme/MDA", "/api/v1/programme-indicators.csv", "/programme/template.xlsx"):
        assert client.get(path).status_code == 200, path
    response = client.get("/programme/upload")
    assert response.status_code in (302, 303) and "/signin" in response.headers["Location"]
    assert client.get("/programme/history").status_code in (302, 303)
    assert client.post("/programme/upload").status_code == 401
    assert client.post("/programme/rollback", data={"version_id": "1"}).status_code == 401
    editor = signed_in(staff_app, "edith")
    token = _csrf(editor.get("/programme/history").data)
    assert editor.post("/programme/rollback", data={"version_id": "1", "csrf_token": token}).status_code == 403
    assert editor.post("/programme/publish", data={"preview": "0" * 32}).status_code == 400  # no CSRF token


def test_upload_preview_publish_and_history(staff_app):
    client = signed_in(staff_app, "edith")
    before = snapshot(staff_app)
    preview = upload(client, exported(staff_app, lambda book: _set_budget(book, 2, 123456)))
    assert preview.status_code == 200
    text = preview.data.decode()
    old_budget = database.read_current(_url(staff_app))["activities"]["budget_usd"].iloc[0]
    assert old_budget == int(old_budget) != 123456
    # the changed cell, old -> new, as numbers are written (not 123456.0)
    assert "budget_usd" in text and "<ins>123,456</ins>" in text and f"<del>{int(old_budget):,}</del>" in text
    assert "Publishing replaces the demo data" in text
    assert snapshot(staff_app) == before  # a preview stores nothing

    refused = publish(client, preview, confirm=False)
    assert refused.status_code == 400 and snapshot(staff_app) == before

    done = publish(client, preview)
    assert done.status_code in (302, 303)
    url = _url(staff_app)
    version = database.get_version(url, database.current_id(url))
    assert version.version_id == before[0] + 1 and version.created_by == "edith" and not version.is_demo
    assert version.file_name == "results Q3.xlsx" and version.changes == {
        "activities": {"added": 0, "changed": 1, "removed": 0}
    }
    activities = database.read(url, version.version_id).frames["activities"]
    assert 123456 in set(activities["budget_usd"])
    history = client.get("/programme/history").data.decode()
    assert "results Q3.xlsx" in history and "edith" in history
    assert [e["action"] for e in database.audit_entries(url)][:2] == ["publish", "demo"]

    count = len(database.history(url))
    again = upload(client, exported(staff_app))  # the same data: nothing to publish, nothing stored
    assert "nothing to publish" in again.data.decode()
    assert len(database.history(url)) == count and database.current_id(url) == version.version_id
    # last: the language chosen sticks (a cookie)
    french = upload(client, exported(staff_app, lambda book: _set_budget(book, 2, 123456.5)), lang="fr")
    assert re.search(r"<ins>123[\u202f\xa0]456,5</ins>", french.data.decode())


def test_a_stale_preview_is_refused_whatever_its_form_says(staff_app):
    """The version a preview was made against is kept with the staged upload, not in the form."""
    client = signed_in(staff_app, "edith")
    url = _url(staff_app)
    first = upload(client, exported(staff_app, lambda book: _set_budget(book, 2, 1000)))
    second = upload(client, exported(staff_app, lambda book: _set_budget(book, 3, 2000)))
    assert publish(client, first).status_code in (302, 303)
    current = str(database.current_id(url))

    forged = publish(client, second, base_version=current, base=current, version=current)

    assert forged.status_code == 409 and "changed since this preview" in forged.data.decode()
    assert database.current_id(url) == int(current)
    assert 'name="base_version"' not in second.data.decode()
    # the 409 page is a new preview, against the current version: that one can be published
    assert publish(client, forged).status_code in (302, 303)
    assert database.current_id(url) == int(current) + 1


def _alter_staged(app, **values) -> None:
    """Change the one staged upload behind the app's back, in the shared store."""
    [preview] = staged_files(app)
    with database.engine(_url(app)).begin() as connection:
        connection.execute(
            database.staged_uploads.update().where(database.staged_uploads.c.preview_id == preview).values(**values)
        )


def test_a_preview_whose_staged_file_was_altered_is_gone(staff_app):
    client = signed_in(staff_app, "edith")
    preview = upload(client, exported(staff_app, lambda book: _set_budget(book, 2, 1000)))
    _alter_staged(staff_app, content=exported(staff_app, lambda book: _set_budget(book, 2, 9999)))

    response = publish(client, preview)

    assert response.status_code in (302, 303) and response.headers["Location"].endswith("/programme/upload")
    assert database.current_id(_url(staff_app)) == 1


def test_a_preview_older_than_a_day_is_gone_and_forgotten_at_the_next_upload(staff_app):
    client = signed_in(staff_app, "edith")
    old = upload(client, exported(staff_app, lambda book: _set_budget(book, 2, 1000)))
    _alter_staged(staff_app, created_at=int(time.time()) - staging.STAGED_HOURS * 3600 - 1)

    response = publish(client, old)

    assert response.status_code in (302, 303) and response.headers["Location"].endswith("/programme/upload")
    assert database.current_id(_url(staff_app)) == 1
    new = upload(client, exported(staff_app, lambda book: _set_budget(book, 3, 2000)))
    assert staged_files(staff_app) == [_preview_id(new)]  # the expired one is deleted, not kept


def test_a_preview_is_published_only_by_the_editor_who_made_it(staff_app):
    """Its id leaked to another staff member (a forwarded page) gives them nothing to publish."""
    upload(signed_in(staff_app, "edith"), exported(staff_app, lambda book: _set_budget(book, 2, 4242)))
    [preview] = staged_files(staff_app)
    assert staging.staged(_url(staff_app), preview, "ada") is None
    assert staging.staged(_url(staff_app), preview, "edith") is not None


def test_a_preview_made_on_one_host_is_published_from_another(staff_app, tmp_path, settings):
    """Two app hosts (their own data folders, their own processes' state) share the programme
    store, so a publish may reach the host that did not make the preview."""
    other = app_on_store(settings, tmp_path / "other", _url(staff_app))
    browser = signed_in(staff_app, "edith")
    preview = upload(browser, exported(staff_app, lambda book: _set_budget(book, 2, 1234)))
    cookie = staff_app.server.config["SESSION_COOKIE_NAME"]
    same_browser_on_other = other.server.test_client()  # the same cookie, sent to the other host
    same_browser_on_other.set_cookie(cookie, browser.get_cookie(cookie).value)

    assert publish(same_browser_on_other, preview).status_code in (302, 303)

    published = database.read_current(_url(staff_app))
    assert published.version.version_id == 2 and 1234 in published["activities"]["budget_usd"].tolist()
    assert staged_files(staff_app) == []


def test_admin_rolls_back_to_any_version_as_a_new_version(staff_app):
    url = _url(staff_app)
    editor = signed_in(staff_app, "edith")
    assert publish(editor, upload(editor, exported(staff_app, lambda b: _set_budget(b, 2, 5)))).status_code in (
        302,
        303,
    )
    demo_version = 1
    admin = signed_in(staff_app, "ada")
    token = _csrf(admin.get("/programme/history").data)
    response = admin.post("/programme/rollback", data={"version_id": str(demo_version), "csrf_token": token})
    assert response.status_code in (302, 303)
    current = database.get_version(url, database.current_id(url))
    assert current.kind == "rollback" and current.version_id == 3 and current.is_demo
    assert current.sha256 == database.get_version(url, demo_version).sha256
    assert database.audit_entries(url)[0]["action"] == "rollback"
    assert database.audit_entries(url)[0]["detail"]["restored_version"] == demo_version


def test_the_audit_log_is_append_only(staff_app):
    import sqlalchemy as sa

    engine = database.engine(_url(staff_app))
    with pytest.raises(sa.exc.DatabaseError), engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_log"))
    with pytest.raises(sa.exc.DatabaseError), engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_log SET actor = 'someone else'"))


# Every case's reason is checked in the fast tier by test_upload_gate, through the same gate and
# reading; here each goes through HTTP too. One case per way a file is refused (the request's
# size, the file's container, its sheets, its cells, the checks across rows) stays in the fast
# tier, and the whole matrix runs with the slow tier (`make test`, CI).
THROUGH_HTTP_IN_THE_FAST_TIER = {
    "oversized_file",
    "zip_bomb",
    "png_image",
    "external_entity",
    "renamed_sheet",
    "text_in_number_column",
    "duplicate_key_conflicting_values",
}


@pytest.mark.parametrize(
    "case",
    [
        case if case in THROUGH_HTTP_IN_THE_FAST_TIER else pytest.param(case, marks=pytest.mark.slow)
        for case in sorted(CASES)
    ],
)
def test_hostile_and_malformed_files_are_refused_and_change_nothing(refusing_app, case):
    staff_app, client = refusing_app
    content, name, fragment = CASES[case]
    before = snapshot(staff_app)
    response = upload(client, content, name)
    page = response.data.decode("utf-8", "replace")
    assert response.status_code in (413, 422), (case, response.status_code)
    assert fragment in page.lower(), (case, re.findall(r"<td>([^<]{10,})</td>", page)[:5])
    assert "Traceback" not in page
    assert snapshot(staff_app) == before
    assert staged_files(staff_app) == []  # a refused file is never kept


@pytest.mark.parametrize("size, shown", [(12_000_000, "12 MB"), (12 * 1024 * 1024, "12.6 MB")])
def test_a_file_over_the_limit_is_told_its_real_size(staff_app, size, shown):
    """The route used to read limit + 1 bytes and call every larger file 10.1 MB."""
    client = signed_in(staff_app, "edith")
    content = exported(staff_app)

    response = upload(client, content + bytes(size - len(content)))

    page = response.data.decode()
    assert response.status_code == 422
    assert f"the file is larger than the limit of 10 MB (it is {shown})" in page
    assert "at most 10 MB" in client.get("/programme/upload").data.decode()


def test_a_request_too_large_to_read_is_told_its_size_too(staff_app):
    """Beyond the request cap (MAX_CONTENT_LENGTH) the file is never read: its size is the
    request's, in the same unit as the limit."""
    client = signed_in(staff_app, "edith")
    limit = staff_app.server.config["MAX_CONTENT_LENGTH"]
    response = upload(client, bytes(limit + 1_000_000))
    page = response.data.decode()
    assert response.status_code == 413
    assert "the file is larger than the limit of 10 MB (it is " in page
    assert staged_files(staff_app) == []


def test_the_problem_report_is_in_the_users_language(staff_app):
    content, name, _fragment = CASES["text_in_number_column"]
    client = signed_in(staff_app, "edith")
    before = snapshot(staff_app)
    response = upload(client, content, name, lang="fr")
    page = response.data.decode()
    french = translations("fr")
    assert response.status_code == 422
    assert f"<td>{escape(french['text in a number column'])}</td>" in page
    assert "text in a number column" not in page
    assert escape(french["The upload was refused"]) in page
    assert snapshot(staff_app) == before
    entry = database.audit_entries(_url(staff_app))[0]  # the audit log keeps the reason in English
    assert entry["action"] == "refused" and entry["detail"]["first"] == "text in a number column"


def test_publishes_are_serialised(tmp_path):
    url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    database.engine(url)
    spans = []

    def hold():
        with database.writer_lock(url):
            start = time.monotonic()
            time.sleep(0.3)
            spans.append((start, time.monotonic()))

    threads = [threading.Thread(target=hold) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    (_a_start, a_end), (b_start, _b_end) = sorted(spans)
    assert b_start >= a_end  # the second waited for the first


@pytest.mark.slow
@pytest.mark.parametrize("where", ["INSERT INTO programme_milestones", "INSERT INTO audit_log"])
def test_a_publish_killed_half_way_leaves_the_old_version(tmp_path, programme_db, where):
    """SIGKILL between two inserts of a publish (half the rows in; every row and the pointer in,
    before the commit), on SQLite and PostgreSQL: the old version is served whole, and the next
    publish works."""
    url = programme_db
    frames = demo.generate()
    first = database.publish(url, frames, created_by="set-up", kind="demo", is_demo=True)
    marker = tmp_path / "inside"
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        import sqlalchemy as sa
        from programme import database, demo, staging
        engine = database.engine({url!r})
        @sa.event.listens_for(engine, "before_cursor_execute")
        def stall(connection, cursor, statement, *args):  # inside the transaction, rows already sent
            if statement.startswith({where!r}):
                Path({str(marker)!r}).write_text("1")
                time.sleep(60)
        frames = demo.generate(seed=7)
        database.publish({url!r}, frames, created_by="killed", kind="upload", is_demo=False)
    """)
    process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    deadline = time.monotonic() + 30
    while not marker.exists():
        assert process.poll() is None and time.monotonic() < deadline, "the publish never got going"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    database.engine.cache_clear()
    database.read.cache_clear()
    assert database.current_id(url) == first.version_id
    data = database.read(url, first.version_id)
    assert database.content_hash(data.frames) == first.sha256
    assert [v.version_id for v in database.history(url)] == [first.version_id]
    pd.testing.assert_frame_equal(data.frames["activities"], reading.read(writing.export(data)).frames["activities"])
    after = database.publish(url, demo.generate(seed=7), created_by="next", kind="upload", is_demo=False)
    assert database.current_id(url) == after.version_id
    assert database.content_hash(database.read(url, after.version_id).frames) == after.sha256
