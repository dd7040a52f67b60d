{{ config(alias='wres_indicator_3') }}
-- Indicator 3, published: the rows and columns of marts.wres_indicator_3, every figure read from
-- published.wres_indicators (withheld exactly as there). Grain: one row per organisation and
-- reporting year with a workforce snapshot.
{%- set breakdowns = ['rolling', 'single_year'] %}
{%- set groups = {'white': 'White', 'bme': 'BME'} %}
{%- set likelihood_columns = ['relative_likelihood', 'ci_lower', 'ci_upper', 'is_non_adverse', 'is_significant',
    'not_calculable_reason'] %}
{#- pick % (measure, breakdown, ethnic_group, column): one figure of a group of tidy rows -#}
{%- set pick = "max(case when measure = '%s' and breakdown = '%s' and ethnic_group = '%s' then %s end)" %}
{%- set pick_flag = "bool_or(case when measure = 'relative_likelihood' and breakdown = '%s' then %s end)" %}

with frame as (
    select
        org_code,
        reporting_year
    from {{ ref('wres_indicator_3') }}
),

indicators as (
    select * from {{ ref('published_wres_indicators') }}
    where indicator = 3
),

figures as (
    select
        org_code,
        reporting_year,
        cast({{ pick | format('rolling_years', 'rolling', 'All', 'value') }} as integer) as rolling_years,
        {%- for breakdown in breakdowns %}
            {%- for prefix, group in groups.items() %}
                {{ pick | format('rate_pct', breakdown, group, 'numerator') }}
                    as {{ breakdown }}_{{ prefix }}_entrants,
                {{ pick | format('rate_pct', breakdown, group, 'denominator') }}
                    as {{ breakdown }}_{{ prefix }}_workforce,
                {{ pick | format('rate_pct', breakdown, group, 'value') }} as {{ breakdown }}_{{ prefix }}_rate_pct,
            {%- endfor %}
            {{ pick | format('relative_likelihood', breakdown, 'All', 'value') }}
                as {{ breakdown }}_relative_likelihood,
            {{ pick | format('relative_likelihood', breakdown, 'All', 'ci_lower') }} as {{ breakdown }}_ci_lower,
            {{ pick | format('relative_likelihood', breakdown, 'All', 'ci_upper') }} as {{ breakdown }}_ci_upper,
            {{ pick_flag | format(breakdown, 'is_non_adverse') }} as {{ breakdown }}_is_non_adverse,
            {{ pick_flag | format(breakdown, 'is_significant') }} as {{ breakdown }}_is_significant,
            {{ pick | format('relative_likelihood', breakdown, 'All', 'not_calculable_reason') }}
                as {{ breakdown }}_not_calculable_reason,
        {%- endfor %}
        {{ pick | format('relative_likelihood_yoy_change', 'rolling', 'All', 'value') }}
            as rolling_relative_likelihood_yoy_change,
        max(case when measure = 'relative_likelihood_yoy_change' and breakdown = 'rolling' then 1 else 0 end)
            as has_previous_year
    from indicators
    group by org_code, reporting_year
),

final as (
    select
        frame.org_code,
        frame.reporting_year,
        current_year.rolling_years,
        {%- for breakdown in breakdowns %}
            {%- for prefix in groups %}
                cast(current_year.{{ breakdown }}_{{ prefix }}_entrants as bigint)
                    as {{ breakdown }}_{{ prefix }}_entrants,
                cast(current_year.{{ breakdown }}_{{ prefix }}_workforce as bigint)
                    as {{ breakdown }}_{{ prefix }}_workforce,
                cast(current_year.{{ breakdown }}_{{ prefix }}_rate_pct as double)
                    as {{ breakdown }}_{{ prefix }}_rate_pct,
            {%- endfor %}
            {%- for column in likelihood_columns %}
                current_year.{{ breakdown }}_{{ column }},
            {%- endfor %}
        {%- endfor %}
        cast(previous_year.rolling_relative_likelihood as double) as previous_year_rolling_relative_likelihood,
        cast(current_year.rolling_relative_likelihood_yoy_change as double) as rolling_relative_likelihood_yoy_change
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
