"""Command line: `wres run` (the main job), `wres report` and `wres return` (the deliverables again, from
the last successful run), `wres trace` (a figure's lineage) and `wres generate` (synthetic extracts)."""

from __future__ import annotations

import argparse
import sys

from wres import __version__


def _run(args: argparse.Namespace) -> int:
    from wres import heap, pipeline, settings

    heap.one_shot_process()

    try:
        run_settings = settings.resolve(
            landing_dir=args.landing, database=args.database,
            publish_dir=args.publish_dir, runs_dir=args.runs_dir, keep_publications=args.keep_publications,
            report_dir=args.report_dir, return_dir=args.return_dir, narrative_dir=args.narrative_dir,
            no_report=args.no_report,
            landing_max_age_days=args.landing_max_age_days, freshness_action=args.freshness,
            keep_runs=args.keep_runs, keep_run_days=args.keep_run_days,
        )
        settings.set_duckdb_settings(memory_limit=args.duckdb_memory_limit, threads=args.duckdb_threads,
                                     temp_directory=args.duckdb_temp_directory)
    except ValueError as error:  # settings.SettingError, or a bad --keep-publications
        print(f"wres run: {error}", file=sys.stderr)
        return 2
    return pipeline.run(run_settings)


def _deliverable(args: argparse.Namespace) -> int:
    """`wres report` and `wres return`: rebuild one deliverable from the last successful run."""
    from wres import settings
    from wres.report.published import ReportError
    from wres.report.stage import write_report, write_return

    resolved = settings.resolve(
        database=getattr(args, "database", None), publish_dir=args.publish_dir,
        report_dir=getattr(args, "report_dir", None), return_dir=getattr(args, "return_dir", None),
        narrative_dir=getattr(args, "narrative_dir", None),
    )
    try:
        if args.command == "report":
            write_report(resolved, pdf=not args.no_pdf)
        else:
            write_return(resolved)
    except ReportError as error:
        print(f"wres {args.command}: {error}", file=sys.stderr)
        return 2
    return 0


def _add_deliverable_options(command: argparse.ArgumentParser, report: bool, returns: bool) -> None:
    if report:
        command.add_argument("--report-dir", metavar="DIR", help="where the report is written (env WRES_REPORT_DIR; default build/report)")
        command.add_argument("--narrative-dir", metavar="DIR",
                             help="narratives and action plans, <DIR>/<org>/<year>.md (env WRES_NARRATIVE_DIR; default build/narratives)")
    if returns:
        command.add_argument("--return-dir", metavar="DIR",
                             help="where the data-collection return is written, never inside the publication folder "
                                  "(env WRES_RETURN_DIR; default build/return)")
def _trace(args: argparse.Namespace) -> int:
    import json

    from wres import settings
    from wres.trace import TraceError, format_trace, trace

    paths = settings.resolve(database=args.database, publish_dir=args.publish_dir, runs_dir=args.runs_dir)
    try:
        result = trace(
            org_code=args.org, reporting_year=args.year, indicator=args.indicator, measure=args.measure,
            breakdown=args.breakdown, ethnic_group=args.group, run_id=args.run,
            database=paths.database, runs_dir=paths.runs_dir, publish_dir=paths.publish_dir,
        )
    except TraceError as error:
        print(f"wres trace: {error}", file=sys.stderr)
        return 2
    if args.json:  # every line, with or without --lines: JSON is for machines
        print(json.dumps(result, indent=2, default=str))
    else:
        print(format_trace(result, all_lines=args.lines))
    return 0


def _generate(args: argparse.Namespace) -> int:
    from wres.generate import generate, parse_years

    try:
        years = parse_years(args.years)
    except ValueError as error:
        print(f"wres generate: {error}", file=sys.stderr)
        return 2
    counts = generate(args.out, orgs=args.orgs, staff_per_org=args.staff_per_org, years=years, seed=args.seed)
    for file_name, rows in counts.items():
        print(f"{file_name:<34}{rows:>12,} rows")
    print(f"wrote {len(counts)} extracts to {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wres", description="NHS Workforce Race Equality Standard warehouse")
    parser.add_argument("--version", action="version", version=f"wres {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="land the extracts, build, check and publish the WRES indicators")
    run.add_argument("--landing", metavar="DIR", help="directory of landing extracts (env WRES_LANDING_DIR; default: the bundled demo data)")
    run.add_argument("--database", metavar="PATH", help="build DuckDB file (env WRES_DUCKDB_PATH; default build/wres.duckdb)")
    run.add_argument("--publish-dir", metavar="DIR", help="publication folder (env WRES_PUBLISH_DIR; default build/publish)")
    run.add_argument("--runs-dir", metavar="DIR", help="where run records are kept (env WRES_RUNS_DIR; default build/runs)")
    run.add_argument("--keep-publications", metavar="N", type=int,
                     help="publications kept in <publish-dir>/publications, the current one included "
                          "(env WRES_KEEP_PUBLICATIONS; default 3)")
    _add_deliverable_options(run, report=True, returns=True)
    run.add_argument("--no-report", action="store_true", help="do not write the report and the return (env WRES_REPORT=off)")
    run.add_argument("--landing-max-age-days", type=float, metavar="N",
                     help="report a landing file last modified more than N days ago (env WRES_LANDING_MAX_AGE_DAYS; default 7; 0: never)")
    run.add_argument("--freshness", choices=["warn", "fail"],
                     help="an old landing file, or one byte-identical to the last successful run's: warn or fail (exit 2) (env WRES_FRESHNESS_ACTION; default warn)")
    run.add_argument("--keep-runs", type=int, metavar="N",
                     help="keep the newest N run folders, delete older ones (env WRES_KEEP_RUNS; default 30)")
    run.add_argument("--keep-run-days", type=float, metavar="D",
                     help="also delete run folders older than D days (env WRES_KEEP_RUN_DAYS; default: no age limit)")
    run.add_argument("--duckdb-memory-limit", metavar="SIZE",
                     help="most memory DuckDB holds before it spills to disk, e.g. 1GB (env WRES_DUCKDB_MEMORY_LIMIT; default 1GB)")
    run.add_argument("--duckdb-threads", type=int, metavar="N",
                     help="cores one DuckDB query uses (env WRES_DUCKDB_THREADS; default: every core)")
    run.add_argument("--duckdb-temp-directory", metavar="DIR",
                     help="where DuckDB spills what does not fit in memory (env WRES_DUCKDB_TEMP_DIRECTORY; "
                          "default <database>.tmp)")
    run.set_defaults(handler=_run)

    report = commands.add_parser("report", help="write the WRES report (HTML and PDF) from the current publication")
    report.add_argument("--publish-dir", metavar="DIR", help="publication folder to read (env WRES_PUBLISH_DIR; default build/publish)")
    _add_deliverable_options(report, report=True, returns=False)
    report.add_argument("--no-pdf", action="store_true", help="write the HTML pages only")
    report.set_defaults(handler=_deliverable)

    returns = commands.add_parser("return", help="write the data-collection return (xlsx, CSV) from the build database's marts")
    returns.add_argument("--database", metavar="PATH", help="build DuckDB file (env WRES_DUCKDB_PATH; default build/wres.duckdb)")
    returns.add_argument("--publish-dir", metavar="DIR", help="the publication folder, which the return must stay out of (env WRES_PUBLISH_DIR)")
    _add_deliverable_options(returns, report=False, returns=True)
    returns.set_defaults(handler=_deliverable)

    trace = commands.add_parser(
        "trace", help="trace one published figure to its models, landing files and lines",
        description="Trace one figure: as published and in the internal mart, the run and code that made it, "
                    "the dbt models it passes through (SHA-256 of their compiled SQL), and the landing files and "
                    "lines behind its numerator and denominator. Measure, breakdown and group default to the "
                    "indicator's headline figure.",
    )
    trace.add_argument("--org", required=True, help="organisation (ODS) code")
    trace.add_argument("--year", required=True, type=int, help="reporting year, e.g. 2025")
    trace.add_argument("--indicator", required=True, type=int, choices=range(1, 10), metavar="1-9")
    trace.add_argument("--measure", help="e.g. pct, headcount, rate_pct, relative_likelihood, rolling_years, pct_point_diff")
    trace.add_argument("--breakdown", help="e.g. overall, 'clinical | Band 5', rolling, single_year, board_voting")
    trace.add_argument("--group", help="ethnic group: White, BME, Unknown or All")
    trace.add_argument("--run", metavar="RUN_ID", help="the run to trace (default: the run of the current publication)")
    trace.add_argument("--lines", action="store_true", help="list every contributing line (default: a count and the first 10)")
    trace.add_argument("--json", action="store_true", help="print the trace as JSON (every line included)")
    trace.add_argument("--database", metavar="PATH", help="build DuckDB file (env WRES_DUCKDB_PATH)")
    trace.add_argument("--publish-dir", metavar="DIR", help="publication folder (env WRES_PUBLISH_DIR)")
    trace.add_argument("--runs-dir", metavar="DIR", help="run records (env WRES_RUNS_DIR)")
    trace.set_defaults(handler=_trace)

    generate = commands.add_parser("generate", help="write deterministic synthetic landing extracts")
    generate.add_argument("--orgs", type=int, default=3, help="number of organisations (default 3)")
    generate.add_argument("--staff-per-org", type=int, default=2000, help="typical staff per organisation (default 2000)")
    generate.add_argument("--years", default="2023-2025", help="reporting years, e.g. 2023-2025 (default)")
    generate.add_argument("--seed", type=int, default=42, help="random seed; the same seed gives the same files")
    generate.add_argument("--out", required=True, metavar="DIR", help="directory to write the six CSV files to")
    generate.set_defaults(handler=_generate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
