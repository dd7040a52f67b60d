-- Every landed Staff Survey row, typed, with the reason it is quarantined (NULL = accepted).
-- A blank response is a skipped question, accepted with a NULL response; whether a response
-- counts is decided by seed survey_item_map downstream.
-- Not materialized: the duplicate-key rule reads `checked` twice (macro with_duplicate_key_reason).
-- DuckDB would buffer a copy of every row to share between the two reads; for the survey (the
-- most rows, the cheapest typing) typing the key columns twice costs less (issue 13: 16 -> 10
-- CPU-s at 40 organisations). The other extracts' typing costs more than the buffer: theirs are.
with source as not materialized (
    select * from {{ source('landing', 'staff_survey_responses') }}
),

ethnic_codes as (
    select * from {{ ref('stg_reference__ethnic_codes') }}
),

disability_values as (
    select * from {{ ref('stg_reference__disability_values') }}
),

typed as not materialized (
    select
        source.source_file,
        source.source_line_number,
        {{ normalise_org_code('source.org_code') }} as org_code,
        {{ dbt.safe_cast(clean_text('source.survey_year'), api.Column.translate_type('integer')) }} as survey_year,
        {{ clean_text('source.respondent_id') }} as respondent_id,
        {{ clean_text('source.ethnic_origin') }} as ethnic_origin,
        {{ ethnicity_columns('source.ethnic_origin') }},
        {{ disability_columns('source.disability') }},
        lower({{ clean_text('source.question_code') }}) as question_code,
        {{ clean_text('source.response') }} as response,
        source.survey_year as survey_year_text
    from source
    left join ethnic_codes
        on {{ ethnic_code_token('source.ethnic_origin') }} = ethnic_codes.ethnic_code
    left join disability_values
        on {{ normalise_disability('source.disability') }} = disability_values.raw_value
),

checked as not materialized (
    select
        *,
        {{ quarantine_reason([
            ["org_code is null", "'missing org_code'"],
            [clean_text('survey_year_text') ~ " is null", "'missing survey_year'"],
            ["survey_year is null", "'unparseable survey_year: ' || survey_year_text"],
            ["respondent_id is null", "'missing respondent_id'"],
            ["question_code is null", "'missing question_code'"],
        ]) }} as row_error
    from typed
),

final as (
    {{ with_duplicate_key_reason(
        'checked',
        ['org_code', 'survey_year', 'respondent_id', 'question_code'],
        "'duplicate key: respondent_id ' || respondent_id || ' answered ' || question_code || ' twice in survey ' || survey_year || ' of ' || org_code"
    ) }}
)

select * from final
