-- The workforce of WRES spec §3 (int_workforce_people_counted: one person, one chosen assignment)
-- once per standard of seed equality_standards, with the person's group in that standard's
-- characteristic taken from the chosen assignment (wdes-spec §3 Decision). Which staging column
-- holds a characteristic's group is var equality_group_columns.
-- The group comes with the person (int_workforce_people_counted carries every configured group
-- column of the chosen assignment): no second join with the assignments (issue 13: that join was
-- 26 s of a national build).
-- Grain: standard x person x organisation x reporting year. Person-level: never selected by a mart.
-- A view: a projection of int_workforce_people_counted once per standard, which its two readers
-- (and its test) compute cheaper than a second copy of every person is written and read back
-- (issue 13: 1.5 M rows on 40 organisations).
{{ config(materialized='view') }}
{%- set group_columns = var('equality_group_columns') %}

with people as (
    select * from {{ ref('int_workforce_people_counted') }}
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
            people.{{ group_column }} as group_name
        from people
        inner join standards
            on standards.characteristic = '{{ characteristic }}'
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from final
