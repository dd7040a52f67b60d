-- Indicator 2 in the shared tidy shape: relative likelihood of White applicants being appointed
-- from shortlisting compared to BME applicants, (W_appointed / W_shortlisted) / (B_appointed /
-- B_shortlisted) (spec §4; above 1 means BME applicants fare worse), with the two appointment rates
-- it is made of. Applications of Unknown ethnicity are in neither group. One set of rows for every
-- organisation-year of int_shortlisted_applications_counted.
with counts as (
    select * from {{ ref('int_shortlisted_applications_counted') }}
),

rate_rows as (
    select
        org_code,
        reporting_year,
        'rate_pct' as measure,
        'White' as ethnic_group,
        white_appointed as numerator,
        white_shortlisted as denominator,
        {{ percentage('white_appointed', 'white_shortlisted') }} as figure_value,
        {{ wilson_bound('white_appointed', 'white_shortlisted', 'lower') }} as ci_lower,
        {{ wilson_bound('white_appointed', 'white_shortlisted', 'upper') }} as ci_upper,
        cast(null as boolean) as is_non_adverse,
        cast(null as boolean) as is_significant,
        case when white_shortlisted = 0 then 'denominator_zero' end as not_calculable_reason
    from counts
    union all
    select
        org_code,
        reporting_year,
        'rate_pct' as measure,
        'BME' as ethnic_group,
        bme_appointed as numerator,
        bme_shortlisted as denominator,
        {{ percentage('bme_appointed', 'bme_shortlisted') }} as figure_value,
        {{ wilson_bound('bme_appointed', 'bme_shortlisted', 'lower') }} as ci_lower,
        {{ wilson_bound('bme_appointed', 'bme_shortlisted', 'upper') }} as ci_upper,
        cast(null as boolean) as is_non_adverse,
        cast(null as boolean) as is_significant,
        case when bme_shortlisted = 0 then 'denominator_zero' end as not_calculable_reason
    from counts
),

likelihoods as (
    select
        org_code,
        reporting_year,
        {{ relative_likelihood('white_appointed', 'white_shortlisted', 'bme_appointed', 'bme_shortlisted') }}
            as figure_value,
        {{ relative_likelihood_bound(
            'white_appointed', 'white_shortlisted', 'bme_appointed', 'bme_shortlisted', 'lower'
        ) }} as ci_lower,
        {{ relative_likelihood_bound(
            'white_appointed', 'white_shortlisted', 'bme_appointed', 'bme_shortlisted', 'upper'
        ) }} as ci_upper,
        {{ relative_likelihood_not_calculable_reason(
            'white_appointed', 'white_shortlisted', 'bme_appointed', 'bme_shortlisted'
        ) }} as not_calculable_reason
    from counts
),

likelihood_rows as (
    select
        org_code,
        reporting_year,
        'relative_likelihood' as measure,
        'All' as ethnic_group,
        cast(null as bigint) as numerator,
        cast(null as bigint) as denominator,
        figure_value,
        ci_lower,
        ci_upper,
        {{ is_non_adverse('figure_value') }} as is_non_adverse,
        {{ is_significant('ci_lower', 'ci_upper') }} as is_significant,
        not_calculable_reason
    from likelihoods
),

figures as (
    select * from rate_rows
    union all
    select * from likelihood_rows
),

final as (
    select
        cast(org_code as varchar) as org_code,
        cast(reporting_year as integer) as reporting_year,
        cast(2 as integer) as indicator,
        cast(measure as varchar) as measure,
        cast('overall' as varchar) as breakdown,
        cast(ethnic_group as varchar) as ethnic_group,
        cast(numerator as bigint) as numerator,
        cast(denominator as bigint) as denominator,
        -- `value` is the interface's column name (spec §8) and a keyword to sqlfluff
        cast(figure_value as double) as value,  -- noqa: RF04
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper,
        cast(is_non_adverse as boolean) as is_non_adverse,
        cast(is_significant as boolean) as is_significant,
        cast(not_calculable_reason as varchar) as not_calculable_reason
    from figures
)

select * from final
