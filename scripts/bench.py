"""The national-scale benchmark (`make bench`, issue 13): the DuckDB floor, then `wres run`, then one small trust.

For a data set generated deterministically by `wres generate` (cached under build/bench/data/, keyed by
organisations, staff per organisation, years and seed) it measures, in one invocation:

- the floor: the least any warehouse must do with these files -- every landing CSV read as text
  (all_varchar) into a table of a fresh DuckDB file -- in a subprocess of its own;
- the full `wres run` on the same files, in a subprocess, with the peak RSS of its whole process tree
  (every descendant's resident memory summed, polled from /proc every 0.1 s; and the same as PSS,
  which counts a page shared between processes once), its CPU seconds (user + sys, which
  contention on a shared machine inflates less than wall time) and each stage's seconds from the run's
  run.json;
- the same `wres run` for one small trust (the fixed cost), twice: in a new dbt target folder (as the
  first run after a change to the project, which parses it) and again with the parse that run kept
  (as a nightly run on one checkout).

It prints a summary and writes build/bench/<timestamp>.json. With --repeat N every figure is the median
of N runs. Two ratios are given and named: the whole run (report and return included) and the run up to
publication (every stage up to and including "publish"), because the report and return stage is a cost
of its own at national scale. Timings live here, never in timed tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = PROJECT_DIR / "build" / "bench"
WRES = [sys.executable, "-m", "wres.cli"]
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")

# The floor: every CSV read as text into a table of a fresh DuckDB file (no types, no checks).
FLOOR_SCRIPT = """
import sys, time, duckdb, pathlib
landing, database = pathlib.Path(sys.argv[1]), sys.argv[2]
con = duckdb.connect(database)
rows = 0
for path in sorted(landing.glob('*.csv')):
    table = path.stem
    con.execute(f"create table {table} as select * from read_csv('{path}', all_varchar = true, header = true)")
    rows += con.execute(f"select count(*) from {table}").fetchone()[0]
con.close()
print(rows)
"""


def tree_memory_bytes(root_pid: int) -> tuple[int, int]:
    """Resident memory of a process and all its descendants (from /proc; 0 once it has gone): the sum
    of their RSS, which counts a page shared by several processes (Chromium's, a forked worker's) in
    each, and the sum of their PSS, which shares such a page out between them (what the tree costs)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))  # fields[1]: the parent pid
    rss = pss = 0
    pending = [root_pid]
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm") as handle:
                rss += int(handle.read().split()[1]) * PAGE_BYTES
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                pss += next(int(line.split()[1]) * 1024 for line in handle if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return rss, pss


def measured(command: list[str], env: dict | None = None, log: Path | None = None) -> dict:
    """Run a command; return its wall seconds, CPU seconds (user + sys of the tree) and peak tree RSS."""
    peak = peak_pss = 0
    started = time.perf_counter()
    with open(log or os.devnull, "w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env, cwd=PROJECT_DIR)
        done = threading.Event()

        def poll() -> None:
            nonlocal peak, peak_pss
            while not done.is_set():
                rss, pss = tree_memory_bytes(process.pid)
                peak, peak_pss = max(peak, rss), max(peak_pss, pss)
                done.wait(0.1)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        poller.join()
    return {
        "exit_code": process.returncode,
        "wall_seconds": round(time.perf_counter() - started, 2),
        # rusage of a waited-for child includes its own waited-for descendants
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_bytes": peak,
        "peak_pss_bytes": peak_pss,
        # the largest single process, as the kernel counts it (KiB on Linux)
        "max_single_process_rss_bytes": usage.ru_maxrss * 1024,
    }


def dataset(orgs: int, staff_per_org: int, years: str, seed: int) -> Path:
    """The landing folder for these parameters, generated once and then reused."""
    folder = BENCH_DIR / "data" / f"orgs{orgs}-staff{staff_per_org}-years{years}-seed{seed}"
    landing = folder / "landing"
    marker = folder / "generated.json"
    if not marker.exists():
        print(f"generating {orgs} organisations x {staff_per_org} staff, years {years}, seed {seed} -> {landing}")
        shutil.rmtree(landing, ignore_errors=True)
        subprocess.run(
            [*WRES, "generate", "--orgs", str(orgs), "--staff-per-org", str(staff_per_org), "--years", years,
             "--seed", str(seed), "--out", str(landing)],
            check=True, cwd=PROJECT_DIR,
        )
        marker.write_text(json.dumps({"orgs": orgs, "staff_per_org": staff_per_org, "years": years, "seed": seed}))
    return landing


def landing_size(landing: Path) -> dict:
    files = sorted(landing.glob("*.csv"))
    return {"files": len(files), "bytes": sum(path.stat().st_size for path in files)}


def run_floor(landing: Path, work: Path) -> dict:
    database = work / "floor.duckdb"
    database.unlink(missing_ok=True)
    log = work / "floor.log"
    result = measured([sys.executable, "-c", FLOOR_SCRIPT, str(landing), str(database)], log=log)
    if result["exit_code"] != 0:
        raise SystemExit(f"bench: the floor failed (exit {result['exit_code']}); see {log}")
    result["rows"] = int(log.read_text().split()[-1])
    database.unlink(missing_ok=True)
    return result


def run_wres(landing: Path, work: Path, extra_env: dict, no_report: bool = False, target: Path | None = None) -> dict:
    """One `wres run` into fresh folders under work/; its stages come from its run.json. dbt's target
    folder is work/target (new: the run parses the project) unless `target` names one to keep."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    runs = work / "runs"
    env = {**os.environ, **extra_env, "WRES_DBT_TARGET_PATH": str(target or work / "target"),
           "WRES_DBT_LOG_PATH": str(work / "logs")}
    command = [
        *WRES, "run", "--landing", str(landing), "--database", str(work / "wres.duckdb"),
        "--publish-dir", str(work / "publish"), "--runs-dir", str(runs), "--report-dir", str(work / "report"),
        "--return-dir", str(work / "return"), "--narrative-dir", str(work / "narratives"),
        "--landing-max-age-days", "0", *(["--no-report"] if no_report else []),
    ]
    log = work / "wres-run.log"
    result = measured(command, env=env, log=log)
    if result["exit_code"] != 0:
        # the work folder is removed on the way out: the log and the run records are kept beside
        # the figures, so a failure seen once (a run out of memory) can be read afterwards
        kept = BENCH_DIR / f"failed-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}"
        kept.mkdir(parents=True, exist_ok=True)
        shutil.copy2(log, kept / log.name)
        if runs.exists():
            shutil.copytree(runs, kept / "runs", dirs_exist_ok=True)
        tail = "\n".join(log.read_text().splitlines()[-12:])
        raise SystemExit(f"bench: wres run failed (exit {result['exit_code']}); log and run records kept in {kept}\n{tail}")
    record = json.loads(next(runs.glob("*/run.json")).read_text())
    stages = [(stage["stage"], stage["seconds"]) for stage in record["stages"]]
    publish_index = next(index for index, (name, _) in enumerate(stages) if name.startswith("publish"))
    result.update(
        run_seconds=record["seconds"],
        stages=dict(stages),
        # each stage's CPU seconds (user + sys of the run's process and its ended children, run.json)
        stage_cpu_seconds={stage["stage"]: stage.get("cpu_seconds", 0.0) for stage in record["stages"]},
        seconds_to_publication=round(sum(seconds for _, seconds in stages[: publish_index + 1]), 2),
        rows_read=sum(row["read"] for row in record["reconciliation"]),
    )
    return result


def median_of(runs: list[dict]) -> dict:
    """Every numeric figure as the median over the runs (stage by stage); the runs kept beside it."""
    summary: dict = {}
    for key, value in runs[0].items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            summary[key] = statistics.median(run[key] for run in runs)
        elif isinstance(value, dict):
            summary[key] = {name: statistics.median(run[key][name] for run in runs) for name in value}
        else:
            summary[key] = value
    return summary


def gib(value: float) -> str:
    return f"{value / 2**30:.2f} GiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=215, help="organisations (default 215: national)")
    parser.add_argument("--staff-per-org", type=int, default=6500, help="typical staff per organisation (default 6500)")
    parser.add_argument("--years", default="2023-2025", help="reporting years (default 2023-2025)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement; figures are their median")
    parser.add_argument("--small-staff", type=int, default=10, help="staff of the one small trust (default 10, the generator's least)")
    parser.add_argument("--no-small", action="store_true", help="skip the small trust")
    parser.add_argument("--no-report", action="store_true",
                        help="runs without the report and the return (wres run --no-report): a quicker measurement "
                             "up to publication, recorded as such")
    parser.add_argument("--keep", metavar="DIR", type=Path,
                        help="keep the last run's build database, publication and records in DIR (to compare runs)")
    parser.add_argument("--small-only", action="store_true",
                        help="only the small trust (no floor, no large run): the fixed cost, stage by stage")
    args = parser.parse_args(argv)
    if args.small_only:
        return bench_small_trust(args)

    landing = dataset(args.orgs, args.staff_per_org, args.years, args.seed)
    small_landing = None if args.no_small else dataset(1, args.small_staff, args.years, args.seed)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=BENCH_DIR))
    # the DuckDB settings the run uses, recorded with the figures
    settings = {name: os.environ[name] for name in ("WRES_DUCKDB_MEMORY_LIMIT", "WRES_DUCKDB_THREADS",
                                                    "WRES_DUCKDB_TEMP_DIRECTORY") if name in os.environ}
    floors, runs, smalls, smalls_kept_parse = [], [], [], []
    try:
        for attempt in range(1, args.repeat + 1):
            print(f"[{attempt}/{args.repeat}] floor: every CSV as text into a fresh DuckDB file ...", flush=True)
            floors.append(run_floor(landing, work))
            print(f"    {floors[-1]['wall_seconds']} s, peak {gib(floors[-1]['peak_rss_bytes'])}", flush=True)
            print(f"[{attempt}/{args.repeat}] wres run ...", flush=True)
            runs.append(run_wres(landing, work / "national", {}, args.no_report))
            print(f"    {runs[-1]['wall_seconds']} s, peak {gib(runs[-1]['peak_rss_bytes'])}", flush=True)
            if small_landing is not None:
                measure_small_trust(small_landing, work, attempt, args, smalls, smalls_kept_parse)
        if args.keep:
            shutil.rmtree(args.keep, ignore_errors=True)
            shutil.move(work / "national", args.keep)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    floor, run = median_of(floors), median_of(runs)
    result = {
        "measured_at_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "data_set": {"orgs": args.orgs, "staff_per_org": args.staff_per_org, "years": args.years, "seed": args.seed,
                     "landing": str(landing), **landing_size(landing)},
        "repeat": args.repeat,
        "report_and_return_written": not args.no_report,
        "machine": {"cpus": os.cpu_count(), "load_average_at_end": os.getloadavg()},
        "duckdb_settings_from_environment": settings,
        "floor": floor,
        "run": run,
        # wall seconds of the subprocess (interpreter start-up included) over the floor's
        "ratio_to_floor": round(run["wall_seconds"] / floor["wall_seconds"], 2),
        # the stages up to and including publication (the report and the return excluded)
        "ratio_to_floor_up_to_publication": round(run["seconds_to_publication"] / floor["wall_seconds"], 2),
        # CPU seconds (user + sys) over the floor's: what contention on a shared machine inflates least
        "cpu_ratio_to_floor": round(run["cpu_seconds"] / floor["cpu_seconds"], 2),
        "rows_per_second": round(run["rows_read"] / run["wall_seconds"]),
        "floor_rows_per_second": round(floor["rows"] / floor["wall_seconds"]),
        "runs": {"floor": floors, "run": runs, "small_trust": smalls, "small_trust_parse_kept": smalls_kept_parse},
    }
    if smalls:
        small = median_of(smalls)
        result["small_trust"] = {**small, "rows_per_second": round(small["rows_read"] / small["wall_seconds"])}
        result["small_trust_parse_kept"] = median_of(smalls_kept_parse)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    out = BENCH_DIR / f"{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}.json"
    out.write_text(json.dumps(result, indent=2))

    print()
    print(f"{args.orgs} organisations x {args.staff_per_org} staff, {args.years}, seed {args.seed}: "
          f"{run['rows_read']:,} landing rows, {result['data_set']['bytes'] / 1e9:.2f} GB (median of {args.repeat})")
    print(f"  floor (CSV as text into DuckDB) {floor['wall_seconds']:8.1f} s   peak RSS {gib(floor['peak_rss_bytes'])}   "
          f"CPU {floor['cpu_seconds']:.0f} s")
    print(f"  wres run, whole                 {run['wall_seconds']:8.1f} s   peak RSS {gib(run['peak_rss_bytes'])}   "
          f"(PSS {gib(run['peak_pss_bytes'])})   CPU {run['cpu_seconds']:.0f} s   ratio to floor {result['ratio_to_floor']} (CPU {result['cpu_ratio_to_floor']})")
    print(f"  wres run, up to publication     {run['seconds_to_publication']:8.1f} s   "
          f"ratio to floor {result['ratio_to_floor_up_to_publication']}")
    for name, seconds in run["stages"].items():
        print(f"    {seconds:8.1f} s  {run['stage_cpu_seconds'].get(name, 0.0):6.1f} CPU-s  {name}")
    print(f"  rows per second: wres run {result['rows_per_second']:,}, floor {result['floor_rows_per_second']:,}")
    if smalls:
        print_small_trust(result, args)
    print(f"written {out.relative_to(PROJECT_DIR)}")
    return 0


def measure_small_trust(small_landing: Path, work: Path, attempt: int, args, smalls: list, smalls_kept_parse: list) -> None:
    """One small trust twice: in a new target folder (the first run after a change to the project
    parses it), then again with that folder's kept parse (a nightly run on one checkout)."""
    small_target = work / f"small-target-{attempt}"
    print(f"[{attempt}/{args.repeat}] wres run, one small trust, parsing the project ...", flush=True)
    smalls.append(run_wres(small_landing, work / "small", {}, args.no_report, small_target))
    print(f"    {smalls[-1]['wall_seconds']} s, {smalls[-1]['cpu_seconds']} CPU-s", flush=True)
    print(f"[{attempt}/{args.repeat}] wres run, one small trust, the parse kept ...", flush=True)
    smalls_kept_parse.append(run_wres(small_landing, work / "small", {}, args.no_report, small_target))
    print(f"    {smalls_kept_parse[-1]['wall_seconds']} s, {smalls_kept_parse[-1]['cpu_seconds']} CPU-s", flush=True)


def bench_small_trust(args) -> int:
    """--small-only: the small trust's fixed cost alone, written to build/bench/<time>-small.json."""
    small_landing = dataset(1, args.small_staff, args.years, args.seed)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=BENCH_DIR))
    smalls, smalls_kept_parse = [], []
    try:
        for attempt in range(1, args.repeat + 1):
            measure_small_trust(small_landing, work, attempt, args, smalls, smalls_kept_parse)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    small = median_of(smalls)
    result = {
        "measured_at_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "small_staff": args.small_staff, "years": args.years, "seed": args.seed,
        "repeat": args.repeat,
        "report_and_return_written": not args.no_report,
        "machine": {"cpus": os.cpu_count(), "load_average_at_end": os.getloadavg()},
        "small_trust": {**small, "rows_per_second": round(small["rows_read"] / small["wall_seconds"])},
        "small_trust_parse_kept": median_of(smalls_kept_parse),
        "runs": {"small_trust": smalls, "small_trust_parse_kept": smalls_kept_parse},
    }
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    out = BENCH_DIR / f"{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}-small.json"
    out.write_text(json.dumps(result, indent=2))
    print()
    print(f"one small trust ({args.small_staff} staff), {args.years}, seed {args.seed} (median of {args.repeat}; "
          f"load average at the end {os.getloadavg()[0]:.1f})")
    print_small_trust(result, args)
    print(f"written {out.relative_to(PROJECT_DIR)}")
    return 0


def print_small_trust(result: dict, args) -> None:
    small = result["small_trust"]
    print(f"  one small trust ({args.small_staff} staff)   {small['wall_seconds']:8.1f} s   "
          f"(run.json {small['run_seconds']} s, CPU {small['cpu_seconds']:.1f} s, peak RSS {gib(small['peak_rss_bytes'])}), "
          f"parsing the project")
    kept = result["small_trust_parse_kept"]
    print(f"  the same, the parse kept         {kept['wall_seconds']:8.1f} s   "
          f"(run.json {kept['run_seconds']} s, CPU {kept['cpu_seconds']:.1f} s)")
    for name, seconds in kept["stages"].items():
        print(f"    {seconds:8.1f} s  {kept['stage_cpu_seconds'].get(name, 0.0):6.1f} CPU-s  {name}")


if __name__ == "__main__":
    sys.exit(main())
