-- Every landed ESR row, typed, with the reason it is quarantined (NULL = accepted).
-- stg_esr__assignments keeps the accepted rows; audit.landing_quarantine the others.
with source as (
    select * from {{ source('landing', 'esr_staff_in_post') }}
),

ethnic_codes as (
    select * from {{ ref('stg_reference__ethnic_codes') }}
),

disability_values as (
    select * from {{ ref('stg_reference__disability_values') }}
),

pay_band_spellings as (
    select * from {{ ref('pay_band_spellings') }}
),

staff_groups as (
    select * from {{ ref('staff_groups') }}
),

medical_job_roles as (
    select * from {{ ref('medical_job_roles') }}
),

typed as (
    select
        source.source_file,
        source.source_line_number,
        {{ normalise_org_code('source.org_code') }} as org_code,
        {{ parse_date('source.snapshot_date') }} as snapshot_date,
        {{ clean_text('source.employee_number') }} as employee_number,
        {{ clean_text('source.assignment_number') }} as assignment_number,
        coalesce({{ parse_boolean('source.primary_assignment') }}, false) as is_primary_assignment,
        {{ clean_text('source.assignment_category') }} as assignment_category,
        {{ clean_text('source.assignment_status') }} as assignment_status,
        {{ clean_text('source.staff_group') }} as staff_group,
        {{ clean_text('source.job_role') }} as job_role,
        {{ clean_text('source.occupation_code') }} as occupation_code,
        {{ clean_text('source.pay_band') }} as pay_band,
        {{ clean_text('source.ethnic_origin') }} as ethnic_origin,
        {{ ethnicity_columns('source.ethnic_origin') }},
        {{ disability_columns('source.disability') }},
        coalesce(pay_band_spellings.band_row, 'Other') as afc_band_row,
        (pay_band_spellings.band_row is not null) as is_pay_band_recognised,
        -- spec §3: a staff group not listed as non-clinical is clinical
        coalesce(staff_groups.is_clinical, true) as is_clinical,
        coalesce(staff_groups.is_medical, false) as is_medical,
        (staff_groups.staff_group is not null) as is_staff_group_recognised,
        -- spec §3: medical staff are placed by job role; an unlisted medical role is M&D Other
        case
            when staff_groups.is_medical then coalesce(medical_job_roles.medical_row, 'M&D Other')
        end as medical_row,
        {{ dbt.safe_cast(clean_text('source.fte'), api.Column.translate_type('double')) }} as fte,
        -- raw values kept only to explain a quarantine
        source.snapshot_date as snapshot_date_text,
        source.primary_assignment as primary_assignment_text,
        source.fte as fte_text
    from source
    left join ethnic_codes
        on {{ ethnic_code_token('source.ethnic_origin') }} = ethnic_codes.ethnic_code
    left join disability_values
        on {{ normalise_disability('source.disability') }} = disability_values.raw_value
    left join pay_band_spellings
        on {{ normalise_pay_band('source.pay_band') }} = pay_band_spellings.pay_band_spelling
    left join staff_groups
        on {{ normalise_staff_group('source.staff_group') }} = lower(staff_groups.staff_group)
    left join medical_job_roles
        on lower({{ clean_text('source.job_role') }}) = lower(medical_job_roles.job_role)
),

-- try_cast reads NaN and inf as numbers, hence the non-finite rule: no one works an infinite
-- fraction of a week
checked as (
    select
        *,
        {{ quarantine_reason([
            ["org_code is null", "'missing org_code'"],
            [clean_text('snapshot_date_text') ~ " is null", "'missing snapshot_date'"],
            ["snapshot_date is null", "'unparseable snapshot_date: ' || snapshot_date_text"],
            ["employee_number is null", "'missing employee_number'"],
            ["assignment_number is null", "'missing assignment_number'"],
            ["fte is null and " ~ clean_text('fte_text') ~ " is not null", "'unparseable fte: ' || fte_text"],
            ["not isfinite(fte)", "'non-finite fte: ' || fte_text"],
            ["fte < 0", "'negative fte: ' || fte_text"],
        ]) }} as row_error
    from typed
),

final as (
    {{ with_duplicate_key_reason(
        'checked',
        ['org_code', 'snapshot_date', 'assignment_number'],
        "'duplicate key: assignment_number ' || assignment_number || ' already on snapshot ' || snapshot_date || ' of ' || org_code"
    ) }}
)

select * from final
