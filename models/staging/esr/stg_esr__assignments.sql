-- Accepted ESR staff-in-post rows, typed and with codes normalised; quarantined rows are in
-- audit.landing_quarantine. Person-level: never selected by a mart.
-- A view: the accepted rows of the base table as they are, not a second copy of every row
-- (issue 13: at national scale each copy is millions of rows written and read back).
{{ config(materialized='view') }}

with base as (
    select * from {{ ref('base_esr__assignments') }}
),

final as (
    select
        org_code,
        snapshot_date,
        employee_number,
        assignment_number,
        is_primary_assignment,
        assignment_category,
        assignment_status,
        staff_group,
        job_role,
        occupation_code,
        pay_band,
        ethnic_origin,
        ethnic_code,
        ethnic_group,
        is_ethnic_code_recognised,
        disability,
        disability_group,
        is_disability_recognised,
        afc_band_row,
        is_pay_band_recognised,
        is_clinical,
        is_medical,
        is_staff_group_recognised,
        medical_row,
        fte,
        source_file,
        source_line_number
    from base
    where quarantine_reason is null
)

select * from final
