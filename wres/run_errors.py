"""Faults of the machine rather than of the data, as one-line messages with their own exit codes.

A full or read-only disk, a path that is a file where a folder is needed, a build database held
open by another program: each stops the run with one line naming the path and the problem
(README "Exit codes"), never a traceback. Anything not recognised here is a defect and is
raised as it is.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

# exit codes of `wres run` (0-3 are in wres/pipeline.py; all are listed in the README)
EXIT_RUN_LOCKED = 4  # another wres run holds this database's run lock
EXIT_DATABASE_IN_USE = 5  # another program holds the build database open
EXIT_STORAGE = 6  # a path cannot be used (a file where a folder is needed, ...) or a disk is full / read-only

STORAGE_ERRNOS = {
    errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM,
    errno.ENOTDIR, errno.EISDIR, errno.EEXIST, errno.EIO,
}
# how DuckDB words the same faults (its exceptions carry text, not an errno)
STORAGE_TEXTS = (
    "No space left on device", "Disk quota exceeded", "Read-only file system", "Permission denied",
    "Is a directory", "Not a directory", "Input/output error",
)
DATABASE_LOCK_TEXT = "Could not set lock on file"


def first_line(text: str) -> str:
    return next((line.strip() for line in str(text).splitlines() if line.strip()), "")


def summary_line(text: str) -> str:
    """The one line of a (DuckDB, often multi-line) message that says what went wrong."""
    for line in str(text).splitlines():
        if any(phrase in line for phrase in (*STORAGE_TEXTS, DATABASE_LOCK_TEXT)):
            return line.split("Original error: ", 1)[-1].strip()
    return first_line(text)


def classify(error: BaseException, database: Path) -> tuple[str, int] | None:
    """(one-line message, exit code) for a storage or database-lock fault; None for anything else."""
    if isinstance(error, OSError) and error.errno in STORAGE_ERRNOS:
        where = error.filename if error.filename is not None else "a file of the run"
        return f"cannot write or read {where}: {error.strerror}", EXIT_STORAGE
    return classify_text(str(error), database)


def classify_text(text: str, database: Path) -> tuple[str, int] | None:
    if DATABASE_LOCK_TEXT in text:
        detail = first_line(text[text.index(DATABASE_LOCK_TEXT):])
        return (
            f"the build database {database} is held open by another program ({detail}); close it "
            "(BI tools read the publication, never the build database) and run again",
            EXIT_DATABASE_IN_USE,
        )
    if any(phrase in text for phrase in STORAGE_TEXTS):
        return f"storage problem: {summary_line(text)}", EXIT_STORAGE
    return None


def check_folder_path(folder: Path, label: str) -> str | None:
    """A one-line problem if ``folder`` cannot be a folder (it, or a parent, is a file)."""
    for path in (folder, *folder.parents):
        if path.exists():
            return None if path.is_dir() else f"{label}: {path} is a file, not a folder"
    return None


def check_database_path(database: Path) -> str | None:
    if database.is_dir():
        return f"database {database}: is a folder; --database (WRES_DUCKDB_PATH) must name a DuckDB file"
    return check_folder_path(database.parent, f"database {database}")


def unwritable_ancestor(folder: Path) -> str | None:
    """Why ``folder`` could not be created in its nearest existing parent, or None if it could."""
    parent = next((path for path in folder.parents if path.exists()), None)
    if parent is None or os.access(parent, os.W_OK):
        return None
    if os.statvfs(parent).f_flag & os.ST_RDONLY:
        return f"{parent}: {os.strerror(errno.EROFS)}"
    return f"{parent}: {os.strerror(errno.EACCES)}"
