"""The statistics macros (macros/statistics.sql) against values worked out by hand.

Each case is rendered by dbt (`dbt show --inline`) and evaluated by DuckDB, so this tests the
SQL the marts run, not a Python copy of it. Expected values, worked by hand:
- RL of 30/100 against 10/50 = 0.30 / 0.20 = 1.5;
  SE = sqrt(1/30 - 1/100 + 1/10 - 1/50) = sqrt(0.103333...) = 0.321455;
  interval exp(ln 1.5 -/+ 1.96 x 0.321455) = exp(0.405465 -/+ 0.630052) = 0.79885 .. 2.81656.
- Wilson 5/20, z = 1.96: p = 0.25, z^2 = 3.8416; centre 0.25 + 3.8416/40 = 0.34604;
  half-width 1.96 x sqrt(0.25 x 0.75 / 20 + 3.8416/1600) = 1.96 x 0.10797 = 0.21162;
  divided by 1 + 3.8416/20 = 1.19208: 11.186% .. 46.871%.
- WDES metric 2 (wdes-spec §5): non-disabled 300/2500 = 12% over Disabled 12/150 = 8%: RL 1.50;
  SE = sqrt(1/300 - 1/2500 + 1/12 - 1/150) = sqrt(0.0796) = 0.282135; exp(0.405465 -/+ 0.552985)
  = 0.86285 .. 2.60765 (the spec's 0.86-2.61).
- WDES metric 3 rolling: (5/380) / (22/7300) = 4.36603; SE = sqrt(1/5 - 1/380 + 1/22 - 1/7300) =
  0.492632; exp(1.473855 -/+ 0.965558) = 1.66246 .. 11.46630 (the spec's 1.66-11.47).
- Newcombe interval of 30/100 - 20/100 = 10 points, from the Wilson intervals 21.8948 .. 39.5850
  and 13.3366 .. 28.8831: 10 - sqrt(8.1052^2 + 8.8831^2) = -2.0252; 10 + sqrt(9.5850^2 + 6.6634^2)
  = 21.6736.
- Mean 7.5, sd 2, n 16: 7.5 -/+ 1.96 x 2 / 4 = 6.52 .. 8.48. Welch difference 6 - 7 with sd 2, n
  16 and sd 3, n 36: -1 -/+ 1.96 x sqrt(4/16 + 9/36) = -1 -/+ 1.385929 = -2.38593 .. 0.38593.
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
    "wdes_metric_2_rl": ("{{ relative_likelihood(300, 2500, 12, 150) }}", 1.5),
    "wdes_metric_2_lower": ("{{ relative_likelihood_bound(300, 2500, 12, 150, 'lower') }}", 0.86285),
    "wdes_metric_2_upper": ("{{ relative_likelihood_bound(300, 2500, 12, 150, 'upper') }}", 2.60765),
    "wdes_metric_3_rl": ("{{ relative_likelihood(5, 380, 22, 7300) }}", 4.36603),
    "wdes_metric_3_lower": ("{{ relative_likelihood_bound(5, 380, 22, 7300, 'lower') }}", 1.66246),
    "wdes_metric_3_upper": ("{{ relative_likelihood_bound(5, 380, 22, 7300, 'upper') }}", 11.46630),
    "newcombe_lower": ("{{ newcombe_diff_bound(30, 100, 20, 100, 'lower') }}", -2.0252),
    "newcombe_upper": ("{{ newcombe_diff_bound(30, 100, 20, 100, 'upper') }}", 21.6736),
    "mean_lower": ("{{ mean_bound(7.5, 2.0, 16, 'lower') }}", 6.52),
    "mean_upper": ("{{ mean_bound(7.5, 2.0, 16, 'upper') }}", 8.48),
    "mean_single_respondent": ("{{ mean_bound(7.5, 2.0, 1, 'upper') }}", None),
    "welch_lower": ("{{ welch_diff_bound(6.0, 2.0, 16, 7.0, 3.0, 36, 'lower') }}", -2.38593),
    "welch_upper": ("{{ welch_diff_bound(6.0, 2.0, 16, 7.0, 3.0, 36, 'upper') }}", 0.38593),
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
