-- The counts of every relative likelihood of seed equality_metrics (WRES indicators 2, 3 and 4,
-- WDES metrics 2 and 3), by standard, organisation, year and breakdown, for the target and
-- reference groups of seed equality_standards; the unknown group is in neither and is counted
-- apart (data quality). By event_source:
--   recruitment: shortlisted applications and appointments of the year
--     (int_recruitment_applications_shortlisted), all applications and, for a metric whose
--     extra_breakdown says so, excluding the guaranteed interview scheme (wdes-spec §4 metric 2);
--   hr_cases: distinct staff entering the process (int_equality__hr_case_entrants) over the
--     workforce headcount of the year's snapshot, single year and pooled over the metric's
--     rolling_years (counts pooled, never ratios averaged; rolling_years is 1 when there is no
--     snapshot for Y-1);
--   training: distinct staff of the year's workforce with a non-mandatory training record starting
--     in the year (int_training_accessors_identified) over the workforce headcount.
-- Every metric has a row for every organisation-year with a workforce row of the standard (no
-- event is a real zero; WRES spec §4), recruitment also for every year with a shortlisted
-- application. Grain: standard x metric x org x year x breakdown.
{%- set group_columns = var('equality_group_columns') %}

with metrics as (
    select * from {{ ref('equality_metrics') }}
    where metric_kind = 'relative_likelihood'
),

standards as (
    select * from {{ ref('equality_standards') }}
),

applications as (
    select * from {{ ref('int_recruitment_applications_shortlisted') }}
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
            applications.reporting_year,
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

workforce_years as (
    select distinct
        standard_code,
        org_code,
        reporting_year
    from workforce
),

recruitment_org_years as (
    select distinct
        standard_code,
        org_code,
        reporting_year
    from applications_grouped
    union
    select
        standard_code,
        org_code,
        reporting_year
    from workforce_years
),

-- all applications: every year with a shortlisted application or a workforce row (a year without
-- shortlisting is a real zero); the guaranteed-interview breakdown where some application is
-- recorded outside the scheme
recruitment_grid as (
    select
        metrics.standard_code,
        metrics.metric_code,
        'all_applications' as breakdown,
        org_years.org_code,
        org_years.reporting_year
    from metrics
    inner join recruitment_org_years as org_years
        on metrics.standard_code = org_years.standard_code
    where metrics.event_source = 'recruitment'
    union all
    select distinct
        metrics.standard_code,
        metrics.metric_code,
        metrics.extra_breakdown as breakdown,
        applications_grouped.org_code,
        applications_grouped.reporting_year
    from metrics
    inner join applications_grouped
        on metrics.standard_code = applications_grouped.standard_code
    where
        metrics.event_source = 'recruitment'
        and metrics.extra_breakdown = 'excluding_guaranteed_interview'
        and applications_grouped.is_guaranteed_interview = false
),

recruitment_counts as (
    select
        recruitment_grid.standard_code,
        recruitment_grid.metric_code,
        recruitment_grid.org_code,
        recruitment_grid.reporting_year,
        recruitment_grid.breakdown,
        count(applications_grouped.group_name) filter (
            where applications_grouped.group_name = standards.target_group
        ) as target_base,
        count(applications_grouped.group_name) filter (
            where applications_grouped.group_name = standards.target_group and applications_grouped.is_appointed
        ) as target_events,
        count(applications_grouped.group_name) filter (
            where applications_grouped.group_name = standards.reference_group
        ) as reference_base,
        count(applications_grouped.group_name) filter (
            where applications_grouped.group_name = standards.reference_group and applications_grouped.is_appointed
        ) as reference_events,
        count(applications_grouped.group_name) filter (
            where applications_grouped.group_name = standards.unknown_group
        ) as unknown_base,
        count(applications_grouped.group_name) filter (
            where applications_grouped.group_name = standards.unknown_group and applications_grouped.is_appointed
        ) as unknown_events,
        1 as rolling_years
    from recruitment_grid
    inner join standards
        on recruitment_grid.standard_code = standards.standard_code
    left join applications_grouped
        on
            recruitment_grid.standard_code = applications_grouped.standard_code
            and recruitment_grid.org_code = applications_grouped.org_code
            and recruitment_grid.reporting_year = applications_grouped.reporting_year
            and (
                recruitment_grid.breakdown = 'all_applications'
                or applications_grouped.is_guaranteed_interview = false
            )
    group by
        recruitment_grid.standard_code, recruitment_grid.metric_code, recruitment_grid.org_code,
        recruitment_grid.reporting_year, recruitment_grid.breakdown
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
            as reference_base,
        sum(case when workforce.group_name = standards.unknown_group then workforce.headcount else 0 end)
            as unknown_base
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
        workforce_single_year.unknown_base,
        count(workforce_events.group_name) filter (where workforce_events.group_name = standards.target_group)
            as target_events,
        count(workforce_events.group_name) filter (where workforce_events.group_name = standards.reference_group)
            as reference_events,
        count(workforce_events.group_name) filter (where workforce_events.group_name = standards.unknown_group)
            as unknown_events
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
        workforce_single_year.target_base, workforce_single_year.reference_base, workforce_single_year.unknown_base
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
        sum(pooled.unknown_base) as unknown_base,
        sum(pooled.unknown_events) as unknown_events,
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

counts as (
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
        unknown_events,
        unknown_base,
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
        unknown_events,
        unknown_base,
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
        unknown_events,
        unknown_base,
        rolling_years
    from workforce_rolling
),

final as (
    select
        counts.standard_code,
        counts.metric_code,
        counts.org_code,
        counts.reporting_year,
        counts.breakdown,
        cast(counts.target_events as bigint) as target_events,
        cast(counts.target_base as bigint) as target_base,
        cast(counts.reference_events as bigint) as reference_events,
        cast(counts.reference_base as bigint) as reference_base,
        cast(counts.unknown_events as bigint) as unknown_events,
        cast(counts.unknown_base as bigint) as unknown_base,
        cast(counts.rolling_years as integer) as rolling_years,
        workforce_years.org_code is not null as has_workforce_row
    from counts
    left join workforce_years
        on
            counts.standard_code = workforce_years.standard_code
            and counts.org_code = workforce_years.org_code
            and counts.reporting_year = workforce_years.reporting_year
)

select * from final
