-- Indicator 2 in the shared tidy shape: relative likelihood of White applicants being appointed
-- from shortlisting compared to BME applicants, (W_appointed / W_shortlisted) / (B_appointed /
-- B_shortlisted) (spec §4; above 1 means BME applicants fare worse), with the two appointment rates
-- it is made of. Applications of Unknown ethnicity are in neither group. One set of rows for every
-- organisation-year of int_shortlisted_applications_counted.
with counts as (
    select * from {{ ref('int_shortlisted_applications_counted') }}
),

figures as (
    {{ likelihood_figure_rows(
        'counts', 'white_appointed', 'white_shortlisted', 'bme_appointed', 'bme_shortlisted', ratio_of='White'
    ) }}
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
        cast(value as double) as value,
        cast(ci_lower as double) as ci_lower,
        cast(ci_upper as double) as ci_upper,
        cast(is_non_adverse as boolean) as is_non_adverse,
        cast(is_significant as boolean) as is_significant,
        cast(not_calculable_reason as varchar) as not_calculable_reason
    from figures
)

select * from final
