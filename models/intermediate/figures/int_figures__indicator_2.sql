-- Indicator 2 in the shared tidy shape: relative likelihood of White applicants being appointed
-- from shortlisting compared to BME applicants, (W_appointed / W_shortlisted) / (B_appointed /
-- B_shortlisted) (spec §4; above 1 means BME applicants fare worse), with the two appointment rates
-- it is made of. Applications of Unknown ethnicity are in neither group. One set of rows for every
-- organisation-year with a shortlisted application or a workforce snapshot. The figures are the
-- equality engine's for standard WRES, metric 2 (seed equality_metrics: recruitment,
-- reference_over_target), all applications (the published breakdown overall).
with likelihoods as (
    select * from {{ ref('int_equality__likelihood_figures') }}
    where standard_code = 'WRES' and metric_code = '2' and breakdown = 'all_applications'
),

figures as (
    select
        org_code,
        reporting_year,
        measure,
        'overall' as breakdown,
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
        {{ tidy_figure_columns(indicator=2) }}
    from figures
)

select * from final
