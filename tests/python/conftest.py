"""Shared fixtures: a landing directory, a build database built once per session."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from wres import PROJECT_DIR, pipeline, settings

FIXTURES = PROJECT_DIR / "tests" / "fixtures"


def pytest_configure(config):
    """Under pytest-xdist (`make test` runs two workers) each worker gives dbt its own target and
    log folders: dbt rewrites manifest.json, run_results.json and its saved parse there on every
    command, and two processes writing one folder would read each other's half-written files.
    Subprocesses (tests/python/test_run_kills.py, test_cli.py) inherit the variables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        os.environ.setdefault("WRES_DBT_TARGET_PATH", str(PROJECT_DIR / "target" / f"pytest-{worker}"))
        os.environ.setdefault("WRES_DBT_LOG_PATH", str(PROJECT_DIR / "logs" / f"pytest-{worker}"))


# Test files that share one of the session builds below beyond the demo (`unseen`, `small_orgs_build`):
# under pytest-xdist each worker makes its own session fixtures, so these files run on one worker
# (`make test`: --dist loadgroup) and the build is made once, not once per worker (about 40 s of a
# worker's time each). Every other file is its own group, as --dist loadfile would make it.
SHARED_BUILD_GROUPS = {
    "test_trace": "unseen", "test_nightly": "unseen", "test_report_browser": "unseen", "test_wdes_end_to_end": "unseen",
    "test_disclosure_audit": "small_orgs", "test_wdes_disclosure_audit": "small_orgs",
}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the marks (it adds the group to each test's id)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if not any(item.iter_markers("xdist_group")):
            module = Path(str(item.path)).stem
            item.add_marker(pytest.mark.xdist_group(SHARED_BUILD_GROUPS.get(module, module)))


DEMO_NARRATIVE = """## Our action plan

We will **halve** the gap in appointment from shortlisting by 2027.

1. Diverse interview panels for every post at band 7 and above.
2. Reverse mentoring for the board.

<script>document.title = "injected"</script><b onclick="x()">raw html</b>
[a link](javascript:alert(1)) and [our WRES page](https://example.org/wres)
"""


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> settings.Settings:
    """The main job on the bundled demo data, once per test session."""
    root = tmp_path_factory.mktemp("demo_build")
    run_settings = settings.resolve(
        database=str(root / "wres.duckdb"), publish_dir=str(root / "publish"), runs_dir=str(root / "runs"),
        report_dir=str(root / "report"), return_dir=str(root / "return"), narrative_dir=str(root / "narratives"),
    )
    # as `make run` does: the report and the return at the end (tests/python/test_report_*.py read them),
    # with one trust narrative that tries to smuggle in HTML and a script link
    run_settings = dataclasses.replace(run_settings, write_deliverables=True)
    narrative = root / "narratives" / "R5P" / "2025.md"
    narrative.parent.mkdir(parents=True)
    narrative.write_text(DEMO_NARRATIVE, encoding="utf-8")
    exit_code = pipeline.run(run_settings)
    assert exit_code == 0, "the main job failed on the bundled demo data"
    return run_settings


@pytest.fixture()
def small_landing(tmp_path) -> Path:
    """A writable copy of the hand-made landing fixture (tests/fixtures/landing_small)."""
    target = tmp_path / "landing"
    shutil.copytree(FIXTURES / "landing_small", target)
    return target


@pytest.fixture(scope="session", autouse=True)
def _no_deliverables_unless_asked():
    """Runs in the tests write no report or return (WRES_REPORT=off) unless a test asks for them:
    the bad-input catalogue alone runs the main job dozens of times. demo_build and the tests of
    tests/python/test_report_*.py turn them on."""
    previous = os.environ.get("WRES_REPORT")
    os.environ["WRES_REPORT"] = "off"
    yield
    if previous is None:
        os.environ.pop("WRES_REPORT", None)
    else:
        os.environ["WRES_REPORT"] = previous


@pytest.fixture(scope="session")
def unseen(tmp_path_factory):
    """Extracts from another seed; run once, then again on the same files (freshness, pruning, rerun).
    The second run also writes the report and the return, its pages by two worker processes as at
    scale (tests/python/test_report_browser.py checks them against the published tier)."""
    import json
    import shutil

    from wres.generate import generate
    from wres.publish import current_publication_dir

    root = tmp_path_factory.mktemp("unseen")
    landing = root / "landing"
    generate(landing, orgs=2, staff_per_org=600, years=(2024, 2025), seed=20261130)
    runs = root / "runs"
    # three old run folders, and one that is not a run: pruning takes the first, never the second
    for old in ("20200101T000000000000Z", "20200102T000000000000Z", "20200103T000000000000Z"):
        (runs / old).mkdir(parents=True)
        (runs / old / "run.json").write_text(json.dumps({"status": "success"}))
    (runs / "notes").mkdir()

    def one_run(deliverables: bool = False, **overrides):
        run_settings = settings.resolve(
            landing_dir=str(landing), database=str(root / "wres.duckdb"), publish_dir=str(root / "publish"),
            runs_dir=str(runs), report_dir=str(root / "report"), return_dir=str(root / "return"),
            narrative_dir=str(root / "narratives"), **overrides,
        )
        run_settings = dataclasses.replace(run_settings, write_deliverables=deliverables)
        lines: list[str] = []
        return run_settings, pipeline.run(run_settings, say=lines.append), lines

    first, first_exit, first_output = one_run(keep_runs=30)
    assert first_exit == 0, "\n".join(first_output)
    first_publication = root / "publication_of_first_run"
    shutil.copytree(current_publication_dir(first.publish_dir).resolve(), first_publication)
    workers = os.environ.get("WRES_REPORT_WORKERS")
    os.environ["WRES_REPORT_WORKERS"] = "2"
    try:
        second, second_exit, second_output = one_run(deliverables=True, keep_runs=2)
    finally:
        if workers is None:
            os.environ.pop("WRES_REPORT_WORKERS")
        else:
            os.environ["WRES_REPORT_WORKERS"] = workers
    assert second_exit == 0, "\n".join(second_output)
    return {"landing": landing, "first": first, "second": second, "second_output": second_output,
            "first_publication": first_publication, "root": root}


@pytest.fixture(scope="session")
def small_orgs_build(tmp_path_factory) -> settings.Settings:
    """Twelve generated organisations of about 150 staff over three years, where suppression bites
    hardest, built and published once per session (the WRES and WDES disclosure audits)."""
    from wres.generate import generate, parse_years

    root = tmp_path_factory.mktemp("small_orgs")
    generate(root / "landing", orgs=12, staff_per_org=150, years=parse_years("2023-2025"), seed=7)
    run_settings = settings.resolve(
        landing_dir=str(root / "landing"), database=str(root / "wres.duckdb"),
        publish_dir=str(root / "publish"), runs_dir=str(root / "runs"),
    )
    assert pipeline.run(run_settings, say=lambda _: None) == 0
    return run_settings
