"""Nightly operations and the evidence kept per run: freshness, pruning, rerun, static docs, evidence.

The run-level tests share the session fixture `unseen` (conftest.py) (extracts generated with another
seed, run twice on the same files, the second run keeping 2 run folders).
"""

from __future__ import annotations

import json
import os
import re
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest
import yaml

from wres import PROJECT_DIR, nightly, pipeline, settings
from wres.contract import EXTRACTS
from wres.evidence import PERSON_LEVEL_COLUMNS, read_evidence
from wres.publish import current_publication_dir

DAY = 86400


def write_landing(directory: Path, content: str = "org_code\nR1\n") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for extract in EXTRACTS:
        (directory / extract.file_name).write_text(content + extract.name)
    return directory


def successful_run(runs_dir: Path, run_id: str, landing_dir: Path) -> None:
    """A run folder as a successful run leaves it: run.json and the landing part of evidence.json."""
    from wres.io_helpers import file_sha256

    folder = runs_dir / run_id
    folder.mkdir(parents=True)
    (folder / "run.json").write_text(json.dumps({"status": "success"}))
    landing = [
        {"extract": e.name, "file": e.file_name, "size_bytes": (landing_dir / e.file_name).stat().st_size,
         "sha256": file_sha256(landing_dir / e.file_name)}
        for e in EXTRACTS
    ]
    (folder / "evidence.json").write_text(json.dumps({"run_id": run_id, "landing": landing}))


# --- freshness -----------------------------------------------------------------------------------

def test_a_landing_file_older_than_the_limit_is_reported(tmp_path):
    landing = write_landing(tmp_path / "landing")
    now = time.time()
    old = landing / "hr_cases.csv"
    os.utime(old, (now - 10 * DAY, now - 10 * DAY))
    os.utime(landing / "board_members.csv", (now - 6 * DAY, now - 6 * DAY))  # inside the 7 days
    findings = nightly.check_freshness(landing, tmp_path / "runs", "20261130T000000000000Z", 7, now=now)
    assert [(f.file, "10 days ago" in f.problem) for f in findings] == [("hr_cases.csv", True)]
    # 0 switches the age check off
    assert nightly.check_freshness(landing, tmp_path / "runs", "20261130T000000000000Z", 0, now=now) == []


def test_a_file_byte_identical_to_the_last_successful_runs_is_reported(tmp_path):
    landing = write_landing(tmp_path / "landing")
    runs = tmp_path / "runs"
    successful_run(runs, "20261129T000000000000Z", landing)
    # a later failed run is not the baseline; nor is a run folder without evidence
    (runs / "20261129T120000000000Z").mkdir()
    (runs / "20261129T120000000000Z" / "run.json").write_text(json.dumps({"status": "failed"}))
    (landing / "hr_cases.csv").write_text("org_code\nR2\nhr_cases")  # same size, other bytes
    (landing / "board_members.csv").write_text("org_code\nR1\nboard_members, changed")
    findings = nightly.check_freshness(landing, runs, "20261130T000000000000Z", None)
    unchanged = sorted(f.file for f in findings)
    assert unchanged == sorted(e.file_name for e in EXTRACTS if e.name not in {"hr_cases", "board_members"})
    assert all("byte-identical" in f.problem and "20261129T000000000000Z" in f.problem for f in findings)


def test_freshness_fail_stops_the_run_before_anything_is_written(tmp_path):
    landing = write_landing(tmp_path / "landing")
    os.utime(landing / "hr_cases.csv", (time.time() - 40 * DAY, time.time() - 40 * DAY))
    run_settings = settings.resolve(
        landing_dir=str(landing), database=str(tmp_path / "wres.duckdb"), publish_dir=str(tmp_path / "publish"),
        runs_dir=str(tmp_path / "runs"), freshness_action="fail", landing_max_age_days=30,
    )
    lines: list[str] = []
    assert pipeline.run(run_settings, say=lines.append) == pipeline.EXIT_BAD_INPUT
    assert any("hr_cases.csv" in line and "not fresh" in line for line in lines)
    assert not (tmp_path / "wres.duckdb").exists() and not (tmp_path / "publish").exists()
    record = json.loads((run_settings.run_dir / "run.json").read_text())
    assert record["status"] == "failed" and record["freshness"]["action"] == "fail"


def test_freshness_settings_come_from_the_environment_and_bad_values_are_named(monkeypatch):
    monkeypatch.setenv("WRES_FRESHNESS_ACTION", "FAIL")
    monkeypatch.setenv("WRES_LANDING_MAX_AGE_DAYS", "3")
    monkeypatch.setenv("WRES_KEEP_RUNS", "5")
    resolved = settings.resolve()
    assert (resolved.freshness_action, resolved.landing_max_age_days, resolved.keep_runs) == ("fail", 3.0, 5)
    assert settings.resolve(freshness_action="warn", keep_runs=9).keep_runs == 9
    monkeypatch.setenv("WRES_KEEP_RUNS", "lots")
    with pytest.raises(settings.SettingError, match="WRES_KEEP_RUNS"):
        settings.resolve()
    monkeypatch.setenv("WRES_KEEP_RUNS", "5")
    monkeypatch.setenv("WRES_FRESHNESS_ACTION", "panic")
    with pytest.raises(settings.SettingError, match="WRES_FRESHNESS_ACTION"):
        settings.resolve()


def test_the_second_run_on_the_same_files_warns_that_they_are_unchanged(unseen):
    first = json.loads((unseen["first"].run_dir / "run.json").read_text())
    second = json.loads((unseen["second"].run_dir / "run.json").read_text())
    assert first["freshness"]["findings"] == []
    assert len(second["freshness"]["findings"]) == len(EXTRACTS)
    assert all(unseen["first"].run_id in finding for finding in second["freshness"]["findings"])
    assert second["status"] == "success"  # warn is the default


# --- pruning -------------------------------------------------------------------------------------

def make_runs(runs: Path, ids: list[str]) -> None:
    for run_id in ids:
        (runs / run_id).mkdir(parents=True)
        (runs / run_id / "run.json").write_text("{}")


def test_pruning_keeps_the_newest_runs_and_the_protected_ones(tmp_path):
    runs = tmp_path / "runs"
    ids = [f"202611{day:02d}T000000000000Z" for day in range(1, 8)]
    make_runs(runs, ids)
    (runs / "keep-me").mkdir()  # not a run folder: never touched
    deleted = nightly.prune_runs(runs, keep_runs=3, keep_days=None, protect={ids[0]})
    assert deleted == ids[1:4]
    assert sorted(path.name for path in runs.iterdir()) == sorted([ids[0], *ids[4:], "keep-me"])


def test_pruning_by_age(tmp_path):
    runs = tmp_path / "runs"
    ids = ["20261101T000000000000Z", "20261120T000000000000Z", "20261129T000000000000Z"]
    make_runs(runs, ids)
    now = datetime(2026, 11, 30, tzinfo=timezone.utc)
    assert nightly.prune_runs(runs, keep_runs=30, keep_days=14, protect=set(), now=now) == [ids[0]]
    assert nightly.prune_runs(runs, keep_runs=None, keep_days=None, protect=set(), now=now) == []


def test_a_run_prunes_old_run_folders_beyond_its_limit(unseen):
    runs = unseen["second"].runs_dir
    names = sorted(path.name for path in runs.iterdir())
    # the fixture planted three 2020 runs and a folder `notes`; the second run kept 2 runs
    assert names == sorted([unseen["first"].run_id, unseen["second"].run_id, "notes"])


# --- rerun ---------------------------------------------------------------------------------------

def parquet_differences(first: Path, second: Path, first_run: str, second_run: str) -> list[str]:
    """Where two Parquet files differ other than in the run id (same length, bytes off only there)."""
    a, b = first.read_bytes(), second.read_bytes()
    if len(a) != len(b):
        return [f"{first.name}: {len(a)} bytes against {len(b)}"]
    run_id_spans = [(m.start(), m.end()) for m in re.finditer(re.escape(first_run.encode()), a)]
    assert [(m.start(), m.end()) for m in re.finditer(re.escape(second_run.encode()), b)] == run_id_spans
    outside = [i for i in range(len(a)) if a[i] != b[i] and not any(start <= i < end for start, end in run_id_spans)]
    return [f"{first.name}: {len(outside)} bytes differ outside the run id"] if outside else []


def test_a_rerun_on_the_same_inputs_gives_identical_figures_and_parquet(unseen):
    first, second = unseen["first"], unseen["second"]
    second_publication = current_publication_dir(second.publish_dir)
    problems = []
    # run metadata in the data itself (the reconciliation's and data-quality results' run id and
    # time): those tables are compared without it; every other file byte for byte
    run_columns = {"run_id", "validated_at", "landed_at"}
    compared = 0
    for old in sorted(unseen["first_publication"].glob("*.parquet")):
        new = second_publication / old.name
        with duckdb.connect() as connection:
            columns = {row[0] for row in connection.execute("describe select * from read_parquet(?)", [str(old)]).fetchall()}
            if old.name == "data_quality_results.parquet":
                # the same checks with the same outcomes; their observed counts are about the run
                # (the privacy scan also reads the previous run's copy of this very table)
                query = "select stage, suite_name, rule, severity, success from read_parquet(?) order by all"
                assert connection.execute(query, [str(old)]).fetchall() == connection.execute(query, [str(new)]).fetchall()
                continue
            if columns & run_columns:
                query = f"select * exclude ({', '.join(sorted(columns & run_columns))}) from read_parquet(?) order by all"
                assert connection.execute(query, [str(old)]).fetchall() == connection.execute(query, [str(new)]).fetchall()
                continue
        problems += parquet_differences(old, new, first.run_id, second.run_id)
        compared += 1
    assert compared >= 11  # the figures: wres_indicators, wres_summary, wres_indicator_1..9
    for old in sorted((first.run_dir / "marts").glob("*.parquet")):
        problems += parquet_differences(old, second.run_dir / "marts" / old.name, first.run_id, second.run_id)
    assert problems == []
    assert len(list((first.run_dir / "marts").glob("*.parquet"))) >= 11
    # and the kept evidence agrees: same files read, same code
    first_evidence, second_evidence = read_evidence(first.run_dir), read_evidence(second.run_dir)
    assert first_evidence["landing"] == second_evidence["landing"]
    assert first_evidence["code"] == second_evidence["code"]


# --- evidence ------------------------------------------------------------------------------------

def test_the_run_folder_keeps_its_evidence(unseen):
    second = unseen["second"]
    evidence = read_evidence(second.run_dir)
    assert evidence["run_id"] == second.run_id
    assert {entry["file"] for entry in evidence["landing"]} == {e.file_name for e in EXTRACTS}
    for entry in evidence["landing"]:
        path = Path(entry["path"])
        assert entry["size_bytes"] == path.stat().st_size and len(entry["sha256"]) == 64
        assert entry["rows_read"] == entry["rows_accepted"] + entry["rows_quarantined"] > 0
        assert entry["modified_utc"] == datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).isoformat(timespec="seconds")
    assert set(evidence["versions"]) >= {"dbt_core", "dbt_duckdb", "duckdb", "python"}
    # marts only, never a person-level column, the run id in the metadata
    with duckdb.connect() as connection:
        for table, entry in evidence["marts"].items():
            path = second.run_dir / entry["parquet"]
            columns = {row[0] for row in connection.execute("describe select * from read_parquet(?)", [str(path)]).fetchall()}
            assert not columns & PERSON_LEVEL_COLUMNS, table
            metadata = dict(connection.execute(
                "select decode(key), decode(value) from parquet_kv_metadata(?)", [str(path)]).fetchall())
            assert metadata["wres_run_id"] == second.run_id
            assert connection.execute("select count(*) from read_parquet(?)", [str(path)]).fetchall()[0][0] == entry["rows"]


def test_the_publication_names_the_run_and_the_commit(unseen):
    second = unseen["second"]
    directory = current_publication_dir(second.publish_dir)
    manifest = json.loads((directory / "publication.json").read_text())
    code = read_evidence(second.run_dir)["code"]
    assert manifest["run_id"] == second.run_id and manifest["code"] == code
    with duckdb.connect(str(directory / "wres_published.duckdb"), read_only=True) as connection:
        rows = connection.execute(
            "select distinct run_id, git_commit, git_dirty, package_version from published.publication").fetchall()
        # the run id beside the figures: one join away
        joined = connection.execute(
            "select count(*), count(distinct publication.run_id) from published.wres_indicators "
            "cross join (select distinct run_id from published.publication) as publication").fetchall()[0]
    assert rows == [(second.run_id, code["git_commit"], code["git_dirty"], code["package_version"])]
    assert joined[0] > 0 and joined[1] == 1


def test_code_version_outside_a_git_checkout_is_the_package_version(tmp_path):
    from wres import __version__
    from wres.evidence import code_version

    assert code_version(tmp_path) == {"package_version": __version__, "git_commit": None, "git_dirty": None}


# --- static dbt docs -----------------------------------------------------------------------------

def test_each_run_keeps_static_docs_with_exposures_and_no_data(unseen):
    second = unseen["second"]
    page = (second.run_dir / nightly.STATIC_DOCS_FILE).read_text()
    for exposure in ("wres_publication", "wres_report", "wres_return", "wres_bi_dashboards"):
        assert f"exposure.wres.{exposure}" in page
    words = set(re.findall(r"[A-Za-z0-9]+", page))
    # no landing value that identifies a person ...
    with duckdb.connect(str(second.database), read_only=True) as connection:
        identifiers = {
            row[0] for extract in EXTRACTS for column in extract.columns if column in PERSON_LEVEL_COLUMNS
            for row in connection.execute(f"select distinct {column} from landing.{extract.name}").fetchall()
            if row[0] and len(row[0]) >= 5
        }
        # ... and no figure: the marts' non-integer values at full precision
        figures = {
            repr(row[0]) for row in connection.execute(
                "select distinct value from marts.wres_indicators where value is not null and value != round(value)"
            ).fetchall()
        }
    assert identifiers and figures
    leaked = sorted(identifier for identifier in identifiers if re.sub(r"[^A-Za-z0-9]", "", identifier) in words
                    and all(part in words for part in re.findall(r"[A-Za-z0-9]+", identifier)))
    assert leaked == []
    # the page embeds dbt's manifest and catalog as JSON: read them back
    manifest, catalog = embedded_json(page, "manifest"), embedded_json(page, "catalog")
    exposures = {node["name"]: node["depends_on"]["nodes"] for node in manifest["exposures"].values()}
    for name in ("wres_publication", "wres_report", "wres_bi_dashboards"):  # downstream of the published tier only
        assert "model.wres.published_wres_indicators" in exposures[name]
        assert all(node.startswith("model.wres.published_") for node in exposures[name])
    assert "model.wres.wres_indicators" in exposures["wres_return"]  # the return reads the marts
    # the unit tests' hand-made fixtures (committed YAML) are documentation; nothing else may hold a figure
    without_fixtures = json.dumps({key: value for key, value in manifest.items() if key != "unit_tests"})
    catalog_text = json.dumps(catalog)
    assert sorted(figures_in(without_fixtures, figures)) == []
    assert sorted(figures_in(catalog_text, figures)) == []
    # the catalog carries column names and types, no table statistics (row counts, sizes)
    for node in [*catalog["nodes"].values(), *catalog["sources"].values()]:
        assert [key for key, stat in node["stats"].items() if key != "has_stats" or stat["value"]] == []


def as_number(figure: str) -> re.Pattern:
    """The figure as a whole number in text: 37.5 but not the 37.5 of a time 06:21:37.561."""
    return re.compile(r"(?<![\d.])" + re.escape(figure) + r"(?![\d])")


NUMBER_CHARACTERS = re.compile(r"[-+0-9.eE]+")


def figures_in(text: str, figures: set[str]) -> set[str]:
    """The figures that as_number() finds in text, found in one pass over it instead of one per figure.

    A figure (repr of a float: digits, '.', '-', '+', 'e') lies inside one maximal run of such
    characters; as_number() matches it where the character before is neither a digit nor '.' and
    the one after is not a digit, so every such start and end inside each run is looked up.
    """
    found = set()
    for match in NUMBER_CHARACTERS.finditer(text):
        run = match.group()
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        for start in range(len(run)):
            previous = run[start - 1] if start else before
            if previous.isdigit() or previous == ".":
                continue
            for end in range(start + 1, len(run) + 1):
                following = run[end] if end < len(run) else after
                if not following.isdigit() and run[start:end] in figures:
                    found.add(run[start:end])
    return found


def test_figures_in_finds_what_as_number_finds():
    import random

    generator = random.Random(20261130)
    for _ in range(300):
        text = "".join(generator.choice("0123456789.-+e,:a ") for _ in range(60))
        figures = {text[start:start + length] for start, length in
                   ((generator.randrange(60), generator.randrange(1, 6)) for _ in range(20))} | {"37.5", "1e-05"}
        figures = {figure for figure in figures if figure and set(figure) <= set("0123456789.-+e")}
        assert figures_in(text, figures) == {figure for figure in figures if as_number(figure).search(text)}, text
    assert figures_in("x37.5, 137.5 37.55 -37.5e3 a37.5.1", {"37.5", "7.5", "37.55"}) == {"37.5", "37.55"}


def embedded_json(page: str, kind: str) -> dict:
    start = page.index('{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/' + kind + "/")
    return json.JSONDecoder().raw_decode(page, start)[0]


def test_every_landing_source_column_is_declared_and_described():
    sources = yaml.safe_load((PROJECT_DIR / "models" / "staging" / "_staging__sources.yml").read_text())
    tables = {table["name"]: table for source in sources["sources"] for table in source["tables"]}
    for extract in EXTRACTS:
        columns = {column["name"]: column.get("description", "") for column in tables[extract.name]["columns"]}
        assert set(columns) == {*extract.landed_columns, "source_file", "source_line_number"}, extract.name
        assert all(len(description) > 20 for description in columns.values()), extract.name
