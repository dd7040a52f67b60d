"""Runs every dbt unit test (the `unit_tests:` in models/**.yml) against the demo build.

dbt unit tests need their models' parents to exist in the database (dbt reads the column types
from them), hence the demo build first.
"""

from __future__ import annotations

from wres.dbt_runner import run_dbt


def test_every_dbt_unit_test_passes(demo_build, tmp_path):
    outcome = run_dbt(["test", "--select", "test_type:unit"], demo_build.database, tmp_path / "unit")
    assert outcome.success, "dbt unit tests failed:\n" + "\n".join(outcome.failures)
