-- Spec §2: Unknown is part of indicator 1's denominators, so in every row with staff
-- White% + BME% + Unknown% = 100 and the three headcounts add up to All. Returns the rows that
-- break either rule.
with figures as (
    select * from {{ ref('int_figures__indicator_1') }}
),

per_row as (
    select
        org_code,
        reporting_year,
        breakdown,
        sum(case when measure = 'pct' then value end) as pct_sum,
        sum(case when measure = 'headcount' and ethnic_group != 'All' then numerator end) as group_headcount_sum,
        max(case when measure = 'headcount' and ethnic_group = 'All' then numerator end) as all_headcount
    from figures
    group by org_code, reporting_year, breakdown
)

select *
from per_row
where
    group_headcount_sum != all_headcount
    or (all_headcount > 0 and abs(pct_sum - 100) > 1e-9)
