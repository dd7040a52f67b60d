"""Nightly operations: landing freshness, the static dbt docs of a run, pruning old run folders.

Freshness (before anything is read): a landing file older than ``max_age_days`` (by its modified
time), or byte-identical to the file the last successful run read (same size, then same SHA-256),
is reported. ``action`` says what a finding does: ``warn`` (printed, kept in run.json, the run
goes on) or ``fail`` (the run stops with exit code 2 before anything is written).

Pruning (at the end of every run): run folders beyond the newest ``keep_runs`` or older than
``keep_days`` are deleted, never the current run, the last successful one (the freshness and drift
baseline) nor the one the current publication names. Only folders named like a run id are
touched.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from wres.contract import EXTRACTS
from wres.evidence import read_evidence
from wres.io_helpers import file_sha256

RUN_ID_PATTERN = re.compile(r"^\d{8}T\d{6,12}Z$")
FRESHNESS_ACTIONS = ("warn", "fail")
STATIC_DOCS_FILE = "static_index.html"


@dataclass(frozen=True)
class FreshnessFinding:
    extract: str
    file: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.problem}"


def run_folders(runs_dir: Path) -> list[Path]:
    """Run folders, oldest first (run ids are UTC timestamps, so names sort by time)."""
    if not runs_dir.is_dir():
        return []
    return sorted(path for path in runs_dir.iterdir() if path.is_dir() and RUN_ID_PATTERN.match(path.name))


def run_status(run_dir: Path) -> str | None:
    try:
        return json.loads((run_dir / "run.json").read_text()).get("status")
    except (OSError, ValueError):
        return None


def last_successful_run(runs_dir: Path, before: str | None = None) -> Path | None:
    """The newest run folder whose run succeeded (excluding run id ``before`` and later)."""
    for run_dir in reversed(run_folders(runs_dir)):
        if before is not None and run_dir.name >= before:
            continue
        if run_status(run_dir) == "success":
            return run_dir
    return None


def check_freshness(
    landing_dir: Path, runs_dir: Path, run_id: str, max_age_days: float | None, now: float | None = None
) -> list[FreshnessFinding]:
    """Findings for landing files that are old, or the same bytes as the last successful run read."""
    now = time.time() if now is None else now
    previous_dir = last_successful_run(runs_dir, before=run_id)
    previous = {}
    if previous_dir is not None:
        for entry in (read_evidence(previous_dir) or {}).get("landing", []):
            previous[entry["extract"]] = entry
    findings = []
    for extract in EXTRACTS:
        path = landing_dir / extract.file_name
        if not path.is_file():
            continue  # the landing step names a missing file
        status = path.stat()
        age_days = (now - status.st_mtime) / 86400
        if max_age_days and age_days > max_age_days:
            modified = datetime.fromtimestamp(status.st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
            findings.append(FreshnessFinding(
                extract.name, extract.file_name,
                f"last modified {modified}, {age_days:.0f} days ago (more than {max_age_days:g} days)",
            ))
        before = previous.get(extract.name)
        # same size first: only then is the file read to compare SHA-256
        if before and before.get("size_bytes") == status.st_size and before.get("sha256") == file_sha256(path):
            findings.append(FreshnessFinding(
                extract.name, extract.file_name,
                f"byte-identical to the file the last successful run ({previous_dir.name}) read "
                f"(SHA-256 {before['sha256'][:12]}...)",
            ))
    return findings


def prune_runs(
    runs_dir: Path, keep_runs: int | None, keep_days: float | None, protect: set[str], now: datetime | None = None
) -> list[str]:
    """Delete run folders beyond the newest keep_runs or older than keep_days; return their ids."""
    now = now or datetime.now(timezone.utc)
    folders = run_folders(runs_dir)
    doomed = set()
    if keep_runs is not None and keep_runs >= 0 and len(folders) > keep_runs:
        doomed.update(path.name for path in folders[: len(folders) - keep_runs])
    if keep_days:
        cutoff = now - timedelta(days=keep_days)
        for path in folders:
            started = run_started(path.name)
            if started is not None and started < cutoff:
                doomed.add(path.name)
    deleted = []
    for path in folders:
        if path.name in doomed and path.name not in protect:
            shutil.rmtree(path, ignore_errors=True)
            deleted.append(path.name)
    return deleted


def run_started(run_id: str) -> datetime | None:
    for pattern in ("%Y%m%dT%H%M%S%fZ", "%Y%m%dT%H%M%SZ"):
        try:
            return datetime.strptime(run_id, pattern).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    return None


def generate_static_docs(database: Path, run_dir: Path) -> Path:
    """`dbt docs generate --static --no-compile` from the run's manifest; keep static_index.html.

    --no-compile reuses the manifest the run's build left in the target folder (its compiled SQL
    included) instead of compiling the project again; only the catalog (column names and types,
    no statistics, no rows) is read from the database.
    """
    import os

    from wres import PROJECT_DIR
    from wres.dbt_runner import run_dbt

    outcome = run_dbt(["docs", "generate", "--static", "--no-compile"], database)
    target_path = Path(os.environ.get("WRES_DBT_TARGET_PATH", PROJECT_DIR / "target"))
    page = target_path / STATIC_DOCS_FILE
    if not outcome.success or not page.is_file():
        raise RuntimeError("; ".join(outcome.failures) or "dbt docs generate wrote no static_index.html")
    run_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(page, run_dir / STATIC_DOCS_FILE)
    return run_dir / STATIC_DOCS_FILE
