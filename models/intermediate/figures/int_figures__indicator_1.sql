-- Indicator 1 in the shared tidy shape (see _figures__indicators_1_3_4_9__models.yml): for every
-- band row, section total and the overall workforce, the headcount of White, BME, Unknown and All,
-- and pct(row, group) = headcount(row, group) / headcount(row, all groups) x 100 with its Wilson
-- interval. Unknown stays in the denominator (spec §2), so White% + BME% + Unknown% = 100. The
-- counts are the equality engine's representation rows of standard WRES (seed equality_standards:
-- characteristic ethnicity, groups White, BME, Unknown); clusters are not a WRES breakdown.
with representation as (
    select * from {{ ref('int_equality__representation_counted') }}
    where standard_code = 'WRES' and breakdown_kind != 'cluster'
),

labelled as (
    select
        org_code,
        reporting_year,
        {{ wres_breakdown_label('section', 'breakdown_kind', 'breakdown') }} as breakdown,
        group_name,
        headcount,
        headcount_all
    from representation
),

per_group as (
    select
        org_code,
        reporting_year,
        breakdown,
        group_name as ethnic_group,
        headcount as group_headcount,
        headcount_all as total_headcount
    from labelled
    union all
    select distinct
        org_code,
        reporting_year,
        breakdown,
        'All' as ethnic_group,
        headcount_all as group_headcount,
        headcount_all as total_headcount
    from labelled
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
