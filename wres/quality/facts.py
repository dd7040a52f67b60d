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
and code mapping the build uses), ``audit.landing_reconciliation`` and the reference seeds; mart
frames read the ``marts`` and ``published`` schemas. The queries follow the project's SQL style
and pass its sqlfluff rules (tests/python/test_quality.py lints them).
"""

from __future__ import annotations

import re
import textwrap
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


def _sql(text: str) -> str:
    return textwrap.dedent(text).strip() + "\n"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return name if re.fullmatch(r"[a-z_][a-z0-9_]*", name) else '"' + name.replace('"', '""') + '"'


def _reporting_year(date_column: str) -> str:
    # Spec §1: 1 April Y-1 .. 31 March Y is reporting year Y, the calendar year nine months on
    # (same result as macro financial_year).
    return f"extract(year from {date_column} + interval '9' month)"


def _within_window(date_column: str, parameters: Parameters) -> str:
    return (
        f"{date_column} between date {_literal(parameters.earliest_plausible_date)} "
        f"and date {_literal(parameters.latest_plausible_date)}"
    )


# Spec §3: an assignment counts in the workforce when its category is included and its status
# active (dbt vars wres_included_assignment_categories and wres_included_assignment_status_prefix).
def _is_included_category(parameters: Parameters) -> str:
    categories = ", ".join(_literal(value.lower()) for value in parameters.included_assignment_categories)
    return f"lower(assignment_category) in ({categories})"


def _is_active(parameters: Parameters) -> str:
    return f"lower(assignment_status) like {_literal(parameters.included_assignment_status_prefix.lower() + '%')}"


# The first three line numbers of the rows concerned: enough to find them in the file.
# min(x, n) keeps a top-n heap, so this stays cheap on millions of rows.
EXAMPLE_LINES = "array_to_string(min(source_line_number, 3), ', ')"

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
        sql=_sql(f"select * from landing.{extract}\nwhere false"),
        description="The columns of the landed table (no rows).",
    )


def _summary(extract: str, parameters: Parameters) -> Facts:
    return Facts(
        name=f"{extract}.summary",
        stage=LANDING,
        target=extract,
        sql=_sql(f"""
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
                    and run_id != {_literal(parameters.run_id)}
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
                    100 * cast(reconciliation.rows_quarantined as double)
                    / nullif(reconciliation.rows_read, 0) as quarantined_pct,
                    previous_run.rows_read as previous_rows_read,
                    cast(reconciliation.rows_read as double) / nullif(previous_run.rows_read, 0) as row_count_ratio
                from reconciliation
                left join previous_run on true
            )

            select * from final
        """),
        description=(
            "One row: rows read, accepted and quarantined (audit.landing_reconciliation) and the "
            "rows read by the last successful run (audit.landing_row_counts)."
        ),
        index_columns=("source_file",),
    )


def _ethnic_codes(extract: str) -> Facts:
    return Facts(
        name=f"{extract}.ethnic_codes",
        stage=LANDING,
        target=extract,
        sql=_sql(f"""
            with accepted as (
                select * from {STAGING_MODELS[extract]}
            ),

            final as (
                select
                    coalesce(ethnic_code, '(blank)') as ethnic_code,
                    bool_and(is_ethnic_code_recognised) as is_recognised,
                    any_value(ethnic_group) as ethnic_group,
                    count(*) as row_count,
                    {EXAMPLE_LINES} as example_lines
                from accepted
                group by ethnic_code
            )

            select * from final
            order by ethnic_code
        """),
        description=(
            "One row per distinct ethnic code token (spec §2) among accepted rows, with whether "
            "seed ethnic_categories recognises it (an unrecognised code is counted as Unknown)."
        ),
        index_columns=("ethnic_code", "row_count", "example_lines"),
    )


def _date_range(extract: str) -> Facts:
    column = ACTIVITY_DATES[extract]
    return Facts(
        name=f"{extract}.date_range",
        stage=LANDING,
        target=extract,
        sql=_sql(f"""
            with accepted as (
                select * from {STAGING_MODELS[extract]}
                where {column} is not null
            ),

            final as (
                select
                    org_code,
                    min({column}) as earliest_date,
                    arg_min(source_line_number, {column}) as earliest_line,
                    max({column}) as latest_date,
                    arg_max(source_line_number, {column}) as latest_line,
                    count(*) as dated_rows
                from accepted
                group by org_code
            )

            select * from final
            order by org_code
        """),
        description=f"One row per organisation: the earliest and latest {column} among accepted rows.",
        index_columns=("org_code", "earliest_line", "latest_line"),
    )


def _esr(parameters: Parameters) -> list[Facts]:
    extract, model = "esr_staff_in_post", STAGING_MODELS["esr_staff_in_post"]
    return [
        Facts(
            name=f"{extract}.by_org_snapshot",
            stage=LANDING,
            target=extract,
            sql=_sql(f"""
                with assignments as (
                    select
                        *,
                        {_is_included_category(parameters)} as is_included_category,
                        {_is_active(parameters)} as is_active
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
                    where is_included_category and is_active and is_primary_assignment
                    group by org_code, snapshot_date, employee_number
                    having count(*) > 1
                ),

                primaries as (
                    select
                        org_code,
                        snapshot_date,
                        count(*) as persons_with_several_primary_assignments,
                        array_to_string(min(first_line, 3), ', ') as several_primary_example_lines
                    from several_primaries
                    group by org_code, snapshot_date
                ),

                by_snapshot as (
                    select
                        org_code,
                        snapshot_date,
                        {_reporting_year('snapshot_date')} as reporting_year,
                        count(*) as row_count,
                        count(distinct assignment_number) as distinct_assignment_numbers,
                        count(distinct employee_number) filter (where is_included_category and is_active) as included_staff
                    from assignments
                    group by org_code, snapshot_date
                ),

                final as (
                    select
                        by_snapshot.org_code,
                        by_snapshot.snapshot_date,
                        by_snapshot.reporting_year,
                        by_snapshot.row_count,
                        by_snapshot.distinct_assignment_numbers,
                        by_snapshot.included_staff,
                        coalesce(primaries.persons_with_several_primary_assignments, 0)
                            as persons_with_several_primary_assignments,
                        primaries.several_primary_example_lines
                    from by_snapshot
                    left join primaries
                        on
                            by_snapshot.org_code = primaries.org_code
                            and by_snapshot.snapshot_date = primaries.snapshot_date
                )

                select * from final
                order by org_code, snapshot_date
            """),
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
            sql=_sql(f"""
                with accepted as (
                    select * from {model}
                    -- medical staff are placed by job role, whatever their pay band says (spec §3)
                    where not is_medical
                ),

                final as (
                    select
                        coalesce(pay_band, '(blank)') as pay_band,
                        bool_and(is_pay_band_recognised) as is_recognised,
                        any_value(afc_band_row) as band_row,
                        count(*) as row_count,
                        {EXAMPLE_LINES} as example_lines
                    from accepted
                    group by pay_band
                )

                select * from final
                order by pay_band
            """),
            description=(
                "One row per distinct pay band of non-medical accepted rows, with whether seed "
                "pay_band_spellings recognises it (an unrecognised band goes to row Other)."
            ),
            index_columns=("pay_band", "row_count", "example_lines"),
        ),
        Facts(
            name=f"{extract}.staff_groups",
            stage=LANDING,
            target=extract,
            sql=_sql(f"""
                with accepted as (
                    select * from {model}
                ),

                final as (
                    select
                        coalesce(staff_group, '(blank)') as staff_group,
                        bool_and(is_staff_group_recognised) as is_recognised,
                        count(*) as row_count,
                        {EXAMPLE_LINES} as example_lines
                    from accepted
                    group by staff_group
                )

                select * from final
                order by staff_group
            """),
            description=(
                "One row per distinct staff group, with whether seed staff_groups recognises it "
                "(an unrecognised group is treated as clinical)."
            ),
            index_columns=("staff_group", "row_count", "example_lines"),
        ),
        Facts(
            name=f"{extract}.assignment_categories",
            stage=LANDING,
            target=extract,
            sql=_sql(f"""
                with accepted as (
                    select
                        *,
                        coalesce(lower(assignment_category), '(blank)') as category
                    from {model}
                ),

                final as (
                    select
                        category as assignment_category,
                        count(*) as row_count,
                        {EXAMPLE_LINES} as example_lines
                    from accepted
                    group by category
                )

                select * from final
                order by assignment_category
            """),
            description=(
                "One row per distinct assignment category (lower case): a category outside the "
                "known ESR list is silently left out of the workforce unless reported."
            ),
            index_columns=("assignment_category", "row_count", "example_lines"),
        ),
        _ethnic_codes(extract),
        Facts(
            name=f"{extract}.org_year_coverage",
            stage=LANDING,
            target=extract,
            sql=_sql(f"""
                with snapshots as (
                    select distinct
                        org_code,
                        {_reporting_year('snapshot_date')} as reporting_year
                    from {model}
                    -- a snapshot outside the plausible window is reported by its own expectation;
                    -- here it would only open a span of years that cannot exist
                    where {_within_window('snapshot_date', parameters)}
                ),

                survey_years as (
                    -- the survey years of WRES indicators 5-8 (seed survey_item_map)
                    select distinct
                        survey_year,
                        reporting_year
                    from reference.survey_item_map
                    where standard_code = 'WRES' and role = 'item'
                ),

                run_years as (
                    select unnest(range(min(reporting_year), max(reporting_year) + 1)) as reporting_year
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

                activity as (
                    select
                        org_code,
                        {_reporting_year('shortlisted_date')} as reporting_year,
                        'recruitment_applications' as extract_name
                    from {STAGING_MODELS['recruitment_applications']}
                    where shortlisted_date is not null
                    union all
                    select
                        org_code,
                        {_reporting_year('investigation_start_date')} as reporting_year,
                        'hr_cases' as extract_name
                    from {STAGING_MODELS['hr_cases']}
                    where investigation_start_date is not null
                    union all
                    select
                        org_code,
                        {_reporting_year('start_date')} as reporting_year,
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
                        {_reporting_year('snapshot_date')} as reporting_year,
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
                        run_years.reporting_year
                    from org_spans
                    inner join run_years
                        on run_years.reporting_year between org_spans.first_year and org_spans.last_year
                    union
                    -- ... or a year of the run in which the organisation has other data
                    select
                        activity_by_org_year.org_code,
                        activity_by_org_year.reporting_year
                    from activity_by_org_year
                    inner join run_years on activity_by_org_year.reporting_year = run_years.reporting_year
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

                select * from final
                order by org_code, reporting_year
            """),
            description=(
                "One row per organisation and reporting year it reports: every year inside the "
                "span of its own ESR snapshots, and every year of the run's span in which any "
                "other extract has data for it; with whether an ESR snapshot falls in that year."
            ),
            index_columns=("org_code", "reporting_year", "extracts_with_data"),
        ),
    ]


def _recruitment() -> list[Facts]:
    extract, model = "recruitment_applications", STAGING_MODELS["recruitment_applications"]
    return [
        Facts(
            name=f"{extract}.by_org",
            stage=LANDING,
            target=extract,
            sql=_sql(f"""
                with accepted as (
                    select * from {model}
                ),

                final as (
                    select
                        org_code,
                        count(*) as row_count,
                        count(distinct application_id) as distinct_application_ids
                    from accepted
                    group by org_code
                )

                select * from final
                order by org_code
            """),
            description="One row per organisation: accepted rows and distinct application ids.",
            index_columns=("org_code",),
        ),
        Facts(
            name=f"{extract}.outcomes",
            stage=LANDING,
            target=extract,
            sql=_sql(f"""
                with accepted as (
                    select
                        *,
                        lower(outcome) as outcome_lower_case
                    from {model}
                ),

                final as (
                    select
                        outcome_lower_case as outcome,
                        count(*) as row_count,
                        {EXAMPLE_LINES} as example_lines
                    from accepted
                    group by outcome_lower_case
                )

                select * from final
                order by outcome
            """),
            description="One row per distinct outcome (lower case; blank = NULL).",
            index_columns=("outcome", "row_count", "example_lines"),
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
            sql=_sql(f"""
                with accepted as (
                    select * from {model}
                ),

                final as (
                    select
                        org_code,
                        count(*) as row_count,
                        count(distinct case_id) as distinct_case_ids,
                        count(*) filter (where is_disciplinary) as disciplinary_cases,
                        string_agg(distinct case_type, ', ' order by case_type) as case_types
                    from accepted
                    group by org_code
                )

                select * from final
                order by org_code
            """),
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
    extract = "training_records"
    return [
        _date_range(extract),
        Facts(
            name=f"{extract}.outside_workforce",
            stage=LANDING,
            target=extract,
            sql=_sql(f"""
                with assignments as (
                    select
                        *,
                        {_reporting_year('snapshot_date')} as reporting_year,
                        {_is_included_category(parameters)} as is_included_category,
                        {_is_active(parameters)} as is_active
                    from {STAGING_MODELS['esr_staff_in_post']}
                ),

                records as (
                    select
                        org_code,
                        employee_number,
                        source_line_number,
                        {_reporting_year('start_date')} as reporting_year
                    from {STAGING_MODELS[extract]}
                    where not is_mandatory
                ),

                latest_snapshots as (
                    -- spec §1: year Y uses the latest snapshot date inside the financial year
                    select
                        org_code,
                        reporting_year,
                        max(snapshot_date) as snapshot_date
                    from assignments
                    group by org_code, reporting_year
                ),

                workforce as (
                    select distinct
                        assignments.org_code,
                        assignments.reporting_year,
                        assignments.employee_number
                    from assignments
                    inner join latest_snapshots
                        on
                            assignments.org_code = latest_snapshots.org_code
                            and assignments.snapshot_date = latest_snapshots.snapshot_date
                    where assignments.is_included_category and assignments.is_active
                ),

                matched as (
                    select
                        records.org_code,
                        records.reporting_year,
                        records.source_line_number,
                        workforce.employee_number is not null as is_in_workforce
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
                ),

                final as (
                    select
                        org_code,
                        cast(reporting_year as integer) as reporting_year,
                        count(*) as non_mandatory_records,
                        count(*) filter (where not is_in_workforce) as records_outside_workforce,
                        array_to_string(
                            min(source_line_number, 3) filter (where not is_in_workforce), ', '
                        ) as example_lines
                    from matched
                    group by org_code, reporting_year
                )

                select * from final
                order by org_code, reporting_year
            """),
            description=(
                "One row per organisation and reporting year with a workforce snapshot: "
                "non-mandatory training records, and those of people not in that year's "
                "workforce snapshot (spec §4: counted here, not in indicator 4)."
            ),
            index_columns=("org_code", "reporting_year", "example_lines"),
        ),
    ]


def _survey() -> list[Facts]:
    extract, model = "staff_survey_responses", STAGING_MODELS["staff_survey_responses"]
    return [
        Facts(
            name=f"{extract}.by_org_survey_year",
            stage=LANDING,
            target=extract,
            sql=_sql(f"""
                with question_map as (
                    -- the questions of WRES indicators 5-8 by survey year (seed survey_item_map)
                    select
                        survey_year,
                        question_code,
                        cast(metric_code as integer) as indicator
                    from reference.survey_item_map
                    where standard_code = 'WRES' and role = 'item'
                ),

                questions as (
                    select
                        org_code,
                        survey_year,
                        question_code,
                        count(*) as row_count
                    from {model}
                    group by org_code, survey_year, question_code
                ),

                -- More than one row per respondent and question is a duplicate. Grouping every
                -- row on the four texts cost 6.7 of the 17 s of these checks at 215 organisations
                -- (issue 13); grouping one hash of them per row still made a group per row. Per
                -- respondent instead (a group of ~20 rows): its rows are counted and each
                -- question's bit is OR-ed into a 64-bit mask; a respondent with more rows than
                -- bits set answered a question twice. Question number N is bit N % 64 of the
                -- respondent's (N // 64)-th mask, so any number of questions is exact. Only those
                -- respondents' rows are grouped on the columns; a hash collision or a NULL
                -- question only adds a candidate. As macro with_duplicate_key_reason's
                -- member_bits (issue 13, 40 organisations: this fact 1.7 -> 0.4 CPU-s).
                question_numbers as (
                    select
                        question_code,
                        dense_rank() over (order by question_code) - 1 as question_number
                    from (select distinct question_code from questions) as codes
                ),

                repeating_respondents as (
                    select hash(answers.org_code, answers.survey_year, answers.respondent_id) as respondent_hash
                    from {model} as answers
                    left join question_numbers
                        on answers.question_code = question_numbers.question_code
                    group by respondent_hash, question_numbers.question_number >> 6
                    having
                        count(*) > bit_count(coalesce(
                            bit_or(
                                cast(1 as ubigint)
                                << cast(question_numbers.question_number & 63 as ubigint)
                            ),
                            cast(0 as ubigint)
                        ))
                ),

                repeated_answers as (
                    select
                        org_code,
                        survey_year,
                        question_code,
                        count(*) - 1 as extra_rows
                    from {model}
                    where
                        hash(org_code, survey_year, respondent_id) in (
                            select repeating_respondents.respondent_hash from repeating_respondents
                        )
                    group by org_code, survey_year, respondent_id, question_code
                    having count(*) > 1
                ),

                repeats as (
                    select
                        org_code,
                        survey_year,
                        question_code,
                        sum(extra_rows) as extra_rows
                    from repeated_answers
                    group by org_code, survey_year, question_code
                ),

                answered_questions as (
                    select
                        questions.org_code,
                        questions.survey_year,
                        questions.question_code,
                        questions.row_count,
                        questions.row_count - coalesce(repeats.extra_rows, 0) as distinct_answers
                    from questions
                    left join repeats
                        on
                            questions.org_code is not distinct from repeats.org_code
                            and questions.survey_year is not distinct from repeats.survey_year
                            and questions.question_code is not distinct from repeats.question_code
                ),

                final as (
                    select
                        answered_questions.org_code,
                        answered_questions.survey_year,
                        cast(sum(answered_questions.row_count) as bigint) as row_count,
                        cast(sum(answered_questions.distinct_answers) as bigint) as distinct_answers,
                        count(distinct question_map.indicator) as indicators_covered,
                        coalesce(
                            string_agg(
                                distinct cast(question_map.indicator as varchar), ', '
                                order by cast(question_map.indicator as varchar)
                            ),
                            '(none)'
                        ) as indicators_found
                    from answered_questions
                    left join question_map
                        on
                            answered_questions.survey_year = question_map.survey_year
                            and answered_questions.question_code = question_map.question_code
                    group by answered_questions.org_code, answered_questions.survey_year
                )

                select * from final
                order by org_code, survey_year
            """),
            description=(
                "One row per organisation and survey year: accepted rows, distinct respondent x "
                "question answers, and how many of indicators 5-8 the question codes map to "
                "(seed survey_item_map, standard WRES)."
            ),
            index_columns=("org_code", "survey_year", "indicators_found"),
        ),
        Facts(
            name=f"{extract}.responses",
            stage=LANDING,
            target=extract,
            sql=_sql(f"""
                with question_map as (
                    -- the questions of WRES indicators 5-8 by survey year (seed survey_item_map)
                    select
                        survey_year,
                        question_code,
                        valid_codes as valid_responses,
                        string_split(replace(valid_codes, ' ', ''), ',') as valid_response_list
                    from reference.survey_item_map
                    where standard_code = 'WRES' and role = 'item'
                ),

                responses as (
                    select * from {model}
                    -- a blank response is a skipped question, not an answer
                    where response is not null
                ),

                answers as (
                    select
                        responses.org_code,
                        responses.survey_year,
                        responses.question_code,
                        responses.source_line_number,
                        question_map.valid_responses,
                        -- the value is published in the data-quality output: a code (one or two
                        -- digits) is shown, anything else (shifted columns can put a respondent id
                        -- here) only as a placeholder; the example lines locate it in the file
                        case
                            when regexp_full_match(responses.response, '[0-9]{{1,2}}') then responses.response
                            else '(not a code)'
                        end as response,
                        list_contains(question_map.valid_response_list, responses.response) as is_valid_answer
                    from responses
                    inner join question_map
                        on
                            responses.survey_year = question_map.survey_year
                            and responses.question_code = question_map.question_code
                ),

                final as (
                    select
                        org_code,
                        survey_year,
                        question_code,
                        response,
                        valid_responses,
                        bool_and(is_valid_answer) as is_valid_response,
                        count(*) as row_count,
                        array_to_string(min(source_line_number, 3), ', ') as example_lines
                    from answers
                    group by org_code, survey_year, question_code, response, valid_responses
                )

                select * from final
                order by org_code, survey_year, question_code, response
            """),
            description=(
                "One row per organisation, survey year, mapped question and distinct response code "
                "(a value that is not a one- or two-digit code as '(not a code)'), with the number "
                "of rows and whether the code is one of the question's valid codes for that survey "
                "year (seed survey_item_map: q15's Don't know is 9 from survey year 2021, 3 before)."
            ),
            index_columns=(
                "org_code", "survey_year", "question_code", "response", "valid_responses", "row_count",
                "example_lines",
            ),
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
            sql=_sql(f"""
                with accepted as (
                    select * from {model}
                ),

                final as (
                    select
                        org_code,
                        snapshot_date,
                        cast({_reporting_year('snapshot_date')} as integer) as reporting_year,
                        count(*) as row_count,
                        count(distinct member_id) as distinct_member_ids,
                        count(*) filter (where is_voting) as voting_members
                    from accepted
                    group by org_code, snapshot_date
                )

                select * from final
                order by org_code, snapshot_date
            """),
            description="One row per organisation and board snapshot date: members, distinct member ids, voting members.",
            index_columns=("org_code", "snapshot_date"),
        ),
        Facts(
            name=f"{extract}.coverage",
            stage=LANDING,
            target=extract,
            sql=_sql(f"""
                with workforce_years as (
                    select distinct
                        org_code,
                        {_reporting_year('snapshot_date')} as reporting_year
                    from {STAGING_MODELS['esr_staff_in_post']}
                    where {_within_window('snapshot_date', parameters)}
                ),

                board_years as (
                    select distinct
                        org_code,
                        {_reporting_year('snapshot_date')} as reporting_year
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

                select * from final
                order by org_code, reporting_year
            """),
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
    frames += _wdes_landing()
    return {frame.name: frame for frame in frames}


# -- marts ------------------------------------------------------------------------------------
# The marts are aggregates already (a few hundred figures per organisation-year), so their frames
# are the mart rows themselves, projected to the columns a rule needs; only the cross-row rules
# (row sums, completeness, person-level data) are aggregated first.

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

# The tiers no person-level data may reach (spec §6 and the project rules).
PROTECTED_SCHEMAS = ("marts", "published")

PERCENTAGE_MEASURES = ("pct", "rate_pct")


def _union(selects: list[str]) -> str:
    return "\n    union all\n".join(textwrap.indent(select, "    ").strip("\n") for select in selects).strip()


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
        return _sql("""
            select
                table_schema,
                table_name,
                column_name,
                0 as person_id_values,
                '' as id_kinds
            from information_schema.columns
            where false
        """)
    tier_values = _union([
        f"select distinct\n    {_literal(schema)} as table_schema,\n    {_literal(table)} as table_name,\n"
        f"    {_literal(column)} as column_name,\n    {_identifier(column)} as column_value\n"
        f"from {_identifier(schema)}.{_identifier(table)}"
        for schema, table, column in columns
    ])
    # Each identifier column of staging is probed against the few distinct values of the tiers
    # (DuckDB builds its hash table on that small side): no distinct over millions of ids.
    matches = _union([
        f"select\n    tier_values.table_schema,\n    tier_values.table_name,\n    tier_values.column_name,\n"
        f"    tier_values.column_value,\n    {_literal(column)} as id_kind\n"
        f"from {model} as identifiers\n"
        f"inner join tier_values on identifiers.{column} = tier_values.column_value"
        for column, model in PERSON_ID_SOURCES
    ])
    return (
        "with tier_values as (\n    " + tier_values + "\n),\n\n"
        "matches as (\n    " + matches + "\n),\n\n"
        + _sql("""
            tier_columns as (
                select distinct
                    table_schema,
                    table_name,
                    column_name
                from tier_values
            ),

            final as (
                select
                    tier_columns.table_schema,
                    tier_columns.table_name,
                    tier_columns.column_name,
                    count(distinct matches.column_value) as person_id_values,
                    coalesce(string_agg(distinct matches.id_kind, ', ' order by matches.id_kind), '') as id_kinds
                from tier_columns
                left join matches
                    on
                        tier_columns.table_schema = matches.table_schema
                        and tier_columns.table_name = matches.table_name
                        and tier_columns.column_name = matches.column_name
                group by tier_columns.table_schema, tier_columns.table_name, tier_columns.column_name
            )

            select * from final
            order by table_schema, table_name, column_name
        """)
    )


def mart_facts(parameters: Parameters) -> dict[str, Facts]:
    del parameters  # the mart frames need no run inputs today
    percentage_measures = ", ".join(_literal(measure) for measure in PERCENTAGE_MEASURES)
    frames = [
        Facts(
            name="wres_indicators.percentages",
            stage=MARTS,
            target="wres_indicators",
            sql=_sql(f"""
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
            """),
            description="Every percentage figure (measures pct and rate_pct) of marts.wres_indicators.",
            index_columns=("org_code", "reporting_year", "indicator", "measure", "breakdown", "ethnic_group"),
        ),
        Facts(
            name="wres_indicators.relative_likelihoods",
            stage=MARTS,
            target="wres_indicators",
            sql=_sql("""
                select
                    org_code,
                    reporting_year,
                    indicator,
                    breakdown,
                    not_calculable_reason,
                    cast(value as double) as value,
                    cast(ci_lower as double) as ci_lower,
                    cast(ci_upper as double) as ci_upper,
                    (value is null) != (not_calculable_reason is null) as is_value_or_reason
                from marts.wres_indicators
                where measure = 'relative_likelihood'
            """),
            description="Every relative likelihood figure of marts.wres_indicators (indicators 2, 3, 4).",
            index_columns=("org_code", "reporting_year", "indicator", "breakdown", "not_calculable_reason"),
        ),
        Facts(
            name="wres_indicators.percentage_point_differences",
            stage=MARTS,
            target="wres_indicators",
            sql=_sql("""
                select
                    org_code,
                    reporting_year,
                    indicator,
                    breakdown,
                    cast(value as double) as value
                from marts.wres_indicators
                where measure = 'pct_point_diff'
            """),
            description="Every percentage-point difference of marts.wres_indicators (indicator 9).",
            index_columns=("org_code", "reporting_year", "indicator", "breakdown"),
        ),
        Facts(
            name="wres_indicators.indicator_1_rows",
            stage=MARTS,
            target="wres_indicators",
            sql=_sql("""
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

                select * from final
                order by org_code, reporting_year, breakdown
            """),
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
            sql=_sql("""
                with summary as (
                    select
                        org_code,
                        reporting_year
                    from marts.wres_summary
                ),

                figures as (
                    -- one row per figure: more than one row is a duplicate
                    select
                        org_code,
                        reporting_year,
                        indicator,
                        measure,
                        breakdown,
                        ethnic_group,
                        count(*) as row_count
                    from marts.wres_indicators
                    group by org_code, reporting_year, indicator, measure, breakdown, ethnic_group
                ),

                indicators as (
                    select
                        org_code,
                        reporting_year,
                        cast(sum(row_count) as bigint) as row_count,
                        count(*) as distinct_figures,
                        count(distinct indicator) as indicators_present,
                        string_agg(
                            distinct cast(indicator as varchar), ', ' order by cast(indicator as varchar)
                        ) as indicator_list
                    from figures
                    group by org_code, reporting_year
                ),

                final as (
                    select
                        summary.org_code,
                        summary.reporting_year,
                        coalesce(indicators.row_count, 0) as row_count,
                        coalesce(indicators.distinct_figures, 0) as distinct_figures,
                        coalesce(indicators.indicators_present, 0) as indicators_present,
                        coalesce(indicators.indicator_list, '(none)') as indicators
                    from summary
                    left join indicators
                        on
                            summary.org_code = indicators.org_code
                            and summary.reporting_year = indicators.reporting_year
                )

                select * from final
                order by org_code, reporting_year
            """),
            description=(
                "One row per organisation-year of marts.wres_summary: how many of the nine "
                "indicators marts.wres_indicators has for it, and its figures' grain."
            ),
            index_columns=("org_code", "reporting_year", "indicators"),
        ),
        _indicator_completeness(with_source_data=True),
        _indicator_completeness(with_source_data=False),
        Facts(
            name="wres_summary.headlines",
            stage=MARTS,
            target="wres_summary",
            sql=_sql("select * from marts.wres_summary"),
            description="marts.wres_summary as built (one row per organisation-year: a few hundred rows nationally).",
            index_columns=("org_code", "reporting_year"),
        ),
        Facts(
            name="protected_tiers.columns",
            stage=MARTS,
            target="protected_tiers",
            sql=_sql(f"""
                select
                    table_schema,
                    table_name,
                    column_name
                from information_schema.columns
                where table_schema in ({', '.join(_literal(schema) for schema in PROTECTED_SCHEMAS)})
                order by table_schema, table_name, column_name
            """),
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
    frames += _wdes_marts()
    return {frame.name: frame for frame in frames}


# The landing extract each indicator is computed from (spec §4). Indicators 1, 3 and 4 need only
# the workforce snapshot every wres_summary row has (no case or no training that year is a real
# zero); 2, 5-8 and 9 need rows of their own extract in that organisation-year.
INDICATOR_SOURCES = {
    1: "esr_staff_in_post", 2: "recruitment_applications", 3: "esr_staff_in_post", 4: "esr_staff_in_post",
    5: "staff_survey_responses", 6: "staff_survey_responses", 7: "staff_survey_responses",
    8: "staff_survey_responses", 9: "board_members",
}


def _indicator_completeness(with_source_data: bool) -> Facts:
    """One row per organisation-year of wres_summary and indicator, split by whether the
    indicator's own extract has data for it: missing with data is a build fault (critical),
    missing without data is an input gap already reported at landing (warning)."""
    sources = "\n".join(
        f"{' ' * 24}when {indicator} then {_literal(extract)}" for indicator, extract in INDICATOR_SOURCES.items()
    ).strip()
    name = "indicators_with_source_data" if with_source_data else "indicators_without_source_data"
    return Facts(
        name=f"wres_indicators.{name}",
        stage=MARTS,
        target="wres_indicators",
        sql=_sql(f"""
            with summary as (
                select
                    org_code,
                    reporting_year
                from marts.wres_summary
            ),

            present as (
                select distinct
                    org_code,
                    reporting_year,
                    indicator
                from marts.wres_indicators
            ),

            question_map as (
                -- the questions of WRES indicators 5-8 by survey year (seed survey_item_map)
                select
                    survey_year,
                    reporting_year,
                    question_code,
                    cast(metric_code as integer) as indicator
                from reference.survey_item_map
                where standard_code = 'WRES' and role = 'item'
            ),

            indicators as (
                select unnest(range(1, 10)) as indicator
            ),

            sourced as (
                select distinct
                    org_code,
                    {_reporting_year('shortlisted_date')} as reporting_year,
                    2 as indicator
                from {STAGING_MODELS['recruitment_applications']}
                where shortlisted_date is not null
                union all
                select distinct
                    responses.org_code,
                    question_map.reporting_year,
                    question_map.indicator
                from {STAGING_MODELS['staff_survey_responses']} as responses
                inner join question_map
                    on
                        responses.survey_year = question_map.survey_year
                        and responses.question_code = question_map.question_code
                where responses.response is not null
                union all
                select distinct
                    org_code,
                    {_reporting_year('snapshot_date')} as reporting_year,
                    9 as indicator
                from {STAGING_MODELS['board_members']}
            ),

            expected as (
                select
                    summary.org_code,
                    summary.reporting_year,
                    indicators.indicator,
                    indicators.indicator in (1, 3, 4) or count(sourced.org_code) > 0 as has_source_data
                from summary
                cross join indicators
                left join sourced
                    on
                        summary.org_code = sourced.org_code
                        and summary.reporting_year = sourced.reporting_year
                        and indicators.indicator = sourced.indicator
                group by summary.org_code, summary.reporting_year, indicators.indicator
            ),

            final as (
                select
                    expected.org_code,
                    expected.reporting_year,
                    expected.indicator,
                    case expected.indicator
                        {sources}
                    end as source_extract,
                    present.indicator is not null as is_present
                from expected
                left join present
                    on
                        expected.org_code = present.org_code
                        and expected.reporting_year = present.reporting_year
                        and expected.indicator = present.indicator
                where {'' if with_source_data else 'not '}expected.has_source_data
            )

            select * from final
            order by org_code, reporting_year, indicator
        """),
        description=(
            "One row per organisation-year of marts.wres_summary and indicator 1-9 "
            + ("whose" if with_source_data else "without")
            + " source extract rows in that year, with whether marts.wres_indicators has it."
        ),
        index_columns=("org_code", "reporting_year", "indicator", "source_extract"),
    )


# -- WDES (issue 12) ----------------------------------------------------------------------------
# The optional WDES columns of the landing contract and the values they carry (wdes-spec §7-§8:
# absent columns, unmapped disability values, capability cases without a usable reason), and
# the WDES and Model Employer marts.

WDES_DISABILITY_EXTRACTS = (
    "esr_staff_in_post", "recruitment_applications", "hr_cases", "staff_survey_responses", "board_members",
)


def _wdes_columns_sql() -> str:
    from wres.contract import WDES_METRICS_NEEDING

    cases = "".join(
        f"\n            when extract_name = {_literal(extract)} and column_name = {_literal(column)}"
        f"\n                then {_literal(needs)}"
        for (extract, column), needs in WDES_METRICS_NEEDING.items()
    )
    return (
        "with landing_columns as (\n    select * from landing.landing_columns\n    where not is_required\n),\n\n"
        "final as (\n    select\n        extract_name,\n        column_name,\n        header_name,\n"
        "        header_name is not null as is_present,\n        case" + cases
        + "\n        end as wdes_metrics_not_calculable_without_it\n    from landing_columns\n)\n\n"
        "select\n    *,\n    not is_present and wdes_metrics_not_calculable_without_it not like 'none%'"
        " as is_needed_and_absent\nfrom final\norder by extract_name, column_name\n"
    )


def _wdes_disability_values_sql() -> str:
    values = _union([
        f"select\n    {_literal(extract)} as extract_name,\n    coalesce(disability, '(blank)') as disability,\n"
        f"    bool_and(is_disability_recognised) as is_recognised,\n    any_value(disability_group) as disability_group,\n"
        f"    count(*) as row_count,\n    {EXAMPLE_LINES} as example_lines\n"
        f"from {STAGING_MODELS[extract]}\ngroup by disability"
        for extract in WDES_DISABILITY_EXTRACTS
    ])
    return (
        "with disability_values as (\n    " + values + "\n),\n\n"
        "final as (\n    select * from disability_values\n)\n\n"
        "select * from final\norder by extract_name, disability\n"
    )


def _wdes_landing() -> list[Facts]:
    return [
        Facts(
            name="wdes_inputs.columns",
            stage=LANDING,
            target="wdes_inputs",
            sql=_wdes_columns_sql(),
            description=(
                "One row per optional WDES column of the landing contract (wdes-spec §7): whether the "
                "file carried it (and under which header) and the WDES metrics that need it."
            ),
            index_columns=("extract_name", "column_name", "wdes_metrics_not_calculable_without_it"),
        ),
        Facts(
            name="wdes_inputs.disability_values",
            stage=LANDING,
            target="wdes_inputs",
            sql=_wdes_disability_values_sql(),
            description=(
                "One row per extract and distinct raw disability value among accepted rows, with "
                "whether seed equality_group_map recognises it (an unmapped value is Unknown)."
            ),
            index_columns=("extract_name", "disability", "row_count", "example_lines"),
        ),
        Facts(
            name="wdes_inputs.capability_reasons",
            stage=LANDING,
            target="wdes_inputs",
            sql=_sql(f"""
                with reason_column as (
                    select header_name from landing.landing_columns
                    where extract_name = 'hr_cases' and column_name = 'capability_reason'
                ),

                -- only when the file has the column: its absence is reported once, by wdes_inputs.columns
                capability_cases as (
                    select cases.* from {STAGING_MODELS["hr_cases"]} as cases
                    inner join reason_column on reason_column.header_name is not null
                    where lower(cases.case_type) = 'capability'
                ),

                final as (
                    select
                        org_code,
                        coalesce(capability_reason, '(blank)') as capability_reason,
                        capability_reason is not null as has_reason,
                        count(*) as case_count,
                        {EXAMPLE_LINES} as example_lines
                    from capability_cases
                    group by org_code, capability_reason
                )

                select * from final
                order by org_code, capability_reason
            """),
            description=(
                "One row per organisation and capability reason of Capability cases: a blank reason "
                "is not counted by WDES metric 3 (var wdes_capability_blank_reason)."
            ),
            index_columns=("org_code", "capability_reason", "case_count", "example_lines"),
        ),
    ]


def _wdes_marts() -> list[Facts]:
    return [
        Facts(
            name="wdes_indicators.figures",
            stage=MARTS,
            target="wdes_indicators",
            sql=_sql("""
                select
                    org_code,
                    reporting_year,
                    metric,
                    measure,
                    breakdown,
                    disability_group,
                    cast(numerator as double) as numerator,
                    cast(denominator as double) as denominator,
                    cast(value as double) as value,
                    case when measure in ('pct', 'rate_pct', 'declaration_rate_pct') then value end as percentage,
                    case when measure = 'mean_score' then value end as mean_score
                from marts.wdes_indicators
            """),
            description="Every figure of marts.wdes_indicators with its percentage or mean score.",
            index_columns=("org_code", "reporting_year", "metric", "measure", "breakdown", "disability_group"),
        ),
        Facts(
            name="wdes_indicators.survey_quality",
            stage=MARTS,
            target="wdes_indicators",
            sql=_sql("""
                with items as (
                    select
                        org_code,
                        survey_year,
                        sum(routing_violations) as routing_violations
                    from intermediate.int_equality__survey_items_counted
                    where standard_code = 'WDES' and group_name = 'All'
                    group by org_code, survey_year
                ),

                engagement as (
                    select
                        org_code,
                        survey_year,
                        count(*) filter (where is_excluded) as respondents_excluded_from_9a
                    from intermediate.int_equality__engagement_scored
                    group by org_code, survey_year
                ),

                conflicts as (
                    select
                        org_code,
                        survey_year,
                        count(*) filter (where has_group_conflict) as disability_conflicts
                    from intermediate.int_equality__survey_respondents_grouped
                    group by org_code, survey_year
                ),

                final as (
                    select
                        conflicts.org_code,
                        conflicts.survey_year,
                        coalesce(items.routing_violations, 0) as routing_violations,
                        coalesce(engagement.respondents_excluded_from_9a, 0) as respondents_excluded_from_9a,
                        conflicts.disability_conflicts
                    from conflicts
                    left join items
                        on conflicts.org_code = items.org_code and conflicts.survey_year = items.survey_year
                    left join engagement
                        on conflicts.org_code = engagement.org_code and conflicts.survey_year = engagement.survey_year
                )

                select * from final
                order by org_code, survey_year
            """),
            description=(
                "One row per organisation and survey year: answers dropped by survey routing (q11e "
                "without q11d = 1), respondents excluded from metric 9a (a whole sub-score missing) "
                "and respondents whose disability column and condition question disagree."
            ),
            index_columns=("org_code", "survey_year"),
        ),
        Facts(
            name="wdes_summary.headlines",
            stage=MARTS,
            target="wdes_summary",
            sql=_sql("select * from marts.wdes_summary"),
            description="The rows of marts.wdes_summary.",
            index_columns=("org_code", "reporting_year"),
        ),
        Facts(
            name="model_employer_trajectory.rows",
            stage=MARTS,
            target="model_employer_trajectory",
            sql=_sql("select * from marts.model_employer_trajectory"),
            description="The rows of marts.model_employer_trajectory.",
            index_columns=("org_code", "reporting_year", "band_row"),
        ),
    ]
