-- Indicators 5-8 per organisation, reporting year and indicator (spec §4): valid and positive
-- respondents of each group and the percentage positive = positive / valid x 100, unweighted, with
-- 95% Wilson intervals (spec §5) and the difference BME - White in percentage points. Respondents of
-- Unknown ethnicity are excluded from both groups (their number is kept for data quality). Every
-- organisation with responses in a mapped survey year gets a row for each indicator of that year;
-- a group without valid respondents gets NULL and 'denominator_zero'.
with respondents as (
    select * from {{ ref('int_survey_respondents_classified') }}
),

counts as (
    select
        org_code,
        reporting_year,
        survey_year,
        indicator,
        sum(case when ethnic_group = 'White' and is_valid then 1 else 0 end) as white_valid_respondents,
        sum(case when ethnic_group = 'White' and is_positive then 1 else 0 end) as white_positive_respondents,
        sum(case when ethnic_group = 'BME' and is_valid then 1 else 0 end) as bme_valid_respondents,
        sum(case when ethnic_group = 'BME' and is_positive then 1 else 0 end) as bme_positive_respondents,
        sum(case when ethnic_group = 'Unknown' and is_valid then 1 else 0 end) as unknown_valid_respondents
    from respondents
    group by org_code, reporting_year, survey_year, indicator
),

percentages as (
    select
        org_code,
        reporting_year,
        survey_year,
        indicator,
        white_valid_respondents,
        white_positive_respondents,
        bme_valid_respondents,
        bme_positive_respondents,
        unknown_valid_respondents,
        {{ percentage('white_positive_respondents', 'white_valid_respondents') }} as white_pct,
        {{ wilson_bound('white_positive_respondents', 'white_valid_respondents', 'lower') }} as white_ci_lower,
        {{ wilson_bound('white_positive_respondents', 'white_valid_respondents', 'upper') }} as white_ci_upper,
        case when white_valid_respondents = 0 then 'denominator_zero' end as white_not_calculable_reason,
        {{ percentage('bme_positive_respondents', 'bme_valid_respondents') }} as bme_pct,
        {{ wilson_bound('bme_positive_respondents', 'bme_valid_respondents', 'lower') }} as bme_ci_lower,
        {{ wilson_bound('bme_positive_respondents', 'bme_valid_respondents', 'upper') }} as bme_ci_upper,
        case when bme_valid_respondents = 0 then 'denominator_zero' end as bme_not_calculable_reason
    from counts
),

final as (
    select
        cast(org_code as varchar) as org_code,
        cast(reporting_year as integer) as reporting_year,
        cast(survey_year as integer) as survey_year,
        cast(indicator as integer) as indicator,
        cast(white_valid_respondents as bigint) as white_valid_respondents,
        cast(white_positive_respondents as bigint) as white_positive_respondents,
        cast(bme_valid_respondents as bigint) as bme_valid_respondents,
        cast(bme_positive_respondents as bigint) as bme_positive_respondents,
        cast(unknown_valid_respondents as bigint) as unknown_valid_respondents,
        cast(white_pct as double) as white_pct,
        cast(white_ci_lower as double) as white_ci_lower,
        cast(white_ci_upper as double) as white_ci_upper,
        cast(white_not_calculable_reason as varchar) as white_not_calculable_reason,
        cast(bme_pct as double) as bme_pct,
        cast(bme_ci_lower as double) as bme_ci_lower,
        cast(bme_ci_upper as double) as bme_ci_upper,
        cast(bme_not_calculable_reason as varchar) as bme_not_calculable_reason,
        cast(bme_pct - white_pct as double) as bme_minus_white_pct_points
    from percentages
)

select * from final
