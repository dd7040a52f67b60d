"""Publication never blocks, never half-publishes, and leaves no litter, proven with other processes.

1. A reader (another process) holding the published DuckDB file open read-only keeps reading the
   same, whole previous publication while a new one is published; it is not blocked.
2. The publishing run (another process) is not blocked by that reader.
3. A failed run, or a publication that fails half-way, leaves the previous publication exactly as
   it was (same bytes, same files, no temporary files), also while a reader holds it open.
4. A reader of the whole Parquet set, resolving ``current`` once per read, sees one run id per read
   while publications follow one another.
5. Older publications are pruned beyond ``keep``; unfinished folders and temporary links left by
   killed runs are removed; the files of the layout before ``publications/`` go only once
   ``current`` exists.
6. A full publish disk fails the run with the storage exit code, leaving the previous publication.

The build databases here are small hand-made ones with a `published` schema, so the tests
exercise wres/publish.py directly and fast; the demo run's publication is checked in
test_publish_tier.py, and real runs killed with ``kill -9`` in test_run_kills.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from publication_checks import assert_publication_intact, litter, run_ids_of, small_disk, snapshot
from wres import PROJECT_DIR, publish
from wres.pipeline import RunFailed
from wres.run_errors import EXIT_STORAGE

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
    reader = python("-c", READER, str(publish_dir / publish.CURRENT_LINK / publish.DATABASE_FILE),
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
        with duckdb.connect(str(publish_dir / "current" / publish.DATABASE_FILE), read_only=True) as connection:
            assert connection.execute("select distinct run_id from published.publication").fetchall() == [("run-2",)]
            assert connection.execute("select sum(marker * i) from published.wres_indicators").fetchall()[0][0] \
                == checksum(2)
        assert json.loads((publish_dir / "current" / publish.MANIFEST_FILE).read_text())["run_id"] == "run-2"
        parquet = publish_dir / "current" / "wres_indicators.parquet"
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
    assert litter(publish_dir) == []
    assert sorted(path.name for path in (publish_dir / publish.PUBLICATIONS_DIR).iterdir()) == ["run-1", "run-2"]
    assert_publication_intact(publish_dir, "run-2")


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
    header = (publish.current_publication_dir(publish_dir) / publish.DATABASE_FILE).read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    assert int.from_bytes(header[12:20], "little") == 64


PARQUET_SET_READER = textwrap.dedent(
    """
    import json, sys, duckdb
    from wres.publish import current_publication_dir

    def read_the_set():
        folder = current_publication_dir(sys.argv[1])   # resolved once: every file from one folder
        ids = set()
        with duckdb.connect() as connection:
            for path in sorted(folder.glob("*.parquet")):
                ids |= {v.decode() for (v,) in connection.execute(
                    "select value from parquet_kv_metadata(?) where key = 'wres_run_id'", [str(path)]).fetchall()}
                connection.execute("select count(*) from read_parquet(?)", [str(path)]).fetchall()
        return sorted(ids)

    for line in sys.stdin:          # each line: read the whole set again and say what it held
        print(json.dumps(read_the_set()), flush=True)
    """
)


def test_a_reader_of_the_parquet_set_sees_one_run_per_read_during_publishes(published, tmp_path):
    build, publish_dir = published
    reader = python("-c", PARQUET_SET_READER, str(publish_dir), stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def read_once() -> list[str]:
        reader.stdin.write("read\n")
        reader.stdin.flush()
        return json.loads(reader.stdout.readline())

    try:
        reads = [read_once()]
        for number in range(2, 7):
            make_build(build, marker=number)
            publisher = python("-c", PUBLISHER, str(build), str(publish_dir), f"run-{number}", stdout=subprocess.PIPE)
            while publisher.poll() is None:  # read the set again and again while the other process publishes
                reads.append(read_once())
            assert publisher.wait() == 0
        reads.append(read_once())
    finally:
        reader.stdin.close()
        reader.wait(timeout=60)
    assert all(len(run_ids) == 1 for run_ids in reads), [r for r in reads if len(r) != 1]
    assert reads[0] == ["run-1"] and reads[-1] == ["run-6"]
    # kept: the current publication and the two before it
    assert sorted(path.name for path in (publish_dir / publish.PUBLICATIONS_DIR).iterdir()) == ["run-4", "run-5", "run-6"]
    assert litter(publish_dir) == []


def test_older_publications_are_pruned_and_killed_runs_litter_removed(published):
    build, publish_dir = published
    publications = publish_dir / publish.PUBLICATIONS_DIR
    # what killed runs leave: an unfinished folder, a finished one never made current, a temporary
    # link of the switch, and the temporary files of the layout before publications/
    (publications / ".run-x.tmp").mkdir()
    (publications / ".run-x.tmp" / "wres_indicators.parquet").write_bytes(b"half")
    (publications / "run-y").mkdir()
    (publications / "run-y" / publish.MANIFEST_FILE).write_text('{"run_id": "run-y"}')
    (publish_dir / ".current.run-y.tmp").symlink_to("publications/run-y")
    (publish_dir / ".wres_indicators.parquet.run-z.tmp").write_bytes(b"old layout")
    (publish_dir / ".wres_published.duckdb.run-z.tmp.wal").write_bytes(b"old layout")
    assert len(litter(publish_dir)) == 4

    make_build(build, marker=2)
    publication = publish.publish(build, publish_dir, "run-2", keep=2)
    assert litter(publish_dir) == [] and not (publications / "run-y").exists()
    assert {path.name for path in publication.removed} >= {".run-x.tmp", "run-y", ".current.run-y.tmp"}
    for number in (3, 4):
        make_build(build, marker=number)
        publish.publish(build, publish_dir, f"run-{number}", keep=2)
    assert sorted(path.name for path in publications.iterdir()) == ["run-3", "run-4"]
    assert json.loads((publications / "run-4" / publish.MANIFEST_FILE).read_text())["previous_run_id"] == "run-3"
    assert_publication_intact(publish_dir, "run-4")


def make_old_layout(publish_dir: Path, build: Path) -> dict:
    """A publish folder as the layout before publications/ left it: the files directly in it,
    and the temporary files a killed publication of that layout left behind."""
    staging = publish_dir.parent / "staging"
    publish.publish(build, staging, "run-old")
    for path in publish.current_publication_dir(staging).iterdir():
        (publish_dir / path.name).write_bytes(path.read_bytes())
    (publish_dir / ".wres_summary.parquet.run-killed.tmp").write_bytes(b"left by a kill")
    return snapshot(publish_dir)


def test_the_old_layout_goes_only_once_current_exists(tmp_path, monkeypatch):
    build, publish_dir = tmp_path / "build.duckdb", tmp_path / "publish"
    publish_dir.mkdir()
    make_build(build, marker=1)
    before = make_old_layout(publish_dir, build)
    old_files = {name for name in before if not name.startswith(".")}
    assert publish.current_publication_dir(publish_dir) == publish_dir  # old readers' path still works

    # a publication failing at the switch: the old files stay, readers keep them
    def no_switch(*_):
        raise OSError(28, "No space left on device", str(publish_dir / "current"))

    monkeypatch.setattr(publish, "_switch_current", no_switch)
    with pytest.raises(publish.PublishError, match="No space left"):
        publish.publish(build, publish_dir, "run-1")
    assert {name for name in snapshot(publish_dir) if not name.startswith(".")} == old_files
    assert not (publish_dir / "current").exists() and not list((publish_dir / "publications").iterdir())
    monkeypatch.undo()

    publication = publish.publish(build, publish_dir, "run-1")
    assert sorted(path.name for path in publish_dir.iterdir()) == [publish.LOCK_FILE, "current", "publications"]
    assert_publication_intact(publish_dir, "run-1")
    assert "removed the publication of the old layout" in publish.describe(publication)


def test_a_full_publish_disk_fails_the_run_and_leaves_the_previous_publication(tmp_path):
    build = tmp_path / "build.duckdb"
    make_build(build, marker=1)
    with small_disk(tmp_path / "disk", "3m") as disk:  # room for one publication (1.8 MB), not two
        publish_dir = disk / "publish"
        publish.publish(build, publish_dir, "run-1")
        before = snapshot(publish_dir)
        make_build(build, marker=2)
        settings = type("S", (), {"database": build, "publish_dir": publish_dir, "run_id": "run-2", "keep_publications": 3})
        with pytest.raises(RunFailed) as failed:
            publish.publish_stage(settings, say=lambda line: None)
        assert failed.value.exit_code == EXIT_STORAGE
        message = str(failed.value)
        assert "No space left on device" in message and "\n" not in message
        assert snapshot(publish_dir) == before and litter(publish_dir) == []
        assert run_ids_of(publish.current_publication_dir(publish_dir)) == {"run-1"}


@pytest.mark.parametrize("point", ["publish", "publish_rename", "publish_switched"])
def test_kill_9_inside_the_publish_step(published, point):
    """A publishing process killed while writing the new folder, between its rename and the switch
    of `current`, or after the switch before the clean-up: readers see one whole publication (the
    previous one, or after the switch the new one), and the next publication removes the rest."""
    build, publish_dir = published
    previous = snapshot(publish_dir / publish.PUBLICATIONS_DIR / "run-1")
    make_build(build, marker=2)
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_DIR), "WRES_TEST_PAUSE_AT": point}
    publisher = subprocess.Popen([sys.executable, "-c", PUBLISHER, str(build), str(publish_dir), "run-2"],
                                 cwd=PROJECT_DIR, env=environment, text=True, stderr=subprocess.PIPE)
    assert publisher.stderr.readline().startswith(f"WRES_TEST_PAUSED {point} ")
    publisher.kill()  # SIGKILL
    assert publisher.wait(timeout=60) == -9
    publisher.stderr.close()

    left = {"publish": ".run-2.tmp", "publish_rename": "run-2", "publish_switched": "run-2"}[point]
    assert (publish_dir / publish.PUBLICATIONS_DIR / left).is_dir()  # what the killed process left
    assert_publication_intact(publish_dir, "run-2" if point == "publish_switched" else "run-1")
    assert snapshot(publish_dir / publish.PUBLICATIONS_DIR / "run-1") == previous

    make_build(build, marker=3)
    publish.publish(build, publish_dir, "run-3")
    assert litter(publish_dir) == []
    assert_publication_intact(publish_dir, "run-3")
    kept = ["run-1", "run-2", "run-3"] if point == "publish_switched" else ["run-1", "run-3"]
    assert sorted(path.name for path in (publish_dir / publish.PUBLICATIONS_DIR).iterdir()) == kept
