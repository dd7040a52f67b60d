"""Small helpers shared by the landing and publication steps."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sql_string(value: object) -> str:
    """A SQL string literal (DuckDB's read_csv, ATTACH and COPY take paths only as literals)."""
    return "'" + str(value).replace("'", "''") + "'"


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in 4 MiB blocks, so an auditor can prove which bytes a run used."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()
