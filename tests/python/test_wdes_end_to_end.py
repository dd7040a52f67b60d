"""The WDES metrics recomputed from the raw landing CSVs, in plain Python (issue 12).

wdes-spec §2-§4 implemented again here, independently of the SQL and of the seeds: the disability
values of §2.1 and the survey question numbers of §2.2 and §4 are written out below from the
spec, not read from seeds/reference. The figures are compared with marts.wdes_indicators and
marts.wdes_summary to 1e-9, on the bundled demo and on extracts generated with a seed the
project has never seen (the `unseen` session fixture of conftest.py).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from test_indicators_end_to_end import financial_year, parse_date, read_extract, workforce

TOLERANCE = 1e-9

# wdes-spec §2.1, after trimming, upper-casing and collapsing spaces
DISABLED = {"YES", "Y", "TRUE", "1", "DISABLED"}
NON_DISABLED = {"NO", "N", "FALSE", "0", "NOT DISABLED", "NON-DISABLED"}
# wdes-spec §2.2 and §4: the year's condition and adjustment questions and advocacy items
CONDITION_QUESTION = {2021: "q28a", 2022: "q30a", 2023: "q31a", 2024: "q31a", 2025: "q31a"}
ADJUSTMENT_QUESTION = {2021: "q28b", 2022: "q30b", 2023: "q31b", 2024: "q31b", 2025: "q31b"}
ADVOCACY = {2021: ("q21a", "q21c", "q21d"), 2022: ("q23a", "q23c", "q23d")}
SCALE = {"1", "2", "3", "4", "5"}


def survey_items(survey_year: int) -> dict[str, tuple[str, set[str], set[str]]]:
    """metric -> (question, valid codes, positive codes), wdes-spec §4 table."""
    return {
        "4a_i": ("q14a", SCALE, SCALE - {"1"}),
        "4a_ii": ("q14b", SCALE, SCALE - {"1"}),
        "4a_iii": ("q14c", SCALE, SCALE - {"1"}),
        "4b": ("q14d", {"1", "2", "3", "4"}, {"1", "2"}),
        "5": ("q15", {"1", "2", "9"}, {"1"}),
        "6": ("q11e", {"1", "2"}, {"1"}),  # only where q11d = 1
        "7": ("q4b", SCALE, {"4", "5"}),
        "8": (ADJUSTMENT_QUESTION[survey_year], {"1", "2"}, {"1"}),
    }


def disability_group(raw: str) -> str:
    value = re.sub(r"\s+", " ", raw.strip().upper())
    if value in DISABLED:
        return "Disabled"
    if value in NON_DISABLED:
        return "Non-disabled"
    return "Unknown"


def disability_column(frame: pd.DataFrame) -> pd.Series:
    column = "disability" if "disability" in frame.columns else "disability_flag"
    return frame[column] if column in frame.columns else pd.Series("", index=frame.index)


def rate_ratio(a: int, n1: int, c: int, n2: int) -> float | None:
    if n1 == 0 or n2 == 0 or c == 0:
        return None
    return (a / n1) / (c / n2)


def pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


# --- the populations --------------------------------------------------------------------------------

def people_with_disability(landing_dir: Path) -> pd.DataFrame:
    people = workforce(landing_dir)
    people["dgroup"] = disability_column(people).map(disability_group)
    return people


def capability_entrants(landing_dir: Path) -> pd.DataFrame:
    """Distinct staff entering the formal capability process for performance (wdes-spec §4 metric 3)."""
    cases = read_extract(landing_dir, "hr_cases")
    cases = cases[
        (cases["case_type"].str.lower() == "capability") & (cases["capability_reason"].str.lower() == "performance")
    ].copy()
    cases["entry"] = [
        parse_date(formal) if formal else parse_date(investigation)
        for formal, investigation in zip(cases["formal_process_start_date"], cases["investigation_start_date"])
    ]
    cases["year"] = cases["entry"].map(financial_year)
    cases["case_group"] = cases["disability"].map(disability_group)
    esr = read_extract(landing_dir, "esr_staff_in_post")
    esr["snapshot"] = esr["snapshot_date"].map(parse_date)
    esr["dgroup"] = disability_column(esr).map(disability_group)
    rows = []
    for (org_code, year, employee), group in cases.groupby(["org_code", "year", "employee_number"]):
        known = [g for g in group["case_group"] if g != "Unknown"]
        if known:
            dgroup = known[0]
        else:
            history = esr[(esr["org_code"] == org_code) & (esr["employee_number"] == employee)
                          & (esr["snapshot"] <= date(year, 3, 31))]
            dgroup = history.sort_values("snapshot")["dgroup"].iloc[-1] if len(history) else "Unknown"
        rows.append((org_code, year, employee, dgroup))
    return pd.DataFrame(rows, columns=["org_code", "year", "employee_number", "dgroup"])


def respondents(landing_dir: Path) -> pd.DataFrame:
    answers = read_extract(landing_dir, "staff_survey_responses")
    answers["survey_year"] = answers["survey_year"].astype(int)
    answers["question_code"] = answers["question_code"].str.lower()
    return answers


def respondent_groups(answers: pd.DataFrame) -> dict[tuple, str]:
    """(org, survey year, respondent) -> group: the disability column when filled, else the question."""
    groups = {}
    column = disability_column(answers)
    for key, rows in answers.assign(raw=column).groupby(["org_code", "survey_year", "respondent_id"]):
        filled = [value for value in rows["raw"] if value]
        if filled:
            groups[key] = disability_group(filled[0])
            continue
        question = rows[rows["question_code"] == CONDITION_QUESTION.get(key[1], "")]["response"]
        answer = question.iloc[0] if len(question) else ""
        groups[key] = {"1": "Disabled", "2": "Non-disabled"}.get(answer, "Unknown")
    return groups


# --- fixtures --------------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["demo", "unseen"])
def build(request) -> tuple[Path, Path]:
    if request.param == "demo":
        built = request.getfixturevalue("demo_build")
        return built.landing_dir, built.database
    unseen = request.getfixturevalue("unseen")
    return unseen["landing"], unseen["second"].database


@pytest.fixture(scope="module")
def warehouse(build):
    with duckdb.connect(str(build[1]), read_only=True) as con:
        yield con


@pytest.fixture(scope="module")
def people(build) -> pd.DataFrame:
    return people_with_disability(build[0])


@pytest.fixture(scope="module")
def org_years(people) -> list[tuple[str, int]]:
    return sorted(people[["org_code", "year"]].drop_duplicates().itertuples(index=False, name=None))


def value(warehouse, org_code, year, metric, measure, breakdown, group):
    rows = warehouse.execute(
        """
        select value from marts.wdes_indicators
        where org_code = ? and reporting_year = ? and metric = ? and measure = ? and breakdown = ?
            and disability_group = ?
        """,
        [org_code, year, metric, measure, breakdown, group],
    ).fetchall()
    assert len(rows) <= 1
    return rows[0][0] if rows else None


def summary(warehouse, org_code, year, column):
    return warehouse.execute(
        f"select {column} from marts.wdes_summary where org_code = ? and reporting_year = ?", [org_code, year]
    ).fetchall()[0][0]


def close(actual, expected) -> bool:
    if expected is None:
        return actual is None or actual != actual  # NULL
    return actual is not None and abs(actual - expected) <= TOLERANCE


# --- the comparisons ---------------------------------------------------------------------------------

def test_metric_1_disabled_share_and_declaration_rate(warehouse, people, org_years):
    disabled_seen = 0
    for org_code, year in org_years:
        staff = people[(people["org_code"] == org_code) & (people["year"] == year)]
        counts = staff["dgroup"].value_counts()
        disabled_seen += counts.get("Disabled", 0)
        expected = pct(counts.get("Disabled", 0), len(staff))
        assert close(summary(warehouse, org_code, year, "disabled_workforce_pct"), expected), (org_code, year)
        declared = counts.get("Disabled", 0) + counts.get("Non-disabled", 0)
        assert close(summary(warehouse, org_code, year, "declaration_rate_pct"), pct(declared, len(staff)))
        # every section and band row, and the clusters of wdes-spec §3.1
        staff = staff.assign(section=staff["clinical"].map({True: "clinical", False: "non_clinical"}))
        for (section, band_row), rows in staff.groupby(["section", "band_row"]):
            share = pct(int((rows["dgroup"] == "Disabled").sum()), len(rows))
            assert close(value(warehouse, org_code, year, "1", "pct", f"{section} | {band_row}", "Disabled"), share)
        clusters = {"C1": {"Under Band 1", "Band 1", "Band 2", "Band 3", "Band 4"}, "C2": {"Band 5", "Band 6", "Band 7"},
                    "C3": {"Band 8a", "Band 8b"}, "C4": {"Band 8c", "Band 8d", "Band 9", "VSM"}}
        for cluster, rows_in in clusters.items():
            for section in ("clinical", "non_clinical"):
                rows = staff[(staff["section"] == section) & staff["band_row"].isin(rows_in)]
                if len(rows):
                    share = pct(int((rows["dgroup"] == "Unknown").sum()), len(rows))
                    assert close(value(warehouse, org_code, year, "1", "pct", f"{section} | {cluster}", "Unknown"), share)
    assert disabled_seen > 0, "the data should hold Disabled staff"


def test_metric_2_appointment_from_shortlisting(warehouse, build, org_years):
    applications = read_extract(build[0], "recruitment_applications")
    applications = applications[applications["shortlisted_date"] != ""].copy()
    applications["year"] = applications["shortlisted_date"].map(parse_date).map(financial_year)
    applications["dgroup"] = applications["disability"].map(disability_group)
    applications["appointed"] = applications["outcome"].str.lower() == "appointed"
    gi = applications["is_guaranteed_interview"].str.lower()
    applications["not_gi"] = gi.isin({"n", "no", "false", "f", "0"})
    compared = 0
    for org_code, year in org_years:
        chosen = applications[(applications["org_code"] == org_code) & (applications["year"] == year)]
        for breakdown, rows in (("all_applications", chosen), ("excluding_guaranteed_interview", chosen[chosen["not_gi"]])):
            d, nd = rows[rows["dgroup"] == "Disabled"], rows[rows["dgroup"] == "Non-disabled"]
            expected = rate_ratio(int(nd["appointed"].sum()), len(nd), int(d["appointed"].sum()), len(d))
            if len(chosen):
                assert close(value(warehouse, org_code, year, "2", "relative_likelihood", breakdown, "All"), expected)
                compared += expected is not None
    assert compared > 0


def test_metric_3_capability_two_year_rolling(warehouse, build, people, org_years):
    entrants = capability_entrants(build[0])
    years_with_snapshot = set(org_years)
    for org_code, year in org_years:
        pool = [y for y in (year - 1, year) if (org_code, y) in years_with_snapshot]
        staff = people[(people["org_code"] == org_code) & people["year"].isin(pool)]
        entering = entrants[(entrants["org_code"] == org_code) & entrants["year"].isin(pool)]
        expected = rate_ratio(
            int((entering["dgroup"] == "Disabled").sum()), int((staff["dgroup"] == "Disabled").sum()),
            int((entering["dgroup"] == "Non-disabled").sum()), int((staff["dgroup"] == "Non-disabled").sum()),
        )
        assert close(summary(warehouse, org_code, year, "metric3_relative_likelihood"), expected), (org_code, year)


def test_metrics_4_to_8_and_9a_from_the_survey(warehouse, build):
    answers = respondents(build[0])
    groups = respondent_groups(answers)
    answers["dgroup"] = [groups[key] for key in zip(answers["org_code"], answers["survey_year"], answers["respondent_id"])]
    compared = 0
    for (org_code, survey_year), survey in answers.groupby(["org_code", "survey_year"]):
        if survey_year not in CONDITION_QUESTION:
            continue
        year = survey_year + 1
        came_in_unwell = set(survey[(survey["question_code"] == "q11d") & (survey["response"] == "1")]["respondent_id"])
        for metric, (question, valid, positive) in survey_items(survey_year).items():
            asked = survey[(survey["question_code"] == question) & survey["response"].isin(valid)]
            if metric == "6":
                asked = asked[asked["respondent_id"].isin(came_in_unwell)]
            for group, column in (("Disabled", "disabled"), ("Non-disabled", "non_disabled")):
                if metric == "8" and group == "Non-disabled":
                    continue
                rows = asked[asked["dgroup"] == group]
                expected = pct(int(rows["response"].isin(positive).sum()), len(rows))
                assert close(summary(warehouse, org_code, year, f"metric{metric}_{column}_pct"), expected), (
                    org_code, year, metric, group)
                compared += 1
        # 9a: item score (code - 1) x 2.5, sub-score means, mean of the three; a missing sub-score excludes
        advocacy = ADVOCACY.get(survey_year, ("q25a", "q25c", "q25d"))
        subscores = {"motivation": ("q2a", "q2b", "q2c"), "involvement": ("q3c", "q3d", "q3f"), "advocacy": advocacy}
        scored = survey[survey["response"].isin(SCALE)].copy()
        scored["score"] = (scored["response"].astype(int) - 1) * 2.5
        engagement = {}
        for respondent, rows in scored.groupby("respondent_id"):
            means = [rows[rows["question_code"].isin(items)]["score"].mean() for items in subscores.values()]
            if all(mean == mean for mean in means):  # no NaN: every sub-score answered
                engagement[respondent] = (sum(means) / 3, rows["dgroup"].iloc[0])
        for group, column in (("Disabled", "disabled"), ("Non-disabled", "non_disabled"), (None, "overall")):
            scores = [score for score, g in engagement.values() if group is None or g == group]
            expected = sum(scores) / len(scores) if scores else None
            assert summary(warehouse, org_code, year, f"metric9a_{column}_score") == pytest.approx(expected, abs=TOLERANCE)
    assert compared > 0


def test_metric_10_board_against_the_workforce(warehouse, build, people, org_years):
    board = read_extract(build[0], "board_members")
    board["snapshot"] = board["snapshot_date"].map(parse_date)
    board["year"] = board["snapshot"].map(financial_year)
    board = board[board["snapshot"] == board.groupby(["org_code", "year"])["snapshot"].transform("max")]
    board["dgroup"] = board["disability"].map(disability_group)
    truthy = {"y", "yes", "true", "t", "1"}
    for org_code, year in org_years:
        members = board[(board["org_code"] == org_code) & (board["year"] == year)]
        staff = people[(people["org_code"] == org_code) & (people["year"] == year)]
        workforce_pct = pct(int((staff["dgroup"] == "Disabled").sum()), len(staff))
        for column, flag in (("metric10_voting_pct_point_diff", "is_voting"),
                             ("metric10_executive_pct_point_diff", "is_executive")):
            subset = members[members[flag].str.lower().isin(truthy)]
            expected = pct(int((subset["dgroup"] == "Disabled").sum()), len(subset)) - workforce_pct if len(subset) else None
            assert close(summary(warehouse, org_code, year, column), expected), (org_code, year, column)
