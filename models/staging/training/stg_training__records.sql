-- Accepted training records, typed. Person-level: never selected by a mart.
-- A view: the accepted rows of the base table as they are, not a second copy of every row
-- (issue 13: at national scale each copy is millions of rows written and read back).
{{ config(materialized='view') }}

with base as (
    select * from {{ ref('base_training__records') }}
),

final as (
    select
        org_code,
        employee_number,
        course_id,
        course_name,
        start_date,
        is_mandatory,
        source_file,
        source_line_number
    from base
    where quarantine_reason is null
)

select * from final
