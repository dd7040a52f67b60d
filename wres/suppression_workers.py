"""The suppression engine run for groups of organisations in worker processes (issue 13).

The engine (models/published/suppression/int_indicator_figures_suppressed.py) is single-threaded
Python, and at national scale its two dbt models were the longest steps of the warehouse build
(60 s and 93 s of 233 s, one core busy and the other idle). Every decision of the engine depends
only on the figures of one organisation (its identities, tables, ratio lines and rounds are per
organisation), so the organisations can be decided apart and the decisions put together: the same
decisions, row for row, as one pass over all of them (tests/python/test_suppression_workers.py).

Workers are separate interpreters (`python -m wres.suppression_workers`), not forks of the dbt
process: dbt and DuckDB run threads of their own, and a fork copies whatever lock one of them held.
Each worker reads tasks from stdin one after another (the engine's path, the function, its
arguments, pickled, each preceded by its length) and writes each result, or the error the engine
raised, to stdout the same way, until stdin closes. Arguments and results are plain Python values
(rows as dicts, thresholds as a dict): the engine's classes live in a module dbt loads under a
name a new interpreter could not import.

The tasks are small (a few organisations each) and a worker that is done asks for the next: the
cost of an organisation is not known before it is decided (at 40 organisations of the same size,
0.05 to 0.37 CPU-s each, by how many rounds its complements take), so chunks of equal rows were
uneven (2.4 and 3.3 CPU-s); a worker is started once, not once per task (its imports, numpy and
HiGHS, are about 0.2 s).
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import struct
import subprocess
import sys
import tempfile
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from wres import PROJECT_DIR

# the engine: a dbt Python model, whose functions are plain Python (the WDES model and the workers call them)
ENGINE_PATH = PROJECT_DIR / "models" / "published" / "suppression" / "int_indicator_figures_suppressed.py"
# tasks per worker: organisations differ in cost, so a worker that finishes early takes the next
# task instead of waiting for the dearest one (a task costs a pickle each way, a few milliseconds)
CHUNKS_PER_WORKER = 8
# below this many figures per worker a worker's start (a new interpreter, the engine loaded: about
# 0.2 s) costs more than it saves: a small trust is decided in the dbt process itself
MIN_ROWS_PER_CHUNK = 20_000
# each message on a worker's pipes: its length, then the pickle
_LENGTH = struct.Struct("<Q")


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


def _send(stream, value) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def _receive(stream):
    """The next message, or None at the end of the stream (a worker that ended or was killed)."""
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(header)
    payload = stream.read(length)
    if len(payload) < length:
        return None
    return pickle.loads(payload)


def run_tasks(engine_path: Path, function: str, tasks: list[tuple], workers: int) -> list:
    """The engine's `function` applied to each task's arguments, in at most `workers` processes,
    each taking the next task when it is done with one; the results in the order of the tasks.
    The first failure is raised (WorkerFailed) and no further task is started."""
    results: list = [None] * len(tasks)
    pending = list(range(len(tasks)))[::-1]  # popped from the end: the tasks in order
    lock = threading.Lock()
    failures: list = []

    def next_task():
        with lock:
            return None if failures or not pending else pending.pop()

    def serve() -> None:
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen([sys.executable, "-m", "wres.suppression_workers"],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)
            try:
                while (index := next_task()) is not None:
                    try:
                        _send(process.stdin, (str(engine_path), function, tasks[index]))
                        outcome = _receive(process.stdout)
                    except (BrokenPipeError, OSError):
                        outcome = None
                    if outcome is None:  # a worker killed or crashed wrote no result
                        process.stdin.close()
                        code = process.wait()
                        errors.seek(0)
                        detail = errors.read().decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
                        raise WorkerFailed("crash", f"a suppression worker ended with exit code {code}: {detail[0]}")
                    if "error" in outcome:
                        raise WorkerFailed(*outcome["error"])
                    results[index] = outcome["result"]
            except WorkerFailed as failure:
                with lock:
                    failures.append((index, failure))
            finally:
                if not process.stdin.closed:
                    process.stdin.close()  # the worker's end of input: it exits
                process.wait()
                process.stdout.close()

    threads = max(1, min(workers, len(tasks)))
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="suppression") as pool:
        for done in [pool.submit(serve) for _ in range(threads)]:
            done.result()
    if failures:
        raise min(failures, key=lambda failure: failure[0])[1]  # the first task's failure, as in order
    return results


def load_engine(path: str | Path = ENGINE_PATH):
    """The engine's module, loaded from its file (dbt loads it as a model, not as a package module):
    by the WDES model, which calls the engine's WDES functions, and by every worker."""
    spec = importlib.util.spec_from_file_location("wres_suppression_engine", path)
    engine = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(engine)
    return engine


def main() -> int:
    engines: dict = {}
    while (task := _receive(sys.stdin.buffer)) is not None:
        engine_path, function, arguments = task
        try:
            if engine_path not in engines:
                engines[engine_path] = load_engine(engine_path)
            outcome = {"result": getattr(engines[engine_path], function)(*arguments)}
        except Exception as error:  # noqa: BLE001 -- every error goes back to the dbt process, named
            outcome = {"error": (type(error).__name__, str(error) or traceback.format_exc())}
        _send(sys.stdout.buffer, outcome)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
