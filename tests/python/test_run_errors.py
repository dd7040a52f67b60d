"""Faults of the machine, not of the data: each stops `wres run` with one line naming the path and
the problem and its own exit code (README "Exit codes"), never a traceback, and publishes nothing.

4  another wres run holds the database's run lock (test_run_kills.py: a real second run)
5  another program holds the build database open
6  a path cannot be used (a file where a folder is needed, a folder where the database file is
   expected), or a disk is read-only or full (database, runs folder, publish folder)
2  a landing file that cannot be read is bad input, like a missing one

Full and read-only disks are small tmpfs mounts (the tests run as root, as CI does; where
mounting is impossible they are skipped, saying so). Root reads a chmod-000 file, so an
unreadable landing file is simulated as root by a file that fails on read with an I/O error
(a link to /proc/self/mem, whose first page is never mapped); as another user chmod 000 is used.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from publication_checks import fill, small_disk
from wres import PROJECT_DIR
from wres.cli import main
from wres.run_errors import EXIT_DATABASE_IN_USE, EXIT_STORAGE

EXIT_BAD_INPUT = 2


def run_cli(capsys, landing: Path, database: Path, root: Path, **paths: Path) -> tuple[int, str]:
    arguments = ["run", "--landing", str(landing), "--database", str(database),
                 "--runs-dir", str(paths.get("runs", root / "runs")),
                 "--publish-dir", str(paths.get("publish", root / "publish"))]
    exit_code = main(arguments)  # an exception here is a traceback: the test errors
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    return exit_code, output


def failure_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith("RUN FAILED: ")]
    assert len(lines) == 1, output
    return lines[0]


def test_a_database_path_under_a_file_is_one_line_and_exit_6(small_landing, tmp_path, capsys):
    (tmp_path / "afile").write_text("not a folder")
    exit_code, output = run_cli(capsys, small_landing, tmp_path / "afile" / "wres.duckdb", tmp_path)
    assert exit_code == EXIT_STORAGE
    assert failure_line(output) == (
        f"RUN FAILED: database {tmp_path / 'afile' / 'wres.duckdb'}: {tmp_path / 'afile'} is a file, not a folder")
    assert not (tmp_path / "publish").exists()


def test_a_database_path_that_is_a_folder_is_one_line_and_exit_6(small_landing, tmp_path, capsys):
    (tmp_path / "db").mkdir()
    exit_code, output = run_cli(capsys, small_landing, tmp_path / "db", tmp_path)
    assert exit_code == EXIT_STORAGE
    assert "is a folder; --database (WRES_DUCKDB_PATH) must name a DuckDB file" in failure_line(output)


def test_a_runs_folder_under_a_file_is_one_line_and_exit_6(small_landing, tmp_path, capsys):
    (tmp_path / "afile").write_text("")
    exit_code, output = run_cli(capsys, small_landing, tmp_path / "wres.duckdb", tmp_path, runs=tmp_path / "afile" / "runs")
    assert exit_code == EXIT_STORAGE
    assert f"runs folder {tmp_path / 'afile' / 'runs'}: {tmp_path / 'afile'} is a file" in failure_line(output)


HOLDER = textwrap.dedent(
    """
    import sys, duckdb
    connection = duckdb.connect(sys.argv[1])   # a program holding the build database open
    print("holding", flush=True)
    sys.stdin.readline()
    connection.close()
    """
)


def test_another_program_holding_the_build_database_is_exit_5(small_landing, tmp_path, capsys):
    database = tmp_path / "wres.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(database)], cwd=PROJECT_DIR, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "holding"
        exit_code, output = run_cli(capsys, small_landing, database, tmp_path)
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert exit_code == EXIT_DATABASE_IN_USE
    line = failure_line(output)
    assert f"the build database {database} is held open by another program" in line
    assert f"(PID {holder.pid})" in line
    assert "Nothing was published" in output and not (tmp_path / "publish" / "current").exists()


def test_an_unreadable_landing_file_is_bad_input_naming_it(small_landing, tmp_path, capsys):
    hr_cases = small_landing / "hr_cases.csv"
    if os.geteuid() == 0:  # root reads a chmod-000 file: use a file whose read fails (EIO)
        hr_cases.unlink()
        hr_cases.symlink_to("/proc/self/mem")
        reason = "Input/output error"
    else:
        hr_cases.chmod(0)
        reason = "Permission denied"
    exit_code, output = run_cli(capsys, small_landing, tmp_path / "wres.duckdb", tmp_path)
    assert exit_code == EXIT_BAD_INPUT
    assert failure_line(output) == f"RUN FAILED: bad input: {hr_cases}: cannot be read ({reason})"


def test_a_dangling_link_as_landing_file_is_bad_input_naming_it(small_landing, tmp_path, capsys):
    board = small_landing / "board_members.csv"
    board.unlink()
    board.symlink_to(tmp_path / "gone.csv")
    exit_code, output = run_cli(capsys, small_landing, tmp_path / "wres.duckdb", tmp_path)
    assert exit_code == EXIT_BAD_INPUT
    assert failure_line(output).startswith(f"RUN FAILED: bad input: {board}: ")


@pytest.mark.parametrize("folder", ["database", "runs", "publish"])
def test_a_read_only_disk_is_one_line_and_exit_6(small_landing, tmp_path, capsys, folder):
    with small_disk(tmp_path / "readonly", "1m", read_only=True) as disk:
        paths = {"database": tmp_path / "wres.duckdb", "runs": tmp_path / "runs", "publish": tmp_path / "publish"}
        paths[folder] = disk / ("wres.duckdb" if folder == "database" else folder)
        exit_code, output = run_cli(capsys, small_landing, paths["database"], tmp_path,
                                    runs=paths["runs"], publish=paths["publish"])
    assert exit_code == EXIT_STORAGE
    line = failure_line(output)
    assert "Read-only file system" in line and str(disk) in line
    assert "==> land the extracts" not in output  # found before any work


def test_a_full_runs_folder_is_one_line_and_exit_6(small_landing, tmp_path, capsys):
    with small_disk(tmp_path / "full", "64k") as disk:
        fill(disk)
        exit_code, output = run_cli(capsys, small_landing, tmp_path / "wres.duckdb", tmp_path, runs=disk / "runs")
    assert exit_code == EXIT_STORAGE
    assert "No space left on device" in failure_line(output)
    assert "==> land the extracts" not in output


def test_a_disk_full_during_landing_says_so_not_cannot_rollback(tmp_path, capsys):
    """DuckDB ends the transaction on an I/O error, so the landing step's rollback failed with
    "cannot rollback - no transaction is active" and hid the real error (issue 9)."""
    with small_disk(tmp_path / "full", "1m") as disk:  # the lock file fits; the demo's 6 MB of extracts do not
        exit_code, output = run_cli(capsys, PROJECT_DIR / "seeds" / "demo", disk / "wres.duckdb", tmp_path)
    assert "==> land the extracts" in output and "==> build and test staging" not in output
    assert exit_code == EXIT_STORAGE
    line = failure_line(output)
    assert "No space left on device" in line and str(disk / "wres.duckdb") in line
    assert "cannot rollback" not in output
    assert not (tmp_path / "publish" / "current").exists()


def test_keep_publications_must_be_at_least_one(small_landing, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("WRES_KEEP_PUBLICATIONS", "0")
    assert main(["run", "--landing", str(small_landing), "--database", str(tmp_path / "x.duckdb")]) == 2
    assert "keep publications must be a whole number of at least 1" in capsys.readouterr().err
