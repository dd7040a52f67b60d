-- The workforce of spec §3: people (not assignments) in post on the selected snapshot of each
-- reporting year. Only included assignment categories and active statuses count (vars
-- wres_included_assignment_categories, wres_included_assignment_status_prefix): bank-only,
-- honorary, locum, agency and non-executive rows drop out, so a bank-only worker is not staff.
-- Spec §3 Decision: a person with several included assignments is counted once, described by
-- one assignment chosen by var wres_person_assignment_order (primary flag, then highest FTE,
-- then lowest assignment number). Person-level: never selected by a mart.
{%- set categories = var('wres_included_assignment_categories') %}
{%- set assignment_order = var(
    'wres_person_assignment_order',
    ['is_primary_assignment desc', 'fte desc nulls last', 'assignment_number asc']
) %}

with assignments as (
    select * from {{ ref('stg_esr__assignments') }}
),

snapshots as (
    select * from {{ ref('int_workforce_snapshots_selected') }}
),

included as (
    select
        snapshots.reporting_year,
        assignments.*
    from assignments
    inner join snapshots
        on
            assignments.org_code = snapshots.org_code
            and assignments.snapshot_date = snapshots.snapshot_date
    where
        lower(trim(assignments.assignment_category)) in (
            {%- for category in categories %}
                '{{ category | lower }}'{{ ',' if not loop.last }}
            {%- endfor %}
        )
        and lower(trim(assignments.assignment_status))
        like '{{ var("wres_included_assignment_status_prefix") | lower }}%'
),

-- people with more than one included assignment (by the hash of the person's key): only their
-- assignments go through the window that ranks them. A window buffers and sorts every row with
-- its columns, and nearly everyone has one included assignment (issue 13). A hash collision only
-- sends a person with one assignment through the window, where they rank first of one.
people_with_several_assignments as (
    select hash(org_code, reporting_year, employee_number) as person_hash
    from included
    group by hash(org_code, reporting_year, employee_number)
    having count(*) > 1
),

ranked as (
    select
        *,
        cast(1 as bigint) as assignment_rank,
        cast(1 as bigint) as included_assignment_count
    from included
    where
        hash(org_code, reporting_year, employee_number)
        not in (select people_with_several_assignments.person_hash from people_with_several_assignments)
    union all
    select
        *,
        row_number() over (
            partition by org_code, reporting_year, employee_number
            order by {{ assignment_order | join(', ') }}
        ) as assignment_rank,
        count(*) over (
            partition by org_code, reporting_year, employee_number
        ) as included_assignment_count
    from included
    where
        hash(org_code, reporting_year, employee_number)
        in (select people_with_several_assignments.person_hash from people_with_several_assignments)
),

final as (
    select
        org_code,
        reporting_year,
        snapshot_date,
        employee_number,
        assignment_number,
        included_assignment_count,
        ethnic_group,
        -- every characteristic's group (var equality_group_columns), so that
        -- int_equality__people_grouped reads it here instead of joining the assignments again
        {%- for group_column in var('equality_group_columns').values() | unique if group_column != 'ethnic_group' %}
            {{ group_column }},
        {%- endfor %}
        staff_group,
        job_role,
        is_clinical,
        is_medical,
        -- spec §3: medical staff are placed by job role whatever their pay band field says
        case when is_clinical then 'clinical' else 'non_clinical' end as section,
        case when is_medical then medical_row else afc_band_row end as band_row,
        -- the landing line of the chosen assignment: what `wres trace` names for this person
        source_file,
        source_line_number
    from ranked
    where assignment_rank = 1
)

select * from final
