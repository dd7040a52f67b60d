-- Indicator 2, one friendly row per organisation and reporting year: applications shortlisted and
-- appointed per group, the two appointment rates with Wilson intervals, and the relative likelihood
-- of White applicants being appointed from shortlisting compared to BME applicants with its interval
-- and flags (spec §4-§5). Values are unrounded. The figures are those of int_figures__indicator_2
-- (the rows of wres_indicators), pivoted, so the two never disagree.
-- the equality engine's counts of standard WRES, metric 2: target BME, reference White
with counts as (
    select
        org_code,
        reporting_year,
        reference_base as white_shortlisted,
        reference_events as white_appointed,
        target_base as bme_shortlisted,
        target_events as bme_appointed,
        unknown_base as unknown_shortlisted,
        unknown_events as unknown_appointed,
        has_workforce_row as has_workforce_snapshot
    from {{ ref('int_equality__events_counted') }}
    where standard_code = 'WRES' and metric_code = '2' and breakdown = 'all_applications'
),

figures as (
    select * from {{ ref('int_figures__indicator_2') }}
),

rates as (
    select
        org_code,
        reporting_year,
        max(case when ethnic_group = 'White' then value end) as white_appointed_pct,
        max(case when ethnic_group = 'White' then ci_lower end) as white_appointed_pct_ci_lower,
        max(case when ethnic_group = 'White' then ci_upper end) as white_appointed_pct_ci_upper,
        max(case when ethnic_group = 'BME' then value end) as bme_appointed_pct,
        max(case when ethnic_group = 'BME' then ci_lower end) as bme_appointed_pct_ci_lower,
        max(case when ethnic_group = 'BME' then ci_upper end) as bme_appointed_pct_ci_upper
    from figures
    where measure = 'rate_pct'
    group by org_code, reporting_year
),

likelihoods as (
    select * from figures
    where measure = 'relative_likelihood'
),

final as (
    select
        cast(counts.org_code as varchar) as org_code,
        cast(counts.reporting_year as integer) as reporting_year,
        cast(counts.white_shortlisted as bigint) as white_shortlisted,
        cast(counts.white_appointed as bigint) as white_appointed,
        cast(counts.bme_shortlisted as bigint) as bme_shortlisted,
        cast(counts.bme_appointed as bigint) as bme_appointed,
        cast(counts.unknown_shortlisted as bigint) as unknown_shortlisted,
        cast(counts.unknown_appointed as bigint) as unknown_appointed,
        cast(rates.white_appointed_pct as double) as white_appointed_pct,
        cast(rates.white_appointed_pct_ci_lower as double) as white_appointed_pct_ci_lower,
        cast(rates.white_appointed_pct_ci_upper as double) as white_appointed_pct_ci_upper,
        cast(rates.bme_appointed_pct as double) as bme_appointed_pct,
        cast(rates.bme_appointed_pct_ci_lower as double) as bme_appointed_pct_ci_lower,
        cast(rates.bme_appointed_pct_ci_upper as double) as bme_appointed_pct_ci_upper,
        cast(likelihoods.value as double) as relative_likelihood,
        cast(likelihoods.ci_lower as double) as relative_likelihood_ci_lower,
        cast(likelihoods.ci_upper as double) as relative_likelihood_ci_upper,
        cast(likelihoods.is_non_adverse as boolean) as is_non_adverse,
        cast(likelihoods.is_significant as boolean) as is_significant,
        cast(likelihoods.not_calculable_reason as varchar) as not_calculable_reason,
        cast(counts.has_workforce_snapshot as boolean) as has_workforce_snapshot
    from counts
    inner join rates
        on
            counts.org_code = rates.org_code
            and counts.reporting_year = rates.reporting_year
    inner join likelihoods
        on
            counts.org_code = likelihoods.org_code
            and counts.reporting_year = likelihoods.reporting_year
)

select * from final
