-- Staff Survey respondents with their disability group (wdes-spec §2.2): the survey extract's
-- disability column when it is filled (mapped like every extract), otherwise the respondent's
-- answer to the year's long-lasting-condition question of seed survey_group_questions (1 Yes
-- Disabled, 2 No Non-disabled, anything else or no answer Unknown). When both exist and
-- disagree the column wins and has_group_conflict is true (counted in data quality).
-- Grain: org x survey year x respondent. Person-level: never selected by a mart.
with responses as (
    select * from {{ ref('stg_staff_survey__responses') }}
),

group_questions as (
    select * from {{ ref('survey_group_questions') }}
    where characteristic = 'disability'
),

respondents as (
    select
        org_code,
        survey_year,
        respondent_id,
        -- the column is a property of the respondent: any filled value of their rows
        max(disability) as disability,
        max(case when disability is not null then disability_group end) as column_group
    from responses
    group by org_code, survey_year, respondent_id
),

question_answers as (
    select
        responses.org_code,
        responses.survey_year,
        responses.respondent_id,
        max(group_questions.group_name) as question_group
    from responses
    inner join group_questions
        on
            responses.survey_year = group_questions.survey_year
            and lower(responses.question_code) = lower(group_questions.question_code)
            and responses.response = group_questions.response_code
    group by responses.org_code, responses.survey_year, responses.respondent_id
),

final as (
    select
        respondents.org_code,
        respondents.survey_year,
        respondents.respondent_id,
        coalesce(respondents.column_group, question_answers.question_group, 'Unknown') as disability_group,
        case when respondents.column_group is not null then 'column' else 'question' end as group_source,
        coalesce(
            respondents.column_group is not null
            and question_answers.question_group is not null
            and respondents.column_group != question_answers.question_group,
            false
        ) as has_group_conflict
    from respondents
    left join question_answers
        on
            respondents.org_code = question_answers.org_code
            and respondents.survey_year = question_answers.survey_year
            and respondents.respondent_id = question_answers.respondent_id
)

select * from final
