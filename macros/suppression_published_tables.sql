{#- The published friendly table of one Staff Survey indicator (5-8): the rows and columns of
    marts.wres_indicator_<n>, every respondent count, percentage, interval and reason read from
    published.wres_indicators, so it withholds exactly what the tidy table does. The BME - White
    difference is shown only when both percentages are. -#}
{% macro published_survey_indicator(indicator_number) -%}
{%- set groups = {'white': 'White', 'bme': 'BME'} %}
{#- pick % (ethnic_group, column): one figure of the indicator's tidy rows -#}
{%- set pick = "max(case when measure = 'pct' and ethnic_group = '%s' then %s end)" %}

with frame as (
    select
        org_code,
        reporting_year,
        survey_year,
        bme_minus_white_pct_points
    from {{ ref('wres_indicator_' ~ indicator_number) }}
),

indicators as (
    select * from {{ ref('published_wres_indicators') }}
    where indicator = {{ indicator_number }}
),

figures as (
    select
        org_code,
        reporting_year,
        {%- for prefix, group in groups.items() %}
            {{ pick | format(group, 'denominator') }} as {{ prefix }}_valid_respondents,
            {{ pick | format(group, 'numerator') }} as {{ prefix }}_positive_respondents,
            {{ pick | format(group, 'value') }} as {{ prefix }}_pct,
            {{ pick | format(group, 'ci_lower') }} as {{ prefix }}_ci_lower,
            {{ pick | format(group, 'ci_upper') }} as {{ prefix }}_ci_upper,
            {{ pick | format(group, 'not_calculable_reason') }} as {{ prefix }}_not_calculable_reason,
        {%- endfor %}
        bool_or(case when measure = 'pct' and ethnic_group = 'White' then is_suppressed end) as is_white_suppressed,
        bool_or(case when measure = 'pct' and ethnic_group = 'BME' then is_suppressed end) as is_bme_suppressed
    from indicators
    group by org_code, reporting_year
),

final as (
    select
        frame.org_code,
        frame.reporting_year,
        frame.survey_year,
        {%- for prefix in groups %}
            cast(figures.{{ prefix }}_valid_respondents as bigint) as {{ prefix }}_valid_respondents,
            cast(figures.{{ prefix }}_positive_respondents as bigint) as {{ prefix }}_positive_respondents,
        {%- endfor %}
        {%- for prefix in groups %}
            cast(figures.{{ prefix }}_pct as double) as {{ prefix }}_pct,
            cast(figures.{{ prefix }}_ci_lower as double) as {{ prefix }}_ci_lower,
            cast(figures.{{ prefix }}_ci_upper as double) as {{ prefix }}_ci_upper,
            cast(figures.{{ prefix }}_not_calculable_reason as varchar) as {{ prefix }}_not_calculable_reason,
        {%- endfor %}
        -- a difference of two percentages: shown only when neither is withheld (spec §6.3)
        cast(case
            when not figures.is_white_suppressed and not figures.is_bme_suppressed
                then frame.bme_minus_white_pct_points
        end as double) as bme_minus_white_pct_points
    from frame
    inner join figures
        on
            frame.org_code = figures.org_code
            and frame.reporting_year = figures.reporting_year
)

select * from final
{%- endmacro %}
