"""Governed programme-data upload: staff upload the workbook, see every problem or a preview
of the change, publish it as a new version, and administrators roll back.

    GET  /programme/upload            the form (editor)
    POST /programme/upload            check the whole file -> problem report (422) or preview
    POST /programme/publish           publish a previewed upload as a new version (editor)
    GET  /programme/history           versions and the audit log (editor)
    GET  /programme/history/<id>.xlsx a version as a workbook (editor)
    POST /programme/rollback          make an earlier version current again, as a new version (admin)

Nothing is stored before the whole workbook passes (programme.upload_gate, then
programme.workbook.reading.read). A previewed upload waits in the programme database
(programme.staging, shared by every app host): a random preview id (never the client's file
name), and what the preview showed the file against (the version then current), kept on the
server so that the form cannot change it. Publishing is serialised (database.writer_lock), refuses a preview made
against a version that is no longer current, and an upload identical to the current data is a
no-op. Every outcome goes to the audit log.
"""

from __future__ import annotations

import hashlib
import re
import time

from flask import Blueprint, Response, current_app, flash, redirect, request
from werkzeug.exceptions import RequestEntityTooLarge

from components import urls
from i18n import N_, format_exact, format_number, format_percent, request_language, translator
from programme import changes, database, staging, upload_gate
from programme.problems import Problem
from programme.workbook import reading, writing
from web.programme_files import XLSX
from web.staff import current_user, render, require

PREVIEW_ID = re.compile(r"^[0-9a-f]{32}$")
MAX_PROBLEMS_SHOWN = 1000


def _settings():
    return current_app.config["MIGDASH_SETTINGS"]


def _url() -> str:
    return _settings().programme_db


def _max_bytes() -> int:
    return _settings().upload_max_mb * upload_gate.MB


def _preview(content: bytes, preview: str, meta: dict, frames: dict, status: int = 200, notice: str | None = None):
    """The change set of a staged upload against the current version. Which version that is is
    written down with the upload: publishing checks it is still current (the form is not
    trusted for this), so what is published is always what the last preview showed."""
    current = database.read_current(_url())
    staging.describe(_url(), preview, meta | {"base_version": current.version.version_id if current else None})
    change_set = changes.change_set(current.frames if current else None, frames)
    identical = current is not None and database.content_hash(frames) == current.version.sha256
    file_name = meta["file_name"]
    return render(
        "preview.html",
        _("Preview of the upload"),
        status=status,
        preview=preview,
        file_name=file_name,
        current=current.version if current else None,
        changes=change_set,
        effect=changes.headline_effect(current.frames if current else None, frames),
        identical=identical,
        notice=notice,
        size=len(content),
        format_figure=_figure_text(request_language()),
        format_cell=_cell_text(request_language()),
    )


# Words the templates translate from data: version kinds and audit actions.
VOCABULARY = (N_("demo"), N_("upload"), N_("rollback"), N_("publish"), N_("refused"), N_("unchanged"))
SHARES = {"mean_progress", "execution"}


def _figure_text(lang: str):
    def format_figure(measure: str, value) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return "–"
        return format_percent(value * 100, lang) if measure in SHARES else format_number(value, lang)

    return format_figure


def _cell_text(lang: str):
    """A changed cell as staff read it: 4,321,000 rather than 4321000.0, 0.5 as 0.5, in the
    request's locale; text and dates as they are; '–' for empty."""

    def format_cell(value) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return "–"
        if isinstance(value, bool) or not isinstance(value, int | float):
            return str(value)
        return format_exact(value, lang)

    return format_cell


def _(message: str) -> str:  # the request language; `_` so that pybabel finds the strings
    return translator(request_language())(message)


def create_blueprint() -> Blueprint:
    admin = Blueprint("programme_admin", __name__)

    @admin.get("/programme/upload")
    @require("editor")
    def upload_form():
        current = database.read_current(_url())
        return render(
            "upload.html",
            _("Upload programme data"),
            current=current.version if current else None,
            max_mb=_settings().upload_max_mb,
        )

    @admin.errorhandler(RequestEntityTooLarge)
    def upload_too_large(_error):
        """A request over MAX_CONTENT_LENGTH is refused before anything reads it (the sign-in
        and CSRF checks already do): say the file's size, in the unit of the limit."""
        problems = upload_gate.too_large(request.content_length or 0, _max_bytes())
        return render("report.html", _("The upload was refused"), status=413, problems=problems, file_name="", total=1)

    @admin.post("/programme/upload")
    @require("editor")
    def upload():
        user = current_user()
        sent = request.files.get("workbook")
        if sent is None or not sent.filename:
            flash(_("Choose the workbook to upload."), "warning")
            return redirect(urls.staff("upload"))
        file_name = upload_gate.shown_name(sent.filename) or "workbook.xlsx"  # for display only, never a path
        content = sent.read()  # whole (MAX_CONTENT_LENGTH bounds it), so a refusal gives its real size
        sha = hashlib.sha256(content).hexdigest()
        problems = upload_gate.inspect(content, file_name, _max_bytes())
        result = None if problems else reading.read(content)
        problems = problems or result.problems
        if problems:
            database.audit(
                _url(),
                user.name,
                "refused",
                file_name=file_name,
                file_sha256=sha,  # reasons in English
                detail={"problems": len(problems), "first": problems[0].reason},
            )
            return render(
                "report.html",
                _("The upload was refused"),
                status=422,
                problems=problems[:MAX_PROBLEMS_SHOWN],
                total=len(problems),
                file_name=file_name,
            )
        meta = {"sha256": sha, "file_name": file_name, "uploaded_by": user.name, "at": time.time()}
        preview = staging.stage(_url(), content, meta, user.name)
        try:
            return _preview(content, preview, meta, result.frames)
        except BaseException:  # e.g. a full disk: keep no half of it
            staging.unstage(_url(), preview)
            raise

    @admin.post("/programme/publish")
    @require("editor")
    def publish():
        user = current_user()
        preview = request.form.get("preview", "")
        staged = staging.staged(_url(), preview, user.name) if PREVIEW_ID.match(preview) else None
        if staged is None:
            flash(_("This upload is no longer waiting to be published: upload the file again."), "warning")
            return redirect(urls.staff("upload"))
        content, meta = staged
        sha = meta["sha256"]
        result = reading.read(content)
        if result.problems:  # cannot happen for a checked file, unless altered in the database
            staging.unstage(_url(), preview)
            return render(
                "report.html",
                _("The upload was refused"),
                status=422,
                problems=result.problems,
                total=len(result.problems),
                file_name=meta["file_name"],
            )
        if request.form.get("confirm") != "yes":
            return _preview(
                content,
                preview,
                meta,
                result.frames,
                status=400,
                notice=_("Tick the box to confirm you checked the changes, then publish."),
            )

        def published_first():
            return _preview(
                content,
                preview,
                meta,
                result.frames,
                status=409,
                notice=_(
                    "Someone published first: the data changed since this preview was made. "
                    "Check the new preview below before publishing."
                ),
            )

        with database.writer_lock(_url()):
            current = database.read_current(_url())
            if (current.version.version_id if current else None) != meta.get("base_version"):
                return published_first()
            if current is not None and database.content_hash(result.frames) == current.version.sha256:
                database.audit(
                    _url(),
                    user.name,
                    "unchanged",
                    version_id=current.version.version_id,
                    file_name=meta["file_name"],
                    file_sha256=sha,
                )
                staging.unstage(_url(), preview)
                flash(_("The file holds exactly the data already published: nothing changed."), "info")
                return redirect(urls.staff("history"))
            summary = changes.summary(changes.change_set(current.frames if current else None, result.frames))
            try:
                version = database.publish(
                    _url(),
                    result.frames,
                    created_by=user.name,
                    kind="upload",
                    is_demo=False,
                    file_name=meta["file_name"],
                    file_sha256=sha,
                    changes=summary,
                    base_version=meta.get("base_version"),
                )
            except database.BaseChanged:  # the lock was bypassed (another release, a script)
                return published_first()
        staging.unstage(_url(), preview)
        flash(_("Published as version {version}.").format(version=version.version_id), "success")
        return redirect(urls.staff("history"))

    @admin.get("/programme/history")
    @require("editor")
    def history():
        return render(
            "history.html",
            _("Programme data history"),
            versions=database.history(_url()),
            current_id=database.current_id(_url()),
            audit=database.audit_entries(_url()),
            can_roll_back=current_user().role == "admin",
        )

    @admin.get("/programme/history/<int:version_id>.xlsx")
    @require("editor")
    def version_workbook(version_id: int):
        if version_id not in {v.version_id for v in database.history(_url())}:
            return render(
                "report.html",
                _("No such version"),
                status=404,
                total=1,
                file_name="",
                problems=[Problem.of("", None, None, None, N_("There is no version {version}."), version=version_id)],
            )
        body = writing.export(database.read(_url(), version_id))
        response = Response(body, mimetype=XLSX)
        response.headers["Content-Disposition"] = f'attachment; filename="migdash-programme-v{version_id}.xlsx"'
        return response

    @admin.post("/programme/rollback")
    @require("admin")
    def rollback():
        user = current_user()
        try:
            version_id = int(request.form.get("version_id", ""))
        except ValueError:
            version_id = -1
        if version_id not in {v.version_id for v in database.history(_url())}:
            flash(_("There is no such version."), "danger")
            return redirect(urls.staff("history"))
        with database.writer_lock(_url()):
            current = database.read_current(_url())
            target = database.read(_url(), version_id)
            if current is not None and target.version.sha256 == current.version.sha256:
                flash(
                    _("Version {version} holds the data already published: nothing changed.").format(
                        version=version_id
                    ),
                    "info",
                )
                return redirect(urls.staff("history"))
            summary = changes.summary(changes.change_set(current.frames if current else None, target.frames))
            version = database.publish(
                _url(),
                target.frames,
                created_by=user.name,
                kind="rollback",
                is_demo=target.version.is_demo,
                note=f"Rollback to version {version_id}",
                changes=summary,
                audit_detail={"restored_version": version_id},
            )
        flash(
            _("Version {old} is current again, as version {new}.").format(old=version_id, new=version.version_id),
            "success",
        )
        return redirect(urls.staff("history"))

    return admin
