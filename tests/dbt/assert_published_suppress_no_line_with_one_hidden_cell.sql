-- Complementary suppression, checked independently of the engine that does it (spec §6.2): in
-- every line of a published table with a total, a single withheld count could be recovered by
-- subtraction, so no line may have exactly one. The lines: indicator 1 rows (White + BME +
-- Unknown = All), band rows adding up to their section total, the two section totals adding up
-- to the overall workforce; indicator 9 subset rows, voting + non-voting = total and executive +
-- non-executive = total. Across tables, a count shown in one place must not be withheld in
-- another (indicators 3 and 4 divide by indicator 1's overall headcount).
with figures as (
    select * from {{ ref('published_wres_indicators') }}
),

headcounts as (
    select
        org_code,
        reporting_year,
        indicator,
        breakdown,
        ethnic_group,
        numerator is null as is_hidden
    from figures
    where measure = 'headcount'
),

lines as (
    -- each row of indicators 1 and 9: the groups and their total
    select
        org_code,
        reporting_year,
        indicator || ' row ' || breakdown as line_name,
        is_hidden
    from headcounts
    union all
    -- indicator 1: the band rows of a section and the section total, per group
    select
        org_code,
        reporting_year,
        '1 column ' || split_part(breakdown, ' | ', 1) || ' ' || ethnic_group as line_name,
        is_hidden
    from headcounts
    where indicator = 1 and breakdown != 'overall'
    union all
    -- indicator 1: the two section totals and the overall workforce, per group
    select
        org_code,
        reporting_year,
        '1 sections ' || ethnic_group as line_name,
        is_hidden
    from headcounts
    where indicator = 1 and breakdown in ('non_clinical | Total', 'clinical | Total', 'overall')
    union all
    -- indicator 9: the board subsets that add up to the whole board, per group
    select
        org_code,
        reporting_year,
        '9 voting ' || ethnic_group as line_name,
        is_hidden
    from headcounts
    where indicator = 9 and breakdown in ('board_total', 'board_voting', 'board_non_voting')
    union all
    select
        org_code,
        reporting_year,
        '9 executive ' || ethnic_group as line_name,
        is_hidden
    from headcounts
    where indicator = 9 and breakdown in ('board_total', 'board_executive', 'board_non_executive')
),

lines_with_one_hidden_cell as (
    select
        org_code,
        reporting_year,
        line_name,
        'a line with exactly one withheld count' as problem
    from lines
    group by org_code, reporting_year, line_name
    having sum(case when is_hidden then 1 else 0 end) = 1
),

workforce as (
    select
        org_code,
        reporting_year,
        ethnic_group,
        is_hidden
    from headcounts
    where indicator = 1 and breakdown = 'overall'
),

denominators as (
    select
        org_code,
        reporting_year,
        indicator,
        ethnic_group,
        denominator is null as is_hidden
    from figures
    where measure = 'rate_pct' and (indicator = 4 or (indicator = 3 and breakdown = 'single_year'))
),

one_count_two_ways as (
    select
        denominators.org_code,
        denominators.reporting_year,
        'indicator ' || denominators.indicator || ' denominator ' || denominators.ethnic_group as line_name,
        'the overall workforce count shown in one table and withheld in another' as problem
    from denominators
    inner join workforce
        on
            denominators.org_code = workforce.org_code
            and denominators.reporting_year = workforce.reporting_year
            and denominators.ethnic_group = workforce.ethnic_group
    where denominators.is_hidden != workforce.is_hidden
),

final as (
    select * from lines_with_one_hidden_cell
    union all
    select * from one_count_two_ways
)

select * from final
