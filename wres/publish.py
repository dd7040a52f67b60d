"""Publication: copy the published tier out of the build database, where BI tools read it.

The build database has one writer (the nightly run) and must never be held open by a dashboard
(DuckDB takes one writing process; see docs/publishing.md). So after every build step, test and
critical expectation has passed, the last stage of the run writes a new **publication**, a folder
``<publish_dir>/publications/<run_id>/`` holding

- ``wres_published.duckdb``: a DuckDB file with schema ``published`` (every table of the tier
  plus ``published.publication``, one row per table with the run id and row count), written with
  an older storage format (STORAGE_VERSION, default ``v1.0.0``) so that BI tools on a DuckDB 1.x
  driver can open it, not only DuckDB 2.x;
- ``<table>.parquet``: one Parquet file per table, the run id in its key-value metadata;
- ``publication.json``: the manifest (run id, the run it replaces, time, files, row counts, SHA-256),

and then switches ``<publish_dir>/current``, a symbolic link to ``publications/<run_id>``, with
one atomic rename. Readers open ``<publish_dir>/current/...``. Hence:

- a publication is all or nothing: it is written under a temporary name
  (``publications/.<run_id>.tmp/``), flushed to disk, read back, renamed into place, and only then
  does ``current`` point at it, in one rename. A run killed at any moment leaves ``current`` on the
  previous publication or on the new one, never between; every file a reader reaches through one
  resolution of ``current`` belongs to one run (``current_publication_dir``);
- a reader holding a file open keeps reading it, whole and unchanged: the run never writes into a
  published folder, and the run never opens a published file (no lock either way);
- the previous publications stay until the switch; afterwards the newest ``keep`` (default 3,
  WRES_KEEP_PUBLICATIONS) are kept and older ones removed (a reader holding one of their files
  open on Linux keeps reading it);
- what a killed run left (an unfinished folder, a temporary link, the temporary files of the
  layout before ``publications/``) is removed by the next run, under a lock so that two runs never
  publish into one folder at once.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from wres.settings import connect_duckdb

from wres.io_helpers import file_sha256, sql_string
from wres.run_errors import summary_line
from wres.test_hooks import pause_point

PUBLISHED_SCHEMA = "published"
DATABASE_FILE = "wres_published.duckdb"
MANIFEST_FILE = "publication.json"
PUBLICATION_TABLE = "publication"
CURRENT_LINK = "current"
PUBLICATIONS_DIR = "publications"
LOCK_FILE = ".wres-publish.lock"
TEMPORARY_SUFFIX = ".tmp"
DEFAULT_KEEP = 3  # publications kept: the current one and the two before it
# DuckDB 2.x files cannot be opened by DuckDB 1.x; v1.0.0 (format 64) is read by DuckDB 0.10 onwards.
DEFAULT_STORAGE_VERSION = "v1.0.0"


class PublishError(Exception):
    """Publication failed; the previous publication is unchanged."""


class PublishBusy(PublishError):
    """Another process is publishing into the same publish folder."""


@dataclass(frozen=True)
class Publication:
    publish_dir: Path
    directory: Path  # <publish_dir>/publications/<run_id>
    parquet_files: dict  # table -> path
    row_counts: dict  # table -> rows
    run_id: str
    published_at: str
    storage_version: str
    removed: tuple = ()  # what the clean-up after the switch removed

    @property
    def current(self) -> Path:
        """The path readers use: <publish_dir>/current."""
        return self.publish_dir / CURRENT_LINK

    @property
    def database(self) -> Path:
        return self.directory / DATABASE_FILE

    @property
    def manifest(self) -> Path:
        return self.directory / MANIFEST_FILE


def current_publication_dir(publish_dir: Path | str) -> Path:
    """The folder of the current publication: ``<publish_dir>/current`` resolved, once.

    Read every file of a set (all the Parquet files, say) from the folder this returns, not
    through ``current`` again: a publication switched in between would otherwise mix two runs.
    A publish folder of the layout before ``publications/`` (files directly in it, no ``current``)
    is returned as it is, so a caller can always read ``current_publication_dir(d) / DATABASE_FILE``.
    """
    publish_dir = Path(publish_dir)
    link = publish_dir / CURRENT_LINK
    if link.exists():
        return link.resolve()
    return publish_dir


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def storage_version() -> str:
    return os.environ.get("WRES_PUBLISH_STORAGE_VERSION", DEFAULT_STORAGE_VERSION)


def published_tables(connection: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    rows = connection.execute(
        "select table_name from information_schema.tables where table_catalog = ? and table_schema = ? "
        "and table_type = 'BASE TABLE' order by table_name",
        [catalog, PUBLISHED_SCHEMA],
    ).fetchall()
    return [row[0] for row in rows if row[0] != PUBLICATION_TABLE]


@contextmanager
def publish_lock(publish_dir: Path) -> Iterator[None]:
    """One publisher per publish folder (two databases may publish to one folder): flock, released
    by the kernel when the holder dies, so a killed run never blocks the next."""
    publish_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(publish_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishBusy(f"another process is publishing to {publish_dir} ({publish_dir / LOCK_FILE} is locked)") from None
        yield
    finally:
        os.close(descriptor)


def _current_run_id(publish_dir: Path) -> str | None:
    """The run id ``current`` points at (``publications/<run_id>``), or None."""
    link = publish_dir / CURRENT_LINK
    if not link.is_symlink():
        if link.exists():
            raise PublishError(f"{link} is not a symbolic link; move it away so that the run can manage it")
        return None
    return Path(os.readlink(link)).name


def _kept_runs(publications: Path, current_run: str | None, keep: int) -> list[str]:
    """The current publication and the ones it replaced, newest first, at most ``keep``: each
    manifest names the run before it, so the history never depends on clocks or folder order."""
    kept: list[str] = []
    run = current_run
    while run and len(kept) < max(keep, 1) and run not in kept and (publications / run).is_dir():
        kept.append(run)
        run = (_read_manifest(publications / run / MANIFEST_FILE) or {}).get("previous_run_id")
    return kept


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def clean_up(publish_dir: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Remove what no ``current`` leads to: unfinished publications and temporary files of killed
    runs, publications beyond the newest ``keep``, and, once ``current`` exists, the files of the
    layout before ``publications/``. Call it holding ``publish_lock``."""
    removed: list[Path] = []
    current_run = _current_run_id(publish_dir)
    publications = publish_dir / PUBLICATIONS_DIR
    if publications.is_dir():
        kept = set(_kept_runs(publications, current_run, keep))
        for entry in sorted(publications.iterdir()):
            if entry.name not in kept:
                _remove(entry)
                removed.append(entry)
    for entry in sorted(publish_dir.iterdir()):
        # ".current.<run>.tmp" (the link being switched), ".<file>.<run>.tmp[.wal]" (the old layout)
        if entry.name.startswith(".") and (entry.name.endswith(TEMPORARY_SUFFIX) or entry.name.endswith(TEMPORARY_SUFFIX + ".wal")):
            _remove(entry)
            removed.append(entry)
    if current_run is not None:
        removed += _remove_old_layout(publish_dir)
    return removed


def _remove_old_layout(publish_dir: Path) -> list[Path]:
    """The publication of the layout before ``publications/`` (files directly in the publish
    folder) goes once ``current`` exists, so that no reader keeps reading it, stale, unawares:
    its database and Parquet files first, its manifest (which names them) last."""
    old_manifest = publish_dir / MANIFEST_FILE
    if not old_manifest.is_file():
        return []
    names = [DATABASE_FILE, DATABASE_FILE + ".wal"]
    names += [Path(entry["parquet"]).name for entry in (_read_manifest(old_manifest) or {}).get("tables", {}).values()
              if isinstance(entry, dict) and entry.get("parquet")]
    removed = [publish_dir / name for name in names if (publish_dir / name).is_file()]
    for path in [*removed, old_manifest]:
        path.unlink(missing_ok=True)
    _fsync(publish_dir)
    return [*removed, old_manifest]


def _write_publication(build_database: Path, folder: Path, run_id: str, previous_run_id: str | None,
                       published_at: str, version: str, provenance: dict | None = None) -> tuple[dict, dict]:
    """Write the whole publication into ``folder`` and flush it to disk: (row counts, Parquet files)."""
    database = folder / DATABASE_FILE
    connection = connect_duckdb()  # in memory: the build file is attached read-only
    try:
        connection.execute(f"attach {sql_string(str(build_database))} as build (read_only)")
        tables = published_tables(connection, "build")
        if not tables:
            raise PublishError(f"{build_database} has no tables in schema {PUBLISHED_SCHEMA}")
        connection.execute(f"attach {sql_string(str(database))} as target (storage_version {sql_string(version)})")
        connection.execute(f"create schema target.{PUBLISHED_SCHEMA}")
        row_counts = {}
        parquet_files = {}
        for table in tables:
            source = f"build.{PUBLISHED_SCHEMA}.{_identifier(table)}"
            connection.execute(f"create table target.{PUBLISHED_SCHEMA}.{_identifier(table)} as select * from {source}")
            row_counts[table] = connection.execute(f"select count(*) from {source}").fetchall()[0][0]
            parquet_files[table] = folder / f"{table}.parquet"
            # order by all: a rerun on the same inputs writes the same bytes (bar the run id)
            connection.execute(
                f"copy (select * from {source} order by all) to {sql_string(str(parquet_files[table]))} "
                f"(format parquet, kv_metadata {{wres_run_id: {sql_string(run_id)}}})"
            )
            pause_point("publish")
        connection.execute(
            f"create table target.{PUBLISHED_SCHEMA}.{PUBLICATION_TABLE} "
            "(run_id varchar, published_at_utc timestamp, table_name varchar, row_count bigint, "
            "git_commit varchar, git_dirty boolean, package_version varchar)"
        )
        code = provenance or {}
        connection.executemany(
            f"insert into target.{PUBLISHED_SCHEMA}.{PUBLICATION_TABLE} values (?, cast(? as timestamp), ?, ?, ?, ?, ?)",
            [
                (run_id, published_at, table, rows, code.get("git_commit"), code.get("git_dirty"),
                 code.get("package_version"))
                for table, rows in row_counts.items()
            ],
        )
        connection.execute("detach target")  # checkpoints: the file is complete, no WAL left
        connection.execute("detach build")
    finally:
        connection.close()

    # read the new file back before anything points at it
    with connect_duckdb(database, read_only=True) as check:
        for table, rows in row_counts.items():
            got = check.execute(f"select count(*) from {PUBLISHED_SCHEMA}.{_identifier(table)}").fetchall()[0][0]
            if got != rows:
                raise PublishError(f"{database}: {table} has {got} rows, expected {rows}")

    manifest = {
        "run_id": run_id,
        "previous_run_id": previous_run_id,
        "published_at_utc": published_at,
        # the code that produced the figures (wres/evidence.py); the run folder keeps the rest
        "code": provenance,
        "database": {"file": DATABASE_FILE, "schema": PUBLISHED_SCHEMA, "storage_version": version,
                     "sha256": file_sha256(database)},
        "tables": {
            table: {"rows": rows, "parquet": parquet_files[table].name, "parquet_sha256": file_sha256(parquet_files[table])}
            for table, rows in row_counts.items()
        },
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2))
    for path in folder.iterdir():
        _fsync(path)
    _fsync(folder)
    return row_counts, parquet_files


def _switch_current(publish_dir: Path, run_id: str) -> None:
    """Point ``current`` at ``publications/<run_id>`` with one atomic rename of a new link over it."""
    temporary = publish_dir / f".{CURRENT_LINK}.{run_id}{TEMPORARY_SUFFIX}"
    temporary.unlink(missing_ok=True)
    os.symlink(f"{PUBLICATIONS_DIR}/{run_id}", temporary)  # relative: the folder may be moved or mounted elsewhere
    os.replace(temporary, publish_dir / CURRENT_LINK)
    _fsync(publish_dir)


def publish(build_database: Path, publish_dir: Path, run_id: str, version: str | None = None,
            keep: int = DEFAULT_KEEP, provenance: dict | None = None) -> Publication:
    """Write the published tier of build_database as a new publication and make it current."""
    version = version or storage_version()
    publish_dir = Path(publish_dir)
    if not run_id or "/" in run_id or run_id.startswith("."):
        raise ValueError(f"run id {run_id!r} cannot name a publication folder")
    published_at = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")
    publications = publish_dir / PUBLICATIONS_DIR
    final = publications / run_id
    unfinished = publications / f".{run_id}{TEMPORARY_SUFFIX}"
    try:
        with publish_lock(publish_dir):
            removed = clean_up(publish_dir, keep)  # what a killed run left, before adding anything
            previous_run_id = _current_run_id(publish_dir)
            if previous_run_id == run_id:
                raise PublishError(f"run {run_id} is already the current publication in {publish_dir}")
            publications.mkdir(exist_ok=True)
            try:
                unfinished.mkdir()
                row_counts, _ = _write_publication(
                    build_database, unfinished, run_id, previous_run_id, published_at, version, provenance
                )
                if final.exists():
                    _remove(final)  # an earlier attempt of the same run id, never made current
                os.rename(unfinished, final)
                _fsync(publications)
                pause_point("publish_rename")
                _switch_current(publish_dir, run_id)
            except BaseException:
                for leftover in (unfinished, publish_dir / f".{CURRENT_LINK}.{run_id}{TEMPORARY_SUFFIX}"):
                    if leftover.exists() or leftover.is_symlink():
                        _remove(leftover)
                if _current_run_id(publish_dir) != run_id and final.exists():
                    _remove(final)
                raise
            pause_point("publish_switched")
            try:
                removed += clean_up(publish_dir, keep)
            except OSError:
                pass  # published all the same; the next run's clean-up tries again
    except PublishError:
        raise
    except Exception as error:
        raise PublishError(f"{type(error).__name__}: {summary_line(str(error))}") from error
    return Publication(
        publish_dir=publish_dir, directory=final,
        parquet_files={table: final / f"{table}.parquet" for table in row_counts}, row_counts=row_counts,
        run_id=run_id, published_at=published_at, storage_version=version, removed=tuple(removed),
    )


def _read_manifest(path: Path) -> dict | None:
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def describe(publication: Publication) -> str:
    current = publication.current
    lines = [
        f"Published run {publication.run_id}: {current} -> {PUBLICATIONS_DIR}/{publication.run_id}",
        f"    {publication.database.name:<30}DuckDB file, schema {PUBLISHED_SCHEMA}, "
        f"{len(publication.row_counts)} tables (storage {publication.storage_version}: DuckDB 0.10 or later)",
        f"    {'<table>.parquet':<30}one Parquet file per table",
        f"    {MANIFEST_FILE:<30}run id, row counts and SHA-256 of every file",
    ]
    for table, rows in publication.row_counts.items():
        lines.append(f"      {table:<28}{rows:>10,} rows")
    if any(path.parent == publication.publish_dir and path.name == MANIFEST_FILE for path in publication.removed):
        lines.append(f"    removed the publication of the old layout (files directly in {publication.publish_dir}): "
                     f"readers now open {current}/...")
    lines.append(f"    open it read-only, e.g.  duckdb -readonly {current / DATABASE_FILE}")
    return "\n".join(lines)


def _stage_data_quality_results(build_database: Path, run_id: str) -> None:
    """Put this run's data-quality results beside the figures (spec §8), in schema published.

    They are written by the validation stages after dbt has built the published tier, so they are
    copied here rather than modelled in dbt. Only the published copy of the failing examples and
    observed values is taken: counts, line numbers and reference codes, never a landing value
    outside the allow-list of wres/quality/disclosure.py (issue 9.2). The scan of
    tests/python/test_no_person_level_data.py covers this table like every other published one.
    """
    with connect_duckdb(build_database) as connection:
        has_results = connection.execute(
            "select count(*) from information_schema.columns "
            "where table_schema = 'audit' and table_name = 'data_quality_results' "
            "and column_name = 'published_examples'"
        ).fetchall()[0][0]
        if not has_results:
            return
        connection.execute(
            f"""
            create or replace table {PUBLISHED_SCHEMA}.data_quality_results as
            select run_id, validated_at, stage, suite_name, target, expectation_type, rule,
                   column_name, severity, success, description,
                   published_observed_value as observed_value, element_count, unexpected_count,
                   published_examples as examples
            from audit.data_quality_results
            where run_id = ?
            order by stage, suite_name, rule
            """,
            [run_id],
        )


def publish_stage(settings, say=print, provenance: dict | None = None) -> dict:
    """The run's last stage: publish, print where, or stop the run leaving the previous publication."""
    from wres.pipeline import EXIT_BUILD_FAILED, RunFailed  # late: pipeline imports this module's caller
    from wres.run_errors import EXIT_RUN_LOCKED, EXIT_STORAGE, classify_text

    try:
        _stage_data_quality_results(settings.database, settings.run_id)
        publication = publish(settings.database, settings.publish_dir, settings.run_id,
                              keep=getattr(settings, "keep_publications", DEFAULT_KEEP), provenance=provenance)
    except PublishError as error:
        fault = classify_text(str(error), settings.database)  # a full or read-only disk
        exit_code = EXIT_RUN_LOCKED if isinstance(error, PublishBusy) else (
            EXIT_STORAGE if fault and fault[1] == EXIT_STORAGE else EXIT_BUILD_FAILED)
        raise RunFailed(
            f"publication failed ({error}); the previous publication in {settings.publish_dir} is unchanged",
            exit_code,
        ) from None
    say(describe(publication))
    return {
        "directory": str(publication.current),
        "publication_dir": str(publication.directory),
        "database": str(publication.current / DATABASE_FILE),
        "storage_version": publication.storage_version,
        "tables": publication.row_counts,
        "removed": [str(path) for path in publication.removed],
    }
