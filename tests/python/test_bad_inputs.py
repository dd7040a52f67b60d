"""The catalogue of bad inputs: every case ends in exactly one outcome and nothing is lost.

Each case mutates one file of ``tests/fixtures/bad_inputs/clean`` (a small landing directory, two
organisations x two reporting years, on which a run has no quarantined row and no data-quality
finding) and drives the main job (``wres.pipeline.run``). Outcomes:

- ``quarantined``: the run succeeds and the row is in ``audit.landing_quarantine`` with its file,
  line and reason;
- ``warning``: the run succeeds and a warning expectation fails, recorded in
  ``audit.data_quality_results`` and shown in the run summary;
- ``failure``: the run stops with a non-zero exit code and a message naming the file and the
  problem (2: the file cannot be landed; 3: a critical expectation failed);
- ``accepted``: input the contract tolerates (a BOM, CRLF line ends, quoted commas and
  newlines) lands with its values intact and no finding at all.

In every run: no traceback (``pipeline.run`` returns an exit code), rows read = accepted +
quarantined for every extract, and a failed run leaves the previous publication untouched.

To keep the catalogue fast (a run costs about 6-10 s), cases that cannot interfere are combined
in one landing directory and one run; the tests then check that the run's quarantined rows and
failed expectations are exactly the union of its cases' outcomes, so no case hides another.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from wres import PROJECT_DIR, pipeline, settings

CLEAN = PROJECT_DIR / "tests" / "fixtures" / "bad_inputs" / "clean"

ESR, RECRUITMENT, HR, TRAINING, SURVEY, BOARD = (
    "esr_staff_in_post.csv", "recruitment_applications.csv", "hr_cases.csv", "training_records.csv",
    "staff_survey_responses.csv", "board_members.csv",
)
EXTRACT_OF = {
    ESR: "esr_staff_in_post", RECRUITMENT: "recruitment_applications", HR: "hr_cases",
    TRAINING: "training_records", SURVEY: "staff_survey_responses", BOARD: "board_members",
}


# -- running the main job ---------------------------------------------------------------------
@dataclass
class Run:
    exit_code: int
    output: str
    settings: settings.Settings

    def rows(self, sql: str, parameters: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.settings.database), read_only=True) as con:
            return con.execute(sql, parameters or []).fetchall()

    def findings(self, severity: str) -> list[tuple]:
        """(facts, column, examples, unexpected_count) of this run's failed expectations.

        The clean fixture is a WRES-only extract set, so every run here also warns that the
        optional WDES columns are absent (issue 12; tested in test_cli.py and test_quality.py):
        that expected warning is left out of these comparisons."""
        return self.rows(
            """
            select facts, column_name, coalesce(examples, ''), unexpected_count
            from audit.data_quality_results
            where run_id = ? and not success and severity = ? and facts != 'wdes_inputs.columns'
            order by facts, column_name
            """,
            [self.settings.run_id, severity],
        )

    def quarantine(self) -> set[tuple]:
        return set(self.rows("select source_file, source_line_number, quarantine_reason from audit.landing_quarantine"))


def run_main_job(landing: Path, root: Path, publish_dir: Path | None = None) -> Run:
    run_settings = settings.resolve(
        landing_dir=str(landing), database=str(root / "wres.duckdb"),
        publish_dir=str(publish_dir or root / "publish"), runs_dir=str(root / "runs"),
    )
    lines: list[str] = []
    exit_code = pipeline.run(run_settings, say=lines.append)  # raises on a traceback: the test errors
    return Run(exit_code, "\n".join(lines), run_settings)


def assert_nothing_lost(run: Run) -> None:
    assert "Traceback" not in run.output
    reconciliation = run.rows("select extract_name, rows_read, rows_accepted, rows_quarantined from audit.landing_reconciliation")
    assert len(reconciliation) == 6
    for extract, read, accepted, quarantined in reconciliation:
        assert read == accepted + quarantined, extract


# -- mutating the clean landing directory -----------------------------------------------------
def append(landing: Path, file_name: str, *lines: str | bytes) -> None:
    with (landing / file_name).open("ab") as handle:
        for line in lines:
            handle.write(line if isinstance(line, bytes) else (line + "\n").encode("utf-8"))


def rewrite(landing: Path, file_name: str, change: Callable[[str], str]) -> None:
    path = landing / file_name
    path.write_bytes(change(path.read_bytes().decode("utf-8")).encode("utf-8"))


def record_line(path: Path, marker: str) -> int:
    """The physical line on which the one record containing `marker` starts (header = 1).

    Blank lines count, and a quoted value spanning two lines takes two: the number a text
    editor shows for the row's first line.
    """
    csv.field_size_limit(sys.maxsize)  # a case has a line over DuckDB's maximum line size
    text = path.read_bytes().decode("latin-1").lstrip("\ufeff\u00ef\u00bb\u00bf")
    reader = csv.reader(io.StringIO(text, newline=""))
    found, previous_end = [], 0
    for record in reader:
        if marker in ",".join(record):
            found.append(previous_end + 1)
        previous_end = reader.line_num
    assert len(found) == 1, f"{marker!r} found on lines {found} of {path.name}"
    return found[0]


def _on_lines(text: str, prefix: str, change: Callable[[str], str]) -> str:
    return "".join(change(line) if line.startswith(prefix) else line for line in text.splitlines(keepends=True))


def _on_data_row(landing: Path, file_name: str, data_row: int, change: Callable[[list[str]], list[str]]) -> None:
    """Change the fields of data row `data_row` (1 = the line after the header)."""
    path = landing / file_name
    lines = path.read_bytes().decode("utf-8").splitlines(keepends=True)
    line = lines[data_row]
    ending = line[len(line.rstrip("\r\n")):]
    lines[data_row] = ",".join(change(line.rstrip("\r\n").split(","))) + ending
    path.write_text("".join(lines), encoding="utf-8")


def _with_field(position: int, change: Callable[[str], str]) -> Callable[[list[str]], list[str]]:
    return lambda fields: [change(field) if index == position else field for index, field in enumerate(fields)]


def _every_second_row_of(org_code: str, written: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        lines, seen = text.splitlines(keepends=True), 0
        for index, line in enumerate(lines):
            if line.startswith(org_code + ","):
                seen += 1
                if seen % 2 == 0:
                    lines[index] = written + line[len(org_code):]
        return "".join(lines)
    return change


def _insert_blank_lines(landing: Path, file_name: str, after_line: int, count: int) -> None:
    lines = (landing / file_name).read_text().splitlines(keepends=True)
    (landing / file_name).write_text("".join(lines[:after_line] + ["\n"] * count + lines[after_line:]))


@dataclass(frozen=True)
class Case:
    id: str
    file_name: str
    outcome: str  # quarantined | warning | failure | accepted
    mutate: Callable[[Path], None]
    # quarantined: (marker identifying the row, reason text); warning / failure: (facts, column,
    # text expected among the failing examples); failure at landing: message text
    expect: tuple
    # further warnings the same case causes downstream, as (facts, column, example)
    also: tuple = ()


ESR_ROW = "R1A,2024-03-31,{employee},{employee}-1,Y,Permanent,Active Assignment,Nursing and Midwifery Registered,Staff Nurse,X01,Band 5,A,1"


def esr_row(employee: str, **changes: str) -> str:
    fields = dict(zip(
        ["org_code", "snapshot_date", "employee_number", "assignment_number", "primary_assignment",
         "assignment_category", "assignment_status", "staff_group", "job_role", "occupation_code", "pay_band",
         "ethnic_origin", "fte"],
        ESR_ROW.format(employee=employee).split(","),
    ))
    fields.update(changes)
    return ",".join(fields.values())


# Cases combined in one run that succeeds (quarantines, warnings, tolerated input).
ROW_CASES = [
    # ESR staff in post
    Case("esr-date-31-feb", ESR, "quarantined",
         lambda d: append(d, ESR, esr_row("A0901", snapshot_date="31/02/2024")),
         ("A0901", "unparseable snapshot_date: 31/02/2024")),
    Case("esr-negative-fte", ESR, "quarantined",
         lambda d: append(d, ESR, esr_row("A0902", fte="-0.5")), ("A0902", "negative fte: -0.5")),
    Case("esr-fte-nan", ESR, "quarantined",
         lambda d: append(d, ESR, esr_row("A0912", fte="NaN")), ("A0912", "non-finite fte: NaN")),
    Case("esr-fte-infinite", ESR, "quarantined",
         lambda d: append(d, ESR, esr_row("A0913", fte="inf")), ("A0913", "non-finite fte: inf")),
    Case("esr-unparseable-fte", ESR, "quarantined",
         lambda d: append(d, ESR, esr_row("A0903", fte="full")), ("A0903", "unparseable fte: full")),
    Case("esr-missing-employee-number", ESR, "quarantined",
         lambda d: append(d, ESR, esr_row("A0904", employee_number="")), ("A0904-1", "missing employee_number")),
    Case("esr-duplicate-assignment", ESR, "quarantined",
         lambda d: append(d, ESR, esr_row("A0005", ethnic_origin="A duplicate row")),
         ("A duplicate row", "duplicate key: assignment_number A0005-1 already on snapshot 2024-03-31 of R1A")),
    Case("esr-too-many-fields", ESR, "quarantined",
         lambda d: append(d, ESR, esr_row("A0906") + ",an extra field"),
         ("A0906", "unreadable row: too many columns (Expected Number of Columns: 13 Found: 14)")),
    Case("esr-unknown-ethnic-code", ESR, "warning",
         lambda d: append(d, ESR, esr_row("A0907", ethnic_origin="QQ Not a code")),
         ("esr_staff_in_post.ethnic_codes", "is_recognised", "ethnic_code=QQ")),
    Case("esr-unknown-band", ESR, "warning",
         lambda d: append(d, ESR, esr_row("A0908", pay_band="Band 10")),
         ("esr_staff_in_post.pay_bands", "is_recognised", "pay_band=Band 10")),
    Case("esr-two-primary-assignments", ESR, "warning",
         lambda d: append(d, ESR, esr_row("A0909"), esr_row("A0909", assignment_number="A0909-2")),
         ("esr_staff_in_post.by_org_snapshot", "persons_with_several_primary_assignments",
          "persons_with_several_primary_assignments=1; org_code=R1A; snapshot_date=2024-03-31")),
    Case("esr-unknown-staff-group", ESR, "warning",
         lambda d: append(d, ESR, esr_row("A0910", staff_group="Space Medicine")),
         ("esr_staff_in_post.staff_groups", "is_recognised", "staff_group=Space Medicine")),
    Case("esr-unknown-assignment-category", ESR, "warning",
         lambda d: append(d, ESR, esr_row("A0911", assignment_category="Perm")),
         ("esr_staff_in_post.assignment_categories", "assignment_category", "assignment_category=perm")),
    # Recruitment
    Case("recruitment-duplicated-application", RECRUITMENT, "quarantined",
         lambda d: append(d, RECRUITMENT, "R1B,V20240,APP-R1B-2024-3,CAND-R1B-2024-3,PC,2023-09-14,Withdrawn"),
         ("2023-09-14", "duplicate key: application_id APP-R1B-2024-3 already in R1B")),
    Case("recruitment-month-13", RECRUITMENT, "quarantined",
         lambda d: append(d, RECRUITMENT, "R1B,V20240,APP-R1B-2024-91,CAND-91,A,2023-13-01,Appointed"),
         ("APP-R1B-2024-91", "unparseable shortlisted_date: 2023-13-01")),
    Case("recruitment-unknown-outcome", RECRUITMENT, "warning",
         lambda d: append(d, RECRUITMENT, "R1B,V20240,APP-R1B-2024-92,CAND-92,A,2023-07-01,Hired"),
         ("recruitment_applications.outcomes", "outcome", "outcome=hired")),
    Case("recruitment-date-before-window", RECRUITMENT, "warning",
         lambda d: append(d, RECRUITMENT, "R1A,V2005,APP-R1A-2005-1,CAND-93,A,2005-06-01,Not Appointed"),
         ("recruitment_applications.date_range", "earliest_date", "earliest_date=2005-06-01; org_code=R1A")),
    # HR cases
    Case("hr-missing-employee-number", HR, "quarantined",
         lambda d: append(d, HR, "R1A,CASE-R1A-X1,,Disciplinary,2023-07-01,A"),
         ("CASE-R1A-X1", "missing employee_number")),
    Case("hr-duplicate-case", HR, "quarantined",
         lambda d: append(d, HR, "R1A,CASE-R1A-2024-0,A0004,Disciplinary,2023-07-02,A"),
         ("2023-07-02", "duplicate key: case_id CASE-R1A-2024-0 already in R1A")),
    Case("hr-no-case-spelled-disciplinary", HR, "warning",
         lambda d: rewrite(d, HR, lambda text: _on_lines(
             text, "R1B,", lambda line: line.replace(",Disciplinary,", ",Disciplinary Hearing,"))),
         ("hr_cases.by_org", "disciplinary_cases", "org_code=R1B")),
    Case("hr-date-in-the-future", HR, "warning",
         lambda d: append(d, HR, "R1A,CASE-R1A-X3,A0006,Grievance,2099-01-01,A"),
         ("hr_cases.date_range", "latest_date", "latest_date=2099-01-01; org_code=R1A")),
    # Training (blank lines first: the rows the next cases append are numbered after them)
    Case("training-blank-lines", TRAINING, "accepted",
         lambda d: (_insert_blank_lines(d, TRAINING, 5, 2), append(d, TRAINING, "")),
         ("select source_line_number from landing.training_records "
          "where employee_number = 'A0005' and course_id = 'C4' and start_date = '2022-10-15'", 8)),
    Case("training-latin-1-row", TRAINING, "quarantined",
         lambda d: append(d, TRAINING, b"R1A,A0003,C9,Caf\xe9 skills,2023-09-20,No\n"),
         ("Caf", "unreadable row: invalid encoding (Invalid unicode (byte sequence mismatch) detected. "
                 "This file is not utf-8 encoded.)")),
    Case("training-quoted-comma-and-newline", TRAINING, "accepted",
         lambda d: append(d, TRAINING, 'R1A,A0004,C8,"Leadership, level 2\nmodule 1",2023-09-21,No'),
         ("select course_name from landing.training_records where course_id = 'C8'", "Leadership, level 2\nmodule 1")),
    Case("training-mandatory-flag-maybe", TRAINING, "quarantined",
         lambda d: append(d, TRAINING, "R1A,A0005,C7,Coaching,2023-09-22,maybe"), ("C7", "unrecognised is_mandatory: maybe")),
    Case("training-person-not-in-workforce", TRAINING, "warning",
         lambda d: append(d, TRAINING, "R1A,A0999,C6,Coaching,2023-09-23,No"),
         ("training_records.outside_workforce", "records_outside_workforce",
          "records_outside_workforce=1; org_code=R1A; reporting_year=2024")),
    Case("training-too-few-fields", TRAINING, "quarantined",
         lambda d: append(d, TRAINING, "R1A,A0077,C5"),
         ("A0077,C5", "unreadable row: missing columns (Expected Number of Columns: 6 Found: 3)")),
    # Staff Survey (the whole file also gets CRLF line ends, case survey-crlf)
    Case("survey-response-outside-scale", SURVEY, "warning",
         lambda d: append(d, SURVEY, "R1A,2023,RESP-X1,A,q14a,7"),
         ("staff_survey_responses.responses", "is_valid_response", "survey_year=2023; question_code=q14a; response=7")),
    Case("survey-duplicate-answer", SURVEY, "quarantined",
         lambda d: append(d, SURVEY, "R1A,2023,RESP-R1A-2023-1,C3,q15,9"),
         ("C3,q15,9", "duplicate key: respondent_id RESP-R1A-2023-1 answered q15 twice in survey 2023 of R1A")),
    Case("survey-line-over-the-maximum-size", SURVEY, "quarantined",
         lambda d: append(d, SURVEY, "R1A,2023,RESP-X9,A,q14a," + "9" * 2_100_000),
         # 2,100,025 bytes: the 2,100,024 characters and the CR of the file's CRLF (case survey-crlf)
         ("RESP-X9", "unreadable row: line size over maximum (Maximum line size of 2000000 bytes exceeded. "
                     "Actual Size:2100025 bytes.)")),
    Case("survey-year-with-letter-o", SURVEY, "quarantined",
         lambda d: append(d, SURVEY, "R1A,2O23,RESP-X2,A,q14a,1"), ("RESP-X2", "unparseable survey_year: 2O23")),
    Case("survey-year-missing-indicators", SURVEY, "warning",
         lambda d: append(d, SURVEY, "R1B,2021,RESP-X3,A,q14a,2"),
         ("staff_survey_responses.by_org_survey_year", "indicators_covered", "org_code=R1B; survey_year=2021")),
    Case("survey-crlf", SURVEY, "accepted",
         lambda d: rewrite(d, SURVEY, lambda text: text.replace("\r\n", "\n").replace("\n", "\r\n")),
         ("select response from landing.staff_survey_responses "
          "where question_code = 'q16b' and respondent_id = 'RESP-R1B-2023-6'", "1")),
    # Board (the whole file also starts with a BOM, case board-bom)
    Case("board-no-voting-flag", BOARD, "quarantined",
         lambda d: append(d, BOARD, "R1A,2024-03-31,BRD-R1A-9,Observer,N,,A"), ("BRD-R1A-9", "missing is_voting")),
    Case("board-voting-flag-maybe", BOARD, "quarantined",
         lambda d: append(d, BOARD, "R1A,2024-03-31,BRD-R1A-8,Observer,N,maybe,A"),
         ("BRD-R1A-8", "unrecognised is_voting: maybe")),
    Case("board-unknown-ethnic-code", BOARD, "warning",
         lambda d: append(d, BOARD, "R1B,2024-03-31,BRD-R1B-7,Associate Director,N,N,XX1 Unknown"),
         ("board_members.ethnic_codes", "is_recognised", "ethnic_code=XX1")),
    Case("board-organisation-year-missing", BOARD, "warning",
         lambda d: rewrite(d, BOARD, lambda text: "".join(
             line for line in text.splitlines(keepends=True) if not line.startswith("R1A,2023-03-31,"))),
         ("board_members.coverage", "has_board_snapshot", "has_board_snapshot=False; org_code=R1A; reporting_year=2023"),
         also=(("wres_indicators.indicators_without_source_data", "is_present",
                "is_present=False; org_code=R1A; reporting_year=2023; indicator=9; source_extract=board_members"),)),
    Case("board-bom", BOARD, "accepted",
         lambda d: (d / BOARD).write_bytes(b"\xef\xbb\xbf" + (d / BOARD).read_bytes()),
         ("select role from landing.board_members "
          "where member_id = 'BRD-R1A-0' and snapshot_date = '2024-03-31' and org_code = 'R1A'", "Chair")),
    # issue 9.3, 9.6: organisation codes and values trimmed of every whitespace and upper-cased
    Case("esr-org-code-lower-case-and-padded", ESR, "accepted",
         lambda d: (rewrite(d, ESR, _every_second_row_of("R1A", "r1a")),
                    _on_data_row(d, ESR, 1, _with_field(0, lambda value: " R1A\t"))),
         ("select string_agg(distinct org_code, ',' order by org_code) from staging.base_esr__assignments", "R1A,R1B")),
    Case("training-mandatory-flag-yes-tab", TRAINING, "accepted",
         lambda d: append(d, TRAINING, "R1A,A0004,C31,Coaching,2023-09-25,Yes\t"),
         ("select is_mandatory from staging.stg_training__records where course_id = 'C31'", True)),
    Case("training-bom-mid-file", TRAINING, "accepted",
         lambda d: append(d, TRAINING, b"\xef\xbb\xbfR1A,A0005,C32,Coaching,2023-09-26,No\n"),
         ("select org_code from staging.stg_training__records where course_id = 'C32'", "R1A")),
]

# Cases combined in one run that stops at the landing suites (independent extracts and rules).
CRITICAL_CASES = [
    Case("esr-organisation-missing-a-year", ESR, "failure",
         lambda d: rewrite(d, ESR, lambda text: "".join(
             line for line in text.splitlines(keepends=True) if not line.startswith("R1B,2024-03-31,"))),
         ("esr_staff_in_post.org_year_coverage", "has_workforce_snapshot",
          "has_workforce_snapshot=False; org_code=R1B; reporting_year=2024")),
    Case("esr-snapshot-outside-every-plausible-year", ESR, "failure",
         lambda d: append(d, ESR, esr_row("A0920", snapshot_date="1900-03-31")),
         ("esr_staff_in_post.by_org_snapshot", "snapshot_date", "snapshot_date=1900-03-31; org_code=R1A")),
    Case("esr-nobody-in-the-workforce", ESR, "failure",
         lambda d: rewrite(d, ESR, lambda text: _on_lines(
             text, "R1A,2023-03-31,", lambda line: line.replace("Active Assignment", "Suspended Assignment"))),
         ("esr_staff_in_post.by_org_snapshot", "included_staff", "included_staff=0; org_code=R1A; snapshot_date=2023-03-31")),
    Case("recruitment-dates-switched-to-month-first", RECRUITMENT, "failure",
         lambda d: rewrite(d, RECRUITMENT, _dates_to_month_first),
         ("recruitment_applications.summary", "quarantined_pct", "source_file=recruitment_applications.csv")),
    Case("board-snapshot-in-the-future", BOARD, "failure",
         lambda d: append(d, BOARD, "R1A,2099-03-31,BRD-R1A-0,Chair,N,Y,A"),
         ("board_members.by_org_snapshot", "snapshot_date", "snapshot_date=2099-03-31; org_code=R1A")),
]


def _dates_to_month_first(text: str) -> str:
    lines = text.splitlines(keepends=True)
    changed = [lines[0]]
    for line in lines[1:]:
        fields = line.rstrip("\n").split(",")
        year, month, day = fields[5].split("-")
        fields[5] = f"{month}/{day}/{year}"
        changed.append(",".join(fields) + "\n")
    return "".join(changed)


# Cases where the file cannot be landed at all: exit 2, message naming the file, nothing built.
FILE_CASES = [
    Case("esr-missing-required-column", ESR, "failure",
         lambda d: rewrite(d, ESR, lambda text: "\n".join(line.rsplit(",", 1)[0] for line in text.splitlines()) + "\n"),
         ("esr_staff_in_post.csv: required column(s) missing from the header: fte",)),
    Case("recruitment-empty-file", RECRUITMENT, "failure",
         lambda d: (d / RECRUITMENT).write_bytes(b""), ("recruitment_applications.csv: the file is empty",)),
    Case("board-file-missing", BOARD, "failure",
         lambda d: (d / BOARD).unlink(), ("board_members.csv: file not found",)),
    Case("training-semicolon-delimited", TRAINING, "failure",
         lambda d: rewrite(d, TRAINING, lambda text: text.replace(",", ";")),
         ("training_records.csv: required column(s) missing from the header: org_code",)),
    Case("survey-latin-1-header", SURVEY, "failure",
         lambda d: (d / SURVEY).write_bytes(
             (d / SURVEY).read_bytes().replace(b"ethnic_origin", b"\xe9thnic_origin", 1)),
         ("staff_survey_responses.csv: the header row is not valid UTF-8",)),
    # issue 9.1: a stray quote made the reader swallow the rest of the file, exit 0
    Case("hr-unterminated-quote", HR, "failure",
         lambda d: _on_data_row(d, HR, 8, _with_field(3, lambda value: '"' + value)),
         ("hr_cases.csv: line 9: a quoted value opened on this line is never closed",)),
    Case("training-unterminated-quote", TRAINING, "failure",
         lambda d: _on_data_row(d, TRAINING, 12, _with_field(3, lambda value: '"' + value)),
         ("training_records.csv: line 13: a quoted value opened on this line is never closed",)),
    Case("hr-two-stray-quotes-merge-lines", HR, "failure",
         lambda d: (_on_data_row(d, HR, 3, _with_field(3, lambda value: '"' + value)),
                    _on_data_row(d, HR, 5, _with_field(5, lambda value: value + '"'))),
         ("hr_cases.csv: lines 4-6 were read as one record",)),
    Case("esr-path-is-a-directory", ESR, "failure",
         lambda d: ((d / ESR).unlink(), (d / ESR).mkdir()),
         ("esr_staff_in_post.csv: is a directory, not a file",)),
    Case("hr-header-names-a-column-twice", HR, "failure",
         lambda d: rewrite(d, HR, lambda text: text.replace("ethnic_origin", "ethnic_origin,org_code", 1)),
         ("hr_cases.csv: header names the column(s) org_code more than once",)),
]


def _landing(tmp_path_factory, name: str, cases: list[Case]) -> Path:
    landing = tmp_path_factory.mktemp(name) / "landing"
    shutil.copytree(CLEAN, landing)
    for case in cases:
        case.mutate(landing)
    return landing


@pytest.fixture(scope="module")
def row_cases_run(tmp_path_factory) -> Run:
    landing = _landing(tmp_path_factory, "row_cases", ROW_CASES)
    return run_main_job(landing, landing.parent)


@pytest.fixture(scope="module")
def critical_cases_run(tmp_path_factory) -> Run:
    landing = _landing(tmp_path_factory, "critical_cases", CRITICAL_CASES)
    return run_main_job(landing, landing.parent)


def test_the_catalogue_covers_every_extract_with_at_least_25_cases():
    cases = ROW_CASES + CRITICAL_CASES + FILE_CASES + SEQUENCE_CASES + [SHIFTED_COLUMNS_CASE]
    assert len(cases) >= 25
    assert len({case.id for case in cases}) == len(cases)
    assert {case.file_name for case in cases} == set(EXTRACT_OF)
    assert {case.outcome for case in cases} == {"quarantined", "warning", "failure", "accepted"}


# -- the run that succeeds: quarantines, warnings, tolerated input --------------------------
def test_row_cases_run_succeeds_and_loses_nothing(row_cases_run):
    assert row_cases_run.exit_code == 0, row_cases_run.output
    assert_nothing_lost(row_cases_run)


@pytest.mark.parametrize("case", [case for case in ROW_CASES if case.outcome == "quarantined"], ids=lambda case: case.id)
def test_quarantined_with_file_line_and_reason(row_cases_run, case):
    marker, reason = case.expect
    line = record_line(row_cases_run.settings.landing_dir / case.file_name, marker)
    assert (case.file_name, line, reason) in row_cases_run.quarantine()


@pytest.mark.parametrize("case", [case for case in ROW_CASES if case.outcome == "warning"], ids=lambda case: case.id)
def test_warning_recorded_and_shown(row_cases_run, case):
    for facts, column, example in (case.expect, *case.also):
        failed = [row for row in row_cases_run.findings("warning") if (row[0], row[1]) == (facts, column)]
        assert len(failed) == 1, row_cases_run.findings("warning")
        assert example in failed[0][2]
        assert failed[0][3] == 1  # exactly the case's value (or organisation-year) fails
        assert "Data-quality warnings" in row_cases_run.output and example in row_cases_run.output


@pytest.mark.parametrize("case", [case for case in ROW_CASES if case.outcome == "accepted"], ids=lambda case: case.id)
def test_tolerated_input_lands_intact(row_cases_run, case):
    query, value = case.expect
    assert row_cases_run.rows(query) == [(value,)]


def test_an_organisation_written_in_lower_case_keeps_all_its_staff(row_cases_run):
    # issue 9.3: every second R1A row written `r1a` gave a phantom organisation with half the staff
    landing = row_cases_run.settings.landing_dir / ESR
    rows_of_r1a = sum(  # rows of 13 fields: the parser rejects the case with an extra field
        1 for line in landing.read_text().splitlines()[1:]
        if re.match(r"\s*r1a\s*,", line, re.IGNORECASE) and len(line.split(",")) == 13
    )
    assert row_cases_run.rows("select count(*) from staging.base_esr__assignments where org_code = 'R1A'") == [(rows_of_r1a,)]
    organisations = row_cases_run.rows("select distinct org_code from marts.wres_summary order by 1")
    assert organisations == [("R1A",), ("R1B",)]
    published = row_cases_run.rows("select distinct org_code from published.wres_indicator_1 order by 1")
    assert published == [("R1A",), ("R1B",)]


def test_row_cases_have_exactly_their_own_outcomes(row_cases_run):
    # every quarantined row and every failed expectation of the run belongs to one case
    quarantined = {reason for _, _, reason in row_cases_run.quarantine()}
    assert quarantined == {case.expect[1] for case in ROW_CASES if case.outcome == "quarantined"}
    warned = {(facts, column) for facts, column, _, _ in row_cases_run.findings("warning")}
    assert warned == {
        expected[:2] for case in ROW_CASES if case.outcome == "warning" for expected in (case.expect, *case.also)
    }
    assert row_cases_run.findings("critical") == []


# -- the run that stops at the landing suites -------------------------------------------------
def test_critical_cases_stop_the_run_before_the_build(critical_cases_run):
    run = critical_cases_run
    assert run.exit_code == pipeline.EXIT_DATA_QUALITY, run.output
    assert_nothing_lost(run)
    assert "RUN FAILED" in run.output and "Nothing was published" in run.output
    stages = [stage["stage"] for stage in _run_record(run)["stages"]]
    assert stages[-1] == "validate the landing data (Great Expectations)"  # the rest was not built
    failed = {(facts, column) for facts, column, _, _ in run.findings("critical")}
    assert failed == {case.expect[:2] for case in CRITICAL_CASES}


@pytest.mark.parametrize("case", CRITICAL_CASES, ids=lambda case: case.id)
def test_critical_failure_names_the_file_expectation_and_failing_values(critical_cases_run, case):
    facts, column, example = case.expect
    message = critical_cases_run.output
    assert f"landing extract {EXTRACT_OF[case.file_name]} ({case.file_name})" in message
    assert f"on facts {facts}" in message and f"column={column}" in message
    assert example in message


def _run_record(run: Run) -> dict:
    import json

    return json.loads((run.settings.run_dir / "run.json").read_text())


# -- files that cannot be landed --------------------------------------------------------------
@pytest.mark.parametrize("case", FILE_CASES, ids=lambda case: case.id)
def test_unreadable_file_fails_naming_the_file_and_problem(tmp_path, case):
    landing = tmp_path / "landing"
    shutil.copytree(CLEAN, landing)
    case.mutate(landing)
    run = run_main_job(landing, tmp_path)
    assert run.exit_code == pipeline.EXIT_BAD_INPUT
    assert case.expect[0] in run.output and "Traceback" not in run.output
    assert not run.settings.database.exists()  # nothing was landed or built


# -- a sequence of runs on one build: drift, an empty extract, failures after a good build ----
SEQUENCE_CASES = [
    Case("esr-ten-times-the-rows", ESR, "warning", lambda d: _multiply_esr(d, 10),
         ("esr_staff_in_post.summary", "row_count_ratio", "row_count_ratio=10")),
    Case("hr-header-only", HR, "warning",
         lambda d: (d / HR).write_text((d / HR).read_text().splitlines()[0] + "\n"),
         ("hr_cases.summary", "rows_read", "rows_read=0")),
    Case("esr-header-only", ESR, "failure",
         lambda d: (d / ESR).write_text((d / ESR).read_text().splitlines()[0] + "\n"),
         ("esr_staff_in_post.summary", "rows_read", "rows_read=0")),
]


def _multiply_esr(landing: Path, factor: int) -> None:
    lines = (landing / ESR).read_text().splitlines()
    extra = []
    for copy in range(1, factor):
        for line in lines[1:]:
            fields = line.split(",")
            fields[2], fields[3] = f"{fields[2]}x{copy}", f"{fields[3]}x{copy}"  # new people, new assignments
            extra.append(",".join(fields))
    append(landing, ESR, *extra)


def _snapshot(directory: Path) -> dict:
    return {
        str(path.relative_to(directory)): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(directory.rglob("*")) if path.is_file()
    }


def test_sequence_drift_warning_then_failures_leave_the_previous_publication_untouched(tmp_path):
    root, publish = tmp_path / "build", tmp_path / "publish"

    def landing_with(name: str, *cases: Case) -> Path:
        landing = tmp_path / name
        shutil.copytree(CLEAN, landing)
        for case in cases:
            case.mutate(landing)
        return landing

    good = run_main_job(landing_with("good"), root, publish)
    assert good.exit_code == 0, good.output
    if not any(publish.rglob("*")):
        # no publication step in this build yet: stand in for the previous night's publication
        publish.mkdir(parents=True, exist_ok=True)
        (publish / "previous_publication.txt").write_text("published by the last good run\n")
    published = _snapshot(publish)

    # ten times the ESR rows and an HR extract with a header only: warnings, the run succeeds
    drift_case, header_only_case, esr_header_only_case = SEQUENCE_CASES
    drifted = run_main_job(landing_with("drifted", drift_case, header_only_case), root, publish)
    assert drifted.exit_code == 0, drifted.output
    assert_nothing_lost(drifted)
    warned = {(facts, column): examples for facts, column, examples, _ in drifted.findings("warning")}
    assert set(warned) == {
        drift_case.expect[:2], header_only_case.expect[:2],
        ("hr_cases.summary", "row_count_ratio"),  # an empty extract is also a drop to 0x the last run
    }
    assert drift_case.expect[2] in warned[drift_case.expect[:2]]
    assert header_only_case.expect[2] in warned[header_only_case.expect[:2]]
    published = _snapshot(publish) if any(publish.rglob("*")) else published
    marts_before = _mart_fingerprint(drifted)

    # an ESR extract with a header only: a critical failure; then a missing file: a landing failure
    failed = run_main_job(landing_with("esr_empty", esr_header_only_case), root, publish)
    assert failed.exit_code == pipeline.EXIT_DATA_QUALITY, failed.output
    assert_nothing_lost(failed)
    assert "landing extract esr_staff_in_post (esr_staff_in_post.csv)" in failed.output
    assert esr_header_only_case.expect[2] in failed.output
    assert {(facts, column) for facts, column, _, _ in failed.findings("critical")} == {esr_header_only_case.expect[:2]}
    missing = landing_with("missing", FILE_CASES[2])
    not_landed = run_main_job(missing, root, publish)
    assert not_landed.exit_code == pipeline.EXIT_BAD_INPUT

    assert _snapshot(publish) == published
    assert _mart_fingerprint(failed) == marts_before
    # only runs that passed every check are drift baselines
    baselines = failed.rows("select run_id from audit.landing_row_counts where is_run_successful group by run_id order by 1")
    assert baselines == [(good.settings.run_id,), (drifted.settings.run_id,)]


def _mart_fingerprint(run: Run) -> list[tuple]:
    tables = run.rows("select table_name from information_schema.tables where table_schema = 'marts' order by 1")
    return [
        (table, run.rows(f'select count(*), sum(hash(t)) from marts."{table}" as t')[0])
        for (table,) in tables
    ]


# -- a file with shifted columns: nothing person-level reaches the published data-quality output --
def _employee_numbers_in_pay_band(text: str) -> str:
    lines = text.splitlines(keepends=True)
    shifted = [lines[0]]
    for line in lines[1:]:
        fields = line.rstrip("\n").split(",")
        fields[10] = fields[2]  # pay_band <- employee_number, as when columns slip in an export
        shifted.append(",".join(fields) + "\n")
    return "".join(shifted)


SHIFTED_COLUMNS_CASE = Case(
    "esr-shifted-columns-employee-numbers-in-pay-band", ESR, "warning",
    lambda d: rewrite(d, ESR, _employee_numbers_in_pay_band),
    ("esr_staff_in_post.pay_bands", "is_recognised", "pay_band=A0001"),
)


def test_shifted_columns_publish_no_person_identifier_in_data_quality_output(tmp_path):
    # issue 9.2: the employee numbers were published as "example values" of the unknown pay bands
    from test_no_person_level_data import scan_build

    case = SHIFTED_COLUMNS_CASE
    landing = tmp_path / "landing"
    shutil.copytree(CLEAN, landing)
    case.mutate(landing)
    run = run_main_job(landing, tmp_path)
    assert run.exit_code == 0, run.output
    assert_nothing_lost(run)
    # inside the build database the data team sees the values (that is where they fix them) ...
    facts, column, example = case.expect
    internal = [row for row in run.findings("warning") if (row[0], row[1]) == (facts, column)]
    assert len(internal) == 1 and example in internal[0][2]
    # ... the published copy keeps the counts and line numbers and withholds the values
    published = run.rows(
        "select examples from published.data_quality_results where not success and rule like ? and examples like ?",
        ["%is_recognised%", "%pay_band=%"],
    )
    assert published and all("A0001" not in examples for (examples,) in published)
    # employee A0001 has two rows in the clean ESR file, on lines 2 and 14
    assert any("pay_band=(not a reference code: withheld); row_count=2; example_lines=2, 14" in examples
               for (examples,) in published)
    problems = scan_build(run.settings.database, run.settings.publish_dir)
    assert not problems, "\n".join(problems)
