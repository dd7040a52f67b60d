"""scripts/compare_builds.py (issue 13): two runs' marts, quarantine, reconciliation and published
tier compared with EXCEPT ALL both ways. Hand-built databases: a full run is not needed to test it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb
import pytest

from wres import PROJECT_DIR

spec = importlib.util.spec_from_file_location("compare_builds", PROJECT_DIR / "scripts" / "compare_builds.py")
compare_builds = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare_builds)


def _build(folder: Path, indicator_rows: list[tuple], published_rows: list[tuple], run_id: str) -> tuple[Path, Path]:
    folder.mkdir()
    database = folder / "wres.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute("create schema marts")
        connection.execute("create schema audit")
        connection.execute("create table marts.wres_indicators (org_code varchar, value double)")
        connection.executemany("insert into marts.wres_indicators values (?, ?)", indicator_rows)
        connection.execute("create table audit.landing_quarantine (source_line_number bigint)")
        # the run's id in a compared table is left out: two runs differ there by design
        connection.execute("create table audit.landing_reconciliation as select ? as run_id, 5 as rows_read", [run_id])
        # the run's own records differ between runs and are not compared
        connection.execute("create table audit.data_quality_results as select ? as run_id", [run_id])
    published = folder / "publish" / "publications" / run_id
    published.mkdir(parents=True)
    (folder / "publish" / "current").symlink_to(published)
    with duckdb.connect(str(published / "wres_published.duckdb")) as connection:
        connection.execute("create schema published")
        connection.execute("create table published.wres_indicator_1 (org_code varchar, headcount integer)")
        connection.executemany("insert into published.wres_indicator_1 values (?, ?)", published_rows)
        connection.execute("create table published.publication as select ? as run_id", [run_id])
    return database, folder / "publish"


def test_identical_figures_from_two_runs_are_identical(tmp_path):
    first = _build(tmp_path / "a", [("R1A", 1.5), ("R1A", 1.5)], [("R1A", 12)], "run-1")
    second = _build(tmp_path / "b", [("R1A", 1.5), ("R1A", 1.5)], [("R1A", 12)], "run-2")
    assert compare_builds.compare_runs(*first, *second) == []
    assert compare_builds.main([str(path) for path in (*first, *second)]) == 0


@pytest.mark.parametrize("second_rows, expected", [
    # a duplicate row lost: EXCEPT ALL counts rows, EXCEPT alone would miss it
    ([("R1A", 1.5)], "marts.wres_indicators: 1 row(s) only in the first, 0 only in the second"),
    ([("R1A", 1.5), ("R1A", 1.5), ("R1B", 2.0)], "marts.wres_indicators: 0 row(s) only in the first, 1 only in the second"),
    ([("R1A", 1.5), ("R1A", 1.25)], "marts.wres_indicators: 1 row(s) only in the first, 1 only in the second"),
])
def test_a_row_more_or_less_on_either_side_is_a_difference(tmp_path, second_rows, expected):
    first = _build(tmp_path / "a", [("R1A", 1.5), ("R1A", 1.5)], [("R1A", 12)], "run-1")
    second = _build(tmp_path / "b", second_rows, [("R1A", 12)], "run-2")
    assert compare_builds.compare_runs(*first, *second) == [expected]
    assert compare_builds.main([str(path) for path in (*first, *second)]) == 1


def test_the_published_tier_and_missing_tables_are_compared(tmp_path):
    first = _build(tmp_path / "a", [("R1A", 1.5)], [("R1A", 12)], "run-1")
    second = _build(tmp_path / "b", [("R1A", 1.5)], [("R1A", None)], "run-2")
    with duckdb.connect(str(second[0])) as connection:
        connection.execute("drop table audit.landing_quarantine")
    assert compare_builds.compare_runs(*first, *second) == [
        "audit.landing_quarantine: only in the first",
        "published.wres_indicator_1: 1 row(s) only in the first, 1 only in the second",
    ]
