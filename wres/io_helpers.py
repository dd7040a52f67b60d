"""Small helpers shared by the landing and publication steps."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path


def sql_string(value: object) -> str:
    """A SQL string literal (DuckDB's read_csv, ATTACH and COPY take paths only as literals)."""
    return "'" + str(value).replace("'", "''") + "'"


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 4 MiB blocks, so an auditor can prove which bytes a run used.

    A run hashes each landing file twice over (the freshness check, then the landing manifest), and
    at national scale that is 2 GB each time: the digest is remembered for the same file as long as
    its device, inode, size, modification and change times are unchanged, so the second call reads
    nothing (the change time cannot be set back by a program, so a rewritten file is always read again).
    """
    status = os.stat(path)
    return _sha256_of(str(Path(path).resolve()), status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns,
                      status.st_ctime_ns)


@lru_cache(maxsize=256)
def _sha256_of(path: str, device: int, inode: int, size: int, modified_ns: int, changed_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()
