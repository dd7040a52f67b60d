"""Command line: `wres run` (the main job) and `wres generate` (synthetic extracts)."""

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
        )
    except ValueError as error:
        print(f"wres run: {error}", file=sys.stderr)
        return 2
    return pipeline.run(run_settings)


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
    run.set_defaults(handler=_run)

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
