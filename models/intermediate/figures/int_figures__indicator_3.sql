-- Indicator 3 in the shared tidy shape: relative likelihood of BME staff entering the formal
-- disciplinary process compared to White staff, (B_entering / B_workforce) / (W_entering /
-- W_workforce), for every organisation and year with a workforce snapshot. Breakdown single_year
-- uses the year's counts; breakdown rolling (the headline) pools the counts of Y-1 and Y (spec §4
-- Decision: pool counts, never average two ratios). Without a Y-1 snapshot the rolling figures are
-- the single-year ones and rolling_years says 1. A snapshot year without cases is a real zero.
-- the overall workforce of the equality engine's representation rows of standard WRES
with workforce as (
    select
        org_code,
        reporting_year,
        cast(sum(case when group_name = 'White' then headcount else 0 end) as bigint) as white_headcount,
        cast(sum(case when group_name = 'BME' then headcount else 0 end) as bigint) as bme_headcount
    from {{ ref('int_equality__representation_counted') }}
    where standard_code = 'WRES' and breakdown_kind = 'overall'
    group by org_code, reporting_year
),

entrants as (
    select * from {{ ref('int_disciplinary_entrants_identified') }}
),

single_year as (
    {{ workforce_event_counts('workforce', 'entrants', 'entrants') }}
),

rolling as (
    select
        current_year.org_code,
        current_year.reporting_year,
        case when previous_year.org_code is null then 1 else 2 end as rolling_years,
        current_year.white_workforce + coalesce(previous_year.white_workforce, 0) as white_workforce,
        current_year.bme_workforce + coalesce(previous_year.bme_workforce, 0) as bme_workforce,
        current_year.white_entrants + coalesce(previous_year.white_entrants, 0) as white_entrants,
        current_year.bme_entrants + coalesce(previous_year.bme_entrants, 0) as bme_entrants
    from single_year as current_year
    left join single_year as previous_year
        on
            current_year.org_code = previous_year.org_code
            and current_year.reporting_year - 1 = previous_year.reporting_year
),

counts as (
    select
        org_code,
        reporting_year,
        'single_year' as breakdown,
        white_workforce,
        bme_workforce,
        white_entrants,
        bme_entrants
    from single_year
    union all
    select
        org_code,
        reporting_year,
        'rolling' as breakdown,
        white_workforce,
        bme_workforce,
        white_entrants,
        bme_entrants
    from rolling
),

likelihood_rows as (
    {{ likelihood_figure_rows(
        'counts', 'white_entrants', 'white_workforce', 'bme_entrants', 'bme_workforce',
        ratio_of='BME', breakdown='breakdown'
    ) }}
),

rolling_years_rows as (
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
    from rolling
),

figures as (
    select * from likelihood_rows
    union all
    select * from rolling_years_rows
),

final as (
    select
        {{ tidy_figure_columns(indicator=3) }}
    from figures
)

select * from final
