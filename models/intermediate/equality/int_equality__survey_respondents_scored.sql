-- The Staff Survey respondents of every survey percentage metric (the `item` rows of seed
-- survey_item_map, every standard): each respondent who answered one of a metric's questions in
-- a survey year (an item, or the condition question of a routed item), once, with whether they
-- are in the metric's base (is_valid) and count as positive (is_positive). A respondent who
-- answered none is not here (not in the base); int_equality__survey_items_counted still gives
-- every organisation with respondents a row for every metric of the year.
-- A metric with several item rows in a survey year pools them per respondent (WRES indicator 6:
-- managers or other colleagues): valid when any of the items has a valid code, positive when any
-- has a code that is both valid and positive. A routed item (condition_question) counts only
-- respondents whose answer to the condition question is one of condition_codes; the answers of
-- the others are dropped and flagged (is_routing_violation). Codes match whole, as text: a
-- skipped question (NULL) or a response such as '1,2' matches no code.
-- The responses are read once: the items and the condition questions are one join. A metric-year
-- with a single question needs no grouping (staging keeps one answer per respondent and
-- question), so only pooled and routed metric-years are grouped per respondent.
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

-- one key per metric and survey year: the grouping and the joins below work on one integer
-- instead of the standard, metric and survey year (the survey is the largest extract)
metric_years as (
    select
        row_number() over (order by standard_code, metric_code, survey_year) as metric_key,
        standard_code,
        metric_code,
        survey_year,
        reporting_year,
        bool_or(condition_question is not null) as is_routed,
        count(*) > 1 or bool_or(condition_question is not null) as is_pooled
    from items
    group by standard_code, metric_code, survey_year, reporting_year
),

-- every question a metric reads in a survey year: its items, and the condition question of a
-- routed item (its condition codes as the codes that qualify)
metric_questions as (
    select
        metric_years.metric_key,
        metric_years.is_pooled,
        items.survey_year,
        lower(items.question_code) as question_code,
        true as is_item,
        string_split(items.valid_codes, ',') as valid_code_list,
        string_split(items.positive_codes, ',') as positive_code_list
    from items
    inner join metric_years
        on
            items.standard_code = metric_years.standard_code
            and items.metric_code = metric_years.metric_code
            and items.survey_year = metric_years.survey_year
    union all
    select distinct
        metric_years.metric_key,
        metric_years.is_pooled,
        items.survey_year,
        lower(items.condition_question) as question_code,
        false as is_item,
        string_split(items.condition_codes, ',') as valid_code_list,
        cast(null as varchar[]) as positive_code_list
    from items
    inner join metric_years
        on
            items.standard_code = metric_years.standard_code
            and items.metric_code = metric_years.metric_code
            and items.survey_year = metric_years.survey_year
    where items.condition_question is not null
),

answers_matched as (
    select
        metric_questions.metric_key,
        metric_questions.is_pooled,
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

single_answers as (
    select
        metric_key,
        org_code,
        survey_year,
        respondent_id,
        true as has_item_answer,
        is_valid_code as has_valid_answer,
        is_valid_code and is_positive_code as has_positive_answer,
        cast(null as boolean) as meets_condition,
        source_file,
        case when is_valid_code then source_line_number end as valid_answer_line_number,
        case when is_valid_code and is_positive_code then source_line_number end as positive_answer_line_number
    from answers_matched
    where not is_pooled
),

pooled_answers as (
    select
        metric_key,
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
    where is_pooled
    group by metric_key, org_code, survey_year, respondent_id
),

answers as (
    select * from single_answers
    union all
    select * from pooled_answers
),

routed as (
    select
        metric_years.standard_code,
        metric_years.metric_code,
        answers.org_code,
        metric_years.reporting_year,
        answers.survey_year,
        answers.respondent_id,
        case standards.characteristic
            {%- for characteristic, group_column in group_columns.items() %}
                when '{{ characteristic }}' then respondents.{{ group_column }}
            {%- endfor %}
        end as group_name,
        not metric_years.is_routed or coalesce(answers.meets_condition, false) as is_routed_in,
        answers.has_item_answer,
        answers.has_valid_answer,
        answers.has_positive_answer,
        answers.source_file,
        answers.valid_answer_line_number,
        answers.positive_answer_line_number
    from answers
    inner join metric_years
        on answers.metric_key = metric_years.metric_key
    inner join standards
        on metric_years.standard_code = standards.standard_code
    inner join respondents
        on
            answers.org_code = respondents.org_code
            and answers.survey_year = respondents.survey_year
            and answers.respondent_id = respondents.respondent_id
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
