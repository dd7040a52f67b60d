-- WDES metric 9a, the staff engagement score per respondent (wdes-spec §4, a Decision: the NSS
-- method is unverified): each subscore_item of seed survey_item_map scores (code - 1) x var
-- wdes_engagement_score_per_step (0, 2.5 ... 10 on the 1-5 scale); codes outside valid_codes
-- are missing. A sub-score is the mean of the respondent's scored items in it; the engagement
-- score is the mean of the three sub-scores, and a respondent missing a whole sub-score has none
-- (is_excluded, counted in data quality). Grain: org x survey year x respondent.
-- Person-level: never selected by a mart.
with responses as (
    select * from {{ ref('stg_staff_survey__responses') }}
),

respondents as (
    select * from {{ ref('int_equality__survey_respondents_grouped') }}
),

-- the question code lowered and the valid codes split once per item, not once per answer
items as (
    select
        *,
        lower(question_code) as question_code_lower,
        string_split(valid_codes, ',') as valid_code_list
    from {{ ref('survey_item_map') }}
    where standard_code = 'WDES' and role = 'subscore_item'
),

subscores_expected as (
    select
        survey_year,
        count(distinct subscore) as subscore_count
    from items
    group by survey_year
),

item_scores as (
    select
        responses.org_code,
        responses.survey_year,
        items.reporting_year,
        responses.respondent_id,
        items.subscore,
        cast(responses.response as double) - 1 as item_steps
    from responses
    inner join items
        on
            responses.survey_year = items.survey_year
            and lower(responses.question_code) = items.question_code_lower
    where list_contains(items.valid_code_list, responses.response)
),

subscores as (
    select
        org_code,
        survey_year,
        reporting_year,
        respondent_id,
        subscore,
        -- the mean of (code - 1) x step as the steps' sum x step / count: the codes are whole
        -- numbers, so the sum is exact in whatever order a parallel aggregation adds (the same
        -- value on every run without an ordered aggregate, and, with the default step of 2.5,
        -- the same value as the mean of the item scores added in order)
        sum(item_steps) * {{ var('wdes_engagement_score_per_step') }} / count(*) as subscore_value
    from item_scores
    group by org_code, survey_year, reporting_year, respondent_id, subscore
),

-- grouped per respondent before their group is joined: one row per respondent to look up,
-- not one per sub-score
respondent_scores as (
    select
        subscores.org_code,
        subscores.survey_year,
        subscores.reporting_year,
        subscores.respondent_id,
        count(*) as subscores_answered,
        count(*) < any_value(subscores_expected.subscore_count) as is_excluded,
        case
            when count(*) = any_value(subscores_expected.subscore_count)
                then avg(subscores.subscore_value order by subscores.subscore)
        end as engagement_score
    from subscores
    inner join subscores_expected
        on subscores.survey_year = subscores_expected.survey_year
    group by subscores.org_code, subscores.survey_year, subscores.reporting_year, subscores.respondent_id
),

final as (
    select
        respondent_scores.org_code,
        respondent_scores.survey_year,
        respondent_scores.reporting_year,
        respondent_scores.respondent_id,
        respondents.disability_group,
        respondent_scores.subscores_answered,
        respondent_scores.is_excluded,
        respondent_scores.engagement_score
    from respondent_scores
    inner join respondents
        on
            respondent_scores.org_code = respondents.org_code
            and respondent_scores.survey_year = respondents.survey_year
            and respondent_scores.respondent_id = respondents.respondent_id
)

select * from final
