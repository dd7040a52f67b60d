"""Publication: copy the published tier out of the build database, where BI tools read it.

The build database has one writer (the nightly run) and must never be held open by a dashboard
(DuckDB takes one writing process; see docs/publishing.md). So after every build step, test and
critical expectation has passed, the last stage of the run copies schema ``published`` to

- ``<publish_dir>/wres_published.duckdb``: a DuckDB file with schema ``published`` (every table of
  the tier plus ``published.publication``, one row per table with the run id and row count),
  written with an older storage format (STORAGE_VERSION, default ``v1.0.0``) so that BI tools on
  a DuckDB 1.x driver can open it, not only DuckDB 2.x;
- ``<publish_dir>/<table>.parquet``: one Parquet file per table, the run id in its key-value
  metadata;
- ``<publish_dir>/publication.json``: the manifest (run id, time, files, row counts, SHA-256),
  written last.

Every file is first written completely under a temporary name in the same folder, flushed to
disk, and only then moved over the previous one with ``os.replace`` (an atomic rename on POSIX
file systems). Hence:

- a reader holding the previous DuckDB file open keeps reading that file, whole and unchanged:
  the rename gives the path to a new file and never touches the open one, and the run never opens
  the published file (no lock to wait for, in either direction);
- a run that fails before this stage, or inside it before the renames, leaves the previous
  publication exactly as it was (temporary files are removed);
- a reader that opens a path sees either the previous file or the new one, never a part.

The renames of the several files happen one after another within milliseconds; the manifest,
renamed last, says which run the set belongs to, and every Parquet file carries its run id.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from wres.io_helpers import file_sha256, sql_string

PUBLISHED_SCHEMA = "published"
DATABASE_FILE = "wres_published.duckdb"
MANIFEST_FILE = "publication.json"
PUBLICATION_TABLE = "publication"
# DuckDB 2.x files cannot be opened by DuckDB 1.x; v1.0.0 (format 64) is read by DuckDB 0.10 onwards.
DEFAULT_STORAGE_VERSION = "v1.0.0"


class PublishError(Exception):
    """Publication failed; the previous publication is unchanged."""


@dataclass(frozen=True)
class Publication:
    directory: Path
    database: Path
    parquet_files: dict  # table -> path
    row_counts: dict  # table -> rows
    run_id: str
    published_at: str
    storage_version: str

    @property
    def manifest(self) -> Path:
        return self.directory / MANIFEST_FILE


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


def publish(build_database: Path, publish_dir: Path, run_id: str, version: str | None = None) -> Publication:
    """Write the published tier of build_database into publish_dir, atomically per file."""
    version = version or storage_version()
    publish_dir = Path(publish_dir)
    publish_dir.mkdir(parents=True, exist_ok=True)
    published_at = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")
    suffix = f".{run_id}.tmp"
    temporary: dict[Path, Path] = {}  # final path -> temporary path

    def temporary_for(final: Path) -> Path:
        path = final.with_name("." + final.name + suffix)
        temporary[final] = path
        return path

    try:
        database_tmp = temporary_for(publish_dir / DATABASE_FILE)
        connection = duckdb.connect()  # in memory: the build file is attached read-only
        try:
            connection.execute(f"attach {sql_string(str(build_database))} as build (read_only)")
            tables = published_tables(connection, "build")
            if not tables:
                raise PublishError(f"{build_database} has no tables in schema {PUBLISHED_SCHEMA}")
            connection.execute(
                f"attach {sql_string(str(database_tmp))} as target (storage_version {sql_string(version)})"
            )
            connection.execute(f"create schema target.{PUBLISHED_SCHEMA}")
            row_counts = {}
            parquet_files = {}
            for table in tables:
                source = f"build.{PUBLISHED_SCHEMA}.{_identifier(table)}"
                connection.execute(f"create table target.{PUBLISHED_SCHEMA}.{_identifier(table)} as select * from {source}")
                row_counts[table] = connection.execute(f"select count(*) from {source}").fetchall()[0][0]
                parquet_final = publish_dir / f"{table}.parquet"
                parquet_tmp = temporary_for(parquet_final)
                connection.execute(
                    f"copy (select * from {source}) to {sql_string(str(parquet_tmp))} "
                    f"(format parquet, kv_metadata {{wres_run_id: {sql_string(run_id)}}})"
                )
                parquet_files[table] = parquet_final
            connection.execute(
                f"create table target.{PUBLISHED_SCHEMA}.{PUBLICATION_TABLE} "
                "(run_id varchar, published_at_utc timestamp, table_name varchar, row_count bigint)"
            )
            connection.executemany(
                f"insert into target.{PUBLISHED_SCHEMA}.{PUBLICATION_TABLE} values (?, cast(? as timestamp), ?, ?)",
                [(run_id, published_at, table, rows) for table, rows in row_counts.items()],
            )
            connection.execute("detach target")  # checkpoints: the file is complete, no WAL left
            connection.execute("detach build")
        finally:
            connection.close()

        # read the new file back before it replaces anything
        with duckdb.connect(str(database_tmp), read_only=True) as check:
            for table, rows in row_counts.items():
                got = check.execute(f"select count(*) from {PUBLISHED_SCHEMA}.{_identifier(table)}").fetchall()[0][0]
                if got != rows:
                    raise PublishError(f"{database_tmp}: {table} has {got} rows, expected {rows}")

        manifest_final = publish_dir / MANIFEST_FILE
        manifest_tmp = temporary_for(manifest_final)
        manifest = {
            "run_id": run_id,
            "published_at_utc": published_at,
            "database": {"file": DATABASE_FILE, "schema": PUBLISHED_SCHEMA, "storage_version": version,
                         "sha256": file_sha256(database_tmp)},
            "tables": {
                table: {"rows": rows, "parquet": parquet_files[table].name,
                        "parquet_sha256": file_sha256(temporary[parquet_files[table]])}
                for table, rows in row_counts.items()
            },
        }
        manifest_tmp.write_text(json.dumps(manifest, indent=2))
        for path in temporary.values():
            _fsync(path)
    except BaseException as error:
        for path in temporary.values():
            path.unlink(missing_ok=True)
            Path(str(path) + ".wal").unlink(missing_ok=True)
        if isinstance(error, PublishError):
            raise
        if isinstance(error, Exception):
            raise PublishError(f"{type(error).__name__}: {error}") from error
        raise

    previous = _read_manifest(publish_dir / MANIFEST_FILE)
    # Parquet first, then the database, the manifest last: it names the run the set belongs to.
    order = [*(parquet_files[table] for table in row_counts), publish_dir / DATABASE_FILE, publish_dir / MANIFEST_FILE]
    for final in order:
        os.replace(temporary[final], final)
    # tables no longer in the tier: their old Parquet files go (only files the previous manifest named)
    for table, entry in (previous or {}).get("tables", {}).items():
        if table not in row_counts and isinstance(entry, dict) and entry.get("parquet"):
            (publish_dir / Path(entry["parquet"]).name).unlink(missing_ok=True)
    _fsync(publish_dir)
    return Publication(
        directory=publish_dir, database=publish_dir / DATABASE_FILE, parquet_files=parquet_files,
        row_counts=row_counts, run_id=run_id, published_at=published_at, storage_version=version,
    )


def _read_manifest(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def describe(publication: Publication) -> str:
    lines = [
        f"Published run {publication.run_id} to {publication.directory}",
        f"    {publication.database.name:<30}DuckDB file, schema {PUBLISHED_SCHEMA}, "
        f"{len(publication.row_counts)} tables (storage {publication.storage_version}: DuckDB 0.10 or later)",
        f"    {'<table>.parquet':<30}one Parquet file per table",
        f"    {MANIFEST_FILE:<30}run id, row counts and SHA-256 of every file",
    ]
    for table, rows in publication.row_counts.items():
        lines.append(f"      {table:<28}{rows:>10,} rows")
    lines.append(f"    open it read-only, e.g.  duckdb -readonly {publication.database}")
    return "\n".join(lines)


def _stage_data_quality_results(build_database: Path, run_id: str) -> None:
    """Put this run's data-quality results beside the figures (spec §8), in schema published.

    They are written by the validation stages after dbt has built the published tier, so they are
    copied here rather than modelled in dbt. Only the published copy of the failing examples and
    observed values is taken: counts, line numbers and reference codes, never a landing value
    outside the allow-list of wres/quality/disclosure.py (issue 9.2). The scan of
    tests/python/test_no_person_level_data.py covers this table like every other published one.
    """
    with duckdb.connect(str(build_database)) as connection:
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


def publish_stage(settings, say=print) -> dict:
    """The run's last stage: publish, print where, or stop the run leaving the previous publication."""
    from wres.pipeline import EXIT_BUILD_FAILED, RunFailed  # late: pipeline imports this module's caller

    try:
        _stage_data_quality_results(settings.database, settings.run_id)
        publication = publish(settings.database, settings.publish_dir, settings.run_id)
    except PublishError as error:
        raise RunFailed(
            f"publication failed ({error}); the previous publication in {settings.publish_dir} is unchanged",
            EXIT_BUILD_FAILED,
        ) from None
    say(describe(publication))
    return {
        "directory": str(publication.directory),
        "database": str(publication.database),
        "storage_version": publication.storage_version,
        "tables": publication.row_counts,
    }
