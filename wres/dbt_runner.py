"""Invoke dbt in-process against the repository's project and profile."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from wres import PROJECT_DIR
from wres.settings import DUCKDB_SETTINGS_ENV, duckdb_config


@dataclass(frozen=True)
class DbtOutcome:
    success: bool
    failures: list[str]  # "model.wres.x: message" for every node that errored or failed


def run_dbt(args: list[str], database: Path, run_dir: Path | None = None) -> DbtOutcome:
    """Run one dbt command; copy its run_results.json and manifest into run_dir when given."""
    from dbt.cli.main import dbtRunner  # imported late: dbt's import costs a second or two

    os.environ["WRES_DUCKDB_PATH"] = str(database)
    # profiles.yml reads DuckDB's memory limit, threads and spill folder from these: the same values
    # as every other connection of the run (wres/settings.py), defaults resolved for this database,
    # set for this dbt call only
    config = duckdb_config(database)
    config.setdefault("threads", os.cpu_count() or 1)
    configured = {variable: os.environ.get(variable) for variable in DUCKDB_SETTINGS_ENV.values()}
    os.environ.update({variable: str(config[name]) for name, variable in DUCKDB_SETTINGS_ENV.items()})
    # Overridable so that two builds on one checkout (tests, a developer's run) keep apart.
    target_path = Path(os.environ.get("WRES_DBT_TARGET_PATH", PROJECT_DIR / "target"))
    log_path = Path(os.environ.get("WRES_DBT_LOG_PATH", PROJECT_DIR / "logs"))
    try:
        result = dbtRunner().invoke(
            [
                *args,
                "--project-dir", str(PROJECT_DIR),
                "--profiles-dir", str(PROJECT_DIR),
                "--target-path", str(target_path),
                "--log-path", str(log_path),
            ]
        )
    finally:
        _release_database()
        for variable, value in configured.items():
            if value is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = value
    failures = []
    for node_result in getattr(result.result, "results", None) or []:
        status = str(getattr(node_result, "status", "")).lower()
        if status in {"error", "fail", "runtimeerror"}:
            node = getattr(node_result, "node", None)
            name = getattr(node, "unique_id", "?")
            failures.append(f"{name}: {(node_result.message or '').strip()}")
    if result.exception is not None:
        failures.append(f"dbt: {result.exception}")
    if run_dir is not None:
        run_dir.mkdir(parents=True, exist_ok=True)
        for artefact in ("run_results.json", "manifest.json"):
            if (target_path / artefact).exists():
                shutil.copy2(target_path / artefact, run_dir / artefact)
    return DbtOutcome(success=bool(result.success), failures=failures)


def _release_database() -> None:
    """Close the DuckDB database dbt-duckdb keeps open in this process after a command.

    dbt-duckdb holds one process-wide DuckDB instance between invocations; while it is open,
    DuckDB refuses a second connection with another configuration (read-only, as the landing
    step, validation and publication open it) and keeps the file locked. Closing it here makes
    every dbt call leave the database as it found it: closed.
    """
    import gc

    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        environment = DuckDBConnectionManager._ENV
        if environment is not None:
            environment.close()
        DuckDBConnectionManager._ENV = None
    gc.collect()
