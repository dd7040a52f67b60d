"""The synthetic data generator (wres/generate.py) and the bundled demo data set (seeds/demo/)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from wres import PROJECT_DIR
from wres.contract import EXTRACTS
from wres.generate import FILE_NAMES, generate, parse_years

# Spec §7, written out here so that the test checks the generator against the spec itself.
SPEC_COLUMNS = {
    "esr_staff_in_post.csv": [
        "org_code", "snapshot_date", "employee_number", "assignment_number", "primary_assignment",
        "assignment_category", "assignment_status", "staff_group", "job_role", "occupation_code", "pay_band",
        "ethnic_origin", "fte",
    ],
    "recruitment_applications.csv": [
        "org_code", "vacancy_id", "application_id", "applicant_id", "ethnic_origin", "shortlisted_date", "outcome",
    ],
    "hr_cases.csv": ["org_code", "case_id", "employee_number", "case_type", "investigation_start_date", "ethnic_origin"],
    "training_records.csv": ["org_code", "employee_number", "course_id", "course_name", "start_date", "is_mandatory"],
    "staff_survey_responses.csv": [
        "org_code", "survey_year", "respondent_id", "ethnic_origin", "question_code", "response",
    ],
    "board_members.csv": [
        "org_code", "snapshot_date", "member_id", "role", "is_executive", "is_voting", "ethnic_origin",
    ],
}
# wdes-spec §7: the optional WDES columns the generator writes after the WRES ones (the messy ESR
# file names its disability column the ESR way, `Disability Flag`, the contract's one alias).
WDES_COLUMNS = {
    "esr_staff_in_post.csv": ["disability"],
    "recruitment_applications.csv": ["disability", "is_guaranteed_interview"],
    "hr_cases.csv": ["disability", "capability_reason", "formal_process_start_date"],
    "training_records.csv": [],
    "staff_survey_responses.csv": ["disability"],
    "board_members.csv": ["disability"],
}

# Spec §4: the response codes printed in the national questionnaires, by era (survey years
# 2016-2019, 2020, 2021 onwards). q15 (q14 before 2020) is 1 Yes, 2 No, Don't know 3 up to 2020
# and 9 from 2021.
SURVEY_2016, SURVEY_2020 = ("q13a", "q13b", "q13c", "q14", "q15b"), ("q14a", "q14b", "q14c", "q15", "q16b")
SCALE_1_TO_5, YES_NO = {"1", "2", "3", "4", "5"}, {"1", "2"}
SPEC_SURVEY_CODES = {
    **{(2016, q): SCALE_1_TO_5 for q in SURVEY_2016[:3]}, (2016, "q14"): {"1", "2", "3"}, (2016, "q15b"): YES_NO,
    **{(2020, q): SCALE_1_TO_5 for q in SURVEY_2020[:3]}, (2020, "q15"): {"1", "2", "3"}, (2020, "q16b"): YES_NO,
    **{(2021, q): SCALE_1_TO_5 for q in SURVEY_2020[:3]}, (2021, "q15"): {"1", "2", "9"}, (2021, "q16b"): YES_NO,
}

# wdes-spec §2.2 and §4: the WDES items of survey years 2021-2025 and their codes (the advocacy,
# condition and adjustment questions are renumbered in 2022 and 2023).
def wdes_survey_codes(year: int) -> dict[str, set[str]]:
    advocacy, condition = {2021: ("q21", "q28"), 2022: ("q23", "q30")}.get(year, ("q25", "q31"))
    codes = {question: SCALE_1_TO_5 for question in ("q2a", "q2b", "q2c", "q3c", "q3d", "q3f", "q4b")}
    codes |= {f"{advocacy}{item}": SCALE_1_TO_5 for item in "acd"}
    codes |= {"q11d": YES_NO, "q11e": YES_NO, "q14d": {"1", "2", "3", "4", "9"}}
    codes |= {f"{condition}a": YES_NO, f"{condition}b": {"1", "2", "3"}}
    return codes


TABLES = {name: name.removesuffix(".csv") for name in FILE_NAMES}
DEMO_DIR = PROJECT_DIR / "seeds" / "demo"
# The exact call that produced seeds/demo (also in seeds/demo/README.md).
DEMO_CALL = dict(orgs=3, staff_per_org=1600, years=(2023, 2025), seed=2024)

SMALL = dict(orgs=3, staff_per_org=300, years=(2023, 2025))
MEDIUM = dict(orgs=8, staff_per_org=2500, years=(2023, 2025), seed=5)

GROUP_SQL = """case
    when regexp_matches(upper(split_part(trim(coalesce({c}, '')), ' ', 1)), '^[ABC][0-9A-Z]?$') then 'White'
    when regexp_matches(upper(split_part(trim(coalesce({c}, '')), ' ', 1)), '^[DEFGHJKLMNPRS][0-9A-Z]?$') then 'BME'
    else 'Unknown' end"""
TRUE_SQL = "upper(trim({c})) in ('Y', 'YES', 'TRUE', '1')"
BOOL_VALUES = ("Y", "N", "YES", "NO", "TRUE", "FALSE", "1", "0")


def date_sql(column: str) -> str:
    return f"coalesce(try_strptime(trim({column}), '%Y-%m-%d'), try_strptime(trim({column}), '%d/%m/%Y'))::date"


def normalise(name: str) -> str:
    return name.replace("\ufeff", "").strip().lower().replace(" ", "_").replace("-", "_")


def header_of(path: Path) -> list[str]:
    first_line = path.read_bytes().split(b"\n", 1)[0].decode("utf-8-sig")
    return [normalise(name) for name in first_line.split(",")]


def load(directory: Path) -> duckdb.DuckDBPyConnection:
    """Every file as an all-text table named after it, with normalised column names."""
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    for file_name, table in TABLES.items():
        names = header_of(directory / file_name)
        columns = "{" + ", ".join(f"'{name}': 'VARCHAR'" for name in names) + "}"
        con.execute(
            f"""create table {table} as select * from read_csv('{directory / file_name}', header = true,
                auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {columns})"""
        )
    return con


def one(con: duckdb.DuckDBPyConnection, sql: str):
    return con.execute(sql).fetchall()[0][0]


@pytest.fixture(scope="module")
def small_runs(tmp_path_factory) -> dict[str, tuple[Path, dict[str, int]]]:
    runs = {}
    for name, seed in (("a", 11), ("b", 11), ("c", 12)):
        out = tmp_path_factory.mktemp(f"gen_{name}")
        runs[name] = (out, generate(out, seed=seed, **SMALL))
    clean = tmp_path_factory.mktemp("gen_clean")
    runs["clean"] = (clean, generate(clean, seed=11, messy=False, **SMALL))
    return runs


@pytest.fixture(scope="module")
def medium(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    out = tmp_path_factory.mktemp("gen_medium")
    generate(out, **MEDIUM)
    con = load(out)
    # Spec §3 workforce: people with a Permanent / Fixed Term Temp assignment whose status starts
    # with Active; one row per person, the primary (else highest FTE, lowest number) assignment.
    con.execute(
        f"""
        create table workforce as
        with included as (
            select org_code, {date_sql('snapshot_date')} as snapshot_date, employee_number, assignment_number,
                   {TRUE_SQL.format(c='primary_assignment')} as is_primary, try_cast(fte as double) as fte,
                   lower(regexp_replace(trim(staff_group), '^[0-9]+\\s*', '')) as staff_group, job_role,
                   regexp_replace(lower(trim(pay_band)), '^afc\\s+', '') as pay_band,
                   {GROUP_SQL.format(c='ethnic_origin')} as ethnic_group
            from esr_staff_in_post
            where lower(trim(assignment_category)) in ('permanent', 'fixed term temp')
              and trim(assignment_status) like 'Active%'
        ),
        ranked as (
            select *, row_number() over (
                partition by org_code, snapshot_date, employee_number
                order by is_primary desc, fte desc nulls last, assignment_number) as rank
            from included
        )
        select *, year(snapshot_date) as reporting_year from ranked
        where rank = 1 and month(snapshot_date) = 3 and day(snapshot_date) = 31
        """
    )
    return con


# ------------------------------------------------------------------------------------------
# Determinism and the interface
# ------------------------------------------------------------------------------------------

def test_same_seed_gives_identical_bytes(small_runs):
    (dir_a, counts_a), (dir_b, counts_b) = small_runs["a"], small_runs["b"]
    assert counts_a == counts_b
    for file_name in FILE_NAMES:
        assert (dir_a / file_name).read_bytes() == (dir_b / file_name).read_bytes(), file_name


def test_different_seed_gives_different_files(small_runs):
    dir_a, dir_c = small_runs["a"][0], small_runs["c"][0]
    for file_name in FILE_NAMES:
        assert (dir_a / file_name).read_bytes() != (dir_c / file_name).read_bytes(), file_name


def test_returns_the_data_row_count_of_every_file(small_runs):
    for directory, counts in small_runs.values():
        assert list(counts) == list(FILE_NAMES)
        con = load(directory)
        for file_name, table in TABLES.items():
            assert counts[file_name] > 0, file_name
            assert one(con, f"select count(*) from {table}") == counts[file_name], file_name


def test_bundled_demo_is_reproduced_by_the_documented_call(tmp_path):
    counts = generate(tmp_path, **DEMO_CALL)
    for file_name in FILE_NAMES:
        demo_file = DEMO_DIR / file_name
        assert demo_file.is_file(), f"{demo_file} is missing"
        assert (tmp_path / file_name).read_bytes() == demo_file.read_bytes(), file_name
        assert f"{counts[file_name]:,}" in (DEMO_DIR / "README.md").read_text(), f"README row count of {file_name}"


def test_bundled_demo_stays_small():
    sizes = {file_name: (DEMO_DIR / file_name).stat().st_size for file_name in FILE_NAMES}
    # the Staff Survey file carries the WDES survey items too (issue 12): about 20 rows a respondent
    assert max(sizes.values()) <= 5_000_000, sizes
    assert sum(sizes.values()) <= 11_000_000, sizes


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2023-2025", (2023, 2025)), ("2024", (2024, 2024)), (" 2022 - 2023 ", (2022, 2023)), ("2024-2024", (2024, 2024))],
)
def test_parse_years(text, expected):
    assert parse_years(text) == expected


@pytest.mark.parametrize("text", ["", "2025-2023", "23-25", "2023-", "2023/2025", "twenty", "2023-2025-2027", "1899"])
def test_parse_years_rejects(text):
    with pytest.raises(ValueError):
        parse_years(text)


@pytest.mark.parametrize(
    "arguments", [dict(orgs=0), dict(staff_per_org=5), dict(years=(2025, 2023)), dict(seed=-1)]
)
def test_generate_rejects_bad_arguments(tmp_path, arguments):
    with pytest.raises(ValueError):
        generate(tmp_path, **arguments)


# ------------------------------------------------------------------------------------------
# The landing contract: columns, keys, values that parse
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("run", ["a", "clean"])
def test_every_file_has_exactly_the_spec_columns(small_runs, run):
    directory = small_runs[run][0]
    assert sorted(SPEC_COLUMNS) == sorted(FILE_NAMES)
    for file_name, columns in SPEC_COLUMNS.items():
        wdes = WDES_COLUMNS[file_name]
        if run == "a" and file_name == "esr_staff_in_post.csv":
            wdes = ["disability_flag"]
        assert header_of(directory / file_name) == columns + wdes, file_name
    contract = {extract.file_name: list(extract.columns) for extract in EXTRACTS}
    assert contract == SPEC_COLUMNS
    assert {extract.file_name: list(extract.optional_columns) for extract in EXTRACTS} == WDES_COLUMNS


def test_messy_files_carry_a_bom_and_esr_style_headers(small_runs):
    directory = small_runs["a"][0]
    esr = (directory / "esr_staff_in_post.csv").read_bytes()
    assert esr.startswith(b"\xef\xbb\xbf")
    assert esr.split(b"\n", 1)[0].decode("utf-8-sig").split(",")[:4] == [
        "Org Code", "Snapshot Date", "Employee Number", "Assignment Number",
    ]
    clean = small_runs["clean"][0]
    for file_name in FILE_NAMES:
        raw = (clean / file_name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), file_name
        assert raw.split(b"\n", 1)[0].decode() == ",".join(SPEC_COLUMNS[file_name] + WDES_COLUMNS[file_name])


KEYS = {
    "esr_staff_in_post": ["org_code", date_sql("snapshot_date"), "assignment_number"],
    "recruitment_applications": ["org_code", "application_id"],
    "hr_cases": ["org_code", "case_id"],
    "staff_survey_responses": ["org_code", "survey_year", "respondent_id", "question_code"],
    "board_members": ["org_code", date_sql("snapshot_date"), "member_id"],
}


@pytest.mark.parametrize("run", ["a", "clean"])
@pytest.mark.parametrize("table", sorted(KEYS))
def test_keys_are_present_and_unique(small_runs, run, table):
    con = load(small_runs[run][0])
    key = ", ".join(KEYS[table])
    missing = " or ".join(f"nullif(trim(({part})::varchar), '') is null" for part in KEYS[table])
    assert one(con, f"select count(*) from {table} where {missing}") == 0
    duplicated = one(con, f"select count(*) from (select {key} from {table} group by all having count(*) > 1)")
    assert duplicated == 0
    assert one(con, f"select count(*) from {table}") > 0


DATES = {
    "esr_staff_in_post": ("snapshot_date", True),
    "recruitment_applications": ("shortlisted_date", False),
    "hr_cases": ("investigation_start_date", True),
    "training_records": ("start_date", True),
    "board_members": ("snapshot_date", True),
}


@pytest.mark.parametrize("run", ["a", "clean"])
def test_every_value_is_valid_input(small_runs, run):
    con = load(small_runs[run][0])
    for table, (column, required) in DATES.items():
        bad = one(con, f"select count(*) from {table} where {column} is not null and {date_sql(column)} is null")
        assert bad == 0, f"{table}.{column} has unparseable dates"
        if required:
            assert one(con, f"select count(*) from {table} where {column} is null") == 0, f"{table}.{column}"
        # events fall in the financial years of reporting years 2023-2025 (or survey autumns)
        low, high = con.execute(f"select min({date_sql(column)}), max({date_sql(column)}) from {table}").fetchall()[0]
        assert "2022-04-01" <= str(low) and str(high) <= "2025-03-31", (table, low, high)
    for table, column in [("esr_staff_in_post", "primary_assignment"), ("training_records", "is_mandatory"),
                          ("board_members", "is_executive"), ("board_members", "is_voting")]:
        values = {row[0] for row in con.execute(f"select distinct upper(trim({column})) from {table}").fetchall()}
        allowed = set(BOOL_VALUES) | ({None} if column == "primary_assignment" else set())
        assert values <= allowed, (table, column, values)
    assert one(con, "select count(*) from esr_staff_in_post where fte is not null and try_cast(fte as double) is null") == 0
    assert one(con, "select count(*) from esr_staff_in_post where try_cast(fte as double) < 0") == 0
    assert one(con, "select count(*) from staff_survey_responses where try_cast(survey_year as integer) is null") == 0
    outcomes = {row[0] for row in con.execute("select distinct outcome from recruitment_applications").fetchall()}
    assert outcomes <= {"Appointed", "Offer Declined", "Withdrawn", "Not Appointed", None}
    assert {"Appointed", "Not Appointed"} <= outcomes
    case_types = {row[0] for row in con.execute("select distinct case_type from hr_cases").fetchall()}
    assert "Disciplinary" in case_types and case_types <= {"Disciplinary", "Capability", "Grievance", "Bullying and Harassment"}
    # survey questions of survey years 2022-2024 (2020 numbering), every code of their scales and no other
    assert survey_codes(con) == {
        **{(year, question): SPEC_SURVEY_CODES[(2021, question)] for year in (2022, 2023, 2024) for question in SURVEY_2020},
        **{(year, question): codes for year in (2022, 2023, 2024) for question, codes in wdes_survey_codes(year).items()},
    }


def survey_codes(con) -> dict[tuple[int, str], set[str]]:
    rows = con.execute(
        "select survey_year::int, question_code, list(distinct response) from staff_survey_responses "
        "where response is not null group by all"
    ).fetchall()
    return {(year, question): set(codes) for year, question, codes in rows}


def test_survey_answers_carry_the_codes_of_their_years_questionnaire(tmp_path):
    # reporting years 2020-2023: survey years 2019 (2016 numbering), 2020, 2021 and 2022
    generate(tmp_path, orgs=2, staff_per_org=300, years=(2020, 2023), seed=3)
    era = {2019: 2016, 2020: 2020, 2021: 2021, 2022: 2021}
    con = load(tmp_path)
    # the WDES items only from survey year 2021 (the earlier numbering is unverified, wdes-spec §4)
    assert survey_codes(con) == {
        **{(year, question): SPEC_SURVEY_CODES[(era[year], question)]
           for year in era for question in (SURVEY_2016 if year < 2020 else SURVEY_2020)},
        **{(year, question): codes for year in (2021, 2022) for question, codes in wdes_survey_codes(year).items()},
    }


def test_identifiers_look_like_the_real_thing(small_runs):
    con = load(small_runs["a"][0])
    assert one(con, "select count(*) from esr_staff_in_post where not regexp_matches(org_code, '^R[0-9A-Z]{2}$')") == 0
    assert one(con, "select count(*) from esr_staff_in_post where not regexp_matches(employee_number, '^[0-9]{8}$')") == 0
    assert one(
        con, "select count(*) from esr_staff_in_post where not regexp_matches(assignment_number, '^[0-9]{8}-[1-3]$') "
        "or split_part(assignment_number, '-', 1) <> employee_number"
    ) == 0
    # a person keeps one ethnicity across snapshots
    assert one(con, "select count(*) from (select employee_number from esr_staff_in_post group by 1 "
                    "having count(distinct coalesce(ethnic_origin, '')) > 1)") == 0
    # respondent ids are not employee numbers
    assert one(con, "select count(*) from staff_survey_responses where respondent_id in "
                    "(select employee_number from esr_staff_in_post)") == 0


def test_the_messiness_real_extracts_have(small_runs):
    con = load(small_runs["a"][0])
    esr = "esr_staff_in_post"
    snapshots = [row[0] for row in con.execute(f"select distinct {date_sql('snapshot_date')}::varchar from {esr} order by 1").fetchall()]
    assert snapshots == ["2023-03-31", "2024-03-31", "2024-09-30", "2025-03-31"]
    assert one(con, f"select count(*) from {esr} where snapshot_date like '__/__/____'") > 0
    assert one(con, f"select count(*) from {esr} where snapshot_date like '____-__-__'") > 0
    categories = {row[0] for row in con.execute(f"select distinct assignment_category from {esr}").fetchall()}
    assert {"Permanent", "Fixed Term Temp", "Bank", "Non-Exec Director/Chair"} <= categories
    statuses = {row[0] for row in con.execute(f"select distinct assignment_status from {esr}").fetchall()}
    assert "Active Assignment" in statuses and len(statuses) >= 4
    # several assignments per person, and people with none flagged primary
    assert one(con, f"select count(*) from (select employee_number from {esr} group by org_code, snapshot_date, employee_number having count(*) > 1)") > 0
    no_primary = f"""
        select count(*) from (
            select employee_number from {esr} group by org_code, snapshot_date, employee_number
            having count(*) > 1 and not bool_or(upper(trim(primary_assignment)) in ('Y', 'YES', 'TRUE', '1'))
        )"""
    assert one(con, no_primary) > 0
    bands = {row[0] for row in con.execute(f"select distinct pay_band from {esr}").fetchall()}
    assert {"Band 5", "band 5"} <= bands or {"Band 3", "band 3"} <= bands
    assert any(band and band.startswith("AfC ") for band in bands)
    groups = {row[0] for row in con.execute(f"select distinct staff_group from {esr}").fetchall()}
    assert any(group[:2].isdigit() for group in groups) and any(group.isupper() for group in groups)
    codes = {row[0] for row in con.execute(f"select distinct split_part(ethnic_origin, ' ', 1) from {esr}").fetchall()}
    assert {"A", "Z"} <= codes and any(code and len(code) == 2 and code[0] == "C" for code in codes)
    assert one(con, f"select count(*) from {esr} where ethnic_origin is null") > 0
    for table in ("training_records", "board_members"):
        column = "is_mandatory" if table == "training_records" else "is_voting"
        assert one(con, f"select count(distinct {column}) from {table}") >= 4, table
    medical_bands = {row[0] for row in con.execute(f"select distinct pay_band from {esr} where staff_group ilike '%medical and dental'").fetchall()}
    assert None in medical_bands and not any(band and band.lower().startswith("band") for band in medical_bands)
    # training of people in no snapshot, recruitment rows never shortlisted, skipped questions
    assert one(con, f"select count(*) from training_records where employee_number not in (select employee_number from {esr})") > 0
    assert one(con, "select count(*) from recruitment_applications where shortlisted_date is null") > 0
    assert one(con, "select count(*) from staff_survey_responses where response is null") > 0


# ------------------------------------------------------------------------------------------
# Proportions the indicators are computed from (a medium run, ~20,000 staff a year)
# ------------------------------------------------------------------------------------------

def test_workforce_bme_share_and_band_gradient(medium):
    shares = medium.execute(
        "select reporting_year, avg((ethnic_group = 'BME')::int), avg((ethnic_group = 'Unknown')::int), count(*) "
        "from workforce group by 1 order by 1"
    ).fetchall()
    assert [row[0] for row in shares] == [2023, 2024, 2025]
    for _, bme, unknown, headcount in shares:
        assert 0.22 <= bme <= 0.33
        assert 0.01 <= unknown <= 0.08
        assert 12_000 <= headcount <= 28_000

    def bme_share(where: str) -> float:
        return one(medium, f"select avg((ethnic_group = 'BME')::int) from workforce where {where}")

    band_5 = bme_share("pay_band = 'band 5' and staff_group <> 'medical and dental'")
    vsm = bme_share("pay_band in ('vsm', 'very senior manager')")
    medical = bme_share("staff_group = 'medical and dental'")
    overall = bme_share("true")
    assert 0.34 <= band_5 <= 0.48
    assert vsm <= 0.22
    assert medical >= overall + 0.1


def test_staff_persist_across_years_with_turnover(medium):
    stayed = one(
        medium,
        "select avg((employee_number in (select employee_number from workforce where reporting_year = 2025))::int) "
        "from workforce where reporting_year = 2024",
    )
    assert 0.82 <= stayed <= 0.95


def test_appointment_from_shortlisting_favours_white_applicants(medium):
    rates = dict(
        medium.execute(
            f"""
            select {GROUP_SQL.format(c='ethnic_origin')} as ethnic_group,
                   avg((outcome = 'Appointed')::int)
            from recruitment_applications where shortlisted_date is not null group by 1
            """
        ).fetchall()
    )
    ratio = rates["White"] / rates["BME"]
    assert 1.2 < ratio < 1.9


def test_disciplinary_and_training_relative_likelihoods(medium):
    entering = dict(
        medium.execute(
            f"""
            select {GROUP_SQL.format(c='ethnic_origin')}, count(distinct employee_number) from hr_cases
            where case_type = 'Disciplinary' group by 1
            """
        ).fetchall()
    )
    workforce = dict(medium.execute("select ethnic_group, count(*) from workforce group by 1").fetchall())
    # three years pooled: ~1.2% of staff a year, BME about 1.1 times as likely as White
    white_rate = entering["White"] / workforce["White"]
    bme_rate = entering["BME"] / workforce["BME"]
    assert 0.007 <= white_rate <= 0.02
    assert 0.8 <= bme_rate / white_rate <= 1.5
    accessing = dict(
        medium.execute(
            f"""
            with optional as (
                select distinct org_code, employee_number,
                       year({date_sql('start_date')}) + (month({date_sql('start_date')}) > 3)::int as reporting_year
                from training_records where not {TRUE_SQL.format(c='is_mandatory')}
            )
            select w.ethnic_group, avg((o.employee_number is not null)::int)
            from workforce as w left join optional as o using (org_code, employee_number, reporting_year)
            group by 1
            """
        ).fetchall()
    )
    assert 0.4 <= accessing["White"] <= 0.62 and 0.35 <= accessing["BME"] <= 0.6
    assert 1.02 <= accessing["White"] / accessing["BME"] <= 1.2


def test_survey_gaps_between_white_and_bme_staff(medium):
    rows = medium.execute(
        f"""
        with respondents as (
            select org_code, survey_year, respondent_id, any_value({GROUP_SQL.format(c='ethnic_origin')}) as ethnic_group,
                   max(case when question_code = 'q14a' then response::int end) as q14a,
                   max(case when question_code = 'q14b' then response::int end) as q14b,
                   max(case when question_code = 'q14c' then response::int end) as q14c,
                   max(case when question_code = 'q15' then response::int end) as q15,
                   max(case when question_code = 'q16b' then response::int end) as q16b
            from staff_survey_responses group by 1, 2, 3
        )
        select ethnic_group,
               avg((q14a >= 2)::int) as public,
               avg(case when q14b is not null or q14c is not null
                        then (coalesce(q14b, 1) >= 2 or coalesce(q14c, 1) >= 2)::int end) as staff,
               avg((q15 = 1)::int) as equal_opportunities,
               avg((q16b = 1)::int) as discrimination,
               count(*) as respondents
        from respondents group by 1
        """
    ).fetchall()
    by_group = {row[0]: row[1:] for row in rows}
    white, bme = by_group["White"], by_group["BME"]
    assert 0.22 <= white[0] <= 0.32 and 0.0 <= bme[0] - white[0] <= 0.07
    assert 0.19 <= white[1] <= 0.29 and 0.01 <= bme[1] - white[1] <= 0.09
    assert 0.52 <= white[2] <= 0.64 and white[2] - bme[2] >= 0.08
    assert white[3] <= 0.1 and bme[3] - white[3] >= 0.06
    # ~45% of staff respond each year
    headcount = one(medium, "select count(*) / 3 from workforce")
    per_year = (white[4] + bme[4] + by_group["Unknown"][4]) / 3
    assert 0.35 <= per_year / headcount <= 0.55


def test_board_size_and_bme_share(medium):
    size_low, size_high, bme = medium.execute(
        f"""
        with boards as (
            select org_code, snapshot_date, count(*) as members,
                   sum(({GROUP_SQL.format(c='ethnic_origin')} = 'BME')::int) as bme
            from board_members group by 1, 2
        )
        select min(members), max(members), sum(bme) / sum(members) from boards
        """
    ).fetchall()[0]
    assert 12 <= size_low and size_high <= 16
    assert 0.05 <= bme <= 0.3
