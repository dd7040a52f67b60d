-- Indicator 4 in the shared tidy shape: relative likelihood of White staff accessing
-- non-mandatory training and CPD compared to BME staff, (W_accessing / W_workforce) /
-- (B_accessing / B_workforce), for every organisation and year with a workforce snapshot. Both
-- numerator and denominator come from the snapshot, so the rate is a share of the workforce.
with workforce as (
    select * from {{ ref('int_workforce_headcounts_aggregated') }}
    where section = 'overall'
),

accessors as (
    select * from {{ ref('int_training_accessors_identified') }}
),

counts as (
    {{ workforce_event_counts('workforce', 'accessors', 'accessing') }}
),

figures as (
    {{ likelihood_figure_rows(
        'counts', 'white_accessing', 'white_workforce', 'bme_accessing', 'bme_workforce', ratio_of='White'
    ) }}
),

final as (
    select
        cast(org_code as varchar) as org_code,
        cast(reporting_year as integer) as reporting_year,
        cast(4 as integer) as indicator,
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
