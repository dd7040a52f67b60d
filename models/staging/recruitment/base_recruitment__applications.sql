-- Every landed recruitment row, typed, with the reason it is quarantined (NULL = accepted).
with source as (
    select * from {{ source('landing', 'recruitment_applications') }}
),

ethnic_codes as (
    select * from {{ ref('stg_reference__ethnic_codes') }}
),

disability_values as (
    select * from {{ ref('stg_reference__disability_values') }}
),

typed as (
    select
        source.source_file,
        source.source_line_number,
        {{ normalise_org_code('source.org_code') }} as org_code,
        {{ clean_text('source.vacancy_id') }} as vacancy_id,
        {{ clean_text('source.application_id') }} as application_id,
        {{ clean_text('source.applicant_id') }} as applicant_id,
        {{ clean_text('source.ethnic_origin') }} as ethnic_origin,
        {{ ethnicity_columns('source.ethnic_origin') }},
        {{ disability_columns('source.disability') }},
        -- wdes-spec §4 metric 2: Disability Confident guaranteed interview (NULL when absent)
        {{ parse_boolean('source.is_guaranteed_interview') }} as is_guaranteed_interview,
        {{ parse_date('source.shortlisted_date') }} as shortlisted_date,
        {{ clean_text('source.outcome') }} as outcome,
        -- spec §4: only an accepted offer is an appointment
        coalesce(lower({{ clean_text('source.outcome') }}) = 'appointed', false) as is_appointed,
        source.shortlisted_date as shortlisted_date_text
    from source
    left join ethnic_codes
        on {{ ethnic_code_token('source.ethnic_origin') }} = ethnic_codes.ethnic_code
    left join disability_values
        on {{ normalise_disability('source.disability') }} = disability_values.raw_value
),

checked as (
    select
        *,
        {{ quarantine_reason([
            ["org_code is null", "'missing org_code'"],
            ["application_id is null", "'missing application_id'"],
            ["shortlisted_date is null and " ~ clean_text('shortlisted_date_text') ~ " is not null",
             "'unparseable shortlisted_date: ' || shortlisted_date_text"],
        ]) }} as row_error
    from typed
),

final as (
    {{ with_duplicate_key_reason(
        'checked',
        ['org_code', 'application_id'],
        "'duplicate key: application_id ' || application_id || ' already in ' || org_code"
    ) }}
)

select * from final
