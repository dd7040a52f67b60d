"""Shared fixtures: a landing directory, a build database built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wres import PROJECT_DIR, pipeline, settings

FIXTURES = PROJECT_DIR / "tests" / "fixtures"


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> settings.Settings:
    """The main job on the bundled demo data, once per test session."""
    root = tmp_path_factory.mktemp("demo_build")
    run_settings = settings.resolve(
        database=str(root / "wres.duckdb"), publish_dir=str(root / "publish"), runs_dir=str(root / "runs")
    )
    exit_code = pipeline.run(run_settings)
    assert exit_code == 0, "the main job failed on the bundled demo data"
    return run_settings


@pytest.fixture()
def small_landing(tmp_path) -> Path:
    """A writable copy of the hand-made landing fixture (tests/fixtures/landing_small)."""
    target = tmp_path / "landing"
    shutil.copytree(FIXTURES / "landing_small", target)
    return target
