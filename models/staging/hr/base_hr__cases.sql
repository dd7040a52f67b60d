-- Every landed HR case row, typed, with the reason it is quarantined (NULL = accepted).
with source as (
    select * from {{ source('landing', 'hr_cases') }}
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
        {{ clean_text('source.case_id') }} as case_id,
        {{ clean_text('source.employee_number') }} as employee_number,
        {{ clean_text('source.case_type') }} as case_type,
        coalesce(lower({{ clean_text('source.case_type') }}) = 'disciplinary', false) as is_disciplinary,
        {{ parse_date('source.investigation_start_date') }} as investigation_start_date,
        {{ clean_text('source.ethnic_origin') }} as ethnic_origin,
        {{ ethnicity_columns('source.ethnic_origin') }},
        {{ disability_columns('source.disability') }},
        {{ clean_text('source.capability_reason') }} as capability_reason,
        {{ parse_date('source.formal_process_start_date') }} as formal_process_start_date,
        source.formal_process_start_date as formal_process_start_date_text,
        source.investigation_start_date as investigation_start_date_text
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
            ["case_id is null", "'missing case_id'"],
            ["employee_number is null", "'missing employee_number'"],
            ["investigation_start_date is null and " ~ clean_text('investigation_start_date_text') ~ " is not null",
             "'unparseable investigation_start_date: ' || investigation_start_date_text"],
            ["formal_process_start_date is null and " ~ clean_text('formal_process_start_date_text') ~ " is not null",
             "'unparseable formal_process_start_date: ' || formal_process_start_date_text"],
        ]) }} as row_error
    from typed
),

final as (
    {{ with_duplicate_key_reason(
        'checked',
        ['org_code', 'case_id'],
        "'duplicate key: case_id ' || case_id || ' already in ' || org_code"
    ) }}
)

select * from final
