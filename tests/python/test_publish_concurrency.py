"""Publication never blocks and never half-publishes, proven with other processes.

1. A reader (another process) holding the published DuckDB file open read-only keeps reading the
   same, whole previous publication while a new one is published; it is not blocked.
2. The publishing run (another process) is not blocked by that reader.
3. A failed run, or a publication that fails half-way, leaves the previous publication exactly as
   it was (same bytes, same files, no temporary files), also while a reader holds it open.

The build databases here are small hand-made ones with a `published` schema, so the tests
exercise wres/publish.py directly and fast; the demo run's publication is checked in
test_publish_tier.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from wres import PROJECT_DIR, publish

ROWS = 200_000

READER = textwrap.dedent(
    """
    import json, sys, duckdb
    connection = duckdb.connect(sys.argv[1], read_only=True)

    def look():
        run_id = connection.execute("select distinct run_id from published.publication").fetchall()
        total, rows = connection.execute(
            "select sum(marker * i), count(*) from published.wres_indicators").fetchall()[0]
        return {"run_ids": [r[0] for r in run_id], "checksum": int(total), "rows": rows}

    print(json.dumps(look()), flush=True)
    for line in sys.stdin:          # every line: look again, through the same open connection
        print(json.dumps(look()), flush=True)
    connection.close()
    """
)

PUBLISHER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from wres.publish import publish
    publication = publish(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
    print(publication.run_id, flush=True)
    """
)


def make_build(path: Path, marker: int) -> None:
    """A build database whose published tier carries a marker in every row."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema if not exists published")
        connection.execute(
            f"create or replace table published.wres_indicators as "
            f"select i, {marker} as marker from range({ROWS}) as t(i)"
        )
        connection.execute(
            f"create or replace table published.wres_summary as select 'R1A' as org_code, {marker} as marker"
        )


def checksum(marker: int) -> int:
    return marker * ROWS * (ROWS - 1) // 2


def snapshot(directory: Path) -> dict:
    """Every file of the folder: bytes, modification time and inode (a replaced file has a new one)."""
    state = {}
    for path in sorted(directory.iterdir()):
        stat = path.stat()
        state[path.name] = (hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns, stat.st_ino)
    return state


def python(*args: str, **kwargs) -> subprocess.Popen:
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_DIR)}
    return subprocess.Popen([sys.executable, *args], cwd=PROJECT_DIR, env=environment, text=True, **kwargs)


@pytest.fixture()
def published(tmp_path) -> tuple[Path, Path]:
    build, publish_dir = tmp_path / "build.duckdb", tmp_path / "publish"
    make_build(build, marker=1)
    publish.publish(build, publish_dir, "run-1")
    return build, publish_dir


def start_reader(publish_dir: Path) -> tuple[subprocess.Popen, dict]:
    reader = python("-c", READER, str(publish_dir / publish.DATABASE_FILE),
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    first = json.loads(reader.stdout.readline())
    return reader, first


def look_again(reader: subprocess.Popen) -> dict:
    reader.stdin.write("again\n")
    reader.stdin.flush()
    return json.loads(reader.stdout.readline())


def test_reader_keeps_its_publication_and_the_run_is_not_blocked(published):
    build, publish_dir = published
    reader, first = start_reader(publish_dir)
    try:
        assert first == {"run_ids": ["run-1"], "checksum": checksum(1), "rows": ROWS}

        # the next night's run, in its own process, while the reader holds the file open
        make_build(build, marker=2)
        publisher = python("-c", PUBLISHER, str(build), str(publish_dir), "run-2", stdout=subprocess.PIPE)
        output, _ = publisher.communicate(timeout=120)
        assert publisher.returncode == 0 and output.strip() == "run-2"
        assert reader.poll() is None, "the reader should still be running, holding the old file"

        # the reader still sees the whole previous publication, through its open connection
        assert look_again(reader) == first
        # a new connection sees the new one
        with duckdb.connect(str(publish_dir / publish.DATABASE_FILE), read_only=True) as connection:
            assert connection.execute("select distinct run_id from published.publication").fetchall() == [("run-2",)]
            assert connection.execute("select sum(marker * i) from published.wres_indicators").fetchall()[0][0] \
                == checksum(2)
        assert json.loads((publish_dir / publish.MANIFEST_FILE).read_text())["run_id"] == "run-2"
        parquet = publish_dir / "wres_indicators.parquet"
        with duckdb.connect() as connection:
            assert connection.execute(
                "select sum(marker * i) from read_parquet(?)", [str(parquet)]).fetchall()[0][0] == checksum(2)
            assert connection.execute(
                "select value from parquet_kv_metadata(?) where key = 'wres_run_id'", [str(parquet)]
            ).fetchall() == [(b"run-2",)]
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
    assert reader.returncode == 0
    assert not [path.name for path in publish_dir.iterdir() if path.name.startswith(".")], "temporary files left"


def test_failed_run_leaves_the_previous_publication_exactly_as_it_was(published, tmp_path):
    build, publish_dir = published
    before = snapshot(publish_dir)
    reader, first = start_reader(publish_dir)
    try:
        # a run that fails (here on bad input: the landing folder lacks the extracts), in its own process
        empty_landing = tmp_path / "landing"
        empty_landing.mkdir()
        run = python("-m", "wres.cli", "run", "--landing", str(empty_landing), "--database", str(tmp_path / "x.duckdb"),
                     "--publish-dir", str(publish_dir), "--runs-dir", str(tmp_path / "runs"), stdout=subprocess.PIPE)
        output, _ = run.communicate(timeout=120)
        assert run.returncode != 0
        assert "Nothing was published" in output
        assert snapshot(publish_dir) == before
        assert look_again(reader) == first
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)


def test_publication_failing_half_way_changes_nothing(published, monkeypatch):
    build, publish_dir = published
    before = snapshot(publish_dir)
    make_build(build, marker=3)

    # every temporary file is written; then the run fails before the first rename
    def disk_error(path):
        raise OSError(f"simulated I/O error on {path.name}")

    monkeypatch.setattr(publish, "file_sha256", disk_error)
    with pytest.raises(publish.PublishError, match="simulated I/O error"):
        publish.publish(build, publish_dir, "run-3")
    assert snapshot(publish_dir) == before  # no temporary file left either


def test_publication_of_an_empty_tier_is_refused(tmp_path, published):
    _, publish_dir = published
    before = snapshot(publish_dir)
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(publish.PublishError, match="no tables"):
        publish.publish(empty, publish_dir, "run-4")
    assert snapshot(publish_dir) == before


def test_published_file_is_in_a_storage_format_duckdb_1_reads(published):
    """DuckDB 1.x reads storage versions 64-68 (a 2.0-format file is refused, architecture.md);
    STORAGE_VERSION 'v1.0.0' writes version 64. The version number sits after the 'DUCK' magic
    bytes of the main header (checked by hand with DuckDB 1.1.3 as well, docs/publishing.md)."""
    _, publish_dir = published
    header = (publish_dir / publish.DATABASE_FILE).read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    assert int.from_bytes(header[12:20], "little") == 64
