"""Refresh the source files from their publishers, then build: `python -m data.fetch`.

Each source declared with a `download_url` (data/sources.py) is downloaded with a conditional
request (the ETag and Last-Modified recorded when its file in place was fetched; 304 means
unchanged), timeouts, retries with exponential backoff on connection errors, 5xx, 408 and
429 (Retry-After honoured, bounded) and a size cap, through MIGDASH_FETCH_PROXY or else the
standard HTTPS_PROXY / HTTP_PROXY / NO_PROXY variables. The download goes to a temporary file
beside the file it would replace (unpacked from its zip when the publisher serves one) and is
read with the reader the build uses (data/readers.py) before anything is replaced: an HTML
page, an empty or cut-short body, a damaged zip, gzip or xlsx, a renamed column or sheet stop
that one file with its name and the problem, and the file in place stays. An accepted file
replaces the one in place atomically; that one is kept as `<file>.previous`. A source that
cannot be fetched as it is (a conversion someone made, a query export) says why (`by_hand`)
and is reported, never skipped silently.

`fetch-log.json` in the source folder records, per source, the file in place (bytes, sha256,
and the URL, date, ETag and Last-Modified of the download it came from) and the last attempt
(when, outcome, problem). Then the normal build runs (data.build); if it fails, the files
replaced in this run are put back, so the source folder matches the build still served. The
exit code is 1 when any download failed or the build failed, with a summary naming each file.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import email.utils
import fcntl
import fnmatch
import http.client
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from data import readers
from data.build import sha256_file, wb_names_to_codes
from data.files import fsync_path, write_atomically
from data.sources import SOURCES, SOURCES_BY_KEY, Source
from data.validate import SourceError

LOG = "fetch-log.json"
PREVIOUS = ".previous"  # <file>.previous: the file the last accepted download replaced
LOCK = ".fetch.lock"
RETRIES = 3  # attempts after the first
BACKOFF = 2.0  # seconds before the first retry, doubled for each next one
MAX_WAIT = 300.0  # the longest wait before a retry, whatever Retry-After asks
MAX_SECONDS = 1800.0  # the longest one download may take, however steadily it trickles in
CHUNK = 1 << 16


class FetchProblem(Exception):
    """A download that cannot be used; `retry` when trying again may help, `wait` the seconds
    the publisher asked for (Retry-After)."""

    def __init__(self, problem: str, retry: bool = False, wait: float | None = None):
        super().__init__(problem)
        self.retry, self.wait = retry, wait


@dataclass
class Client:
    """How publishers are reached: limits, retries, proxy (empty: the environment's)."""

    timeout: float = 60
    max_bytes: int = 100_000_000
    proxy: str = ""
    retries: int = RETRIES
    backoff: float = BACKOFF
    max_wait: float = MAX_WAIT
    max_seconds: float = MAX_SECONDS
    sleep: Callable[[float], None] = time.sleep

    @classmethod
    def from_settings(cls, settings) -> Client:
        return cls(
            timeout=settings.fetch_timeout, max_bytes=settings.fetch_max_mb * 1_000_000, proxy=settings.fetch_proxy
        )

    def opener(self) -> urllib.request.OpenerDirector:
        proxies = {"http": self.proxy, "https": self.proxy} if self.proxy else None  # None: the environment's
        return urllib.request.build_opener(urllib.request.ProxyHandler(proxies))


@dataclass
class Outcome:
    """One source's result: updated, unchanged, checked (dry run), failed or by hand."""

    source: Source
    status: str
    problem: str = ""
    record: dict = field(default_factory=dict)  # its entry in the log after this run
    before: dict = field(default_factory=dict)  # its entry before this run


# --- checks: the build's own readers --------------------------------------------------------


def _economies(source_dir: Path) -> set[str]:
    return set(readers.wdi_country_metadata(source_dir / SOURCES_BY_KEY["wdi_country_metadata"].path)["iso3"])


def _wb_names(source_dir: Path) -> dict[str, str]:
    return wb_names_to_codes(source_dir / SOURCES_BY_KEY["wdi_remittances_received"].path)


def _check_remittances_received(path: Path, source_dir: Path) -> None:
    readers.wdi_indicator_csv(path, "BX.TRF.PWKR.CD.DT", "inflow_usd", _economies(source_dir))
    wb_names_to_codes(path)  # the KNOMAD matrices' names are coded from it


# The calls of data.build.make_tables, for one file: the context a reader needs (the World
# Bank's economies and country names) comes from the files in place.
CHECKS: dict[str, Callable[[Path, Path], object]] = {
    "ims2024_bilateral": lambda path, _: readers.ims2024_bilateral(path),
    "ims2020_destination": lambda path, _: readers.ims2020_destination(path),
    "ims2020_bilateral": lambda path, _: readers.ims2020_bilateral(path),
    "wdi_remittances_received": _check_remittances_received,
    "wdi_remittances_received_2023": lambda path, _: readers.wdi_indicator_excel(
        path, "BX.TRF.PWKR.CD.DT", "inflow_usd"
    ),
    "wdi_country_metadata": lambda path, _: readers.wdi_country_metadata(path),
    "wdi_gdp": lambda path, sd: readers.wdi_indicator_csv(path, "NY.GDP.MKTP.CD", "gdp_usd", _economies(sd)),
    "gdi_wdi": lambda path, _: readers.gdi_wdi(path),
    "abel_cohen_flows": lambda path, _: readers.abel_cohen_flows(path),
    "wpp2024_net_migration": lambda path, _: readers.wpp_net_migration(path),
    "knomad_remittance_matrix_2021": lambda path, sd: readers.knomad_matrix(path, 0, 2021, _wb_names(sd)),
    "knomad_remittance_matrix_2017": lambda path, sd: readers.knomad_matrix(
        path, "Bilateral_Remittances_2017", 2017, _wb_names(sd)
    ),
    "rpw_corridors": lambda path, _: readers.rpw_corridors(path),
    "unhcr": lambda path, _: readers.unhcr(path),
}
NEEDS_CONTEXT = {
    "wdi_remittances_received",
    "wdi_gdp",
    "knomad_remittance_matrix_2021",
    "knomad_remittance_matrix_2017",
}


def check(source: Source, candidate: Path, source_dir: Path) -> None:
    """Raise FetchProblem unless `candidate` reads as the build expects `source`'s file."""
    problem = _sniff(candidate)
    if problem:
        raise FetchProblem(problem)
    try:
        CHECKS[source.key](candidate, source_dir)
    except SourceError as error:
        where = "" if Path(error.path) == candidate else f" (checking it against {Path(error.path).name})"
        raise FetchProblem(f"{error.problem}{where}") from None
    except Exception as error:  # noqa: BLE001 - whatever the reader met, the file is not usable
        raise FetchProblem(f"could not be read: {type(error).__name__}: {error}") from None


def _sniff(path: Path) -> str | None:
    """The problems a reader's message would hide: nothing at all, or a web page."""
    with path.open("rb") as file:
        head = file.read(512)
    if not head:
        return "the download is empty"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")):
        return "the publisher sent a web page (an error or sign-in page?), not the file"
    return None


# --- HTTP ------------------------------------------------------------------------------------


NOT_MODIFIED = "not modified"


@dataclass
class Download:
    path: Path
    etag: str | None
    last_modified: str | None


def download(client: Client, url: str, folder: Path, suffix: str, validators: dict) -> Download | str:
    """The body at `url` in a temporary file in `folder`, or NOT_MODIFIED; retried as Client says."""
    if not url.startswith(("https://", "http://")):
        raise FetchProblem(f"not an http(s) URL: {url!r}")
    opener = client.opener()
    for attempt in range(client.retries + 1):
        try:
            return _get(client, opener, url, folder, suffix, validators)
        except FetchProblem as problem:
            if not problem.retry or attempt == client.retries:
                tries = f" (after {attempt + 1} attempts)" if attempt else ""
                raise FetchProblem(f"{problem}{tries}") from None
            wait = problem.wait if problem.wait is not None else client.backoff * 2**attempt
            client.sleep(max(0.0, min(wait, client.max_wait)))
    raise AssertionError("unreachable")


def _get(client: Client, opener, url: str, folder: Path, suffix: str, validators: dict) -> Download | str:
    headers = {"User-Agent": "migdash-fetch (data refresh)", "Accept-Encoding": "identity"}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    try:
        response = opener.open(urllib.request.Request(url, headers=headers), timeout=client.timeout)
    except urllib.error.HTTPError as error:
        with contextlib.suppress(Exception):
            error.close()
        if error.code == 304:
            return NOT_MODIFIED
        retry = error.code >= 500 or error.code in (408, 429)
        raise FetchProblem(f"HTTP {error.code} {error.reason} from {url}", retry, _retry_after(error.headers)) from None
    except urllib.error.URLError as error:
        raise FetchProblem(f"could not reach {url}: {error.reason}", retry=True) from None
    except (TimeoutError, ConnectionError, http.client.HTTPException, OSError) as error:
        raise FetchProblem(f"no answer from {url}: {_reason(error)}", retry=True) from None
    with response:
        expected = _content_length(response)
        if expected is not None and expected > client.max_bytes:
            raise FetchProblem(f"the download is {expected:,} bytes, over the {client.max_bytes:,} accepted")
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".fetch-", suffix=suffix)
        received, deadline = 0, time.monotonic() + client.max_seconds
        try:
            with os.fdopen(handle, "wb") as file:
                while block := _read(response, received):
                    received += len(block)
                    if received > client.max_bytes:
                        raise FetchProblem(f"the download is over the {client.max_bytes:,} bytes accepted")
                    if time.monotonic() > deadline:
                        raise FetchProblem(f"the download took over {client.max_seconds:.0f} s", retry=True)
                    file.write(block)
            if expected is not None and received != expected:
                raise FetchProblem(f"the download was cut short: {received:,} of {expected:,} bytes", retry=True)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return Download(Path(temporary), response.headers.get("ETag"), response.headers.get("Last-Modified"))


def _read(response, received: int) -> bytes:
    try:
        return response.read(CHUNK)
    except (TimeoutError, ConnectionError, http.client.HTTPException, OSError) as error:
        raise FetchProblem(f"the download broke off after {received:,} bytes: {_reason(error)}", retry=True) from None


def _reason(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return "timed out"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _content_length(response) -> int | None:
    try:
        return int(response.headers["Content-Length"])
    except (KeyError, TypeError, ValueError):
        return None


def _retry_after(headers) -> float | None:
    """Retry-After in seconds (a number or an HTTP date), or None."""
    value = (headers or {}).get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _unzip(archive: Path, pattern: str, folder: Path, suffix: str, max_bytes: int) -> Path:
    """The one member of `archive` whose name matches `pattern`, in a temporary file."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = [info for info in zipped.infolist() if fnmatch.fnmatch(Path(info.filename).name, pattern)]
            if len(members) != 1:
                names = [info.filename for info in zipped.infolist()][:8]
                raise FetchProblem(f"the zip holds {len(members)} files named like {pattern!r} (it holds {names})")
            member = members[0]
            if member.file_size > max_bytes:
                raise FetchProblem(f"{member.filename} is {member.file_size:,} bytes, over the {max_bytes:,} accepted")
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".fetch-", suffix=suffix)
            try:
                with os.fdopen(handle, "wb") as out, zipped.open(member) as inside:
                    shutil.copyfileobj(inside, out, CHUNK)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            return Path(temporary)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise FetchProblem(f"not a readable zip (cut short, or an error page?): {_reason(error)}") from None


# --- one source --------------------------------------------------------------------------


def fetch_source(
    source: Source, source_dir: Path, client: Client, before: dict, dry_run: bool = False, archives=None
) -> Outcome:
    """Download, check and (unless dry_run) put in place one source's file. `archives`: the
    zips this run downloaded, by URL (the caller removes them), so a zip holding two of our
    files is downloaded once."""
    target = source_dir / source.path
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    in_place = _describe(target)
    # The validators describe the file in place only if it is still the one they came with.
    fetched = before if before.get("sha256") and before.get("sha256") == in_place.get("sha256") else {}
    record = {
        "file": source.path,
        "url": source.download_url,
        **in_place,
        **{key: fetched.get(key) for key in ("downloaded_at", "etag", "last_modified")},
        "previous": _describe(_previous(target)) or None,
        "checked_at": now,
    }
    if not source.download_url:
        return Outcome(source, "by hand", source.by_hand, {**record, "outcome": "by hand"}, before)
    suffix = "-" + target.name  # keeps the extension: pandas knows a .gz by its name
    temporaries: list[Path] = []
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shared = archives is not None and bool(source.zip_member)
        got = archives.get(source.download_url) if shared else None
        if got is None:
            got = download(client, source.download_url, target.parent, suffix, fetched)
            if got == NOT_MODIFIED:
                return Outcome(source, "unchanged", "", {**record, "outcome": "unchanged (304 Not Modified)"}, before)
            if shared:
                archives[source.download_url] = got
            else:
                temporaries.append(got.path)
        candidate = got.path
        if source.zip_member:
            candidate = _unzip(got.path, source.zip_member, target.parent, suffix, client.max_bytes)
            temporaries.append(candidate)
        check(source, candidate, source_dir)
        new = {"bytes": candidate.stat().st_size, "sha256": sha256_file(candidate)}
        came_with = {"downloaded_at": now, "etag": got.etag, "last_modified": got.last_modified}
        if new["sha256"] == in_place.get("sha256"):
            return Outcome(
                source, "unchanged", "", {**record, **came_with, "outcome": "unchanged (same bytes)"}, before
            )
        if dry_run:
            return Outcome(source, "checked", "", {**record, "outcome": "checked (dry run)"}, before)
        _put_in_place(candidate, target)
        temporaries.remove(candidate)
        record |= {**new, **came_with, "previous": _describe(_previous(target)) or None, "outcome": "updated"}
        return Outcome(source, "updated", "", record, before)
    except FetchProblem as problem:
        return _failed(source, record, before, str(problem))
    except OSError as error:  # our side: a folder we cannot write, a full disk
        return _failed(source, record, before, f"could not store the download in {target.parent}: {_reason(error)}")
    finally:
        for path in temporaries:
            path.unlink(missing_ok=True)


def _failed(source: Source, record: dict, before: dict, problem: str) -> Outcome:
    return Outcome(source, "failed", problem, {**record, "outcome": "failed", "problem": problem}, before)


def _describe(path: Path) -> dict:
    return {"bytes": path.stat().st_size, "sha256": sha256_file(path)} if path.is_file() else {}


def _previous(target: Path) -> Path:
    return target.with_name(target.name + PREVIOUS)


def _put_in_place(candidate: Path, target: Path) -> None:
    """Keep the file in place as <file>.previous (a copy: `target` is there throughout), then
    rename the checked download over it."""
    if target.is_file():
        _rename_over(_staged_copy(target, PREVIOUS), _previous(target))
    _rename_over(candidate, target)


def _put_back(outcome: Outcome, source_dir: Path, problem: str) -> None:
    """Undo an update the build refused: the previous file goes back in place (and stays kept)."""
    target = source_dir / outcome.source.path
    if _previous(target).is_file():
        _rename_over(_staged_copy(_previous(target), "-" + target.name), target)
    else:  # the source folder had no such file before this run
        target.unlink(missing_ok=True)
    restored = {key: outcome.before.get(key) for key in ("downloaded_at", "etag", "last_modified")}
    outcome.status, outcome.problem = "rejected", problem
    outcome.record |= {**_describe(target), **restored, "outcome": "rejected by the build", "problem": problem}


def _staged_copy(path: Path, suffix: str) -> Path:
    handle, staged = tempfile.mkstemp(dir=path.parent, prefix=".fetch-", suffix=suffix)
    os.close(handle)
    try:
        shutil.copyfile(path, staged)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise
    return Path(staged)


def _rename_over(staged: Path, target: Path) -> None:
    """A complete file renamed over `target` (readers see the old file or the new one)."""
    try:
        os.chmod(staged, 0o644)
        fsync_path(staged)
        os.replace(staged, target)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # some file systems cannot sync a folder
        fsync_path(target.parent)


# --- a run -----------------------------------------------------------------------------------


def read_log(source_dir: Path) -> dict:
    """{key: record} from fetch-log.json, or {} when there is none (or it is unreadable)."""
    try:
        return json.loads((Path(source_dir) / LOG).read_text(encoding="utf-8"))["sources"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_log(source_dir: Path, records: dict) -> None:
    write_atomically(Path(source_dir) / LOG, json.dumps({"sources": records}, indent=2, sort_keys=True) + "\n")


def fetch_all(
    source_dir: Path, client: Client, only=None, dry_run: bool = False, sources=None
) -> tuple[list[Outcome], dict]:
    """Every chosen source, fetched one after another (those whose check reads other files
    last); (outcomes, the log's records after the run, not yet written). Run under the lock
    (refresh), so a temporary file found is a killed fetch's, removed."""
    source_dir = Path(source_dir)
    chosen = [s for s in (sources or SOURCES) if not only or s.key in only]
    chosen.sort(key=lambda s: s.key in NEEDS_CONTEXT)
    for folder in {(source_dir / s.path).parent for s in chosen}:
        for leftover in folder.glob(".fetch-*") if folder.is_dir() else ():
            leftover.unlink(missing_ok=True)  # of a fetch that was killed: we hold the lock
    records, archives = read_log(source_dir), {}
    try:
        outcomes = [fetch_source(s, source_dir, client, records.get(s.key, {}), dry_run, archives) for s in chosen]
    finally:
        for archive in archives.values():
            archive.path.unlink(missing_ok=True)
    for outcome in outcomes:
        records[outcome.source.key] = outcome.record
    return outcomes, records


@contextlib.contextmanager
def _locked(source_dir: Path):
    """One fetch at a time per source folder (a scheduled run and one by hand)."""
    with (Path(source_dir) / LOCK).open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FetchProblem(f"another fetch is running in {source_dir}") from None
        yield


def refresh(
    source_dir: Path,
    data_dir: Path,
    client: Client,
    only=None,
    build: bool = True,
    dry_run: bool = False,
    sources=None,
) -> int:
    """Fetch, log, build; put back the files the build refused. The exit code (0 or 1)."""
    from data import build as data_build

    source_dir = Path(source_dir)
    if not source_dir.is_dir():
        print(f"migdash fetch: source directory {source_dir} not found (set MIGDASH_SOURCE_DIR)", file=sys.stderr)
        return 1
    try:
        with _locked(source_dir):
            outcomes, records = fetch_all(source_dir, client, only, dry_run, sources)
            for outcome in outcomes:
                print(_line(outcome))
            build_code = 0
            if build and not dry_run:
                try:
                    build_code = data_build.main(["--source-dir", str(source_dir), "--data-dir", str(data_dir)])
                except Exception as error:  # noqa: BLE001 - any failure of the build is reported the same way
                    print(f"migdash build failed: {type(error).__name__}: {error}")
                    build_code = 1
                if build_code:
                    for outcome in outcomes:
                        if outcome.status == "updated":
                            _put_back(outcome, source_dir, "the build failed with it (see its message)")
                            records[outcome.source.key] = outcome.record
                            print(
                                f"migdash fetch: {outcome.source.path}: put back the previous file, "
                                "which the served build was made from",
                            )
            if not dry_run:
                write_log(source_dir, records)
    except FetchProblem as problem:
        print(f"migdash fetch: {problem}", file=sys.stderr)
        return 1
    except OSError as error:  # the lock or the log: a folder we cannot write, a full disk
        print(f"migdash fetch: cannot write in {source_dir}: {_reason(error)}", file=sys.stderr)
        return 1
    failed = [o for o in outcomes if o.status in ("failed", "rejected")]
    if failed:
        print(f"migdash fetch: {len(failed)} of {len(outcomes)} files could not be refreshed:", file=sys.stderr)
        for outcome in failed:
            print(f"  {outcome.source.path}: {outcome.problem}", file=sys.stderr)
        print(
            "Each keeps the file it had, which is what the build uses; the site serves the last build that succeeded.",
            file=sys.stderr,
        )
    return 1 if failed or build_code else 0


def _line(outcome: Outcome) -> str:
    record, path = outcome.record, outcome.source.path
    if outcome.status == "updated":
        size, digest = f"{record['bytes']:,}", record["sha256"][:16]
        return (
            f"migdash fetch: {path}: updated ({size} bytes, sha256 {digest}; the replaced file is kept as {PREVIOUS})"
        )
    if outcome.status == "failed":
        return f"migdash fetch: {path}: FAILED: {outcome.problem}; the file in place is kept"
    if outcome.status == "by hand":
        return f"migdash fetch: {path}: refreshed by hand: {outcome.problem}"
    return f"migdash fetch: {path}: {record['outcome']}"


def main(argv=None) -> int:
    from settings import Settings, SettingsError

    parser = argparse.ArgumentParser(prog="python -m data.fetch", description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", type=Path, help="default: MIGDASH_SOURCE_DIR")
    parser.add_argument("--data-dir", type=Path, help="default: MIGDASH_DATA_DIR")
    parser.add_argument("--only", nargs="+", metavar="KEY", help=f"only these sources: {', '.join(SOURCES_BY_KEY)}")
    parser.add_argument("--no-build", action="store_true", help="fetch and check only; do not build")
    parser.add_argument("--dry-run", action="store_true", help="download and check; replace nothing, log nothing")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.only or ()) - SOURCES_BY_KEY.keys())
    if unknown:
        parser.error(f"unknown source {', '.join(unknown)}; the sources are {', '.join(SOURCES_BY_KEY)}")
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"migdash fetch: {error}", file=sys.stderr)
        return 2
    return refresh(
        args.source_dir or settings.source_dir,
        args.data_dir or settings.data_dir,
        Client.from_settings(settings),
        only=args.only,
        build=not args.no_build,
        dry_run=args.dry_run,
    )


if __name__ == "__main__":
    sys.exit(main())
