-- Indicator 4, friendly: one row per organisation and reporting year with a workforce snapshot:
-- staff accessing non-mandatory training and CPD and the workforce of each group beside the rates
-- (with 95% Wilson intervals), the relative likelihood (White vs BME) with its 95% interval and
-- flags, and the previous year's value and change where it exists. Unrounded.
{%- set groups = {'white': 'White', 'bme': 'BME'} %}
{#- pick % (measure, ethnic_group, column): one figure of a group of tidy rows -#}
{%- set pick = "max(case when measure = '%s' and ethnic_group = '%s' then %s end)" %}

with indicators as (
    select * from {{ ref('wres_indicators') }}
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
        current_year.org_code,
        current_year.reporting_year,
        {%- for prefix in groups %}
            current_year.{{ prefix }}_accessing,
            current_year.{{ prefix }}_workforce,
            current_year.{{ prefix }}_rate_pct,
            current_year.{{ prefix }}_rate_pct_ci_lower,
            current_year.{{ prefix }}_rate_pct_ci_upper,
        {%- endfor %}
        current_year.relative_likelihood,
        current_year.ci_lower,
        current_year.ci_upper,
        current_year.is_non_adverse,
        current_year.is_significant,
        current_year.not_calculable_reason,
        previous_year.relative_likelihood as previous_year_relative_likelihood,
        current_year.relative_likelihood_yoy_change
    from figures as current_year
    left join figures as previous_year
        on
            current_year.has_previous_year = 1
            and current_year.org_code = previous_year.org_code
            and current_year.reporting_year - 1 = previous_year.reporting_year
)

select * from final
