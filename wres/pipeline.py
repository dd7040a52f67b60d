"""The main job: land the extracts, build and test the warehouse, report.

Each stage prints what it does; any failure stops the run with a message that names the file,
model or check, and a non-zero exit code. A run's records are kept in build/runs/<run_id>/.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from wres.dbt_runner import run_dbt
from wres.landing import LandingError, LandingResult, land
from wres.publish import publish_stage
from wres.settings import Settings

Printer = Callable[[str], None]

EXIT_OK = 0
EXIT_BUILD_FAILED = 1
EXIT_BAD_INPUT = 2


class RunFailed(Exception):
    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def _write_run_record(settings: Settings, record: dict) -> None:
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    (settings.run_dir / "run.json").write_text(json.dumps(record, indent=2, default=str))


def reconciliation_rows(database: Path) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
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


def latest_summary_rows(database: Path) -> list[tuple]:
    """The wres_summary row of each organisation's latest reporting year."""
    columns = ", ".join(column for column, _, _ in HEADLINES)
    with duckdb.connect(str(database)) as con:
        return con.execute(
            f"""
            select org_code, reporting_year, {columns}
            from marts.wres_summary
            qualify reporting_year = max(reporting_year) over (partition by org_code)
            order by org_code
            """
        ).fetchall()


def format_headlines(rows: list[tuple]) -> str:
    def cell(value, kind: str) -> str:
        if value is None:
            return "—"
        return {"ratio": f"{value:.2f}", "pct": f"{value:.1f}", "points": f"{value:+.1f}"}[kind]

    lines = [f"{'org':<8}{'year':>6}" + "".join(f"{header:>7}" for _, header, _ in HEADLINES)]
    for org_code, year, *values in rows:
        figures = "".join(f"{cell(value, kind):>7}" for value, (_, _, kind) in zip(values, HEADLINES))
        lines.append(f"{org_code:<8}{year:>6}" + figures)
    return "\n".join(lines + [HEADLINE_LEGEND])


def run(settings: Settings, say: Printer = print) -> int:
    record: dict = {
        "run_id": settings.run_id,
        "landing_dir": settings.landing_dir,
        "database": settings.database,
        "stages": [],
        "status": "running",
    }
    started = time.perf_counter()

    def stage(name: str, action: Callable[[], object]):
        say(f"==> {name}")
        stage_started = time.perf_counter()
        try:
            return action()
        finally:
            record["stages"].append({"stage": name, "seconds": round(time.perf_counter() - stage_started, 2)})

    try:
        say(f"WRES run {settings.run_id}")
        say(f"    landing   {settings.landing_dir}")
        say(f"    database  {settings.database}")

        def do_land() -> list[LandingResult]:
            try:
                return land(settings.database, settings.landing_dir, settings.run_id)
            except LandingError as error:
                raise RunFailed(f"bad input: {error}", EXIT_BAD_INPUT) from None

        stage("land the extracts (DuckDB CSV reader)", do_land)

        def do_build() -> None:
            outcome = run_dbt(
                ["build", "--exclude-resource-type", "unit_test"], settings.database, settings.run_dir
            )
            if not outcome.success:
                detail = "\n".join(f"    - {failure}" for failure in outcome.failures) or "    (see dbt output above)"
                raise RunFailed(f"the dbt build failed:\n{detail}", EXIT_BUILD_FAILED)

        stage("build and test the warehouse (dbt build)", do_build)

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

        # last: only a run whose every build step, test and critical expectation passed publishes
        say("")
        record["publication"] = stage("publish the suppressed tier (wres/publish.py)", lambda: publish_stage(settings, say))

        record["status"] = "success"
        say("")
        say(f"Run {settings.run_id} succeeded in {time.perf_counter() - started:.1f} s; records in {settings.run_dir}")
        return EXIT_OK
    except RunFailed as failure:
        record["status"] = "failed"
        record["error"] = str(failure)
        say("")
        say(f"RUN FAILED: {failure}")
        say(f"Nothing was published. Run records: {settings.run_dir}")
        return failure.exit_code
    finally:
        record["seconds"] = round(time.perf_counter() - started, 2)
        _write_run_record(settings, record)
