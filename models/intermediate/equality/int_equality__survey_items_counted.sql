-- The survey percentage metrics of every standard (WRES indicators 5-8, wdes-spec §4 metrics
-- 4a-8), counted from int_equality__survey_respondents_scored: per group, the respondents in the
-- base (valid) and positive, unweighted, and the answers dropped by routing. Groups: every group
-- of the standard with a respondent in the organisation's survey year (target, reference,
-- unknown) and All (every respondent, unknown included). Every organisation with respondents in
-- a survey year has an All row for each metric of that year, with zero counts when nobody
-- answered. Grain: standard x metric x org x survey year x group.
with respondents as (
    select * from {{ ref('int_equality__survey_respondents_scored') }}
),

by_group as (
    select
        standard_code,
        metric_code,
        org_code,
        reporting_year,
        survey_year,
        group_name,
        is_valid,
        is_positive,
        is_routing_violation
    from respondents
    union all
    select
        standard_code,
        metric_code,
        org_code,
        reporting_year,
        survey_year,
        'All' as group_name,
        is_valid,
        is_positive,
        is_routing_violation
    from respondents
),

final as (
    select
        standard_code,
        metric_code,
        org_code,
        reporting_year,
        survey_year,
        group_name,
        count(*) filter (where is_valid) as valid_respondents,
        count(*) filter (where is_positive) as positive_respondents,
        count(*) filter (where is_routing_violation) as routing_violations
    from by_group
    group by standard_code, metric_code, org_code, reporting_year, survey_year, group_name
)

select * from final
