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

accessor_counts as (
    select
        org_code,
        reporting_year,
        sum(case when ethnic_group = 'White' then 1 else 0 end) as white_accessing,
        sum(case when ethnic_group = 'BME' then 1 else 0 end) as bme_accessing
    from accessors
    group by org_code, reporting_year
),

counts as (
    select
        workforce.org_code,
        workforce.reporting_year,
        workforce.white_headcount as white_workforce,
        workforce.bme_headcount as bme_workforce,
        coalesce(accessor_counts.white_accessing, 0) as white_accessing,
        coalesce(accessor_counts.bme_accessing, 0) as bme_accessing
    from workforce
    left join accessor_counts
        on
            workforce.org_code = accessor_counts.org_code
            and workforce.reporting_year = accessor_counts.reporting_year
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
