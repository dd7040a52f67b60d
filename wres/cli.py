"""Command line: `wres run` (the main job), `wres report` and `wres return` (the deliverables again, from
the last successful run) and `wres generate` (synthetic extracts)."""

from __future__ import annotations

import argparse
import sys

from wres import __version__


def _run(args: argparse.Namespace) -> int:
    from wres import pipeline, settings

    try:
        run_settings = settings.resolve(
            landing_dir=args.landing, database=args.database,
            publish_dir=args.publish_dir, runs_dir=args.runs_dir, keep_publications=args.keep_publications,
            report_dir=args.report_dir, return_dir=args.return_dir, narrative_dir=args.narrative_dir,
            no_report=args.no_report,
        )
    except ValueError as error:
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
