-- Indicator 9 in the shared tidy shape: for each board subset (total, voting, non-voting,
-- executive, non-executive) on the year's board snapshot, the headcount and share of White, BME
-- and Unknown members (Unknown stays in the base, spec §4), and pct_point_diff = BME% of the
-- subset - BME% of the overall workforce (indicator 1, breakdown overall). Every subset appears
-- for every board snapshot, an empty one with zero members and NULL shares (denominator_zero).
with members as (
    select * from {{ ref('int_board_members_selected') }}
),

workforce_bme as (
    select
        org_code,
        reporting_year,
        value as workforce_bme_pct
    from {{ ref('int_figures__indicator_1') }}
    where
        measure = 'pct'
        and breakdown = 'overall'
        and ethnic_group = 'BME'
),

board_years as (
    select distinct
        org_code,
        reporting_year
    from members
),

subsets as (
    select 'board_total' as breakdown
    union all
    select 'board_voting' as breakdown
    union all
    select 'board_non_voting' as breakdown
    union all
    select 'board_executive' as breakdown
    union all
    select 'board_non_executive' as breakdown
),

member_subsets as (
    select
        members.org_code,
        members.reporting_year,
        subsets.breakdown,
        members.ethnic_group
    from members
    inner join subsets
        on
            subsets.breakdown = 'board_total'
            or (subsets.breakdown = 'board_voting' and members.is_voting)
            or (subsets.breakdown = 'board_non_voting' and not members.is_voting)
            or (subsets.breakdown = 'board_executive' and members.is_executive)
            or (subsets.breakdown = 'board_non_executive' and not members.is_executive)
),

subset_counts as (
    select
        org_code,
        reporting_year,
        breakdown,
        sum(case when ethnic_group = 'White' then 1 else 0 end) as white_members,
        sum(case when ethnic_group = 'BME' then 1 else 0 end) as bme_members,
        sum(case when ethnic_group = 'Unknown' then 1 else 0 end) as unknown_members,
        count(*) as total_members
    from member_subsets
    group by org_code, reporting_year, breakdown
),

counts as (
    select
        board_years.org_code,
        board_years.reporting_year,
        subsets.breakdown,
        coalesce(subset_counts.white_members, 0) as white_members,
        coalesce(subset_counts.bme_members, 0) as bme_members,
        coalesce(subset_counts.unknown_members, 0) as unknown_members,
        coalesce(subset_counts.total_members, 0) as total_members
    from board_years
    cross join subsets
    left join subset_counts
        on
            board_years.org_code = subset_counts.org_code
            and board_years.reporting_year = subset_counts.reporting_year
            and subsets.breakdown = subset_counts.breakdown
),

groups as (
    select 'White' as ethnic_group
    union all
    select 'BME' as ethnic_group
    union all
    select 'Unknown' as ethnic_group
    union all
    select 'All' as ethnic_group
),

per_group as (
    select
        counts.org_code,
        counts.reporting_year,
        counts.breakdown,
        groups.ethnic_group,
        case groups.ethnic_group
            when 'White' then counts.white_members
            when 'BME' then counts.bme_members
            when 'Unknown' then counts.unknown_members
            else counts.total_members
        end as group_members,
        counts.total_members
    from counts
    cross join groups
),

representation_rows as (
    {{ representation_figure_rows('per_group', 'group_members', 'total_members') }}
),

-- no workforce snapshot (or an empty one) leaves nothing to compare the board with
difference_rows as (
    select
        counts.org_code,
        counts.reporting_year,
        'pct_point_diff' as measure,
        counts.breakdown,
        'BME' as ethnic_group,
        cast(null as bigint) as numerator,
        cast(null as bigint) as denominator,
        {{ percentage('counts.bme_members', 'counts.total_members') }} - workforce_bme.workforce_bme_pct as value,
        cast(null as double) as ci_lower,
        cast(null as double) as ci_upper,
        case
            when counts.total_members = 0 or workforce_bme.workforce_bme_pct is null then 'denominator_zero'
        end as not_calculable_reason
    from counts
    left join workforce_bme
        on
            counts.org_code = workforce_bme.org_code
            and counts.reporting_year = workforce_bme.reporting_year
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
