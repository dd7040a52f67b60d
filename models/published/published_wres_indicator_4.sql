{{ config(alias='wres_indicator_4') }}
-- Indicator 4, published: the rows and columns of marts.wres_indicator_4, every figure read from
-- published.wres_indicators (withheld exactly as there). Grain: one row per organisation and
-- reporting year with a workforce snapshot.
{%- set groups = {'white': 'White', 'bme': 'BME'} %}
{#- pick % (measure, ethnic_group, column): one figure of a group of tidy rows -#}
{%- set pick = "max(case when measure = '%s' and ethnic_group = '%s' then %s end)" %}

with frame as (
    select
        org_code,
        reporting_year
    from {{ ref('wres_indicator_4') }}
),

indicators as (
    select * from {{ ref('published_wres_indicators') }}
    where indicator = 4
),

figures as (
    select
        org_code,
        reporting_year,
        {%- for prefix, group in groups.items() %}
            {{ pick | format('rate_pct', group, 'numerator') }} as {{ prefix }}_accessing,
            {{ pick | format('rate_pct', group, 'denominator') }} as {{ prefix }}_workforce,
            {{ pick | format('rate_pct', group, 'value') }} as {{ prefix }}_rate_pct,
            {{ pick | format('rate_pct', group, 'ci_lower') }} as {{ prefix }}_rate_pct_ci_lower,
            {{ pick | format('rate_pct', group, 'ci_upper') }} as {{ prefix }}_rate_pct_ci_upper,
        {%- endfor %}
        {{ pick | format('relative_likelihood', 'All', 'value') }} as relative_likelihood,
        {{ pick | format('relative_likelihood', 'All', 'ci_lower') }} as ci_lower,
        {{ pick | format('relative_likelihood', 'All', 'ci_upper') }} as ci_upper,
        bool_or(case when measure = 'relative_likelihood' then is_non_adverse end) as is_non_adverse,
        bool_or(case when measure = 'relative_likelihood' then is_significant end) as is_significant,
        {{ pick | format('relative_likelihood', 'All', 'not_calculable_reason') }} as not_calculable_reason,
        {{ pick | format('relative_likelihood_yoy_change', 'All', 'value') }} as relative_likelihood_yoy_change,
        max(case when measure = 'relative_likelihood_yoy_change' then 1 else 0 end) as has_previous_year
    from indicators
    group by org_code, reporting_year
),

final as (
    select
        frame.org_code,
        frame.reporting_year,
        {%- for prefix in groups %}
            cast(current_year.{{ prefix }}_accessing as bigint) as {{ prefix }}_accessing,
            cast(current_year.{{ prefix }}_workforce as bigint) as {{ prefix }}_workforce,
            cast(current_year.{{ prefix }}_rate_pct as double) as {{ prefix }}_rate_pct,
            cast(current_year.{{ prefix }}_rate_pct_ci_lower as double) as {{ prefix }}_rate_pct_ci_lower,
            cast(current_year.{{ prefix }}_rate_pct_ci_upper as double) as {{ prefix }}_rate_pct_ci_upper,
        {%- endfor %}
        cast(current_year.relative_likelihood as double) as relative_likelihood,
        cast(current_year.ci_lower as double) as ci_lower,
        cast(current_year.ci_upper as double) as ci_upper,
        cast(current_year.is_non_adverse as boolean) as is_non_adverse,
        cast(current_year.is_significant as boolean) as is_significant,
        cast(current_year.not_calculable_reason as varchar) as not_calculable_reason,
        cast(previous_year.relative_likelihood as double) as previous_year_relative_likelihood,
        cast(current_year.relative_likelihood_yoy_change as double) as relative_likelihood_yoy_change
    from frame
    inner join figures as current_year
        on
            frame.org_code = current_year.org_code
            and frame.reporting_year = current_year.reporting_year
    left join figures as previous_year
        on
            current_year.has_previous_year = 1
            and current_year.org_code = previous_year.org_code
            and current_year.reporting_year - 1 = previous_year.reporting_year
)

select * from final
