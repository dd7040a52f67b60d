"""The main job: land the extracts, build and test the warehouse, report.

Each stage prints what it does; any failure stops the run with a message that names the file,
model or check, and a non-zero exit code. A run's records are kept in build/runs/<run_id>/.

Data quality (docs/data-quality.md): staging is built first so that the landing suites see the
typed rows; a critical landing expectation stops the run before the rest of the build, and a
critical mart expectation stops it right after the build, before anything is published.
"""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import duckdb

from wres import heap, nightly, usefulness
from wres.contract import EXTRACTS
from wres.dbt_runner import run_dbt
from wres.evidence import EvidenceError, describe_code, file_stats, write_evidence
from wres.landing import LandingError, LandingResult, land
from wres.publish import MANIFEST_FILE, PublishError, clean_up, current_publication_dir, publish_lock, publish_stage
from wres.quality import LANDING, MARTS, QualityRun, SuiteError, warning_lines
from wres.run_errors import (
    EXIT_DATABASE_IN_USE, EXIT_RUN_LOCKED, EXIT_STORAGE, check_database_path, check_folder_path, classify,
    classify_text, unwritable_ancestor,
)
from wres.run_lock import RunLockBusy, run_lock
from wres.report.stage import Deliverables
from wres.settings import Settings, connect_duckdb

Printer = Callable[[str], None]

EXIT_OK = 0
EXIT_BUILD_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_DATA_QUALITY = 3  # a critical Great Expectations expectation failed (landing data or marts)
# EXIT_RUN_LOCKED = 4 another run holds this database's run lock, EXIT_DATABASE_IN_USE = 5 another
# program holds the build database open, EXIT_STORAGE = 6 a path cannot be used or a disk is full
# or read-only: the faults of the machine, in wres/run_errors.py (imported above)

# Built before the landing suites run: the typed staging models with their quarantine, the
# reconciliation they feed, and the reference seeds. Everything else is built after the suites
# pass. Tests go with the phase that builds all of their parents (--indirect-selection cautious),
# so a test spanning both phases runs once, in the second.
STAGING_SELECTION = ["path:seeds/reference", "+landing_reconciliation"]


class RunFailed(Exception):
    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def _write_run_record(settings: Settings, record: dict) -> None:
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    (settings.run_dir / "run.json").write_text(json.dumps(record, indent=2, default=str))


def check_paths(settings: Settings) -> None:
    """Stop before anything is written if a path cannot be used (a file where a folder is needed)."""
    problem = (
        check_database_path(settings.database)
        or check_folder_path(settings.runs_dir, f"runs folder {settings.runs_dir}")
        or check_folder_path(settings.publish_dir, f"publish folder {settings.publish_dir}")
    )
    if problem:
        raise RunFailed(problem, EXIT_STORAGE)
    settings.database.parent.mkdir(parents=True, exist_ok=True)


def prepare_publish_dir(settings: Settings, say: Printer) -> None:
    """Remove what killed runs left in the publish folder, and find out early that it is writable.
    A publish folder that does not exist yet is not created here: a failed run creates nothing."""
    if not settings.publish_dir.exists():
        problem = unwritable_ancestor(settings.publish_dir)
        if problem:
            raise RunFailed(f"publish folder {settings.publish_dir}: cannot be created: {problem}", EXIT_STORAGE)
        return
    try:
        with publish_lock(settings.publish_dir):
            removed = clean_up(settings.publish_dir, settings.keep_publications)
    except PublishError as error:  # another database's run is publishing there: its clean-up will do
        say(f"    publish folder not cleaned up now: {error}")
        return
    if removed:
        say(f"    removed {len(removed)} unfinished or old item(s) from {settings.publish_dir}: "
            + ", ".join(path.name for path in removed[:5]) + (", ..." if len(removed) > 5 else ""))


def reconciliation_rows(database: Path) -> list[tuple]:
    with connect_duckdb(database, read_only=True) as con:
        return con.execute(
            """
            select extract_name, rows_read, rows_accepted, rows_quarantined, is_balanced
            from audit.landing_reconciliation order by extract_name
            """
        ).fetchall()


def format_reconciliation(rows: list[tuple]) -> str:
    lines = [f"{'extract':<26}{'read':>10}{'accepted':>10}{'quarantined':>13}  balanced"]
    for extract, read, accepted, quarantined, balanced in rows:
        lines.append(f"{extract:<26}{read:>10,}{accepted:>10,}{quarantined:>13,}  {'yes' if balanced else 'NO'}")
    return "\n".join(lines)


# The headline columns of marts.wres_summary as printed after a run: (column, header, format).
# Rounded for display only, as spec §4 says: ratios 2 dp, percentages and percentage points 1 dp.
HEADLINES = [
    ("bme_workforce_pct", "BME%", "pct"),
    ("ind2_relative_likelihood", "RL2", "ratio"),
    ("ind3_relative_likelihood", "RL3", "ratio"),
    ("ind4_relative_likelihood", "RL4", "ratio"),
    *[(f"ind{n}_{group}_pct", f"{n}{group[0].upper()}%", "pct") for n in (5, 6, 7, 8) for group in ("white", "bme")],
    ("ind9_voting_pct_point_diff", "9pts", "points"),
]
HEADLINE_LEGEND = (
    "BME% = BME share of the workforce; RL2/RL3/RL4 = relative likelihoods of indicators 2, 3 (two-year\n"
    "rolling) and 4; 5W%..8B% = survey indicators 5-8, White and BME; 9pts = voting board BME% minus\n"
    "workforce BME%, in points; — = not calculable or no data"
)


# The WDES headline (issue 12), from marts.wdes_summary, printed beside the WRES one.
WDES_HEADLINES = [
    ("disabled_workforce_pct", "D%", "pct"),
    ("declaration_rate_pct", "Decl%", "pct"),
    ("metric2_relative_likelihood", "M2", "ratio"),
    ("metric3_relative_likelihood", "M3", "ratio"),
    ("metric4a_ii_disabled_pct", "4aiiD%", "pct"),
    ("metric4a_ii_non_disabled_pct", "4aiiN%", "pct"),
    ("metric7_disabled_pct", "7D%", "pct"),
    ("metric7_non_disabled_pct", "7N%", "pct"),
    ("metric8_disabled_pct", "8D%", "pct"),
    ("metric9a_disabled_score", "9aD", "ratio"),
    ("metric9a_non_disabled_score", "9aN", "ratio"),
    ("metric10_voting_pct_point_diff", "10pts", "points"),
]
WDES_HEADLINE_LEGEND = (
    "D% = Disabled share of the workforce (ESR); Decl% = Disabled + non-disabled share (declaration rate);\n"
    "M2 = non-disabled over Disabled appointment from shortlisting; M3 = Disabled over non-disabled entry into\n"
    "the formal capability process (two-year rolling); 4aii/7 = survey metrics 4a(ii) and 7, Disabled (D) and\n"
    "non-disabled (N), unweighted; 8D% = reasonable adjustments; 9a = engagement score 0-10; 10pts = voting\n"
    "board Disabled% minus workforce Disabled%, in points; — = not calculable or no data (docs/wdes.md)"
)


def latest_summary_rows(database: Path, table: str = "wres_summary", headlines: list = HEADLINES) -> list[tuple]:
    """The summary row of each organisation's latest reporting year."""
    columns = ", ".join(column for column, _, _ in headlines)
    with connect_duckdb(database) as con:
        return con.execute(
            f"""
            select org_code, reporting_year, {columns}
            from marts.{table}
            qualify reporting_year = max(reporting_year) over (partition by org_code)
            order by org_code
            """
        ).fetchall()


def format_headlines(rows: list[tuple], headlines: list = HEADLINES, legend: str = HEADLINE_LEGEND) -> str:
    def cell(value, kind: str) -> str:
        if value is None:
            return "—"
        return {"ratio": f"{value:.2f}", "pct": f"{value:.1f}", "points": f"{value:+.1f}"}[kind]

    lines = [f"{'org':<8}{'year':>6}" + "".join(f"{header:>7}" for _, header, _ in headlines)]
    for org_code, year, *values in rows:
        figures = "".join(f"{cell(value, kind):>7}" for value, (_, _, kind) in zip(values, headlines))
        lines.append(f"{org_code:<8}{year:>6}" + figures)
    return "\n".join(lines + [legend])


def model_employer_lines(database: Path) -> list[str]:
    """One line per organisation: the Model Employer aggregate row of its latest year, or why none."""
    with connect_duckdb(database) as con:
        rows = con.execute(
            """
            select org_code, reporting_year, band_row, goal_bme_pct, actual_bme_pct, trajectory_status,
                not_calculable_reason, baseline_year
            from marts.model_employer_trajectory
            -- the pooled aggregate row (var model_employer_aggregate_row): neither a band nor VSM
            where band_row not like 'Band %' and band_row != 'VSM'
                and (band_headcount is not null or not_calculable_reason is not null)
            qualify reporting_year = max(reporting_year) over (partition by org_code)
            order by org_code
            """
        ).fetchall()
    lines = []
    for org_code, year, band_row, goal, actual, status, reason, baseline in rows:
        if reason:
            lines.append(f"{org_code:<8}{year:>6}  {band_row}: not calculable ({reason}; baseline year {baseline}, "
                         "var model_employer_baseline_year)")
        else:
            lines.append(f"{org_code:<8}{year:>6}  {band_row}: BME {actual:.1f}% against a goal of {goal:.1f}% ({status})")
    return lines


def run(settings: Settings, say: Printer = print, quality_in_background: bool | None = None) -> int:
    """The main job. Great Expectations runs in a process of its own (QualityRun.start_background)
    when `quality_in_background`, by default in a one-shot `wres` process (heap.is_one_shot): a
    process running many builds (the test suite) keeps one import of it instead of one per run."""
    record: dict = {
        "run_id": settings.run_id,
        "landing_dir": settings.landing_dir,
        "database": settings.database,
        "stages": [],
        "status": "running",
        "data_quality": {},
    }
    started = time.perf_counter()
    quality = QualityRun(settings.database, settings.run_dir, settings.run_id)
    quality_warnings: list = []
    held = ExitStack()  # the run lock, released when the run ends
    exit_code = EXIT_OK

    def stage(name: str, action: Callable[[], object]):
        say(f"==> {name}")
        stage_started, cpu_started = time.perf_counter(), _cpu_seconds()
        try:
            return action()
        finally:
            record["stages"].append({"stage": name, "seconds": round(time.perf_counter() - stage_started, 2),
                                     "cpu_seconds": round(_cpu_seconds() - cpu_started, 2)})

    def show_quality_warnings() -> None:
        if quality_warnings:
            say("")
            say(f"Data-quality warnings ({len(quality_warnings)}; all results: table audit.data_quality_results):")
            for line in warning_lines(quality_warnings):
                say(line)

    try:
        say(f"WRES run {settings.run_id}")
        say(f"    landing   {settings.landing_dir}")
        say(f"    database  {settings.database}")
        check_paths(settings)
        try:
            held.enter_context(run_lock(settings.database, settings.run_id, say))
        except RunLockBusy as busy:
            raise RunFailed(str(busy), EXIT_RUN_LOCKED) from None
        _write_run_record(settings, record)  # the runs folder is writable before the work starts
        prepare_publish_dir(settings, say)
        if heap.is_one_shot() if quality_in_background is None else quality_in_background:
            quality.start_background()

        landing_stats: dict = {}

        def check_freshness() -> None:
            findings = nightly.check_freshness(
                settings.landing_dir, settings.runs_dir, settings.run_id, settings.landing_max_age_days
            )
            record["freshness"] = {"action": settings.freshness_action, "findings": [str(f) for f in findings]}
            for finding in findings:
                say(f"    {'STALE' if settings.freshness_action == 'fail' else 'warning'}: {finding}")
            if findings and settings.freshness_action == "fail":
                raise RunFailed(
                    f"bad input: {len(findings)} landing file(s) not fresh (WRES_FRESHNESS_ACTION=fail): {findings[0]}",
                    EXIT_BAD_INPUT,
                )
            if not findings:
                say("    every landing file is fresh")
            present = {e.name: settings.landing_dir / e.file_name for e in EXTRACTS
                       if (settings.landing_dir / e.file_name).is_file()}
            landing_stats.update(file_stats(present))

        stage("check landing freshness (age, unchanged since the last successful run)", check_freshness)

        def do_land() -> list[LandingResult]:
            try:
                return land(settings.database, settings.landing_dir, settings.run_id)
            except LandingError as error:
                raise RunFailed(f"bad input: {error}", EXIT_BAD_INPUT) from None
            except OSError as error:  # a landing file that cannot be read is bad input, not a disk fault
                if error.filename and str(error.filename).startswith(str(settings.landing_dir)):
                    raise RunFailed(f"bad input: {error.filename}: cannot be read ({error.strerror})", EXIT_BAD_INPUT) from None
                raise

        stage("land the extracts (DuckDB CSV reader)", do_land)

        def dbt_build(selection: list[str], run_dir) -> None:
            outcome = run_dbt(
                ["build", *selection, "--indirect-selection", "cautious", "--exclude-resource-type", "unit_test"],
                settings.database, run_dir,
            )
            if not outcome.success:
                fault = classify_text("\n".join(outcome.failures), settings.database)
                if fault:  # a full disk or a database held open: the machine, not the models
                    raise RunFailed(f"the dbt build failed: {fault[0]}", fault[1])
                detail = "\n".join(f"    - {failure}" for failure in outcome.failures) or "    (see dbt output above)"
                raise RunFailed(f"the dbt build failed:\n{detail}", EXIT_BUILD_FAILED)

        def check_quality(quality_stage: str) -> None:
            try:
                report = quality.validate(quality_stage)
            except SuiteError as error:
                raise RunFailed(f"a data-quality suite is malformed: {error}", EXIT_BUILD_FAILED) from None
            record["data_quality"][quality_stage] = report.as_record()
            if report.skipped:
                say(f"    skipped: {report.skipped}")
                return
            quality_warnings.extend(report.warnings)
            say(
                f"    {len(report.findings)} expectations: {len(report.findings) - len(report.warnings) - len(report.critical_failures)} met, "
                f"{len(report.warnings)} warning(s), {len(report.critical_failures)} critical failure(s)"
            )
            if report.critical_failures:
                raise RunFailed(
                    f"{report.failure_message()}\n  Results: table audit.data_quality_results; {report.results_dir}",
                    EXIT_DATA_QUALITY,
                )

        # dbt's records of this first build go to <run_dir>/dbt_staging/, the full build's to <run_dir>/
        stage(
            "build and test staging (dbt build: typing, quarantine, reconciliation)",
            lambda: dbt_build(["--select", *STAGING_SELECTION], settings.run_dir / "dbt_staging"),
        )
        stage("validate the landing data (Great Expectations)", lambda: check_quality(LANDING))
        stage(
            "build and test the warehouse (dbt build)",
            lambda: dbt_build(["--exclude", *STAGING_SELECTION], settings.run_dir),
        )
        # Right after the build and before any publication step: nothing unchecked is published.
        stage("validate the marts (Great Expectations)", lambda: check_quality(MARTS))

        rows = reconciliation_rows(settings.database)
        record["reconciliation"] = [dict(zip(("extract", "read", "accepted", "quarantined", "balanced"), row)) for row in rows]
        say("")
        say("Landing summary (rows read = accepted + quarantined):")
        say(format_reconciliation(rows))
        if not all(row[4] for row in rows):
            raise RunFailed("rows read do not reconcile with rows accepted + quarantined", EXIT_BUILD_FAILED)
        if any(row[3] for row in rows):
            say("    quarantined rows, with file, line and reason: table audit.landing_quarantine")

        headlines = latest_summary_rows(settings.database)
        if headlines:
            say("")
            say("Headline figures, latest reporting year of each organisation (marts.wres_summary):")
            say(format_headlines(headlines))
        wdes_headlines = latest_summary_rows(settings.database, "wdes_summary", WDES_HEADLINES)
        if wdes_headlines:
            say("")
            say("WDES headline figures, latest reporting year of each organisation (marts.wdes_summary, internal):")
            say(format_headlines(wdes_headlines, WDES_HEADLINES, WDES_HEADLINE_LEGEND))
        trajectory = model_employer_lines(settings.database)
        if trajectory:
            say("")
            say("Model Employer trajectory, BME share at band 8a and above (marts.model_employer_trajectory, internal):")
            say("\n".join(trajectory))

        def keep_evidence() -> dict:
            try:
                evidence = write_evidence(settings, landing_stats)
            except EvidenceError as error:
                raise RunFailed(f"the run's evidence could not be written: {error}", EXIT_BUILD_FAILED) from None
            say(f"    code {describe_code(evidence['code'])}; dbt {evidence['versions']['dbt_core']}, "
                f"DuckDB {evidence['versions']['duckdb']}; {len(evidence['marts'])} mart tables as Parquet")
            return evidence

        say("")
        evidence = stage("keep the run's evidence (wres/evidence.py: landing manifest, versions, marts)", keep_evidence)
        record["code"] = evidence["code"]

        quality.close()  # the marts' Data Docs written (a failure there stops the run before publication)
        # last: only a run whose every build step, test and critical expectation passed publishes
        say("")
        record["publication"] = stage(
            "publish the suppressed tier (wres/publish.py)",
            lambda: publish_stage(settings, say, provenance=evidence["code"]),
        )

        # what the suppression left for readers (issue 14): the share of headline figures and counts shown
        shown = usefulness.measure_build(settings.database)
        record["usefulness"] = usefulness.as_record(shown)
        say("")
        say("\n".join(usefulness.summary_lines(shown)))

        def static_docs() -> None:
            # the figures are published by now: a docs failure is reported, it does not fail the run
            try:
                page = nightly.generate_static_docs(settings.database, settings.run_dir)
                say(f"    {page}")
            except Exception as error:  # noqa: BLE001 -- any dbt failure here is only a warning
                record["docs_warning"] = str(error)
                say(f"    warning: dbt docs were not generated: {error}")

        # only a run that passed every check and published becomes the row-count drift baseline
        # (before the report starts: a run that fails here writes no report, as before)
        quality.mark_run_succeeded()
        # the report (Chromium printing, in processes of their own) runs while the docs and the
        # return are written in this process; its messages come in the report's stage
        deliverables = Deliverables(settings).start()
        stage("generate the dbt docs of the run (static_index.html)", static_docs)
        say("")
        record["deliverables"] = stage("write the WRES report and the data-collection return (wres/report)",
                                       lambda: deliverables.finish(say))
        if not record["deliverables"]["ok"]:
            raise RunFailed("published, but the report or the return could not be written (see above); "
                            "rerun `wres report` / `wres return` once fixed", EXIT_BUILD_FAILED)
        record["status"] = "success"
        show_quality_warnings()
        say("")
        say(f"Run {settings.run_id} succeeded in {time.perf_counter() - started:.1f} s; records in {settings.run_dir}")
    except (RunFailed, OSError, duckdb.Error) as error:
        failure = error if isinstance(error, RunFailed) else _machine_fault(error, settings)
        if failure is None:
            raise  # not a known fault of the machine: a defect, shown in full
        exit_code = failure.exit_code
        record["status"] = "failed"
        record["error"] = str(failure)
        show_quality_warnings()
        say("")
        say(f"RUN FAILED: {failure}")
        if "publication" in record:
            say(f"The run published {settings.publish_dir / 'current'}. Run records: {settings.run_dir}")
        else:
            say(f"Nothing was published. Run records: {settings.run_dir}")
    finally:
        try:
            quality.close()  # after a failed run: its Data Docs written, the worker stopped
        except Exception as error:  # noqa: BLE001 -- the run has already failed; say why the docs are missing
            say(f"warning: the Data Docs of the run were not written: {error}")
        held.close()
        record["seconds"] = round(time.perf_counter() - started, 2)
        record["cpu_seconds"] = round(_cpu_seconds(), 2)  # the process's, interpreter start-up and imports included
        record_written = _try_write_run_record(settings, record, say)
        if exit_code != EXIT_RUN_LOCKED:  # a run refused the lock leaves the records to the one running
            _prune_run_folders(settings, say)
    return exit_code if record_written else (exit_code or EXIT_STORAGE)


def _cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its children that have ended (Chromium):
    on a shared machine, wall time measures the neighbours as much as the run."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _try_write_run_record(settings: Settings, record: dict, say: Printer) -> bool:
    try:
        _write_run_record(settings, record)
    except OSError as error:  # a full or read-only runs folder: say so in one line
        fault = classify(error, settings.database)
        say(f"RUN RECORD NOT WRITTEN: {fault[0] if fault else error}")
        return False
    return True


def _machine_fault(error: BaseException, settings: Settings) -> RunFailed | None:
    fault = classify(error, settings.database)
    return RunFailed(fault[0], fault[1]) if fault else None


def _prune_run_folders(settings: Settings, say: Printer) -> None:
    """Keep the run records bounded (WRES_KEEP_RUNS, WRES_KEEP_RUN_DAYS); never fail the run."""
    protect = {settings.run_id}
    last_success = nightly.last_successful_run(settings.runs_dir)
    if last_success is not None:
        protect.add(last_success.name)
    try:
        protect.add(json.loads((current_publication_dir(settings.publish_dir) / MANIFEST_FILE).read_text())["run_id"])
    except (OSError, ValueError, KeyError):
        pass
    try:
        deleted = nightly.prune_runs(settings.runs_dir, settings.keep_runs, settings.keep_run_days, protect)
    except OSError as error:
        say(f"warning: old run folders were not pruned: {error}")
        return
    if deleted:
        say(f"Pruned {len(deleted)} old run folder(s) from {settings.runs_dir} (keep {settings.keep_runs} runs"
            f"{f', {settings.keep_run_days:g} days' if settings.keep_run_days else ''})")
