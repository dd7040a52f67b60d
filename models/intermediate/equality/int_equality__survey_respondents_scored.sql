-- Every Staff Survey respondent of a survey year once for each survey percentage metric that
-- survey year feeds (the `item` rows of seed survey_item_map, every standard): whether the
-- respondent is in the metric's base (is_valid) and counts as positive (is_positive).
-- A metric with several item rows in a survey year pools them per respondent (WRES indicator 6:
-- managers or other colleagues): valid when any of the items has a valid code, positive when any
-- has a code that is both valid and positive. A routed item (condition_question) counts only
-- respondents whose answer to the condition question is one of condition_codes; the answers of
-- the others are dropped and flagged (is_routing_violation). Codes match whole, as text: a
-- skipped question (NULL) or a response such as '1,2' matches no code.
-- The responses are read once: the items and the condition questions are one join.
-- The respondent's group is that of the standard's characteristic (var equality_group_columns).
-- Grain: standard x metric x org x survey year x respondent. Person-level: never selected by a mart.
{%- set group_columns = var('equality_group_columns') %}

with responses as (
    select * from {{ ref('stg_staff_survey__responses') }}
),

respondents as (
    select * from {{ ref('int_equality__survey_respondents_grouped') }}
),

standards as (
    select * from {{ ref('equality_standards') }}
),

items as (
    select
        standard_code,
        metric_code,
        survey_year,
        reporting_year,
        question_code,
        valid_codes,
        positive_codes,
        -- a blank condition is none (a seed read as text, as dbt unit tests do, has '' there)
        nullif(condition_question, '') as condition_question,
        condition_codes
    from {{ ref('survey_item_map') }}
    where role = 'item'
),

metric_years as (
    select
        standard_code,
        metric_code,
        survey_year,
        reporting_year,
        bool_or(condition_question is not null) as is_routed
    from items
    group by standard_code, metric_code, survey_year, reporting_year
),

-- every question a metric reads in a survey year: its items, and the condition question of a
-- routed item (its condition codes as the codes that qualify)
metric_questions as (
    select
        standard_code,
        metric_code,
        survey_year,
        lower(question_code) as question_code,
        true as is_item,
        string_split(valid_codes, ',') as valid_code_list,
        string_split(positive_codes, ',') as positive_code_list
    from items
    union all
    select distinct
        standard_code,
        metric_code,
        survey_year,
        lower(condition_question) as question_code,
        false as is_item,
        string_split(condition_codes, ',') as valid_code_list,
        cast(null as varchar[]) as positive_code_list
    from items
    where condition_question is not null
),

answers_matched as (
    select
        metric_questions.standard_code,
        metric_questions.metric_code,
        responses.org_code,
        responses.survey_year,
        responses.respondent_id,
        responses.source_file,
        responses.source_line_number,
        metric_questions.is_item,
        coalesce(list_contains(metric_questions.valid_code_list, responses.response), false) as is_valid_code,
        coalesce(list_contains(metric_questions.positive_code_list, responses.response), false)
            as is_positive_code
    from responses
    inner join metric_questions
        on
            responses.survey_year = metric_questions.survey_year
            and lower(responses.question_code) = metric_questions.question_code
),

answers as (
    select
        standard_code,
        metric_code,
        org_code,
        survey_year,
        respondent_id,
        bool_or(is_item) as has_item_answer,
        bool_or(is_item and is_valid_code) as has_valid_answer,
        bool_or(is_item and is_valid_code and is_positive_code) as has_positive_answer,
        bool_or(not is_item and is_valid_code) as meets_condition,
        max(source_file) filter (where is_item) as source_file,
        -- the first answer line that puts the respondent in the base, and the first that makes
        -- them positive: the lines `wres trace` names (one file per survey)
        min(source_line_number) filter (where is_item and is_valid_code) as valid_answer_line_number,
        min(source_line_number) filter (where is_item and is_valid_code and is_positive_code)
            as positive_answer_line_number
    from answers_matched
    group by standard_code, metric_code, org_code, survey_year, respondent_id
),

routed as (
    select
        metric_years.standard_code,
        metric_years.metric_code,
        respondents.org_code,
        metric_years.reporting_year,
        respondents.survey_year,
        respondents.respondent_id,
        case standards.characteristic
            {%- for characteristic, group_column in group_columns.items() %}
                when '{{ characteristic }}' then respondents.{{ group_column }}
            {%- endfor %}
        end as group_name,
        not metric_years.is_routed or coalesce(answers.meets_condition, false) as is_routed_in,
        coalesce(answers.has_item_answer, false) as has_item_answer,
        coalesce(answers.has_valid_answer, false) as has_valid_answer,
        coalesce(answers.has_positive_answer, false) as has_positive_answer,
        answers.source_file,
        answers.valid_answer_line_number,
        answers.positive_answer_line_number
    from respondents
    inner join metric_years
        on respondents.survey_year = metric_years.survey_year
    inner join standards
        on metric_years.standard_code = standards.standard_code
    left join answers
        on
            metric_years.standard_code = answers.standard_code
            and metric_years.metric_code = answers.metric_code
            and respondents.org_code = answers.org_code
            and respondents.survey_year = answers.survey_year
            and respondents.respondent_id = answers.respondent_id
),

final as (
    select
        cast(standard_code as varchar) as standard_code,
        cast(metric_code as varchar) as metric_code,
        cast(org_code as varchar) as org_code,
        cast(reporting_year as integer) as reporting_year,
        cast(survey_year as integer) as survey_year,
        respondent_id,
        cast(group_name as varchar) as group_name,
        has_valid_answer and is_routed_in as is_valid,
        has_positive_answer and is_routed_in as is_positive,
        has_item_answer and not is_routed_in as is_routing_violation,
        source_file,
        case when is_routed_in then valid_answer_line_number end as valid_answer_line_number,
        case when is_routed_in then positive_answer_line_number end as positive_answer_line_number
    from routed
)

select * from final
