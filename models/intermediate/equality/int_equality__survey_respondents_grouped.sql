-- Staff Survey respondents with their group in every characteristic of var
-- equality_group_columns, from one pass over the responses.
-- Ethnicity (WRES spec §4): a respondent's ethnicity should be the same on every row; when rows
-- disagree, the group found on most of the respondent's rows wins, a tie going to the group of
-- the respondent's first row in file order (has_conflicting_ethnic_group flags them).
-- Disability (wdes-spec §2.2): the survey extract's disability column when it is filled (mapped
-- like every extract), otherwise the respondent's answer to the year's long-lasting-condition
-- question of seed survey_group_questions (1 Yes Disabled, 2 No Non-disabled, anything else or no
-- answer Unknown). When both exist and disagree the column wins and has_group_conflict is true.
-- Grain: org x survey year x respondent. Person-level: never selected by a mart.
with responses as (
    select * from {{ ref('stg_staff_survey__responses') }}
),

group_questions as (
    select * from {{ ref('survey_group_questions') }}
    where characteristic = 'disability'
),

-- the one pass: per respondent and ethnic group, with the answer to the condition question
respondent_group_rows as (
    select
        responses.org_code,
        responses.survey_year,
        responses.respondent_id,
        responses.ethnic_group,
        count(*) as group_rows,
        min(responses.source_line_number) as first_line_number,
        -- the disability column is a property of the respondent: any filled value of their rows
        max(responses.disability) as disability,
        max(case when responses.disability is not null then responses.disability_group end) as column_group,
        max(group_questions.group_name) as question_group
    from responses
    left join group_questions
        on
            responses.survey_year = group_questions.survey_year
            and lower(responses.question_code) = lower(group_questions.question_code)
            and responses.response = group_questions.response_code
    group by responses.org_code, responses.survey_year, responses.respondent_id, responses.ethnic_group
),

respondents as (
    select
        org_code,
        survey_year,
        respondent_id,
        -- most rows first, then the earliest line; _null: a NULL group is a group like the others
        arg_max_null(ethnic_group, [group_rows, -first_line_number]) as ethnic_group,
        count(*) > 1 as has_conflicting_ethnic_group,
        max(disability) as disability,
        max(column_group) as column_group,
        max(question_group) as question_group
    from respondent_group_rows
    group by org_code, survey_year, respondent_id
),

final as (
    select
        org_code,
        survey_year,
        respondent_id,
        ethnic_group,
        has_conflicting_ethnic_group,
        coalesce(column_group, question_group, 'Unknown') as disability_group,
        case when column_group is not null then 'column' else 'question' end as group_source,
        coalesce(
            column_group is not null
            and question_group is not null
            and column_group != question_group,
            false
        ) as has_group_conflict
    from respondents
)

select * from final
