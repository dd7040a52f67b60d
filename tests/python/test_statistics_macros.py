"""The statistics macros (macros/statistics.sql) against values worked out by hand.

Each case is rendered by dbt (`dbt show --inline`) and evaluated by DuckDB, so this tests the
SQL the marts run, not a Python copy of it. Expected values, worked by hand:
- RL of 30/100 against 10/50 = 0.30 / 0.20 = 1.5;
  SE = sqrt(1/30 - 1/100 + 1/10 - 1/50) = sqrt(0.103333...) = 0.321455;
  interval exp(ln 1.5 -/+ 1.96 x 0.321455) = exp(0.405465 -/+ 0.630052) = 0.79885 .. 2.81656.
- Wilson 5/20, z = 1.96: p = 0.25, z^2 = 3.8416; centre 0.25 + 3.8416/40 = 0.34604;
  half-width 1.96 x sqrt(0.25 x 0.75 / 20 + 3.8416/1600) = 1.96 x 0.10797 = 0.21162;
  divided by 1 + 3.8416/20 = 1.19208: 11.186% .. 46.871%.
- Financial year: 31 March 2024 is in 2024 (April 2023-March 2024); 1 April 2024 is in 2025.
"""

from __future__ import annotations

import os

import pytest

from wres import PROJECT_DIR

CASES = {
    "fy_31_march": ("{{ financial_year(\"date '2024-03-31'\") }}", 2024),
    "fy_1_april": ("{{ financial_year(\"date '2024-04-01'\") }}", 2025),
    "fy_start": ("{{ financial_year_start(2024) }}", "2023-04-01"),
    "fy_end": ("{{ financial_year_end(2024) }}", "2024-03-31"),
    "pct": ("{{ percentage(5, 20) }}", 25.0),
    "pct_zero_denominator": ("{{ percentage(5, 0) }}", None),
    "rl": ("{{ relative_likelihood(30, 100, 10, 50) }}", 1.5),
    "rl_lower": ("{{ relative_likelihood_bound(30, 100, 10, 50, 'lower') }}", 0.79885),
    "rl_upper": ("{{ relative_likelihood_bound(30, 100, 10, 50, 'upper') }}", 2.81656),
    "rl_numerator_zero_is_valid_zero": ("{{ relative_likelihood(0, 10, 2, 5) }}", 0.0),
    "rl_numerator_zero_has_no_interval": ("{{ relative_likelihood_bound(0, 10, 2, 5, 'lower') }}", None),
    "rl_comparator_zero": ("{{ relative_likelihood(3, 10, 0, 5) }}", None),
    "reason_comparator_zero": ("{{ relative_likelihood_not_calculable_reason(3, 10, 0, 5) }}", "comparator_rate_zero"),
    "reason_denominator_zero": ("{{ relative_likelihood_not_calculable_reason(3, 0, 1, 5) }}", "denominator_zero"),
    "reason_none": ("{{ relative_likelihood_not_calculable_reason(3, 10, 1, 5) }}", None),
    "wilson_lower": ("{{ wilson_bound(5, 20, 'lower') }}", 11.186),
    "wilson_upper": ("{{ wilson_bound(5, 20, 'upper') }}", 46.871),
    "wilson_all_positive_upper_is_100": ("{{ wilson_bound(20, 20, 'upper') }}", 100.0),
    "wilson_none_positive_lower_is_exactly_0": ("{{ wilson_bound(0, 4, 'lower') }}", 0.0),
    "wilson_empty": ("{{ wilson_bound(0, 0, 'lower') }}", None),
    "non_adverse_inside": ("{{ is_non_adverse(1.25) }}", True),
    "non_adverse_outside": ("{{ is_non_adverse(1.26) }}", False),
    "significant": ("{{ is_significant(1.01, 1.9) }}", True),
    "not_significant": ("{{ is_significant(0.8, 2.8) }}", False),
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict:
    from dbt.cli.main import dbtRunner

    database = tmp_path_factory.mktemp("macros") / "macros.duckdb"
    select = ", ".join(f"cast({expression} as varchar) as {name}" for name, (expression, _) in CASES.items())
    os.environ["WRES_DUCKDB_PATH"] = str(database)
    result = dbtRunner().invoke(
        [
            "show", "--inline", f"select {select}", "--project-dir", str(PROJECT_DIR),
            "--profiles-dir", str(PROJECT_DIR), "--target-path", str(database.parent / "target"),
            "--log-path", str(database.parent / "logs"), "--quiet",
        ]
    )
    assert result.success, result.exception
    table = result.result.results[0].agate_table
    return dict(zip(table.column_names, table.rows[0]))


@pytest.mark.parametrize("name", CASES)
def test_macro_matches_hand_computed_value(rendered, name):
    expected = CASES[name][1]
    actual = rendered[name]
    if expected is None:
        assert actual is None
    elif isinstance(expected, bool):
        assert actual == str(expected).lower()
    elif name.endswith("exactly_0"):
        assert float(actual) == 0.0
    elif isinstance(expected, float):
        assert float(actual) == pytest.approx(expected, abs=5e-4)
    else:
        assert actual == str(expected)
