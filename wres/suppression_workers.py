"""The suppression engine run for groups of organisations in worker processes (issue 13).

The engine (models/published/suppression/int_indicator_figures_suppressed.py) is single-threaded
Python, and at national scale its two dbt models were the longest steps of the warehouse build
(60 s and 93 s of 233 s, one core busy and the other idle). Every decision of the engine depends
only on the figures of one organisation (its identities, tables, ratio lines and rounds are per
organisation), so the organisations can be decided apart and the decisions put together: the same
decisions, row for row, as one pass over all of them (tests/python/test_suppression_workers.py).

Workers are separate interpreters (`python -m wres.suppression_workers`), not forks of the dbt
process: dbt and DuckDB run threads of their own, and a fork copies whatever lock one of them held.
Each worker reads one task from stdin (the engine's path, the function, its arguments, pickled)
and writes the result, or the error the engine raised, to stdout. Arguments and results are plain
Python values (rows as dicts, thresholds as a dict): the engine's classes live in a module dbt
loads under a name a new interpreter could not import.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import subprocess
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from wres import PROJECT_DIR

# the engine: a dbt Python model, whose functions are plain Python (the WDES model and the workers call them)
ENGINE_PATH = PROJECT_DIR / "models" / "published" / "suppression" / "int_indicator_figures_suppressed.py"
# a few chunks per worker: organisations differ in size, so a worker that finishes early takes
# the next chunk instead of waiting for the largest one
CHUNKS_PER_WORKER = 4
# below this many figures per chunk a worker's start (a new interpreter, the engine loaded: about
# 0.2 s) costs more than it saves: a small trust is decided in the dbt process itself
MIN_ROWS_PER_CHUNK = 20_000


class WorkerFailed(Exception):
    """A worker ended without a result: the engine's error (type name and message) or a crash."""

    def __init__(self, error_type: str, message: str):
        super().__init__(message)
        self.error_type = error_type


def worker_count(configured) -> int:
    """The workers to start: the configured number, or with 0 / unset as many as DuckDB's threads
    (WRES_DUCKDB_THREADS), else one per core."""
    try:
        workers = int(configured or 0)
    except (TypeError, ValueError):
        workers = 0
    if workers <= 0:
        try:
            workers = int(os.environ.get("WRES_DUCKDB_THREADS") or 0)
        except ValueError:
            workers = 0
    return max(1, workers or os.cpu_count() or 1)


def organisation_chunks(rows: list[dict], chunks: int, min_rows: int = MIN_ROWS_PER_CHUNK) -> list[list[dict]]:
    """The rows split into at most `chunks` groups of whole organisations of about equal size and
    at least `min_rows` rows each, as far as whole organisations allow (largest organisation first,
    each to the smallest group so far; ties by org_code, so the split is the same on every run)."""
    chunks = min(chunks, len(rows) // max(1, min_rows))
    by_org: dict = {}
    for row in rows:
        by_org.setdefault(row["org_code"], []).append(row)
    groups: list[list[dict]] = [[] for _ in range(max(1, min(chunks, len(by_org))))]
    for org in sorted(by_org, key=lambda org: (-len(by_org[org]), org)):
        min(groups, key=len).extend(by_org[org])
    return [group for group in groups if group]


def run_tasks(engine_path: Path, function: str, tasks: list[tuple], workers: int) -> list:
    """The engine's `function` applied to each task's arguments, in at most `workers` processes
    at a time; the results in the order of the tasks. The first failure is raised (WorkerFailed)."""

    def run_one(arguments: tuple):
        payload = pickle.dumps((str(engine_path), function, arguments), protocol=pickle.HIGHEST_PROTOCOL)
        completed = subprocess.run([sys.executable, "-m", "wres.suppression_workers"], input=payload,
                                   capture_output=True, check=False)
        try:
            outcome = pickle.loads(completed.stdout)
        except Exception:  # noqa: BLE001 -- a worker killed or crashed wrote no result
            detail = completed.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise WorkerFailed("crash", f"a suppression worker ended with exit code {completed.returncode}: "
                                        f"{detail[0]}") from None
        if "error" in outcome:
            raise WorkerFailed(*outcome["error"])
        return outcome["result"]

    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="suppression") as pool:
        return list(pool.map(run_one, tasks))


def load_engine(path: str | Path = ENGINE_PATH):
    """The engine's module, loaded from its file (dbt loads it as a model, not as a package module):
    by the WDES model, which calls the engine's WDES functions, and by every worker."""
    spec = importlib.util.spec_from_file_location("wres_suppression_engine", path)
    engine = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(engine)
    return engine


def main() -> int:
    engine_path, function, arguments = pickle.loads(sys.stdin.buffer.read())
    try:
        outcome = {"result": getattr(load_engine(engine_path), function)(*arguments)}
    except Exception as error:  # noqa: BLE001 -- every error goes back to the dbt process, named
        outcome = {"error": (type(error).__name__, str(error) or traceback.format_exc())}
    sys.stdout.buffer.write(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
