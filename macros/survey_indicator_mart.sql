{#- The friendly mart of one Staff Survey indicator (5-8): the four tables differ only in the
    indicator number, so they share this one definition. -#}
{% macro survey_indicator_mart(indicator) -%}
with results as (
    select * from {{ ref('int_survey_results_computed') }}
),

final as (
    select
        org_code,
        reporting_year,
        survey_year,
        white_valid_respondents,
        white_positive_respondents,
        bme_valid_respondents,
        bme_positive_respondents,
        white_pct,
        white_ci_lower,
        white_ci_upper,
        white_not_calculable_reason,
        bme_pct,
        bme_ci_lower,
        bme_ci_upper,
        bme_not_calculable_reason,
        bme_minus_white_pct_points
    from results
    where indicator = {{ indicator }}
)

select * from final
{%- endmacro %}
