-- Staff entering an HR process counted by a WDES relative likelihood (wdes-spec §4 metric 3): the
-- cases that seed hr_case_filters selects for each metric of seed equality_metrics with
-- event_source hr_cases (case type and reason compared case-insensitively), dated by the filter's
-- entry_date_rule. The disability group is the case record's when it is Disabled or
-- Non-disabled, else the person's on the latest ESR snapshot row on or before 31 March of the
-- year (any assignment), else Unknown (wdes-spec §4 Decision). A Capability case with a blank
-- reason counts only under var wdes_capability_blank_reason = performance.
-- Grain: metric x org x year x employee_number. Person-level: never selected by a mart.
{%- set blank_reason = var('wdes_capability_blank_reason', 'exclude') %}
{%- if blank_reason not in ['exclude', 'performance'] %}
    {{ exceptions.raise_compiler_error("var wdes_capability_blank_reason must be 'exclude' or 'performance', not " ~ blank_reason) }}
{%- endif %}

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

filters as (
    select * from {{ ref('hr_case_filters') }}
),

selected as (
    select
        metrics.standard_code,
        metrics.metric_code,
        cases.org_code,
        cases.employee_number,
        cases.disability_group as case_disability_group,
        case filters.entry_date_rule
            when 'formal_process_start_date_else_investigation_start_date'
                then coalesce(cases.formal_process_start_date, cases.investigation_start_date)
            else cases.investigation_start_date
        end as entry_date,
        cases.source_file,
        cases.source_line_number
    from cases
    inner join metrics
        on true
    inner join filters
        on metrics.event_filter = filters.filter_code
    where
        lower(cases.case_type) = lower(filters.case_type)
        and (
            filters.reason_value = '*'
            or lower(cases.capability_reason) = lower(filters.reason_value)
            {%- if blank_reason == 'performance' %}
                or (cases.capability_reason is null and lower(filters.reason_value) = 'performance')
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

-- the person's ESR group on the latest snapshot on or before 31 March of the case's year
esr_fallback as (
    select
        dated.metric_code,
        dated.org_code,
        dated.employee_number,
        dated.reporting_year,
        arg_max(assignments.disability_group, assignments.snapshot_date) as esr_disability_group
    from dated
    inner join assignments
        on
            dated.org_code = assignments.org_code
            and dated.employee_number = assignments.employee_number
            and assignments.snapshot_date <= {{ financial_year_end('dated.reporting_year') }}
    group by dated.metric_code, dated.org_code, dated.employee_number, dated.reporting_year
),

final as (
    select
        dated.standard_code,
        dated.metric_code,
        dated.org_code,
        dated.reporting_year,
        dated.employee_number,
        case
            when bool_or(dated.case_disability_group in ('Disabled', 'Non-disabled'))
                then arg_max(dated.case_disability_group, dated.case_disability_group in ('Disabled', 'Non-disabled'))
            else coalesce(any_value(esr_fallback.esr_disability_group), 'Unknown')
        end as disability_group,
        min(dated.source_line_number) as first_source_line_number
    from dated
    left join esr_fallback
        on
            dated.metric_code = esr_fallback.metric_code
            and dated.org_code = esr_fallback.org_code
            and dated.employee_number = esr_fallback.employee_number
            and dated.reporting_year = esr_fallback.reporting_year
    group by dated.standard_code, dated.metric_code, dated.org_code, dated.reporting_year, dated.employee_number
)

select * from final
