"""Protection and usefulness of the publication on a generated set (issue 14), for docs/publishing.md.

    .venv/bin/python scripts/disclosure_report.py                 # 40 organisations of 6,500 staff
    .venv/bin/python scripts/disclosure_report.py --staff-per-org 2000 --dir build/disclosure40_2000

The generated landing files and the build are cached under --dir (default build/disclosure40):
a rerun only attacks again; --rebuild runs the pipeline again (after a change to the engine or
the marts). Too slow for the test suite (a 40-organisation run takes minutes), so the figures
are written into docs/publishing.md by hand from this output. The attack is the one of
tests/python/test_disclosure_audit.py, run against the published tables of the build database.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
from pathlib import Path

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=40)
    parser.add_argument("--staff-per-org", type=int, default=6500)
    parser.add_argument("--years", default="2023-2025")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--dir", default="build/disclosure40")
    parser.add_argument("--rebuild", action="store_true", help="run the pipeline again on the cached landing files")
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
    truth, _ = audit.true_counts(database)
    public = audit.Outsider(audit.read_tables(database))
    recovered = public.attack()
    knowing = audit.Outsider(audit.read_tables(database), reasons=audit.internal_reasons(database))
    recovered_knowing = knowing.attack()
    print(f"Interval attack on the published tables (protection width {audit.PROTECTION_WIDTH}):")
    print(f"    withheld counts {len(public.hidden)}; recovered exactly: {len(recovered)} "
          f"(knowing the internal reasons: {len(recovered_knowing)})")
    print(describe("one public phrase (as published)", audit.protection(public, truth, exact=True)))
    print(describe("knowing the internal reasons", audit.protection(knowing, truth, exact=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
