-- Indicator 1 in the shared tidy shape (see _figures__indicators_1_3_4_9__models.yml): for every
-- band row, section total and the overall workforce, the headcount of White, BME, Unknown and All,
-- and pct(row, group) = headcount(row, group) / headcount(row, all groups) x 100 with its Wilson
-- interval. Unknown stays in the denominator (spec §2), so White% + BME% + Unknown% = 100.
with headcounts as (
    select * from {{ ref('int_workforce_headcounts_aggregated') }}
),

groups as (
    select
        'White' as ethnic_group,
        1 as group_order
    union all
    select
        'BME' as ethnic_group,
        2 as group_order
    union all
    select
        'Unknown' as ethnic_group,
        3 as group_order
    union all
    select
        'All' as ethnic_group,
        4 as group_order
),

per_group as (
    select
        headcounts.org_code,
        headcounts.reporting_year,
        headcounts.breakdown,
        groups.ethnic_group,
        case groups.ethnic_group
            when 'White' then headcounts.white_headcount
            when 'BME' then headcounts.bme_headcount
            when 'Unknown' then headcounts.unknown_headcount
            else headcounts.total_headcount
        end as group_headcount,
        headcounts.total_headcount
    from headcounts
    cross join groups
),

representation_rows as (
    {{ representation_figure_rows('per_group', 'group_headcount', 'total_headcount') }}
),

figures as (
    select * from representation_rows
),

final as (
    select
        {{ tidy_figure_columns(indicator=1, is_non_adverse='null', is_significant='null') }}
    from figures
)

select * from final
