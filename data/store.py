"""The versioned data store.

    <data_dir>/builds/<version>/   one complete build: <table>.parquet, <table>.arrow, manifest.json
    <data_dir>/current             symlink to the build being served

Each table is written twice (write_table): as compressed parquet, the compact portable copy,
and as an uncompressed Arrow IPC file, the one served. read_table memory-maps the Arrow file
and gives pandas columns over the mapped bytes (no copy for strings, numbers without nulls),
so the page cache holds one copy of the data for every worker process, whatever the number of
workers and however often a new build replaces the current one under them.

A build is written to a staging folder, renamed into builds/, and `current` is switched by
replacing the symlink with os.replace: readers resolve `current` once and read one whole
version, never half of two.

Every file of a build is listed in its manifest with its sha256 and size (`built_files`: the
tables, and anything else the build writes, such as the static exports). A table is checked
against them each time a process loads it, so a file cut short or altered on disk is never
served: it raises DamagedFile, the views that need it say the data is unavailable, and
/healthz names it (`damaged_files`). `python -m data.build` checks every file and rebuilds.
A mapped file is read from disk as it is used, not copied when it is loaded: it is hashed
when first mapped, and stat-ed again each time the table is asked for, so a file changed
since (size, time or inode) is checked again before it is served.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mmap
import os
import re
import shutil
import threading
import weakref
from functools import lru_cache
from pathlib import Path, PurePosixPath

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from data.files import fsync_path

MANIFEST = "manifest.json"
HASH_BLOCK = 1 << 20

log = logging.getLogger("migdash.store")


class DamagedFile(Exception):
    """A file of a build that is not what its manifest says: missing, cut short or altered."""

    def __init__(self, build: Path, file: str, problem: str):
        super().__init__(f"{file} in {build}: {problem}")
        self.build, self.file, self.problem = build, file, problem


def builds_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "builds"


def current_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "current"


def switch_current(data_dir: Path, build: Path) -> None:
    """Point `current` at `build` atomically."""
    link = current_dir(data_dir)
    temporary = link.with_name(f".current-{os.getpid()}-{threading.get_ident()}")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(os.path.relpath(build, link.parent), target_is_directory=True)
    try:
        os.replace(temporary, link)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@lru_cache(maxsize=8)
def _real_folder(folder: Path) -> Path:
    return folder.resolve()


def resolve_current(data_dir: Path) -> Path | None:
    """The concrete build folder `current` points at now, or None before the first build.

    Read on every query (a new build switches the link under running servers), so it costs
    one readlink and one stat rather than a full path resolution (~15 µs, not ~115 µs).
    """
    link = current_dir(data_dir)
    try:
        target = Path(os.readlink(link))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:  # `current` is not a link (made by hand): resolve it the slow way
        return link.resolve(strict=True) if link.is_dir() else None
    build = target if target.is_absolute() else _real_folder(link.parent) / target
    return build if build.is_dir() else None


# ---------------------------------------------------------------------------------------------
# Pinned versions: a view may name the build it shows (`v=<data version>`); builds named by a
# pin are kept by prune_builds, the others only while they are among the newest.

VERSION_PATTERN = re.compile(r"^[0-9a-f]{16}(-x[0-9]{1,4})?$")  # -x<N>: the benchmark's scaled copies


def find_build(data_dir: Path, version: str) -> Path | None:
    """The folder of the build of `version` (the newest, after a forced rebuild), or None when
    it is not kept here (never built, removed, or not a version at all)."""
    if not isinstance(version, str) or not VERSION_PATTERN.match(version):
        return None
    folder = builds_dir(data_dir)
    try:
        listed = folder.stat().st_mtime_ns  # changes when a build is added or removed
    except OSError:
        return None
    return _builds_by_version(folder, listed).get(version)


@lru_cache(maxsize=8)
def _builds_by_version(folder: Path, _listed: int) -> dict[str, Path]:
    found: dict[str, Path] = {}
    candidates = sorted(
        (path for path in folder.iterdir() if path.is_dir() and not path.name.startswith(".")),
        key=lambda path: path.stat().st_mtime,
    )
    for build in candidates:  # oldest first: the newest folder of a version wins
        try:
            found[read_manifest(build.resolve())["data_version"]] = build.resolve()
        except DamagedFile:
            continue
    return found


def kept_versions(data_dir: Path) -> list[dict]:
    """Every build kept here, newest first: its version and when it was built."""
    folder = builds_dir(data_dir)
    try:
        by_version = _builds_by_version(folder, folder.stat().st_mtime_ns)
    except OSError:
        return []
    kept = [{"version": version, "built_at": read_manifest(build)["built_at"]} for version, build in by_version.items()]
    return sorted(kept, key=lambda item: item["built_at"], reverse=True)


def prune_builds(data_dir: Path, keep_newest: int, keep: Path, pinned: set[str] | None) -> list[str]:
    """Remove old builds: the `keep_newest` newest, `keep` (the current one) and every build of
    a `pinned` version (data/pins.py) stay; None (the pins could not be read) removes nothing.
    The folder names removed."""
    if pinned is None:
        return []
    builds = sorted(
        (p for p in builds_dir(data_dir).iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    removed = []
    for old in builds[max(keep_newest, 1) :]:
        if old.resolve() == Path(keep).resolve():
            continue
        try:
            version = read_manifest(old.resolve())["data_version"]
        except DamagedFile:
            version = None
        if version in pinned:
            continue
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old.name)
    return removed


def current_manifest(data_dir: Path) -> dict | None:
    """The manifest of the build being served, or None when nothing has been built yet."""
    build = resolve_current(data_dir)
    return read_manifest(build) if build else None


@lru_cache(maxsize=8)
def read_manifest(build: Path) -> dict:
    try:
        manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DamagedFile(build, MANIFEST, "missing") from None
    except (OSError, ValueError) as error:
        raise DamagedFile(build, MANIFEST, f"unreadable ({error})") from None
    if (
        not isinstance(manifest, dict)
        or not isinstance(manifest.get("tables"), dict)
        or not isinstance(manifest.get("data_version"), str)
    ):
        raise DamagedFile(build, MANIFEST, "not a build manifest")
    return manifest


def current_version(data_dir: Path) -> str | None:
    manifest = current_manifest(data_dir)
    return manifest["data_version"] if manifest else None


def read_table(build: Path, name: str) -> pd.DataFrame:
    """A table of one build, after checking each of its files (parquet and Arrow) against the
    manifest (DamagedFile otherwise): hashed once per process while their size, time and inode
    stay the same, so asking again costs a stat per file.

    The frame is memory-mapped from the Arrow file (builds before it was written: parsed from
    the parquet) once per process. Callers must not modify it: its arrays are read-only
    (pandas copy-on-write copies a column a caller edits). Each column is one contiguous array:
    taking a country's rows out of a chunked string column costs time in proportion to the
    whole table (~0.2 s on 4 M rows, 1 ms in one chunk).
    """
    entry = read_manifest(build)["tables"].get(name)
    if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
        raise DamagedFile(build, f"{name}.parquet", "not in the manifest")
    arrow = entry.get("arrow")
    files = [entry] + ([arrow] if isinstance(arrow, dict) and isinstance(arrow.get("file"), str) else [])
    for listed in files:
        try:
            signature = _signature(_inside(build, listed["file"]).stat())
        except (DamagedFile, OSError) as error:
            problem = _access_problem(error)
            _report(build, listed["file"], problem)
        else:
            problem = _remembered_problem(build, listed["file"], listed.get("sha256"), listed.get("bytes"), signature)
        if problem:
            raise DamagedFile(build, listed["file"], problem)
    return _loaded(_inside(build, files[-1]["file"]), signature)


_mapped_files: weakref.WeakSet = weakref.WeakSet()  # the Arrow files this process maps now


@lru_cache(maxsize=64)
def _loaded(path: Path, _signature: tuple) -> pd.DataFrame:
    if path.suffix == ".arrow":
        with path.open("rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)  # kept alive by the frame's buffers
        _mapped_files.add(mapped)
        # split_blocks: one array per column, over the mapped buffers (not consolidated copies)
        return ipc.open_file(pa.py_buffer(mapped)).read_all().combine_chunks().to_pandas(split_blocks=True)
    return pq.read_table(path).combine_chunks().to_pandas()


def release_mapped_pages() -> None:
    """Drop from this process the pages of mapped tables it has read: they stay in the page
    cache and come back at the next read. gunicorn's master calls it after loading the build
    (data.queries.warm_up), whose scans read whole columns: those pages then count for no
    process until a worker reads them."""
    for mapped in list(_mapped_files):
        mapped.madvise(mmap.MADV_DONTNEED)


def write_table(folder: Path, name: str, frame: pd.DataFrame) -> dict:
    """Write a table of a build (parquet and Arrow IPC, each fsynced); its manifest entry."""
    parquet, arrow = folder / f"{name}.parquet", folder / f"{name}.arrow"
    frame.to_parquet(parquet, index=False, compression="zstd")
    table = pa.Table.from_pandas(frame, preserve_index=False).combine_chunks()
    for position, column in enumerate(frame.columns):  # NaN stays NaN: a float column with no
        if frame[column].dtype == "float64" and table.column(position).null_count:  # nulls maps without a copy
            table = table.set_column(position, table.field(position), pa.array(frame[column].to_numpy()))
    with pa.OSFile(str(arrow), "wb") as sink, ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table, max_chunksize=max(len(frame), 1))  # one batch: one chunk per column
    entries = {}
    for path in (parquet, arrow):
        fsync_path(path)
        sha256, size = _digest(path)
        entries[path.suffix] = {"file": path.name, "bytes": size, "sha256": sha256}
    return {**entries[".parquet"], "rows": len(frame), "columns": list(frame.columns), "arrow": entries[".arrow"]}


# ---------------------------------------------------------------------------------------------
# Checking a build against its manifest


def built_files(manifest: dict) -> dict[str, dict]:
    """Every file a build holds, by its path in the build folder, with its manifest entry: each
    mapping anywhere in the manifest that has a "file" and a "sha256" (the tables, the exports,
    whatever a build writes), except under "inputs", which describes the source files."""
    found: dict[str, dict] = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("file"), str) and isinstance(node.get("sha256"), str):
                found[node["file"]] = node
            for key, value in node.items():
                if not (node is manifest and key == "inputs"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(manifest)
    return found


def damaged_files(build: Path, thorough: bool = False) -> dict[str, str]:
    """{file: what is wrong} for every file of `build` that is not as its manifest says; {} when
    the build is intact. By default a file is hashed again only when its size, time or inode
    changed (cheap enough for /healthz); `thorough` hashes every file now (the build does)."""
    try:
        manifest = read_manifest(build)
    except DamagedFile as error:
        return {error.file: error.problem}
    check = _file_problem if thorough else _checked_problem
    problems = {}
    for file, entry in built_files(manifest).items():
        problem = check(build, file, entry["sha256"], entry.get("bytes"))
        if problem:
            problems[file] = problem
    return problems


def file_problem(build: Path, entry: dict) -> str | None:
    """What is wrong with one listed file of a build (its manifest `entry`), or None: hashed
    once per process while its size, time and inode stay the same, so a file served again and
    again (a full download) costs a stat."""
    return _checked_problem(build, entry["file"], entry["sha256"], entry.get("bytes"))


def _inside(build: Path, file: str) -> Path:
    relative = PurePosixPath(file)
    if relative.is_absolute() or ".." in relative.parts:
        raise DamagedFile(build, file, "outside the build folder")
    return build / relative


def _access_problem(error: DamagedFile | OSError) -> str:
    """Why a file of a build could not be read, in a few words."""
    if isinstance(error, DamagedFile):
        return error.problem
    if isinstance(error, FileNotFoundError):
        return "missing"
    return f"unreadable ({error.strerror})"


def _content_problem(sha256: str, size: int, expected_sha256, expected_bytes) -> str | None:
    if isinstance(expected_bytes, int) and size != expected_bytes:
        return f"{size:,} bytes where the manifest says {expected_bytes:,}"
    if sha256 != expected_sha256:
        return "its sha256 is not the manifest's"
    return None


def _digest(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(HASH_BLOCK), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _file_problem(build: Path, file: str, expected_sha256, expected_bytes) -> str | None:
    """What is wrong with one file of a build, in a few words; None when it is as listed."""
    try:
        sha256, size = _digest(_inside(build, file))
    except (DamagedFile, OSError) as error:
        return _access_problem(error)
    return _content_problem(sha256, size, expected_sha256, expected_bytes)


def _signature(stat: os.stat_result) -> tuple:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _checked_problem(build: Path, file: str, expected_sha256, expected_bytes) -> str | None:
    """_file_problem, remembered while the file's size, modification time and inode stay the same."""
    try:
        stat = _inside(build, file).stat()
    except (DamagedFile, OSError) as error:
        return _access_problem(error)
    return _remembered_problem(build, file, expected_sha256, expected_bytes, _signature(stat))


@lru_cache(maxsize=1024)
def _remembered_problem(build: Path, file: str, expected_sha256, expected_bytes, _signature: tuple) -> str | None:
    problem = _file_problem(build, file, expected_sha256, expected_bytes)
    if problem:
        _report(build, file, problem)
    return problem


@lru_cache(maxsize=256)
def _report(build: Path, file: str, problem: str) -> None:
    """One line in the log per damaged file and process, however often it is asked for."""
    log.error(
        "%s of the data build %s is damaged (%s): it is not served; `python -m data.build` repairs it",
        file,
        build,
        problem,
    )
