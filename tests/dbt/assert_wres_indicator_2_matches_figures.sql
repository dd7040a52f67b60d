-- The friendly table wres_indicator_2 and the indicator 2 rows of the tidy shape must tell the same
-- story: same organisation-years, same counts, values, intervals, flags and reasons. Returns every
-- disagreement.
with mart as (
    select * from {{ ref('wres_indicator_2') }}
),

figures as (
    select * from {{ ref('int_figures__indicator_2') }}
),

expected as (
    select
        mart.org_code,
        mart.reporting_year,
        'rate_pct' as measure,
        'White' as ethnic_group,
        mart.white_appointed as numerator,
        mart.white_shortlisted as denominator,
        mart.white_appointed_pct as figure_value,
        mart.white_appointed_pct_ci_lower as ci_lower,
        mart.white_appointed_pct_ci_upper as ci_upper,
        cast(null as boolean) as is_non_adverse,
        cast(null as boolean) as is_significant
    from mart
    union all
    select
        mart.org_code,
        mart.reporting_year,
        'rate_pct' as measure,
        'BME' as ethnic_group,
        mart.bme_appointed as numerator,
        mart.bme_shortlisted as denominator,
        mart.bme_appointed_pct as figure_value,
        mart.bme_appointed_pct_ci_lower as ci_lower,
        mart.bme_appointed_pct_ci_upper as ci_upper,
        cast(null as boolean) as is_non_adverse,
        cast(null as boolean) as is_significant
    from mart
    union all
    select
        mart.org_code,
        mart.reporting_year,
        'relative_likelihood' as measure,
        'All' as ethnic_group,
        cast(null as bigint) as numerator,
        cast(null as bigint) as denominator,
        mart.relative_likelihood as figure_value,
        mart.relative_likelihood_ci_lower as ci_lower,
        mart.relative_likelihood_ci_upper as ci_upper,
        mart.is_non_adverse,
        mart.is_significant
    from mart
),

final as (
    select
        coalesce(expected.org_code, figures.org_code) as org_code,
        coalesce(expected.reporting_year, figures.reporting_year) as reporting_year,
        coalesce(expected.measure, figures.measure) as measure,
        coalesce(expected.ethnic_group, figures.ethnic_group) as ethnic_group
    from expected
    full outer join figures
        on
            expected.org_code = figures.org_code
            and expected.reporting_year = figures.reporting_year
            and expected.measure = figures.measure
            and expected.ethnic_group = figures.ethnic_group
    where
        expected.org_code is null
        or figures.org_code is null
        or expected.numerator is distinct from figures.numerator
        or expected.denominator is distinct from figures.denominator
        or expected.figure_value is distinct from figures.value
        or expected.ci_lower is distinct from figures.ci_lower
        or expected.ci_upper is distinct from figures.ci_upper
        or expected.is_non_adverse is distinct from figures.is_non_adverse
        or expected.is_significant is distinct from figures.is_significant
)

select * from final
