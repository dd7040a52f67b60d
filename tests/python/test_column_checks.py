"""The folded column rules (issue 13): a model's not_null / unique / accepted_values / between rules,
declared on its columns as config.meta.checks, run as one column_checks test (macros/generic_tests.sql)
whose failure names the column, the rule and how many rows break it.

Expected counts, by hand, for the table of test_each_rule_counts_the_rows_that_break_it:
  id    1, 2, 2, NULL, 3  -> not_null: 1 row (the NULL); unique: 1 row (the second 2)
  code  a, b, NULL, c, a  -> accepted_values [a, b]: 1 row (c; NULL passes)
  pct   50, 150, -1, NULL, 100 -> between 0 and 100: 2 rows (150 and -1; NULL and the bound 100 pass)
  flag  true, false, NULL, true, true -> accepted_values [false]: 3 rows (the trues; NULL passes)
  grain (code, flag): (a, true) twice, (b, false), (NULL, NULL), (c, true)
                      -> unique combination: 1 row (the second (a, true)); example 'a, true'
On the good table (a, false), (b, false), (NULL, NULL) every rule holds.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from mini_dbt import invoke, mini_project

from wres import PROJECT_DIR, dbt_runner

MINI_MODEL = """
select * from (values
{% if var('broken', false) %}
    (1, 'a', 50.0, true), (2, 'b', 150.0, false), (2, null, -1.0, null), (null, 'c', null, true), (3, 'a', 100.0, true)
{% else %}
    (1, 'a', 50.0, false), (2, 'b', 0.0, false), (3, null, null, null)
{% endif %}
) as checked (id, code, pct, flag)
"""

MINI_SCHEMA = """
version: 2
models:
  - name: checked
    columns:
      - name: id
        config: {meta: {checks: [not_null, unique]}}
      - name: code
        config: {meta: {checks: [{accepted_values: [a, b]}]}}
      - name: pct
        config: {meta: {checks: [{between: {min_value: 0, max_value: 100}}]}}
      - name: flag
        config: {meta: {checks: [{accepted_values: [false]}]}}
    data_tests:
      - column_checks:
          arguments:
            grain: [code, flag]
"""


def _mini_project(root: Path) -> Path:
    """A project of one model, with the repository's generic tests."""
    return mini_project(root, {"checked.sql": MINI_MODEL, "_checked.yml": MINI_SCHEMA}, ("generic_tests.sql",))


def _build(root: Path, *extra: str):
    return invoke(root, "build", *extra)


def test_each_rule_counts_the_rows_that_break_it(tmp_path):
    database = _mini_project(tmp_path)
    # the flag rule accepts only false here, so the good table (false, NULL) passes and the broken
    # one fails on its three true values
    good = _build(tmp_path)
    assert good.success, "every rule holds on the good table"

    broken = _build(tmp_path, "--vars", "{broken: true}")
    assert not broken.success
    (failed,) = [result for result in broken.result.results if str(result.status).lower() == "fail"]
    assert failed.node.unique_id.startswith("test.mini.column_checks_checked")
    assert failed.failures == 6, "one row per broken rule"
    assert dbt_runner.broken_column_checks(database, failed.node) == (
        "; checked.code accepted_values: a, b: 1 row"
        "; checked.code, flag unique combination: 1 row"
        "; checked.flag accepted_values: False: 3 rows"
        "; checked.id not_null: 1 row"
        "; checked.id unique: 1 row"
        "; checked.pct between 0 and 100: 2 rows"
    )
    # the test's own rows carry an example of each broken value (for whoever runs its SQL)
    with duckdb.connect(str(database), read_only=True) as connection:
        examples = dict(connection.execute(
            f"select column_name || ' ' || rule, example_value from ({failed.node.compiled_code}) as broken"
        ).fetchall())
    assert examples == {"code accepted_values: a, b": "c", "code, flag unique combination": "a, true",
                        "flag accepted_values: False": "true",
                        "id not_null": None, "id unique": "2", "pct between 0 and 100": "-1.0"}


@pytest.fixture()
def seeded(tmp_path) -> Path:
    database = tmp_path / "wres.duckdb"
    outcome = dbt_runner.run_dbt(["seed", "--select", "ethnic_categories"], database)
    assert outcome.success, outcome.failures
    return database


def test_a_bad_value_in_a_project_table_fails_its_checks_naming_column_and_rule(seeded):
    checks = ["test", "--select", "ethnic_categories", "--indirect-selection", "cautious"]
    assert dbt_runner.run_dbt(checks, seeded).success, "the seed as committed passes its checks"

    with duckdb.connect(str(seeded)) as connection:
        connection.execute(
            "insert into reference.ethnic_categories values "
            "('ZZ', 'Purple', 'not a group', false), ('A', 'White', 'a second A', true), ('ZY', null, 'no group', false)"
        )
    outcome = dbt_runner.run_dbt(checks, seeded)
    assert not outcome.success
    (failure,) = outcome.failures
    assert failure.startswith("test.wres.column_checks_ethnic_categories")
    # the unique rule counts the rows beyond the first of a repeated code; NULL passes accepted_values
    assert failure.endswith(
        "; ethnic_categories.ethnic_code unique: 1 row"
        "; ethnic_categories.ethnic_group accepted_values: White, BME, Unknown: 1 row"
        "; ethnic_categories.ethnic_group not_null: 1 row"
    ), failure


def test_every_model_that_declares_checks_runs_them(tmp_path):
    """A column's checks run only through its model's column_checks test: a model that declares
    checks without it would pass them unchecked (the macro itself refuses a test with nothing to check)."""
    target = Path(os.environ.get("WRES_DBT_TARGET_PATH", PROJECT_DIR / "target"))
    common = ["--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR), "--target-path", str(target),
              "--log-path", str(tmp_path / "logs")]
    manifest = dbt_runner.parsed_project(tmp_path / "wres.duckdb", target, common)
    assert manifest is not None, "the project parses"
    tested = {node.attached_node for node in manifest.nodes.values()
              if getattr(getattr(node, "test_metadata", None), "name", None) == "column_checks"}
    declaring = {
        unique_id for unique_id, node in manifest.nodes.items()
        if node.resource_type in ("model", "seed", "snapshot")
        and any((column.config.meta or column.meta or {}).get("checks") for column in node.columns.values())
    }
    assert declaring, "the project declares column checks"
    assert declaring <= tested
    # a model tested without column rules is tested for its grain (the macro refuses a test with nothing to check)
    grains = {node.attached_node: node.test_metadata.kwargs.get("grain") for node in manifest.nodes.values()
              if getattr(getattr(node, "test_metadata", None), "name", None) == "column_checks"}
    assert all(grains[unique_id] for unique_id in tested - declaring)


GRAIN_MODEL = """
select * from (values
    ('A', 2023, 1), ('A', 2023, 2), ('A', 2023, 3), ('B', 2023, 4), ('B', 2023, 5),
    ('C', 2024, 6), (null, 2024, 7), (null, 2024, 8), ('A', 2024, 9), ('B', null, 10)
) as grained (org_code, reporting_year, row_number)
"""

GRAIN_SCHEMA = """
version: 2
models:
  - name: grain_only
    data_tests:
      - column_checks:
          arguments:
            grain: [org_code, reporting_year]
  - name: grain_and_rules_that_hold
    columns:
      - name: row_number
        config: {meta: {checks: [not_null, unique, {between: {min_value: 1, max_value: 10}}]}}
    data_tests:
      - column_checks:
          arguments:
            grain: [org_code, reporting_year]
"""


def test_a_repeated_grain_alone_fails_with_one_row_for_the_grain(tmp_path):
    """Only the grain is broken: (A, 2023) three times, (B, 2023) twice and (NULL, 2024) twice (a
    grain's NULLs are equal, as in group by) -> 2 + 1 + 1 = 4 rows beyond the first of their
    combination; (C, 2024), (A, 2024) and (B, NULL) once each. The test returns one row, for the one
    broken rule, on a model with no column rule as on one whose rules all hold (it once returned one
    row per row of a model without column rules: 10 failures)."""
    database = mini_project(tmp_path, {"grain_only.sql": GRAIN_MODEL, "grain_and_rules_that_hold.sql": GRAIN_MODEL,
                                       "_grained.yml": GRAIN_SCHEMA}, ("generic_tests.sql",))
    outcome = _build(tmp_path)
    assert not outcome.success
    failed = sorted((result for result in outcome.result.results if str(result.status).lower() == "fail"),
                    key=lambda result: result.node.attached_node)
    assert [result.node.attached_node for result in failed] == ["model.mini.grain_and_rules_that_hold",
                                                                "model.mini.grain_only"]
    for result in failed:
        model = result.node.attached_node.split(".")[-1]
        assert result.failures == 1, f"{model}: one row for the one broken rule"
        assert dbt_runner.broken_column_checks(database, result.node) == (
            f"; {model}.org_code, reporting_year unique combination: 4 rows"
        )
        with duckdb.connect(str(database), read_only=True) as connection:
            rows = connection.execute(f"select * from ({result.node.compiled_code}) as broken").fetchall()
        # the example is the least repeated combination as text (concat_ws leaves a NULL out)
        assert rows == [("org_code, reporting_year", "unique combination", 4, "2024")], model
