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
        cast(org_code as varchar) as org_code,
        cast(reporting_year as integer) as reporting_year,
        cast(indicator as integer) as indicator,
        cast('pct' as varchar) as measure,
        cast('overall' as varchar) as breakdown,
        cast(ethnic_group as varchar) as ethnic_group,
        cast(numerator as bigint) as numerator,
        cast(denominator as bigint) as denominator,
        -- `value` is the interface's column name (spec §8) and a keyword to sqlfluff
        cast(figure_value as double) as value,  -- noqa: RF04
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper,
        cast(null as boolean) as is_non_adverse,
        cast(null as boolean) as is_significant,
        cast(not_calculable_reason as varchar) as not_calculable_reason
    from figures
)

select * from final
