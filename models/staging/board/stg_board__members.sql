-- Accepted board members, typed. Person-level (member_id): never selected by a mart.
with base as (
    select * from {{ ref('base_board__members') }}
),

final as (
    select
        org_code,
        snapshot_date,
        member_id,
        role,
        is_executive,
        is_voting,
        ethnic_origin,
        ethnic_code,
        ethnic_group,
        is_ethnic_code_recognised,
        disability,
        disability_group,
        is_disability_recognised,
        source_file,
        source_line_number
    from base
    where quarantine_reason is null
)

select * from final
