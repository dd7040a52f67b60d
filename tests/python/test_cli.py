"""The command line as a user (or a scheduler) calls it."""

from __future__ import annotations

import subprocess
import sys

import duckdb

from wres import PROJECT_DIR
from wres.cli import main


def test_help_lists_the_commands():
    completed = subprocess.run(
        [sys.executable, "-m", "wres.cli", "--help"], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    )
    assert "run" in completed.stdout and "generate" in completed.stdout


def test_run_on_a_landing_dir_prints_the_per_extract_summary(small_landing, tmp_path, capsys):
    database = tmp_path / "build.duckdb"
    exit_code = main(["run", "--landing", str(small_landing), "--database", str(database),
                      "--runs-dir", str(tmp_path / "runs"), "--publish-dir", str(tmp_path / "publish")])
    output = capsys.readouterr().out
    assert exit_code == 0, output
    # esr: 4 rows, the 4th has snapshot date 2024-02-30 (no such day) and is quarantined
    assert "esr_staff_in_post                  4         3            1  yes" in output
    with duckdb.connect(str(database), read_only=True) as con:
        reasons = con.execute(
            "select extract_name, source_line_number, quarantine_reason from audit.landing_quarantine order by 1, 2"
        ).fetchall()
    assert reasons == [
        ("board_members", 4, "missing is_voting"),
        ("esr_staff_in_post", 5, "unparseable snapshot_date: 2024-02-30"),
        ("recruitment_applications", 4, "duplicate key: application_id A2 already in R1A"),
        ("training_records", 3, "unrecognised is_mandatory: maybe"),
    ]
    assert any((tmp_path / "runs").glob("*/run_results.json"))
    # a WRES-only extract (no WDES columns) loads, and the run warns that WDES is not calculable
    assert "Every optional WDES column a WDES metric needs is in its landing file" in output
    assert "column_name=disability; wdes_metrics_not_calculable_without_it=WDES metric 10" in output


def test_environment_variables_configure_a_scheduled_run(small_landing, tmp_path, monkeypatch, capsys):
    database = tmp_path / "env.duckdb"
    monkeypatch.setenv("WRES_LANDING_DIR", str(small_landing))
    monkeypatch.setenv("WRES_DUCKDB_PATH", str(database))
    monkeypatch.setenv("WRES_RUNS_DIR", str(tmp_path / "runs"))
    monkeypatch.setenv("WRES_PUBLISH_DIR", str(tmp_path / "publish"))
    assert main(["run"]) == 0
    assert str(small_landing) in capsys.readouterr().out
    assert database.exists()


def test_missing_landing_dir_is_a_clear_error_not_a_traceback(tmp_path, capsys):
    exit_code = main(["run", "--landing", str(tmp_path / "nowhere"), "--database", str(tmp_path / "x.duckdb"),
                      "--runs-dir", str(tmp_path / "runs")])
    output = capsys.readouterr().out
    assert exit_code == 2
    assert "landing directory not found" in output and "Traceback" not in output
