-- Staff entering an HR process counted by a relative likelihood of seed equality_metrics with
-- event_source hr_cases (WRES indicator 3: Disciplinary cases; WDES metric 3: Capability cases
-- for Performance): the cases that the metric's filter of seed hr_case_filters selects (case type
-- and reason compared case-insensitively), dated by the filter's entry_date_rule, one row per
-- person and year. The person's group in the standard's characteristic (staging column of var
-- equality_group_columns) follows the metric's group_source:
--   event_record: the group on the person's earliest case of the year (entry date, then case id),
--     so a person who has left since still counts (WRES spec §4);
--   event_record_else_workforce: the case record's group when it is the target or reference group,
--     else the person's on the latest ESR snapshot row on or before 31 March of the year (any
--     assignment), else the unknown group (wdes-spec §4 Decision).
-- A Capability case with a blank reason counts only under var wdes_capability_blank_reason =
-- performance. Grain: standard x metric x org x year x employee_number. Person-level: never
-- selected by a mart.
{%- set blank_reason = var('wdes_capability_blank_reason', 'exclude') %}
{%- if blank_reason not in ['exclude', 'performance'] %}
    {{ exceptions.raise_compiler_error("var wdes_capability_blank_reason must be 'exclude' or 'performance', not " ~ blank_reason) }}
{%- endif %}
{%- set group_columns = var('equality_group_columns') %}

with cases as (
    select * from {{ ref('stg_hr__cases') }}
),

assignments as (
    select * from {{ ref('stg_esr__assignments') }}
),

metrics as (
    select * from {{ ref('equality_metrics') }}
    where metric_kind = 'relative_likelihood' and event_source = 'hr_cases'
),

standards as (
    select * from {{ ref('equality_standards') }}
),

filters as (
    select * from {{ ref('hr_case_filters') }}
),

-- each case once per standard, with its group in the standard's characteristic
cases_grouped as (
    {%- for characteristic, group_column in group_columns.items() %}
        select
            standards.standard_code,
            standards.target_group,
            standards.reference_group,
            standards.unknown_group,
            cases.*,
            cases.{{ group_column }} as case_group
        from cases
        inner join standards
            on standards.characteristic = '{{ characteristic }}'
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

assignments_grouped as (
    {%- for characteristic, group_column in group_columns.items() %}
        select
            standards.standard_code,
            assignments.org_code,
            assignments.employee_number,
            assignments.snapshot_date,
            assignments.{{ group_column }} as group_name
        from assignments
        inner join standards
            on standards.characteristic = '{{ characteristic }}'
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

selected as (
    select
        metrics.standard_code,
        metrics.metric_code,
        metrics.group_source,
        cases_grouped.target_group,
        cases_grouped.reference_group,
        cases_grouped.unknown_group,
        cases_grouped.org_code,
        cases_grouped.employee_number,
        cases_grouped.case_id,
        cases_grouped.case_group,
        case filters.entry_date_rule
            when 'formal_process_start_date_else_investigation_start_date'
                then coalesce(cases_grouped.formal_process_start_date, cases_grouped.investigation_start_date)
            else cases_grouped.investigation_start_date
        end as entry_date,
        cases_grouped.source_file,
        cases_grouped.source_line_number
    from cases_grouped
    inner join metrics
        on cases_grouped.standard_code = metrics.standard_code
    inner join filters
        on metrics.event_filter = filters.filter_code
    where
        lower(cases_grouped.case_type) = lower(filters.case_type)
        and (
            filters.reason_value = '*'
            or lower(cases_grouped.capability_reason) = lower(filters.reason_value)
            {%- if blank_reason == 'performance' %}
                or (cases_grouped.capability_reason is null and lower(filters.reason_value) = 'performance')
            {%- endif %}
        )
),

dated as (
    select
        *,
        cast({{ financial_year('entry_date') }} as integer) as reporting_year
    from selected
    where entry_date is not null
),

-- the person's group on the latest ESR snapshot on or before 31 March of the case's year
esr_fallback as (
    select
        dated.standard_code,
        dated.metric_code,
        dated.org_code,
        dated.employee_number,
        dated.reporting_year,
        arg_max(assignments_grouped.group_name, assignments_grouped.snapshot_date) as esr_group
    from dated
    inner join assignments_grouped
        on
            dated.standard_code = assignments_grouped.standard_code
            and dated.org_code = assignments_grouped.org_code
            and dated.employee_number = assignments_grouped.employee_number
            and assignments_grouped.snapshot_date <= {{ financial_year_end('dated.reporting_year') }}
    where dated.group_source = 'event_record_else_workforce'
    group by dated.standard_code, dated.metric_code, dated.org_code, dated.employee_number, dated.reporting_year
),

final as (
    select
        dated.standard_code,
        dated.metric_code,
        dated.org_code,
        dated.reporting_year,
        dated.employee_number,
        case
            when any_value(dated.group_source) = 'event_record'
                then arg_min(dated.case_group, (dated.entry_date, dated.case_id))
            when bool_or(dated.case_group in (dated.target_group, dated.reference_group))
                then arg_max(dated.case_group, dated.case_group in (dated.target_group, dated.reference_group))
            else coalesce(any_value(esr_fallback.esr_group), any_value(dated.unknown_group))
        end as group_name,
        count(*) as case_count,
        -- the landing line of the earliest counted case: what `wres trace` names for the person
        arg_min(dated.source_file, (dated.entry_date, dated.case_id)) as source_file,
        arg_min(dated.source_line_number, (dated.entry_date, dated.case_id)) as source_line_number
    from dated
    left join esr_fallback
        on
            dated.standard_code = esr_fallback.standard_code
            and dated.metric_code = esr_fallback.metric_code
            and dated.org_code = esr_fallback.org_code
            and dated.employee_number = esr_fallback.employee_number
            and dated.reporting_year = esr_fallback.reporting_year
    group by dated.standard_code, dated.metric_code, dated.org_code, dated.reporting_year, dated.employee_number
)

select * from final
