"""Indicator 7 on survey files of 2021 onwards: Don't know is code 9, and a stray code is reported.

The national questionnaires print q15 as 1 Yes, 2 No, 9 Don't know from survey year 2021 (3
before; spec §4), and Don't know stays in the base (spec Decision). The main job runs on
tests/fixtures/bad_inputs/clean (survey years 2022 and 2023, two organisations, six respondents
each) with three rows appended:

- two BME respondents of R1A who answered 3 to q15 in survey 2022, a code of no 2022 questionnaire
  (a trust that kept the old coding): left out of the base and reported as a warning that names
  the file, with the number of rows by organisation, survey year, question and code;
- a q16b answer of R1B in 2023 that holds another respondent's id (shifted columns): also outside
  the valid codes, reported without its value.

Each organisation's survey year answers q15 like this (ethnic codes of the fixture):

    respondent 1 (C3, White) 2 No          respondent 4 (N, BME)      2 No
    respondent 2 (H, BME)    9 Don't know  respondent 5 (Z, Unknown)  9 Don't know
    respondent 3 (PC, BME)   1 Yes         respondent 6 (B, White)    1 Yes

so by hand: White 1 Yes of 2 answers = 50.0%; BME 1 Yes of 3 answers (Yes, No, Don't know) =
33.33%; Unknown is excluded. With Don't know out of the base BME would be 1 of 2 = 50.0%; with the
two 3s of R1A's 2022 survey counted as well, 1 of 4 = 25.0% for R1A's reporting year 2023.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from wres import PROJECT_DIR, pipeline, settings

CLEAN = PROJECT_DIR / "tests" / "fixtures" / "bad_inputs" / "clean"
SURVEY = "staff_survey_responses.csv"
STRAY_ROWS = (
    "R1A,2022,RESP-X1,PC,q15,3",
    "R1A,2022,RESP-X2,N,q15,3",
    "R1B,2023,RESP-X3,A,q16b,RESP-R1B-2023-4",
)


@pytest.fixture(scope="module")
def survey_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("survey_codes")
    landing = root / "landing"
    shutil.copytree(CLEAN, landing)
    with (landing / SURVEY).open("a", encoding="utf-8") as handle:
        handle.write("\n".join(STRAY_ROWS) + "\n")
    run_settings = settings.resolve(
        landing_dir=str(landing), database=str(root / "wres.duckdb"),
        publish_dir=str(root / "publish"), runs_dir=str(root / "runs"),
    )
    lines: list[str] = []
    exit_code = pipeline.run(run_settings, say=lines.append)
    return exit_code, "\n".join(lines), run_settings


def _rows(run_settings: settings.Settings, sql: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(run_settings.database), read_only=True) as con:
        return con.execute(sql, parameters or []).fetchall()


def test_the_run_succeeds_with_warnings_only(survey_run):
    exit_code, output, _ = survey_run
    assert exit_code == 0, output


@pytest.mark.parametrize(
    ("org_code", "reporting_year"), [("R1A", 2023), ("R1A", 2024), ("R1B", 2023), ("R1B", 2024)]
)
def test_indicator_7_keeps_dont_know_9_in_the_base(survey_run, org_code, reporting_year):
    _, _, run_settings = survey_run
    rows = _rows(
        run_settings,
        """
        select white_positive_respondents, white_valid_respondents, white_pct,
               bme_positive_respondents, bme_valid_respondents, bme_pct
        from marts.wres_indicator_7
        where org_code = ? and reporting_year = ?
        """,
        [org_code, reporting_year],
    )
    assert len(rows) == 1
    white_yes, white_base, white_pct, bme_yes, bme_base, bme_pct = rows[0]
    assert (white_yes, white_base, bme_yes, bme_base) == (1, 2, 1, 3)
    assert white_pct == pytest.approx(50.0, abs=1e-9)
    assert bme_pct == pytest.approx(100 / 3, abs=1e-9)


def test_codes_outside_the_years_questionnaire_are_counted_in_a_warning_naming_the_file(survey_run):
    _, output, run_settings = survey_run
    findings = _rows(
        run_settings,
        """
        select severity, unexpected_count, examples
        from audit.data_quality_results
        where run_id = ? and facts = 'staff_survey_responses.responses' and not success
        """,
        [run_settings.run_id],
    )
    assert len(findings) == 1
    severity, unexpected_count, examples = findings[0]
    assert severity == "warning"
    assert unexpected_count == 2  # R1A 2022 q15 code 3 (two rows), R1B 2023 q16b not a code
    assert "org_code=R1A; survey_year=2022; question_code=q15; response=3; valid_responses=1,2,9; row_count=2" in examples
    assert "org_code=R1B; survey_year=2023; question_code=q16b; response=(not a code); valid_responses=1,2; row_count=1" in examples
    summary = output.split("Data-quality warnings", 1)[1]
    assert "landing extract staff_survey_responses (staff_survey_responses.csv)" in summary
    assert "question_code=q15; response=3" in summary


def test_the_warning_publishes_codes_never_respondent_ids(survey_run):
    _, output, run_settings = survey_run
    examples = " ".join(
        row[0] for row in _rows(
            run_settings, "select coalesce(examples, '') from audit.data_quality_results where run_id = ?",
            [run_settings.run_id],
        )
    )
    respondent_ids = {row[0] for row in _rows(run_settings, "select respondent_id from landing.staff_survey_responses")}
    assert "RESP-R1B-2023-4" in respondent_ids
    assert not [rid for rid in respondent_ids if rid in examples or rid in output]
