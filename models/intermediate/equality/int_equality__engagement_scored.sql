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

items as (
    select * from {{ ref('survey_item_map') }}
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
        (cast(responses.response as double) - 1) * {{ var('wdes_engagement_score_per_step') }} as item_score
    from responses
    inner join items
        on
            responses.survey_year = items.survey_year
            and lower(responses.question_code) = lower(items.question_code)
    where list_contains(string_split(items.valid_codes, ','), responses.response)
),

subscores as (
    select
        org_code,
        survey_year,
        reporting_year,
        respondent_id,
        subscore,
        -- ordered so that the floating-point sum is the same on every run (parallel aggregation
        -- may otherwise add in another order)
        avg(item_score order by item_score) as subscore_value
    from item_scores
    group by org_code, survey_year, reporting_year, respondent_id, subscore
),

final as (
    select
        subscores.org_code,
        subscores.survey_year,
        subscores.reporting_year,
        subscores.respondent_id,
        respondents.disability_group,
        count(*) as subscores_answered,
        count(*) < any_value(subscores_expected.subscore_count) as is_excluded,
        case
            when count(*) = any_value(subscores_expected.subscore_count)
                then avg(subscores.subscore_value order by subscores.subscore)
        end as engagement_score
    from subscores
    inner join subscores_expected
        on subscores.survey_year = subscores_expected.survey_year
    inner join respondents
        on
            subscores.org_code = respondents.org_code
            and subscores.survey_year = respondents.survey_year
            and subscores.respondent_id = respondents.respondent_id
    group by
        subscores.org_code, subscores.survey_year, subscores.reporting_year, subscores.respondent_id,
        respondents.disability_group
)

select * from final
