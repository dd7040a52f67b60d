"""Run the Great Expectations suites of a stage on DuckDB fact frames; record and report the results.

For each stage (``landing``: after staging is built, before the rest of the build; ``marts``:
after the build, before anything is published):

1. DuckDB computes every fact frame the stage's suites refer to (facts.py);
2. Great Expectations (pandas datasource, ephemeral context) evaluates each suite's
   expectations on their frame: one ValidationDefinition per suite and frame;
3. the results are written to the run folder (GX validation results as JSON, GX Data Docs as
   HTML) and to ``audit.data_quality_results`` in the build database, one row per expectation
   per run, which BI tools can read (``audit.data_quality_latest``: the latest run's rows);
4. the caller gets a StageReport: critical failures stop the run, warnings go to its summary.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import math
import os
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from wres.settings import connect_duckdb
import yaml

from wres import PROJECT_DIR, heap
from wres.quality import disclosure
from wres.quality.facts import LANDING, MARTS, Facts, Parameters, landing_facts, mart_facts
from wres.quality.suites import Suite, load_suites
from wres.test_hooks import pause_point

RESULTS_TABLE = "audit.data_quality_results"
LATEST_VIEW = "audit.data_quality_latest"
ROW_COUNTS_TABLE = "audit.landing_row_counts"
EXAMPLES_SHOWN = 5


@dataclass
class Finding:
    """The outcome of one expectation in one run: a row of audit.data_quality_results."""

    run_id: str
    validated_at: str
    stage: str
    suite_name: str
    target: str
    target_label: str
    facts: str
    expectation_type: str
    rule: str  # the expectation with its evaluated arguments
    column_name: str | None
    severity: str
    success: bool
    description: str
    observed_value: str | None
    element_count: int | None
    unexpected_count: int | None
    examples: list[str] = field(default_factory=list)
    error: str | None = None
    # what of the examples and observed value may be published (wres/quality/disclosure.py)
    published_examples: list[str] = field(default_factory=list)
    published_observed_value: str | None = None

    def headline(self) -> str:
        return f"{self.target_label}: {self.description}"

    def detail(self) -> str:
        lines = [f"{self.rule} on facts {self.facts}"]
        if self.error:
            lines.append(f"could not be evaluated: {self.error}")
        if self.examples:
            counted = (
                f" ({self.unexpected_count} of {self.element_count})"
                if self.unexpected_count is not None and self.element_count is not None
                else ""
            )
            lines.append(f"failing{counted}: " + " | ".join(self.examples))
        elif self.observed_value is not None:
            lines.append(f"observed: {self.observed_value}")
        return "\n".join(lines)


@dataclass
class StageReport:
    stage: str
    findings: list[Finding]
    seconds: float
    skipped: str | None = None  # why the stage did not run
    results_dir: Path | None = None

    @property
    def critical_failures(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.success and finding.severity == "critical"]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.success and finding.severity == "warning"]

    def failure_message(self) -> str:
        failures = self.critical_failures
        lines = [f"{len(failures)} critical data-quality expectation(s) failed at the {self.stage} stage:"]
        for finding in failures:
            lines.append(f"  - {finding.headline()}")
            lines += [f"      {line}" for line in finding.detail().splitlines()]
        return "\n".join(lines)

    def as_record(self) -> dict:
        return {
            "stage": self.stage,
            "seconds": round(self.seconds, 2),
            "skipped": self.skipped,
            "expectations": len(self.findings),
            "critical_failures": [finding.headline() for finding in self.critical_failures],
            "warnings": [finding.headline() for finding in self.warnings],
            "results_dir": str(self.results_dir) if self.results_dir else None,
        }


def dbt_vars() -> dict:
    with (PROJECT_DIR / "dbt_project.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle).get("vars", {})


def _plain(value: Any) -> Any:
    """numpy / pandas / date values as plain JSON-friendly Python values."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return round(value, 4)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _format_value(value: Any) -> str:
    value = _plain(value)
    if isinstance(value, list):
        return "(" + ", ".join(_format_value(item) for item in value) + ")"
    return "NULL" if value is None else str(value)


def _rule(expectation_type: str, kwargs: dict) -> str:
    shown = {key: value for key, value in kwargs.items() if key not in {"batch_id", "result_format"}}
    arguments = ", ".join(f"{key}={_format_value(value)}" for key, value in shown.items())
    return f"{expectation_type}({arguments})"


def _example_rows(result: dict, checked_columns: list[str]) -> list[tuple[str, dict[str, str]]]:
    """The failing examples of a result: (as shown inside the build, column -> shown value)."""
    rows = result.get("partial_unexpected_index_list") or result.get("unexpected_index_list")
    if rows:
        examples = []
        for row in rows[:EXAMPLES_SHOWN]:
            ordered = [key for key in checked_columns if key in row] + [
                key for key in row if key not in checked_columns and _plain(row[key]) is not None
            ]
            shown = {key: _format_value(row[key]) for key in ordered}
            examples.append(("; ".join(f"{key}={value}" for key, value in shown.items()), shown))
        return examples
    values = result.get("partial_unexpected_list")
    if values:
        column = checked_columns[0] if checked_columns else "value"
        return [(_format_value(value), {column: _format_value(value)}) for value in values[:EXAMPLES_SHOWN]]
    mismatched = (result.get("details") or {}).get("mismatched")
    if mismatched:
        return [
            (f"{key}: {_format_value(value)}", {key: _format_value(value)})
            for key, value in mismatched.items() if value
        ]
    return []


def _examples(result: dict, checked_columns: list[str]) -> list[str]:
    return [shown for shown, _ in _example_rows(result, checked_columns)]


def _error(exception_info: Any) -> str | None:
    if not isinstance(exception_info, dict):
        return None
    if exception_info.get("raised_exception"):
        return str(exception_info.get("exception_message"))
    for value in exception_info.values():  # keyed by metric when a metric failed
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message"))
    return None


def _frame(con: duckdb.DuckDBPyConnection, facts: Facts):
    sql = facts.sql(con) if callable(facts.sql) else facts.sql
    frame = con.execute(sql).df()
    for column in frame.columns:
        # GX compares dates with its date parameters: give it datetime.date, not pandas Timestamps
        if str(frame[column].dtype).startswith("datetime64"):
            frame[column] = frame[column].dt.date
    return frame


def _ensure_audit_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists audit")
    con.execute(
        f"""
        create table if not exists {RESULTS_TABLE} (
            run_id varchar, validated_at timestamp, stage varchar, suite_name varchar,
            target varchar, facts varchar, expectation_type varchar, rule varchar,
            column_name varchar, severity varchar, success boolean, description varchar,
            observed_value varchar, element_count bigint, unexpected_count bigint,
            examples varchar, error varchar
        )
        """
    )
    # results tables of builds made before the published copy was filtered
    con.execute(f"alter table {RESULTS_TABLE} add column if not exists published_examples varchar")
    con.execute(f"alter table {RESULTS_TABLE} add column if not exists published_observed_value varchar")
    con.execute(
        f"""
        create or replace view {LATEST_VIEW} as
        select * from {RESULTS_TABLE}
        where run_id = (select max(run_id) from {RESULTS_TABLE})
        """
    )
    con.execute(
        f"""
        create table if not exists {ROW_COUNTS_TABLE} (
            run_id varchar, extract_name varchar, rows_read bigint, rows_accepted bigint,
            recorded_at timestamp, is_run_successful boolean
        )
        """
    )


def _defer_import(name: str) -> None:
    """Import module `name` lazily: its code runs at the first use of one of its attributes.

    Great Expectations imports scipy.stats (a second of CPU, a third of its own import) for three
    expectations and metrics (KL divergence, KS tests) that no suite of ours uses; deferred, the
    import is only paid when one runs. The recipe of the importlib documentation (LazyLoader).
    """
    import importlib.util
    import sys

    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


class QualityRun:
    """The data-quality side of one pipeline run: a GX context shared by its stages."""

    def __init__(self, database: Path, run_dir: Path, run_id: str, expectations_dir: Path | None = None):
        self.database = database
        self.run_dir = run_dir
        self.run_id = run_id
        self.results_dir = run_dir / "data_quality"
        self.expectations_dir = expectations_dir
        variables = dbt_vars()
        self.expectation_parameters = {
            "earliest_plausible_date": str(variables["wres_earliest_plausible_date"]),
            # a date after the run cannot be in an extract
            "latest_plausible_date": dt.datetime.now(dt.timezone.utc).date().isoformat(),
        }
        self.parameters = Parameters(
            run_id=run_id,
            included_assignment_categories=tuple(variables["wres_included_assignment_categories"]),
            included_assignment_status_prefix=variables["wres_included_assignment_status_prefix"],
            earliest_plausible_date=self.expectation_parameters["earliest_plausible_date"],
            latest_plausible_date=self.expectation_parameters["latest_plausible_date"],
        )
        self._context = None
        self._all_findings: list[Finding] = []
        self._reference_codes: dict[str, frozenset[str]] = {}  # per stage: disclosure.reference_codes
        self._stage_suite_names: list[str] = []  # the GX suites of the stage being validated (Data Docs)
        self._worker: _GreatExpectationsWorker | None = None

    # -- Great Expectations in a process of its own --------------------------------------------
    def start_background(self) -> None:
        """From now on Great Expectations runs in a process of its own, started now: its import and
        set-up (a second or two of CPU) proceed on the other core while the run lands the extracts
        and builds staging, and each stage's Data Docs are written there while the run goes on.
        DuckDB stays in this process (the facts, audit.data_quality_results): the worker is given
        the fact frames and returns GX's results, so the findings and verdicts are as before."""
        if self._worker is None:
            self._worker = _GreatExpectationsWorker(self)

    def close(self) -> None:
        """Wait for the Data Docs still being written and stop the worker; raises what it raised."""
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop()

    # -- Great Expectations ------------------------------------------------------------------
    def _gx(self):
        if self._context is None:
            _defer_import("scipy.stats")
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

            heap.settle()  # its modules, once imported, are never garbage

            # GX logs at INFO (a level it sets on that module's logger) that its ephemeral context
            # made, and removed, a temporary docs folder: not news for the run's reader
            logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)
            context = gx.get_context(mode="ephemeral")
            context.variables.progress_bars = ProgressBarsConfig(globally=False)
            # Data Docs go to this run's folder only (the default site would write to a temp dir)
            for site_name in list(context.get_site_names()):
                context.delete_data_docs_site(site_name)
            context.add_data_docs_site(
                site_name="run",
                site_config={
                    "class_name": "SiteBuilder",
                    "show_how_to_buttons": False,
                    "store_backend": {
                        "class_name": "TupleFilesystemStoreBackend",
                        "base_directory": str(self.results_dir / "data_docs"),
                    },
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                },
            )
            self._datasource = context.data_sources.add_pandas("wres_facts")
            self._context = context
        return self._context

    def _validate(self, suite: Suite, facts: Facts, expectations: list[dict], frame) -> dict:
        context = self._gx()  # first: it defers scipy.stats before Great Expectations is imported
        import great_expectations as gx
        from great_expectations.core.run_identifier import RunIdentifier

        asset = self._datasource.add_dataframe_asset(name=facts.name)
        batch_definition = asset.add_batch_definition_whole_dataframe(name="whole frame")
        gx_name = _gx_name(suite, facts)
        self._stage_suite_names.append(gx_name)
        gx_suite = context.suites.add(
            gx.ExpectationSuite(
                name=gx_name,
                expectations=[
                    {key: value for key, value in expectation.items() if key != "id"}
                    for expectation in expectations
                ],
                meta={"wres": suite.document.get("meta", {}).get("wres", {}), "facts": facts.description},
                notes=suite.document.get("notes"),
            )
        )
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=gx_name, data=batch_definition, suite=gx_suite)
        )
        index_columns = [column for column in facts.index_columns if column in frame.columns]
        # SUMMARY: counts and the first 20 failing rows; COMPLETE would list every failing row
        result_format: dict = {"result_format": "SUMMARY"}
        if index_columns:
            result_format["unexpected_index_column_names"] = index_columns
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = definition.run(
                batch_parameters={"dataframe": frame},
                expectation_parameters=self.expectation_parameters,
                result_format=result_format,
                run_id=RunIdentifier(run_name=self.run_id),
            )
        return result.to_json_dict()

    # -- a stage -----------------------------------------------------------------------------
    def validate(self, stage: str) -> StageReport:
        started = time.perf_counter()
        facts_by_name = landing_facts(self.parameters) if stage == LANDING else mart_facts(self.parameters)
        suites = load_suites(stage, set(facts_by_name), **({"directory": self.expectations_dir} if self.expectations_dir else {}))
        validated_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")
        findings: list[Finding] = []
        raw_results: list[dict] = []
        self._stage_suite_names = []
        with connect_duckdb(self.database) as con:
            con.execute("set enable_progress_bar = false")  # the run prints its own progress
            _ensure_audit_tables(con)
            if stage == MARTS:
                missing = _missing_tables(con, suites)
                if missing:
                    return StageReport(
                        stage, [], time.perf_counter() - started,
                        skipped=f"the mart table(s) {', '.join(missing)} are not built yet; mart suites not run",
                    )
            self._reference_codes = disclosure.reference_codes(con)
            frames = {}
            for suite in suites:
                for facts_name in dict.fromkeys(expectation["meta"]["facts"] for expectation in suite.expectations):
                    if facts_name not in frames:
                        frames[facts_name] = _frame(con, facts_by_name[facts_name])
            validations = []  # (suite, facts, expectations), in the order of the suites
            for suite in suites:
                grouped: dict[str, list[dict]] = {}
                for expectation in suite.expectations:
                    grouped.setdefault(expectation["meta"]["facts"], []).append(expectation)
                validations += [(suite, facts_by_name[name], expectations) for name, expectations in grouped.items()]
            for (suite, facts, _), result in zip(validations, self._validate_all(validations, frames)):
                raw_results.append(result)
                findings += [
                    self._finding(stage, suite, facts, validated_at, expectation_result)
                    for expectation_result in result["results"]
                ]
            pause_point("validation")
            if stage == LANDING:
                _record_row_counts(con, self.run_id)
            _write_findings(con, findings)
        self._all_findings += findings
        self._write_run_records(stage, raw_results)
        return StageReport(stage, findings, time.perf_counter() - started, results_dir=self.results_dir)

    def _validate_all(self, validations: list[tuple], frames: dict) -> list[dict]:
        if self._worker is None:
            return [self._validate(suite, facts, expectations, frames[facts.name])
                    for suite, facts, expectations in validations]
        self._stage_suite_names = [_gx_name(suite, facts) for suite, facts, _ in validations]
        # a facts query may be a function (not picklable) and the worker does not query: sent without it
        return self._worker.call("validate", [
            (suite, dataclasses.replace(facts, sql=""), expectations, frames[facts.name])
            for suite, facts, expectations in validations
        ])

    def _finding(self, stage: str, suite: Suite, facts: Facts, validated_at: str, expectation_result: dict) -> Finding:
        config = expectation_result["expectation_config"]
        kwargs = config.get("kwargs", {})
        result = expectation_result.get("result") or {}
        checked = [kwargs[key] for key in ("column", "column_A", "column_B") if key in kwargs]
        checked += [column for column in kwargs.get("column_list") or [] if isinstance(column, str)]
        observed = result.get("observed_value")
        observed_shown = None if observed is None else json.dumps(_plain(observed), default=str)
        example_rows = [] if expectation_result.get("success") else _example_rows(result, checked)
        codes = self._reference_codes
        return Finding(
            run_id=self.run_id,
            validated_at=validated_at,
            stage=stage,
            suite_name=suite.name,
            target=suite.target,
            target_label=suite.label,
            facts=facts.name,
            expectation_type=config["type"],
            rule=_rule(config["type"], kwargs),
            column_name=", ".join(checked) or None,
            severity=str(config.get("severity", "critical")),
            success=bool(expectation_result.get("success")),
            description=config.get("description") or config["type"],
            observed_value=observed_shown,
            element_count=result.get("element_count"),
            unexpected_count=result.get("unexpected_count"),
            examples=[shown for shown, _ in example_rows],
            error=_error(expectation_result.get("exception_info")),
            published_examples=[disclosure.publishable_example(row, codes) for _, row in example_rows],
            # an observed value of a column check is that column's value: the same rule
            published_observed_value=(
                observed_shown if all(column in disclosure.COMPUTED_COLUMNS for column in checked)
                else disclosure.WITHHELD
            ),
        )

    def _write_run_records(self, stage: str, raw_results: list[dict]) -> None:
        self.results_dir.mkdir(parents=True, exist_ok=True)
        (self.results_dir / f"validation_results_{stage}.json").write_text(
            json.dumps(raw_results, indent=2, default=str), encoding="utf-8"
        )
        (self.results_dir / "findings.json").write_text(
            json.dumps([asdict(finding) for finding in self._all_findings], indent=2, default=str), encoding="utf-8"
        )
        if self._worker is not None:
            self._worker.post("data docs", list(self._stage_suite_names))  # waited for by the next call or close()
        else:
            self._build_data_docs()

    def _build_data_docs(self) -> None:
        context = self._gx()
        # Only this stage's pages are rendered (the landing stage's are on disk already), and the index
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            context.build_data_docs(site_names=["run"], resource_identifiers=self._stage_resources(context))

    def _stage_resources(self, context) -> list:
        from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

        names = set(self._stage_suite_names)
        results = [key for key in context.validation_results_store.list_keys()
                   if key.expectation_suite_identifier.name in names]
        return results + [ExpectationSuiteIdentifier(name=name) for name in sorted(names)]

    def mark_run_succeeded(self) -> None:
        """The landed row counts of a run that passed every check become the drift baseline."""
        with connect_duckdb(self.database) as con:
            _ensure_audit_tables(con)
            con.execute(f"update {ROW_COUNTS_TABLE} set is_run_successful = true where run_id = ?", [self.run_id])


def _gx_name(suite: Suite, facts: Facts) -> str:
    # e.g. landing.esr_staff_in_post.by_org_snapshot: Data Docs file it under landing/esr_staff_in_post/
    return f"{suite.name}.{facts.name.split('.', 1)[1]}"


class _GreatExpectationsWorker:
    """The process running Great Expectations for one QualityRun: a new interpreter (not a fork of
    a process running dbt's and DuckDB's threads), which imports GX and sets up its context as soon
    as it starts, then answers requests in order. A request's failure (GX's import included) is
    raised in the run's process by the call that waits for its answer, as if GX ran there."""

    def __init__(self, quality: "QualityRun"):
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process = context.Process(
            target=_serve,
            args=(child, quality.database, quality.run_dir, quality.run_id, quality.expectations_dir,
                  quality.expectation_parameters),
            name="wres-great-expectations", daemon=True,  # ends with the run whatever happens to it
        )
        self._process.start()
        child.close()
        self._pending = 0  # requests sent whose answer has not been read

    def call(self, kind: str, payload):
        self.post(kind, payload)
        return self._receive()

    def post(self, kind: str, payload) -> None:
        self.wait()
        self._connection.send((kind, payload))
        self._pending += 1

    def wait(self) -> None:
        while self._pending:
            self._receive()

    def _receive(self):
        try:
            status, value = self._connection.recv()
        except (EOFError, OSError):
            self._process.join(5)
            raise RuntimeError(f"the Great Expectations process ended (exit code {self._process.exitcode})") from None
        finally:
            self._pending -= 1
        if status == "error":
            raise value
        return value

    def stop(self) -> None:
        try:
            self.wait()
        finally:
            try:
                self._connection.send(("stop", None))
            except OSError:
                pass
            self._connection.close()
            self._process.join(30)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()


def _serve(connection, database: Path, run_dir: Path, run_id: str, expectations_dir: Path | None,
           expectation_parameters: dict) -> None:
    """The worker's loop: GX imported and set up first, then ("validate", [(suite, facts,
    expectations, frame), ...]) -> GX's results as JSON dicts, ("data docs", suite names) -> None."""
    import pickle
    import traceback

    heap.one_shot_process()
    quality = QualityRun(database, run_dir, run_id, expectations_dir)
    quality.expectation_parameters = expectation_parameters  # the run's, not recomputed here
    try:
        quality._gx()
        set_up_failure = None
    except BaseException as error:  # noqa: BLE001 -- raised in the run's process at its first call
        set_up_failure = error
    while True:
        try:
            kind, payload = connection.recv()
        except (EOFError, OSError):  # the run's process has gone
            return
        if kind == "stop":
            return
        try:
            if set_up_failure is not None:
                raise set_up_failure
            if kind == "validate":
                answer = [quality._validate(*validation) for validation in payload]
            elif kind == "data docs":
                quality._stage_suite_names = payload
                answer = quality._build_data_docs()
            else:
                raise ValueError(f"unknown request {kind!r}")
            reply = ("ok", answer)
        except BaseException as error:  # noqa: BLE001 -- sent to the run's process
            error.add_note(f"(in the Great Expectations process)\n{traceback.format_exc()}")
            try:
                pickle.dumps(error)
            except Exception:  # noqa: BLE001 -- an exception that cannot be sent is sent as its text
                error = RuntimeError(f"{type(error).__name__}: {error}\n{traceback.format_exc()}")
            reply = ("error", error)
        try:
            connection.send(reply)
        except OSError:  # the run's process has gone (killed) while this one worked: nobody to tell
            return


def _missing_tables(con: duckdb.DuckDBPyConnection, suites: list[Suite]) -> list[str]:
    existing = {
        f"{schema}.{table}"
        for schema, table in con.execute("select table_schema, table_name from information_schema.tables").fetchall()
    }
    required = []
    for suite in suites:
        required += suite.document.get("meta", {}).get("wres", {}).get("requires", [])
    return sorted({table for table in required if table not in existing})


def _record_row_counts(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    con.execute(f"delete from {ROW_COUNTS_TABLE} where run_id = ?", [run_id])
    con.execute(
        f"""
        insert into {ROW_COUNTS_TABLE}
        select ?, extract_name, rows_read, rows_accepted, current_timestamp::timestamp, false
        from audit.landing_reconciliation
        """,
        [run_id],
    )


def _write_findings(con: duckdb.DuckDBPyConnection, findings: list[Finding]) -> None:
    rows = [
        (
            finding.run_id, finding.validated_at, finding.stage, finding.suite_name, finding.target,
            finding.facts, finding.expectation_type, finding.rule, finding.column_name, finding.severity,
            finding.success, finding.description, finding.observed_value, finding.element_count,
            finding.unexpected_count, " | ".join(finding.examples) or None, finding.error,
            " | ".join(finding.published_examples) or None, finding.published_observed_value,
        )
        for finding in findings
    ]
    columns = (
        "run_id, validated_at, stage, suite_name, target, facts, expectation_type, rule, column_name, "
        "severity, success, description, observed_value, element_count, unexpected_count, examples, "
        "error, published_examples, published_observed_value"
    )
    # one statement per 500 rows: executemany runs one statement per row (about 5 ms each, 0.3 s a stage)
    row_values = f"({', '.join(['?'] * 19)})"
    for start in range(0, len(rows), 500):
        chunk = rows[start:start + 500]
        con.execute(f"insert into {RESULTS_TABLE} ({columns}) values {', '.join([row_values] * len(chunk))}",
                    [value for row in chunk for value in row])


def warning_lines(findings: list[Finding]) -> list[str]:
    lines = []
    for finding in findings:
        lines.append(f"  - {finding.headline()}")
        if finding.examples:
            lines.append(f"      e.g. {' | '.join(finding.examples[:3])}")
    return lines


os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
