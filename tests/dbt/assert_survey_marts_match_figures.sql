-- The friendly tables wres_indicator_5 .. _8 and the indicator 5-8 rows of the tidy shape must agree:
-- same organisation-years, and per group the same positive / valid counts, percentage, interval and
-- reason. Returns every disagreement.
with marts as (
    select
        5 as indicator,
        org_code,
        reporting_year,
        white_positive_respondents,
        white_valid_respondents,
        white_pct,
        white_ci_lower,
        white_ci_upper,
        white_not_calculable_reason,
        bme_positive_respondents,
        bme_valid_respondents,
        bme_pct,
        bme_ci_lower,
        bme_ci_upper,
        bme_not_calculable_reason
    from {{ ref('wres_indicator_5') }}
    union all
    select
        6 as indicator,
        org_code,
        reporting_year,
        white_positive_respondents,
        white_valid_respondents,
        white_pct,
        white_ci_lower,
        white_ci_upper,
        white_not_calculable_reason,
        bme_positive_respondents,
        bme_valid_respondents,
        bme_pct,
        bme_ci_lower,
        bme_ci_upper,
        bme_not_calculable_reason
    from {{ ref('wres_indicator_6') }}
    union all
    select
        7 as indicator,
        org_code,
        reporting_year,
        white_positive_respondents,
        white_valid_respondents,
        white_pct,
        white_ci_lower,
        white_ci_upper,
        white_not_calculable_reason,
        bme_positive_respondents,
        bme_valid_respondents,
        bme_pct,
        bme_ci_lower,
        bme_ci_upper,
        bme_not_calculable_reason
    from {{ ref('wres_indicator_7') }}
    union all
    select
        8 as indicator,
        org_code,
        reporting_year,
        white_positive_respondents,
        white_valid_respondents,
        white_pct,
        white_ci_lower,
        white_ci_upper,
        white_not_calculable_reason,
        bme_positive_respondents,
        bme_valid_respondents,
        bme_pct,
        bme_ci_lower,
        bme_ci_upper,
        bme_not_calculable_reason
    from {{ ref('wres_indicator_8') }}
),

figures as (
    select * from {{ ref('int_figures__indicator_5') }}
    union all
    select * from {{ ref('int_figures__indicator_6') }}
    union all
    select * from {{ ref('int_figures__indicator_7') }}
    union all
    select * from {{ ref('int_figures__indicator_8') }}
),

expected as (
    select
        indicator,
        org_code,
        reporting_year,
        'White' as ethnic_group,
        white_positive_respondents as numerator,
        white_valid_respondents as denominator,
        white_pct as figure_value,
        white_ci_lower as ci_lower,
        white_ci_upper as ci_upper,
        white_not_calculable_reason as not_calculable_reason
    from marts
    union all
    select
        indicator,
        org_code,
        reporting_year,
        'BME' as ethnic_group,
        bme_positive_respondents as numerator,
        bme_valid_respondents as denominator,
        bme_pct as figure_value,
        bme_ci_lower as ci_lower,
        bme_ci_upper as ci_upper,
        bme_not_calculable_reason as not_calculable_reason
    from marts
),

final as (
    select
        coalesce(expected.indicator, figures.indicator) as indicator,
        coalesce(expected.org_code, figures.org_code) as org_code,
        coalesce(expected.reporting_year, figures.reporting_year) as reporting_year,
        coalesce(expected.ethnic_group, figures.ethnic_group) as ethnic_group
    from expected
    full outer join figures
        on
            expected.indicator = figures.indicator
            and expected.org_code = figures.org_code
            and expected.reporting_year = figures.reporting_year
            and expected.ethnic_group = figures.ethnic_group
    where
        expected.org_code is null
        or figures.org_code is null
        or figures.measure <> 'pct'
        or expected.numerator is distinct from figures.numerator
        or expected.denominator is distinct from figures.denominator
        or expected.figure_value is distinct from figures.value
        or expected.ci_lower is distinct from figures.ci_lower
        or expected.ci_upper is distinct from figures.ci_upper
        or expected.not_calculable_reason is distinct from figures.not_calculable_reason
)

select * from final
