"""`kill -9` of a real `wres run` at each stage leaves the previous publication exactly as it was,
and the next run takes over the lock, removes what the killed runs left and publishes.

Each run here is a real `wres run` process on tests/fixtures/landing_small. The test stops it at an
exact point with the test-only hook WRES_TEST_PAUSE_AT (wres/test_hooks.py: the run prints
"WRES_TEST_PAUSED <point>" and waits) or, inside the dbt build, as soon as dbt reports a finished
node, then sends SIGKILL. After every kill: `current` still leads to the baseline publication,
whose manifest, DuckDB file and every Parquet file name one run and match the manifest's SHA-256,
byte for byte and inode for inode as before. A second run while one is running stops at once
(exit 4). Full runs are few (the baseline, the kill between the publish renames, the final run);
kills inside the publish step of a separate publishing process are in test_publish_concurrency.py.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from publication_checks import assert_publication_intact, litter, snapshot
from wres import PROJECT_DIR, publish
from wres.run_errors import EXIT_RUN_LOCKED
from wres.run_lock import lock_path

LANDING = PROJECT_DIR / "tests" / "fixtures" / "landing_small"


class Run:
    """A `wres run` process whose output (stdout and stderr) goes to a log file."""

    def __init__(self, root: Path, name: str, pause_at: str | None = None):
        self.log = root / f"{name}.log"
        environment = {**os.environ, "PYTHONUNBUFFERED": "1",
                       # this module's dbt artefacts apart from the rest of the suite's
                       "WRES_DBT_TARGET_PATH": str(root / "target"), "WRES_DBT_LOG_PATH": str(root / "logs")}
        environment.pop("WRES_TEST_PAUSE_AT", None)
        if pause_at:
            environment["WRES_TEST_PAUSE_AT"] = pause_at
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "wres.cli", "run", "--landing", str(LANDING), "--database", str(root / "wres.duckdb"),
                 "--publish-dir", str(root / "publish"), "--runs-dir", str(root / "runs")],
                cwd=PROJECT_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )

    @property
    def output(self) -> str:
        return self.log.read_text()

    @property
    def run_id(self) -> str:
        return re.search(r"^WRES run (\S+)", self.output, re.MULTILINE).group(1)

    def wait_for(self, pattern: str) -> None:
        """Until the output matches `pattern` (polling the log; the run must still be running)."""
        while not re.search(pattern, self.output, re.MULTILINE):
            if self.process.poll() is not None:
                pytest.fail(f"the run ended (exit {self.process.returncode}) before {pattern!r}:\n{self.output[-3000:]}")
            time.sleep(0.2)

    def kill_9(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        assert self.process.wait(timeout=60) == -signal.SIGKILL

    def finish(self) -> int:
        return self.process.wait(timeout=1800)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> dict:
    """One full run: the publication every kill must leave exactly as it is."""
    root = tmp_path_factory.mktemp("kills")
    run = Run(root, "baseline")
    assert run.finish() == 0, run.output[-3000:]
    publish_dir = root / "publish"
    assert_publication_intact(publish_dir, run.run_id)
    return {"root": root, "publish_dir": publish_dir, "run_id": run.run_id, "state": snapshot(publish_dir)}


def assert_untouched(baseline: dict) -> None:
    """`current` and the baseline's folder: the same link, the same bytes, the same inodes."""
    publish_dir = baseline["publish_dir"]
    assert_publication_intact(publish_dir, baseline["run_id"])

    def published(state: dict) -> dict:
        return {name: value for name, value in state.items()
                if name == "current" or name.startswith(f"publications/{baseline['run_id']}/")}

    assert published(snapshot(publish_dir)) == published(baseline["state"])


def lock_holder(baseline: dict) -> dict:
    text = lock_path(baseline["root"] / "wres.duckdb").read_text()
    return json.loads(text) if text.strip() else {}


def assert_took_over(run: Run, left: dict) -> None:
    """A run started after a killed one says it took over the killed run's lock."""
    if left.get("run_id"):
        assert f"took over the run lock left by run {left['run_id']} (pid {left['pid']}" in run.output


def test_kill_during_landing_and_a_second_run_meanwhile(baseline):
    first = Run(baseline["root"], "landing", pause_at="landing")
    try:
        first.wait_for(r"^WRES_TEST_PAUSED landing")
        # a second run on the same database while the first is in its landing transaction
        second = Run(baseline["root"], "second")
        assert second.finish() == EXIT_RUN_LOCKED
        failure = [line for line in second.output.splitlines() if line.startswith("RUN FAILED")]
        assert failure == [
            f"RUN FAILED: {baseline['root'] / 'wres.duckdb'} is in use by another wres run: run {first.run_id} "
            f"(pid {first.process.pid}, started {lock_holder(baseline)['started_at_utc']} UTC) holds "
            f"{lock_path(baseline['root'] / 'wres.duckdb')}; wait for it to finish (a killed run's lock is released "
            "by the system and taken over)"
        ]
        assert "Traceback" not in second.output and "==> land" not in second.output
    finally:
        first.kill_9()
    assert lock_holder(baseline)["run_id"] == first.run_id  # the killed run's name stays in the lock file
    assert_untouched(baseline)


def test_kill_during_the_dbt_build(baseline):
    left = lock_holder(baseline)
    run = Run(baseline["root"], "dbt_build")
    try:
        run.wait_for(r"^==> build and test staging")
        run.wait_for(r"\d+ of \d+ OK ")  # dbt has finished a node and goes on with the next ones
    finally:
        run.kill_9()
    assert_took_over(run, left)
    assert_untouched(baseline)


def test_kill_during_validation(baseline):
    left = lock_holder(baseline)
    run = Run(baseline["root"], "validation", pause_at="validation")
    try:
        run.wait_for(r"^WRES_TEST_PAUSED validation")
    finally:
        run.kill_9()
    assert "==> validate the landing data" in run.output
    assert_took_over(run, left)
    assert_untouched(baseline)


def test_kill_between_the_publish_renames(baseline):
    """The new publication's folder is in place, `current` not yet switched: readers still get
    the baseline, whole."""
    run = Run(baseline["root"], "publish_rename", pause_at="publish_rename")
    try:
        run.wait_for(r"^WRES_TEST_PAUSED publish_rename")
    finally:
        run.kill_9()
    assert (baseline["publish_dir"] / publish.PUBLICATIONS_DIR / run.run_id / publish.MANIFEST_FILE).is_file()
    assert_untouched(baseline)


def test_the_next_run_takes_over_cleans_up_and_publishes(baseline):
    left = lock_holder(baseline)
    run = Run(baseline["root"], "next")
    assert run.finish() == 0, run.output[-3000:]
    assert "Traceback" not in run.output
    assert_took_over(run, left)
    publish_dir = baseline["publish_dir"]
    assert litter(publish_dir) == []
    assert_publication_intact(publish_dir, run.run_id)
    # the killed runs' folders are gone; the baseline is kept as the previous publication
    assert sorted(path.name for path in (publish_dir / publish.PUBLICATIONS_DIR).iterdir()) == sorted(
        [baseline["run_id"], run.run_id])
    assert sorted(path.name for path in publish_dir.iterdir()) == [publish.LOCK_FILE, "current", "publications"]
    assert lock_holder(baseline) == {}  # released, and emptied, by a run that ended normally
