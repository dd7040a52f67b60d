-- Indicator 5 (NHS Staff Survey), one friendly row per organisation and reporting year: valid and
-- positive respondents per group, White % and BME % positive with Wilson intervals, and the
-- difference BME - White in percentage points (spec §4-§5). Unweighted, unrounded; respondents of
-- Unknown ethnicity are excluded. Same figures as the indicator 5 rows of wres_indicators.
with results as (
    select * from {{ ref('int_survey_results_computed') }}
),

final as (
    select
        org_code,
        reporting_year,
        survey_year,
        white_valid_respondents,
        white_positive_respondents,
        bme_valid_respondents,
        bme_positive_respondents,
        white_pct,
        white_ci_lower,
        white_ci_upper,
        white_not_calculable_reason,
        bme_pct,
        bme_ci_lower,
        bme_ci_upper,
        bme_not_calculable_reason,
        bme_minus_white_pct_points
    from results
    where indicator = 5
)

select * from final
