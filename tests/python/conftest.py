"""Shared fixtures: a landing directory, a build database built once per session."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from wres import PROJECT_DIR, pipeline, settings

FIXTURES = PROJECT_DIR / "tests" / "fixtures"
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
