"""Run settings: command-line flags win, then environment variables (for schedulers), then defaults.

Defaults run the bundled demo data into git-ignored folders under ``build/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from wres import PROJECT_DIR

DEFAULT_LANDING_DIR = PROJECT_DIR / "seeds" / "demo"
DEFAULT_BUILD_DIR = PROJECT_DIR / "build"


@dataclass(frozen=True)
class Settings:
    landing_dir: Path
    database: Path
    publish_dir: Path
    runs_dir: Path
    run_id: str
    keep_publications: int = 3  # publications kept in <publish_dir>/publications (the current one included)
    # the trust's deliverables (wres/report, wres/submission_return.py; README "The report and the return")
    report_dir: Path = DEFAULT_BUILD_DIR / "report"
    return_dir: Path = DEFAULT_BUILD_DIR / "return"
    narrative_dir: Path = DEFAULT_BUILD_DIR / "narratives"
    write_deliverables: bool = True  # off: `wres run --no-report` / WRES_REPORT=off
    # nightly operations (wres/nightly.py); defaults keep a developer's `make run` quiet and bounded
    landing_max_age_days: float | None = 7.0  # a landing file older than this is reported; 0/None: never
    freshness_action: str = "warn"  # warn | fail: what an old or unchanged landing file does
    keep_runs: int | None = 30  # run folders kept (the newest); None: no limit
    keep_run_days: float | None = None  # run folders older than this are deleted; None: no limit

    @property
    def run_dir(self) -> Path:
        """Where this run's records (dbt results, validation results, log) are kept."""
        return self.runs_dir / self.run_id


# DuckDB's resources (issue 13; README "Scale"). DuckDB holds at most memory_limit of data and
# spills the rest of a large join, sort or aggregate to temp_directory instead of growing; threads
# is how many cores one query uses. `wres run`'s flags set these environment variables, so that
# the landing step, dbt (profiles.yml `config_options:`), the checks and the publication -- every DuckDB
# database the run opens -- read the same three values.
DUCKDB_SETTINGS_ENV = {
    "memory_limit": "WRES_DUCKDB_MEMORY_LIMIT",
    "threads": "WRES_DUCKDB_THREADS",
    "temp_directory": "WRES_DUCKDB_TEMP_DIRECTORY",
}
# Leaves room under 2 GiB for the Python process (dbt, Great Expectations, pandas) around DuckDB.
DEFAULT_DUCKDB_MEMORY_LIMIT = "1GB"


def set_duckdb_settings(memory_limit: str | None = None, threads: int | None = None,
                        temp_directory: str | None = None) -> None:
    """Command-line flags win over the environment: write them into it, where every connection reads them."""
    for name, value in (("memory_limit", memory_limit), ("threads", threads), ("temp_directory", temp_directory)):
        if value is not None:
            os.environ[DUCKDB_SETTINGS_ENV[name]] = str(value)
    duckdb_config()  # a bad value is named now, before the run starts


def duckdb_config(database: Path | str | None = None) -> dict[str, str | int]:
    """The configuration of a DuckDB connection: memory limit, threads and spill folder from the
    environment, else the defaults (1GB; one thread per core; DuckDB's own ``<database>.tmp``)."""
    config: dict[str, str | int] = {
        "memory_limit": os.environ.get("WRES_DUCKDB_MEMORY_LIMIT", "").strip() or DEFAULT_DUCKDB_MEMORY_LIMIT,
    }
    threads = _number(None, "WRES_DUCKDB_THREADS", None, int)
    if threads is not None:
        if threads < 1:
            raise SettingError(f"WRES_DUCKDB_THREADS={threads!r} must be at least 1")
        config["threads"] = threads
    temp_directory = os.environ.get("WRES_DUCKDB_TEMP_DIRECTORY", "").strip()
    if temp_directory:
        config["temp_directory"] = str(Path(temp_directory).expanduser().resolve())
    elif database is not None and str(database) != ":memory:":
        config["temp_directory"] = str(database) + ".tmp"
    return config


def connect_duckdb(database: Path | str | None = None, read_only: bool = False):
    """duckdb.connect with the run's DuckDB settings (an in-memory database when none is given)."""
    import duckdb

    target = str(database) if database is not None else ":memory:"
    return duckdb.connect(target, read_only=read_only, config=duckdb_config(database))


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def resolve(
    landing_dir: str | None = None,
    database: str | None = None,
    publish_dir: str | None = None,
    runs_dir: str | None = None,
    keep_publications: int | None = None,
    report_dir: str | None = None,
    return_dir: str | None = None,
    narrative_dir: str | None = None,
    no_report: bool = False,
    landing_max_age_days: float | None = None,
    freshness_action: str | None = None,
    keep_runs: int | None = None,
    keep_run_days: float | None = None,
) -> Settings:
    def pick(flag: str | None, env: str, default: Path) -> Path:
        value = flag or os.environ.get(env)
        return Path(value).expanduser().resolve() if value else default

    return Settings(
        landing_dir=pick(landing_dir, "WRES_LANDING_DIR", DEFAULT_LANDING_DIR),
        database=pick(database, "WRES_DUCKDB_PATH", DEFAULT_BUILD_DIR / "wres.duckdb"),
        publish_dir=pick(publish_dir, "WRES_PUBLISH_DIR", DEFAULT_BUILD_DIR / "publish"),
        runs_dir=pick(runs_dir, "WRES_RUNS_DIR", DEFAULT_BUILD_DIR / "runs"),
        run_id=new_run_id(),
        keep_publications=_keep_publications(keep_publications),
        report_dir=pick(report_dir, "WRES_REPORT_DIR", DEFAULT_BUILD_DIR / "report"),
        return_dir=pick(return_dir, "WRES_RETURN_DIR", DEFAULT_BUILD_DIR / "return"),
        narrative_dir=pick(narrative_dir, "WRES_NARRATIVE_DIR", DEFAULT_BUILD_DIR / "narratives"),
        write_deliverables=not no_report and os.environ.get("WRES_REPORT", "on").strip().lower() not in ("off", "0", "no", "false"),
        landing_max_age_days=_number(landing_max_age_days, "WRES_LANDING_MAX_AGE_DAYS", 7.0, float),
        freshness_action=_choice(freshness_action, "WRES_FRESHNESS_ACTION", "warn", ("warn", "fail")),
        keep_runs=_number(keep_runs, "WRES_KEEP_RUNS", 30, int),
        keep_run_days=_number(keep_run_days, "WRES_KEEP_RUN_DAYS", None, float),
    )


class SettingError(ValueError):
    """A setting from the environment that cannot be used (the message names the variable)."""


def _number(flag, env: str, default, kind):
    if flag is not None:
        return flag
    text = os.environ.get(env, "").strip()
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        raise SettingError(f"{env}={text!r} is not a number") from None
    if value < 0:
        raise SettingError(f"{env}={text!r} must not be negative")
    return value


def _choice(flag, env: str, default: str, choices: tuple[str, ...]) -> str:
    value = (flag or os.environ.get(env, "") or default).strip().lower()
    if value not in choices:
        raise SettingError(f"{env}={value!r}: expected one of {', '.join(choices)}")
    return value


def _keep_publications(flag: int | None) -> int:
    value = flag if flag is not None else os.environ.get("WRES_KEEP_PUBLICATIONS", "3")
    try:
        keep = int(value)
    except ValueError:
        keep = 0
    if keep < 1:
        raise ValueError(f"keep publications must be a whole number of at least 1 (the current one), got {value!r}")
    return keep
