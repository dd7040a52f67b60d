-- WDES survey percentages (wdes-spec §4 metrics 4a-8): for every item row of seed
-- survey_item_map, the respondents of each disability group whose answer is a valid code
-- (the base) and a positive code, unweighted. A routed item (metric 6: q11e) counts only
-- respondents whose answer to condition_question is in condition_codes; the others' answers are
-- dropped (routing_violations counts them for data quality). Groups: Disabled, Non-disabled and
-- All (every respondent, Unknown included). Grain: metric x org x survey year x group.
with responses as (
    select * from {{ ref('stg_staff_survey__responses') }}
),

respondents as (
    select * from {{ ref('int_equality__survey_respondents_grouped') }}
),

items as (
    select * from {{ ref('survey_item_map') }}
    where standard_code = 'WDES' and role = 'item'
),

answers as (
    select
        items.metric_code,
        items.reporting_year,
        responses.org_code,
        responses.survey_year,
        responses.respondent_id,
        respondents.disability_group,
        list_contains(string_split(items.valid_codes, ','), responses.response) as is_valid,
        list_contains(string_split(items.positive_codes, ','), responses.response) as is_positive,
        items.condition_question,
        items.condition_codes
    from responses
    inner join items
        on
            responses.survey_year = items.survey_year
            and lower(responses.question_code) = lower(items.question_code)
    inner join respondents
        on
            responses.org_code = respondents.org_code
            and responses.survey_year = respondents.survey_year
            and responses.respondent_id = respondents.respondent_id
),

conditions as (
    select
        answers.metric_code,
        answers.org_code,
        answers.survey_year,
        answers.respondent_id,
        bool_or(list_contains(string_split(answers.condition_codes, ','), condition_answers.response))
            as meets_condition
    from answers
    inner join responses as condition_answers
        on
            answers.org_code = condition_answers.org_code
            and answers.survey_year = condition_answers.survey_year
            and answers.respondent_id = condition_answers.respondent_id
            and lower(answers.condition_question) = lower(condition_answers.question_code)
    where answers.condition_question is not null
    group by answers.metric_code, answers.org_code, answers.survey_year, answers.respondent_id
),

routed as (
    select
        answers.*,
        answers.condition_question is null or coalesce(conditions.meets_condition, false) as is_routed_in
    from answers
    left join conditions
        on
            answers.metric_code = conditions.metric_code
            and answers.org_code = conditions.org_code
            and answers.survey_year = conditions.survey_year
            and answers.respondent_id = conditions.respondent_id
),

by_group as (
    select
        metric_code,
        reporting_year,
        org_code,
        survey_year,
        disability_group,
        is_valid,
        is_positive,
        is_routed_in
    from routed
    where disability_group in ('Disabled', 'Non-disabled')
    union all
    select
        metric_code,
        reporting_year,
        org_code,
        survey_year,
        'All' as disability_group,
        is_valid,
        is_positive,
        is_routed_in
    from routed
),

final as (
    select
        metric_code,
        org_code,
        reporting_year,
        survey_year,
        disability_group,
        count(*) filter (where is_valid and is_routed_in) as valid_respondents,
        count(*) filter (where is_valid and is_routed_in and is_positive) as positive_respondents,
        count(*) filter (where not is_routed_in) as routing_violations
    from by_group
    group by metric_code, org_code, reporting_year, survey_year, disability_group
)

select * from final
