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
with source as not materialized (
    select * from {{ source('landing', 'staff_survey_responses') }}
),

ethnic_codes as (
    select * from {{ ref('stg_reference__ethnic_codes') }}
),

disability_values as (
    select * from {{ ref('stg_reference__disability_values') }}
),

typed_keys as not materialized (
    select
        source_file,
        source_line_number,
        {{ normalise_org_code('org_code') }} as org_code,
        {{ dbt.safe_cast(clean_text('survey_year'), api.Column.translate_type('integer')) }} as survey_year,
        {{ clean_text('respondent_id') }} as respondent_id,
        lower({{ clean_text('question_code') }}) as question_code,
        survey_year as survey_year_text,
        ethnic_origin as landed_ethnic_origin,
        disability as landed_disability,
        response as landed_response
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

checked as not materialized (
    select
        checked_keys.source_file,
        checked_keys.source_line_number,
        checked_keys.org_code,
        checked_keys.survey_year,
        checked_keys.respondent_id,
        {{ clean_text('checked_keys.landed_ethnic_origin') }} as ethnic_origin,
        {{ ethnicity_columns('checked_keys.landed_ethnic_origin') }},
        {{ disability_columns('checked_keys.landed_disability') }},
        checked_keys.question_code,
        {{ clean_text('checked_keys.landed_response') }} as response,
        checked_keys.survey_year_text,
        checked_keys.row_error
    from checked_keys
    left join ethnic_codes
        on {{ ethnic_code_token('checked_keys.landed_ethnic_origin') }} = ethnic_codes.ethnic_code
    left join disability_values
        on {{ normalise_disability('checked_keys.landed_disability') }} = disability_values.raw_value
),

final as (
    {{ with_duplicate_key_reason(
        'checked',
        ['org_code', 'survey_year', 'respondent_id', 'question_code'],
        "'duplicate key: respondent_id ' || respondent_id || ' answered ' || question_code || ' twice in survey ' || survey_year || ' of ' || org_code",
        key_relation='checked_keys'
    ) }}
)

select * from final
