-- Every landed ESR row, typed, with the reason it is quarantined (NULL = accepted).
-- stg_esr__assignments keeps the accepted rows; audit.landing_quarantine the others.
-- The columns with few distinct values (a few dozen in millions of rows) are typed once per
-- distinct landed value and joined back on that value, so the regular expressions, date parsing
-- and lookups run per value instead of per row (issue 13: 4.2 s at 40 organisations, 38.6 s
-- national). Each value is typed by the same macros as before; `is not distinct from` types a
-- missing (NULL) value like any other.
-- Not materialized up to `checked`: the duplicate-key rule reads the rows twice (macro
-- with_duplicate_key_reason), and DuckDB would buffer a copy of every typed row to share between
-- the two reads (issue 13: 1.26 GB spilled to disk at national scale). The key and its rules come
-- first (checked_keys: the date, the identifiers and the fte, before the lookups), and the rule's
-- second read reads only them; `checked` adds the lookups once.
with source as not materialized (
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

snapshot_date_values as (
    select
        landed.snapshot_date as landed_value,
        {{ parse_date('landed.snapshot_date') }} as snapshot_date,
        ({{ clean_text('landed.snapshot_date') }} is null) as is_snapshot_date_blank
    from (select distinct snapshot_date from {{ source('landing', 'esr_staff_in_post') }}) as landed
),

{{ landed_equality_lookups(source('landing', 'esr_staff_in_post')) }},

pay_band_values as (
    select
        landed.pay_band as landed_value,
        {{ clean_text('landed.pay_band') }} as pay_band,
        coalesce(pay_band_spellings.band_row, 'Other') as afc_band_row,
        (pay_band_spellings.band_row is not null) as is_pay_band_recognised
    from (select distinct pay_band from {{ source('landing', 'esr_staff_in_post') }}) as landed
    left join pay_band_spellings
        on {{ normalise_pay_band('landed.pay_band') }} = pay_band_spellings.pay_band_spelling
),

staff_group_values as (
    select
        landed.staff_group as landed_value,
        {{ clean_text('landed.staff_group') }} as staff_group,
        -- spec §3: a staff group not listed as non-clinical is clinical
        coalesce(staff_groups.is_clinical, true) as is_clinical,
        coalesce(staff_groups.is_medical, false) as is_medical,
        (staff_groups.staff_group is not null) as is_staff_group_recognised
    from (select distinct staff_group from {{ source('landing', 'esr_staff_in_post') }}) as landed
    left join staff_groups
        on {{ normalise_staff_group('landed.staff_group') }} = lower(staff_groups.staff_group)
),

job_role_values as (
    select
        landed.job_role as landed_value,
        {{ clean_text('landed.job_role') }} as job_role,
        medical_job_roles.medical_row
    from (select distinct job_role from {{ source('landing', 'esr_staff_in_post') }}) as landed
    left join medical_job_roles
        on lower({{ clean_text('landed.job_role') }}) = lower(medical_job_roles.job_role)
),

typed_keys as not materialized (
    select
        source.source_file,
        source.source_line_number,
        {{ normalise_org_code('source.org_code') }} as org_code,
        snapshot_date_values.snapshot_date,
        {{ clean_identifier('source.employee_number') }} as employee_number,
        {{ clean_identifier('source.assignment_number') }} as assignment_number,
        {{ dbt.safe_cast(clean_text('source.fte'), api.Column.translate_type('double')) }} as fte,
        source.snapshot_date as snapshot_date_text,
        source.fte as fte_text,
        snapshot_date_values.is_snapshot_date_blank,
        source.primary_assignment as landed_primary_assignment,
        source.assignment_category as landed_assignment_category,
        source.assignment_status as landed_assignment_status,
        source.staff_group as landed_staff_group,
        source.job_role as landed_job_role,
        source.occupation_code as landed_occupation_code,
        source.pay_band as landed_pay_band,
        source.ethnic_origin as landed_ethnic_origin,
        source.disability as landed_disability
    from source
    left join snapshot_date_values
        on source.snapshot_date is not distinct from snapshot_date_values.landed_value
),

-- try_cast reads NaN and inf as numbers, hence the non-finite rule: no one works an infinite
-- fraction of a week
checked_keys as not materialized (
    select
        * exclude (is_snapshot_date_blank),
        {{ quarantine_reason([
            ["org_code is null", "'missing org_code'"],
            ["is_snapshot_date_blank", "'missing snapshot_date'"],
            ["snapshot_date is null", "'unparseable snapshot_date: ' || snapshot_date_text"],
            ["employee_number is null", "'missing employee_number'"],
            ["assignment_number is null", "'missing assignment_number'"],
            ["fte is null and " ~ clean_text('fte_text') ~ " is not null", "'unparseable fte: ' || fte_text"],
            ["not isfinite(fte)", "'non-finite fte: ' || fte_text"],
            ["fte < 0", "'negative fte: ' || fte_text"],
        ]) }} as row_error
    from typed_keys
),

checked as not materialized (
    select
        checked_keys.source_file,
        checked_keys.source_line_number,
        checked_keys.org_code,
        checked_keys.snapshot_date,
        checked_keys.employee_number,
        checked_keys.assignment_number,
        coalesce({{ parse_boolean('checked_keys.landed_primary_assignment') }}, false) as is_primary_assignment,
        {{ clean_text('checked_keys.landed_assignment_category') }} as assignment_category,
        {{ clean_text('checked_keys.landed_assignment_status') }} as assignment_status,
        staff_group_values.staff_group,
        job_role_values.job_role,
        {{ clean_text('checked_keys.landed_occupation_code') }} as occupation_code,
        pay_band_values.pay_band,
        {{ landed_equality_columns() }},
        pay_band_values.afc_band_row,
        pay_band_values.is_pay_band_recognised,
        staff_group_values.is_clinical,
        staff_group_values.is_medical,
        staff_group_values.is_staff_group_recognised,
        -- spec §3: medical staff are placed by job role; an unlisted medical role is M&D Other
        case
            when staff_group_values.is_medical then coalesce(job_role_values.medical_row, 'M&D Other')
        end as medical_row,
        checked_keys.fte,
        -- raw values kept only to explain a quarantine
        checked_keys.snapshot_date_text,
        checked_keys.landed_primary_assignment as primary_assignment_text,
        checked_keys.fte_text,
        checked_keys.row_error
    from checked_keys
    {{ landed_equality_joins('checked_keys') }}
    left join pay_band_values
        on checked_keys.landed_pay_band is not distinct from pay_band_values.landed_value
    left join staff_group_values
        on checked_keys.landed_staff_group is not distinct from staff_group_values.landed_value
    left join job_role_values
        on checked_keys.landed_job_role is not distinct from job_role_values.landed_value
),

final as (
    {{ with_duplicate_key_reason(
        'checked',
        ['org_code', 'snapshot_date', 'assignment_number'],
        "'duplicate key: assignment_number ' || assignment_number || ' already on snapshot ' || snapshot_date || ' of ' || org_code",
        key_relation='checked_keys'
    ) }}
)

select * from final
