"""Evidence kept per run, so that a figure from an older publication can still be traced.

The build database is overwritten by the next run; the run folder is not. Each successful run
keeps in ``<runs_dir>/<run_id>/``:

- ``evidence.json``: the code version (git commit and whether the tree was dirty, or the package
  version where the code is not a git checkout), the dbt, dbt-duckdb, DuckDB and Python versions,
  and the landing manifest: for each file its path, size, modified time, SHA-256 and rows read /
  accepted / quarantined;
- ``marts/<table>.parquet``: the internal figures of the run (every table of schema ``marts``,
  rows in a fixed order, the run id in the key-value metadata). Marts only: the marts never hold a
  person-level column (tests/python/test_no_person_level_data.py), and export_marts refuses one;
- ``static_index.html``: the dbt docs of the run (written by the pipeline's docs stage).

``wres trace`` reads these files; the run's ``manifest.json`` (dbt) gives the models' compiled SQL.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from wres.settings import connect_duckdb

from wres import PROJECT_DIR, __version__
from wres.io_helpers import file_sha256, sql_string

EVIDENCE_FILE = "evidence.json"
MARTS_DIR = "marts"
MARTS_SCHEMA = "marts"
# The identifiers of people in the landing contract: never exported, whatever a mart holds.
PERSON_LEVEL_COLUMNS = frozenset(
    {"employee_number", "applicant_id", "respondent_id", "member_id", "application_id", "case_id", "assignment_number"}
)


class EvidenceError(Exception):
    """The run's evidence could not be written (the run fails: nothing unrecorded is published)."""


def code_version(project_dir: Path = PROJECT_DIR) -> dict:
    """Which code ran: the git commit and dirty flag, or the package version outside a checkout."""
    version = {"package_version": __version__, "git_commit": None, "git_dirty": None}

    def git(*args: str) -> str | None:
        try:
            completed = subprocess.run(
                ["git", "-C", str(project_dir), *args], capture_output=True, text=True, timeout=30, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return completed.stdout.strip() if completed.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    if commit:
        version["git_commit"] = commit
        # untracked files (build output, a developer's notes) do not change what ran
        version["git_dirty"] = bool(git("status", "--porcelain", "--untracked-files=no"))
    return version


def tool_versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version
    import platform

    def installed(package: str) -> str | None:
        try:
            return version(package)
        except PackageNotFoundError:
            return None

    return {
        "dbt_core": installed("dbt-core"),
        "dbt_duckdb": installed("dbt-duckdb"),
        "duckdb": duckdb.__version__,
        "python": platform.python_version(),
    }


def describe_code(code: dict) -> str:
    if code.get("git_commit"):
        return f"git {code['git_commit'][:12]}{' (dirty tree)' if code.get('git_dirty') else ''}"
    return f"wres {code.get('package_version')} (not a git checkout)"


def file_stats(paths: dict[str, Path]) -> dict[str, dict]:
    """Size and modified time of each landing file, taken before it is read."""
    stats = {}
    for extract, path in paths.items():
        status = path.stat()
        stats[extract] = {
            "path": str(path.resolve()),
            "size_bytes": status.st_size,
            "modified_utc": datetime.fromtimestamp(status.st_mtime, timezone.utc).isoformat(timespec="seconds"),
        }
    return stats


def landing_manifest(database: Path, stats: dict[str, dict] | None = None) -> list[dict]:
    """One entry per landing file of the run: path, size, mtime, SHA-256, rows read/accepted/quarantined."""
    with connect_duckdb(database, read_only=True) as connection:
        rows = connection.execute(
            """
            select files.extract_name, files.source_file, files.source_path, files.file_bytes, files.sha256,
                   reconciliation.rows_read, reconciliation.rows_accepted, reconciliation.rows_quarantined
            from landing.landing_files as files
            left join audit.landing_reconciliation as reconciliation
                on files.extract_name = reconciliation.extract_name
            order by files.extract_name
            """
        ).fetchall()
    manifest = []
    for extract, file_name, path, size, sha256, read, accepted, quarantined in rows:
        entry = {
            "extract": extract, "file": file_name, "path": path, "size_bytes": size, "sha256": sha256,
            "modified_utc": (stats or {}).get(extract, {}).get("modified_utc"),
            "rows_read": read, "rows_accepted": accepted, "rows_quarantined": quarantined,
        }
        manifest.append(entry)
    return manifest


def export_marts(database: Path, target_dir: Path, run_id: str) -> dict:
    """Every table of schema marts as Parquet, rows in a fixed order: {table: {rows, sha256}}."""
    target_dir.mkdir(parents=True, exist_ok=True)
    exported = {}
    with connect_duckdb(database, read_only=True) as connection:
        tables = [
            row[0] for row in connection.execute(
                "select table_name from information_schema.tables where table_schema = ? order by table_name",
                [MARTS_SCHEMA],
            ).fetchall()
        ]
        for table in tables:
            columns = [
                row[0] for row in connection.execute(
                    "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
                    "order by ordinal_position",
                    [MARTS_SCHEMA, table],
                ).fetchall()
            ]
            person_level = sorted(PERSON_LEVEL_COLUMNS.intersection(column.lower() for column in columns))
            if person_level:
                raise EvidenceError(f"marts.{table} has person-level column(s) {', '.join(person_level)}; not exported")
            path = target_dir / f"{table}.parquet"
            # order by all: a rerun on the same inputs writes the same rows in the same order
            connection.execute(
                f'copy (select * from {MARTS_SCHEMA}."{table}" order by all) to {sql_string(str(path))} '
                f"(format parquet, kv_metadata {{wres_run_id: {sql_string(run_id)}}})"
            )
            rows = connection.execute(f"select count(*) from read_parquet({sql_string(str(path))})").fetchall()[0][0]
            exported[table] = {"rows": rows, "parquet": f"{MARTS_DIR}/{path.name}", "sha256": file_sha256(path)}
    return exported


def write_evidence(settings, stats: dict[str, dict] | None = None) -> dict:
    """Write evidence.json and the marts' Parquet into the run folder; return the evidence."""
    run_dir = settings.run_dir
    run_dir.mkdir(parents=True, exist_ok=True)
    try:
        evidence = {
            "run_id": settings.run_id,
            "recorded_at_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "code": code_version(),
            "versions": tool_versions(),
            "landing": landing_manifest(settings.database, stats),
            "marts": export_marts(settings.database, run_dir / MARTS_DIR, settings.run_id),
        }
    except (duckdb.Error, OSError) as error:
        raise EvidenceError(f"{type(error).__name__}: {error}") from None
    temporary = run_dir / f".{EVIDENCE_FILE}.tmp"
    temporary.write_text(json.dumps(evidence, indent=2))
    os.replace(temporary, run_dir / EVIDENCE_FILE)
    return evidence


def read_evidence(run_dir: Path) -> dict | None:
    try:
        return json.loads((run_dir / EVIDENCE_FILE).read_text())
    except (OSError, ValueError):
        return None
