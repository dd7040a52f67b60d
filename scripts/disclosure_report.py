"""Protection and usefulness of the publication on a generated set (issue 14), for docs/publishing.md.

    .venv/bin/python scripts/disclosure_report.py                 # 40 organisations of 6,500 staff
    .venv/bin/python scripts/disclosure_report.py --staff-per-org 2000 --dir build/disclosure40_2000

    .venv/bin/python scripts/disclosure_report.py --years 2024-2025 --dir build/disclosure40_2y   # the suite's set

The generated landing files and the build are cached under --dir (default build/disclosure40):
a rerun only attacks again; --rebuild runs the pipeline again (after a change to the engine or
the marts). The figures are written into docs/publishing.md by hand from this output. The
attacks are those of tests/python/test_disclosure_audit.py (whose 40-organisation tests check the
two-year set in the suite), here with exact intervals (two programmes per primary count) for the
median widths, the indicator 3 bound and a larger pattern-attack sample.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR))

from wres import pipeline, settings, usefulness  # noqa: E402
from wres.generate import generate, parse_years  # noqa: E402


def load_audit():
    path = PROJECT_DIR / "tests" / "python" / "test_disclosure_audit.py"
    spec = importlib.util.spec_from_file_location("disclosure_audit", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def describe(name: str, figures: dict) -> str:
    widths = list(figures["widths"].values())
    return (f"    {name:<34} primary counts withheld {figures['primary']}, exact {figures['exact']}, "
            f"narrower than the width {len(figures['narrow'])}, least width {figures['least_width']}, "
            f"median width {statistics.median(widths) if widths else None}")


def indicator_3_bound(database: Path) -> tuple[int, int]:
    """An upper bound on the organisation-years whose indicator 3 headline (the rolling relative
    likelihood) any safe pattern can publish, from the exact counts. A year is out when a pooled
    entrant count is 1..7 (primary). And the pools form a chain: the first year's pool is that
    year's count (rolling_years 1), each later pool adds the year before, so with every pool of a
    group shown every single-year count of that group follows by subtraction: where one of them is
    1..7, one pool of that group (one headline) must go, unless a year is already out."""
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(
            "select org_code, reporting_year, breakdown, ethnic_group, numerator from marts.wres_indicators "
            "where indicator = 3 and measure = 'rate_pct'").fetchall()
        calculable = connection.execute(
            "select count(ind3_relative_likelihood) from marts.wres_summary").fetchone()[0]
    counts: dict = defaultdict(dict)
    for org, year, breakdown, group, value in rows:
        counts[org][(year, breakdown, group)] = value
    small = lambda value: value is not None and 1 <= value <= 7  # noqa: E731
    bound = 0
    for org, values in counts.items():
        years = sorted({year for year, _, _ in values})
        shown = [year for year in years if not any(small(values[(year, "rolling", g)]) for g in ("White", "BME"))]
        chain_open = any(any(small(values[(year, "single_year", g)]) for year in years)
                         and not any(small(values[(year, "rolling", g)]) for year in years) for g in ("White", "BME"))
        bound += len(shown) - (1 if chain_open and len(shown) == len(years) else 0)
    return bound, calculable


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=40)
    parser.add_argument("--staff-per-org", type=int, default=6500)
    parser.add_argument("--years", default="2023-2025")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--dir", default="build/disclosure40")
    parser.add_argument("--rebuild", action="store_true", help="run the pipeline again on the cached landing files")
    parser.add_argument("--pattern-sample", type=int, default=12, help="primary counts for the pattern attack")
    arguments = parser.parse_args()

    root = (PROJECT_DIR / arguments.dir).resolve()
    landing, database = root / "landing", root / "wres.duckdb"
    if not (landing / "board_members.csv").exists():
        print(f"generating {arguments.orgs} organisations of {arguments.staff_per_org} staff into {landing}")
        generate(landing, orgs=arguments.orgs, staff_per_org=arguments.staff_per_org,
                 years=parse_years(arguments.years), seed=arguments.seed)
    if arguments.rebuild or not database.exists():
        run_settings = settings.resolve(landing_dir=str(landing), database=str(database),
                                        publish_dir=str(root / "publish"), runs_dir=str(root / "runs"))
        if pipeline.run(run_settings, say=lambda _: None) != 0:
            print(f"the run failed; records in {root / 'runs'}")
            return 1

    audit = load_audit()
    print("\n".join(usefulness.summary_lines(usefulness.measure_build(database))))
    bound, calculable = indicator_3_bound(database)
    print(f"Indicator 3 headline: at most {bound} of {calculable} organisation-years publishable by any safe pattern")
    truth, _ = audit.true_counts(database)
    started = time.process_time()
    public = audit.Outsider(audit.read_tables(database))
    recovered = public.attack()
    knowing = audit.Outsider(audit.read_tables(database), reasons=audit.internal_reasons(database))
    recovered_knowing = knowing.attack()
    print(f"    (both attacks: {time.process_time() - started:.1f} s of CPU)")
    print(f"Interval attack on the published tables (protection width {audit.PROTECTION_WIDTH}):")
    print(f"    withheld counts {len(public.hidden)}; recovered exactly: {len(recovered)} "
          f"(knowing the internal reasons: {len(recovered_knowing)})")
    print(describe("one public phrase (as published)", audit.protection(public, truth, exact=True)))
    print(describe("knowing the internal reasons", audit.protection(knowing, truth, exact=True)))
    publish_dir = root / "publish"
    for name, outsider in (("the outsider of the publication", public), ("knowing the internal reasons", knowing)):
        print(f"Pattern attack on extreme completions, {name} (a primary count per organisation; interval, "
              "then the values kept by rerunning the engine):")
        for key, found in audit.pattern_attack_on_extremes(outsider, publish_dir, database,
                                                           arguments.pattern_sample).items():
            low, high = found["kept"]
            print(f"    {key}: {found['interval']} -> {found['kept']}"
                  f"{'  NARROWED' if high - low < audit.PROTECTION_WIDTH else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
