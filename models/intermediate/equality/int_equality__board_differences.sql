-- The board difference of every standard (WRES indicator 9, WDES metric 10), computed once: the
-- target group's share of each board subset minus its share of the overall workforce of the same
-- year (int_equality__representation_counted, breakdown overall; the unknown group is in both
-- bases), in percentage points. has_workforce_row is false when the year has no workforce row to
-- compare with; the difference is NULL when either share is (an empty subset or workforce).
-- Grain: standard x org x year x subset.
with board as (
    select * from {{ ref('int_equality__board_counted') }}
),

standards as (
    select * from {{ ref('equality_standards') }}
),

workforce as (
    select * from {{ ref('int_equality__representation_counted') }}
    where breakdown_kind = 'overall'
),

board_target as (
    select board.*
    from board
    inner join standards
        on
            board.standard_code = standards.standard_code
            and board.group_name = standards.target_group
),

workforce_target as (
    select workforce.*
    from workforce
    inner join standards
        on
            workforce.standard_code = standards.standard_code
            and workforce.group_name = standards.target_group
),

final as (
    select
        board_target.standard_code,
        board_target.org_code,
        board_target.reporting_year,
        board_target.breakdown,
        board_target.group_name,
        board_target.members,
        board_target.members_all,
        {{ percentage('board_target.members', 'board_target.members_all') }} as board_pct,
        {{ percentage('workforce_target.headcount', 'workforce_target.headcount_all') }} as workforce_pct,
        workforce_target.org_code is not null as has_workforce_row,
        {{ percentage('board_target.members', 'board_target.members_all') }}
        - {{ percentage('workforce_target.headcount', 'workforce_target.headcount_all') }} as pct_point_diff
    from board_target
    left join workforce_target
        on
            board_target.standard_code = workforce_target.standard_code
            and board_target.org_code = workforce_target.org_code
            and board_target.reporting_year = workforce_target.reporting_year
)

select * from final
