-- Every landed training row, typed, with the reason it is quarantined (NULL = accepted).
-- No duplicate rule: attending the same course twice is two real records, and indicator 4
-- counts distinct people anyway.
-- Start dates (a few thousand distinct values in millions of rows) are parsed once per distinct
-- landed value and joined back on that value (issue 13); `is not distinct from` types a missing
-- (NULL) value like any other.
with source as (
    select * from {{ source('landing', 'training_records') }}
),

start_date_values as (
    select
        landed.start_date as landed_value,
        {{ parse_date('landed.start_date') }} as start_date,
        ({{ clean_text('landed.start_date') }} is null) as is_start_date_blank
    from (select distinct start_date from {{ source('landing', 'training_records') }}) as landed
),

typed as (
    select
        source.source_file,
        source.source_line_number,
        {{ normalise_org_code('source.org_code') }} as org_code,
        {{ clean_identifier('source.employee_number') }} as employee_number,
        {{ clean_text('source.course_id') }} as course_id,
        {{ clean_text('source.course_name') }} as course_name,
        start_date_values.start_date,
        {{ parse_boolean('source.is_mandatory') }} as is_mandatory,
        source.start_date as start_date_text,
        source.is_mandatory as is_mandatory_text,
        start_date_values.is_start_date_blank
    from source
    left join start_date_values
        on source.start_date is not distinct from start_date_values.landed_value
),

final as (
    select
        * exclude (is_start_date_blank),
        {{ quarantine_reason([
            ["org_code is null", "'missing org_code'"],
            ["employee_number is null", "'missing employee_number'"],
            ["is_start_date_blank", "'missing start_date'"],
            ["start_date is null", "'unparseable start_date: ' || start_date_text"],
            [clean_text('is_mandatory_text') ~ " is null", "'missing is_mandatory'"],
            ["is_mandatory is null", "'unrecognised is_mandatory: ' || is_mandatory_text"],
        ]) }} as quarantine_reason
    from typed
)

select * from final
