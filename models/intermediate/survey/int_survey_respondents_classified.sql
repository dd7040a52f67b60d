-- NHS Staff Survey respondents per indicator 5-8 (spec §4): every respondent of a survey year that
-- seed survey_question_map covers, once for each indicator that survey year feeds, with whether the
-- respondent is in the indicator's base (valid) and counts as positive. The seed, not this SQL, says
-- which questions, which response codes and which reporting year (survey year Y-1 feeds reporting
-- year Y); question numbers change between survey years.
-- valid: answered a code of valid_responses to any of the indicator's questions; positive: answered
-- a code of positive_responses (and of valid_responses) to any of them. That is the indicator 6 rule
-- (managers or other colleagues); the other indicators have one question. A skipped question (NULL)
-- or a code outside valid_responses is not in the base. Codes match exactly, as text: a response
-- containing a comma never matches, so the comma-separated lists cannot be fooled.
-- A respondent's ethnicity should be the same on every row. When rows disagree, the group found on
-- most of the respondent's rows wins, a tie going to the group of the respondent's first row in
-- file order; has_conflicting_ethnic_group flags them. Person-level: never selected by a mart.
with responses as (
    select * from {{ ref('stg_staff_survey__responses') }}
),

question_map as (
    select
        survey_year,
        reporting_year,
        indicator,
        lower(trim(question_code)) as question_code,
        ',' || replace(valid_responses, ' ', '') || ',' as valid_code_list,
        ',' || replace(positive_responses, ' ', '') || ',' as positive_code_list
    from {{ ref('survey_question_map') }}
),

survey_indicators as (
    select distinct
        survey_year,
        reporting_year,
        indicator
    from question_map
),

respondent_group_rows as (
    select
        org_code,
        survey_year,
        respondent_id,
        ethnic_group,
        count(*) as group_rows,
        min(source_line_number) as first_line_number
    from responses
    group by org_code, survey_year, respondent_id, ethnic_group
),

respondent_groups_ranked as (
    select
        org_code,
        survey_year,
        respondent_id,
        ethnic_group,
        row_number() over (
            partition by org_code, survey_year, respondent_id
            order by group_rows desc, first_line_number asc
        ) as group_rank,
        count(*) over (partition by org_code, survey_year, respondent_id) as distinct_groups
    from respondent_group_rows
),

respondents as (
    select
        org_code,
        survey_year,
        respondent_id,
        ethnic_group,
        distinct_groups > 1 as has_conflicting_ethnic_group
    from respondent_groups_ranked
    where group_rank = 1
),

answers_matched as (
    select
        responses.org_code,
        responses.survey_year,
        responses.respondent_id,
        question_map.indicator,
        responses.source_file,
        responses.source_line_number,
        case
            when
                responses.response is not null
                and position(',' in responses.response) = 0
                and position(',' || responses.response || ',' in question_map.valid_code_list) > 0
                then 1
            else 0
        end as is_valid_answer,
        case
            when
                responses.response is not null
                and position(',' in responses.response) = 0
                and position(',' || responses.response || ',' in question_map.valid_code_list) > 0
                and position(',' || responses.response || ',' in question_map.positive_code_list) > 0
                then 1
            else 0
        end as is_positive_answer
    from responses
    inner join question_map
        on
            responses.survey_year = question_map.survey_year
            and responses.question_code = question_map.question_code
),

answers as (
    select
        org_code,
        survey_year,
        respondent_id,
        indicator,
        max(is_valid_answer) as has_valid_answer,
        max(is_positive_answer) as has_positive_answer,
        -- the first answer line that puts the respondent in the base, and the first that makes
        -- them positive: the lines `wres trace` names for indicators 5-8 (one file per survey)
        max(source_file) as source_file,
        min(case when is_valid_answer = 1 then source_line_number end) as valid_answer_line_number,
        min(case when is_positive_answer = 1 then source_line_number end) as positive_answer_line_number
    from answers_matched
    group by org_code, survey_year, respondent_id, indicator
),

final as (
    select
        respondents.org_code,
        cast(survey_indicators.reporting_year as integer) as reporting_year,
        cast(respondents.survey_year as integer) as survey_year,
        cast(survey_indicators.indicator as integer) as indicator,
        respondents.respondent_id,
        respondents.ethnic_group,
        respondents.has_conflicting_ethnic_group,
        coalesce(answers.has_valid_answer, 0) = 1 as is_valid,
        coalesce(answers.has_positive_answer, 0) = 1 as is_positive,
        answers.source_file,
        answers.valid_answer_line_number,
        answers.positive_answer_line_number
    from respondents
    inner join survey_indicators
        on respondents.survey_year = survey_indicators.survey_year
    left join answers
        on
            respondents.org_code = answers.org_code
            and respondents.survey_year = answers.survey_year
            and respondents.respondent_id = answers.respondent_id
            and survey_indicators.indicator = answers.indicator
)

select * from final
