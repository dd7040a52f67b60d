"""`wres trace`: every indicator's figures traced to landing lines, and recomputed from exactly those lines.

For each traced figure the test reads the lines the trace names straight from the landing CSV files
(not from the warehouse), checks that every line is a row the figure's rule admits (organisation,
financial year, ethnic group from the line's own code, band row, board subset, survey question and
answer codes, appointment outcome, training not mandatory and the person in the workforce...),
that no unit is named twice, and recomputes the figure from the number of lines with the
indicator's formula written again here. The expected value is the internal mart's, read from the
build database. Run on the bundled demo data and on extracts generated with another seed into a
temporary folder (data the project has never seen), where the run is also repeated on the same
inputs to trace an older run's figure.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.python.test_indicators_end_to_end import NON_CLINICAL_STAFF_GROUPS, band_row, ethnic_group, parse_boolean, parse_date
from wres import cli
from wres.trace import TraceError, format_trace, trace

# (indicator, measure, breakdown, group); None = the indicator's headline default
CASES = [
    (1, None, None, None),
    (1, "headcount", "clinical | Band 5", "White"),
    (1, "pct", "non_clinical | Total", "Unknown"),
    (1, "pct", "clinical | Total", "White"),
    (2, None, None, None),
    (2, "rate_pct", "overall", "White"),
    (3, None, None, None),
    (3, "rate_pct", "single_year", "BME"),
    (3, "rate_pct", "rolling", "White"),
    (3, "rolling_years", "rolling", "All"),
    (4, None, None, None),
    (4, "rate_pct", "overall", "BME"),
    (5, None, None, None),
    (6, "pct", "overall", "White"),
    (6, None, None, None),
    (7, "pct", "overall", "White"),
    (8, None, None, None),
    (9, None, None, None),
    (9, "pct", "board_executive", "White"),
    (9, "headcount", "board_non_voting", "All"),
    (9, "pct", "board_non_executive", "BME"),
    (9, "pct_point_diff", "board_total", "BME"),
]


def financial_year(day: date) -> int:
    return day.year + (1 if day.month >= 4 else 0)


class Landing:
    """The landing CSV files, read by line number (the header is line 1)."""

    def __init__(self, directory: Path):
        self.directory = directory
        self._files: dict[str, tuple[list[str], list[str]]] = {}

    def rows(self, file_name: str, line_numbers: list[int]) -> list[dict]:
        if file_name not in self._files:
            text = (self.directory / file_name).read_text(encoding="utf-8-sig").splitlines()
            header = [name.strip().lower().replace(" ", "_").replace("-", "_") for name in next(csv.reader([text[0]]))]
            self._files[file_name] = (header, text)
        header, text = self._files[file_name]
        return [
            {name: value.strip() for name, value in zip(header, next(csv.reader(io.StringIO(text[number - 1]))))}
            for number in line_numbers
        ]


def lines_of(count: dict) -> list[tuple[str, int]]:
    return [(file["file"], line) for file in count["files"] for line in file["lines"]]


def check_lines(landing: Landing, figure: dict, count: dict, question_map: dict) -> list[dict]:
    """Read a count's lines from the CSV files and check each is a row the figure's rule admits."""
    lines = lines_of(count)
    assert len(set(lines)) == len(lines), "a line is named twice"
    rows = []
    for file_name in {file for file, _ in lines}:
        rows += landing.rows(file_name, [line for file, line in lines if file == file_name])
    assert len(rows) == count["count"]
    org, year, indicator = figure["org_code"], figure["reporting_year"], figure["indicator"]
    label = count["label"]
    group = next((g for g in ("White", "BME", "Unknown") if label.startswith(g)), None)
    for row in rows:
        assert row["org_code"] == org
        if group and "ethnic_origin" in row:  # training records carry none: see the workforce check below
            assert ethnic_group(row["ethnic_origin"]) == group, (label, row)
    model = count["model"]
    if model == "int_workforce_people_counted":
        years = {financial_year(parse_date(row["snapshot_date"])) for row in rows}
        if count["role"].startswith("year "):  # rolling_years: one count per pooled year
            assert years == {int(count["role"].split()[1])}
        else:
            assert years <= ({year - 1, year} if "pooled" in label else {year})
        if "pooled" in label:
            assert years == {year - 1, year}, "indicator 3 rolling: lines from both years"
        for row in rows:
            assert row["assignment_category"].lower() in {"permanent", "fixed term temp"}
            assert row["assignment_status"].lower().startswith("active")
        people = [(financial_year(parse_date(row["snapshot_date"])), row["employee_number"]) for row in rows]
        assert len(set(people)) == len(people), "a person is counted twice"
        if indicator == 1 and figure["breakdown"] != "overall":
            section, _, row_name = (part.strip() for part in figure["breakdown"].partition("|"))
            for row in rows:
                staff_group = row["staff_group"].lower()
                assert (staff_group not in NON_CLINICAL_STAFF_GROUPS) == (section == "clinical")
                if row_name != "Total":
                    assert band_row(row["pay_band"], staff_group, row["job_role"]) == row_name
    elif model == "int_equality__hr_case_entrants":
        years = set()
        for row in rows:
            assert row["case_type"].lower() == "disciplinary"
            years.add(financial_year(parse_date(row["investigation_start_date"])))
        assert years <= ({year - 1, year} if "pooled" in label else {year})
        people = [(financial_year(parse_date(row["investigation_start_date"])), row["employee_number"]) for row in rows]
        assert len(set(people)) == len(people)
    elif model == "int_training_accessors_identified":
        for row in rows:
            assert not parse_boolean(row["is_mandatory"])
            assert financial_year(parse_date(row["start_date"])) == year
        assert len({row["employee_number"] for row in rows}) == len(rows)
    elif model == "int_recruitment_applications_shortlisted":
        for row in rows:
            assert financial_year(parse_date(row["shortlisted_date"])) == year
            if "appointed" in label and "shortlisted" not in label:
                assert row["outcome"].lower() == "appointed"
        assert len({row["application_id"] for row in rows}) == len(rows)
    elif model == "int_equality__survey_respondents_scored":
        positive = count["role"].startswith("numerator")
        for row in rows:
            codes = question_map[(int(row["survey_year"]), row["question_code"].lower())]
            assert codes["reporting_year"] == year and codes["indicator"] == indicator
            assert row["response"] in (codes["positive"] if positive else codes["valid"])
        assert len({row["respondent_id"] for row in rows}) == len(rows)
    elif model == "int_board_members_selected":
        subset = figure["breakdown"]
        for row in rows:
            assert financial_year(parse_date(row["snapshot_date"])) == year
            voting, executive = parse_boolean(row["is_voting"]), parse_boolean(row["is_executive"])
            assert {"board_total": True, "board_voting": voting, "board_non_voting": not voting,
                    "board_executive": executive, "board_non_executive": not executive}[subset]
        assert len({row["member_id"] for row in rows}) == len(rows)
    else:
        raise AssertionError(f"unexpected model {model}")
    return rows


def expected_value(kind: str, sizes: list[int]) -> float | None:
    """The indicator formulas of spec §4, written again here."""
    if kind == "count":
        return float(sizes[0])
    if kind == "years":
        return float(len([size for size in sizes if size]))
    if any(size == 0 for size in sizes[1::2]) or (kind == "relative_likelihood" and sizes[2] == 0):
        return None
    if kind == "percentage":
        return 100.0 * sizes[0] / sizes[1]
    if kind == "relative_likelihood":
        return (sizes[0] / sizes[1]) / (sizes[2] / sizes[3])
    if kind == "percentage_point_difference":
        return 100.0 * sizes[0] / sizes[1] - 100.0 * sizes[2] / sizes[3]
    raise AssertionError(kind)


def survey_question_map() -> dict:
    """The WRES items of seed survey_item_map by (survey year, question): indicator and codes."""
    from wres import PROJECT_DIR

    mapping = {}
    with (PROJECT_DIR / "seeds" / "reference" / "survey_item_map.csv").open() as handle:
        for row in csv.DictReader(handle):
            if row["standard_code"] != "WRES" or row["role"] != "item":
                continue
            mapping[(int(row["survey_year"]), row["question_code"].strip().lower())] = {
                "reporting_year": int(row["reporting_year"]), "indicator": int(row["metric_code"]),
                "valid": set(row["valid_codes"].replace(" ", "").split(",")),
                "positive": set(row["positive_codes"].replace(" ", "").split(",")),
            }
    return mapping


def latest_org_year(database: Path) -> tuple[str, int]:
    """The organisation and year with the most disciplinary entrants (a calculable indicator 3)."""
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(
            "select org_code, reporting_year from marts.wres_indicators where indicator = 3 and measure = 'rate_pct' "
            "and breakdown = 'single_year' group by all order by sum(numerator) desc, org_code limit 1"
        ).fetchall()[0]


def mart_figure(database: Path, figure: dict) -> dict:
    with duckdb.connect(str(database), read_only=True) as connection:
        cursor = connection.execute(
            "select * from marts.wres_indicators where org_code = ? and reporting_year = ? and indicator = ? "
            "and measure = ? and breakdown = ? and ethnic_group = ?",
            [figure[k] for k in ("org_code", "reporting_year", "indicator", "measure", "breakdown", "ethnic_group")],
        )
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    assert len(rows) == 1
    return dict(zip(names, rows[0]))


def check_case(run_settings, landing_dir: Path, case, run_id: str | None = None) -> dict:
    indicator, measure, breakdown, group = case
    org, year = latest_org_year(run_settings.database)
    result = trace(
        org_code=org, reporting_year=year, indicator=indicator, measure=measure, breakdown=breakdown,
        ethnic_group=group, run_id=run_id, database=run_settings.database, runs_dir=run_settings.runs_dir,
        publish_dir=run_settings.publish_dir,
    )
    figure = result["figure"]
    assert result["lines_available"], result["lines_note"]
    landing, question_map = Landing(landing_dir), survey_question_map()
    rows = [check_lines(landing, figure, count, question_map) for count in result["counts"]]
    sizes = [len(count_rows) for count_rows in rows]
    if indicator == 4 and figure["measure"] != "rolling_years":
        # the people accessing training are people of the group's workforce (ethnicity from ESR)
        for event_rows, base_rows in zip(rows[0::2], rows[1::2]):
            assert {row["employee_number"] for row in event_rows} <= {row["employee_number"] for row in base_rows}
    expected = mart_figure(run_settings.database, figure)
    # the counts are the mart's numerator and denominator where it has them
    if expected["numerator"] is not None:
        assert sizes[0] == expected["numerator"]
    if expected["denominator"] is not None:
        assert sizes[1] == expected["denominator"]
    value = expected_value(result["formula_kind"], sizes)
    if expected["value"] is None:
        assert value is None
    else:
        assert value is not None and math.isclose(value, expected["value"], rel_tol=1e-12, abs_tol=1e-12)
    assert result["recomputed_matches_mart"]
    assert result["internal_mart"]["value"] == expected["value"]
    # the chain reaches from the published twin down to the landing tables, each model hashed
    names = [model["name"] for model in result["models"]]
    assert {"published_wres_indicators", "wres_indicators", f"int_figures__indicator_{indicator}"} <= set(names)
    assert any(name.startswith("landing.") for name in names)
    assert {count["model"] for count in result["counts"]} <= set(names)
    for model in result["models"]:
        if model["resource_type"] == "model":
            assert model["compiled_sql_sha256"] and len(model["compiled_sql_sha256"]) == 64, model
    for count in result["counts"]:
        for file in count["files"]:
            assert len(file["sha256"]) == 64 and file["rows_read"] == file["rows_accepted"] + file["rows_quarantined"]
    code = result["run"]["code"]
    assert code["package_version"] and (code["git_commit"] is None or len(code["git_commit"]) == 40)
    assert result["run"]["versions"]["dbt_core"] and result["run"]["versions"]["duckdb"]
    return result


@pytest.mark.parametrize("case", CASES, ids=lambda case: "-".join(str(part) for part in case))
def test_trace_names_the_lines_that_make_each_figure_on_the_demo(demo_build, case):
    from wres.settings import DEFAULT_LANDING_DIR

    result = check_case(demo_build, DEFAULT_LANDING_DIR, case)
    if case[0] == 3 and case[2] in (None, "rolling") and case[1] != "rolling_years":
        # the demo has three years: the latest pools two, and says so
        assert all("pooled" in count["label"] for count in result["counts"])


# --- data the project has never seen (fixture `unseen` in conftest.py) ------------------------------

@pytest.mark.parametrize("case", CASES, ids=lambda case: "-".join(str(part) for part in case))
def test_trace_names_the_lines_that_make_each_figure_on_unseen_data(unseen, case):
    check_case(unseen["second"], unseen["landing"], case)


def test_an_older_run_is_traced_from_its_own_evidence(unseen):
    """The first run's figure: its own evidence, and lines because files and compiled SQL are unchanged."""
    first = unseen["first"]
    result = check_case(unseen["second"], unseen["landing"], (3, None, None, None), run_id=first.run_id)
    assert result["run"]["run_id"] == first.run_id
    assert result["run"]["run_dir"].endswith(first.run_id)


def test_an_older_run_with_other_files_withholds_the_lines_and_says_why(unseen, tmp_path):
    first, second = unseen["first"], unseen["second"]
    evidence_path = first.run_dir / "evidence.json"
    saved = evidence_path.read_text()
    evidence = json.loads(saved)
    evidence["landing"][0]["sha256"] = "0" * 64  # as if the first run had read another file
    evidence_path.write_text(json.dumps(evidence))
    try:
        result = trace(org_code=latest_org_year(second.database)[0], reporting_year=latest_org_year(second.database)[1],
                       indicator=1, run_id=first.run_id, database=second.database, runs_dir=second.runs_dir,
                       publish_dir=second.publish_dir)
    finally:
        evidence_path.write_text(saved)
    assert not result["lines_available"]
    assert "landing files differ" in result["lines_note"]
    assert all(count["count"] is None and not count["files"] for count in result["counts"])
    assert "Lines withheld" in format_trace(result)


def test_trace_command_prints_text_and_json(unseen, capsys):
    second = unseen["second"]
    org, year = latest_org_year(second.database)
    common = ["trace", "--org", org, "--year", str(year), "--database", str(second.database),
              "--runs-dir", str(second.runs_dir), "--publish-dir", str(second.publish_dir)]
    assert cli.main([*common, "--indicator", "9", "--breakdown", "board_voting"]) == 0
    text = capsys.readouterr().out
    assert "pct_point_diff" in text and "board_members.csv" in text and "matches the internal mart" in text
    assert cli.main([*common, "--indicator", "1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["figure"]["measure"] == "pct" and result["run"]["run_id"] == second.run_id
    assert sum(len(file["lines"]) for file in result["counts"][1]["files"]) == result["counts"][1]["count"]
    # an ambiguous or unknown figure: a clear message listing the choices, exit 2, no traceback
    assert cli.main([*common, "--indicator", "1", "--measure", "nonsense"]) == 2
    assert "choose one of" in capsys.readouterr().err


def test_trace_without_a_run_is_a_clear_error(tmp_path):
    with pytest.raises(TraceError, match="no publication"):
        trace(org_code="X", reporting_year=2025, indicator=1, database=tmp_path / "none.duckdb",
              runs_dir=tmp_path / "runs", publish_dir=tmp_path / "publish")
