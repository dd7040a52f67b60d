"""The fact frames the Great Expectations suites validate, computed by DuckDB in the build database.

Why facts and not whole tables: at national scale the landing extracts hold millions of rows
(1.4 million staff a year, several snapshot years, millions of survey answers). Loading them into
pandas for Great Expectations' pandas route costs seconds and gigabytes per table, and its SQL
route does not work on DuckDB (see docs/data-quality.md). So DuckDB computes, in one aggregate
query per frame, the facts a rule is about (one row per organisation and snapshot, per distinct
code, per organisation-year, ...) and Great Expectations evaluates every expectation on those
small frames through its pandas datasource. A frame's size follows the number of organisations,
years and distinct codes, never the number of rows landed.

Every frame carries the columns that let a failure be found and fixed: the organisation, the
year or value concerned, the number of rows affected and example line numbers of the landing
file (never a person identifier: the data-quality table is read by BI tools).

Landing frames read the typed staging models (``staging.stg_*``: accepted rows, the exact typing
and code mapping the build uses) and ``audit.landing_reconciliation``; mart frames read the
``marts`` and ``published`` schemas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from wres.contract import EXTRACTS

LANDING = "landing"
MARTS = "marts"


@dataclass(frozen=True)
class Facts:
    """One frame: a query whose rows Great Expectations validates."""

    name: str  # "<target>.<frame>", referenced by an expectation's meta.facts
    stage: str
    target: str  # the extract or table the frame describes (named in messages)
    sql: str | Callable  # a query, or a function of the DuckDB connection returning one
    description: str
    # columns that identify a failing row in messages and Data Docs (GX unexpected_index_column_names)
    index_columns: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Parameters:
    """Run-level inputs of the facts queries (from dbt_project.yml vars and the run)."""

    run_id: str
    included_assignment_categories: tuple[str, ...]
    included_assignment_status_prefix: str
    earliest_plausible_date: str  # ISO dates: the window outside which a date cannot be real
    latest_plausible_date: str


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _financial_year(date_expression: str) -> str:
    # Spec §1: 1 April Y-1 .. 31 March Y is reporting year Y (same as macro financial_year).
    return (
        f"(extract(year from {date_expression}) "
        f"+ case when extract(month from {date_expression}) >= 4 then 1 else 0 end)"
    )


def _within_window(date_column: str, parameters: Parameters) -> str:
    return (
        f"{date_column} between date {_literal(parameters.earliest_plausible_date)} "
        f"and date {_literal(parameters.latest_plausible_date)}"
    )


def _lines(file_name: str, condition: str = "true") -> str:
    # The first three line numbers of the rows concerned: enough to find them in the file.
    # min(x, n) keeps a top-n heap, so this stays cheap on millions of rows.
    return (
        f"{_literal(file_name + ' line ')} || array_to_string("
        f"min(source_line_number, 3) filter (where {condition}), ', ')"
    )


# Accepted rows of each extract (the staging model the build reads).
STAGING_MODELS = {
    "esr_staff_in_post": "staging.stg_esr__assignments",
    "recruitment_applications": "staging.stg_recruitment__applications",
    "hr_cases": "staging.stg_hr__cases",
    "training_records": "staging.stg_training__records",
    "staff_survey_responses": "staging.stg_staff_survey__responses",
    "board_members": "staging.stg_board__members",
}

FILE_NAMES = {extract.name: extract.file_name for extract in EXTRACTS}

# Activity dates that place a row in a reporting year (spec §1), checked against the plausible window.
ACTIVITY_DATES = {
    "recruitment_applications": "shortlisted_date",
    "hr_cases": "investigation_start_date",
    "training_records": "start_date",
}


def _columns(extract: str) -> Facts:
    return Facts(
        name=f"{extract}.columns",
        stage=LANDING,
        target=extract,
        sql=f"select * from landing.{extract} limit 0",
        description="The columns of the landed table (no rows).",
    )


def _summary(extract: str, parameters: Parameters) -> Facts:
    return Facts(
        name=f"{extract}.summary",
        stage=LANDING,
        target=extract,
        sql=f"""
            with reconciliation as (
                select * from audit.landing_reconciliation
                where extract_name = {_literal(extract)}
            ),

            previous_run as (
                select rows_read
                from audit.landing_row_counts
                where
                    extract_name = {_literal(extract)}
                    and is_run_successful
                    and run_id <> {_literal(parameters.run_id)}
                order by recorded_at desc
                limit 1
            ),

            final as (
                select
                    reconciliation.source_file,
                    reconciliation.rows_read,
                    reconciliation.rows_accepted,
                    reconciliation.rows_quarantined,
                    reconciliation.rows_accepted + reconciliation.rows_quarantined as rows_accounted_for,
                    cast(100.0 * reconciliation.rows_quarantined / nullif(reconciliation.rows_read, 0) as double)
                        as quarantined_pct,
                    previous_run.rows_read as previous_rows_read,
                    cast(reconciliation.rows_read as double) / nullif(previous_run.rows_read, 0)
                        as row_count_ratio
                from reconciliation
                left join previous_run on true
            )

            select * from final
        """,
        description=(
            "One row: rows read, accepted and quarantined (audit.landing_reconciliation) and the "
            "rows read by the last successful run (audit.landing_row_counts)."
        ),
        index_columns=("source_file",),
    )


def _ethnic_codes(extract: str) -> Facts:
    file_name = FILE_NAMES[extract]
    return Facts(
        name=f"{extract}.ethnic_codes",
        stage=LANDING,
        target=extract,
        sql=f"""
            select
                coalesce(ethnic_code, '(blank)') as ethnic_code,
                bool_and(is_ethnic_code_recognised) as is_recognised,
                any_value(ethnic_group) as ethnic_group,
                count(*) as rows,
                {_lines(file_name)} as example_lines
            from {STAGING_MODELS[extract]}
            group by ethnic_code
            order by ethnic_code
        """,
        description=(
            "One row per distinct ethnic code token (spec §2) among accepted rows, with whether "
            "seed ethnic_categories recognises it (an unrecognised code is counted as Unknown)."
        ),
        index_columns=("ethnic_code", "rows", "example_lines"),
    )


def _date_range(extract: str) -> Facts:
    column, file_name = ACTIVITY_DATES[extract], FILE_NAMES[extract]
    return Facts(
        name=f"{extract}.date_range",
        stage=LANDING,
        target=extract,
        sql=f"""
            select
                org_code,
                min({column}) as earliest_date,
                {_literal(file_name + ' line ')} || arg_min(source_line_number, {column}) as earliest_line,
                max({column}) as latest_date,
                {_literal(file_name + ' line ')} || arg_max(source_line_number, {column}) as latest_line,
                count({column}) as dated_rows
            from {STAGING_MODELS[extract]}
            where {column} is not null
            group by org_code
            order by org_code
        """,
        description=f"One row per organisation: the earliest and latest {column} among accepted rows.",
        index_columns=("org_code", "earliest_line", "latest_line"),
    )


def _included(parameters: Parameters, alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    categories = ", ".join(_literal(value.lower()) for value in parameters.included_assignment_categories)
    return (
        f"(lower({prefix}assignment_category) in ({categories}) "
        f"and lower({prefix}assignment_status) like {_literal(parameters.included_assignment_status_prefix.lower() + '%')})"
    )


def _esr(parameters: Parameters) -> list[Facts]:
    extract, file_name, model = "esr_staff_in_post", "esr_staff_in_post.csv", STAGING_MODELS["esr_staff_in_post"]
    return [
        Facts(
            name=f"{extract}.by_org_snapshot",
            stage=LANDING,
            target=extract,
            sql=f"""
                with assignments as (
                    select *, {_included(parameters)} as is_included
                    from {model}
                ),

                several_primaries as (
                    -- spec §3: the primary assignment decides band and staff group; two of them
                    -- leave the choice to the tie-break (highest FTE, lowest assignment number)
                    select
                        org_code,
                        snapshot_date,
                        employee_number,
                        min(source_line_number) as first_line
                    from assignments
                    where is_included and is_primary_assignment
                    group by org_code, snapshot_date, employee_number
                    having count(*) > 1
                ),

                primaries_by_snapshot as (
                    select
                        org_code,
                        snapshot_date,
                        count(*) as persons_with_several_primary_assignments,
                        {_literal(file_name + ' line ')} || array_to_string(min(first_line, 3), ', ')
                            as several_primary_example_lines
                    from several_primaries
                    group by org_code, snapshot_date
                ),

                by_snapshot as (
                    select
                        org_code,
                        snapshot_date,
                        count(*) as rows,
                        count(distinct assignment_number) as distinct_assignment_numbers,
                        count(distinct employee_number) filter (where is_included) as included_staff
                    from assignments
                    group by org_code, snapshot_date
                ),

                final as (
                    select
                        by_snapshot.org_code,
                        by_snapshot.snapshot_date,
                        {_financial_year('by_snapshot.snapshot_date')} as reporting_year,
                        by_snapshot.rows,
                        by_snapshot.distinct_assignment_numbers,
                        by_snapshot.included_staff,
                        coalesce(primaries_by_snapshot.persons_with_several_primary_assignments, 0)
                            as persons_with_several_primary_assignments,
                        primaries_by_snapshot.several_primary_example_lines
                    from by_snapshot
                    left join primaries_by_snapshot
                        on
                            by_snapshot.org_code = primaries_by_snapshot.org_code
                            and by_snapshot.snapshot_date = primaries_by_snapshot.snapshot_date
                )

                select * from final order by org_code, snapshot_date
            """,
            description=(
                "One row per organisation and snapshot date: accepted rows, distinct assignment "
                "numbers, staff counted in the workforce (spec §3) and persons with more than one "
                "included primary assignment."
            ),
            index_columns=("org_code", "snapshot_date", "several_primary_example_lines"),
        ),
        Facts(
            name=f"{extract}.pay_bands",
            stage=LANDING,
            target=extract,
            sql=f"""
                select
                    coalesce(pay_band, '(blank)') as pay_band,
                    bool_and(is_pay_band_recognised) as is_recognised,
                    any_value(afc_band_row) as band_row,
                    count(*) as rows,
                    {_lines(file_name)} as example_lines
                from {model}
                -- medical staff are placed by job role, whatever their pay band says (spec §3)
                where not is_medical
                group by pay_band
                order by pay_band
            """,
            description=(
                "One row per distinct pay band of non-medical accepted rows, with whether seed "
                "pay_band_spellings recognises it (an unrecognised band goes to row Other)."
            ),
            index_columns=("pay_band", "rows", "example_lines"),
        ),
        Facts(
            name=f"{extract}.staff_groups",
            stage=LANDING,
            target=extract,
            sql=f"""
                select
                    coalesce(staff_group, '(blank)') as staff_group,
                    bool_and(is_staff_group_recognised) as is_recognised,
                    count(*) as rows,
                    {_lines(file_name)} as example_lines
                from {model}
                group by staff_group
                order by staff_group
            """,
            description=(
                "One row per distinct staff group, with whether seed staff_groups recognises it "
                "(an unrecognised group is treated as clinical)."
            ),
            index_columns=("staff_group", "rows", "example_lines"),
        ),
        Facts(
            name=f"{extract}.assignment_categories",
            stage=LANDING,
            target=extract,
            sql=f"""
                select
                    coalesce(lower(assignment_category), '(blank)') as assignment_category,
                    count(*) as rows,
                    {_lines(file_name)} as example_lines
                from {model}
                group by lower(assignment_category)
                order by assignment_category
            """,
            description=(
                "One row per distinct assignment category (lower case): a category outside the "
                "known ESR list is silently left out of the workforce unless reported."
            ),
            index_columns=("assignment_category", "rows", "example_lines"),
        ),
        _ethnic_codes(extract),
        Facts(
            name=f"{extract}.org_year_coverage",
            stage=LANDING,
            target=extract,
            sql=f"""
                with snapshots as (
                    select distinct
                        org_code,
                        {_financial_year('snapshot_date')} as reporting_year
                    from {model}
                    -- a snapshot outside the plausible window is reported by its own expectation;
                    -- here it would only open a span of years that cannot exist
                    where {_within_window('snapshot_date', parameters)}
                ),

                run_years as (
                    select
                        min(reporting_year) as first_year,
                        max(reporting_year) as last_year
                    from snapshots
                ),

                org_spans as (
                    select
                        org_code,
                        min(reporting_year) as first_year,
                        max(reporting_year) as last_year
                    from snapshots
                    group by org_code
                ),

                survey_years as (
                    select distinct
                        survey_year,
                        reporting_year
                    from reference.survey_question_map
                ),

                activity as (
                    select
                        org_code,
                        {_financial_year('shortlisted_date')} as reporting_year,
                        'recruitment_applications' as extract_name
                    from {STAGING_MODELS['recruitment_applications']}
                    where shortlisted_date is not null
                    union all
                    select
                        org_code,
                        {_financial_year('investigation_start_date')} as reporting_year,
                        'hr_cases' as extract_name
                    from {STAGING_MODELS['hr_cases']}
                    where investigation_start_date is not null
                    union all
                    select
                        org_code,
                        {_financial_year('start_date')} as reporting_year,
                        'training_records' as extract_name
                    from {STAGING_MODELS['training_records']}
                    union all
                    select
                        responses.org_code,
                        survey_years.reporting_year,
                        'staff_survey_responses' as extract_name
                    from {STAGING_MODELS['staff_survey_responses']} as responses
                    inner join survey_years on responses.survey_year = survey_years.survey_year
                    union all
                    select
                        org_code,
                        {_financial_year('snapshot_date')} as reporting_year,
                        'board_members' as extract_name
                    from {STAGING_MODELS['board_members']}
                ),

                activity_by_org_year as (
                    select
                        org_code,
                        reporting_year,
                        string_agg(distinct extract_name, ', ' order by extract_name) as extracts_with_data
                    from activity
                    group by org_code, reporting_year
                ),

                expected as (
                    -- a year inside the organisation's own span of snapshots (a gap) ...
                    select
                        org_spans.org_code,
                        generated.reporting_year
                    from org_spans
                    cross join
                        lateral (
                            select unnest(range(org_spans.first_year, org_spans.last_year + 1)) as reporting_year
                        ) as generated
                    union
                    -- ... or a year of the run in which the organisation has other data
                    select
                        activity_by_org_year.org_code,
                        activity_by_org_year.reporting_year
                    from activity_by_org_year
                    inner join run_years
                        on activity_by_org_year.reporting_year between run_years.first_year and run_years.last_year
                ),

                final as (
                    select
                        expected.org_code,
                        cast(expected.reporting_year as integer) as reporting_year,
                        snapshots.org_code is not null as has_workforce_snapshot,
                        coalesce(activity_by_org_year.extracts_with_data, '(none)') as extracts_with_data
                    from expected
                    left join snapshots
                        on
                            expected.org_code = snapshots.org_code
                            and expected.reporting_year = snapshots.reporting_year
                    left join activity_by_org_year
                        on
                            expected.org_code = activity_by_org_year.org_code
                            and expected.reporting_year = activity_by_org_year.reporting_year
                )

                select * from final order by org_code, reporting_year
            """,
            description=(
                "One row per organisation and reporting year it reports: every year inside the "
                "span of its own ESR snapshots, and every year of the run's span in which any "
                "other extract has data for it; with whether an ESR snapshot falls in that year."
            ),
            index_columns=("org_code", "reporting_year", "extracts_with_data"),
        ),
    ]


def _recruitment() -> list[Facts]:
    extract, file_name, model = (
        "recruitment_applications", "recruitment_applications.csv", STAGING_MODELS["recruitment_applications"]
    )
    return [
        Facts(
            name=f"{extract}.by_org",
            stage=LANDING,
            target=extract,
            sql=f"""
                select
                    org_code,
                    count(*) as rows,
                    count(distinct application_id) as distinct_application_ids
                from {model}
                group by org_code
                order by org_code
            """,
            description="One row per organisation: accepted rows and distinct application ids.",
            index_columns=("org_code",),
        ),
        Facts(
            name=f"{extract}.outcomes",
            stage=LANDING,
            target=extract,
            sql=f"""
                select
                    lower(outcome) as outcome,
                    count(*) as rows,
                    {_lines(file_name)} as example_lines
                from {model}
                group by lower(outcome)
                order by outcome
            """,
            description="One row per distinct outcome (lower case; blank = NULL).",
            index_columns=("outcome", "rows", "example_lines"),
        ),
        _date_range(extract),
        _ethnic_codes(extract),
    ]


def _hr() -> list[Facts]:
    extract, model = "hr_cases", STAGING_MODELS["hr_cases"]
    return [
        Facts(
            name=f"{extract}.by_org",
            stage=LANDING,
            target=extract,
            sql=f"""
                select
                    org_code,
                    count(*) as rows,
                    count(distinct case_id) as distinct_case_ids,
                    count(*) filter (where is_disciplinary) as disciplinary_cases,
                    string_agg(distinct case_type, ', ' order by case_type) as case_types
                from {model}
                group by org_code
                order by org_code
            """,
            description=(
                "One row per organisation: accepted rows, distinct case ids, cases of type "
                "Disciplinary and the case types seen."
            ),
            index_columns=("org_code", "case_types"),
        ),
        _date_range(extract),
        _ethnic_codes(extract),
    ]


def _training(parameters: Parameters) -> list[Facts]:
    extract, file_name = "training_records", "training_records.csv"
    return [
        _date_range(extract),
        Facts(
            name=f"{extract}.outside_workforce",
            stage=LANDING,
            target=extract,
            sql=f"""
                with latest_snapshots as (
                    -- spec §1: year Y uses the latest snapshot date inside the financial year
                    select
                        org_code,
                        {_financial_year('snapshot_date')} as reporting_year,
                        max(snapshot_date) as snapshot_date
                    from {STAGING_MODELS['esr_staff_in_post']}
                    group by org_code, reporting_year
                ),

                workforce as (
                    select distinct
                        latest_snapshots.org_code,
                        latest_snapshots.reporting_year,
                        assignments.employee_number
                    from latest_snapshots
                    inner join {STAGING_MODELS['esr_staff_in_post']} as assignments
                        on
                            latest_snapshots.org_code = assignments.org_code
                            and latest_snapshots.snapshot_date = assignments.snapshot_date
                    where {_included(parameters, 'assignments')}
                ),

                records as (
                    select
                        org_code,
                        employee_number,
                        source_line_number,
                        {_financial_year('start_date')} as reporting_year
                    from {STAGING_MODELS[extract]}
                    where not is_mandatory
                ),

                final as (
                    select
                        records.org_code,
                        cast(records.reporting_year as integer) as reporting_year,
                        count(*) as non_mandatory_records,
                        count(*) filter (where workforce.employee_number is null) as records_outside_workforce,
                        {_literal(file_name + ' line ')} || array_to_string(
                            min(records.source_line_number, 3) filter (where workforce.employee_number is null), ', '
                        ) as example_lines
                    from records
                    inner join latest_snapshots
                        on
                            records.org_code = latest_snapshots.org_code
                            and records.reporting_year = latest_snapshots.reporting_year
                    left join workforce
                        on
                            records.org_code = workforce.org_code
                            and records.reporting_year = workforce.reporting_year
                            and records.employee_number = workforce.employee_number
                    group by records.org_code, records.reporting_year
                )

                select * from final order by org_code, reporting_year
            """,
            description=(
                "One row per organisation and reporting year with a workforce snapshot: "
                "non-mandatory training records, and those of people not in that year's "
                "workforce snapshot (spec §4: counted here, not in indicator 4)."
            ),
            index_columns=("org_code", "reporting_year", "example_lines"),
        ),
    ]


def _survey() -> list[Facts]:
    extract, file_name, model = (
        "staff_survey_responses", "staff_survey_responses.csv", STAGING_MODELS["staff_survey_responses"]
    )
    return [
        Facts(
            name=f"{extract}.by_org_survey_year",
            stage=LANDING,
            target=extract,
            sql=f"""
                with question_map as (
                    select * from reference.survey_question_map
                ),

                final as (
                    select
                        responses.org_code,
                        responses.survey_year,
                        count(*) as rows,
                        count(distinct (responses.respondent_id, responses.question_code)) as distinct_answers,
                        count(distinct question_map.indicator) as indicators_covered,
                        coalesce(
                            string_agg(
                                distinct cast(question_map.indicator as varchar), ', '
                                order by cast(question_map.indicator as varchar)
                            ),
                            '(none)'
                        ) as indicators_found
                    from {model} as responses
                    left join question_map
                        on
                            responses.survey_year = question_map.survey_year
                            and responses.question_code = question_map.question_code
                    group by responses.org_code, responses.survey_year
                )

                select * from final order by org_code, survey_year
            """,
            description=(
                "One row per organisation and survey year: accepted rows, distinct respondent x "
                "question answers, and how many of indicators 5-8 the question codes map to "
                "(seed survey_question_map)."
            ),
            index_columns=("org_code", "survey_year", "indicators_found"),
        ),
        Facts(
            name=f"{extract}.responses",
            stage=LANDING,
            target=extract,
            sql=f"""
                with question_map as (
                    select * from reference.survey_question_map
                ),

                final as (
                    select
                        responses.survey_year,
                        responses.question_code,
                        responses.response,
                        list_contains(
                            string_split(replace(question_map.valid_responses, ' ', ''), ','), responses.response
                        ) as is_valid_response,
                        question_map.valid_responses,
                        count(*) as rows,
                        {_literal(file_name + ' line ')}
                        || array_to_string(min(responses.source_line_number, 3), ', ') as example_lines
                    from {model} as responses
                    inner join question_map
                        on
                            responses.survey_year = question_map.survey_year
                            and responses.question_code = question_map.question_code
                    -- a blank response is a skipped question, not an answer
                    where responses.response is not null
                    group by all
                )

                select * from final order by survey_year, question_code, response
            """,
            description=(
                "One row per survey year, mapped question and distinct response, with whether "
                "the response is one of the question's valid codes (seed survey_question_map)."
            ),
            index_columns=("survey_year", "question_code", "response", "valid_responses", "rows", "example_lines"),
        ),
        _ethnic_codes(extract),
    ]


def _board(parameters: Parameters) -> list[Facts]:
    extract, model = "board_members", STAGING_MODELS["board_members"]
    return [
        Facts(
            name=f"{extract}.by_org_snapshot",
            stage=LANDING,
            target=extract,
            sql=f"""
                select
                    org_code,
                    snapshot_date,
                    cast({_financial_year('snapshot_date')} as integer) as reporting_year,
                    count(*) as rows,
                    count(distinct member_id) as distinct_member_ids,
                    count(*) filter (where is_voting) as voting_members
                from {model}
                group by org_code, snapshot_date
                order by org_code, snapshot_date
            """,
            description="One row per organisation and board snapshot date: members, distinct member ids, voting members.",
            index_columns=("org_code", "snapshot_date"),
        ),
        Facts(
            name=f"{extract}.coverage",
            stage=LANDING,
            target=extract,
            sql=f"""
                with workforce_years as (
                    select distinct
                        org_code,
                        {_financial_year('snapshot_date')} as reporting_year
                    from {STAGING_MODELS['esr_staff_in_post']}
                    where {_within_window('snapshot_date', parameters)}
                ),

                board_years as (
                    select distinct
                        org_code,
                        {_financial_year('snapshot_date')} as reporting_year
                    from {model}
                ),

                final as (
                    select
                        workforce_years.org_code,
                        cast(workforce_years.reporting_year as integer) as reporting_year,
                        board_years.org_code is not null as has_board_snapshot
                    from workforce_years
                    left join board_years
                        on
                            workforce_years.org_code = board_years.org_code
                            and workforce_years.reporting_year = board_years.reporting_year
                )

                select * from final order by org_code, reporting_year
            """,
            description=(
                "One row per organisation and reporting year with a workforce snapshot, with "
                "whether the board extract has a snapshot in that year (indicator 9)."
            ),
            index_columns=("org_code", "reporting_year"),
        ),
        _ethnic_codes(extract),
    ]


def landing_facts(parameters: Parameters) -> dict[str, Facts]:
    frames: list[Facts] = []
    for extract in EXTRACTS:
        frames += [_columns(extract.name), _summary(extract.name, parameters)]
    frames += _esr(parameters) + _recruitment() + _hr() + _training(parameters) + _survey() + _board(parameters)
    return {frame.name: frame for frame in frames}


# -- marts ------------------------------------------------------------------------------------
# The marts are aggregates already (one row per figure: about a thousand per organisation-year),
# so their frames are the mart rows themselves, projected to the columns a rule needs; only the
# cross-row rules (row sums, completeness, person-level data) are aggregated first.

PERSON_LEVEL_COLUMNS = (
    "employee_number", "assignment_number", "applicant_id", "application_id", "respondent_id",
    "member_id", "case_id",
)

# Where each person-level identifier lives in staging, to look for its values in later tiers.
PERSON_ID_SOURCES = (
    ("employee_number", STAGING_MODELS["esr_staff_in_post"]),
    ("assignment_number", STAGING_MODELS["esr_staff_in_post"]),
    ("applicant_id", STAGING_MODELS["recruitment_applications"]),
    ("application_id", STAGING_MODELS["recruitment_applications"]),
    ("case_id", STAGING_MODELS["hr_cases"]),
    ("employee_number", STAGING_MODELS["hr_cases"]),
    ("employee_number", STAGING_MODELS["training_records"]),
    ("respondent_id", STAGING_MODELS["staff_survey_responses"]),
    ("member_id", STAGING_MODELS["board_members"]),
)

# The tiers no person-level data may reach (spec §6, README rules).
PROTECTED_SCHEMAS = ("marts", "published")

PERCENTAGE_MEASURES = ("pct", "rate_pct")


def _person_values_sql(con) -> str:
    """Text columns of the protected tiers, with how many of their distinct values are person ids."""
    schemas = ", ".join(_literal(schema) for schema in PROTECTED_SCHEMAS)
    columns = con.execute(
        f"""
        select table_schema, table_name, column_name
        from information_schema.columns
        where table_schema in ({schemas}) and data_type = 'VARCHAR'
        order by table_schema, table_name, column_name
        """
    ).fetchall()
    if not columns:
        return (
            "select null::varchar as table_schema, null::varchar as table_name, "
            "null::varchar as column_name, 0::bigint as person_id_values, null::varchar as id_kinds limit 0"
        )
    person_ids = "\n                union all\n".join(
        f"select distinct {column} as id, {_literal(column)} as id_kind from {model} where {column} is not null"
        for column, model in PERSON_ID_SOURCES
    )
    values = "\n                union all\n".join(
        f'select distinct {_literal(schema)} as table_schema, {_literal(table)} as table_name, '
        f'{_literal(column)} as column_name, "{column}" as value from "{schema}"."{table}"'
        for schema, table, column in columns
    )
    return f"""
        with person_ids as (
            {person_ids}
        ),

        tier_values as (
            {values}
        ),

        final as (
            select
                tier_values.table_schema,
                tier_values.table_name,
                tier_values.column_name,
                count(distinct tier_values.value) filter (where person_ids.id is not null) as person_id_values,
                coalesce(string_agg(distinct person_ids.id_kind, ', ' order by person_ids.id_kind), '') as id_kinds
            from tier_values
            left join person_ids on tier_values.value = person_ids.id
            group by all
        )

        select * from final order by table_schema, table_name, column_name
    """


def mart_facts(parameters: Parameters) -> dict[str, Facts]:
    del parameters  # the mart frames need no run inputs today
    percentage_measures = ", ".join(_literal(measure) for measure in PERCENTAGE_MEASURES)
    frames = [
        Facts(
            name="wres_indicators.percentages",
            stage=MARTS,
            target="wres_indicators",
            sql=f"""
                select
                    org_code,
                    reporting_year,
                    indicator,
                    measure,
                    breakdown,
                    ethnic_group,
                    cast(numerator as double) as numerator,
                    cast(denominator as double) as denominator,
                    cast(value as double) as value,
                    cast(ci_lower as double) as ci_lower,
                    cast(ci_upper as double) as ci_upper
                from marts.wres_indicators
                where measure in ({percentage_measures})
            """,
            description="Every percentage figure (measures pct and rate_pct) of marts.wres_indicators.",
            index_columns=("org_code", "reporting_year", "indicator", "measure", "breakdown", "ethnic_group"),
        ),
        Facts(
            name="wres_indicators.relative_likelihoods",
            stage=MARTS,
            target="wres_indicators",
            sql="""
                select
                    org_code,
                    reporting_year,
                    indicator,
                    breakdown,
                    cast(value as double) as value,
                    cast(ci_lower as double) as ci_lower,
                    cast(ci_upper as double) as ci_upper,
                    not_calculable_reason,
                    (value is null) <> (not_calculable_reason is null) as is_value_or_reason
                from marts.wres_indicators
                where measure = 'relative_likelihood'
            """,
            description="Every relative likelihood figure of marts.wres_indicators (indicators 2, 3, 4).",
            index_columns=("org_code", "reporting_year", "indicator", "breakdown", "not_calculable_reason"),
        ),
        Facts(
            name="wres_indicators.percentage_point_differences",
            stage=MARTS,
            target="wres_indicators",
            sql="""
                select
                    org_code,
                    reporting_year,
                    indicator,
                    breakdown,
                    cast(value as double) as value
                from marts.wres_indicators
                where measure = 'pct_point_diff'
            """,
            description="Every percentage-point difference of marts.wres_indicators (indicator 9).",
            index_columns=("org_code", "reporting_year", "indicator", "breakdown"),
        ),
        Facts(
            name="wres_indicators.indicator_1_rows",
            stage=MARTS,
            target="wres_indicators",
            sql="""
                with figures as (
                    select * from marts.wres_indicators
                    where indicator = 1
                ),

                final as (
                    select
                        org_code,
                        reporting_year,
                        breakdown,
                        sum(value) filter (
                            where measure = 'pct' and ethnic_group in ('White', 'BME', 'Unknown')
                        ) as pct_total,
                        sum(value) filter (
                            where measure = 'headcount' and ethnic_group in ('White', 'BME', 'Unknown')
                        ) as group_headcount_total,
                        sum(value) filter (where measure = 'headcount' and ethnic_group = 'All') as all_headcount
                    from figures
                    group by org_code, reporting_year, breakdown
                )

                select * from final order by org_code, reporting_year, breakdown
            """,
            description=(
                "One row per organisation, year and indicator-1 row (section and band row, or "
                "overall): the White + BME + Unknown percentages and headcounts summed."
            ),
            index_columns=("org_code", "reporting_year", "breakdown"),
        ),
        Facts(
            name="wres_indicators.org_years",
            stage=MARTS,
            target="wres_indicators",
            sql="""
                with summary as (
                    select org_code, reporting_year from marts.wres_summary
                ),

                figures as (
                    select * from marts.wres_indicators
                ),

                indicators as (
                    select
                        org_code,
                        reporting_year,
                        count(*) as rows,
                        count(distinct (indicator, measure, breakdown, ethnic_group)) as distinct_figures,
                        count(distinct indicator) as indicators_present,
                        string_agg(distinct cast(indicator as varchar), ', ' order by cast(indicator as varchar)) as indicators
                    from figures
                    group by org_code, reporting_year
                ),

                final as (
                    select
                        summary.org_code,
                        summary.reporting_year,
                        coalesce(indicators.rows, 0) as rows,
                        coalesce(indicators.distinct_figures, 0) as distinct_figures,
                        coalesce(indicators.indicators_present, 0) as indicators_present,
                        coalesce(indicators.indicators, '(none)') as indicators
                    from summary
                    left join indicators
                        on
                            summary.org_code = indicators.org_code
                            and summary.reporting_year = indicators.reporting_year
                )

                select * from final order by org_code, reporting_year
            """,
            description=(
                "One row per organisation-year of marts.wres_summary: how many of the nine "
                "indicators marts.wres_indicators has for it, and its figures' grain."
            ),
            index_columns=("org_code", "reporting_year", "indicators"),
        ),
        Facts(
            name="wres_summary.headlines",
            stage=MARTS,
            target="wres_summary",
            sql="select * from marts.wres_summary",
            description="marts.wres_summary as built (one row per organisation-year: a few hundred rows nationally).",
            index_columns=("org_code", "reporting_year"),
        ),
        Facts(
            name="protected_tiers.columns",
            stage=MARTS,
            target="protected_tiers",
            sql=f"""
                select
                    table_schema,
                    table_name,
                    column_name
                from information_schema.columns
                where table_schema in ({', '.join(_literal(schema) for schema in PROTECTED_SCHEMAS)})
                order by table_schema, table_name, column_name
            """,
            description="Every column of every table and view in schemas marts and published.",
            index_columns=("table_schema", "table_name", "column_name"),
        ),
        Facts(
            name="protected_tiers.person_values",
            stage=MARTS,
            target="protected_tiers",
            sql=_person_values_sql,
            description=(
                "One row per text column of schemas marts and published: how many of its distinct "
                "values are person identifiers found in staging (the values themselves are not shown)."
            ),
            index_columns=("table_schema", "table_name", "column_name", "id_kinds"),
        ),
    ]
    return {frame.name: frame for frame in frames}
