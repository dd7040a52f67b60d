"""Checks shared by the publication and fault tests: is a publication whole, of one run, and is
the publish folder free of litter; a small tmpfs to fill a disk or make it read-only."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import uuid
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from wres import publish


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_ids_of(folder: Path) -> set[str]:
    """Every run id one publication folder names: manifest, DuckDB file, each Parquet file."""
    manifest = json.loads((folder / publish.MANIFEST_FILE).read_text())
    ids = {manifest["run_id"]}
    with duckdb.connect() as connection:
        for path in sorted(folder.glob("*.parquet")):
            ids |= {value.decode() for (value,) in connection.execute(
                "select value from parquet_kv_metadata(?) where key = 'wres_run_id'", [str(path)]).fetchall()}
    with duckdb.connect(str(folder / publish.DATABASE_FILE), read_only=True) as connection:
        ids |= {run_id for (run_id,) in connection.execute("select distinct run_id from published.publication").fetchall()}
    return ids


def assert_publication_intact(publish_dir: Path, run_id: str) -> Path:
    """`current` leads to run_id's folder, whose every file is of that run and matches the manifest."""
    folder = publish.current_publication_dir(publish_dir)
    assert folder == (publish_dir / publish.PUBLICATIONS_DIR / run_id).resolve(), f"current is {folder.name}"
    manifest = json.loads((folder / publish.MANIFEST_FILE).read_text())
    assert run_ids_of(folder) == {run_id}
    assert manifest["database"]["sha256"] == sha256(folder / publish.DATABASE_FILE)
    for table, entry in manifest["tables"].items():
        assert entry["parquet_sha256"] == sha256(folder / entry["parquet"]), table
    assert {path.name for path in folder.iterdir()} == {
        publish.DATABASE_FILE, publish.MANIFEST_FILE, *(entry["parquet"] for entry in manifest["tables"].values())}
    return folder


def snapshot(directory: Path) -> dict:
    """Every entry under the folder: a link's target, a file's bytes, mtime and inode."""
    state = {}
    for path in sorted(directory.rglob("*")):
        name = str(path.relative_to(directory))
        if path.is_symlink():
            state[name] = ("link", str(path.readlink()))
        elif path.is_file():
            stat = path.stat()
            state[name] = (sha256(path), stat.st_mtime_ns, stat.st_ino)
    return state


def litter(publish_dir: Path) -> list[str]:
    """Names in the publish folder that no finished publication explains."""
    names = [path.name for path in publish_dir.iterdir() if path.name.startswith(".") and path.name != publish.LOCK_FILE]
    publications = publish_dir / publish.PUBLICATIONS_DIR
    if publications.is_dir():
        names += [f"publications/{path.name}" for path in publications.iterdir()
                  if path.name.startswith(".") or not (path / publish.MANIFEST_FILE).is_file()]
    return names


@contextmanager
def small_disk(path: Path, size: str, read_only: bool = False):
    """A tmpfs of `size` mounted on `path` (root only): a disk to fill, or a read-only one."""
    path.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if read_only else "")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, f"wres-test-{uuid.uuid4().hex[:8]}", str(path)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here to fill a disk ({mounted.stderr.strip() or 'mount failed'})")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(disk: Path) -> None:
    """Write zeros on `disk` until it has no block left."""
    descriptor = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(descriptor, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(descriptor)
