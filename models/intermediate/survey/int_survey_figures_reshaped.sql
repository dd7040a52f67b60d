-- Indicators 5-8 in the shared tidy shape of the int_figures__indicator_<n> models: per
-- organisation, reporting year and indicator one row per group (White, BME) with measure pct,
-- numerator = positive respondents, denominator = valid respondents. The int_figures__indicator_5
-- .. _8 models each take their indicator from here, so the reshaping is written once.
with results as (
    select * from {{ ref('int_survey_results_computed') }}
),

figures as (
    select
        org_code,
        reporting_year,
        indicator,
        'White' as ethnic_group,
        white_positive_respondents as numerator,
        white_valid_respondents as denominator,
        white_pct as figure_value,
        white_ci_lower as ci_lower,
        white_ci_upper as ci_upper,
        white_not_calculable_reason as not_calculable_reason
    from results
    union all
    select
        org_code,
        reporting_year,
        indicator,
        'BME' as ethnic_group,
        bme_positive_respondents as numerator,
        bme_valid_respondents as denominator,
        bme_pct as figure_value,
        bme_ci_lower as ci_lower,
        bme_ci_upper as ci_upper,
        bme_not_calculable_reason as not_calculable_reason
    from results
),

final as (
    select
        {{ tidy_figure_columns(
            measure="'pct'", breakdown="'overall'", value='figure_value',
            is_non_adverse='null', is_significant='null'
        ) }}
    from figures
)

select * from final
