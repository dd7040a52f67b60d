-- Indicator 4 in the shared tidy shape: relative likelihood of White staff accessing
-- non-mandatory training and CPD compared to BME staff, (W_accessing / W_workforce) /
-- (B_accessing / B_workforce), for every organisation and year with a workforce snapshot. Both
-- numerator and denominator come from the snapshot, so the rate is a share of the workforce.
-- The figures are the equality engine's for standard WRES, metric 4 (seed equality_metrics:
-- training, reference_over_target, group_source workforce).
with likelihoods as (
    select * from {{ ref('int_equality__likelihood_figures') }}
    where standard_code = 'WRES' and metric_code = '4'
),

figures as (
    select
        org_code,
        reporting_year,
        measure,
        breakdown,
        group_name as ethnic_group,
        numerator,
        denominator,
        value,
        ci_lower,
        ci_upper,
        is_non_adverse,
        is_significant,
        not_calculable_reason
    from likelihoods
),

final as (
    select
        {{ tidy_figure_columns(indicator=4) }}
    from figures
)

select * from final
