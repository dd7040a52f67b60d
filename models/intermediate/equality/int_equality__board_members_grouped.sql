-- WDES metric 10's board (wdes-spec §4): the members of WRES indicator 9's board snapshot
-- (int_board_members_selected: the latest board snapshot in the year) with their disability
-- group. Grain: org x year x member. Person-level: never selected by a mart.
with selected as (
    select * from {{ ref('int_board_members_selected') }}
),

members as (
    select * from {{ ref('stg_board__members') }}
),

final as (
    select
        selected.org_code,
        selected.reporting_year,
        selected.member_id,
        selected.is_voting,
        selected.is_executive,
        members.disability_group
    from selected
    inner join members
        on
            selected.org_code = members.org_code
            and selected.snapshot_date = members.snapshot_date
            and selected.member_id = members.member_id
)

select * from final
