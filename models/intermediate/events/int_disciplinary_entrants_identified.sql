-- Entries into the formal disciplinary process (spec §4, indicator 3): distinct staff with a
-- Disciplinary case whose investigation started in the reporting year. Ethnicity comes from the
-- case record, so a person who has left since (not in the 31 March snapshot) still counts. A
-- person with several cases in a year counts once, with the ethnicity of the earliest case.
-- Person-level: never selected by a mart.
with cases as (
    select * from {{ ref('stg_hr__cases') }}
),

disciplinary as (
    select
        org_code,
        employee_number,
        case_id,
        investigation_start_date,
        ethnic_group,
        source_file,
        source_line_number,
        {{ financial_year('investigation_start_date') }} as reporting_year
    from cases
    where
        is_disciplinary
        and investigation_start_date is not null
),

ranked as (
    select
        *,
        row_number() over (
            partition by org_code, reporting_year, employee_number
            order by investigation_start_date asc, case_id asc
        ) as case_rank,
        count(*) over (
            partition by org_code, reporting_year, employee_number
        ) as disciplinary_case_count
    from disciplinary
),

final as (
    select
        org_code,
        cast(reporting_year as integer) as reporting_year,
        employee_number,
        ethnic_group,
        investigation_start_date as first_investigation_start_date,
        disciplinary_case_count,
        -- the landing line of the case that counts (the earliest): what `wres trace` names
        source_file,
        source_line_number
    from ranked
    where case_rank = 1
)

select * from final
