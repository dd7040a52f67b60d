-- The four counts of every relative likelihood of seed equality_metrics (WRES indicators 3 and 4,
-- WDES metrics 2 and 3), by standard, organisation, year and breakdown, for the target and
-- reference groups of seed equality_standards (the unknown group is in neither). By event_source:
--   recruitment: shortlisted applications and appointments of the year, all applications and, where
--     the extract records it, excluding the guaranteed interview scheme (wdes-spec §4 metric 2);
--   hr_cases: distinct staff entering the process (int_equality__hr_case_entrants) over the
--     workforce headcount of the year's snapshot, single year and pooled over the metric's
--     rolling_years (counts pooled, never ratios averaged; rolling_years is 1 when there is no
--     snapshot for Y-1);
--   training: distinct staff of the year's workforce with a non-mandatory training record starting
--     in the year (int_training_accessors_identified) over the workforce headcount.
-- hr_cases and training have a row for every organisation-year with a workforce row of the
-- standard (no event is a real zero). Grain: standard x metric x org x year x breakdown.
{%- set group_columns = var('equality_group_columns') %}

with metrics as (
    select * from {{ ref('equality_metrics') }}
    where metric_kind = 'relative_likelihood'
),

standards as (
    select * from {{ ref('equality_standards') }}
),

applications as (
    select * from {{ ref('stg_recruitment__applications') }}
    where shortlisted_date is not null
),

entrants as (
    select * from {{ ref('int_equality__hr_case_entrants') }}
),

accessors as (
    select * from {{ ref('int_training_accessors_identified') }}
),

people as (
    select * from {{ ref('int_equality__people_grouped') }}
),

workforce as (
    select * from {{ ref('int_equality__representation_counted') }}
    where breakdown_kind = 'overall'
),

applications_grouped as (
    {%- for characteristic, group_column in group_columns.items() %}
        select
            standards.standard_code,
            applications.org_code,
            applications.shortlisted_date,
            applications.is_appointed,
            applications.is_guaranteed_interview,
            applications.{{ group_column }} as group_name
        from applications
        inner join standards
            on standards.characteristic = '{{ characteristic }}'
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- wdes-spec §4 metric 2 Decision: also without the guaranteed interview scheme where it is recorded
recruitment_breakdowns as (
    select 'all_applications' as breakdown
    union all
    select 'excluding_guaranteed_interview' as breakdown
),

recruitment_counts as (
    select
        metrics.standard_code,
        metrics.metric_code,
        applications_grouped.org_code,
        cast({{ financial_year('applications_grouped.shortlisted_date') }} as integer) as reporting_year,
        breakdowns.breakdown,
        count(*) filter (where applications_grouped.group_name = standards.target_group) as target_base,
        count(*) filter (
            where applications_grouped.group_name = standards.target_group and applications_grouped.is_appointed
        ) as target_events,
        count(*) filter (where applications_grouped.group_name = standards.reference_group) as reference_base,
        count(*) filter (
            where applications_grouped.group_name = standards.reference_group and applications_grouped.is_appointed
        ) as reference_events,
        1 as rolling_years
    from applications_grouped
    inner join standards
        on applications_grouped.standard_code = standards.standard_code
    inner join metrics
        on
            applications_grouped.standard_code = metrics.standard_code
            and metrics.event_source = 'recruitment'
    inner join recruitment_breakdowns as breakdowns
        on
            breakdowns.breakdown = 'all_applications'
            or applications_grouped.is_guaranteed_interview = false
    group by
        metrics.standard_code, metrics.metric_code, applications_grouped.org_code, reporting_year,
        breakdowns.breakdown
),

-- the people with an event of each workforce-based metric, with their group
workforce_events as (
    select
        standard_code,
        metric_code,
        org_code,
        reporting_year,
        group_name
    from entrants
    union all
    select
        metrics.standard_code,
        metrics.metric_code,
        people.org_code,
        people.reporting_year,
        people.group_name
    from accessors
    inner join people
        on
            accessors.org_code = people.org_code
            and accessors.reporting_year = people.reporting_year
            and accessors.employee_number = people.employee_number
    inner join metrics
        on
            people.standard_code = metrics.standard_code
            and metrics.event_source = 'training'
),

-- every organisation-year with a workforce row, for every hr_cases and training metric
workforce_single_year as (
    select
        metrics.standard_code,
        metrics.metric_code,
        workforce.org_code,
        workforce.reporting_year,
        metrics.rolling_years as metric_rolling_years,
        sum(case when workforce.group_name = standards.target_group then workforce.headcount else 0 end)
            as target_base,
        sum(case when workforce.group_name = standards.reference_group then workforce.headcount else 0 end)
            as reference_base
    from workforce
    inner join standards
        on workforce.standard_code = standards.standard_code
    inner join metrics
        on
            workforce.standard_code = metrics.standard_code
            and metrics.event_source in ('hr_cases', 'training')
    group by
        metrics.standard_code, metrics.metric_code, workforce.org_code, workforce.reporting_year,
        metrics.rolling_years
),

workforce_events_counted as (
    select
        workforce_single_year.standard_code,
        workforce_single_year.metric_code,
        workforce_single_year.org_code,
        workforce_single_year.reporting_year,
        workforce_single_year.metric_rolling_years,
        workforce_single_year.target_base,
        workforce_single_year.reference_base,
        count(workforce_events.group_name) filter (where workforce_events.group_name = standards.target_group)
            as target_events,
        count(workforce_events.group_name) filter (where workforce_events.group_name = standards.reference_group)
            as reference_events
    from workforce_single_year
    inner join standards
        on workforce_single_year.standard_code = standards.standard_code
    left join workforce_events
        on
            workforce_single_year.standard_code = workforce_events.standard_code
            and workforce_single_year.metric_code = workforce_events.metric_code
            and workforce_single_year.org_code = workforce_events.org_code
            and workforce_single_year.reporting_year = workforce_events.reporting_year
    group by
        workforce_single_year.standard_code, workforce_single_year.metric_code, workforce_single_year.org_code,
        workforce_single_year.reporting_year, workforce_single_year.metric_rolling_years,
        workforce_single_year.target_base, workforce_single_year.reference_base
),

workforce_rolling as (
    select
        current_year.standard_code,
        current_year.metric_code,
        current_year.org_code,
        current_year.reporting_year,
        'rolling' as breakdown,
        sum(pooled.target_base) as target_base,
        sum(pooled.target_events) as target_events,
        sum(pooled.reference_base) as reference_base,
        sum(pooled.reference_events) as reference_events,
        count(*) as rolling_years
    from workforce_events_counted as current_year
    inner join workforce_events_counted as pooled
        on
            current_year.standard_code = pooled.standard_code
            and current_year.metric_code = pooled.metric_code
            and current_year.org_code = pooled.org_code
            and pooled.reporting_year between current_year.reporting_year - current_year.metric_rolling_years + 1
            and current_year.reporting_year
    where current_year.metric_rolling_years > 1
    group by current_year.standard_code, current_year.metric_code, current_year.org_code, current_year.reporting_year
),

final as (
    select
        standard_code,
        metric_code,
        org_code,
        reporting_year,
        breakdown,
        target_events,
        target_base,
        reference_events,
        reference_base,
        rolling_years
    from recruitment_counts
    union all
    -- a pooled metric shows its single year beside the rolling figure; others have one breakdown
    select
        standard_code,
        metric_code,
        org_code,
        reporting_year,
        case when metric_rolling_years > 1 then 'single_year' else 'overall' end as breakdown,
        target_events,
        target_base,
        reference_events,
        reference_base,
        1 as rolling_years
    from workforce_events_counted
    union all
    select
        standard_code,
        metric_code,
        org_code,
        reporting_year,
        breakdown,
        target_events,
        target_base,
        reference_events,
        reference_base,
        rolling_years
    from workforce_rolling
)

select * from final
