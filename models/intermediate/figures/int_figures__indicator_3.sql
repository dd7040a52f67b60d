-- Indicator 3 in the shared tidy shape: relative likelihood of BME staff entering the formal
-- disciplinary process compared to White staff, (B_entering / B_workforce) / (W_entering /
-- W_workforce), for every organisation and year with a workforce snapshot. Breakdown single_year
-- uses the year's counts; breakdown rolling (the headline) pools the counts of Y-1 and Y (spec §4
-- Decision: pool counts, never average two ratios). Without a Y-1 snapshot the rolling figures are
-- the single-year ones and rolling_years says 1. A snapshot year without cases is a real zero.
-- The figures are the equality engine's for standard WRES, metric 3 (seed equality_metrics:
-- hr_cases, filter disciplinary, target_over_reference, rolling_years 2, group_source event_record).
with likelihoods as (
    select * from {{ ref('int_equality__likelihood_figures') }}
    where standard_code = 'WRES' and metric_code = '3'
),

events as (
    select * from {{ ref('int_equality__events_counted') }}
    where standard_code = 'WRES' and metric_code = '3' and breakdown = 'rolling'
),

figures as (
    select
        org_code,
        reporting_year,
        measure,
        breakdown,
        group_name as ethnic_group,
        numerator,
        denominator,
        value,
        ci_lower,
        ci_upper,
        is_non_adverse,
        is_significant,
        not_calculable_reason
    from likelihoods
    union all
    select
        org_code,
        reporting_year,
        'rolling_years' as measure,
        'rolling' as breakdown,
        'All' as ethnic_group,
        cast(null as bigint) as numerator,
        cast(null as bigint) as denominator,
        cast(rolling_years as double) as value,
        cast(null as double) as ci_lower,
        cast(null as double) as ci_upper,
        cast(null as boolean) as is_non_adverse,
        cast(null as boolean) as is_significant,
        cast(null as varchar) as not_calculable_reason
    from events
),

final as (
    select
        {{ tidy_figure_columns(indicator=3) }}
    from figures
)

select * from final
