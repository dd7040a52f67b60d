"""What of a data-quality finding may leave the build database (issue 9.2).

The failing examples of an expectation are rows of a fact frame: organisation, year, code,
counts and line numbers. Inside the build database (``audit.data_quality_results``, the run
folder, the run's own output) they are shown whole, so the data team can find and fix the value;
that is internal, like ``audit.landing_quarantine``. The copy published beside the figures
(``published.data_quality_results`` and its Parquet file) is read by anyone, and a landing file
with shifted columns puts anything into a "code" column (employee numbers in ``pay_band``). So
the published copy keeps:

- columns the fact queries compute (counts, ratios, flags, line numbers, years, the contract's
  file and extract names, the marts' own vocabulary): COMPUTED_COLUMNS;
- values of the coded columns in CODED_COLUMNS, and only when the value is a code of its
  reference seed (a code cannot be a person identifier or free text);

and everything else, including any column not listed here, is withheld: the example keeps its
counts and line numbers, so a reader still sees how many rows fail and where.
"""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

WITHHELD = "(withheld)"
NOT_A_REFERENCE_CODE = "(not a reference code: withheld)"
BLANK_MARKER = "(blank)"  # the fact frames' name for a blank code: not a landing value

# Made by the fact queries or the marts, never copied from a landing value.
COMPUTED_COLUMNS = frozenset({
    # landing frames: counts, ratios, flags, line numbers, reporting years, seed values
    "source_file", "rows_read", "rows_accepted", "rows_quarantined", "rows_accounted_for",
    "quarantined_pct", "previous_rows_read", "row_count_ratio", "row_count", "example_lines",
    "earliest_line", "latest_line", "several_primary_example_lines", "dated_rows", "reporting_year",
    "distinct_assignment_numbers", "included_staff", "persons_with_several_primary_assignments",
    "distinct_application_ids", "distinct_case_ids", "disciplinary_cases", "non_mandatory_records",
    "records_outside_workforce", "indicators_covered", "indicators_found", "distinct_answers",
    "distinct_member_ids", "voting_members", "is_recognised", "is_valid_response",
    "has_workforce_snapshot", "has_board_snapshot", "extracts_with_data", "ethnic_group",
    "band_row", "valid_responses",
    # expect_table_columns_to_match_set: column names of the landed table (the contract's)
    "unexpected", "missing",
    # mart frames: the figures' grain and values (the published tier itself)
    "indicator", "indicators", "measure", "breakdown", "not_calculable_reason", "value", "ci_lower",
    "ci_upper", "numerator", "denominator", "pct_total", "group_headcount_total", "all_headcount",
    "bme_workforce_pct", "ind2_relative_likelihood", "ind3_relative_likelihood",
    "ind4_relative_likelihood", "ind5_bme_pct", "ind5_white_pct", "ind6_bme_pct", "ind6_white_pct",
    "ind7_bme_pct", "ind7_white_pct", "ind8_bme_pct", "ind8_white_pct",
    "ind9_voting_pct_point_diff", "is_present", "source_extract", "is_value_or_reason",
    "distinct_figures", "table_schema", "table_name", "column_name", "id_kinds", "person_id_values",
})

# The WRES Staff Survey items (indicators 5-8) of seed survey_item_map.
_WRES_SURVEY_ITEMS = "(select * from reference.survey_item_map where standard_code = 'WRES' and role = 'item')"

# Coded columns: a value is published only when it is one of these reference codes (SQL over
# the build database, evaluated once per validation stage).
CODED_COLUMNS: Mapping[str, str] = {
    # seed ethnic_categories and the local sub-codes it allows
    "ethnic_code": "select ethnic_code from staging.stg_reference__ethnic_codes",
    # spellings that seed pay_band_spellings maps to a band row
    "pay_band": "select distinct pay_band from staging.stg_esr__assignments where is_pay_band_recognised",
    # groups listed in seed staff_groups
    "staff_group": "select distinct staff_group from staging.stg_esr__assignments where is_staff_group_recognised",
    # the WRES items of seed survey_item_map: their survey years, question codes and valid codes
    "survey_year": f"select distinct cast(survey_year as varchar) from {_WRES_SURVEY_ITEMS}",
    "question_code": f"select distinct lower(question_code) from {_WRES_SURVEY_ITEMS}",
    "response": f"select distinct trim(unnest(string_split(valid_codes, ','))) from {_WRES_SURVEY_ITEMS}",
    # Decision: there is no seed of organisations; an organisation code is published when the
    # accepted ESR rows carry it, i.e. it is an organisation the run's figures are published for.
    "org_code": "select distinct org_code from staging.stg_esr__assignments",
}


def reference_codes(connection: duckdb.DuckDBPyConnection) -> dict[str, frozenset[str]]:
    """The codes each coded column may publish; a lookup whose table is missing allows none."""
    codes = {}
    for column, sql in CODED_COLUMNS.items():
        try:
            values = connection.execute(sql).fetchall()
        except duckdb.CatalogException:  # e.g. a test database without the staging layer
            values = []
        codes[column] = frozenset(str(value) for (value,) in values if value is not None)
    return codes


def publishable_value(column: str, value: str, codes: Mapping[str, frozenset[str]]) -> str:
    """`value` (as shown in an example) if it may be published under `column`, else a marker."""
    if column in COMPUTED_COLUMNS:
        return value
    if column in CODED_COLUMNS:
        if value in (BLANK_MARKER, "NULL") or value in codes.get(column, frozenset()):
            return value
        return NOT_A_REFERENCE_CODE
    return WITHHELD


def publishable_example(row: Mapping[str, str], codes: Mapping[str, frozenset[str]]) -> str:
    """One failing example (column -> shown value) as it may be published."""
    return "; ".join(f"{column}={publishable_value(column, value, codes)}" for column, value in row.items())
