"""The landing step (wres/landing.py): file-level checks, header normalisation, line numbers."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from wres.contract import EXTRACTS, normalise_header
from wres.landing import LONGEST_COUNTED_LINE, LandingError, land, read_header


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
    # extra columns are ignored: the landing table holds exactly the contract columns (the optional
    # WDES ones included, NULL when the file lacks them)
    columns = [row[0] for row in _rows(database, "describe landing.hr_cases")]
    assert columns == ["source_file", "source_line_number", *EXTRACTS[2].landed_columns]


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


# -- rows counted from the file's physical lines, not only from the CSV reader (issue 9.1, 9.6) --
DEMO = Path(__file__).resolve().parents[2] / "seeds" / "demo"


def _demo_copy(tmp_path: Path) -> Path:
    import shutil

    landing = tmp_path / "landing"
    shutil.copytree(DEMO, landing, ignore=shutil.ignore_patterns("*.md"))
    return landing


def _open_quote_on_data_row(path: Path, data_row: int, column: int) -> int:
    """Put a stray opening quote before field `column` of data row `data_row`; return its line."""
    lines = path.read_bytes().decode("utf-8").splitlines(keepends=True)
    fields = lines[data_row].split(",")
    fields[column] = '"' + fields[column]
    lines[data_row] = ",".join(fields)
    path.write_text("".join(lines), encoding="utf-8")
    return data_row + 1  # the header is line 1


@pytest.mark.parametrize(("file_name", "column"), [("hr_cases.csv", 3), ("training_records.csv", 5)])
def test_an_unterminated_quote_fails_the_file_naming_its_line(tmp_path, file_name, column):
    # issue 9.1: `"Disciplinary` on data row 50 made the reader swallow the rest of the file
    # into one field: 50 rows "read" of 275, balanced, exit 0
    landing = _demo_copy(tmp_path)
    line = _open_quote_on_data_row(landing / file_name, 50, column)
    with pytest.raises(LandingError) as error:
        land(tmp_path / "w.duckdb", landing, "r")
    message = str(error.value)
    assert f"{file_name}: line {line}: a quoted value opened on this line is never closed" in message
    assert "\n" not in message
    assert not (tmp_path / "w.duckdb").exists() or _rows(
        tmp_path / "w.duckdb", "select count(*) from information_schema.tables where table_name = 'landing_files'"
    ) == [(0,)]


def test_two_stray_quotes_that_merge_lines_into_one_record_fail_the_file(small_landing, tmp_path):
    # the first quote opens a value the second closes: the reader sees one long record
    (small_landing / "hr_cases.csv").write_text(
        "org_code,case_id,employee_number,case_type,investigation_start_date,ethnic_origin\n"
        'R1A,C1,E1,"Disciplinary,2023-07-01,A\n'
        "R1A,C2,E2,Grievance,2023-07-01,A\n"
        'R1A,C3,E3,Disciplinary,2023-07-01,A"\n'
        "R1A,C4,E4,Grievance,2023-07-01,A\n"
    )
    with pytest.raises(LandingError) as error:
        land(tmp_path / "w.duckdb", small_landing, "r")
    assert "hr_cases.csv: lines 2-4 were read as one record" in str(error.value)


def test_physical_line_numbers_with_blank_lines_and_a_value_spanning_lines(small_landing, tmp_path):
    (small_landing / "hr_cases.csv").write_text(
        "org_code,case_id,employee_number,case_type,investigation_start_date,ethnic_origin\n"
        "R1A,C1,E1,Disciplinary,2023-07-01,A\n"
        "\n"                                                     # line 3: blank
        'R1A,C2,E2,"Disciplinary\nhearing",2023-07-01,A\n'      # lines 4-5: one record
        "R1A,C3,E3\n"                                            # line 6: too few fields
        "\n"
        "\n"
        'R1A,C4,E4,Grievance,2023-07-01,"A, ""White"""\n'       # line 9
        'R1A,C5,E5,12" screen,2023-07-01,A\n'                   # line 10: a quote inside a value
        'R1A,C6,E6,Monitor 12",2023-07-01,A\n'                  # line 11: ... and at its end
    )
    database = tmp_path / "w.duckdb"
    results = {result.extract: result for result in land(database, small_landing, "test")}
    assert (results["hr_cases"].rows_read, results["hr_cases"].rows_loaded) == (6, 5)
    assert _rows(database, "select case_id, source_line_number from landing.hr_cases order by 2") == [
        ("C1", 2), ("C2", 4), ("C4", 9), ("C5", 10), ("C6", 11),
    ]
    assert _rows(database, "select source_line_number from landing.csv_rejects where extract_name = 'hr_cases'") == [(6,)]
    assert _rows(
        database, "select lines_in_file, blank_lines, records_in_file, rows_read from landing.landing_files "
        "where extract_name = 'hr_cases'"
    ) == [(11, 3, 6, 6)]


def test_a_line_over_the_maximum_line_size_is_rejected_with_a_reason(small_landing, tmp_path):
    # issue 9.6: the reject's message was NULL, so the run failed on a dbt not_null test
    path = small_landing / "hr_cases.csv"
    long_line = f"R1A,C2,E2,{'x' * 2_200_000},2023-07-01,A"
    path.write_text(
        "org_code,case_id,employee_number,case_type,investigation_start_date,ethnic_origin\n"
        "R1A,C1,E1,Disciplinary,2023-07-01,A\n"
        f"{long_line}\n"
        "R1A,C3,E3,Grievance,2023-07-01,A\n"
    )
    database = tmp_path / "w.duckdb"
    land(database, small_landing, "test")
    rejects = _rows(database, "select source_line_number, error_message, length(csv_line) from landing.csv_rejects "
                              "where extract_name = 'hr_cases'")
    assert [(line, message) for line, message, _ in rejects] == [
        (3, f"Maximum line size of 2000000 bytes exceeded. Actual Size:{len(long_line)} bytes.")
    ]
    assert rejects[0][2] <= 1000  # the raw line is cut to its start in the quarantine
    assert _rows(database, "select case_id, source_line_number from landing.hr_cases order by 2") == [("C1", 2), ("C3", 4)]


def test_a_landing_path_that_is_a_directory_is_named_as_such(small_landing, tmp_path):
    (small_landing / "board_members.csv").unlink()
    (small_landing / "board_members.csv").mkdir()
    with pytest.raises(LandingError, match=r"board_members.csv: is a directory, not a file"):
        land(tmp_path / "w.duckdb", small_landing, "r")
    with pytest.raises(LandingError, match=r"hr_cases.csv: the landing directory is a file"):
        land(tmp_path / "w.duckdb", small_landing / "hr_cases.csv", "r")


def test_file_sha256_is_read_once_per_unchanged_file_and_follows_a_change(tmp_path, monkeypatch):
    """The freshness check and the landing manifest both hash every landing file: the second
    call must not read 2 GB again, and a rewritten file must never keep its old digest."""
    import hashlib
    import os

    from wres import io_helpers

    path = tmp_path / "extract.csv"
    path.write_bytes(b"org_code\nR1A\n")
    first = io_helpers.file_sha256(path)
    assert first == hashlib.sha256(b"org_code\nR1A\n").hexdigest()
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda *args, **kwargs: opened.append(args[0]) or real_open(*args, **kwargs))
    assert io_helpers.file_sha256(path) == first and opened == []
    monkeypatch.undo()
    before = os.stat(path)
    path.write_bytes(b"org_code\nR1B\n")  # same size, same inode, new bytes
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old modification time put back
    assert io_helpers.file_sha256(path) == hashlib.sha256(b"org_code\nR1B\n").hexdigest()


def test_landing_records_each_files_sha256_hashed_while_duckdb_reads_it(small_landing, tmp_path, monkeypatch):
    """The digests are computed in a thread beside the load (issue 13): each file's row in
    landing.landing_files must still carry that file's own SHA-256, and a file that cannot be read
    for its digest fails the landing with the new database removed, as before the load."""
    import hashlib

    from wres import io_helpers

    io_helpers._sha256_of.cache_clear()
    database = tmp_path / "w.duckdb"
    land(database, small_landing, "r")
    expected = {e.name: hashlib.sha256((small_landing / e.file_name).read_bytes()).hexdigest() for e in EXTRACTS}
    assert dict(_rows(database, "select extract_name, sha256 from landing.landing_files")) == expected

    def unreadable(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("wres.landing.file_sha256", unreadable)
    fresh = tmp_path / "fresh.duckdb"
    with pytest.raises(PermissionError):
        land(fresh, small_landing, "r")
    assert not fresh.exists()


def test_a_line_longer_than_the_counted_maximum_fails_the_file_naming_it(small_landing, tmp_path):
    # issue 13: the line count reads lines of up to LONGEST_COUNTED_LINE bytes (its buffers cost 16
    # times that, so it is bounded); a longer line fails the file in one line, and nothing is written
    path = small_landing / "hr_cases.csv"
    path.write_text(
        "org_code,case_id,employee_number,case_type,investigation_start_date,ethnic_origin\n"
        f"R1A,C2,E2,{'x' * (LONGEST_COUNTED_LINE + 10)},2023-07-01,A\n"
    )
    database = tmp_path / "w.duckdb"
    with pytest.raises(LandingError, match=rf"hr_cases\.csv: line 2 is longer than {LONGEST_COUNTED_LINE:,} bytes") as raised:
        land(database, small_landing, "test")
    assert "\n" not in str(raised.value).strip()
    assert not database.exists()


def test_landing_tables_number_rows_by_physical_line_with_and_without_rejects(small_landing, tmp_path):
    # issue 13: a file with no reject is landed without a sort (line = position + 2); one with a
    # reject and a blank line places every row on its own line: both give the physical line numbers
    header = "org_code,case_id,employee_number,case_type,investigation_start_date,ethnic_origin\n"
    rows = [f"R1A,C{n},E{n},Grievance,2023-07-01,A\n" for n in range(1, 6)]
    (small_landing / "hr_cases.csv").write_text(header + "".join(rows))
    land(tmp_path / "clean.duckdb", small_landing, "test")
    assert _rows(tmp_path / "clean.duckdb", "select case_id, source_line_number from landing.hr_cases order by 2") == [
        (f"C{n}", n + 1) for n in range(1, 6)
    ]
    # line 3 has a field too many (rejected), line 5 is blank
    (small_landing / "hr_cases.csv").write_text(header + rows[0] + "R1A,C9,E9,Grievance,2023-07-01,A,extra\n"
                                                + rows[1] + "\n" + "".join(rows[2:]))
    land(tmp_path / "rejects.duckdb", small_landing, "test")
    assert _rows(tmp_path / "rejects.duckdb", "select case_id, source_line_number from landing.hr_cases order by 2") == [
        ("C1", 2), ("C2", 4), ("C3", 6), ("C4", 7), ("C5", 8)
    ]
    assert _rows(tmp_path / "rejects.duckdb", "select source_line_number from landing.csv_rejects "
                                              "where extract_name = 'hr_cases'") == [(3,)]


def _landing_relations(database: Path, extract: str) -> dict[str, str]:
    return dict(_rows(database, "select table_name, table_type from information_schema.tables "
                                f"where table_schema = 'landing' and table_name like '{extract}%' order by 1"))


def test_a_file_read_in_line_order_lands_as_a_view_over_its_parsed_rows_and_a_rerun_replaces_either(small_landing, tmp_path):
    # issue 13: most files are read straight into landing.<extract>__parsed and landed as a view over
    # it (no copy of every row); a file with a reject lands as a table and leaves no internal table.
    # The view's line numbers hold after the commit, which renumbers the rowids it counts from.
    header = "org_code,case_id,employee_number,case_type,investigation_start_date,ethnic_origin\n"
    rows = [f"R1A,C{n},E{n},Grievance,2023-07-01,A\n" for n in range(1, 6)]
    database = tmp_path / "w.duckdb"
    clean_lines = [(f"C{n}", n + 1) for n in range(1, 6)]
    for run, content, relations, lines in [
        ("clean", header + "".join(rows), {"hr_cases": "VIEW", "hr_cases__parsed": "BASE TABLE"}, clean_lines),
        ("reject", header + rows[0] + "R1A,C9,E9,Grievance,2023-07-01,A,extra\n" + "".join(rows[1:]),
         {"hr_cases": "BASE TABLE"}, [("C1", 2), ("C2", 4), ("C3", 5), ("C4", 6), ("C5", 7)]),
        ("clean again", header + "".join(rows), {"hr_cases": "VIEW", "hr_cases__parsed": "BASE TABLE"}, clean_lines),
    ]:
        (small_landing / "hr_cases.csv").write_text(content)
        land(database, small_landing, run)
        assert _landing_relations(database, "hr_cases") == relations, run
        assert _rows(database, "select case_id, source_line_number from landing.hr_cases order by 2") == lines, run
        assert _rows(database, "select distinct source_file from landing.hr_cases") == [("hr_cases.csv",)]
    # the view has the landing table's columns and types, the optional WDES columns included
    assert _rows(database, "select column_name, data_type from information_schema.columns where table_schema = 'landing' "
                           "and table_name = 'hr_cases' order by ordinal_position") == [
        ("source_file", "VARCHAR"), ("source_line_number", "BIGINT"),
        *[(column, "VARCHAR") for column in EXTRACTS[2].landed_columns],
    ]


def test_a_column_outside_the_contract_is_never_stored_in_the_build_database(small_landing, tmp_path):
    # such a file is read into a temp table and copied (extra columns are ignored), with the
    # alias of an optional column renamed as in the view
    (small_landing / "hr_cases.csv").write_text(
        "org_code,case_id,employee_number,case_type,investigation_start_date,ethnic_origin,secret,disability\n"
        "R1A,C1,E1,Grievance,2023-07-01,A,do-not-keep,Y\n"
    )
    database = tmp_path / "w.duckdb"
    land(database, small_landing, "r")
    assert _landing_relations(database, "hr_cases") == {"hr_cases": "BASE TABLE"}
    assert _rows(database, "select count(*) from information_schema.columns where column_name = 'secret'") == [(0,)]
    assert _rows(database, "select source_line_number, case_id, disability from landing.hr_cases") == [(2, "C1", "Y")]


def test_a_file_failing_after_others_were_landed_leaves_the_previous_landing_whole(tmp_path):
    # the landing is one transaction: hr_cases is landed again (its view and internal table
    # replaced) before training_records fails; the previous run's relations and rows stay as they were
    landing = _demo_copy(tmp_path)
    database = tmp_path / "w.duckdb"
    land(database, landing, "first")
    relations = _landing_relations(database, "")
    assert relations["hr_cases"] == "VIEW"
    before = {
        name: _rows(database, f"select * from landing.{name} order by all")
        for name in ("hr_cases", "training_records", "landing_files")
    }
    hr_lines = (landing / "hr_cases.csv").read_text().splitlines(keepends=True)
    (landing / "hr_cases.csv").write_text("".join([hr_lines[0], *hr_lines[2:]]))  # one row fewer
    _open_quote_on_data_row(landing / "training_records.csv", 50, 5)
    with pytest.raises(LandingError, match="training_records.csv: line 51"):
        land(database, landing, "second")
    assert _landing_relations(database, "") == relations
    assert {name: _rows(database, f"select * from landing.{name} order by all") for name in before} == before
