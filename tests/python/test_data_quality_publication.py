"""What of a data-quality finding is published (wres/quality/disclosure.py, issue 9.2)."""

from __future__ import annotations

import duckdb

from wres.quality.disclosure import (
    CODED_COLUMNS, COMPUTED_COLUMNS, NOT_A_REFERENCE_CODE, WITHHELD, publishable_example, reference_codes,
)

CODES = {"pay_band": frozenset({"Band 5"}), "org_code": frozenset({"R1A"}), "ethnic_code": frozenset({"A"})}


def test_counts_line_numbers_and_reference_codes_are_published_as_shown():
    row = {"is_recognised": "False", "pay_band": "Band 5", "org_code": "R1A", "row_count": "2", "example_lines": "2, 14"}
    assert publishable_example(row, CODES) == (
        "is_recognised=False; pay_band=Band 5; org_code=R1A; row_count=2; example_lines=2, 14"
    )


def test_a_value_outside_its_reference_seed_is_withheld_but_its_counts_stay():
    # an employee number in pay_band (columns shifted in the export)
    row = {"is_recognised": "False", "pay_band": "A0001", "row_count": "2", "example_lines": "2, 14"}
    assert publishable_example(row, CODES) == (
        f"is_recognised=False; pay_band={NOT_A_REFERENCE_CODE}; row_count=2; example_lines=2, 14"
    )
    assert publishable_example({"org_code": "r9z", "reporting_year": "2024"}, CODES) == (
        f"org_code={NOT_A_REFERENCE_CODE}; reporting_year=2024"
    )


def test_free_text_and_unlisted_columns_are_withheld():
    # case types and outcomes are free text (no seed); dates are landing values too
    row = {"org_code": "R1A", "case_types": "Disciplinary, A0001", "latest_date": "2099-01-01", "new_column": "x"}
    assert publishable_example(row, CODES) == (
        f"org_code=R1A; case_types={WITHHELD}; latest_date={WITHHELD}; new_column={WITHHELD}"
    )


def test_the_blank_marker_of_a_coded_column_is_not_a_landing_value():
    assert publishable_example({"ethnic_code": "(blank)", "row_count": "3"}, CODES) == "ethnic_code=(blank); row_count=3"


def test_no_column_is_both_computed_and_coded():
    assert not COMPUTED_COLUMNS & set(CODED_COLUMNS)


def test_reference_codes_come_from_the_seeds_and_a_missing_table_allows_none():
    with duckdb.connect() as connection:
        connection.execute("create schema reference")
        connection.execute(
            "create table reference.survey_item_map as "
            "select 'WRES' as standard_code, 'item' as role, 2023 as survey_year, 'q14a' as question_code, "
            "'1, 2,3' as valid_codes "
            "union all select 'WDES', 'item', 2021, 'q11e', '7'"
        )
        codes = reference_codes(connection)
    assert codes["survey_year"] == {"2023"}
    assert codes["question_code"] == {"q14a"}
    assert codes["response"] == {"1", "2", "3"}
    assert codes["pay_band"] == frozenset()  # no staging layer in this database: nothing allowed
