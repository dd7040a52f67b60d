-- The workforce of WRES spec §3 (int_workforce_people_counted: one person, one chosen assignment)
-- with the person's disability group from that chosen assignment (wdes-spec §3 Decision).
-- Grain: person x organisation x reporting year. Person-level: never selected by a mart.
with people as (
    select * from {{ ref('int_workforce_people_counted') }}
),

assignments as (
    select * from {{ ref('stg_esr__assignments') }}
),

final as (
    select
        people.org_code,
        people.reporting_year,
        people.snapshot_date,
        people.employee_number,
        people.section,
        people.band_row,
        people.is_medical,
        people.ethnic_group,
        assignments.disability_group
    from people
    inner join assignments
        on
            people.org_code = assignments.org_code
            and people.snapshot_date = assignments.snapshot_date
            and people.assignment_number = assignments.assignment_number
)

select * from final
