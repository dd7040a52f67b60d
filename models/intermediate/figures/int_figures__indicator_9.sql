-- Indicator 9 in the shared tidy shape: for each board subset (total, voting, non-voting,
-- executive, non-executive) on the year's board snapshot, the headcount and share of White, BME
-- and Unknown members (Unknown stays in the base, spec §4), and pct_point_diff = BME% of the
-- subset - BME% of the overall workforce (indicator 1, breakdown overall). Every subset appears
-- for every board snapshot, an empty one with zero members and NULL shares (denominator_zero).
-- The counts and the difference are the equality engine's rows of standard WRES (target group BME).
with board as (
    select * from {{ ref('int_equality__board_counted') }}
    where standard_code = 'WRES'
),

differences as (
    select * from {{ ref('int_equality__board_differences') }}
    where standard_code = 'WRES'
),

per_group as (
    select
        org_code,
        reporting_year,
        breakdown,
        group_name as ethnic_group,
        members as group_members,
        members_all as total_members
    from board
    union all
    select distinct
        org_code,
        reporting_year,
        breakdown,
        'All' as ethnic_group,
        members_all as group_members,
        members_all as total_members
    from board
),

representation_rows as (
    {{ representation_figure_rows('per_group', 'group_members', 'total_members') }}
),

-- no workforce snapshot (or an empty one) leaves nothing to compare the board with
difference_rows as (
    select
        org_code,
        reporting_year,
        'pct_point_diff' as measure,
        breakdown,
        group_name as ethnic_group,
        cast(null as bigint) as numerator,
        cast(null as bigint) as denominator,
        pct_point_diff as value,
        cast(null as double) as ci_lower,
        cast(null as double) as ci_upper,
        case when members_all = 0 or workforce_pct is null then 'denominator_zero' end as not_calculable_reason
    from differences
),

figures as (
    select * from representation_rows
    union all
    select * from difference_rows
),

final as (
    select
        {{ tidy_figure_columns(indicator=9, is_non_adverse='null', is_significant='null') }}
    from figures
)

select * from final
