-- Indicator 4 in the shared tidy shape: relative likelihood of White staff accessing
-- non-mandatory training and CPD compared to BME staff, (W_accessing / W_workforce) /
-- (B_accessing / B_workforce), for every organisation and year with a workforce snapshot. Both
-- numerator and denominator come from the snapshot, so the rate is a share of the workforce.
-- the overall workforce of the equality engine's representation rows of standard WRES
with workforce as (
    select
        org_code,
        reporting_year,
        cast(sum(case when group_name = 'White' then headcount else 0 end) as bigint) as white_headcount,
        cast(sum(case when group_name = 'BME' then headcount else 0 end) as bigint) as bme_headcount
    from {{ ref('int_equality__representation_counted') }}
    where standard_code = 'WRES' and breakdown_kind = 'overall'
    group by org_code, reporting_year
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
        {{ tidy_figure_columns(indicator=4, breakdown="'overall'") }}
    from figures
)

select * from final
