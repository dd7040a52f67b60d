-- Board representation of every standard of seed equality_standards (WRES indicator 9, WDES metric
-- 10): for each board subset (total, voting, non-voting, executive, non-executive) of the year's
-- board snapshot (int_board_members_selected: the latest in the year), the members of each of the
-- standard's groups and of all groups (the unknown group stays in the base). Every subset and group
-- appears for every board snapshot, an empty subset with zero members. Which staging column holds a
-- characteristic's group is var equality_group_columns.
-- Grain: standard x org x year x subset x group.
{%- set group_columns = var('equality_group_columns') %}

with selected as (
    select * from {{ ref('int_board_members_selected') }}
),

members as (
    select * from {{ ref('stg_board__members') }}
),

standards as (
    select * from {{ ref('equality_standards') }}
),

grouped as (
    {%- for characteristic, group_column in group_columns.items() %}
        select
            standards.standard_code,
            selected.org_code,
            selected.reporting_year,
            selected.is_voting,
            selected.is_executive,
            members.{{ group_column }} as group_name
        from selected
        inner join members
            on
                selected.org_code = members.org_code
                and selected.snapshot_date = members.snapshot_date
                and selected.member_id = members.member_id
        inner join standards
            on standards.characteristic = '{{ characteristic }}'
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

groups as (
    {{ equality_standard_groups('standards') }}
),

board_years as (
    select distinct
        org_code,
        reporting_year
    from selected
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
        grouped.standard_code,
        grouped.org_code,
        grouped.reporting_year,
        subsets.breakdown,
        grouped.group_name
    from grouped
    inner join subsets
        on
            subsets.breakdown = 'board_total'
            or (subsets.breakdown = 'board_voting' and grouped.is_voting)
            or (subsets.breakdown = 'board_non_voting' and not grouped.is_voting)
            or (subsets.breakdown = 'board_executive' and grouped.is_executive)
            or (subsets.breakdown = 'board_non_executive' and not grouped.is_executive)
),

counted as (
    select
        standard_code,
        org_code,
        reporting_year,
        breakdown,
        group_name,
        count(*) as members
    from member_subsets
    group by standard_code, org_code, reporting_year, breakdown, group_name
),

-- every member counts in the subset's total, whatever the group
totals as (
    select
        standard_code,
        org_code,
        reporting_year,
        breakdown,
        sum(members) as members_all
    from counted
    group by standard_code, org_code, reporting_year, breakdown
),

final as (
    select
        groups.standard_code,
        board_years.org_code,
        board_years.reporting_year,
        subsets.breakdown,
        groups.group_name,
        cast(coalesce(counted.members, 0) as bigint) as members,
        cast(coalesce(totals.members_all, 0) as bigint) as members_all
    from board_years
    cross join subsets
    cross join groups
    left join counted
        on
            groups.standard_code = counted.standard_code
            and board_years.org_code = counted.org_code
            and board_years.reporting_year = counted.reporting_year
            and subsets.breakdown = counted.breakdown
            and groups.group_name = counted.group_name
    left join totals
        on
            groups.standard_code = totals.standard_code
            and board_years.org_code = totals.org_code
            and board_years.reporting_year = totals.reporting_year
            and subsets.breakdown = totals.breakdown
)

select * from final
