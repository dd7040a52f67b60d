-- Accepted recruitment applications, typed. Person-level: never selected by a mart.
-- A view: the accepted rows of the base table as they are, not a second copy of every row
-- (issue 13: at national scale each copy is millions of rows written and read back).
{{ config(materialized='view') }}

with base as (
    select * from {{ ref('base_recruitment__applications') }}
),

final as (
    select
        org_code,
        vacancy_id,
        application_id,
        applicant_id,
        ethnic_origin,
        ethnic_code,
        ethnic_group,
        is_ethnic_code_recognised,
        disability,
        disability_group,
        is_disability_recognised,
        is_guaranteed_interview,
        shortlisted_date,
        outcome,
        is_appointed,
        source_file,
        source_line_number
    from base
    where quarantine_reason is null
)

select * from final
