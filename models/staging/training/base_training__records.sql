-- Every landed training row, typed, with the reason it is quarantined (NULL = accepted).
-- No duplicate rule: attending the same course twice is two real records, and indicator 4
-- counts distinct people anyway.
with source as (
    select * from {{ source('landing', 'training_records') }}
),

typed as (
    select
        source.source_file,
        source.source_line_number,
        {{ normalise_org_code('source.org_code') }} as org_code,
        {{ clean_text('source.employee_number') }} as employee_number,
        {{ clean_text('source.course_id') }} as course_id,
        {{ clean_text('source.course_name') }} as course_name,
        {{ parse_date('source.start_date') }} as start_date,
        {{ parse_boolean('source.is_mandatory') }} as is_mandatory,
        source.start_date as start_date_text,
        source.is_mandatory as is_mandatory_text
    from source
),

final as (
    select
        *,
        {{ quarantine_reason([
            ["org_code is null", "'missing org_code'"],
            ["employee_number is null", "'missing employee_number'"],
            [clean_text('start_date_text') ~ " is null", "'missing start_date'"],
            ["start_date is null", "'unparseable start_date: ' || start_date_text"],
            [clean_text('is_mandatory_text') ~ " is null", "'missing is_mandatory'"],
            ["is_mandatory is null", "'unrecognised is_mandatory: ' || is_mandatory_text"],
        ]) }} as quarantine_reason
    from typed
)

select * from final
