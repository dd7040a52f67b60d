-- The workforce of WRES spec §3 (int_workforce_people_counted: one person, one chosen assignment)
-- once per standard of seed equality_standards, with the person's group in that standard's
-- characteristic taken from the chosen assignment (wdes-spec §3 Decision). Which staging column
-- holds a characteristic's group is var equality_group_columns.
-- Grain: standard x person x organisation x reporting year. Person-level: never selected by a mart.
{%- set group_columns = var('equality_group_columns') %}

with people as (
    select * from {{ ref('int_workforce_people_counted') }}
),

assignments as (
    select * from {{ ref('stg_esr__assignments') }}
),

standards as (
    select * from {{ ref('equality_standards') }}
),

final as (
    {%- for characteristic, group_column in group_columns.items() %}
        select
            standards.standard_code,
            people.org_code,
            people.reporting_year,
            people.snapshot_date,
            people.employee_number,
            people.section,
            people.band_row,
            people.is_medical,
            assignments.{{ group_column }} as group_name
        from people
        inner join assignments
            on
                people.org_code = assignments.org_code
                and people.snapshot_date = assignments.snapshot_date
                and people.assignment_number = assignments.assignment_number
        inner join standards
            on standards.characteristic = '{{ characteristic }}'
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from final
