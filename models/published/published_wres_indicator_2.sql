{{ config(alias='wres_indicator_2') }}
-- Indicator 2, published: the rows and columns of marts.wres_indicator_2. The White and BME
-- counts, rates, relative likelihood and flags are read from published.wres_indicators (so they
-- are withheld exactly as there). The Unknown counts are in no tidy figure and in no total, so
-- only the primary rule applies to them (published_small_count). Grain: one row per
-- organisation and reporting year with shortlisting.
{%- set pick = "max(case when measure = '%s' and ethnic_group = '%s' then %s end)" %}

with frame as (
    select
        org_code,
        reporting_year,
        unknown_shortlisted,
        unknown_appointed,
        has_workforce_snapshot
    from {{ ref('wres_indicator_2') }}
),

indicators as (
    select * from {{ ref('published_wres_indicators') }}
    where indicator = 2
),

figures as (
    select
        org_code,
        reporting_year,
        {%- for prefix, group in {'white': 'White', 'bme': 'BME'}.items() %}
            {{ pick | format('rate_pct', group, 'denominator') }} as {{ prefix }}_shortlisted,
            {{ pick | format('rate_pct', group, 'numerator') }} as {{ prefix }}_appointed,
            {{ pick | format('rate_pct', group, 'value') }} as {{ prefix }}_appointed_pct,
            {{ pick | format('rate_pct', group, 'ci_lower') }} as {{ prefix }}_appointed_pct_ci_lower,
            {{ pick | format('rate_pct', group, 'ci_upper') }} as {{ prefix }}_appointed_pct_ci_upper,
        {%- endfor %}
        {{ pick | format('relative_likelihood', 'All', 'value') }} as relative_likelihood,
        {{ pick | format('relative_likelihood', 'All', 'ci_lower') }} as relative_likelihood_ci_lower,
        {{ pick | format('relative_likelihood', 'All', 'ci_upper') }} as relative_likelihood_ci_upper,
        bool_or(case when measure = 'relative_likelihood' then is_non_adverse end) as is_non_adverse,
        bool_or(case when measure = 'relative_likelihood' then is_significant end) as is_significant,
        {{ pick | format('relative_likelihood', 'All', 'not_calculable_reason') }} as not_calculable_reason
    from indicators
    group by org_code, reporting_year
),

final as (
    select
        cast(frame.org_code as varchar) as org_code,
        cast(frame.reporting_year as integer) as reporting_year,
        cast(figures.white_shortlisted as bigint) as white_shortlisted,
        cast(figures.white_appointed as bigint) as white_appointed,
        cast(figures.bme_shortlisted as bigint) as bme_shortlisted,
        cast(figures.bme_appointed as bigint) as bme_appointed,
        cast({{ published_small_count('frame.unknown_shortlisted') }} as bigint) as unknown_shortlisted,
        cast({{ published_small_count('frame.unknown_appointed') }} as bigint) as unknown_appointed,
        cast(figures.white_appointed_pct as double) as white_appointed_pct,
        cast(figures.white_appointed_pct_ci_lower as double) as white_appointed_pct_ci_lower,
        cast(figures.white_appointed_pct_ci_upper as double) as white_appointed_pct_ci_upper,
        cast(figures.bme_appointed_pct as double) as bme_appointed_pct,
        cast(figures.bme_appointed_pct_ci_lower as double) as bme_appointed_pct_ci_lower,
        cast(figures.bme_appointed_pct_ci_upper as double) as bme_appointed_pct_ci_upper,
        cast(figures.relative_likelihood as double) as relative_likelihood,
        cast(figures.relative_likelihood_ci_lower as double) as relative_likelihood_ci_lower,
        cast(figures.relative_likelihood_ci_upper as double) as relative_likelihood_ci_upper,
        cast(figures.is_non_adverse as boolean) as is_non_adverse,
        cast(figures.is_significant as boolean) as is_significant,
        cast(figures.not_calculable_reason as varchar) as not_calculable_reason,
        cast(frame.has_workforce_snapshot as boolean) as has_workforce_snapshot
    from frame
    inner join figures
        on
            frame.org_code = figures.org_code
            and frame.reporting_year = figures.reporting_year
)

select * from final
