"""The landing step (wres/landing.py): file-level checks, header normalisation, line numbers."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from wres.contract import EXTRACTS, normalise_header
from wres.landing import LandingError, land, read_header


def _rows(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Employee Number", "employee_number"), ("snapshot-date", "snapshot_date"), ("\ufeffORG_CODE ", "org_code")],
)
def test_header_names_match_after_case_space_and_hyphen_normalisation(raw, expected):
    assert normalise_header(raw) == expected


def test_bom_and_esr_style_header_are_read(small_landing):
    # the fixture's ESR file starts with a UTF-8 BOM and has headers like "Employee Number"
    assert (small_landing / "esr_staff_in_post.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    header = read_header(small_landing / "esr_staff_in_post.csv")
    assert header[:3] == ["org_code", "snapshot_date", "employee_number"]


def test_rows_read_equal_loaded_plus_parser_rejects_with_physical_line_numbers(small_landing, tmp_path):
    path = small_landing / "hr_cases.csv"
    path.write_text(
        "org_code,case_id,employee_number,case_type,investigation_start_date,ethnic_origin,extra column\n"
        "R1A,C1,E1,Disciplinary,2023-07-01,A,x\n"
        "R1A,C2,E2\n"                                      # line 3: too few fields
        'R1A,C3,E3,Disciplinary,2023-07-01,"A, White",x\n'  # quoted comma: a real field
        "R1A,C4,E4,Disciplinary,2023-07-01,A,x,y,z\n"      # line 5: too many fields
        "R1A,C5,E5,Grievance,2023-07-01,A,x\n"
    )
    database = tmp_path / "w.duckdb"
    results = {result.extract: result for result in land(database, small_landing, "test")}
    assert (results["hr_cases"].rows_read, results["hr_cases"].rows_loaded) == (5, 3)
    assert results["hr_cases"].rows_rejected_by_parser == 2
    assert _rows(database, "select case_id, source_line_number from landing.hr_cases order by 2") == [
        ("C1", 2), ("C3", 4), ("C5", 6)
    ]
    assert _rows(database, "select source_line_number from landing.csv_rejects where extract_name = 'hr_cases' order by 1") == [
        (3,), (5,)
    ]
    # extra columns are ignored: the landing table holds exactly the contract columns
    columns = [row[0] for row in _rows(database, "describe landing.hr_cases")]
    assert columns == ["source_file", "source_line_number", *EXTRACTS[2].columns]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"org_code,case_id\nR1A,C1\n", "required column(s) missing from the header: employee_number"),
        (b"org_code,org_code,case_id,employee_number,case_type,investigation_start_date,ethnic_origin\n", "more than once"),
        (b"org_code,case_id,employee_number,case_type,investigation_start_date,\xe9thnic\n", "not valid UTF-8"),
    ],
)
def test_malformed_file_fails_naming_the_file_and_writes_nothing(small_landing, tmp_path, content, message):
    database = tmp_path / "w.duckdb"
    land(database, small_landing, "good")
    before = _rows(database, "select extract_name, rows_read, run_id from landing.landing_files order by 1")
    (small_landing / "hr_cases.csv").write_bytes(content)
    with pytest.raises(LandingError) as error:
        land(database, small_landing, "bad")
    assert "hr_cases.csv" in str(error.value) and message in str(error.value)
    # the previous landing is untouched: the check runs before anything is written
    assert _rows(database, "select extract_name, rows_read, run_id from landing.landing_files order by 1") == before


def test_missing_file_is_named(small_landing, tmp_path):
    (small_landing / "board_members.csv").unlink()
    with pytest.raises(LandingError, match="board_members.csv: file not found"):
        land(tmp_path / "w.duckdb", small_landing, "r")
