-- The four counts of every WDES relative likelihood of seed equality_metrics, by organisation,
-- year and breakdown, for the target and reference groups of seed equality_standards (Unknown is
-- excluded from both). recruitment (metric 2): shortlisted applications and appointments, all
-- applications and, where the extract records it, excluding the guaranteed interview scheme.
-- hr_cases (metric 3): distinct staff entering the process over the workforce headcount of
-- the year's snapshot, single year and pooled over the metric's rolling_years (counts pooled,
-- never ratios averaged; rolling_years is 1 when there is no snapshot for Y-1).
-- Grain: metric x org x year x breakdown.
with metrics as (
    select * from {{ ref('equality_metrics') }}
    where standard_code = 'WDES' and metric_kind = 'relative_likelihood'
),

standard as (
    select * from {{ ref('equality_standards') }}
    where standard_code = 'WDES'
),

applications as (
    select * from {{ ref('stg_recruitment__applications') }}
    where shortlisted_date is not null
),

entrants as (
    select * from {{ ref('int_equality__hr_case_entrants') }}
),

workforce as (
    select
        * exclude (group_name),
        group_name as disability_group
    from {{ ref('int_equality__representation_counted') }}
    where standard_code = 'WDES' and breakdown_kind = 'overall'
),

-- wdes-spec §4 metric 2 Decision: also without the guaranteed interview scheme where it is recorded
recruitment_breakdowns as (
    select 'all_applications' as breakdown
    union all
    select 'excluding_guaranteed_interview' as breakdown
),

recruitment_counts as (
    select
        metrics.metric_code,
        applications.org_code,
        cast({{ financial_year('applications.shortlisted_date') }} as integer) as reporting_year,
        breakdowns.breakdown,
        count(*) filter (where applications.disability_group = standard.target_group) as target_base,
        count(*) filter (
            where applications.disability_group = standard.target_group and applications.is_appointed
        ) as target_events,
        count(*) filter (where applications.disability_group = standard.reference_group) as reference_base,
        count(*) filter (
            where applications.disability_group = standard.reference_group and applications.is_appointed
        ) as reference_events,
        1 as rolling_years
    from applications
    cross join standard
    inner join metrics
        on metrics.event_source = 'recruitment'
    inner join recruitment_breakdowns as breakdowns
        on
            breakdowns.breakdown = 'all_applications'
            or applications.is_guaranteed_interview = false
    group by metrics.metric_code, applications.org_code, reporting_year, breakdowns.breakdown
),

-- every organisation-year with a snapshot, for every hr_cases metric: no case is a real zero
hr_single_year as (
    select
        metrics.metric_code,
        workforce.org_code,
        workforce.reporting_year,
        metrics.rolling_years as metric_rolling_years,
        sum(case when workforce.disability_group = standard.target_group then workforce.headcount else 0 end)
            as target_base,
        sum(case when workforce.disability_group = standard.reference_group then workforce.headcount else 0 end)
            as reference_base
    from workforce
    cross join standard
    inner join metrics
        on metrics.event_source = 'hr_cases'
    group by metrics.metric_code, workforce.org_code, workforce.reporting_year, metrics.rolling_years
),

hr_entrants_counted as (
    select
        hr_single_year.metric_code,
        hr_single_year.org_code,
        hr_single_year.reporting_year,
        hr_single_year.metric_rolling_years,
        hr_single_year.target_base,
        hr_single_year.reference_base,
        count(entrants.employee_number) filter (where entrants.disability_group = standard.target_group)
            as target_events,
        count(entrants.employee_number) filter (where entrants.disability_group = standard.reference_group)
            as reference_events
    from hr_single_year
    cross join standard
    left join entrants
        on
            hr_single_year.metric_code = entrants.metric_code
            and hr_single_year.org_code = entrants.org_code
            and hr_single_year.reporting_year = entrants.reporting_year
    group by
        hr_single_year.metric_code, hr_single_year.org_code, hr_single_year.reporting_year,
        hr_single_year.metric_rolling_years, hr_single_year.target_base, hr_single_year.reference_base
),

hr_rolling as (
    select
        current_year.metric_code,
        current_year.org_code,
        current_year.reporting_year,
        'rolling' as breakdown,
        sum(pooled.target_base) as target_base,
        sum(pooled.target_events) as target_events,
        sum(pooled.reference_base) as reference_base,
        sum(pooled.reference_events) as reference_events,
        count(*) as rolling_years
    from hr_entrants_counted as current_year
    inner join hr_entrants_counted as pooled
        on
            current_year.metric_code = pooled.metric_code
            and current_year.org_code = pooled.org_code
            and pooled.reporting_year between current_year.reporting_year - current_year.metric_rolling_years + 1
            and current_year.reporting_year
    group by current_year.metric_code, current_year.org_code, current_year.reporting_year
),

final as (
    select
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
    select
        metric_code,
        org_code,
        reporting_year,
        'single_year' as breakdown,
        target_events,
        target_base,
        reference_events,
        reference_base,
        1 as rolling_years
    from hr_entrants_counted
    union all
    select
        metric_code,
        org_code,
        reporting_year,
        breakdown,
        target_events,
        target_base,
        reference_events,
        reference_base,
        rolling_years
    from hr_rolling
)

select * from final
