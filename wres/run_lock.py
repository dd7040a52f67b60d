"""One run at a time per build database: a lock file beside it, held with flock.

A second ``wres run`` on the same database stops at once (exit 4) naming the run that holds it,
instead of failing half-way on DuckDB's file lock. The lock is ``fcntl.flock`` on
``<database>.lock``: the kernel releases it when the holding process ends, however it ends
(``kill -9`` included), so a killed run never blocks the next one. The file itself says who holds
the lock (pid, run id, start time); a run that finds it unlocked but still naming another run
knows that run was killed, says so, and takes the lock over.

flock is reliable on local file systems; keep the build database on one (as DuckDB itself needs).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path


class RunLockBusy(Exception):
    """Another live process holds the run lock of this database."""


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def _holder(descriptor: int) -> dict:
    os.lseek(descriptor, 0, os.SEEK_SET)
    text = os.read(descriptor, 4096).decode("utf-8", "replace").strip()
    try:
        holder = json.loads(text) if text else {}
    except ValueError:
        holder = {}
    return holder if isinstance(holder, dict) else {}


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _describe(holder: dict) -> str:
    if not holder:
        return "another process"
    return f"run {holder.get('run_id', '?')} (pid {holder.get('pid', '?')}, started {holder.get('started_at_utc', '?')} UTC)"


@contextmanager
def run_lock(database: Path, run_id: str, say: Callable[[str], None] = print) -> Iterator[Path]:
    """Hold the run lock of ``database`` for the body; raise RunLockBusy if a live run holds it."""
    path = lock_path(database)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunLockBusy(
                f"{database} is in use by another wres run: {_describe(_holder(descriptor))} holds {path}; "
                "wait for it to finish (a killed run's lock is released by the system and taken over)"
            ) from None
        left = _holder(descriptor)
        if left.get("pid") not in (None, os.getpid()):
            state = "no longer running" if not _alive(left.get("pid")) else "its lock was released"
            say(f"    took over the run lock left by {_describe(left)}: {state} (killed?)")
        os.ftruncate(descriptor, 0)
        os.lseek(descriptor, 0, os.SEEK_SET)
        started = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")
        os.write(descriptor, json.dumps({"pid": os.getpid(), "run_id": run_id, "started_at_utc": started}).encode())
        os.fsync(descriptor)
        try:
            yield path
        finally:
            # a run that ends normally leaves the file empty: only a killed run leaves its name in it
            os.ftruncate(descriptor, 0)
    finally:
        os.close(descriptor)  # releases the flock
