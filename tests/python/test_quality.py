"""The data-quality layer (wres/quality, expectations/): suites, the DuckDB-facts route, the mart suites.

The route under test: DuckDB computes small fact frames from the built tables and Great
Expectations 1.24 evaluates every expectation of the JSON suites on them (pandas datasource).
These tests prove on real tables that the suites are valid GX suites, that every expectation is
evaluated by GX (a changed suite threshold or a tampered table changes the verdict, with the SQL
unchanged), and that each mart expectation catches the fault it is written for.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import multiprocessing
import shutil
from pathlib import Path

import duckdb
import pytest

from wres import PROJECT_DIR, pipeline, settings
from wres.quality import LANDING, MARTS, QualityRun, SuiteError
from wres.quality.facts import Parameters, landing_facts, mart_facts
from wres.quality.suites import EXPECTATIONS_DIR, load_suites

CLEAN = PROJECT_DIR / "tests" / "fixtures" / "bad_inputs" / "clean"
# The clean fixture has no WDES columns: this landing warning is expected on it (issue 12).
WDES_COLUMNS_FACTS = "wdes_inputs.columns"


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory) -> settings.Settings:
    """The main job on the clean landing fixture: no quarantine, no finding."""
    root = tmp_path_factory.mktemp("clean_build")
    run_settings = settings.resolve(
        landing_dir=str(CLEAN), database=str(root / "wres.duckdb"),
        publish_dir=str(root / "publish"), runs_dir=str(root / "runs"),
    )
    lines: list[str] = []
    assert pipeline.run(run_settings, say=lines.append) == 0, "\n".join(lines)
    return run_settings


@pytest.fixture()
def database_copy(clean_build, tmp_path) -> Path:
    copy = tmp_path / "copy.duckdb"
    shutil.copy2(clean_build.database, copy)
    return copy


def _parameters() -> Parameters:
    return Parameters("test", ("permanent", "fixed term temp"), "active", "2010-04-01", "2026-01-01")


def _rows(database: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, parameters or []).fetchall()


# -- the suites -------------------------------------------------------------------------------
def test_every_suite_is_a_valid_great_expectations_suite_with_a_severity_per_expectation():
    import great_expectations as gx

    for stage, facts in ((LANDING, landing_facts(_parameters())), (MARTS, mart_facts(_parameters()))):
        suites = load_suites(stage, set(facts))
        assert suites, stage
        used = set()
        for suite in suites:
            gx_suite = gx.ExpectationSuite(**suite.document)  # GX's own parser accepts the file
            assert len(gx_suite.expectations) == len(suite.expectations)
            assert {str(expectation.severity.value) for expectation in gx_suite.expectations} <= {"critical", "warning"}
            used |= {expectation["meta"]["facts"] for expectation in suite.expectations}
        assert used == set(facts), "every fact frame is validated by some expectation"


def test_there_is_a_landing_suite_per_extract_and_a_mart_suite_per_published_facing_mart():
    assert {path.stem for path in (EXPECTATIONS_DIR / "landing").glob("*.json")} == {
        "esr_staff_in_post", "recruitment_applications", "hr_cases", "training_records",
        "staff_survey_responses", "board_members", "wdes_inputs",
    }
    assert {path.stem for path in (EXPECTATIONS_DIR / "marts").glob("*.json")} == {
        "wres_indicators", "wres_summary", "protected_tiers", "wdes_indicators", "wdes_summary",
        "model_employer_trajectory",
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda expectation: expectation.update(severity="fatal"), "severity must be one of critical, warning"),
        (lambda expectation: expectation["meta"].update(facts="nowhere.facts"), "meta.facts 'nowhere.facts' is not a known"),
        (lambda expectation: expectation.pop("description"), "a description is required"),
    ],
)
def test_a_malformed_suite_is_named(tmp_path, change, message):
    (tmp_path / LANDING).mkdir()
    document = json.loads((EXPECTATIONS_DIR / LANDING / "hr_cases.json").read_text())
    change(document["expectations"][2])
    (tmp_path / LANDING / "hr_cases.json").write_text(json.dumps(document))
    with pytest.raises(SuiteError, match="hr_cases.json: expectation 3"):
        load_suites(LANDING, set(landing_facts(_parameters())), directory=tmp_path)
    with pytest.raises(SuiteError, match=message):
        load_suites(LANDING, set(landing_facts(_parameters())), directory=tmp_path)


# -- the route on real tables -----------------------------------------------------------------
def test_route_every_landing_expectation_is_evaluated_by_gx_on_the_built_tables(clean_build):
    findings = _rows(
        clean_build.database,
        "select facts, success, error, element_count from audit.data_quality_results where run_id = ? and stage = 'landing'",
        [clean_build.run_id],
    )
    suites = load_suites(LANDING, set(landing_facts(_parameters())))
    assert len(findings) == sum(len(suite.expectations) for suite in suites)
    assert all(error is None for _, _, error, _ in findings)
    # the clean fixture is a WRES-only extract set: the one finding is that the optional WDES
    # columns are absent (issue 12), a warning; everything else is met
    assert {facts for facts, success, _, _ in findings if not success} == {WDES_COLUMNS_FACTS}
    # GX counted the frame's rows: one per organisation and snapshot date (2 x 2 here)
    snapshots = _rows(clean_build.database, "select count(distinct (org_code, snapshot_date)) from staging.stg_esr__assignments")[0][0]
    assert snapshots == 4
    counts = {count for facts, _, _, count in findings if facts == "esr_staff_in_post.by_org_snapshot"}
    assert counts == {snapshots}
    results = json.loads((clean_build.run_dir / "data_quality" / "validation_results_landing.json").read_text())
    assert {result["meta"]["great_expectations_version"][:4] for result in results} == {"1.24"}
    assert sum(len(result["results"]) for result in results) == len(findings)


def test_run_records_hold_the_results_json_and_data_docs_next_to_dbt_run_results(clean_build):
    run_dir = clean_build.run_dir
    assert (run_dir / "run_results.json").exists() and (run_dir / "dbt_staging" / "run_results.json").exists()
    index = (run_dir / "data_quality" / "data_docs" / "index.html").read_text()
    assert "landing.esr_staff_in_post" in index
    assert list((run_dir / "data_quality" / "data_docs" / "validations").rglob("*.html"))
    findings = json.loads((run_dir / "data_quality" / "findings.json").read_text())
    assert {finding["stage"] for finding in findings} >= {LANDING}
    record = json.loads((run_dir / "run.json").read_text())
    assert record["data_quality"][LANDING]["critical_failures"] == []
    stages = [stage["stage"] for stage in record["stages"]]
    # each stage's CPU seconds beside its wall seconds (scripts/bench.py reads them); the process's in all
    assert all(stage["cpu_seconds"] >= 0 for stage in record["stages"])
    assert record["cpu_seconds"] >= sum(stage["cpu_seconds"] for stage in record["stages"]) > 0
    assert stages.index("validate the landing data (Great Expectations)") < stages.index("build and test the warehouse (dbt build)")
    # the mart suites run right after the build: any publication step comes after them
    assert stages[stages.index("build and test the warehouse (dbt build)") + 1] == "validate the marts (Great Expectations)"
    latest = _rows(clean_build.database, "select distinct run_id from audit.data_quality_latest")
    assert latest == [(clean_build.run_id,)]


def test_gx_decides_a_changed_threshold_in_the_suite_changes_the_verdict(database_copy, tmp_path):
    # the same facts, a stricter suite: at least 20 ESR rows per snapshot ... of which there are 13-14
    suites = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, suites)
    path = suites / LANDING / "esr_staff_in_post.json"
    document = json.loads(path.read_text())
    document["expectations"].append({
        "type": "expect_column_values_to_be_between",
        "kwargs": {"column": "row_count", "min_value": 20},
        "meta": {"facts": "esr_staff_in_post.by_org_snapshot"},
        "severity": "warning",
        "description": "Test: at least 20 assignments per snapshot.",
    })
    path.write_text(json.dumps(document))
    report = QualityRun(database_copy, tmp_path / "run", "stricter", expectations_dir=suites).validate(LANDING)
    assert report.critical_failures == []
    assert [finding.description for finding in report.warnings if finding.facts != WDES_COLUMNS_FACTS] == [
        "Test: at least 20 assignments per snapshot."
    ]
    assert report.warnings[0].unexpected_count == 4 and report.warnings[0].element_count == 4


def test_gx_decides_a_duplicate_that_reached_staging_is_a_critical_failure(database_copy, tmp_path):
    with duckdb.connect(str(database_copy)) as con:
        # stg_esr__assignments is a view of the accepted rows of base_esr__assignments (issue 13)
        con.execute("insert into staging.base_esr__assignments "
                    "select * from staging.base_esr__assignments where quarantine_reason is null limit 1")
        org, snapshot = con.execute("select org_code, snapshot_date from staging.stg_esr__assignments limit 1").fetchall()[0]
    report = QualityRun(database_copy, tmp_path / "run", "tampered").validate(LANDING)
    assert [finding.facts for finding in report.critical_failures] == ["esr_staff_in_post.by_org_snapshot"]
    message = report.failure_message()
    assert "landing extract esr_staff_in_post (esr_staff_in_post.csv)" in message
    assert "expect_column_pair_values_to_be_equal(column_A=row_count, column_B=distinct_assignment_numbers)" in message
    assert f"org_code={org}; snapshot_date={snapshot.isoformat()}" in message


# -- the mart suites on hand-made marts -------------------------------------------------------
MART_COLUMNS = (
    "org_code varchar, reporting_year integer, indicator integer, measure varchar, breakdown varchar, "
    "ethnic_group varchar, numerator bigint, denominator bigint, value double, ci_lower double, ci_upper double, "
    "is_non_adverse boolean, is_significant boolean, not_calculable_reason varchar, is_suppressed boolean, "
    "suppression_reason varchar"
)


def _figures(org: str) -> list[tuple]:
    """A consistent set of figures for one organisation in 2024 (hand-made, spec §8 shape)."""
    rows = []

    def figure(indicator, measure, breakdown, group, numerator, denominator, value, lower=None, upper=None, reason=None):
        rows.append((org, 2024, indicator, measure, breakdown, group, numerator, denominator, value, lower, upper,
                     None, None, reason, False, None))

    for breakdown, (white, bme, unknown) in {
        "overall": (6, 3, 1), "clinical | Band 5": (2, 2, 0), "non_clinical | Band 3": (4, 1, 1),
    }.items():
        total = white + bme + unknown
        for group, count in (("White", white), ("BME", bme), ("Unknown", unknown)):
            figure(1, "headcount", breakdown, group, count, None, count)
            pct = 100 * count / total
            figure(1, "pct", breakdown, group, count, total, pct, max(pct - 1, 0), min(pct + 1, 100))
        figure(1, "headcount", breakdown, "All", total, None, total)
    figure(2, "rate_pct", "overall", "White", 3, 10, 30.0, 10.8, 60.3)
    figure(2, "rate_pct", "overall", "BME", 2, 10, 20.0, 5.7, 51.0)
    figure(2, "relative_likelihood", "overall", "All", None, None, 1.5, 0.31, 7.2)
    figure(3, "relative_likelihood", "rolling", "All", None, None, 2.0, 0.5, 8.0)
    figure(3, "relative_likelihood", "single_year", "All", None, None, None, reason="comparator_rate_zero")
    figure(3, "rolling_years", "rolling", "All", None, None, 2)
    figure(4, "relative_likelihood", "overall", "All", None, None, 0.9, 0.5, 1.6)
    for indicator in (5, 6, 7, 8):
        figure(indicator, "pct", "overall", "White", 4, 10, 40.0, 16.8, 68.7)
        figure(indicator, "pct", "overall", "BME", 5, 10, 50.0, 23.7, 76.3)
    figure(9, "pct", "voting", "BME", 1, 4, 25.0, 4.6, 69.9)
    figure(9, "pct_point_diff", "voting", "BME", None, None, -5.0)
    return rows


def _build_marts(database: Path) -> None:
    rows = _figures("R1A") + _figures("R1B")
    with duckdb.connect(str(database)) as con:
        con.execute("create schema if not exists marts")
        con.execute(f"create or replace table marts.wres_indicators ({MART_COLUMNS})")
        con.executemany(f"insert into marts.wres_indicators values ({', '.join(['?'] * 16)})", rows)
        headline_columns = (
            "bme_workforce_pct", "ind2_relative_likelihood", "ind3_relative_likelihood", "ind4_relative_likelihood",
            "ind5_white_pct", "ind5_bme_pct", "ind6_white_pct", "ind6_bme_pct", "ind7_white_pct", "ind7_bme_pct",
            "ind8_white_pct", "ind8_bme_pct", "ind9_voting_pct_point_diff",
        )
        con.execute(
            "create or replace table marts.wres_summary (org_code varchar, reporting_year integer, "
            + ", ".join(f"{column} double" for column in headline_columns) + ")"
        )
        # the headlines of _figures: 3 BME of 10 staff, the ratios, 40% / 50% survey figures, -5 points
        headlines = (30.0, 1.5, 2.0, 0.9, 40.0, 50.0, 40.0, 50.0, 40.0, 50.0, 40.0, 50.0, -5.0)
        for org in ("R1A", "R1B"):
            con.execute(f"insert into marts.wres_summary values ({', '.join(['?'] * 15)})", [org, 2024, *headlines])


def test_mart_suites_pass_on_consistent_marts(database_copy, tmp_path):
    _build_marts(database_copy)
    report = QualityRun(database_copy, tmp_path / "run", "marts-ok").validate(MARTS)
    assert report.skipped is None
    assert [finding.headline() for finding in report.findings if not finding.success] == []
    assert len(report.findings) == sum(len(suite.expectations) for suite in load_suites(MARTS, set(mart_facts(_parameters()))))


IND5_BME = "indicator = 5 and measure = 'pct' and ethnic_group = 'BME' and org_code = 'R1A'"
IND2_RL = "indicator = 2 and measure = 'relative_likelihood' and org_code = 'R1A'"


@pytest.mark.parametrize(
    ("tamper", "failed", "example"),
    [
        (f"update marts.wres_indicators set value = 120 where {IND5_BME}",
         {("wres_indicators.percentages", "value"), ("wres_indicators.percentages", "ci_upper, value")},
         "value=120.0; org_code=R1A; reporting_year=2024; indicator=5; measure=pct"),
        (f"update marts.wres_indicators set numerator = 11 where {IND5_BME}",
         {("wres_indicators.percentages", "denominator, numerator")}, "org_code=R1A; reporting_year=2024; indicator=5"),
        (f"update marts.wres_indicators set ci_lower = 1.6 where {IND2_RL}",
         {("wres_indicators.relative_likelihoods", "value, ci_lower")}, "org_code=R1A; reporting_year=2024; indicator=2"),
        (f"update marts.wres_indicators set value = -0.5, ci_lower = -1 where {IND2_RL}",
         {("wres_indicators.relative_likelihoods", "value")}, "value=-0.5; org_code=R1A"),
        (f"update marts.wres_indicators set not_calculable_reason = 'denominator_zero' where {IND2_RL}",
         {("wres_indicators.relative_likelihoods", "is_value_or_reason")}, "not_calculable_reason=denominator_zero"),
        ("update marts.wres_indicators set value = value - 10, ci_lower = value - 11, ci_upper = value - 9 "
         "where indicator = 1 and measure = 'pct' and ethnic_group = 'White' and breakdown = 'clinical | Band 5' and org_code = 'R1B'",
         {("wres_indicators.indicator_1_rows", "pct_total")}, "pct_total=90.0; org_code=R1B; reporting_year=2024; breakdown=clinical | Band 5"),
        ("update marts.wres_indicators set value = value + 1 "
         "where indicator = 1 and measure = 'headcount' and ethnic_group = 'White' and breakdown = 'overall' and org_code = 'R1A'",
         {("wres_indicators.indicator_1_rows", "group_headcount_total, all_headcount")}, "org_code=R1A; reporting_year=2024; breakdown=overall"),
        ("delete from marts.wres_indicators where indicator = 9 and org_code = 'R1B'",
         {("wres_indicators.indicators_with_source_data", "is_present")},
         "is_present=False; org_code=R1B; reporting_year=2024; indicator=9; source_extract=board_members"),
        (f"insert into marts.wres_indicators select * from marts.wres_indicators where {IND2_RL}",
         {("wres_indicators.org_years", "row_count, distinct_figures")}, "row_count=39; distinct_figures=38; org_code=R1A"),
        ("update marts.wres_indicators set value = 150 where measure = 'pct_point_diff' and org_code = 'R1B'",
         {("wres_indicators.percentage_point_differences", "value")}, "value=150.0; org_code=R1B; reporting_year=2024; indicator=9"),
        ("update marts.wres_summary set bme_workforce_pct = 101 where org_code = 'R1A'",
         {("wres_summary.headlines", "bme_workforce_pct")}, "bme_workforce_pct=101.0; org_code=R1A; reporting_year=2024"),
        ("insert into marts.wres_summary select * from marts.wres_summary where org_code = 'R1A'",
         {("wres_summary.headlines", "org_code, reporting_year")}, "org_code=R1A; reporting_year=2024"),
        ("create table marts.wres_leak as select 'A0003' as employee_number",
         {("protected_tiers.columns", "column_name"), ("protected_tiers.person_values", "person_id_values")},
         "column_name=employee_number; table_schema=marts; table_name=wres_leak"),
        ("create schema if not exists published; create table published.wres_text as select 'A0003' as breakdown, 1 as value",
         {("protected_tiers.person_values", "person_id_values")},
         "person_id_values=1; table_schema=published; table_name=wres_text; column_name=breakdown; id_kinds=employee_number"),
    ],
    ids=["pct-over-100", "numerator-over-denominator", "rl-below-its-interval", "rl-negative", "rl-value-and-reason",
         "ind1-row-sums-to-90", "ind1-headcounts-do-not-add-up", "org-year-missing-indicator-9", "duplicate-figure",
         "pct-point-diff-150", "summary-pct-over-100", "summary-duplicate-org-year", "person-level-column",
         "person-level-value"],
)
def test_each_mart_expectation_catches_its_fault(database_copy, tmp_path, tamper, failed, example):
    _build_marts(database_copy)
    with duckdb.connect(str(database_copy)) as con:
        con.execute(tamper)
    report = QualityRun(database_copy, tmp_path / "run", "marts-tampered").validate(MARTS)
    assert {(finding.facts, finding.column_name) for finding in report.critical_failures} == failed
    message = report.failure_message()
    assert example in message
    assert "A0003" not in message  # a person identifier is never repeated in a message


def test_mart_stage_is_skipped_with_a_message_when_the_marts_are_absent(database_copy, tmp_path):
    with duckdb.connect(str(database_copy)) as con:
        con.execute("drop schema if exists marts cascade")
    report = QualityRun(database_copy, tmp_path / "run", "no-marts").validate(MARTS)
    assert report.findings == []
    assert report.skipped == (
        "the mart table(s) marts.model_employer_trajectory, marts.wdes_indicators, marts.wdes_summary, "
        "marts.wres_indicators, marts.wres_summary are not built yet; mart suites not run"
    )


@pytest.mark.parametrize("in_background", [False, True], ids=["gx-in-the-run-process", "gx-in-its-own-process"])
def test_a_critical_mart_failure_stops_the_run_before_publication(clean_build, tmp_path, monkeypatch, in_background):
    # the pipeline with a mart check that fails: exit 3, named table, nothing after the mart stage;
    # the same whether Great Expectations runs in the run's process or in its own (wres run's way)
    copy = tmp_path / "wres.duckdb"
    shutil.copy2(clean_build.database, copy)
    original = QualityRun.validate

    def validate_with_bad_marts(self, stage):
        if stage == MARTS:
            _build_marts(self.database)
            with duckdb.connect(str(self.database)) as con:
                con.execute("update marts.wres_summary set ind5_bme_pct = 250 where org_code = 'R1B'")
        return original(self, stage)

    monkeypatch.setattr(QualityRun, "validate", validate_with_bad_marts)
    run_settings = settings.resolve(
        landing_dir=str(CLEAN), database=str(copy), publish_dir=str(tmp_path / "publish"), runs_dir=str(tmp_path / "runs")
    )
    lines: list[str] = []
    assert pipeline.run(run_settings, say=lines.append, quality_in_background=in_background) == pipeline.EXIT_DATA_QUALITY
    output = "\n".join(lines)
    assert "table marts.wres_summary: Headline ind5_bme_pct lies within 0-100." in output
    assert multiprocessing.active_children() == []  # no Great Expectations process left behind
    assert (run_settings.run_dir / "data_quality" / "data_docs" / "index.html").is_file()
    assert "ind5_bme_pct=250.0; org_code=R1B; reporting_year=2024" in output
    record = json.loads((run_settings.run_dir / "run.json").read_text())
    assert record["stages"][-1]["stage"] == "validate the marts (Great Expectations)"
    assert not (tmp_path / "publish").exists()


def test_facts_queries_pass_the_project_sqlfluff_rules(clean_build):
    # the fact queries live in Python (wres/quality/facts.py); lint them as rendered, with the
    # project's .sqlfluff rules (the raw templater: they are plain SQL, not dbt models)
    from sqlfluff.core import FluffConfig, Linter

    linter = Linter(config=FluffConfig.from_path(str(PROJECT_DIR), overrides={"templater": "raw", "dialect": "duckdb"}))
    with duckdb.connect(str(clean_build.database), read_only=True) as con, \
            _every_text_column_name_once(con) as names_once:
        queries = {
            # a query made from the database's columns is made from a database holding each
            # distinct text column name once per schema: the same SQL with one part per name
            # instead of one per column (protected_tiers.person_values: 279 columns, 35 names;
            # sqlfluff took 22 of the test's 35 CPU-seconds on it)
            name: facts.sql(names_once if name == "protected_tiers.person_values" else con)
            if callable(facts.sql) else facts.sql
            for name, facts in {**landing_facts(_parameters()), **mart_facts(_parameters())}.items()
        }
    problems = [
        f"{name} L{violation.line_no}: {violation.rule_code()} {violation.desc()}"
        for name, sql in queries.items()
        for violation in linter.lint_string(sql, fname=f"{name}.sql").get_violations()
    ]
    assert problems == []


@contextlib.contextmanager
def _every_text_column_name_once(con):
    """An in-memory database with one table per schema of the build, holding each distinct text
    column name of that schema once."""
    names = con.execute(
        "select table_schema, list(distinct column_name order by column_name) from information_schema.columns "
        "where data_type = 'VARCHAR' group by table_schema"
    ).fetchall()
    with duckdb.connect() as names_once:
        for schema, columns in names:
            names_once.execute(f'create schema "{schema}"')
            names_once.execute(f'create table "{schema}".every_text_column ('
                               + ", ".join(f'"{column}" varchar' for column in columns) + ")")
        yield names_once


def test_gx_in_its_own_process_decides_and_records_as_in_the_run_process(database_copy, tmp_path):
    # wres run validates in a process of its own (QualityRun.start_background): the same findings,
    # the same critical failure, the same run records
    with duckdb.connect(str(database_copy)) as con:
        con.execute("insert into staging.base_esr__assignments "
                    "select * from staging.base_esr__assignments where quarantine_reason is null limit 1")
    reports, records = [], []
    for name, background in (("inline", False), ("worker", True)):
        quality = QualityRun(database_copy, tmp_path / name, "tampered")
        if background:
            quality.start_background()
        try:
            reports.append(quality.validate(LANDING))
        finally:
            quality.close()
        records.append(sorted(str(path.relative_to(tmp_path / name)) for path in (tmp_path / name).rglob("*")
                              if "validations" not in path.parts and "expectations" not in path.parts))
    inline, worker = reports
    assert [dataclasses.asdict(finding) | {"validated_at": None} for finding in worker.findings] == [
        dataclasses.asdict(finding) | {"validated_at": None} for finding in inline.findings]
    assert [finding.facts for finding in worker.critical_failures] == ["esr_staff_in_post.by_org_snapshot"]
    assert records[0] == records[1] and "data_quality/data_docs/index.html" in records[1]
    assert multiprocessing.active_children() == []


def test_a_great_expectations_import_failing_in_its_process_stops_the_run_as_in_the_run_process(tmp_path, monkeypatch):
    # the worker imports GX while the run lands and builds staging; its failure is raised by the
    # landing validation as an import in the run's process would be: nothing published, no process left
    fake = tmp_path / "fake" / "great_expectations"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('great_expectations broken for this test')\n")
    monkeypatch.syspath_prepend(str(tmp_path / "fake"))  # a spawned process starts with this sys.path
    run_settings = settings.resolve(
        landing_dir=str(CLEAN), database=str(tmp_path / "wres.duckdb"), publish_dir=str(tmp_path / "publish"),
        runs_dir=str(tmp_path / "runs"),
    )
    lines: list[str] = []
    with pytest.raises(ImportError, match="broken for this test"):
        pipeline.run(run_settings, say=lines.append, quality_in_background=True)
    assert "==> validate the landing data (Great Expectations)" in lines
    assert "==> build and test the warehouse (dbt build)" not in lines
    assert not (tmp_path / "publish").exists()
    assert multiprocessing.active_children() == []


def test_the_great_expectations_process_ends_quietly_when_the_run_is_killed_before_its_answer(tmp_path):
    # a `kill -9` of the run while GX works: its answer (here an error) finds the pipe closed; the
    # process must end without a traceback on the run's terminal or log, not die on the second send
    from wres.quality.runner import _serve

    context = multiprocessing.get_context("spawn")
    run_end, worker_end = context.Pipe()
    worker = context.Process(target=_serve, args=(worker_end, tmp_path / "wres.duckdb", tmp_path / "run", "killed",
                                                  None, {}))
    worker.start()
    worker_end.close()
    run_end.send(("no such request", None))  # answered with an error, after the run has gone
    run_end.close()
    worker.join(120)
    assert worker.exitcode == 0
