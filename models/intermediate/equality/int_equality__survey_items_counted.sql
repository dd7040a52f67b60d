-- The survey percentage metrics of every standard (WRES indicators 5-8, wdes-spec §4 metrics
-- 4a-8), counted from int_equality__survey_respondents_scored: per group, the respondents in the
-- base (valid) and positive, unweighted, and the answers dropped by routing. Groups: every group
-- of the standard with a respondent who answered one of the metric's questions (target,
-- reference, unknown), and All (every respondent, unknown included). Every organisation with
-- respondents in a survey year has an All row for each metric of that year (seed
-- survey_item_map), with zero counts when nobody answered.
-- Grain: standard x metric x org x survey year x group.
with respondents as (
    select * from {{ ref('int_equality__survey_respondents_scored') }}
),

survey_org_years as (
    select distinct
        org_code,
        survey_year
    from {{ ref('int_equality__survey_respondents_grouped') }}
),

metric_years as (
    select distinct
        standard_code,
        metric_code,
        survey_year,
        reporting_year
    from {{ ref('survey_item_map') }}
    where role = 'item'
),

by_group as (
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
    from respondents
    group by standard_code, metric_code, org_code, reporting_year, survey_year, group_name
),

all_respondents as (
    select
        standard_code,
        metric_code,
        org_code,
        survey_year,
        sum(valid_respondents) as valid_respondents,
        sum(positive_respondents) as positive_respondents,
        sum(routing_violations) as routing_violations
    from by_group
    group by standard_code, metric_code, org_code, survey_year
),

final as (
    select
        standard_code,
        metric_code,
        org_code,
        cast(reporting_year as integer) as reporting_year,
        cast(survey_year as integer) as survey_year,
        cast(group_name as varchar) as group_name,
        valid_respondents,
        positive_respondents,
        routing_violations
    from by_group
    union all
    select
        metric_years.standard_code,
        metric_years.metric_code,
        survey_org_years.org_code,
        cast(metric_years.reporting_year as integer) as reporting_year,
        cast(survey_org_years.survey_year as integer) as survey_year,
        'All' as group_name,
        cast(coalesce(all_respondents.valid_respondents, 0) as bigint) as valid_respondents,
        cast(coalesce(all_respondents.positive_respondents, 0) as bigint) as positive_respondents,
        cast(coalesce(all_respondents.routing_violations, 0) as bigint) as routing_violations
    from survey_org_years
    inner join metric_years
        on survey_org_years.survey_year = metric_years.survey_year
    left join all_respondents
        on
            metric_years.standard_code = all_respondents.standard_code
            and metric_years.metric_code = all_respondents.metric_code
            and survey_org_years.org_code = all_respondents.org_code
            and survey_org_years.survey_year = all_respondents.survey_year
)

select * from final
