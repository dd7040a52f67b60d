-- Every landed Staff Survey row, typed, with the reason it is quarantined (NULL = accepted).
-- A blank response is a skipped question, accepted with a NULL response; whether a response
-- counts is decided by seed survey_item_map downstream.
-- Not materialized: the duplicate-key rule reads the rows twice (macro with_duplicate_key_reason).
-- DuckDB would buffer a copy of every row to share between the two reads; for the survey (the
-- most rows, the cheapest typing) typing the key columns twice costs less (issue 13: 16 -> 10
-- CPU-s at 40 organisations). ESR and recruitment are not materialized either, their keys read
-- before their lookups in the same way; HR and board (few rows) keep the buffer.
-- The key and its rules come before the ethnicity and disability lookups (checked_keys), and the
-- rule's second read reads them: reading `checked` there would join the lookups a second time for
-- a key that does not need them (issue 13: about a fifth of this model's CPU at 40 organisations).
-- Ethnic origin and disability are typed once per distinct landed value (macro
-- landed_equality_lookups, as ESR and recruitment) and joined
-- back on that value, instead of a split, a regular expression and a lookup per row. Each typed
-- question code has a number (question_values), joined only where the duplicate-key rule reads
-- the keys (numbered_keys): the bit of the question in a mask per respondent (macro argument
-- member_bits), so the rule makes a group per respondent instead of one per row. Issue 13,
-- 40 organisations, this model built alone: 12.6 -> 8.7 CPU-s (median of 3; writing the table is
-- about 7 of them).
with source as not materialized (
    select * from {{ source('landing', 'staff_survey_responses') }}
),

ethnic_codes as (
    select * from {{ ref('stg_reference__ethnic_codes') }}
),

disability_values as (
    select * from {{ ref('stg_reference__disability_values') }}
),

{{ landed_equality_lookups(source('landing', 'staff_survey_responses')) }},

-- each typed question code is numbered from 0 in code order (landed spellings of one code share
-- its number); a missing code is quarantined and never reaches the duplicate-key rule
question_values as (
    select
        landed_value,
        question_code,
        dense_rank() over (order by question_code) - 1 as question_number
    from (
        select
            landed.question_code as landed_value,
            lower({{ clean_text('landed.question_code') }}) as question_code
        from (select distinct question_code from {{ source('landing', 'staff_survey_responses') }}) as landed
    ) as typed
),

typed_keys as not materialized (
    select
        source_file,
        source_line_number,
        {{ normalise_org_code('org_code') }} as org_code,
        {{ dbt.safe_cast(clean_text('survey_year'), api.Column.translate_type('integer')) }} as survey_year,
        {{ clean_text('respondent_id') }} as respondent_id,
        lower({{ clean_text('question_code') }}) as question_code,
        {{ clean_text('response') }} as response,
        survey_year as survey_year_text,
        question_code as landed_question_code,
        ethnic_origin as landed_ethnic_origin,
        disability as landed_disability
    from source
),

checked_keys as not materialized (
    select
        *,
        {{ quarantine_reason([
            ["org_code is null", "'missing org_code'"],
            [clean_text('survey_year_text') ~ " is null", "'missing survey_year'"],
            ["survey_year is null", "'unparseable survey_year: ' || survey_year_text"],
            ["respondent_id is null", "'missing respondent_id'"],
            ["question_code is null", "'missing question_code'"],
        ]) }} as row_error
    from typed_keys
),

-- the keys and the number of their question: the duplicate-key rule's reads
numbered_keys as not materialized (
    select
        checked_keys.*,
        question_values.question_number
    from checked_keys
    left join question_values
        on checked_keys.landed_question_code is not distinct from question_values.landed_value
),

checked as not materialized (
    select
        checked_keys.source_file,
        checked_keys.source_line_number,
        checked_keys.org_code,
        checked_keys.survey_year,
        checked_keys.respondent_id,
        {{ landed_equality_columns() }},
        checked_keys.question_code,
        checked_keys.response,
        checked_keys.row_error
    from checked_keys
    {{ landed_equality_joins('checked_keys') }}
),

final as (
    {{ with_duplicate_key_reason(
        'checked',
        ['org_code', 'survey_year', 'respondent_id', 'question_code'],
        "'duplicate key: respondent_id ' || respondent_id || ' answered ' || question_code || ' twice in survey ' || survey_year || ' of ' || org_code",
        key_relation='numbered_keys',
        member_bits='question_number'
    ) }}
)

select * from final
